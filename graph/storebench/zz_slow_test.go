package storebench_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"linkchart/graph"
	"linkchart/graph/memstore"
	"linkchart/graph/storebench"
)

func TestZZSlow(t *testing.T) {
	g := benchGraph(mainSize())
	st, err := memstore.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storebench.Load(context.Background(), st, g, importBatch()); err != nil {
		t.Fatal(err)
	}
	q := storebench.NewQueries(g)
	type qt struct {
		q string
		d time.Duration
		n int
	}
	var all []qt
	for i, s := range q.Search[:300] {
		_ = i
		t0 := time.Now()
		h, _ := st.Search(context.Background(), graph.SearchQuery{Text: s, Clearance: graph.Red})
		all = append(all, qt{s, time.Since(t0), len(h)})
	}
	slices.SortFunc(all, func(a, b qt) int { return int(b.d - a.d) })
	for _, a := range all[:15] {
		t.Logf("%v %q %d", a.d, a.q, a.n)
	}
	t.Logf("median %v", all[len(all)/2].d)
}
