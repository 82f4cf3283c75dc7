package server

import (
	"bytes"
	"context"
	"errors"
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
	g, name, err := h.view(c.Request.Context(), req.viewRequest, graph.NeighborhoodQuery{
		AsOf: graph.Date(req.AsOf), Window: req.window(), Limit: graph.MaxLimit, Clearance: access(c).Clearance})
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
	opt := export.Options{Title: req.Title, Positions: req.Positions, Generated: now,
		Author: req.Author, Summary: req.Summary, KeyJudgments: req.KeyJudgments, Product: int(req.Product),
		Paper: req.Paper, Answers: req.Answers.answers(), Revision: graph.RevisionOf(c.Request.Context(), h.store),
		AsOf: graph.Date(req.AsOf), Window: req.window(), Analysis: req.Analysis.analysis(), Notes: req.notes()}
	if err := export.Write(&buf, q.Format, g, opt); err != nil {
		if errors.Is(err, export.ErrNoFont) {
			// The server lacks a font the text needs: say which to install.
			err = &requestError{status: http.StatusServiceUnavailable, detail: err.Error()}
		}
		h.fail(c, fmt.Errorf("export %s: %w", q.Format, err))
		return
	}
	if t := safeName(req.Title); t != "" {
		name = t // the file is named as the brief is titled
	}
	filename := fmt.Sprintf("linkchart-%s-%s%s", safeName(name), now.Format("20060102-150405"), extension(q.Format))
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	c.Header("Cache-Control", "no-store")
	if g.Truncated {
		c.Header("X-Linkchart-Truncated", "true")
	}
	c.Data(http.StatusOK, export.ContentType(q.Format), buf.Bytes())
}

// view fetches the subgraph v names under q's filters and clearance: the
// neighborhood of the seed (q with its seed and depth filled in) or the
// subgraph of the ids with q's filters applied. name is the seed's id, or
// "selection".
func (h *handler) view(ctx context.Context, v viewRequest, q graph.NeighborhoodQuery) (graph.Subgraph, string, error) {
	if v.Seed == "" {
		g, err := h.subgraphOf(ctx, v.IDs, q.Clearance)
		if err != nil {
			return g, "", err
		}
		return q.Filter(g), "selection", nil
	}
	seed, err := h.resolve(ctx, "seed", v.Seed, q.Clearance)
	if err != nil {
		return graph.Subgraph{}, "", err
	}
	q.Seed, q.Depth = seed, wholeOr(v.Depth, 1)
	g, err := h.store.Neighborhood(ctx, q)
	return g, seed, err
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
