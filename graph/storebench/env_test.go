package storebench_test

import (
	"os"
	"strconv"
	"sync"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
	"linkchart/graph/storebench"
)

// The benchmark graphs come from gen.Generate with seed 1 (the graph of
// `linkchart gen --seed 1`), sized by the environment:
//
//	BENCH_NODES, BENCH_EDGES              the graph (default 100k nodes, 1M edges)
//	BENCH_NEO4J_NODES, BENCH_NEO4J_EDGES  a smaller graph for Neo4j (default:
//	                                      the same; nodes default to the same
//	                                      nodes per edge as the main graph)
//	BENCH_IMPORT_BATCH                    records per Upsert (default 100k)
//
// When Neo4j gets a smaller graph, the memstore benchmarks also run on that
// graph, so that every ratio compares the two stores on one graph. The
// sub-benchmarks are named by graph: BenchmarkMemstore/g100k-1M/Search.

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// size is a graph size.
type size struct{ nodes, edges int }

func (s size) String() string { return "g" + short(s.nodes) + "-" + short(s.edges) }

func short(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1_000 && n%1_000 == 0:
		return strconv.Itoa(n/1_000) + "k"
	}
	return strconv.Itoa(n)
}

func mainSize() size {
	return size{envInt("BENCH_NODES", 100_000), envInt("BENCH_EDGES", 1_000_000)}
}

func neo4jSize() size {
	m := mainSize()
	edges := min(envInt("BENCH_NEO4J_EDGES", m.edges), m.edges)
	nodes := envInt("BENCH_NEO4J_NODES", max(1, int(int64(m.nodes)*int64(edges)/int64(max(m.edges, 1)))))
	return size{nodes, edges}
}

func importBatch() int { return envInt("BENCH_IMPORT_BATCH", storebench.DefaultBatch) }

var (
	graphsMu sync.Mutex
	graphs   = map[size]graph.Batch{}
)

// benchGraph generates the graph of size s once per process.
func benchGraph(s size) graph.Batch {
	graphsMu.Lock()
	defer graphsMu.Unlock()
	g, ok := graphs[s]
	if !ok {
		g = gen.Generate(s.nodes, s.edges, 1)
		graphs[s] = g
	}
	return g
}

// forEachSize runs f as a sub-benchmark per graph size the store is
// measured on.
func forEachSize(b *testing.B, sizes []size, f func(b *testing.B, s size, g graph.Batch)) {
	for _, s := range sizes {
		b.Run(s.String(), func(b *testing.B) { f(b, s, benchGraph(s)) })
	}
}
