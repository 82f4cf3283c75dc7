package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
)

// recordWho names the caller (its token's name) in the request's context,
// so that the store records it with each write (graph.WithWho).
func recordWho(c *gin.Context) {
	c.Request = c.Request.WithContext(graph.WithWho(c.Request.Context(), access(c).Name))
	c.Next()
}

// historyRequest is GET /history.
type historyRequest struct {
	ID    string `form:"id" binding:"omitempty,slug"`
	Limit *int   `form:"limit" binding:"omitempty,within=limit"`
}

// historyAnswer is GET /history: the revisions, newest first.
type historyAnswer struct {
	Revisions []graph.Revision `json:"revisions"`
}

// historian is the store's history, or a 501 problem.
func (h *handler) historian(c *gin.Context) (graph.Historian, bool) {
	hs, ok := h.store.(graph.Historian)
	if !ok {
		writeProblem(c, newProblem(http.StatusNotImplemented, "this store records no history", nil))
	}
	return hs, ok
}

// history is GET /history?id=&limit=: the writes of one entity, relation
// or source (or all), newest first, within the caller's clearance.
func (h *handler) history(c *gin.Context) {
	var req historyRequest
	if err := c.ShouldBindQuery(&req); err != nil {
		h.fail(c, bindError(err))
		return
	}
	hs, ok := h.historian(c)
	if !ok {
		return
	}
	revs, err := hs.History(c.Request.Context(), graph.HistoryQuery{ID: req.ID, Limit: intOr(req.Limit, 0), Clearance: access(c).Clearance})
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, historyAnswer{Revisions: revs})
}

// revert is POST /history/{rev}/revert: the before of each record of
// revision rev written back, recorded as a new revision (200 with it); 409
// when a later revision changed one of those records (revert it first).
func (h *handler) revert(c *gin.Context) {
	rev, err := strconv.ParseInt(c.Param("rev"), 10, 64)
	if err != nil || rev < 1 {
		h.fail(c, badRequest("a revision is a positive whole number", FieldError{Field: "rev", Message: "want a revision number"}))
		return
	}
	hs, ok := h.historian(c)
	if !ok {
		return
	}
	r, err := hs.Revert(c.Request.Context(), rev, access(c).Clearance)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// The history's operations and schemas (DESIGN.md "History"), in one block.
func init() {
	revParam := obj{"name": "rev", "in": "path", "required": true, "schema": obj{"type": "integer", "minimum": 1}}
	operations = append(operations,
		operation{method: "GET", path: "/api/v1/history", summary: "Recorded writes, newest first: of one entity, relation or source (id), or all", api: true, ok: 200, okSchema: "History",
			params: []obj{qp("id", "an entity, relation or source id", false, ref("Id")), rangeParam("limit", "limit", graph.DefaultHits)}},
		operation{method: "POST", path: "/api/v1/history/{rev}/revert", summary: "Write back the before of each record of a revision (editor)", api: true, write: true,
			params: []obj{revParam}, ok: 200, okSchema: "Revision",
			notes: "409 when a later revision changed one of its records (revert that first) or the revision records only part of a bulk import."})
}

func withHistorySchemas(s obj) obj {
	integer := obj{"type": "integer"}
	change := object(obj{"kind": obj{"type": "string", "enum": []string{graph.KindEntity, graph.KindRelation, graph.KindSource, graph.KindRedirect}},
		"id": ref("Id"), "marking": ref("Marking"), "before": obj{}, "after": obj{}})
	s["Revision"] = object(obj{"rev": integer, "time": obj{"type": "string", "format": "date-time"}, "who": str(), "op": str(),
		"reverts": integer, "changes": obj{"type": "array", "items": change}, "partial": obj{"type": "boolean"},
		"counts": object(obj{"nodes": integer, "edges": integer, "sources": integer})})
	s["History"] = object(obj{"revisions": arrayOf("Revision")})
	return s
}
