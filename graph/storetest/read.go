package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"linkchart/graph"
)

// entity calls Entity and fails the test on an error.
func entity(t *testing.T, s graph.Store, id string, c graph.Marking) graph.Subgraph {
	t.Helper()
	g, err := s.Entity(t.Context(), id, c)
	if err != nil {
		t.Fatalf("Entity(%q, %s) = %v", id, c, err)
	}
	return g
}

// testEntity covers Entity on the core graph.
func testEntity(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, coreGraph())
	tests := []struct {
		name      string
		id        string
		clearance graph.Marking
		wantNodes []string
		wantEdges []string
		wantErr   error
	}{
		{"edges in, out and a self loop", "a", graph.Clear,
			[]string{"a", "b", "c", "f"}, []string{"aa", "ab", "ca", "fa"}, nil},
		{"AMBER edge shows at AMBER", "a", graph.Amber,
			[]string{"a", "b", "c", "d", "f"}, []string{"aa", "ab", "ad", "ca", "fa"}, nil},
		{"RED end shows at RED", "a", graph.Red,
			[]string{"a", "b", "c", "d", "f", "r"}, []string{"aa", "ab", "ad", "ar", "ca", "fa"}, nil},
		// Only the edges touching b: not aa or ca, though both ends are in.
		{"parallel edges, no induced edges", "b", graph.Clear,
			[]string{"a", "b", "c", "x"}, []string{"ab", "bc", "bx1", "bx2"}, nil},
		{"only incoming edges", "e", graph.Clear, []string{"d", "e"}, []string{"de"}, nil},
		{"isolated node", "u", graph.Clear, []string{"u"}, nil, nil},
		{"node behind a RED node", "s", graph.Clear, []string{"s"}, nil, nil},
		{"RED node at RED", "r", graph.Red, []string{"a", "r", "s"}, []string{"ar", "rs"}, nil},
		{"RED node at AMBER", "r", graph.Amber, nil, nil, graph.ErrNotFound},
		{"RED node at the zero clearance", "r", "", nil, nil, graph.ErrNotFound},
		{"unknown id", "ghost", graph.Red, nil, nil, graph.ErrNotFound},
		{"edge id is not a node", "ab", graph.Red, nil, nil, graph.ErrNotFound},
		{"id with Cypher syntax", "a' OR '1'='1", graph.Red, nil, nil, graph.ErrNotFound},
		{"id with a backtick and braces", "a`}) DETACH DELETE n //", graph.Red, nil, nil, graph.ErrNotFound},
	}
	for _, tt := range tests {
		runQuery(t, tt.name, "Entity", idAt{tt.id, tt.clearance}, tt.wantErr, func(ctx context.Context, q idAt) (graph.Subgraph, error) {
			return s.Entity(ctx, q.id, q.clearance)
		}, func(t *testing.T, g graph.Subgraph) {
			checkSubgraph(t, f, g, tt.clearance)
			checkIDs(t, g, tt.wantNodes, tt.wantEdges)
			if g.Truncated {
				t.Errorf("Truncated = true, want false")
			}
		})
	}
	run(t, "reads changed nothing", func(t *testing.T) { checkSchema(t, s, graph.Red, f) })
}

// testRelation covers Relation on the core graph: one edge, its ends and
// the sources it cites.
func testRelation(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, coreGraph())
	tests := []struct {
		name      string
		id        string
		clearance graph.Marking
		wantNodes []string
		wantErr   error
	}{
		{"edge and its ends", "ab", graph.Clear, []string{"a", "b"}, nil},
		{"self loop", "aa", graph.Clear, []string{"a"}, nil},
		{"several sources", "bc", graph.Clear, []string{"b", "c"}, nil},
		{"edge with props", "ca", graph.Clear, []string{"a", "c"}, nil},
		{"AMBER edge at AMBER", "ad", graph.Amber, []string{"a", "d"}, nil},
		{"AMBER edge at GREEN", "ad", graph.Green, nil, graph.ErrNotFound},
		{"AMBER edge at the zero clearance", "ad", "", nil, graph.ErrNotFound},
		{"edge to a RED node at RED", "ar", graph.Red, []string{"a", "r"}, nil},
		{"edge to a RED node at AMBER", "ar", graph.Amber, nil, graph.ErrNotFound},
		{"unknown id", "ghost", graph.Red, nil, graph.ErrNotFound},
		{"node id is not an edge", "a", graph.Red, nil, graph.ErrNotFound},
	}
	for _, tt := range tests {
		runQuery(t, tt.name, "Relation", idAt{tt.id, tt.clearance}, tt.wantErr, func(ctx context.Context, q idAt) (graph.Subgraph, error) {
			return s.Relation(ctx, q.id, q.clearance)
		}, func(t *testing.T, g graph.Subgraph) {
			checkSubgraph(t, f, g, tt.clearance)
			checkIDs(t, g, tt.wantNodes, []string{tt.id})
		})
	}
}

