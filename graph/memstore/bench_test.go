package memstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"linkchart/graph"
	"linkchart/graph/gen"
	"linkchart/graph/memstore"
)

// The benchmark graph: 100k nodes, 1M edges (BENCH_NODES, BENCH_EDGES
// override), generated and loaded once per process.
var (
	benchOnce  sync.Once
	benchStore *memstore.Store
	benchBatch graph.Batch
	benchDir   string
	benchErr   error
)

func benchSize() (int, int) {
	nodes, edges := 100_000, 1_000_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_NODES")); err == nil {
		nodes = v
	}
	if v, err := strconv.Atoi(os.Getenv("BENCH_EDGES")); err == nil {
		edges = v
	}
	return nodes, edges
}

func loadBench(b *testing.B) (*memstore.Store, graph.Batch) {
	b.Helper()
	benchOnce.Do(func() {
		memstore.SetCheckPlan(false)
		nodes, edges := benchSize()
		benchBatch = gen.Generate(nodes, edges, 1)
		benchDir, benchErr = os.MkdirTemp("", "memstore-bench")
		if benchErr != nil {
			return
		}
		benchStore, benchErr = memstore.Open(filepath.Join(benchDir, "db"))
		if benchErr != nil {
			return
		}
		if benchErr = benchStore.Upsert(context.Background(), benchBatch); benchErr != nil {
			return
		}
		// Questions are asked of the store reopened, as a server opens its
		// file (Open loads the index in key order).
		benchStore.Close()
		benchStore, benchErr = memstore.Open(filepath.Join(benchDir, "db"))
		// The questions need only the nodes: a server does not keep its
		// import batch, and a million live edge structs would make every
		// garbage collection of the query benchmarks mark them.
		benchBatch.Edges = nil
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchStore, benchBatch
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchStore != nil {
		benchStore.Close()
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// cpuTime is the CPU time this process has used (all threads, GC too).
// The machine is shared: wall-clock latencies suffer from other
// processes, CPU time per operation does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// latencies runs op b.N times over a fixed sequence of inputs and reports
// p50 and p99 in µs.
func latencies(b *testing.B, op func(i int) error) {
	b.Helper()
	lat := make([]time.Duration, 0, b.N)
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/1e3/float64(b.N), "cpu-µs/op")
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
		b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
	}
}

// seeds picks deterministic random node ids.
func seeds(bt graph.Batch, n int, salt uint64) []string {
	r := rand.New(rand.NewPCG(salt, 99))
	out := make([]string, n)
	for i := range out {
		out[i] = bt.Nodes[r.IntN(len(bt.Nodes))].ID
	}
	return out
}

func BenchmarkSearch(b *testing.B) {
	s, bt := loadBench(b)
	r := rand.New(rand.NewPCG(3, 4))
	var queries []string
	for range 1000 {
		name := []rune(graph.Normalize(bt.Nodes[r.IntN(len(bt.Nodes))].Name))
		switch r.IntN(3) {
		case 0: // a prefix
			name = name[:max(3, len(name)*2/3)]
		case 1: // a typo
			if len(name) > 5 {
				name[len(name)-2], name[len(name)-3] = name[len(name)-3], name[len(name)-2]
			}
		}
		queries = append(queries, string(name))
	}
	latencies(b, func(i int) error {
		_, err := s.Search(context.Background(), graph.SearchQuery{Text: queries[i%len(queries)], Clearance: graph.Red})
		return err
	})
}

func benchNeighborhood(b *testing.B, depth, limit int) {
	s, bt := loadBench(b)
	ids := seeds(bt, 1000, 5)
	sizes := 0
	latencies(b, func(i int) error {
		g, err := s.Neighborhood(context.Background(), graph.NeighborhoodQuery{
			Seed: ids[i%len(ids)], Depth: depth, Limit: limit, Clearance: graph.Red})
		sizes += len(g.Nodes) + len(g.Edges)
		return err
	})
	b.ReportMetric(float64(sizes)/float64(b.N), "records/op")
}

func BenchmarkNeighborhood1Hop(b *testing.B)         { benchNeighborhood(b, 1, 500) }
func BenchmarkNeighborhood2HopLimit500(b *testing.B) { benchNeighborhood(b, 2, 500) }

func BenchmarkShortestPath(b *testing.B) {
	s, bt := loadBench(b)
	from, to := seeds(bt, 1000, 6), seeds(bt, 1000, 7)
	found := 0
	latencies(b, func(i int) error {
		a, err := s.Paths(context.Background(), graph.PathQuery{From: from[i%1000], To: to[i%1000], Clearance: graph.Red})
		found += len(a.Paths)
		return err
	})
	b.ReportMetric(float64(found)/float64(b.N), "paths/op")
}

func BenchmarkPaths3(b *testing.B) {
	s, bt := loadBench(b)
	from, to := seeds(bt, 1000, 8), seeds(bt, 1000, 9)
	latencies(b, func(i int) error {
		_, err := s.Paths(context.Background(), graph.PathQuery{From: from[i%1000], To: to[i%1000], K: 3, Clearance: graph.Red})
		return err
	})
}

// BenchmarkImport writes the whole generated graph into a fresh store in
// one batch (one synced bbolt transaction).
func BenchmarkImport(b *testing.B) { benchImport(b, 0) }

// BenchmarkImportBatched writes it in Upserts of 100k records (sources and
// nodes first), as storebench.Load does.
func BenchmarkImportBatched(b *testing.B) { benchImport(b, 100_000) }

// batches cuts bt into batches of about n records (n = 0: one batch).
func batches(bt graph.Batch, n int) []graph.Batch {
	if n == 0 {
		return []graph.Batch{bt}
	}
	var out []graph.Batch
	cur := graph.Batch{Sources: bt.Sources}
	flush := func() {
		out = append(out, cur)
		cur = graph.Batch{}
	}
	for i := 0; i < len(bt.Nodes); i += n {
		cur.Nodes = bt.Nodes[i:min(i+n, len(bt.Nodes))]
		flush()
	}
	for i := 0; i < len(bt.Edges); i += n {
		cur.Edges = bt.Edges[i:min(i+n, len(bt.Edges))]
		flush()
	}
	return out
}

func benchImport(b *testing.B, batch int) {
	nodes, edges := benchSize()
	bt := gen.Generate(nodes, edges, 1)
	parts := batches(bt, batch)
	defer memstore.SetCheckPlan(memstore.SetCheckPlan(false))
	var total, cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), fmt.Sprintf("db%d", i))
		s, err := memstore.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0, c0 := time.Now(), cpuTime()
		for _, part := range parts {
			if err := s.Upsert(context.Background(), part); err != nil {
				b.Fatal(err)
			}
		}
		total += time.Since(t0)
		cpu += cpuTime() - c0
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(bt.Edges))*float64(b.N)/total.Seconds(), "edges/s")
	b.ReportMetric(float64(len(bt.Edges))*float64(b.N)/cpu.Seconds(), "edges/cpu-s")
}

// BenchmarkOpen reloads the index from the file, and reports the heap it
// holds per edge (heap in use after Open minus before, after GC).
func BenchmarkOpen(b *testing.B) {
	nodes, edges := benchSize()
	path := filepath.Join(b.TempDir(), "db")
	defer memstore.SetCheckPlan(memstore.SetCheckPlan(false))
	func() {
		s, err := memstore.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		if err := s.Upsert(context.Background(), gen.Generate(nodes, edges, 1)); err != nil {
			b.Fatal(err)
		}
	}()
	var perEdge float64
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		b.StartTimer()
		s, err := memstore.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&m1)
		perEdge = float64(int64(m1.HeapInuse)-int64(m0.HeapInuse)) / float64(edges)
		runtime.KeepAlive(s)
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(perEdge, "heap-B/edge")
}
