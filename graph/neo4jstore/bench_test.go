package neo4jstore

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"linkchart/graph"
	"linkchart/graph/gen"
	"linkchart/graph/memstore"
)

// The benchmarks ask the same questions as memstore's of the same generated
// graph, of both stores side by side (sub-benchmarks memstore and neo4j), so
// that their ratio can be read off one run. The graph is 10k nodes and 100k
// edges by default (BENCH_NODES, BENCH_EDGES override), generated and loaded
// into both stores once per process. It replaces whatever the Neo4j database
// holds.

var (
	benchOnce  sync.Once
	benchBatch graph.Batch
	benchMem   *memstore.Store
	benchDir   string
	benchErr   error
)

func benchSize() (int, int) {
	nodes, edges := 10_000, 100_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_NODES")); err == nil {
		nodes = v
	}
	if v, err := strconv.Atoi(os.Getenv("BENCH_EDGES")); err == nil {
		edges = v
	}
	return nodes, edges
}

// benchStores loads the benchmark graph into a fresh memstore and into
// Neo4j, once.
func benchStores(b *testing.B) (map[string]graph.Store, graph.Batch) {
	b.Helper()
	n4j := openTestStore(b)
	benchOnce.Do(func() {
		ctx := context.Background()
		nodes, edges := benchSize()
		benchBatch = gen.Generate(nodes, edges, 1)
		if benchDir, benchErr = os.MkdirTemp("", "neo4jstore-bench"); benchErr != nil {
			return
		}
		if benchMem, benchErr = memstore.Open(filepath.Join(benchDir, "db")); benchErr != nil {
			return
		}
		if benchErr = benchMem.Upsert(ctx, benchBatch); benchErr != nil {
			return
		}
		if benchErr = n4j.Reset(ctx); benchErr != nil {
			return
		}
		benchErr = n4j.Upsert(ctx, benchBatch)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return map[string]graph.Store{"memstore": benchMem, "neo4j": n4j}, benchBatch
}

// sideBySide runs op as a sub-benchmark on each store.
func sideBySide(b *testing.B, op func(b *testing.B, s graph.Store)) {
	stores, _ := benchStores(b)
	for _, name := range []string{"memstore", "neo4j"} {
		b.Run(name, func(b *testing.B) { op(b, stores[name]) })
	}
}

// latencies runs op b.N times over a fixed sequence of inputs and reports
// p50 and p99 in µs.
func latencies(b *testing.B, op func(i int) error) {
	b.Helper()
	lat := make([]time.Duration, 0, 1024)
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
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
	_, bt := benchStores(b)
	r := rand.New(rand.NewPCG(3, 4))
	var queries []string
	for range 1000 {
		name := []rune(graph.Normalize(bt.Nodes[r.IntN(len(bt.Nodes))].Name))
		switch r.IntN(3) {
		case 0: // a prefix
			name = name[:min(len(name), max(3, len(name)*2/3))]
		case 1: // a typo
			if len(name) > 5 {
				name[len(name)-2], name[len(name)-3] = name[len(name)-3], name[len(name)-2]
			}
		}
		queries = append(queries, string(name))
	}
	sideBySide(b, func(b *testing.B, s graph.Store) {
		latencies(b, func(i int) error {
			_, err := s.Search(context.Background(), graph.SearchQuery{Text: queries[i%len(queries)], Clearance: graph.Red})
			return err
		})
	})
}

func benchNeighborhood(b *testing.B, depth, limit int) {
	_, bt := benchStores(b)
	ids := seeds(bt, 1000, 5)
	sideBySide(b, func(b *testing.B, s graph.Store) {
		sizes := 0
		latencies(b, func(i int) error {
			g, err := s.Neighborhood(context.Background(), graph.NeighborhoodQuery{
				Seed: ids[i%len(ids)], Depth: depth, Limit: limit, Clearance: graph.Red})
			sizes += len(g.Nodes) + len(g.Edges)
			return err
		})
		b.ReportMetric(float64(sizes)/float64(b.N), "records/op")
	})
}

func BenchmarkNeighborhood1Hop(b *testing.B)         { benchNeighborhood(b, 1, 500) }
func BenchmarkNeighborhood2HopLimit500(b *testing.B) { benchNeighborhood(b, 2, 500) }

func benchPaths(b *testing.B, k int) {
	_, bt := benchStores(b)
	from, to := seeds(bt, 1000, 6), seeds(bt, 1000, 7)
	sideBySide(b, func(b *testing.B, s graph.Store) {
		found := 0
		latencies(b, func(i int) error {
			a, err := s.Paths(context.Background(), graph.PathQuery{From: from[i%1000], To: to[i%1000], K: k, Clearance: graph.Red})
			found += len(a.Paths)
			return err
		})
		b.ReportMetric(float64(found)/float64(b.N), "paths/op")
	})
}

func BenchmarkShortestPath(b *testing.B) { benchPaths(b, 1) }
func BenchmarkPaths3(b *testing.B)       { benchPaths(b, 3) }

func BenchmarkOversight(b *testing.B) {
	_, bt := benchStores(b)
	var people []string
	for _, n := range bt.Nodes {
		if n.Kind == graph.Person && len(people) < 1000 {
			people = append(people, n.ID)
		}
	}
	sideBySide(b, func(b *testing.B, s graph.Store) {
		latencies(b, func(i int) error {
			_, err := s.Oversight(context.Background(), graph.OversightQuery{Who: people[i%len(people)], Clearance: graph.Red})
			return err
		})
	})
}

// BenchmarkImport writes the whole generated graph in one batch (one
// transaction) into an empty store, memstore and Neo4j side by side, and
// reports edges per second. It leaves the same graph in Neo4j as
// benchStores does.
func BenchmarkImport(b *testing.B) {
	n4j := openTestStore(b)
	ctx := context.Background()
	nodes, edges := benchSize()
	bt := gen.Generate(nodes, edges, 1)
	measure := func(b *testing.B, open func() (graph.Store, error)) {
		var total time.Duration
		for b.Loop() {
			b.StopTimer()
			s, err := open()
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			t0 := time.Now()
			if err := s.Upsert(ctx, bt); err != nil {
				b.Fatal(err)
			}
			total += time.Since(t0)
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(len(bt.Edges))*float64(b.N)/total.Seconds(), "edges/s")
	}
	b.Run("memstore", func(b *testing.B) {
		dir := b.TempDir()
		i := 0
		measure(b, func() (graph.Store, error) {
			i++
			return memstore.Open(filepath.Join(dir, strconv.Itoa(i)))
		})
	})
	b.Run("neo4j", func(b *testing.B) {
		measure(b, func() (graph.Store, error) { return testStore{n4j}, n4j.Reset(ctx) })
	})
}
