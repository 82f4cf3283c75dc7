package server

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
	"linkchart/graph/export"
)

// export is POST /export?format=F: the subgraph of the given ids, or the
// neighborhood of a seed, as a file download. The file is written whole
// before the answer starts, so a failure is a problem, never half a file.
func (h *handler) export(c *gin.Context) {
	var q exportQuery
	if err := bindQuery(c, &q); err != nil {
		h.fail(c, err)
		return
	}
	var req exportRequest
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	ctx, cl := c.Request.Context(), access(c).Clearance
	var (
		g    graph.Subgraph
		err  error
		name = "selection"
	)
	if req.Seed != "" {
		var seed string
		if seed, err = h.resolve(ctx, "seed", req.Seed, cl); err != nil {
			h.fail(c, err)
			return
		}
		name = seed
		g, err = h.store.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: seed, Depth: intOr(req.Depth, 1), Limit: graph.MaxLimit, Clearance: cl})
	} else {
		g, err = h.store.Subgraph(ctx, req.IDs, cl)
	}
	if err != nil {
		h.fail(c, fmt.Errorf("export: %w", err))
		return
	}
	if req.Edges != nil && req.Seed == "" {
		g = keepEdges(g, req.Edges)
	}
	g.Sort()
	now := time.Now().UTC()
	var buf bytes.Buffer
	if err := export.Write(&buf, q.Format, g, export.Options{Title: req.Title, Positions: req.Positions, Generated: now}); err != nil {
		h.fail(c, fmt.Errorf("export %s: %w", q.Format, err))
		return
	}
	filename := fmt.Sprintf("linkchart-%s-%s%s", safeName(name), now.Format("20060102-150405"), extension(q.Format))
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	c.Header("Cache-Control", "no-store")
	if g.Truncated {
		c.Header("X-Linkchart-Truncated", "true")
	}
	c.Data(http.StatusOK, export.ContentType(q.Format), buf.Bytes())
}

// keepEdges keeps the edges of g named in ids, and the sources they cite.
func keepEdges(g graph.Subgraph, ids []string) graph.Subgraph {
	keep := make(map[string]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	cited := map[string]bool{}
	edges := g.Edges[:0:0]
	for _, e := range g.Edges {
		if keep[e.ID] {
			edges = append(edges, e)
			for _, s := range e.Sources {
				cited[s] = true
			}
		}
	}
	sources := g.Sources[:0:0]
	for _, s := range g.Sources {
		if cited[s.ID] {
			sources = append(sources, s)
		}
	}
	g.Edges, g.Sources = edges, sources
	return g
}

var unsafeName = regexp.MustCompile(`[^a-z0-9-]+`)

// safeName keeps a file name part to slug characters.
func safeName(s string) string {
	s = unsafeName.ReplaceAllString(strings.ToLower(s), "-")
	if len(s) > 64 {
		s = s[:64]
	}
	return strings.Trim(s, "-")
}

func extension(format string) string {
	ext := export.Extension(format)
	if ext != "" && !strings.HasPrefix(ext, ".") {
		ext = "." + ext
	}
	return ext
}

func validFormat(f string) bool {
	for _, v := range export.Formats {
		if v == f {
			return true
		}
	}
	return false
}
