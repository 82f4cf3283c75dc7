package server

import (
	"encoding/json"
	"math"
	"reflect"

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
	Limit *int     `form:"limit" binding:"omitempty,within=limit"`
}

func (r searchRequest) query(cl graph.Marking) graph.SearchQuery {
	return graph.SearchQuery{Text: r.Q, Kinds: kinds(r.Kind), Limit: intOr(r.Limit, graph.DefaultHits), Clearance: cl}
}

// windowFields is the time window (graph.Window) of a question, in the
// query string or a JSON body; to_date before from_date is refused
// (windowLevel).
type windowFields struct {
	FromDate string `form:"from_date" json:"from_date" binding:"omitempty,pdate"`
	ToDate   string `form:"to_date" json:"to_date" binding:"omitempty,pdate"`
}

func (w windowFields) window() graph.Window {
	return graph.Window{From: graph.Date(w.FromDate), To: graph.Date(w.ToDate)}
}

// neighborhoodRequest is GET /entities/{id}/neighborhood.
type neighborhoodRequest struct {
	windowFields
	Depth    *int     `form:"depth" binding:"omitempty,within=depth"`
	Kinds    []string `form:"kinds" binding:"omitempty,kinds"`
	Types    []string `form:"types" binding:"omitempty,reltypes"`
	AsOf     string   `form:"as_of" binding:"omitempty,pdate"`
	MinGrade string   `form:"min_grade" binding:"omitempty,mingrade"`
	Limit    *int     `form:"limit" binding:"omitempty,within=limit"`
}

func (r neighborhoodRequest) query(seed string, cl graph.Marking) graph.NeighborhoodQuery {
	mg, _ := graph.ParseMinGrade(r.MinGrade) // checked by the mingrade rule
	return graph.NeighborhoodQuery{
		Seed: seed, Depth: intOr(r.Depth, 1), Kinds: kinds(r.Kinds), Types: flatten(r.Types),
		AsOf: graph.Date(r.AsOf), Window: r.window(), MinGrade: mg, Limit: intOr(r.Limit, graph.DefaultLimit), Clearance: cl,
	}
}

// pathsRequest is GET /paths.
type pathsRequest struct {
	From     string   `form:"from" binding:"required,ref"`
	To       string   `form:"to" binding:"required,ref"`
	MaxDepth *int     `form:"max_depth" binding:"omitempty,within=path_depth"`
	K        *int     `form:"k" binding:"omitempty,within=k"`
	Types    []string `form:"types" binding:"omitempty,reltypes"`
	windowFields
	// Direction, Exclude, MaxDegree, Consistent: graph.PathQuery's options;
	// Rank "grade" orders the paths found best weakest grade first.
	Direction  string   `form:"direction" binding:"omitempty,oneof=any out in"`
	Exclude    []string `form:"exclude" binding:"omitempty,max=100"` // ids, names or aliases, repeated or comma-separated (resolved in paths)
	MaxDegree  *int     `form:"max_degree" binding:"omitempty,within=max_degree"`
	Consistent bool     `form:"consistent"`
	Rank       string   `form:"rank" binding:"omitempty,oneof=length grade"`
}

// oversightRequest is GET /oversight: exactly one of who and what
// (oversightLevel).
type oversightRequest struct {
	Who  string `form:"who" binding:"omitempty,ref"`
	What string `form:"what" binding:"omitempty,ref"`
	AsOf string `form:"as_of" binding:"omitempty,pdate"`
	windowFields
	// Direct keeps the answers through an oversight edge alone, without
	// the unit hierarchy (PART_OF hops).
	Direct bool `form:"direct"`
}

// subgraphRequest is POST /subgraph.
type subgraphRequest struct {
	IDs []string `json:"ids" binding:"required,min=1,within=limit,dive,slug"`
}

// viewRequest names the view a POST works on: ids, or a seed (id, name or
// alias) and a depth (viewLevel). Export and analysis share it.
type viewRequest struct {
	IDs   []string     `json:"ids" binding:"omitempty,within=limit,dive,slug"`
	Seed  string       `json:"seed" binding:"omitempty,ref"`
	Depth *wholeNumber `json:"depth" binding:"omitempty,within=depth"`
}

// filterBody is the neighborhood's filters (neighborhoodRequest) in a JSON
// body.
type filterBody struct {
	Kinds    []string     `json:"kinds" binding:"omitempty,max=20,kinds"`
	Types    []string     `json:"types" binding:"omitempty,max=100,reltypes"`
	AsOf     string       `json:"as_of" binding:"omitempty,pdate"`
	MinGrade string       `json:"min_grade" binding:"omitempty,mingrade"`
	Limit    *wholeNumber `json:"limit" binding:"omitempty,within=limit"`
	windowFields
}

