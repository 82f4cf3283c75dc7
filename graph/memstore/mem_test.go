package memstore

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"unsafe"

	"linkchart/graph/gen"
)

// TestMemoryBreakdown prints what the index's parts take per edge after an
// Open of a generated graph (run with MEM_BREAKDOWN=1; BENCH_NODES and
// BENCH_EDGES size it, 100k nodes and 1M edges by default), beside the heap
// that Open holds (HeapInuse after a GC, minus before), which also counts
// what the parts leave out (fragmentation, small maps). At 1M nodes and 5M
// edges the parts add up to the heap held, 62.3 bytes per edge: edges 16.0,
// edge classes 0.7, arena 11.7, adjacency 17.6, nodes 12.4, node meta 0.2,
// node id keys 0.1, search index 3.6, no id tables (binary search after
// Open).
func TestMemoryBreakdown(t *testing.T) {
	if os.Getenv("MEM_BREAKDOWN") == "" {
		t.Skip("set MEM_BREAKDOWN=1")
	}
	nodes, edges := 100_000, 1_000_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_NODES")); err == nil {
		nodes = v
	}
	if v, err := strconv.Atoi(os.Getenv("BENCH_EDGES")); err == nil {
		edges = v
	}
	path := filepath.Join(t.TempDir(), "db")
	func() {
		s := openTemp(t, path)
		defer s.Close()
		if err := s.Upsert(context.Background(), gen.Generate(nodes, edges, 1)); err != nil {
			t.Fatal(err)
		}
	}()
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m0)
	s := openTemp(t, path)
	defer s.Close()
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m1)
	if out := os.Getenv("MEM_PROFILE"); out != "" {
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	e := float64(len(s.edges))
	t.Logf("%-28s %6.1f B/edge", "heap held by Open", float64(m1.HeapInuse-m0.HeapInuse)/e)
	for _, x := range s.memParts() {
		t.Logf("%-28s %6.1f B/edge", x.name, float64(x.bytes)/e)
	}
}

type memPart struct {
	name  string
	bytes int
}

// memParts is what the index's parts take, in bytes.
func (s *Store) memParts() []memPart {
	adj := 4*cap(s.adjIdx) + 4*cap(s.adjData)
	for _, a := range s.moved {
		adj += 40 + 4*cap(a)
	}
	nodes := int(unsafe.Sizeof(nodeRec{}))*cap(s.nodes) + s.nodeBytes.live + s.nodeBytes.dead
	return []memPart{
		{"edges", int(unsafe.Sizeof(edgeRec{})) * cap(s.edges)},
		{"edge classes", s.classes.bytes()},
		{"arena", len(s.arena)},
		{"arena spare capacity", cap(s.arena) - len(s.arena)},
		{"adjacency", adj},
		{"edge id table", 4 * len(s.edgeByID.slots)},
		{"nodes", nodes},
		{"node meta", cap(s.nmeta)},
		{"node id table", 4 * len(s.nodeByID.slots)},
		{"node id keys", 8 * cap(s.nodeKeys)},
		{"search index", s.search.bytes()},
	}
}
