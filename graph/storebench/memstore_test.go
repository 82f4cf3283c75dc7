package storebench_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"linkchart/graph"
	"linkchart/graph/memstore"
	"linkchart/graph/storebench"
)

// BenchmarkMemstore measures the embedded store: Import (batched Upserts
// into a fresh file), Open (reloading the index from the file; reports the
// Go heap it holds per edge), then the questions of storebench.Run on the
// reopened store.
func BenchmarkMemstore(b *testing.B) {
	sizes := []size{mainSize()}
	if n := neo4jSize(); n != sizes[0] && os.Getenv("NEO4J_URI") != "" {
		sizes = append(sizes, n)
	}
	forEachSize(b, sizes, func(b *testing.B, s size, g graph.Batch) {
		dir := b.TempDir()
		files := 0
		var path string
		empty := func(b *testing.B) graph.Store {
			if path != "" {
				os.Remove(path)
			}
			files++
			path = filepath.Join(dir, "db"+strconv.Itoa(files))
			st, err := memstore.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			return st
		}
		st := storebench.Import(b, empty, g, importBatch())
		if st == nil { // Import was filtered out
			st = empty(b)
			if _, err := storebench.Load(context.Background(), st, g, importBatch()); err != nil {
				b.Fatal(err)
			}
		}
		open := func() (graph.Store, error) { return memstore.Open(path) }
		b.Run("Open", func(b *testing.B) {
			var perEdge float64
			var took time.Duration
			n := 0
			for b.Loop() {
				if err := st.Close(); err != nil {
					b.Fatal(err)
				}
				var d time.Duration
				var err error
				if st, perEdge, d, err = storebench.HeapPerEdge(open, len(g.Edges)); err != nil {
					b.Fatal(err)
				}
				took += d
				n++
			}
			// ns/op is the time of Open alone, without the collections
			// that the heap measurement needs around it.
			b.ReportMetric(float64(took.Nanoseconds())/float64(n), "ns/op")
			b.ReportMetric(perEdge, "heap-B/edge")
		})
		defer st.Close()
		storebench.Run(b, st, g)
	})
}
