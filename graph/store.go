package graph

import (
	"context"
	"errors"
)

// Errors every store returns (wrapped, test with errors.Is) where they apply.
var (
	// ErrNotFound: the id does not exist, or not for this caller's clearance.
	ErrNotFound = errors.New("not found")
	// ErrAlreadyExists: Create was given an id that is already taken.
	ErrAlreadyExists = errors.New("already exists")
	// ErrInvalid: a write breaks the data model or refers to something that
	// does not exist (an edge end, a cited source). Wrapped in *ValidationError
	// when the problems can be listed.
	ErrInvalid = errors.New("invalid")
	// ErrUnavailable: the store cannot be reached (Neo4j down). The API
	// answers 503.
	ErrUnavailable = errors.New("store unavailable")
	// ErrForbidden: a write within a caller's clearance would write a
	// marking above it, or replace or remove a record the caller cannot
	// see (see Store). Wrapped in *AccessError. The API answers 403.
	ErrForbidden = errors.New("forbidden")
	// ErrTooLarge: the batch outgrew what the store holds in one
	// transaction (Neo4j's transaction memory); nothing was written. It
	// can be written in parts (UpsertInParts).
	ErrTooLarge = errors.New("batch too large for one transaction")
)

// Limits of the query parameters (DESIGN.md "Ranges").
const (
	MaxDepth         = 3
	MaxPathDepth     = 10
	DefaultPathDepth = 6
	MaxK             = 10
	MaxLimit         = 5000
	DefaultLimit     = 500
	DefaultHits      = 20
	// MaxPartOfHops bounds the PART_OF walk of an oversight question.
	MaxPartOfHops = 10
)

// ClampLimit is the number of results a store answers for a query's Limit:
// def for 0 (or less), at most MaxLimit.
func ClampLimit(limit, def int) int {
	if limit <= 0 {
		return def
	}
	return min(limit, MaxLimit)
}

