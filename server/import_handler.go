package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
	"linkchart/graph/dedupe"
	"linkchart/graph/imports"
)

// readImport reads an import in one of graph/imports' formats: the body
// whole, or the files of a multipart form (a part named "map" is the
// mapping of a CSV with any headers). References outside the files are
// looked up in the store.
func (h *handler) readImport(c *gin.Context, q importQuery, resolved *[]imports.Resolution) (graph.Batch, error) {
	ctx := c.Request.Context()
	var files []imports.File
	var mapping *imports.File
	if strings.HasPrefix(c.GetHeader("Content-Type"), "multipart/form-data") {
		form, err := c.MultipartForm()
		if err != nil {
			return graph.Batch{}, readErr(err)
		}
		defer func() { _ = form.RemoveAll() }()
		for field, fhs := range form.File {
			for _, fh := range fhs {
				data, err := readFormFile(fh)
				if err != nil {
					return graph.Batch{}, err
				}
				file := imports.File{Name: sanitize(fh.Filename), Data: data}
				if field == "map" {
					mapping = &file
					continue
				}
				files = append(files, file)
			}
		}
	} else {
		data, err := readText(c.Request.Body)
		if err != nil {
			return graph.Batch{}, err
		}
		files = []imports.File{{Name: "import." + q.Format, Data: data}}
	}
	if len(files) == 0 {
		return graph.Batch{}, badRequest("no files to import", FieldError{Field: "body", Message: "send the file as the body, or files in a multipart form"})
	}
	opt := imports.Options{Format: q.Format, Mapping: mapping, AllowUnsourced: q.AllowUnsourced,
		HasNode: func(id string) bool {
			g, err := h.store.Subgraph(ctx, []string{id}, graph.Red)
			return err == nil && len(g.Nodes) == 1
		},
		HasSource: func(id string) bool {
			_, err := h.store.Source(ctx, id)
			return err == nil
		},
		Resolve: func(name string) (string, error) {
			return graph.Resolve(ctx, h.store, name, access(c).Clearance)
		},
		Resolved: func(r imports.Resolution) { *resolved = append(*resolved, r) }}
	return imports.Read(files, opt)
}

// dryRunAnswer is POST /import?dry_run=true's answer.
type dryRunAnswer struct {
	DryRun      bool               `json:"dry_run"`
	Problems    []graph.Problem    `json:"problems"`
	WouldImport graph.Counts       `json:"would_import"`
	Duplicates  []dedupe.Candidate `json:"duplicates"`
	// Resolved are the relation ends given by name that name an entity
	// of the store.
	Resolved []imports.Resolution `json:"resolved"`
}

// dryRun answers the problems of an import, or the entities it would
// duplicate; nothing is written.
func (h *handler) dryRun(c *gin.Context, b graph.Batch, resolved []imports.Resolution, err error) {
	ans := dryRunAnswer{DryRun: true, Problems: []graph.Problem{}, Duplicates: []dedupe.Candidate{}, Resolved: []imports.Resolution{}}
	var ve *graph.ValidationError
	var ae *graph.AccessError
	var re *requestError
	switch {
	case errors.As(err, &ve):
		ans.Problems = ve.Problems
	case errors.As(err, &ae):
		ans.Problems = ae.Problems
	case errors.As(err, &re) && re.status != http.StatusRequestEntityTooLarge:
		for _, f := range re.fields {
			ans.Problems = append(ans.Problems, graph.Problem{Field: f.Field, Message: f.Message})
		}
		if len(ans.Problems) == 0 {
			ans.Problems = append(ans.Problems, graph.Problem{Message: re.detail})
		}
	case err != nil:
		h.fail(c, err)
		return
	default:
		cl := access(c).Clearance
		if err := h.scopeProblems(c.Request.Context(), b, cl); err != nil {
			h.dryRun(c, graph.Batch{}, nil, err)
			return
		}
		cs, err := dedupe.Incoming(c.Request.Context(), h.store, b, cl, dedupe.Options{Limit: graph.MaxLimit})
		if err != nil {
			h.fail(c, fmt.Errorf("import dry run: %w", err))
			return
		}
		if cs != nil {
			ans.Duplicates = cs
		}
		ans.WouldImport = graph.Counts{Nodes: len(b.Nodes), Edges: len(b.Edges), Sources: len(b.Sources)}
		if resolved != nil {
			ans.Resolved = resolved
		}
	}
	c.JSON(http.StatusOK, ans)
}

// scopeProblems is the clearance check a write makes in the store
// (graph.CheckScope), made with reads for a dry run that writes nothing.
func (h *handler) scopeProblems(ctx context.Context, b graph.Batch, cl graph.Marking) error {
	hidden := func(read func(context.Context, string, graph.Marking) (graph.Subgraph, error)) func(string) bool {
		return func(id string) bool {
			if _, err := read(ctx, id, cl); err == nil {
				return false
			}
			_, err := read(ctx, id, graph.Red)
			return err == nil
		}
	}
	return graph.CheckScope(b, cl, false, hidden(h.store.Entity), hidden(h.store.Relation))
}

// duplicatesQuery is GET /duplicates' query string.
type duplicatesQuery struct {
	Limit *int   `form:"limit" binding:"omitempty,within=limit"`
	Kind  string `form:"kind" binding:"omitempty,kind"`
}

// duplicates is GET /duplicates: candidate pairs among the visible
// entities (of a kind), best first, with score and reason.
func (h *handler) duplicates(c *gin.Context) {
	var q duplicatesQuery
	if err := bindQuery(c, &q); err != nil {
		h.fail(c, err)
		return
	}
	cl := access(c).Clearance
	cs, err := findDuplicates(c.Request.Context(), h.store, graph.Kind(q.Kind), cl, intOr(q.Limit, graph.DefaultHits))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"candidates": cs})
}

func findDuplicates(ctx context.Context, st graph.Store, kind graph.Kind, cl graph.Marking, limit int) ([]dedupe.Candidate, error) {
	cs, err := dedupe.Scan(ctx, st, kind, cl, dedupe.Options{Limit: limit})
	if cs == nil {
		cs = []dedupe.Candidate{}
	}
	return cs, err
}
