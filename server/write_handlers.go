package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
	"linkchart/graph/imports"
)

// createEntity is POST /entities: 201 with the node, its ETag and a
// Location.
func (h *handler) createEntity(c *gin.Context) {
	var req entityRequest
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	ctx, cl := c.Request.Context(), access(c).Clearance
	n := req.node()
	if err := checkMarking(cl, "marking", n.Marking); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.store.Create(ctx, graph.Batch{Nodes: []graph.Node{n}}, cl); err != nil {
		h.fail(c, fmt.Errorf("create entity %s: %w", n.ID, err))
		return
	}
	h.respondEntity(c, http.StatusCreated, n.ID)
}

// patchEntity is PATCH /entities/{id}: the given fields replace the stored,
// in one store transaction (no concurrent edit is lost); with If-Match,
// only while the entity still has that ETag (412 otherwise).
func (h *handler) patchEntity(c *gin.Context) {
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	var req entityPatch
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	ctx, cl, match := c.Request.Context(), access(c).Clearance, ifMatch(c)
	_, err = h.store.UpdateNode(ctx, id, cl, func(n graph.Node) (graph.Node, error) {
		if err := match(nodeETag(n)); err != nil {
			return n, err
		}
		n = req.apply(n)
		return n, checkMarking(cl, "marking", n.Marking)
	})
	if err != nil {
		h.fail(c, fmt.Errorf("update entity %s: %w", id, err))
		return
	}
	h.respondEntity(c, http.StatusOK, id)
}

// respondEntity answers with entity id as the caller sees it now, and its
// ETag.
func (h *handler) respondEntity(c *gin.Context, status int, id string) {
	g, err := h.store.Entity(c.Request.Context(), id, access(c).Clearance)
	if err != nil {
		h.fail(c, fmt.Errorf("read back entity %s: %w", id, err))
		return
	}
	setNodeETag(c, g, id)
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/entities/"+id)
	}
	respond(c, status, g)
}

// deleteEntity is DELETE /entities/{id}: the node and its edges. The store
// refuses (403) when the caller cannot see every one of those edges.
func (h *handler) deleteEntity(c *gin.Context) {
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	if err := h.store.DeleteNode(c.Request.Context(), id, access(c).Clearance); err != nil {
		h.fail(c, fmt.Errorf("delete entity %s: %w", id, err))
		return
	}
	c.Status(http.StatusNoContent)
}

// createRelation is POST /relations: 201 with the edge's subgraph and
// ETag. The new sources it carries are created with it in one batch; an
// unsourced one cites the reserved source (created with the first).
func (h *handler) createRelation(c *gin.Context) {
	var req relationRequest
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	ctx, cl := c.Request.Context(), access(c).Clearance
	srcs := newSources(req.NewSources)
	if err := h.checkNewSources(ctx, srcs, req.Sources); err != nil {
		h.fail(c, err)
		return
	}
	e := req.edge()
	if req.Unsourced {
		var err error
		if srcs, err = h.unsourcedSources(ctx); err != nil {
			h.fail(c, err)
			return
		}
		e.Sources = []string{graph.UnsourcedID}
	}
	e, err := h.checkEdge(ctx, e, cl, sourceIDs(srcs)...)
	if err != nil {
		h.fail(c, err)
		return
	}
	if e, err = h.createEdge(ctx, srcs, e, req.ID == "", cl); err != nil {
		h.fail(c, err)
		return
	}
	h.respondRelation(c, http.StatusCreated, e.ID)
}

// unsourcedSource is the reserved source an unsourced relation cites (the
// import's allow_unsourced cites it too).
var unsourcedSource = graph.Source{ID: graph.UnsourcedID, Title: "No source given (marked unsourced by its editor)", Reliability: graph.ReliabilityUnknown}

