package server

import (
	"linkchart/graph"
	"linkchart/graph/export"
)

// Request types are the API's own: bound from the query string or the JSON
// body, validated by the tags, then turned into graph queries and records.

// idURI is a record id taken from the path.
type idURI struct {
	ID string `uri:"id" binding:"required,slug"`
}

// searchRequest is GET /entities.
type searchRequest struct {
	Q     string   `form:"q" binding:"required,ref"`
	Kind  []string `form:"kind" binding:"omitempty,kinds"`
	Limit *int     `form:"limit" binding:"omitempty,min=1,max=5000"`
}

func (r searchRequest) query(cl graph.Marking) graph.SearchQuery {
	return graph.SearchQuery{Text: r.Q, Kinds: kinds(r.Kind), Limit: intOr(r.Limit, graph.DefaultHits), Clearance: cl}
}

// neighborhoodRequest is GET /entities/{id}/neighborhood.
type neighborhoodRequest struct {
	Depth    *int     `form:"depth" binding:"omitempty,min=1,max=3"`
	Kinds    []string `form:"kinds" binding:"omitempty,kinds"`
	Types    []string `form:"types" binding:"omitempty,reltypes"`
	AsOf     string   `form:"as_of" binding:"omitempty,pdate"`
	MinGrade string   `form:"min_grade" binding:"omitempty,mingrade"`
	Limit    *int     `form:"limit" binding:"omitempty,min=1,max=5000"`
}

func (r neighborhoodRequest) query(seed string, cl graph.Marking) graph.NeighborhoodQuery {
	mg, _ := graph.ParseMinGrade(r.MinGrade) // checked by the mingrade rule
	return graph.NeighborhoodQuery{
		Seed: seed, Depth: intOr(r.Depth, 1), Kinds: kinds(r.Kinds), Types: flatten(r.Types),
		AsOf: graph.Date(r.AsOf), MinGrade: mg, Limit: intOr(r.Limit, graph.DefaultLimit), Clearance: cl,
	}
}

// pathsRequest is GET /paths.
type pathsRequest struct {
	From     string   `form:"from" binding:"required,ref"`
	To       string   `form:"to" binding:"required,ref"`
	MaxDepth *int     `form:"max_depth" binding:"omitempty,min=1,max=10"`
	K        *int     `form:"k" binding:"omitempty,min=1,max=10"`
	Types    []string `form:"types" binding:"omitempty,reltypes"`
	// Direction, Exclude, MaxDegree, Consistent: graph.PathQuery's options;
	// Rank "grade" orders the paths found best weakest grade first.
	Direction  string   `form:"direction" binding:"omitempty,oneof=any out in"`
	Exclude    []string `form:"exclude" binding:"omitempty,max=100"` // ids, repeated or comma-separated (checked in paths)
	MaxDegree  *int     `form:"max_degree" binding:"omitempty,min=1,max=1000000"`
	Consistent bool     `form:"consistent"`
	Rank       string   `form:"rank" binding:"omitempty,oneof=length grade"`
}

// oversightRequest is GET /oversight: exactly one of who and what
// (oversightLevel).
type oversightRequest struct {
	Who  string `form:"who" binding:"omitempty,ref"`
	What string `form:"what" binding:"omitempty,ref"`
	AsOf string `form:"as_of" binding:"omitempty,pdate"`
	// Direct keeps the answers through an oversight edge alone, without
	// the unit hierarchy (PART_OF hops).
	Direct bool `form:"direct"`
}

// subgraphRequest is POST /subgraph.
type subgraphRequest struct {
	IDs []string `json:"ids" binding:"required,min=1,max=5000,dive,slug"`
}

// exportRequest is POST /export: ids, or a seed and a depth (exportLevel).
type exportRequest struct {
	IDs       []string                `json:"ids" binding:"omitempty,max=5000,dive,slug"`
	Seed      string                  `json:"seed" binding:"omitempty,ref"`
	Depth     *int                    `json:"depth" binding:"omitempty,min=1,max=3"`
	Title     string                  `json:"title" binding:"omitempty,text,max=200"`
	Positions map[string]export.Point `json:"positions" binding:"omitempty,max=5000,dive,keys,slug,endkeys"`
	// Edges, when given with ids, keeps only these relations among them
	// (the ones the page shows after its filters).
	Edges []string `json:"edges" binding:"omitempty,max=20000,dive,slug"`
}

// exportQuery is POST /export's query string.
type exportQuery struct {
	Format string `form:"format" binding:"required,exportformat"`
}

// entityRequest is POST /entities: a whole node.
type entityRequest struct {
	ID      string            `json:"id" binding:"required,slug"`
	Kind    string            `json:"kind" binding:"required,kind"`
	Name    string            `json:"name" binding:"required,ref"`
	Aliases []string          `json:"aliases" binding:"omitempty,max=100,dive,ref"`
	Summary string            `json:"summary" binding:"omitempty,text"`
	Props   map[string]string `json:"props" binding:"omitempty,max=100,dive,keys,min=1,max=64,text,endkeys,text"`
	Marking string            `json:"marking" binding:"omitempty,marking"`
}

