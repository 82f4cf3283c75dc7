package storetest

import (
	"cmp"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"linkchart/graph"
)

// testTopConnected covers Ranker: the entities with the most relations
// visible at a clearance (a self loop counts once), most first, then by
// id; by kind; and a write is seen by the next question.
func testTopConnected(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, coreGraph())
	r, ok := s.(graph.Ranker)
	if !ok {
		t.Fatalf("%T is not a graph.Ranker", s)
	}
	top := func(t *testing.T, q graph.TopQuery) []graph.Ranked {
		t.Helper()
		got, err := r.TopConnected(t.Context(), q)
		if err != nil {
			t.Fatalf("TopConnected(%+v) = %v", q, err)
		}
		if got == nil {
			t.Fatalf("TopConnected(%+v) = nil, want a non-nil slice", q)
		}
		return got
	}
	degrees := func(got []graph.Ranked) []string {
		out := make([]string, len(got))
		for i, g := range got {
			out[i] = g.ID + ":" + strconv.Itoa(g.Degree)
		}
		return out
	}
	// a: aa (loop), ab, ca, fa, ar (Red), ad (Amber); b: ab, bc, bx1, bx2.
	tests := []struct {
		name string
		q    graph.TopQuery
		want []string
	}{
		{"clear, top 3", graph.TopQuery{N: 3, Clearance: graph.Clear}, []string{"a:4", "b:4", "c:3"}},
		{"amber sees ad", graph.TopQuery{N: 3, Clearance: graph.Amber}, []string{"a:5", "b:4", "c:3"}},
		{"red sees ar and r", graph.TopQuery{N: 4, Clearance: graph.Red}, []string{"a:6", "b:4", "c:3", "d:3"}},
		{"persons", graph.TopQuery{Kind: graph.Person, Clearance: graph.Red}, []string{"a:6", "r:2", "f:1"}},
		{"places at clear: s has no visible relation", graph.TopQuery{Kind: graph.Place, Clearance: graph.Clear}, []string{"e:1"}},
		{"no such kind", graph.TopQuery{Kind: "Nothing", Clearance: graph.Red}, []string{}},
	}
	for _, tt := range tests {
		run(t, tt.name, func(t *testing.T) {
			got := top(t, tt.q)
			if d := degrees(got); !slices.Equal(d, tt.want) {
				t.Errorf("TopConnected(%+v) = %v, want %v", tt.q, d, tt.want)
			}
			for _, g := range got {
				if want := f.nodes[g.ID]; !reflect.DeepEqual(g.Node, want) {
					t.Errorf("node %s:\n got %+v\nwant %+v", g.ID, g.Node, want)
				}
			}
		})
	}
	for _, c := range []graph.Marking{graph.Clear, graph.Amber, graph.Red} {
		run(t, "every node at "+string(c), func(t *testing.T) {
			got := top(t, graph.TopQuery{N: graph.MaxTop, Clearance: c})
			if d, want := degrees(got), degrees(modelTop(f, graph.TopQuery{N: graph.MaxTop, Clearance: c})); !slices.Equal(d, want) {
				t.Errorf("TopConnected(%s) = %v, model %v", c, d, want)
			}
		})
	}
	run(t, "a write is seen", func(t *testing.T) {
		top(t, graph.TopQuery{N: 1, Clearance: graph.Clear}) // fills a cache, if the store keeps one
		b := graph.Batch{Edges: []graph.Edge{edge("ux", "u", "OPERATES", "x", "src-1"), edge("us", "u", "BASED_IN", "s", "src-1"),
			edge("ue", "u", "BASED_IN", "e", "src-1"), edge("uc", "u", "PART_OF", "c", "src-1"), edge("uf", "u", "MET", "f", "src-1")}}
		if err := s.Upsert(t.Context(), b); err != nil {
			t.Fatal(err)
		}
		if d := degrees(top(t, graph.TopQuery{N: 1, Clearance: graph.Clear})); !slices.Equal(d, []string{"u:5"}) {
			t.Errorf("after the write: %v, want [u:5]", d)
		}
	})
}

// modelTop answers q from the fixture's model.
func modelTop(f *fixture, q graph.TopQuery) []graph.Ranked {
	deg := map[string]int{}
	for id, e := range f.edges {
		if f.edgeVisible(id, q.Clearance) {
			deg[e.From]++
			if e.To != e.From {
				deg[e.To]++
			}
		}
	}
	out := []graph.Ranked{}
	for id, d := range deg {
		if q.Kind == "" || f.nodes[id].Kind == q.Kind {
			out = append(out, graph.Ranked{Node: f.nodes[id], Degree: d})
		}
	}
	slices.SortFunc(out, func(a, b graph.Ranked) int { return cmp.Or(b.Degree-a.Degree, cmp.Compare(a.ID, b.ID)) })
	return out[:min(len(out), q.Limit())]
}