// unsourcedSources are the sources to create with an unsourced relation:
// the reserved one, unless it exists.
func (h *handler) unsourcedSources(ctx context.Context) ([]graph.Source, error) {
	switch _, err := h.store.Source(ctx, graph.UnsourcedID); {
	case err == nil:
		return nil, nil
	case errors.Is(err, graph.ErrNotFound):
		return []graph.Source{unsourcedSource}, nil
	default:
		return nil, fmt.Errorf("source %s: %w", graph.UnsourcedID, err)
	}
}

// hasSource reports whether source id exists (false when that cannot be
// told).
func (h *handler) hasSource(ctx context.Context, id string) bool {
	_, err := h.store.Source(ctx, id)
	return err == nil
}

func sourceIDs(srcs []graph.Source) []string {
	ids := make([]string, len(srcs))
	for i, s := range srcs {
		ids[i] = s.ID
	}
	return ids
}

// checkNewSources wants each new source cited by the relation and its id
// free.
func (h *handler) checkNewSources(ctx context.Context, srcs []graph.Source, cited []string) error {
	var fields []FieldError
	for i, s := range srcs {
		field := fmt.Sprintf("new_sources[%d].id", i)
		if !slices.Contains(cited, s.ID) {
			fields = append(fields, FieldError{Field: field, Message: "cite the new source in sources"})
			continue
		}
		switch _, err := h.store.Source(ctx, s.ID); {
		case err == nil:
			fields = append(fields, FieldError{Field: field, Message: "a source with this id exists: cite it in sources instead"})
		case !errors.Is(err, graph.ErrNotFound):
			return fmt.Errorf("source %s: %w", s.ID, err)
		}
	}
	if len(fields) > 0 {
		return badRequest("the relation's new sources are not right", fields...)
	}
	return nil
}

// createEdge creates e with the new sources srcs within clearance cl, in
// one batch; when its id was made up, a taken id gets the next suffix
// (parallel edges of one type).
func (h *handler) createEdge(ctx context.Context, srcs []graph.Source, e graph.Edge, madeID bool, cl graph.Marking) (graph.Edge, error) {
	for n := 0; ; n++ {
		if madeID {
			e.ID = graph.EdgeID(e.From, e.Type, e.To, n)
		}
		err := h.store.Create(ctx, graph.Batch{Sources: srcs, Edges: []graph.Edge{e}}, cl)
		switch {
		case err == nil:
			return e, nil
		case errors.Is(err, graph.ErrAlreadyExists) && len(srcs) == 1 && srcs[0] == unsourcedSource && h.hasSource(ctx, graph.UnsourcedID):
			srcs, n = nil, n-1 // another write created the reserved source first: cite it
			continue
		case madeID && n < 50 && errors.Is(err, graph.ErrAlreadyExists):
			continue
		}
		return e, fmt.Errorf("create relation %s: %w", e.ID, err)
	}
}

// patchRelation is PATCH /relations/{id}, as patchEntity. Names given for
// the ends are resolved first; the store checks the ends, the sources and
// the clearance again in its update.
func (h *handler) patchRelation(c *gin.Context) {
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	var req relationPatch
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	ctx, cl, match := c.Request.Context(), access(c).Clearance, ifMatch(c)
	srcs := newSources(req.NewSources)
	var cited []string
	if req.Sources != nil {
		cited = *req.Sources
	}
	if err := h.checkNewSources(ctx, srcs, cited); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.checkPatch(ctx, &req, cl, sourceIDs(srcs)...); err != nil {
		h.fail(c, err)
		return
	}
	_, err = h.store.UpdateEdge(ctx, id, cl, func(e graph.Edge) (graph.Edge, error) {
		if err := match(edgeETag(e)); err != nil {
			return e, err
		}
		e = req.apply(e)
		return e, checkMarking(cl, "marking", e.Marking)
	}, srcs...)
	if err != nil {
		h.fail(c, fmt.Errorf("update relation %s: %w", id, err))
		return
	}
	h.respondRelation(c, http.StatusOK, id)
}

