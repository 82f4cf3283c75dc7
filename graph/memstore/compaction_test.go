package memstore

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// TestArenaCompaction rewrites every edge until the arena is compacted and
// checks that answers and the id table survive it.
func TestArenaCompaction(t *testing.T) {
	ctx := context.Background()
	b := gen.Generate(2000, 20000, 5)
	for i := range b.Edges {
		b.Edges[i].Note = strings.Repeat("n", 100)
	}
	s := openLoaded(t, filepath.Join(t.TempDir(), "db"), b)
	defer s.Close()
	for round := range 2 {
		for i := range b.Edges {
			b.Edges[i].Note = fmt.Sprintf("round %d %s", round, strings.Repeat("m", 90))
		}
		if err := s.Upsert(ctx, graph.Batch{Edges: b.Edges}); err != nil {
			t.Fatal(err)
		}
	}
	if s.arenaDead > len(s.arena)/2 {
		t.Fatalf("arena not compacted: %d of %d bytes dead", s.arenaDead, len(s.arena))
	}
	// Node records too: rewrite every node with a long summary, twice,
	// holding an answer from before (its strings view the old chunks).
	held, err := s.Entity(ctx, b.Nodes[5].ID, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	heldNode := held.Nodes[0]
	wantHeld := strings.Clone(heldNode.Name) + "|" + strings.Clone(heldNode.Summary)
	for round := range 2 {
		for i := range b.Nodes {
			b.Nodes[i].Summary = fmt.Sprintf("round %d %s", round, strings.Repeat("s", 600))
		}
		if err := s.Upsert(ctx, graph.Batch{Nodes: b.Nodes}); err != nil {
			t.Fatal(err)
		}
	}
	if nb := s.nodeBytes; nb.dead > nb.live || nb.live < 600*len(b.Nodes) {
		t.Fatalf("node records not compacted: %d bytes live, %d dead", nb.live, nb.dead)
	}
	for _, n := range b.Nodes {
		g, err := s.Entity(ctx, n.ID, graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		if x := g.Nodes[slices.IndexFunc(g.Nodes, func(x graph.Node) bool { return x.ID == n.ID })]; x.Summary != n.Summary || x.Name != n.Name {
			t.Fatalf("node %s after compaction: %q %q, want %q %q", n.ID, x.Name, x.Summary, n.Name, n.Summary)
		}
	}
	if got := heldNode.Name + "|" + heldNode.Summary; got != wantHeld {
		t.Fatalf("an answer held across the compaction changed: %q, want %q", got, wantHeld)
	}
	for _, i := range []int{0, 777, len(b.Edges) - 1} {
		e := b.Edges[i]
		if _, ok := s.lookupEdge(e.ID); !ok {
			t.Fatalf("edge %s lost from the id table", e.ID)
		}
		g, err := s.Entity(ctx, e.From, graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range g.Edges {
			if x.ID == e.ID {
				found = x.Note == e.Note && slices.Equal(x.Sources, e.Sources)
			}
		}
		if !found {
			t.Errorf("edge %s after compaction differs from %+v", e.ID, e)
		}
	}
}
