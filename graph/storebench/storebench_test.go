package storebench_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
	"linkchart/graph/memstore"
	"linkchart/graph/storebench"
)

func TestQueriesAreFixedAndConnected(t *testing.T) {
	g := gen.Generate(2_000, 10_000, 1)
	q := storebench.NewQueries(g)
	if !reflect.DeepEqual(q, storebench.NewQueries(g)) {
		t.Fatal("NewQueries differs between two calls on one graph")
	}
	n := storebench.NumQueries
	if len(q.Search) != n || len(q.Seeds) != n || len(q.Pairs) != n || len(q.Oversight) != n {
		t.Fatalf("got %d searches, %d seeds, %d pairs, %d oversight questions; want %d each",
			len(q.Search), len(q.Seeds), len(q.Pairs), len(q.Oversight), n)
	}
	adj := map[string][]string{}
	for _, e := range g.Edges {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	for _, p := range q.Pairs[:50] {
		if d := hops(adj, p[0], p[1]); d < 1 || d > 4 {
			t.Errorf("pair %v: %d hops apart, want 1..4", p, d)
		}
	}
}

// hops is the breadth-first distance from a to b, -1 when unreachable.
func hops(adj map[string][]string, a, b string) int {
	dist := map[string]int{a: 0}
	for frontier := []string{a}; len(frontier) > 0; {
		var next []string
		for _, x := range frontier {
			if x == b {
				return dist[x]
			}
			for _, y := range adj[x] {
				if _, ok := dist[y]; !ok {
					dist[y] = dist[x] + 1
					next = append(next, y)
				}
			}
		}
		frontier = next
	}
	return -1
}

// TestLoadInBatches loads a graph in batches smaller than its parts and
// finds all of it in the store; every question of Run is answered.
func TestLoadInBatches(t *testing.T) {
	g := gen.Generate(500, 3_000, 2)
	st, err := memstore.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := storebench.Load(ctx, st, g, 700); err != nil {
		t.Fatal(err)
	}
	sc, err := st.Schema(ctx, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Counts.Nodes != len(g.Nodes) || sc.Counts.Edges != len(g.Edges) {
		t.Fatalf("store holds %d nodes, %d edges; want %d, %d", sc.Counts.Nodes, sc.Counts.Edges, len(g.Nodes), len(g.Edges))
	}
	q := storebench.NewQueries(g)
	found := 0
	for _, p := range q.Pairs {
		a, err := st.Paths(ctx, graph.PathQuery{From: p[0], To: p[1], Clearance: graph.Red})
		if err != nil {
			t.Fatal(err)
		}
		found += len(a.Paths)
	}
	if found != len(q.Pairs) {
		t.Errorf("found paths for %d of %d connected pairs", found, len(q.Pairs))
	}
	for _, oq := range q.Oversight[:20] {
		if _, err := st.Oversight(ctx, oq); err != nil {
			t.Fatal(err)
		}
	}
}
