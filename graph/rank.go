package graph

import "context"

// DefaultTop is how many entities TopQuery answers by default; MaxTop is
// the most it answers.
const (
	DefaultTop = 10
	MaxTop     = 100
)

// Ranker is a store that ranks entities by how many relations they have
// (the start page's most connected entities). Both stores implement it.
type Ranker interface {
	// TopConnected answers a TopQuery.
	TopConnected(ctx context.Context, q TopQuery) ([]Ranked, error)
}

// TopQuery asks for the N visible entities (of Kind, when given) with the
// most relations visible within Clearance (a relation is visible when it
// and both its ends are), ordered by that degree, most first, then by id.
// Entities with no visible relation are left out.
type TopQuery struct {
	N         int  // 0: DefaultTop; above MaxTop: MaxTop
	Kind      Kind // "": every kind
	Clearance Marking
}

// Limit is the number of entities q asks for.
func (q TopQuery) Limit() int {
	if q.N <= 0 {
		return DefaultTop
	}
	return min(q.N, MaxTop)
}

// Ranked is an entity and its degree.
type Ranked struct {
	Node
	Degree int `json:"degree"`
}
