package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
	"linkchart/graph/analysis"
)

// POST /connect's max_depth when none is given, and its largest.
const (
	DefaultConnectDepth = 4
	MaxConnectDepth     = 6
)

// analysisAnswer is POST /analysis's answer: the scores, and whether the
// view was cut at the limit.
type analysisAnswer struct {
	analysis.Result
	Truncated bool `json:"truncated"`
}

// analyze is POST /analysis: centralities and communities of a view.
func (h *handler) analyze(c *gin.Context) {
	var req analysisRequest
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	g, _, err := h.view(c.Request.Context(), req.viewRequest, req.query(access(c).Clearance))
	if err != nil {
		h.fail(c, fmt.Errorf("analysis: %w", err))
		return
	}
	opt := analysis.Options{Measures: analysis.Measures, Communities: req.Communities}
	if len(req.Measures) > 0 {
		opt.Measures = make([]analysis.Measure, len(req.Measures))
		for i, m := range req.Measures {
			opt.Measures[i] = analysis.Measure(m) // checked by the oneof rule
		}
	}
	c.JSON(http.StatusOK, analysisAnswer{Result: analysis.Analyze(g, opt), Truncated: g.Truncated})
}

// connectAnswer is POST /connect's answer: the subgraph joining the ids,
// whether it joins all of them, and the entities linked to every one.
type connectAnswer struct {
	graph.Subgraph
	Joined          bool     `json:"joined"`
	CommonNeighbors []string `json:"common_neighbors"`
}

// connect is POST /connect: the smallest subgraph found that joins the
// ids over paths of at most max_depth hops, and their common neighbours.
// It walks the neighborhood of each id to half max_depth (rounded up), under
// the filters: two ids max_depth apart meet there.
func (h *handler) connect(c *gin.Context) {
	var req connectRequest
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	maxDepth := wholeOr(req.MaxDepth, DefaultConnectDepth)
	q := req.query(access(c).Clearance)
	q.Depth = min((maxDepth+1)/2, graph.MaxDepth)
	var parts []graph.Subgraph
	for i, id := range req.IDs {
		q.Seed = id
		g, err := h.store.Neighborhood(ctx, q)
		if errors.Is(err, graph.ErrNotFound) {
			field := fmt.Sprintf("ids[%d]", i)
			err = &requestError{status: http.StatusNotFound, detail: field + ": no entity with that id",
				fields: []FieldError{{Field: field, Message: "no entity with that id"}}}
		}
		if err != nil {
			h.fail(c, fmt.Errorf("connect %s: %w", id, err))
			return
		}
		parts = append(parts, g)
	}
	all := union(parts)
	tree, joined := analysis.Connect(all, req.IDs, maxDepth)
	tree.Truncated = all.Truncated
	c.JSON(http.StatusOK, connectAnswer{Subgraph: tree, Joined: joined, CommonNeighbors: analysis.CommonNeighbors(all, req.IDs)})
}

// union merges subgraphs, each record once; truncated when any part is.
func union(parts []graph.Subgraph) graph.Subgraph {
	var out graph.Subgraph
	seen := make(map[string]bool)
	for _, p := range parts {
		out.Truncated = out.Truncated || p.Truncated
		for _, n := range p.Nodes {
			if !seen["n "+n.ID] {
				seen["n "+n.ID] = true
				out.Nodes = append(out.Nodes, n)
			}
		}
		for _, e := range p.Edges {
			if !seen["e "+e.ID] {
				seen["e "+e.ID] = true
				out.Edges = append(out.Edges, e)
			}
		}
		for _, s := range p.Sources {
			if !seen["s "+s.ID] {
				seen["s "+s.ID] = true
				out.Sources = append(out.Sources, s)
			}
		}
	}
	return out
}
