package storetest

import (
	"maps"
	"reflect"
	"testing"

	"linkchart/graph"
)

// testSchema covers Schema: counts of what each clearance sees. Kinds and
// types with no visible record are left out of the maps (the maps are
// never nil).
func testSchema(t *testing.T, newStore NewStore) {
	run(t, "empty store", func(t *testing.T) {
		s := newStore(t)
		checkSchema(t, s, graph.Red, newFixture(graph.Batch{}))
	})
	s, f := load(t, newStore, coreGraph())
	tests := []struct {
		clearance graph.Marking
		want      graph.Schema
	}{
		{graph.Clear, graph.Schema{
			Kinds: map[string]int{"Person": 2, "Unit": 2, "Organization": 2, "Place": 2, "WeaponSystem": 1},
			Types: map[string]int{"MET": 1, "COMMANDS": 1, "PART_OF": 2, "TRANSPORTED": 1, "BASED_IN": 1,
				"AFFILIATED_WITH": 1, "OPERATES": 2},
			Counts: graph.Counts{Nodes: 9, Edges: 9, Sources: 3},
		}},
		{graph.Amber, graph.Schema{
			Kinds: map[string]int{"Person": 2, "Unit": 2, "Organization": 2, "Place": 2, "WeaponSystem": 1},
			Types: map[string]int{"MET": 1, "COMMANDS": 1, "PART_OF": 2, "TRANSPORTED": 1, "BASED_IN": 1,
				"AFFILIATED_WITH": 1, "OPERATES": 2, "VISITED": 1},
			Counts: graph.Counts{Nodes: 9, Edges: 10, Sources: 3},
		}},
		{graph.Red, graph.Schema{
			Kinds: map[string]int{"Person": 3, "Unit": 2, "Organization": 2, "Place": 2, "WeaponSystem": 1},
			Types: map[string]int{"MET": 2, "COMMANDS": 1, "PART_OF": 2, "TRANSPORTED": 1, "BASED_IN": 1,
				"AFFILIATED_WITH": 1, "OPERATES": 2, "VISITED": 2},
			Counts: graph.Counts{Nodes: 10, Edges: 12, Sources: 4},
		}},
	}
	for _, tt := range tests {
		run(t, string(tt.clearance), func(t *testing.T) {
			got, err := s.Schema(t.Context(), tt.clearance)
			if err != nil {
				t.Fatalf("Schema(%s) = %v", tt.clearance, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Schema(%s):\n got %+v\nwant %+v", tt.clearance, got, tt.want)
			}
			checkSchema(t, s, tt.clearance, f) // the model agrees with the table
		})
	}
}

// checkSchema compares a store's Schema at clearance c with the counts of
// the model.
func checkSchema(t *testing.T, s graph.Store, c graph.Marking, f *fixture) {
	t.Helper()
	got, err := s.Schema(t.Context(), c)
	if err != nil {
		t.Fatalf("Schema(%s) = %v", c, err)
	}
	want := graph.Schema{Kinds: map[string]int{}, Types: map[string]int{}}
	for id, n := range f.nodes {
		if f.nodeVisible(id, c) {
			want.Kinds[string(n.Kind)]++
			want.Counts.Nodes++
		}
	}
	cited := map[string]bool{}
	for id, e := range f.edges {
		if f.edgeVisible(id, c) {
			want.Types[e.Type]++
			want.Counts.Edges++
			for _, s := range e.Sources {
				cited[s] = true
			}
		}
	}
	want.Counts.Sources = len(cited)
	if got.Kinds == nil || got.Types == nil {
		t.Errorf("Schema(%s) has a nil map (kinds %v, types %v): want {} for none", c, got.Kinds == nil, got.Types == nil)
	}
	if !maps.Equal(got.Kinds, want.Kinds) || !maps.Equal(got.Types, want.Types) || got.Counts != want.Counts {
		t.Errorf("Schema(%s):\n got %+v\nwant %+v", c, got, want)
	}
}
