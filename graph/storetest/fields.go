package storetest

import (
	"testing"

	"linkchart/graph"
	"linkchart/internal/everyfield"
)

// filledBatch is a source, two nodes and an edge between them with every
// field of the model set (everyfield.Fill), ids and references made valid.
func filledBatch() graph.Batch {
	var s graph.Source
	var a, b graph.Node
	var e graph.Edge
	for _, p := range []any{&s, &a, &b, &e} {
		everyfield.Fill(p)
	}
	s.ID, a.ID, b.ID, e.ID = "src-filled", "node-filled-a", "node-filled-b", "edge-filled"
	e.From, e.To, e.Type, e.Sources = a.ID, b.ID, graph.Commands, []string{s.ID}
	return graph.Batch{Sources: []graph.Source{s}, Nodes: []graph.Node{a, b}, Edges: []graph.Edge{e}}
}

// testEveryField writes records with every field of the model set and
// reads them back whole: a field that a store's encoding forgets fails
// here.
func testEveryField(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, filledBatch())
	for _, id := range []string{"node-filled-a", "node-filled-b"} {
		g := entity(t, s, id, graph.Red)
		checkSubgraph(t, f, g, graph.Red)
		if len(g.Nodes) != 2 || len(g.Edges) != 1 || len(g.Sources) != 1 {
			t.Errorf("Entity(%s) = %d nodes, %d edges, %d sources; want 2, 1, 1", id, len(g.Nodes), len(g.Edges), len(g.Sources))
		}
	}
	got, err := s.Source(t.Context(), "src-filled")
	if err != nil {
		t.Fatal(err)
	}
	if want := f.sources["src-filled"]; got != want {
		t.Errorf("Source(src-filled):\n got %+v\nwant %+v", got, want)
	}
}