// query is the neighborhood query of the filters (no seed, depth 1).
func (f filterBody) query(cl graph.Marking) graph.NeighborhoodQuery {
	var limit *int
	if f.Limit != nil {
		l := int(*f.Limit)
		limit = &l
	}
	return neighborhoodRequest{Kinds: f.Kinds, Types: f.Types, AsOf: f.AsOf, MinGrade: f.MinGrade, Limit: limit, windowFields: f.windowFields}.query("", cl)
}

// analysisRequest is POST /analysis: a view, the filters, the measures
// (all when none is given) and whether to find communities.
type analysisRequest struct {
	viewRequest
	filterBody
	Measures    []string `json:"measures" binding:"omitempty,max=5,dive,oneof=degree betweenness closeness pagerank eigenvector"`
	Communities bool     `json:"communities"`
}

// connectRequest is POST /connect: the entities to join, the longest path
// between two of them, the filters.
type connectRequest struct {
	IDs      []string     `json:"ids" binding:"required,min=2,max=25,dive,slug"`
	MaxDepth *wholeNumber `json:"max_depth" binding:"omitempty,within=connect_depth"`
	filterBody
}

// exportRequest is POST /export: a view, its title, the positions, and
// the time (as_of, the window) it is looked at.
type exportRequest struct {
	viewRequest
	AsOf string `json:"as_of" binding:"omitempty,pdate"`
	windowFields
	Title     string                  `json:"title" binding:"omitempty,text,max=200"`
	Positions map[string]export.Point `json:"positions" binding:"omitempty,within=limit,dive,keys,slug,endkeys"`
	// Edges, when given with ids, keeps only these relations among them
	// (the ones the page shows after its filters).
	Edges []string `json:"edges" binding:"omitempty,max=20000,dive,slug"`
	// The briefs' parts (markdown, html, pdf), from the export dialog.
	Author       string          `json:"author" binding:"omitempty,text,max=200"`
	Summary      string          `json:"summary" binding:"omitempty,text,max=8000"`
	KeyJudgments []string        `json:"key_judgments" binding:"omitempty,max=30,dive,text,max=1000"`
	Product      wholeNumber     `json:"product" binding:"omitempty,within=product"`
	Paper        string          `json:"paper" binding:"omitempty,oneof=a4 letter"`
	Answers      *answersRequest `json:"answers"`
	Analysis     *analysisShown  `json:"analysis"`
	Notes        []exportNote    `json:"notes" binding:"omitempty,max=200,dive"`
}

// exportNote is a note on the chart (on an entity or relation id, or on
// the canvas), which the briefs list.
type exportNote struct {
	On   string `json:"on" binding:"omitempty,slug"`
	Text string `json:"text" binding:"required,text,max=2000"`
}

// notes converts the request's notes for the export package.
func (r exportRequest) notes() []export.Note {
	out := make([]export.Note, 0, len(r.Notes))
	for _, n := range r.Notes {
		out = append(out, export.Note{On: n.On, Text: n.Text})
	}
	return out
}

// analysisShown is the network analysis on screen that an export carries
// (the page's sizing measure and its communities), for the briefs' key
// entities.
type analysisShown struct {
	Measure     string             `json:"measure" binding:"required,oneof=degree betweenness closeness pagerank eigenvector"`
	Scores      map[string]float64 `json:"scores" binding:"required,within=limit,dive,keys,slug,endkeys,score"`
	Communities map[string]int     `json:"communities" binding:"omitempty,within=limit,dive,keys,slug,endkeys,within=community"`
}

// analysis converts the request's analysis for the export package.
func (r *analysisShown) analysis() *export.Analysis {
	if r == nil {
		return nil
	}
	return &export.Analysis{Measure: r.Measure, Scores: r.Scores, Communities: r.Communities}
}

// answersRequest is the answers on screen that an export carries: a
// paths or oversight question and each answer's path.
type answersRequest struct {
	Question string          `json:"question" binding:"omitempty,text,max=500"`
	Items    []answerRequest `json:"items" binding:"max=100,dive"`
}

type answerRequest struct {
	Label string   `json:"label" binding:"omitempty,text,max=500"`
	Nodes []string `json:"nodes" binding:"max=100,dive,slug"`
	Edges []string `json:"edges" binding:"max=100,dive,slug"`
}

// answers converts the request's answers for the export package.
func (r *answersRequest) answers() *export.Answers {
	if r == nil {
		return nil
	}
	a := &export.Answers{Question: r.Question}
	for _, it := range r.Items {
		a.Items = append(a.Items, export.Answer{Label: it.Label, Nodes: it.Nodes, Edges: it.Edges})
	}
	return a
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
	Geo     *geoBody          `json:"geo"`
}

// geoBody is an entity's place (graph.Geo): all three fields, the source
// naming the gazetteer and its record.
type geoBody struct {
	Lat    *float64 `json:"lat" binding:"required,min=-90,max=90"`
	Lon    *float64 `json:"lon" binding:"required,min=-180,max=180"`
	Source string   `json:"source" binding:"required,text,max=200"`
}

