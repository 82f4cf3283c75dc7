package memstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"linkchart/graph"
	"linkchart/graph/storebench"
)

// BenchmarkSearchBest asks each of storebench's search questions (on the
// graph of BENCH_NODES, BENCH_EDGES) once per round, b.N rounds, and
// reports the p50 and p99 over the questions of each one's fastest round:
// on a machine shared with other work, a question's best time is the
// figure least moved by the others' load (a single round's p99 is mostly
// theirs). Self-contained, so that it can be copied into an older tree
// and the two compared in one run:
//
//	BENCH_NODES=1000000 BENCH_EDGES=1000000 go test -run '^$' -bench SearchBest -benchtime 5x ./graph/memstore
func BenchmarkSearchBest(b *testing.B) {
	s, bt := loadBench(b)
	qs := storebench.NewQueries(bt).Search
	best := make([]time.Duration, len(qs))
	ctx := context.Background()
	for b.Loop() {
		for i, q := range qs {
			t0 := time.Now()
			if _, err := s.Search(ctx, graph.SearchQuery{Text: q, Clearance: graph.Red}); err != nil {
				b.Fatal(err)
			}
			if d := time.Since(t0); best[i] == 0 || d < best[i] {
				best[i] = d
			}
		}
	}
	slices.Sort(best)
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	b.ReportMetric(us(best[len(best)/2]), "best-p50-µs")
	b.ReportMetric(us(best[len(best)*99/100]), "best-p99-µs")
	b.ReportMetric(us(best[len(best)-1]), "best-max-µs")
}
