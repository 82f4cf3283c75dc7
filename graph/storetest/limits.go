package storetest

import (
	"fmt"
	"testing"

	"linkchart/graph"
)

// testLimits asks for more than graph.MaxLimit results: a store answers at
// most MaxLimit (graph.ClampLimit), the neighborhood marked truncated.
func testLimits(t *testing.T, newStore NewStore) {
	leaves := graph.MaxLimit + 50
	b := graph.Batch{Sources: []graph.Source{source("s", "B")}, Nodes: []graph.Node{node("hub", graph.Unit, "Hub")}}
	for i := range leaves {
		id := fmt.Sprintf("leaf-%d", i)
		b.Nodes = append(b.Nodes, node(id, graph.Person, fmt.Sprintf("Leaf %d", i)))
		b.Edges = append(b.Edges, edge("e-"+id, id, graph.MemberOf, "hub", "s"))
	}
	s, _ := load(t, newStore, b)
	run(t, "Neighborhood", func(t *testing.T) {
		g, err := s.Neighborhood(t.Context(), graph.NeighborhoodQuery{Seed: "hub", Limit: 3 * graph.MaxLimit, Clearance: graph.Red})
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Nodes) != graph.MaxLimit || !g.Truncated {
			t.Errorf("Limit %d over %d nodes: got %d nodes, truncated %v; want %d, true", 3*graph.MaxLimit, leaves+1, len(g.Nodes), g.Truncated, graph.MaxLimit)
		}
	})
	run(t, "Search", func(t *testing.T) {
		hits, err := s.Search(t.Context(), graph.SearchQuery{Text: "leaf", Limit: 3 * graph.MaxLimit, Clearance: graph.Red})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != graph.MaxLimit {
			t.Errorf("Limit %d over %d matching nodes: got %d hits, want %d", 3*graph.MaxLimit, leaves, len(hits), graph.MaxLimit)
		}
	})
}
