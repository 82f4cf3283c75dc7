package memstore

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"linkchart/graph/gen"
)

// TestMemoryBreakdown prints what the index's parts take per edge (run with
// MEM_BREAKDOWN=1; it loads 100k nodes and 1M edges).
func TestMemoryBreakdown(t *testing.T) {
	if os.Getenv("MEM_BREAKDOWN") == "" {
		t.Skip("set MEM_BREAKDOWN=1")
	}
	s := openTemp(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	if err := s.Upsert(context.Background(), gen.Generate(100_000, 1_000_000, 1)); err != nil {
		t.Fatal(err)
	}
	e := float64(len(s.edges))
	adj := 0
	for _, a := range s.adj {
		adj += 24 + 4*cap(a)
	}
	nodes := 0
	for _, n := range s.nodes {
		nodes += 24 + len(n.rec)
	}
	for _, x := range []struct {
		name  string
		bytes int
	}{
		{"edges", 24 * cap(s.edges)},
		{"arena", cap(s.arena)},
		{"adjacency", adj},
		{"edge id table", 4 * len(s.edgeByID.slots)},
		{"nodes", nodes},
		{"node meta+key", 9 * cap(s.nmeta)},
		{"node id table", 4 * len(s.nodeByID.slots)},
		{"search index", s.search.bytes()},
	} {
		t.Logf("%-28s %6.1f B/edge", x.name, float64(x.bytes)/e)
	}
}
