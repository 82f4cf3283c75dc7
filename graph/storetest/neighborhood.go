package storetest

import (
	"fmt"
	"slices"
	"testing"

	"linkchart/graph"
)

type neighborhoodCase struct {
	name          string
	q             graph.NeighborhoodQuery
	wantNodes     []string
	wantEdges     []string
	wantTruncated bool
	wantErr       error
}

// runNeighborhood runs the cases against one loaded store.
func runNeighborhood(t *testing.T, s graph.Store, f *fixture, tests []neighborhoodCase) {
	t.Helper()
	for _, tt := range tests {
		runQuery(t, tt.name, "Neighborhood", tt.q, tt.wantErr, s.Neighborhood, func(t *testing.T, g graph.Subgraph) {
			checkSubgraph(t, f, g, tt.q.Clearance)
			checkIDs(t, g, tt.wantNodes, tt.wantEdges)
			if g.Truncated != tt.wantTruncated {
				t.Errorf("Truncated = %v, want %v", g.Truncated, tt.wantTruncated)
			}
			checkEdgeFilters(t, f, tt.q, g)
		})
	}
}

// checkEdgeFilters checks that every edge of a neighborhood passes the
// query's filters.
func checkEdgeFilters(t *testing.T, f *fixture, q graph.NeighborhoodQuery, g graph.Subgraph) {
	t.Helper()
	for _, e := range g.Edges {
		m, ok := f.edges[e.ID]
		if !ok {
			continue // reported by checkSubgraph
		}
		if len(q.Types) > 0 && !slices.Contains(q.Types, m.Type) {
			t.Errorf("edge %q of type %s passed the types filter %v", e.ID, m.Type, q.Types)
		}
		if !graph.HoldsAt(m.Since, m.Until, q.AsOf) {
			t.Errorf("edge %q (%s…%s) does not hold as of %s", e.ID, m.Since, m.Until, q.AsOf)
		}
		if !q.MinGrade.Admits(graph.GradeOf(m.Credibility, m.Sources, f.sources)) {
			t.Errorf("edge %q graded %s passed min_grade %s", e.ID, m.Grade, q.MinGrade)
		}
	}
}

func fmtID(prefix string, i int) string { return fmt.Sprintf("%s-%02d", prefix, i) }

