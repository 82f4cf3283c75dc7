package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
)

// follow is the entity id stands for: itself, or the one it was merged
// into (graph.Follow); a store that cannot say leaves id as it is, and the
// read then answers for id.
func (h *handler) follow(ctx context.Context, id string) string {
	to, err := graph.Follow(ctx, h.store, id)
	if err != nil {
		return id
	}
	return to
}

// subgraphOf is the induced subgraph of ids, merged ids standing for the
// entities they were merged into.
func (h *handler) subgraphOf(ctx context.Context, ids []string, cl graph.Marking) (graph.Subgraph, error) {
	g, err := h.store.Subgraph(ctx, ids, cl)
	if err != nil || len(g.Nodes) == len(ids) {
		return g, err
	}
	found := make(map[string]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		found[n.ID] = true
	}
	out, moved := make([]string, 0, len(ids)), false
	for _, id := range ids {
		if !found[id] {
			if to := h.follow(ctx, id); to != id {
				id, moved = to, true
			}
		}
		out = append(out, id)
	}
	if !moved {
		return g, nil
	}
	return h.store.Subgraph(ctx, out, cl)
}

// mergeRequest is POST /entities/{id}/merge.
type mergeRequest struct {
	Into string `json:"into" binding:"required,ref"`
}

// mergeAnswer is the entity merged into and the merge's revision.
type mergeAnswer struct {
	Into     string         `json:"into"`
	Revision graph.Revision `json:"revision"`
}

// merge is POST /entities/{id}/merge {"into": ID}: id's relations move to
// into, its names become into's aliases, id redirects to into (editor).
func (h *handler) merge(c *gin.Context) {
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	var req mergeRequest
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	m, ok := h.store.(graph.Merger)
	if !ok {
		writeProblem(c, newProblem(http.StatusNotImplemented, "this store does not merge entities", nil))
		return
	}
	ctx, cl := c.Request.Context(), access(c).Clearance
	into, err := h.resolve(ctx, "into", req.Into, cl)
	if err != nil {
		h.fail(c, err)
		return
	}
	if into == id {
		h.fail(c, badRequest("an entity cannot be merged into itself", FieldError{Field: "into", Message: "names the merged entity itself"}))
		return
	}
	r, err := m.Merge(ctx, id, into, cl)
	if err != nil {
		h.fail(c, fmt.Errorf("merge %s: %w", id, err))
		return
	}
	c.JSON(http.StatusOK, mergeAnswer{Into: into, Revision: r})
}

// The merge's operation and schemas (DESIGN.md "Merge").
func init() {
	operations = append(operations,
		operation{method: "POST", path: "/api/v1/entities/{id}/merge", summary: "Merge an entity into another (editor): its relations move, its names become aliases, its id redirects", api: true, write: true,
			params: []obj{idParam}, body: "MergeRequest", ok: 200, okSchema: "MergeAnswer",
			notes: "Reads, paths, oversight and exports given the merged id answer for the entity it was merged into. Revert with POST /history/{rev}/revert."})
}

func withMergeSchemas(s obj) obj {
	s["MergeRequest"] = closed(obj{"into": ref("Ref")}, "into")
	s["MergeAnswer"] = object(obj{"into": ref("Id"), "revision": ref("Revision")})
	return s
}
