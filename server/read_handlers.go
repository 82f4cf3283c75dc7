package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
)

// search is GET /entities?q=&kind=&limit=.
func (h *handler) search(c *gin.Context) {
	var req searchRequest
	if err := bindQuery(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	hits, err := h.store.Search(c.Request.Context(), req.query(access(c).Clearance))
	if err != nil {
		h.fail(c, fmt.Errorf("search: %w", err))
		return
	}
	if hits == nil {
		hits = []graph.Hit{}
	}
	for i := range hits {
		hits[i].Node.Normalize()
	}
	writeJSON(c, http.StatusOK, appendHits, hits)
}

// entity is GET /entities/{id}: the node, its edges and their sources.
func (h *handler) entity(c *gin.Context) {
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	id = h.follow(c.Request.Context(), id)
	g, err := h.store.Entity(c.Request.Context(), id, access(c).Clearance)
	if err != nil {
		h.fail(c, fmt.Errorf("entity %s: %w", id, err))
		return
	}
	setNodeETag(c, g, id)
	respond(c, http.StatusOK, g)
}

// neighborhood is GET /entities/{id}/neighborhood.
func (h *handler) neighborhood(c *gin.Context) {
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	var req neighborhoodRequest
	if err := bindQuery(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	id = h.follow(c.Request.Context(), id)
	g, err := h.store.Neighborhood(c.Request.Context(), req.query(id, access(c).Clearance))
	if err != nil {
		h.fail(c, fmt.Errorf("neighborhood %s: %w", id, err))
		return
	}
	respond(c, http.StatusOK, g)
}

// relation is GET /relations/{id}: the edge, its two ends and its sources.
func (h *handler) relation(c *gin.Context) {
	id, err := bindID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.respondRelation(c, http.StatusOK, id)
}

// paths is GET /paths?from=&to=&max_depth=&k=&types=.
func (h *handler) paths(c *gin.Context) {
	var req pathsRequest
	if err := bindQuery(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	ctx, cl := c.Request.Context(), access(c).Clearance
	// exclude takes ids (an unknown id excludes nothing) and names or
	// aliases, resolved as from and to are.
	exclude := flatten(req.Exclude)
	for i, ref := range exclude {
		field := fmt.Sprintf("exclude[%d]", i)
		switch {
		case graph.ValidID(ref):
		case validRef(ref):
			id, err := h.resolve(ctx, field, ref, cl)
			if err != nil {
				h.fail(c, err)
				return
			}
			exclude[i] = id
		default:
			h.fail(c, badRequest("bad query", FieldError{Field: field, Message: "not an id, name or alias: " + sanitize(ref)}))
			return
		}
	}
	from, err := h.resolve(ctx, "from", req.From, cl)
	if err != nil {
		h.fail(c, err)
		return
	}
	to, err := h.resolve(ctx, "to", req.To, cl)
	if err != nil {
		h.fail(c, err)
		return
	}
	q := graph.PathQuery{From: from, To: to, MaxDepth: intOr(req.MaxDepth, graph.DefaultPathDepth), K: intOr(req.K, 1), Types: flatten(req.Types), Window: req.window(), Clearance: cl,
		Direction: req.Direction, Exclude: exclude, MaxDegree: intOr(req.MaxDegree, 0), Consistent: req.Consistent}
	ans, err := h.store.Paths(ctx, q)
	if err != nil {
		h.fail(c, fmt.Errorf("paths %s..%s: %w", from, to, err))
		return
	}
	if ans.Paths == nil {
		ans.Paths = []graph.Path{}
	}
	if req.Rank == "grade" {
		ans.RankByGrade()
	}
	ans.Subgraph.Sort()
	c.JSON(http.StatusOK, ans)
}

// oversight is GET /oversight?who= or ?what=.
func (h *handler) oversight(c *gin.Context) {
	var req oversightRequest
	if err := bindQuery(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	ctx, cl := c.Request.Context(), access(c).Clearance
	q := graph.OversightQuery{AsOf: graph.Date(req.AsOf), Window: req.window(), Clearance: cl}
	var err error
	if req.Who != "" {
		q.Who, err = h.resolve(ctx, "who", req.Who, cl)
	} else {
		q.What, err = h.resolve(ctx, "what", req.What, cl)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	ans, err := h.store.Oversight(ctx, q)
	if err != nil {
		h.fail(c, fmt.Errorf("oversight: %w", err))
		return
	}
	if ans.Answers == nil {
		ans.Answers = []graph.Oversight{}
	}
	if req.Direct {
		ans = ans.DirectOnly()
	}
	edges := make(map[string]graph.Edge, len(ans.Edges))
	for _, e := range ans.Edges {
		edges[e.ID] = e
	}
	for i := range ans.Answers {
		w := graph.SpanOf(ans.Answers[i].Path.Edges, edges)
		ans.Answers[i].Window = &w
	}
	ans.Subgraph.Sort()
	c.JSON(http.StatusOK, ans)
}

// subgraph is POST /subgraph {"ids": [...]}: the induced subgraph.
func (h *handler) subgraph(c *gin.Context) {
	var req subgraphRequest
	if err := bindJSON(c, &req); err != nil {
		h.fail(c, err)
		return
	}
	g, err := h.subgraphOf(c.Request.Context(), req.IDs, access(c).Clearance)
	if err != nil {
		h.fail(c, fmt.Errorf("subgraph: %w", err))
		return
	}
	respond(c, http.StatusOK, g)
}

// schema is GET /schema: counts of what the caller can see.
func (h *handler) schema(c *gin.Context) {
	s, err := h.store.Schema(c.Request.Context(), access(c).Clearance)
	if err != nil {
		h.fail(c, fmt.Errorf("schema: %w", err))
		return
	}
	if s.Kinds == nil {
		s.Kinds = map[string]int{}
	}
	if s.Types == nil {
		s.Types = map[string]int{}
	}
	c.JSON(http.StatusOK, schemaAnswer{Schema: s, Limits: queryLimits, Rules: dataRules, Revision: graph.RevisionOf(c.Request.Context(), h.store)})
}

// schemaAnswer is GET /schema: the counts, and the limits and rules of
// package graph that the page uses (so it hard-codes none of them).
type schemaAnswer struct {
	graph.Schema
	Limits limits `json:"limits"`
	Rules  rules  `json:"rules"`
	// Revision is the store's latest revision, which the page's own exports
	// (PNG, SVG) print in their header as the server's exports do.
	Revision int64 `json:"revision"`
}

type limits struct {
	MaxDepth         int `json:"max_depth"`
	MaxPathDepth     int `json:"max_path_depth"`
	DefaultPathDepth int `json:"default_path_depth"`
	MaxK             int `json:"max_k"`
	MaxLimit         int `json:"max_limit"`
	DefaultLimit     int `json:"default_limit"`
	DefaultHits      int `json:"default_hits"`
}

var queryLimits = limits{
	MaxDepth: graph.MaxDepth, MaxPathDepth: graph.MaxPathDepth, DefaultPathDepth: graph.DefaultPathDepth,
	MaxK: graph.MaxK, MaxLimit: graph.MaxLimit, DefaultLimit: graph.DefaultLimit, DefaultHits: graph.DefaultHits,
}

type rules struct {
	DefaultCredibility int               `json:"default_credibility"`
	DefaultReliability graph.Reliability `json:"default_reliability"`
	UpwardTypes        []string          `json:"upward_types"`
	OversightTypes     []string          `json:"oversight_types"`
	Markings           []graph.Marking   `json:"markings"`
}

var dataRules = rules{
	DefaultCredibility: graph.CredibilityUnknown, DefaultReliability: graph.ReliabilityUnknown,
	UpwardTypes: graph.UpwardTypes, OversightTypes: graph.OversightTypes, Markings: graph.Markings,
}

// whoami is GET /whoami: the caller's name, role and clearance (a caller
// without a token is "anonymous").
func (h *handler) whoami(c *gin.Context) {
	c.JSON(http.StatusOK, whoamiAnswer(access(c)))
}

// whoamiAnswer is Access with the JSON names of GET /whoami.
type whoamiAnswer struct {
	Name      string        `json:"name"`
	Role      string        `json:"role"`
	Clearance graph.Marking `json:"clearance"`
}

// respond writes a subgraph in the one answer shape.
func respond(c *gin.Context, status int, g graph.Subgraph) {
	g.Sort()
	writeJSON(c, status, appendSubgraph, &g)
}

// resolve turns an id, name or alias given in field into a visible node's
// id: an unknown one is 404, an ambiguous one 400 listing the candidates.
func (h *handler) resolve(ctx context.Context, field, ref string, cl graph.Marking) (string, error) {
	id, err := graph.Resolve(ctx, h.store, ref, cl)
	var amb *graph.AmbiguousError
	switch {
	case err == nil:
		return id, nil
	case errors.As(err, &amb):
		fields := make([]FieldError, 0, len(amb.Candidates))
		for _, hit := range amb.Candidates {
			fields = append(fields, FieldError{Field: field, Message: fmt.Sprintf("candidate %s: %s (%s)", hit.ID, hit.Name, hit.Kind)})
		}
		return "", badRequest(fmt.Sprintf("%s: %q names %d entities; give an id", field, ref, len(amb.Candidates)), fields...)
	case errors.Is(err, graph.ErrNotFound):
		// Near matches are listed as candidates, so a typo's answer says
		// what was meant (the page links each, as for an ambiguous name).
		fields := []FieldError{{Field: field, Message: "no entity with that id, name or alias"}}
		detail := fmt.Sprintf("%s: no entity with that id, name or alias", field)
		var un *graph.UnresolvedError
		if errors.As(err, &un) && len(un.Suggestions) > 0 {
			detail += fmt.Sprintf("; did you mean %s (%s)?", un.Suggestions[0].Name, un.Suggestions[0].ID)
			for _, hit := range un.Suggestions {
				fields = append(fields, FieldError{Field: field, Message: fmt.Sprintf("candidate %s: %s (%s), a near match", hit.ID, hit.Name, hit.Kind)})
			}
		}
		return "", &requestError{status: http.StatusNotFound, detail: detail, fields: fields}
	}
	return "", fmt.Errorf("resolve %s: %w", field, err)
}

// edgeSubgraph is the subgraph of one edge: its ends, itself, its sources.
func (h *handler) edgeSubgraph(ctx context.Context, id string, cl graph.Marking) (graph.Subgraph, error) {
	g, err := h.store.Relation(ctx, id, cl)
	if err != nil {
		return g, fmt.Errorf("relation %s: %w", id, err)
	}
	if len(g.Edges) != 1 {
		return g, fmt.Errorf("relation %s: the store answered %d edges", id, len(g.Edges))
	}
	return g, nil
}
