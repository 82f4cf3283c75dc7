package memstore

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// TestRemark: changing an edge's marking in place changes what a walk sees.
func TestRemark(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	b := graph.Batch{
		Sources: []graph.Source{{ID: "src", Title: "S"}},
		Nodes:   []graph.Node{{ID: "a", Kind: graph.Person, Name: "A"}, {ID: "b", Kind: graph.Unit, Name: "B"}},
		Edges:   []graph.Edge{{ID: "ab", From: "a", Type: "COMMANDS", To: "b", Sources: []string{"src"}}},
	}
	see := func(c graph.Marking) (int, int) {
		g, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: "a", Clearance: c})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Paths(ctx, graph.PathQuery{From: "a", To: "b", Clearance: c})
		if err != nil {
			t.Fatal(err)
		}
		return len(g.Edges), len(p.Paths)
	}
	for _, step := range []struct {
		marking    graph.Marking
		clear, red int
	}{
		{graph.Clear, 1, 1},
		{graph.Red, 0, 1},
		{graph.Green, 0, 1},
		{graph.Clear, 1, 1},
	} {
		b.Edges[0].Marking = step.marking
		if err := s.Upsert(ctx, b); err != nil {
			t.Fatal(err)
		}
		ce, cp := see(graph.Clear)
		re, rp := see(graph.Red)
		if ce != step.clear || cp != step.clear || re != step.red || rp != step.red {
			t.Errorf("edge marked %s: CLEAR sees %d edges %d paths, RED %d %d", step.marking, ce, cp, re, rp)
		}
	}
}

// TestMergedAdjacency writes fresh edges in bulk batches onto stores in
// several states (packed, with moved lists, with free edge slots, with new
// nodes and self loops in the batch), and checks after each write that
// every edge id finds its edge, and that the adjacency is well formed and
// equals the one rebuilt from every edge.
func TestMergedAdjacency(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		before func(t *testing.T, s *Store, b graph.Batch) // between bulk batches
	}{
		{"packed", func(*testing.T, *Store, graph.Batch) {}},
		{"moved lists", func(t *testing.T, s *Store, b graph.Batch) {
			for i := range 30 { // small writes: new edges linked one by one
				e := b.Edges[i]
				e.ID = fmt.Sprintf("small-%d-%d", len(s.edges), i)
				e.From, e.To = b.Nodes[i].ID, b.Nodes[(i*37)%1000].ID
				if err := s.Upsert(ctx, graph.Batch{Edges: []graph.Edge{e}}); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"free edge slots", func(t *testing.T, s *Store, b graph.Batch) {
			for i := range 5 {
				if err := s.DeleteEdge(ctx, s.edgeIDString(uint32(i*11))); err != nil {
					t.Fatal(err)
				}
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t, filepath.Join(t.TempDir(), "db"))
			defer s.Close()
			b := gen.Generate(1500, 24000, 7)
			if err := s.Upsert(ctx, graph.Batch{Sources: b.Sources, Nodes: b.Nodes[:1000]}); err != nil {
				t.Fatal(err)
			}
			for k := range 4 {
				part := slices.Clone(b.Edges[k*6000 : (k+1)*6000])
				var nodes []graph.Node
				if k == 2 { // the batch brings nodes of its own
					nodes = b.Nodes[1000:]
				}
				for i := range part {
					if k < 2 && !s.hasNodeID(part[i].From, b.Nodes[:1000]) {
						part[i].From = b.Nodes[i%1000].ID
					}
					if k < 2 && !s.hasNodeID(part[i].To, b.Nodes[:1000]) {
						part[i].To = b.Nodes[(i*7)%1000].ID
					}
					if i%500 == 0 {
						part[i].To = part[i].From // self loops
					}
				}
				if k > 0 {
					tc.before(t, s, b)
				}
				if err := s.Upsert(ctx, graph.Batch{Nodes: nodes, Edges: part}); err != nil {
					t.Fatal(err)
				}
				for _, e := range part { // indexed on the other core
					if i, ok := s.lookupEdge(e.ID); !ok || s.edgeIDString(i) != e.ID {
						t.Fatalf("batch %d: edge %s found %v at an edge of id %q", k, e.ID, ok, s.edgeIDString(i))
					}
				}
				checkAdjacency(t, s)
				gotIdx, gotData := slices.Clone(s.adjIdx), slices.Clone(s.adjData)
				s.buildAdjacency()
				if !slices.Equal(gotIdx, s.adjIdx) || !slices.Equal(gotData, s.adjData) {
					t.Fatalf("batch %d: adjacency differs from the one rebuilt from every edge", k)
				}
			}
		})
	}
}