// testSubgraph covers Subgraph on the core graph: the induced subgraph of
// the visible nodes among the ids.
func testSubgraph(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, coreGraph())
	tests := []struct {
		name      string
		ids       []string
		clearance graph.Marking
		wantNodes []string
		wantEdges []string
	}{
		{"induced edges, self loop, parallel edges", []string{"x", "b", "a"}, graph.Clear,
			[]string{"a", "b", "x"}, []string{"aa", "ab", "bx1", "bx2"}},
		{"unknown and repeated ids are skipped", []string{"b", "ghost", "a", "b", "ab"}, graph.Clear,
			[]string{"a", "b"}, []string{"aa", "ab"}},
		{"RED node skipped at CLEAR with its edges", []string{"a", "r", "s"}, graph.Clear,
			[]string{"a", "s"}, []string{"aa"}},
		{"RED node shown at RED", []string{"a", "r", "s"}, graph.Red,
			[]string{"a", "r", "s"}, []string{"aa", "ar", "rs"}},
		{"AMBER edge hidden at GREEN", []string{"a", "d"}, graph.Green, []string{"a", "d"}, []string{"aa"}},
		{"AMBER edge shown at AMBER", []string{"a", "d"}, graph.Amber, []string{"a", "d"}, []string{"aa", "ad"}},
		{"nodes without edges between them", []string{"u", "e"}, graph.Red, []string{"e", "u"}, nil},
		{"no ids", nil, graph.Red, nil, nil},
		{"only unknown ids", []string{"ghost"}, graph.Red, nil, nil},
	}
	for _, tt := range tests {
		run(t, tt.name, func(t *testing.T) {
			g, err := s.Subgraph(t.Context(), tt.ids, tt.clearance)
			if err != nil {
				t.Fatalf("Subgraph(%v) = %v", tt.ids, err)
			}
			checkSubgraph(t, f, g, tt.clearance)
			checkIDs(t, g, tt.wantNodes, tt.wantEdges)
			if g.Truncated {
				t.Errorf("Truncated = true, want false")
			}
		})
	}
}

// testSource covers Source.
func testSource(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, coreGraph())
	tests := []struct {
		id      string
		wantErr error
	}{
		{"src-1", nil},
		{"src-3", nil},      // reliability left out: F
		{"src-red", nil},    // cited only by edges of a RED node: sources carry no marking
		{"src-unused", nil}, // cited by nothing
		{"ghost", graph.ErrNotFound},
		{"a", graph.ErrNotFound}, // a node id
	}
	for _, tt := range tests {
		run(t, tt.id, func(t *testing.T) {
			got, err := s.Source(t.Context(), tt.id)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("Source(%q) error = %s, want %v", tt.id, describe(err), tt.wantErr)
			}
			if tt.wantErr == nil && !reflect.DeepEqual(got, f.sources[tt.id]) {
				t.Errorf("Source(%q):\n got %+v\nwant %+v", tt.id, got, f.sources[tt.id])
			}
		})
	}
}

// idAt is an id asked for at a clearance, the question of Entity and
// Relation.
type idAt struct {
	id        string
	clearance graph.Marking
}

func (q idAt) String() string { return fmt.Sprintf("%q, %s", q.id, q.clearance) }
