package memstore

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// hasNodeID reports whether id is one of nodes.
func (s *Store) hasNodeID(id string, nodes []graph.Node) bool {
	return slices.ContainsFunc(nodes, func(n graph.Node) bool { return n.ID == id })
}

// TestDurable writes, closes, reopens and reads back; a refused batch
// leaves nothing behind, in memory or on disk.
func TestDurable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	ctx := context.Background()
	b := gen.Generate(500, 2000, 9)
	b.Edges[0].Props = map[string]string{"from": "Pyongyang"}
	b.Nodes[0].Props = map[string]string{"rank": "general"}
	s := openLoaded(t, path, b)
	if err := s.DeleteEdge(ctx, b.Edges[1].ID); err != nil {
		t.Fatal(err)
	}
	bad := graph.Batch{
		Nodes: []graph.Node{{ID: "new-node", Kind: graph.Person, Name: "New"}},
		Edges: []graph.Edge{
			{ID: "good", From: "new-node", Type: "MET", To: b.Nodes[1].ID, Sources: []string{"s1"}},
			{ID: "bad", From: "new-node", Type: "MET", To: "missing", Sources: []string{"s1"}},
		},
	}
	if err := s.Upsert(ctx, bad); !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("Upsert(dangling edge) = %v, want ErrInvalid", err)
	}
	if err := s.Create(ctx, graph.Batch{Nodes: []graph.Node{{ID: b.Nodes[3].ID, Kind: graph.Person, Name: "Dup"}}}); !errors.Is(err, graph.ErrAlreadyExists) {
		t.Fatalf("Create(existing id) = %v, want ErrAlreadyExists", err)
	}
	before := dump(t, s, b)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entity(ctx, b.Nodes[0].ID, graph.Red); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("Entity after Close = %v, want ErrUnavailable", err)
	}

	s = openTemp(t, path)
	defer s.Close()
	after := dump(t, s, b)
	if !reflect.DeepEqual(before, after) {
		t.Fatal("the store read back after reopening differs from what was written")
	}
	for _, id := range []string{"new-node", b.Nodes[3].ID} {
		sg, err := s.Entity(ctx, id, graph.Red)
		if id == "new-node" && !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("Entity(%s) after refused batch = %v, want ErrNotFound", id, err)
		}
		if id != "new-node" && (err != nil || sg.Nodes[0].Name == "Dup") {
			t.Errorf("Entity(%s) after refused Create = %v %v", id, sg.Nodes, err)
		}
	}
	if _, err := s.lookupEdge("good"); err {
		t.Error("edge of a refused batch is in the index")
	}
	if n, err := s.Schema(ctx, graph.Red); err != nil || n.Counts.Edges != len(b.Edges)-1 || n.Counts.Nodes != len(b.Nodes) {
		t.Errorf("Schema after reopen = %+v, %v; want %d nodes, %d edges", n.Counts, err, len(b.Nodes), len(b.Edges)-1)
	}
	sg, err := s.Entity(ctx, b.Edges[0].From, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sg.Edges {
		if e.ID == b.Edges[0].ID && e.Props["from"] != "Pyongyang" {
			t.Errorf("edge props after reopen = %v", e.Props)
		}
	}
}

// TestBulkCommitFailure: when the commit of a bulk batch fails after the
// index was built beside it, the index is rebuilt and shows nothing of it.
func TestBulkCommitFailure(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	defer s.Close()
	small := gen.Generate(50, 100, 1)
	if err := s.Upsert(ctx, small); err != nil {
		t.Fatal(err)
	}
	before, err := s.Schema(ctx, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	s.db.MaxSize = 1 << 20 // the next big commit cannot allocate past the end
	big := gen.Generate(20_000, 70_000, 2)
	prefixIDs(&big, "big-")
	big.Sources = nil
	for i := range big.Edges {
		big.Edges[i].Sources = []string{"s0"}
	}
	if err := s.Upsert(ctx, big); err == nil {
		t.Fatal("Upsert past MaxSize succeeded")
	}
	after, err := s.Schema(ctx, graph.Red)
	if err != nil {
		t.Fatalf("Schema after a failed bulk commit = %v", err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("Schema after a failed bulk commit = %+v, want %+v", after.Counts, before.Counts)
	}
	if _, err := s.Entity(ctx, big.Nodes[0].ID, graph.Red); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("Entity of the failed batch = %v, want ErrNotFound", err)
	}
	s.db.MaxSize = 0
	if err := s.Upsert(ctx, graph.Batch{Nodes: []graph.Node{{ID: "later", Kind: graph.Place, Name: "Later"}}}); err != nil {
		t.Errorf("Upsert after recovery = %v", err)
	}
}
