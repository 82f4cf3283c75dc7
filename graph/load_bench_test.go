package graph_test

import (
	"path/filepath"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// BenchmarkLoadCSV reads and checks the CSV triple of a generated graph of
// 100k nodes and 1M edges (what `linkchart import` does before the write),
// and reports edges/s.
func BenchmarkLoadCSV(b *testing.B) {
	bt := gen.Generate(100_000, 1_000_000, 1)
	dir := b.TempDir()
	if err := gen.WriteCSV(dir, bt); err != nil {
		b.Fatal(err)
	}
	files := []string{filepath.Join(dir, "sources.csv"), filepath.Join(dir, "nodes.csv"), filepath.Join(dir, "edges.csv")}
	for b.Loop() {
		got, err := graph.Load(graph.LoadOptions{}, files...)
		if err != nil {
			b.Fatal(err)
		}
		if len(got.Edges) != len(bt.Edges) {
			b.Fatalf("loaded %d edges, want %d", len(got.Edges), len(bt.Edges))
		}
	}
	b.ReportMetric(float64(len(bt.Edges))*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
}