func (g *geoBody) geo() *graph.Geo {
	if g == nil {
		return nil
	}
	return &graph.Geo{Lat: *g.Lat, Lon: *g.Lon, Source: g.Source}
}

func (r entityRequest) node() graph.Node {
	n := graph.Node{ID: r.ID, Kind: graph.Kind(r.Kind), Name: r.Name, Aliases: r.Aliases, Summary: r.Summary, Props: r.Props, Marking: graph.Marking(r.Marking), Geo: r.Geo.geo()}
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
	Geo     *geoBody           `json:"geo"` // replaces the place when given
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
	if p.Geo != nil {
		n.Geo = p.Geo.geo()
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
	Credibility *wholeNumber      `json:"credibility" binding:"omitempty,within=credibility"`
	Sources     []string          `json:"sources" binding:"omitempty,min=1,max=100,dive,slug"`
	Note        string            `json:"note" binding:"omitempty,text"`
	Props       map[string]string `json:"props" binding:"omitempty,max=100,dive,keys,min=1,max=64,text,endkeys,text"`
	Marking     string            `json:"marking" binding:"omitempty,marking"`
	// NewSources are sources written in the same batch as the relation, so
	// a refused relation leaves none behind; each is cited in sources.
	NewSources []sourceRequest `json:"new_sources" binding:"omitempty,max=10,dive"`
	// Unsourced, instead of sources, makes the relation cite the reserved
	// source graph.UnsourcedID, as an import's allow_unsourced does
	// (relationLevel wants exactly one of the two).
	Unsourced bool `json:"unsourced"`
}

// sourceRequest is a new source of a relation's new_sources (POST and
// PATCH /relations).
type sourceRequest struct {
	ID          string `json:"id" binding:"required,slug"`
	Title       string `json:"title" binding:"required,text,max=500"`
	Publisher   string `json:"publisher" binding:"omitempty,text,max=200"`
	Author      string `json:"author" binding:"omitempty,text,max=200"`
	Date        string `json:"date" binding:"omitempty,pdate"`
	URL         string `json:"url" binding:"omitempty,text,max=2000"`
	Reliability string `json:"reliability" binding:"omitempty,reliability"`
	Note        string `json:"note" binding:"omitempty,text"`
}

// newSources are a request's new sources as records.
func newSources(l []sourceRequest) []graph.Source {
	out := make([]graph.Source, 0, len(l))
	for _, s := range l {
		src := graph.Source{ID: s.ID, Title: s.Title, Publisher: s.Publisher, Author: s.Author, Date: graph.Date(s.Date),
			URL: s.URL, Reliability: graph.Reliability(s.Reliability), Note: s.Note}
		src.Normalize()
		out = append(out, src)
	}
	return out
}

func (r relationRequest) edge() graph.Edge {
	e := graph.Edge{
		ID: r.ID, Type: r.Type, From: r.From, To: r.To, Since: graph.Date(r.Since), Until: graph.Date(r.Until),
		Credibility: wholeOr(r.Credibility, 0), Sources: r.Sources, Note: r.Note, Props: r.Props, Marking: graph.Marking(r.Marking),
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
	Credibility *wholeNumber       `json:"credibility" binding:"omitempty,within=credibility"`
	Sources     *[]string          `json:"sources" binding:"omitempty,min=1,max=100,dive,slug"`
	Note        *string            `json:"note" binding:"omitempty,text"`
	Props       map[string]*string `json:"props" binding:"omitempty,max=100,dive,keys,min=1,max=64,text,endkeys,omitempty,text"`
	Marking     *string            `json:"marking" binding:"omitempty,marking"`
	// NewSources are created in the relation's update, as POST's; each is
	// cited in sources.
	NewSources []sourceRequest `json:"new_sources" binding:"omitempty,max=10,dive"`
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
		e.Credibility = int(*p.Credibility)
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
	AllowUnsourced bool   `form:"allow_unsourced"`
	Format         string `form:"format" binding:"omitempty,oneof=yaml json csv graphml gexf stix ftm"`
	DryRun         bool   `form:"dry_run"`
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

// wholeNumber is an integer of a JSON body, which may also be written with
// a zero fraction (2.0): JSON Schema, and so the OpenAPI document, counts
// that an integer too.
type wholeNumber int

func (n *wholeNumber) UnmarshalJSON(b []byte) error {
	var x json.Number
	if len(b) > 0 && b[0] == '"' || json.Unmarshal(b, &x) != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[int]()}
	}
	f, err := x.Float64()
	if err != nil || x == "" || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return &json.UnmarshalTypeError{Value: "number " + x.String(), Type: reflect.TypeFor[int]()}
	}
	*n = wholeNumber(f)
	return nil
}

func wholeOr(p *wholeNumber, def int) int {
	if p == nil {
		return def
	}
	return int(*p)
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