// Store is a graph store. Every method is safe for concurrent use. Reads
// apply the clearance they are given; writes are atomic (all of a batch or
// none of it) and durable before they return.
//
// Writes take the caller's clearance too, checked in the write's own
// transaction (never by a read before it): a record above it does not
// exist for the caller (ErrNotFound), yet is never replaced or deleted as a
// side effect (ErrForbidden), and no record is written with a marking above
// it (ErrForbidden). Upsert, Create and the deletes take it as an optional
// last argument: the operator's writes (linkchart import, the seed) give
// none and may touch every record (WriteClearance).
type Store interface {
	// Search finds nodes by name or alias (see Score for the ranking). No
	// hit is an empty, non-nil slice.
	Search(ctx context.Context, q SearchQuery) ([]Hit, error)
	// Entity returns a node, every visible edge that touches it, the nodes at
	// the other ends and the sources those edges cite. ErrNotFound when the
	// node is missing or above the clearance.
	Entity(ctx context.Context, id string, clearance Marking) (Subgraph, error)
	// Relation returns one edge, its two ends and the sources it cites.
	// ErrNotFound when the edge is missing or not visible (it or an end is
	// above the clearance).
	Relation(ctx context.Context, id string, clearance Marking) (Subgraph, error)
	// Neighborhood answers a NeighborhoodQuery. ErrNotFound for the seed.
	Neighborhood(ctx context.Context, q NeighborhoodQuery) (Subgraph, error)
	// Paths answers a PathQuery. ErrNotFound when either end is missing.
	// No path is not an error: the answer is empty.
	Paths(ctx context.Context, q PathQuery) (PathAnswer, error)
	// Oversight answers an OversightQuery. ErrNotFound when the asked-about
	// node is missing.
	Oversight(ctx context.Context, q OversightQuery) (OversightAnswer, error)
	// Subgraph returns the visible nodes among ids and every visible edge
	// between two of them. Unknown ids are left out, not an error.
	Subgraph(ctx context.Context, ids []string, clearance Marking) (Subgraph, error)
	// Schema counts visible nodes by kind and edges by type, and the sources
	// cited by visible edges. Kinds and types with no visible record are
	// left out; the maps are never nil.
	Schema(ctx context.Context, clearance Marking) (Schema, error)

	// Upsert writes a batch atomically, replacing records with the same id.
	// Edge ends and cited sources must exist in the batch or the store; a
	// batch that breaks this or the data model is refused whole with an error
	// wrapping ErrInvalid. Within a clearance, an edge end above it does not
	// exist (ErrInvalid), and a record above it with an id of the batch, or
	// a record of the batch marked above it, refuses the batch
	// (ErrForbidden): see CheckScope.
	Upsert(ctx context.Context, b Batch, clearance ...Marking) error
	// Create is Upsert that refuses (ErrAlreadyExists, nothing written) when
	// any id in the batch is already in the store.
	Create(ctx context.Context, b Batch, clearance ...Marking) error
	// DeleteNode removes a node and every edge that touches it (the
	// sources stay). ErrNotFound when there is no such node or it is above
	// the clearance; ErrForbidden, nothing deleted, when an edge that
	// touches it is not visible within the clearance.
	DeleteNode(ctx context.Context, id string, clearance ...Marking) error
	// DeleteEdge removes one edge. ErrNotFound when there is no such edge
	// or it is not visible within the clearance.
	DeleteEdge(ctx context.Context, id string, clearance ...Marking) error
	// UpdateNode reads node id as a caller with clearance sees it, hands it
	// to f and writes f's answer in its place (as Upsert within clearance),
	// all in one write transaction: no other write comes between the read
	// and the write. ErrNotFound when the node is missing or above the
	// clearance; f's error, wrapped, when f fails (nothing written);
	// ErrInvalid when the answer changes the id. It returns the node as
	// written. f may run more than once (a store may retry its
	// transaction), so it must have no other effect.
	UpdateNode(ctx context.Context, id string, clearance Marking, f func(Node) (Node, error)) (Node, error)
	// UpdateEdge is UpdateNode for an edge (ErrNotFound when it is not
	// visible within the clearance). The answer's grade is ignored; the
	// edge is returned as written, graded. The sources newSources are
	// created in the same write, for the answer to cite (ErrAlreadyExists,
	// nothing written, when one's id is taken).
	UpdateEdge(ctx context.Context, id string, clearance Marking, f func(Edge) (Edge, error), newSources ...Source) (Edge, error)
	// Source returns one source by id (sources carry no marking).
	Source(ctx context.Context, id string) (Source, error)

	// Ping reports whether the store can answer (ErrUnavailable if not).
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// SearchQuery asks for nodes whose name or aliases match Text.
type SearchQuery struct {
	Text      string
	Kinds     []Kind // empty: all kinds
	Limit     int    // 0: DefaultHits; above MaxLimit: MaxLimit (ClampLimit)
	Clearance Marking
}

// Hit is a search result.
type Hit struct {
	Node
	Score float64 `json:"score"`
}

// NeighborhoodQuery asks for the nodes within Depth hops of Seed.
//
// The walk is breadth-first and follows edges in either direction. An edge
// is walked only when it passes every filter: its type is in Types (when
// given), it holds at AsOf (when given, see HoldsAt) and overlaps Window
// (when given, see Window.Overlaps), its grade is admitted
// by MinGrade, and it is visible. A node is entered only when its kind is in
// Kinds (when given; the seed is always in) and it is visible.
//
// The answer holds the reached nodes and every edge passing the filters
// between two of them (the induced subgraph). When more than Limit nodes are
// reached, the nodes kept are the first Limit in (hop distance, id) order
// and Truncated is true.
type NeighborhoodQuery struct {
	Seed      string
	Depth     int // 1..MaxDepth; 0 means 1
	Kinds     []Kind
	Types     []string
	AsOf      Date
	Window    Window
	MinGrade  MinGrade
	Limit     int // 0: DefaultLimit; above MaxLimit: MaxLimit (ClampLimit)
	Clearance Marking
}

// PathQuery asks for the K shortest simple paths between From and To,
// walking edges in either direction, of at most MaxDepth hops, only over
// edges whose type is in Types (when given) that overlap Window (when
// given), and visible nodes and edges.
//
// Paths are ordered by length, then hop by hop by the next node's id, then
// the edge's id. From == To gives one path of length zero.
//
// That is, two paths of one length are compared at their first hop, then
// their second, and so on; a hop is compared by the id of the node it
// reaches, then by the id of its edge, and the first hop that differs
// decides. Parallel edges make distinct paths. Answers (Paths, a path's
// Nodes and Edges) are empty, never nil, when there is nothing.
type PathQuery struct {
	From, To  string
	MaxDepth  int // 1..MaxPathDepth; 0: DefaultPathDepth
	K         int // 1..MaxK; 0: 1
	Types     []string
	Window    Window
	Clearance Marking

	// Direction: "" or "any" walks edges either way; "out" only from an
	// edge's from end to its to end (From → … → To along the arrows);
	// "in" only against them.
	Direction string
	// Exclude: ids of nodes no path goes through (the ends excepted).
	Exclude []string
	// MaxDegree, when above 0: no path goes through a node (the ends
	// excepted) with more relations visible within Clearance (hubs).
	MaxDegree int
	// Consistent keeps only paths whose hops all hold at one common date,
	// within Window when one is given (HeldWithin). The K paths are the K
	// shortest such paths.
	Consistent bool
}

// Directions of a PathQuery.
const (
	DirectionAny = "any"
	DirectionOut = "out"
	DirectionIn  = "in"
)

// Path is one path: Nodes has one more element than Edges.
type Path struct {
	Nodes []string `json:"nodes"`
	Edges []string `json:"edges"`
}

// PathAnswer is the paths found and the subgraph of their nodes, edges
// (only the path edges) and sources.
type PathAnswer struct {
	Paths []Path `json:"paths"`
	Subgraph
}

// OversightQuery asks who oversaw What, or what Who oversaw; exactly one of
// the two is set.
//
// A person P oversaw X when an oversight edge (OversightTypes) P→Y exists
// and X is Y or X reaches Y by a chain of at most MaxPartOfHops PART_OF edges
// (X PART_OF … PART_OF Y). Only visible edges holding at AsOf and
// overlapping Window (when given) count. Each (overseer, target) pair is one answer, with the shortest such
// path (ties broken as in PathQuery). Answers are ordered by path length,
// then overseer id, then target id.
type OversightQuery struct {
	Who       string
	What      string
	AsOf      Date
	Window    Window
	Clearance Marking
}

// OversightAnswer lists the answers and the subgraph of their paths.
type OversightAnswer struct {
	Answers []Oversight `json:"answers"`
	Subgraph
}

// Oversight is one answer: Overseer oversaw Target, because of Path (from
// the overseer, through the oversight edge, down the PART_OF chain).
type Oversight struct {
	Overseer string `json:"overseer"`
	Target   string `json:"target"`
	Path     Path   `json:"path"`
	// Window is when every hop of Path held (SpanOf); set by the server,
	// not by the stores.
	Window *Span `json:"window,omitempty"`
}

// Schema counts what a caller can see.
type Schema struct {
	Kinds  map[string]int `json:"kinds"`
	Types  map[string]int `json:"types"`
	Counts Counts         `json:"counts"`
}

// Counts are the totals of a Schema.
type Counts struct {
	Nodes   int `json:"nodes"`
	Edges   int `json:"edges"`
	Sources int `json:"sources"`
}
