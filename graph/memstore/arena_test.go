package memstore

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// TestArenaLimit brings the arena to its limit (lowered, so that the test
// does not allocate 4 GiB): a write past it is refused whole with a clear
// error, a write that fits once the dead records are dropped compacts
// first, and every edge still reads its own record.
func TestArenaLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	b := gen.Generate(50, 200, 3)
	s := openLoaded(t, path, b)
	defer func() { s.Close() }()
	defer func(was int) { maxArena = was }(maxArena)
	maxArena = len(s.arena) + coldBound(b.Edges[:10], len(s.sources)) // room for ten more records, not eleven
	before := dump(t, s, b)

	more := make([]graph.Edge, 11)
	for i := range more {
		more[i] = b.Edges[i]
		more[i].ID = "more-" + b.Edges[i].ID
	}
	err := s.Upsert(t.Context(), graph.Batch{Edges: more})
	if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "bytes") {
		t.Fatalf("a write past the arena's limit: %v, want ErrInvalid naming the limit", err)
	}
	if _, ok := s.lookupEdge(more[0].ID); ok {
		t.Fatal("the refused batch is in the index")
	}
	if after := dump(t, s, b); !reflect.DeepEqual(after, before) {
		t.Fatal("the refused batch changed the answers")
	}
	// Rewriting edges, ten at a time, needs fresh records too: the old ones
	// are dead, so the arena is compacted first rather than passing the
	// limit.
	for round := range 3 {
		for i := 0; i < len(b.Edges); i += 10 {
			chunk := b.Edges[i : i+10]
			for k := range chunk {
				chunk[k].Note = strings.Repeat("x", round)
			}
			if err := s.Upsert(t.Context(), graph.Batch{Edges: chunk}); err != nil {
				t.Fatalf("round %d, rewriting edges %d-%d: %v", round, i, i+9, err)
			}
			if len(s.arena) > maxArena {
				t.Fatalf("round %d: arena at %d bytes, limit %d", round, len(s.arena), maxArena)
			}
		}
	}
	s = reopen(t, s, path)
	after := dump(t, s, b)
	for _, e := range b.Edges[:20] {
		g := after[e.From]
		k := slices.IndexFunc(g.Edges, func(x graph.Edge) bool { return x.ID == e.ID })
		if k < 0 || g.Edges[k].Note != e.Note || !slices.Equal(g.Edges[k].Sources, e.Sources) {
			t.Fatalf("edge %s after the refused write and the rewrites: %+v, want %+v", e.ID, g.Edges, e)
		}
	}
}

// TestTypeLimit refuses a batch whose relation types would pass the
// uint16 type index (lowered here).
func TestTypeLimit(t *testing.T) {
	b := gen.Generate(20, 40, 3)
	s := openLoaded(t, filepath.Join(t.TempDir(), "db"), b)
	defer s.Close()
	defer func(was int) { maxTypes = was }(maxTypes)
	maxTypes = len(s.types) + 1
	e1, e2 := b.Edges[0], b.Edges[1]
	e1.ID, e1.Type = "new-type-1", "NEW_TYPE_1"
	e2.ID, e2.Type = "new-type-2", "NEW_TYPE_2"
	if err := s.Upsert(t.Context(), graph.Batch{Edges: []graph.Edge{e1, e2}}); !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("two new types past the limit: %v, want ErrInvalid", err)
	}
	if err := s.Upsert(t.Context(), graph.Batch{Edges: []graph.Edge{e1}}); err != nil {
		t.Fatalf("one new type, at the limit: %v", err)
	}
}