func (r entityRequest) node() graph.Node {
	n := graph.Node{ID: r.ID, Kind: graph.Kind(r.Kind), Name: r.Name, Aliases: r.Aliases, Summary: r.Summary, Props: r.Props, Marking: graph.Marking(r.Marking)}
	n.Normalize()
	return n
}

// entityPatch is PATCH /entities/{id}: the fields given replace the stored
// ones; props are merged key by key (a null value removes the key).
type entityPatch struct {
	Kind    *string            `json:"kind" binding:"omitempty,kind"`
	Name    *string            `json:"name" binding:"omitempty,ref"`
	Aliases *[]string          `json:"aliases" binding:"omitempty,max=100,dive,ref"`
	Summary *string            `json:"summary" binding:"omitempty,text"`
	Props   map[string]*string `json:"props" binding:"omitempty,max=100,dive,keys,min=1,max=64,text,endkeys,omitempty,text"`
	Marking *string            `json:"marking" binding:"omitempty,marking"`
}

func (p entityPatch) apply(n graph.Node) graph.Node {
	setIf(&n.Name, p.Name)
	setIf(&n.Summary, p.Summary)
	if p.Kind != nil {
		n.Kind = graph.Kind(*p.Kind)
	}
	if p.Aliases != nil {
		n.Aliases = *p.Aliases
	}
	if p.Marking != nil {
		n.Marking = graph.Marking(*p.Marking)
	}
	n.Props = mergeProps(n.Props, p.Props)
	n.Normalize()
	return n
}

// relationRequest is POST /relations: a whole edge. from and to may be
// names or aliases; an empty id is made from from, type and to.
type relationRequest struct {
	ID          string            `json:"id" binding:"omitempty,slug"`
	Type        string            `json:"type" binding:"required,reltype"`
	From        string            `json:"from" binding:"required,ref"`
	To          string            `json:"to" binding:"required,ref"`
	Since       string            `json:"since" binding:"omitempty,pdate"`
	Until       string            `json:"until" binding:"omitempty,pdate"`
	Credibility *int              `json:"credibility" binding:"omitempty,min=1,max=6"`
	Sources     []string          `json:"sources" binding:"required,min=1,max=100,dive,slug"`
	Note        string            `json:"note" binding:"omitempty,text"`
	Props       map[string]string `json:"props" binding:"omitempty,max=100,dive,keys,min=1,max=64,text,endkeys,text"`
	Marking     string            `json:"marking" binding:"omitempty,marking"`
}

func (r relationRequest) edge() graph.Edge {
	e := graph.Edge{
		ID: r.ID, Type: r.Type, From: r.From, To: r.To, Since: graph.Date(r.Since), Until: graph.Date(r.Until),
		Credibility: intOr(r.Credibility, 0), Sources: r.Sources, Note: r.Note, Props: r.Props, Marking: graph.Marking(r.Marking),
	}
	e.Normalize()
	return e
}

// relationPatch is PATCH /relations/{id} (see entityPatch).
type relationPatch struct {
	Type        *string            `json:"type" binding:"omitempty,reltype"`
	From        *string            `json:"from" binding:"omitempty,ref"`
	To          *string            `json:"to" binding:"omitempty,ref"`
	Since       *string            `json:"since" binding:"omitempty,pdate"`
	Until       *string            `json:"until" binding:"omitempty,pdate"`
	Credibility *int               `json:"credibility" binding:"omitempty,min=1,max=6"`
	Sources     *[]string          `json:"sources" binding:"omitempty,min=1,max=100,dive,slug"`
	Note        *string            `json:"note" binding:"omitempty,text"`
	Props       map[string]*string `json:"props" binding:"omitempty,max=100,dive,keys,min=1,max=64,text,endkeys,omitempty,text"`
	Marking     *string            `json:"marking" binding:"omitempty,marking"`
}

func (p relationPatch) apply(e graph.Edge) graph.Edge {
	setIf(&e.Type, p.Type)
	setIf(&e.From, p.From)
	setIf(&e.To, p.To)
	setIf(&e.Note, p.Note)
	if p.Since != nil {
		e.Since = graph.Date(*p.Since)
	}
	if p.Until != nil {
		e.Until = graph.Date(*p.Until)
	}
	if p.Credibility != nil {
		e.Credibility = *p.Credibility
	}
	if p.Sources != nil {
		e.Sources = *p.Sources
	}
	if p.Marking != nil {
		e.Marking = graph.Marking(*p.Marking)
	}
	e.Props = mergeProps(e.Props, p.Props)
	e.Grade = ""
	e.Normalize()
	return e
}

// importQuery is POST /import's query string.
type importQuery struct {
	AllowUnsourced bool `form:"allow_unsourced"`
}

func setIf(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

func mergeProps(old map[string]string, patch map[string]*string) map[string]string {
	if patch == nil {
		return old
	}
	out := make(map[string]string, len(old)+len(patch))
	for k, v := range old {
		out[k] = v
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = *v
	}
	return out
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func kinds(vals []string) []graph.Kind {
	items := flatten(vals)
	if len(items) == 0 {
		return nil
	}
	out := make([]graph.Kind, len(items))
	for i, s := range items {
		out[i] = graph.Kind(s)
	}
	return out
}
