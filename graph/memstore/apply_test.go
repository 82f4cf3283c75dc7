package memstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// dump reads every node's entity answer at RED.
func dump(t *testing.T, s *Store, b graph.Batch) map[string]graph.Subgraph {
	t.Helper()
	out := map[string]graph.Subgraph{}
	for _, n := range b.Nodes {
		sg, err := s.Entity(context.Background(), n.ID, graph.Red)
		if err != nil {
			t.Fatalf("Entity(%s) = %v", n.ID, err)
		}
		out[n.ID] = sg
	}
	return out
}

// TestUpdatesKeepIndex moves, replaces and deletes edges and nodes and
// checks the adjacency and the id table against a reopened store.
func TestUpdatesKeepIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	ctx := context.Background()
	b := gen.Generate(300, 1500, 4)
	s := openLoaded(t, path, b)
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 200 {
		e := b.Edges[r.IntN(len(b.Edges))]
		switch i % 4 {
		case 0: // move an edge
			e.To = b.Nodes[r.IntN(len(b.Nodes))].ID
			e.Note = fmt.Sprintf("moved %d", i)
			if err := s.Upsert(ctx, graph.Batch{Edges: []graph.Edge{e}}); err != nil && !errors.Is(err, graph.ErrInvalid) {
				t.Fatal(err)
			}
		case 1:
			if err := s.DeleteEdge(ctx, e.ID); err != nil && !errors.Is(err, graph.ErrNotFound) {
				t.Fatal(err)
			}
		case 2:
			n := b.Nodes[r.IntN(len(b.Nodes))]
			if err := s.DeleteNode(ctx, n.ID); err != nil && !errors.Is(err, graph.ErrNotFound) {
				t.Fatal(err)
			}
		case 3: // reuse a free slot
			n := graph.Node{ID: fmt.Sprintf("fresh-%d", i), Kind: graph.Place, Name: "Fresh place"}
			e2 := graph.Edge{ID: fmt.Sprintf("fresh-e-%d", i), From: n.ID, Type: "NEAR", To: n.ID, Sources: []string{"s0"}}
			if err := s.Upsert(ctx, graph.Batch{Nodes: []graph.Node{n}, Edges: []graph.Edge{e2}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Rewriting live nodes keeps their adjacency (and its from-end count).
	for _, id := range s.liveIDs()[:20] {
		n, _ := s.lookupNode(id)
		x := s.nodes[n].id()
		if err := s.Upsert(ctx, graph.Batch{Nodes: []graph.Node{{ID: x, Kind: graph.Place, Name: "Renamed " + x}}}); err != nil {
			t.Fatal(err)
		}
	}
	checkAdjacency(t, s)
	ids := s.liveIDs()
	whole, err := s.Subgraph(ctx, ids, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]graph.Subgraph{}
	for _, id := range ids {
		sg, err := s.Entity(ctx, id, graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		before[id] = sg
	}
	s.Close()
	s = openTemp(t, path)
	defer s.Close()
	if got := s.liveIDs(); !slices.Equal(got, ids) {
		t.Fatalf("reopened store has %d nodes, want %d", len(got), len(ids))
	}
	checkAdjacency(t, s)
	if got, err := s.Subgraph(ctx, ids, graph.Red); err != nil || !reflect.DeepEqual(got, whole) {
		t.Fatalf("Subgraph of every node differs after reopen (%v): %d edges, want %d", err, len(got.Edges), len(whole.Edges))
	}
	for _, id := range ids {
		sg, err := s.Entity(ctx, id, graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sg, before[id]) {
			t.Fatalf("Entity(%s) differs after reopen:\n%+v\n%+v", id, sg.Edges, before[id].Edges)
		}
	}
}

func (s *Store) liveIDs() []string {
	var ids []string
	for n := range s.nodes {
		if s.nmeta[n]&nodeAlive != 0 {
			ids = append(ids, s.nodes[n].id())
		}
	}
	slices.Sort(ids)
	return ids
}