// checkPatch resolves the ends a relation patch names to ids and checks
// the records it refers to (but the fresh sources, created with the
// update), as checkEdge does for a new relation.
func (h *handler) checkPatch(ctx context.Context, p *relationPatch, cl graph.Marking, fresh ...string) error {
	var e graph.Edge
	if p.Sources != nil {
		e.Sources = *p.Sources
	}
	setIf(&e.From, p.From)
	setIf(&e.To, p.To)
	e, err := h.checkEdgeRefs(ctx, e, cl, fresh...)
	if err != nil {
		return err
	}
	if p.From != nil {
		p.From = &e.From
	}
	if p.To != nil {
		p.To = &e.To
	}
	return nil
}

// respondRelation answers with relation id's subgraph as the caller sees
// it now, and its ETag.
func (h *handler) respondRelation(c *gin.Context, status int, id string) {
	g, err := h.edgeSubgraph(c.Request.Context(), id, access(c).Clearance)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("ETag", edgeETag(g.Edges[0]))
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/relations/"+id)
	}
	respond(c, status, g)
}

// deleteRelation is DELETE /relations/{id}.
func (h *handler) deleteRelation(c *gin.Context) {
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	if err := h.store.DeleteEdge(c.Request.Context(), id, access(c).Clearance); err != nil {
		h.fail(c, fmt.Errorf("delete relation %s: %w", id, err))
		return
	}
	c.Status(http.StatusNoContent)
}

// importData is POST /import: a YAML or JSON dataset, or a multipart form
// with nodes.csv, edges.csv (and optionally sources.csv); with format, any
// format of graph/imports (readImport). All or nothing; dry_run answers
// the problems and duplicates and writes nothing.
func (h *handler) importData(c *gin.Context) {
	var q importQuery
	if err := bindQuery(c, &q); err != nil {
		h.fail(c, err)
		return
	}
	var b graph.Batch
	var err error
	var resolved []imports.Resolution
	if q.Format != "" {
		b, err = h.readImport(c, q, &resolved)
	} else {
		b, err = readDataset(c, q.AllowUnsourced)
	}
	if q.DryRun {
		h.dryRun(c, b, resolved, err)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	// The store checks the batch against the caller's clearance in its
	// own transaction (graph.CheckScope).
	if err := h.store.Upsert(graph.WithOp(c.Request.Context(), "import"), b, access(c).Clearance); err != nil {
		h.fail(c, fmt.Errorf("import: %w", err))
		return
	}
	c.JSON(http.StatusOK, gin.H{"imported": graph.Counts{Nodes: len(b.Nodes), Edges: len(b.Edges), Sources: len(b.Sources)}})
}

// readDataset parses the import body by its Content-Type.
func readDataset(c *gin.Context, allowUnsourced bool) (graph.Batch, error) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil {
		mt = ""
	}
	switch mt {
	case "application/json":
		data, err := readText(c.Request.Body)
		if err != nil {
			return graph.Batch{}, err
		}
		return graph.ParseDataset("import.json", data)
	case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml":
		data, err := readText(c.Request.Body)
		if err != nil {
			return graph.Batch{}, err
		}
		return graph.ParseDataset("import.yaml", data)
	case "multipart/form-data":
		return readCSV(c, allowUnsourced)
	}
	return graph.Batch{}, &requestError{status: http.StatusUnsupportedMediaType,
		detail: "send application/json, application/yaml, or multipart/form-data with nodes.csv and edges.csv",
		fields: []FieldError{{Field: "Content-Type", Message: "unsupported: " + sanitize(mt)}}}
}