// testNeighborhood covers Neighborhood: depth, direction, self loops,
// parallel edges, cycles, filters, limits and clearance.
func testNeighborhood(t *testing.T, newStore NewStore) {
	run(t, "core graph", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		q := func(seed string, depth int, c graph.Marking) graph.NeighborhoodQuery {
			return graph.NeighborhoodQuery{Seed: seed, Depth: depth, Clearance: c}
		}
		withKinds := func(k ...graph.Kind) graph.NeighborhoodQuery {
			nq := q("a", 3, graph.Clear)
			nq.Kinds = k
			return nq
		}
		withTypes := func(ty ...string) graph.NeighborhoodQuery {
			nq := q("a", 3, graph.Clear)
			nq.Types = ty
			return nq
		}
		withGrade := func(min string) graph.NeighborhoodQuery {
			nq := q("a", 3, graph.Clear)
			m, err := graph.ParseMinGrade(min)
			if err != nil {
				t.Fatal(err)
			}
			nq.MinGrade = m
			return nq
		}
		runNeighborhood(t, s, f, []neighborhoodCase{
			// bc is induced: both its ends are one hop from a.
			{name: "depth 1, either direction, self loop, induced edge", q: q("a", 1, graph.Clear),
				wantNodes: []string{"a", "b", "c", "f"}, wantEdges: []string{"aa", "ab", "bc", "ca", "fa"}},
			{name: "depth 0 means 1", q: q("a", 0, graph.Clear),
				wantNodes: []string{"a", "b", "c", "f"}, wantEdges: []string{"aa", "ab", "bc", "ca", "fa"}},
			{name: "depth 2, parallel edges, cycle", q: q("a", 2, graph.Clear),
				wantNodes: []string{"a", "b", "c", "d", "f", "x"},
				wantEdges: []string{"aa", "ab", "bc", "bx1", "bx2", "ca", "cd", "fa"}},
			{name: "depth 3", q: q("a", 3, graph.Clear),
				wantNodes: []string{"a", "b", "c", "d", "e", "f", "x"},
				wantEdges: []string{"aa", "ab", "bc", "bx1", "bx2", "ca", "cd", "de", "fa"}},
			// The self loop aa is induced at b's depth 1: a is reached.
			{name: "induced self loop of a reached node", q: q("b", 1, graph.Clear),
				wantNodes: []string{"a", "b", "c", "x"}, wantEdges: []string{"aa", "ab", "bc", "bx1", "bx2", "ca"}},
			{name: "walking against edge direction only", q: q("e", 3, graph.Clear),
				wantNodes: []string{"a", "b", "c", "d", "e"}, wantEdges: []string{"aa", "ab", "bc", "ca", "cd", "de"}},
			{name: "isolated seed", q: q("u", 3, graph.Clear), wantNodes: []string{"u"}},
			{name: "AMBER edge walked at AMBER", q: q("a", 1, graph.Amber),
				wantNodes: []string{"a", "b", "c", "d", "f"}, wantEdges: []string{"aa", "ab", "ad", "bc", "ca", "cd", "fa"}},
			{name: "RED node and what lies behind it at RED", q: q("a", 2, graph.Red),
				wantNodes: []string{"a", "b", "c", "d", "e", "f", "r", "s", "x"},
				wantEdges: []string{"aa", "ab", "ad", "ar", "bc", "bx1", "bx2", "ca", "cd", "de", "fa", "rs"}},
			// s is reachable only through r.
			{name: "nothing reached through a hidden node", q: q("s", 3, graph.Amber), wantNodes: []string{"s"}},
			{name: "RED seed at CLEAR", q: q("r", 1, graph.Clear), wantErr: graph.ErrNotFound},
			{name: "RED seed at the zero clearance", q: q("r", 1, ""), wantErr: graph.ErrNotFound},
			{name: "unknown seed", q: q("ghost", 1, graph.Red), wantErr: graph.ErrNotFound},
			// A node of another kind is not entered, so nothing behind it
			// is reached; the seed is always in.
			{name: "kinds filter stops the walk", q: withKinds(graph.Unit),
				wantNodes: []string{"a", "b"}, wantEdges: []string{"aa", "ab"}},
			{name: "kinds filter, several kinds", q: withKinds(graph.Unit, graph.Organization),
				wantNodes: []string{"a", "b", "c", "d"}, wantEdges: []string{"aa", "ab", "bc", "ca", "cd"}},
			{name: "kinds filter keeps the seed", q: withKinds(graph.Place),
				wantNodes: []string{"a"}, wantEdges: []string{"aa"}},
			// Induced edges pass the filters too: ca joins two reached
			// nodes but is not a COMMANDS or PART_OF edge.
			{name: "types filter", q: withTypes("COMMANDS", "PART_OF"),
				wantNodes: []string{"a", "b", "c", "d"}, wantEdges: []string{"ab", "bc", "cd"}},
			{name: "types filter, self loop only", q: withTypes("MET"), wantNodes: []string{"a"}, wantEdges: []string{"aa"}},
			{name: "types filter, no edge", q: withTypes("OPERATES"), wantNodes: []string{"a"}},
			// Grades: ab A2, bc A3 (best of C and A), fa A6, bx1 A6,
			// everything else C or F. Of the parallel bx1, bx2 only bx1
			// passes.
			{name: "min_grade A", q: withGrade("A"),
				wantNodes: []string{"a", "b", "c", "f", "x"}, wantEdges: []string{"ab", "bc", "bx1", "fa"}},
			{name: "min_grade A3", q: withGrade("A3"), wantNodes: []string{"a", "b", "c"}, wantEdges: []string{"ab", "bc"}},
			{name: "min_grade 2", q: withGrade("2"), wantNodes: []string{"a", "b"}, wantEdges: []string{"ab"}},
		})
	})

	run(t, "as_of", func(t *testing.T) {
		s, f := load(t, newStore, calendarGraph())
		spokes := func(ids ...string) ([]string, []string) {
			nodes, edges := []string{"hub"}, []string{}
			for _, id := range ids {
				nodes = append(nodes, id)
				edges = append(edges, "h-"+id)
			}
			return nodes, edges
		}
		tests := []struct {
			asOf graph.Date
			want []string
		}{
			// since 2024-10 holds on 2024-10-18; until 2024 holds on any day of 2024.
			{"2024-10-18", []string{"s1", "s3", "s6", "s8"}},
			// A month as_of overlaps since 2024-10-19 and until 2024-10-17.
			{"2024-10", []string{"s1", "s2", "s3", "s4", "s6", "s8"}},
			{"2024", []string{"s1", "s2", "s3", "s4", "s6", "s7", "s8"}},
			{"2023-12-31", []string{"s3", "s4", "s5", "s6"}},
			{"2022-06", []string{"s3", "s4", "s6", "s9"}},
			{"1999", []string{"s3", "s4", "s6"}},
			{"", []string{"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"}},
		}
		var cases []neighborhoodCase
		for _, tt := range tests {
			nodes, edges := spokes(tt.want...)
			cases = append(cases, neighborhoodCase{
				name:      "as of " + string(tt.asOf),
				q:         graph.NeighborhoodQuery{Seed: "hub", AsOf: tt.asOf, Clearance: graph.Clear},
				wantNodes: nodes, wantEdges: edges,
			})
		}
		runNeighborhood(t, s, f, cases)
	})

	run(t, "min_grade", func(t *testing.T) {
		s, f := load(t, newStore, gradeGraph())
		tests := []struct {
			min  string
			want []string
		}{
			{"", []string{"g1", "g2", "g3", "g4", "g5", "g6"}},
			{"B", []string{"g1", "g2", "g4", "g6"}},
			{"A", []string{"g1", "g4"}},
			{"2", []string{"g1", "g2", "g5", "g6"}},
			{"B2", []string{"g1", "g2", "g6"}},
			{"A1", []string{"g1"}},
			{"F6", []string{"g1", "g2", "g3", "g4", "g5", "g6"}},
			{"E", []string{"g1", "g2", "g3", "g4", "g6"}},
		}
		var cases []neighborhoodCase
		for _, tt := range tests {
			m, err := graph.ParseMinGrade(tt.min)
			if err != nil {
				t.Fatal(err)
			}
			nodes, edges := []string{"gh"}, []string{}
			for _, id := range tt.want {
				nodes = append(nodes, id)
				edges = append(edges, "gh-"+id)
			}
			cases = append(cases, neighborhoodCase{
				name:      "min_grade " + tt.min,
				q:         graph.NeighborhoodQuery{Seed: "gh", MinGrade: m, Clearance: graph.Clear},
				wantNodes: nodes, wantEdges: edges,
			})
		}
		runNeighborhood(t, s, f, cases)
	})

	// Kept nodes are the first Limit in (hop distance, id) order: a0 is two
	// hops out, so it goes before any one-hop node is dropped, though its id
	// sorts first. Edges are induced among the kept nodes.
	run(t, "limit and truncation", func(t *testing.T) {
		s, f := load(t, newStore, limitGraph())
		q := func(depth, limit int) graph.NeighborhoodQuery {
			return graph.NeighborhoodQuery{Seed: "t", Depth: depth, Limit: limit, Clearance: graph.Clear}
		}
		runNeighborhood(t, s, f, []neighborhoodCase{
			{name: "limit 1 keeps the seed", q: q(2, 1), wantNodes: []string{"t"}, wantTruncated: true},
			{name: "limit 3", q: q(2, 3), wantNodes: []string{"t", "n1", "n2"},
				wantEdges: []string{"t-n1", "n2-t", "n1-n2"}, wantTruncated: true},
			{name: "limit 4 drops the far node first", q: q(2, 4), wantNodes: []string{"t", "n1", "n2", "n3"},
				wantEdges: []string{"t-n1", "n2-t", "n1-n2", "t-n3"}, wantTruncated: true},
			{name: "limit equal to the count is not truncated", q: q(2, 5),
				wantNodes: []string{"t", "n1", "n2", "n3", "a0"},
				wantEdges: []string{"t-n1", "n2-t", "n1-n2", "t-n3", "n3-a0"}},
			{name: "limit 0 means the default", q: q(2, 0),
				wantNodes: []string{"t", "n1", "n2", "n3", "a0"},
				wantEdges: []string{"t-n1", "n2-t", "n1-n2", "t-n3", "n3-a0"}},
			{name: "depth 1 over the limit", q: q(1, 3), wantNodes: []string{"t", "n1", "n2"},
				wantEdges: []string{"t-n1", "n2-t", "n1-n2"}, wantTruncated: true},
			{name: "depth 1 within the limit", q: q(1, 4), wantNodes: []string{"t", "n1", "n2", "n3"},
				wantEdges: []string{"t-n1", "n2-t", "n1-n2", "t-n3"}},
		})
	})
}