// readCSV reads the CSV files of a multipart import. A part is known by its
// form name (nodes, edges, sources) or its file name (nodes.csv ...).
func readCSV(c *gin.Context, allowUnsourced bool) (graph.Batch, error) {
	form, err := c.MultipartForm()
	if err != nil {
		return graph.Batch{}, readErr(err)
	}
	defer func() { _ = form.RemoveAll() }()
	var set graph.CSVSet
	for name, files := range form.File {
		for _, fh := range files {
			role := csvRole(name, fh.Filename)
			if role == "" {
				return graph.Batch{}, badRequest("unknown file in the form", FieldError{Field: sanitize(name), Message: "want nodes.csv, edges.csv or sources.csv"})
			}
			data, err := readFormFile(fh)
			if err != nil {
				return graph.Batch{}, err
			}
			switch role {
			case "nodes":
				set.NodesName, set.Nodes = "nodes.csv", data
			case "edges":
				set.EdgesName, set.Edges = "edges.csv", data
			case "sources":
				set.SourcesName, set.Sources = "sources.csv", data
			}
		}
	}
	if set.Nodes == nil && set.Edges == nil {
		return graph.Batch{}, badRequest("no CSV files in the form", FieldError{Field: "nodes", Message: "want nodes.csv and edges.csv"})
	}
	return graph.ParseCSVSet(set, allowUnsourced)
}

func csvRole(field, filename string) string {
	for _, role := range []string{"nodes", "edges", "sources"} {
		if field == role || strings.HasPrefix(strings.ToLower(filename), role) {
			return role
		}
	}
	return ""
}

// readText reads a whole body or file that must be UTF-8 text.
func readText(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, readErr(err)
	}
	if !utf8.Valid(data) {
		return nil, badRequest("the data is not valid UTF-8", FieldError{Field: "body", Message: "not valid UTF-8"})
	}
	return data, nil
}

// readFormFile reads an uploaded file of a multipart form with readText.
func readFormFile(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, readErr(err)
	}
	defer f.Close()
	return readText(f)
}

// readErr keeps a too-large body a 413 and makes any other read error a 400.
func readErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return badRequest("the body could not be read", FieldError{Field: "body", Message: sanitize(err.Error())})
}

// checkEdge resolves the ends of e and checks that they are visible to the
// caller, that its sources exist (or are fresh, written with it) and that
// its marking is within clearance.
func (h *handler) checkEdge(ctx context.Context, e graph.Edge, cl graph.Marking, fresh ...string) (graph.Edge, error) {
	if err := checkMarking(cl, "marking", e.Marking); err != nil {
		return e, err
	}
	return h.checkEdgeRefs(ctx, e, cl, fresh...)
}

// checkEdgeRefs resolves the ends of e that are given to the ids of
// entities the caller can see and checks that its sources, but the fresh
// ones, exist.
func (h *handler) checkEdgeRefs(ctx context.Context, e graph.Edge, cl graph.Marking, fresh ...string) (graph.Edge, error) {
	var fields []FieldError
	for _, end := range []struct {
		field string
		ref   *string
	}{{"from", &e.From}, {"to", &e.To}} {
		if *end.ref == "" {
			continue
		}
		id, err := h.resolve(ctx, end.field, *end.ref, cl)
		var re *requestError
		switch {
		case err == nil:
			*end.ref = id
		case errors.As(err, &re):
			for _, f := range re.fields {
				if re.status == http.StatusNotFound {
					f.Message = "no visible entity with that id, name or alias"
				}
				fields = append(fields, f)
			}
		default:
			return e, err
		}
	}
	for i, s := range e.Sources {
		if slices.Contains(fresh, s) {
			continue
		}
		if _, err := h.store.Source(ctx, s); err != nil {
			if !errors.Is(err, graph.ErrNotFound) {
				return e, fmt.Errorf("source %s: %w", s, err)
			}
			fields = append(fields, FieldError{Field: fmt.Sprintf("sources[%d]", i), Message: "no such source; add it with /import"})
		}
	}
	if len(fields) > 0 {
		return e, badRequest("the relation refers to records that do not exist", fields...)
	}
	return e, nil
}
