// Package storebench benchmarks any graph.Store on the same questions, so
// that two stores can be compared side by side in one run (what storetest
// is for correctness, storebench is for speed).
//
// A backend's benchmark is a few lines:
//
//	func BenchmarkMemstore(b *testing.B) {
//		g := gen.Generate(100_000, 1_000_000, 1)
//		storebench.Import(b, func(b *testing.B) graph.Store { return emptyStore(b) }, g, storebench.DefaultBatch)
//		st := emptyStore(b)
//		if _, err := storebench.Load(context.Background(), st, g, storebench.DefaultBatch); err != nil {
//			b.Fatal(err)
//		}
//		storebench.Run(b, st, g)
//	}
//
// The questions are drawn from the graph with fixed seeds (NewQueries), so
// every store of the same graph is asked exactly the same things in the
// same order. Each question benchmark reports, beside ns/op, the median and
// 99th percentile of the single operations (p50-µs, p99-µs, from every
// timed operation, not from averages) and how much each answer held (a
// sanity check that both stores did the same work).
package storebench

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"linkchart/graph"
)

// DefaultBatch is how many records one Upsert of Load writes.
const DefaultBatch = 100_000

// NumQueries is how many inputs of each question NewQueries draws; the
// benchmarks cycle through them.
const NumQueries = 1000

// The warm-up before timing starts (JIT, caches, connection pools): the
// first warmup questions, or as many as fit in warmupTime, the same rule
// for every store.
const (
	warmup     = 100
	warmupTime = time.Second
)

// Queries are the fixed inputs of the question benchmarks.
type Queries struct {
	// Search texts: a third exact names, a third prefixes (the first two
	// thirds of a name, at least 3 letters), a third names with one letter
	// of a word of 4 or more letters replaced (one edit, a "small typo").
	Search []string
	// Seeds of the neighborhood questions: nodes drawn uniformly.
	Seeds []string
	// Pairs of path questions: a node drawn uniformly and the end of a
	// random walk of 1 to 4 hops from it (edges in either direction), so
	// that every pair is connected within the default path depth.
	Pairs [][2]string
	// Oversight questions: Who for even, What for odd indexes; overseers
	// are drawn among the persons with an oversight edge, targets among the
	// ends of those edges.
	Oversight []graph.OversightQuery
}

// NewQueries draws the questions from g, the same for the same g.
func NewQueries(g graph.Batch) Queries {
	var q Queries
	if len(g.Nodes) == 0 {
		return q
	}
	r := rand.New(rand.NewPCG(9, 1))
	for i := range NumQueries {
		name := g.Nodes[r.IntN(len(g.Nodes))].Name
		switch i % 3 {
		case 1:
			name = prefix(name)
		case 2:
			name = typo(r, name)
		}
		q.Search = append(q.Search, name)
	}

	r = rand.New(rand.NewPCG(9, 2))
	for range NumQueries {
		q.Seeds = append(q.Seeds, g.Nodes[r.IntN(len(g.Nodes))].ID)
	}

	q.Pairs = connectedPairs(g, rand.New(rand.NewPCG(9, 3)))

	kind := make(map[string]graph.Kind, len(g.Nodes))
	for _, n := range g.Nodes {
		kind[n.ID] = n.Kind
	}
	var over []graph.Edge
	for _, e := range g.Edges {
		if graph.IsOversight(e.Type) && kind[e.From] == graph.Person {
			over = append(over, e)
		}
	}
	if len(over) > 0 {
		r = rand.New(rand.NewPCG(9, 4))
		for i := range NumQueries {
			e := over[r.IntN(len(over))]
			if i%2 == 0 {
				q.Oversight = append(q.Oversight, graph.OversightQuery{Who: e.From, Clearance: graph.Red})
			} else {
				q.Oversight = append(q.Oversight, graph.OversightQuery{What: e.To, Clearance: graph.Red})
			}
		}
	}
	return q
}

// prefix is the first two thirds of name, at least 3 letters.
func prefix(name string) string {
	rs := []rune(name)
	return string(rs[:min(len(rs), max(3, len(rs)*2/3))])
}

// typo replaces one letter inside a word of at least 4 letters of name,
// when there is one.
func typo(r *rand.Rand, name string) string {
	rs := []rune(name)
	var at []int // inner letters of long enough words
	start := 0
	for i := 0; i <= len(rs); i++ {
		if i == len(rs) || rs[i] == ' ' || rs[i] == '-' {
			if i-start >= 4 {
				for j := start + 1; j < i-1; j++ {
					at = append(at, j)
				}
			}
			start = i + 1
		}
	}
	if len(at) == 0 {
		return name
	}
	j := at[r.IntN(len(at))]
	c := rune('a' + r.IntN(26))
	if c == rs[j] {
		c = 'a' + (c-'a'+1)%26
	}
	rs[j] = c
	return string(rs)
}

// connectedPairs draws NumQueries pairs joined by a random walk.
func connectedPairs(g graph.Batch, r *rand.Rand) [][2]string {
	index := make(map[string]int32, len(g.Nodes))
	for i, n := range g.Nodes {
		index[n.ID] = int32(i)
	}
	// Undirected adjacency in compressed rows.
	deg := make([]int32, len(g.Nodes)+1)
	for _, e := range g.Edges {
		a, okA := index[e.From]
		b, okB := index[e.To]
		if okA && okB {
			deg[a+1]++
			deg[b+1]++
		}
	}
	for i := 1; i < len(deg); i++ {
		deg[i] += deg[i-1]
	}
	adj := make([]int32, deg[len(deg)-1])
	fill := slices.Clone(deg[:len(deg)-1])
	for _, e := range g.Edges {
		a, okA := index[e.From]
		b, okB := index[e.To]
		if okA && okB {
			adj[fill[a]] = b
			fill[a]++
			adj[fill[b]] = a
			fill[b]++
		}
	}
	var pairs [][2]string
	for tries := 0; len(pairs) < NumQueries && tries < 100*NumQueries; tries++ {
		from := int32(r.IntN(len(g.Nodes)))
		at := from
		for range 1 + r.IntN(4) {
			lo, hi := deg[at], deg[at+1]
			if lo == hi {
				break
			}
			at = adj[lo+int32(r.IntN(int(hi-lo)))]
		}
		if at != from {
			pairs = append(pairs, [2]string{g.Nodes[from].ID, g.Nodes[at].ID})
		}
	}
	return pairs
}

// Run benchmarks the questions on st, which must hold g (see Load), as
// sub-benchmarks Search, Neighborhood1Hop, Neighborhood2HopLimit500,
// ShortestPath (k=1), OversightWho and OversightWhat.
func Run(b *testing.B, st graph.Store, g graph.Batch) {
	q := NewQueries(g)
	ctx := context.Background()
	b.Run("Search", func(b *testing.B) {
		latencies(b, len(q.Search), "hits/op", func(i int) (int, error) {
			h, err := st.Search(ctx, graph.SearchQuery{Text: q.Search[i], Clearance: graph.Red})
			return len(h), err
		})
	})
	neighborhood := func(depth, limit int) func(b *testing.B) {
		return func(b *testing.B) {
			latencies(b, len(q.Seeds), "records/op", func(i int) (int, error) {
				sg, err := st.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: q.Seeds[i], Depth: depth, Limit: limit, Clearance: graph.Red})
				return len(sg.Nodes) + len(sg.Edges), err
			})
		}
	}
	b.Run("Neighborhood1Hop", neighborhood(1, graph.DefaultLimit))
	b.Run("Neighborhood2HopLimit500", neighborhood(2, 500))
	b.Run("ShortestPath", func(b *testing.B) {
		if len(q.Pairs) == 0 {
			b.Skip("no connected pairs in the graph")
		}
		latencies(b, len(q.Pairs), "paths/op", func(i int) (int, error) {
			a, err := st.Paths(ctx, graph.PathQuery{From: q.Pairs[i][0], To: q.Pairs[i][1], K: 1, Clearance: graph.Red})
			return len(a.Paths), err
		})
	})
	// Who and What ask different amounts of work (everything below an
	// overseer's units, against a walk up from one target), so they are
	// measured apart.
	for _, side := range []struct {
		name string
		odd  int
	}{{"OversightWho", 0}, {"OversightWhat", 1}} {
		b.Run(side.name, func(b *testing.B) {
			if len(q.Oversight) < 2 {
				b.Skip("no oversight edges in the graph")
			}
			n := len(q.Oversight) / 2
			latencies(b, n, "answers/op", func(i int) (int, error) {
				a, err := st.Oversight(ctx, q.Oversight[2*i+side.odd])
				return len(a.Answers), err
			})
		})
	}
}

// latencies asks question i%n (after a warm-up of the first questions,
// untimed) until the benchmark time is up, and reports the p50 and p99 of
// the single operations in µs, how many were timed (ops), and the mean of
// the sizes that op returns (answers, records) as unit.
//
// b.Loop may overshoot the benchmark time many times over when a few
// operations are far slower than the first ones (its next round is sized
// from the rounds so far). So once the operations have taken budget (three
// times -test.benchtime), the remaining rounds ask nothing, and ns/op is
// reported as the mean of the operations actually timed.
func latencies(b *testing.B, n int, unit string, op func(i int) (int, error)) {
	b.Helper()
	start := time.Now()
	for i := 0; i < min(n, warmup) && time.Since(start) < warmupTime; i++ {
		if _, err := op(i); err != nil {
			b.Fatal(err)
		}
	}
	budget := 3 * benchtime()
	lat := make([]time.Duration, 0, 4096)
	var spent time.Duration
	total := 0
	for i := 0; b.Loop(); i++ {
		if budget > 0 && spent >= budget {
			continue
		}
		t0 := time.Now()
		size, err := op(i % n)
		d := time.Since(t0)
		lat = append(lat, d)
		spent += d
		if err != nil {
			b.Fatal(err)
		}
		total += size
	}
	if len(lat) == 0 {
		return
	}
	b.ReportMetric(float64(spent.Nanoseconds())/float64(len(lat)), "ns/op")
	slices.Sort(lat)
	b.ReportMetric(us(lat[len(lat)/2]), "p50-µs")
	b.ReportMetric(us(lat[min(len(lat)-1, len(lat)*99/100)]), "p99-µs")
	b.ReportMetric(float64(len(lat)), "ops")
	b.ReportMetric(float64(total)/float64(len(lat)), unit)
}

// benchtime is -test.benchtime when it is a duration, 0 when it is a count
// (then every round is asked).
func benchtime() time.Duration {
	f := flag.Lookup("test.benchtime")
	if f == nil {
		return time.Second
	}
	d, err := time.ParseDuration(f.Value.String())
	if err != nil {
		return 0
	}
	return d
}

func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

// Load writes g into st with Upserts of at most batch records each: the
// sources and nodes first, then the edges (whose ends then exist). It
// returns how long the writes took.
func Load(ctx context.Context, st graph.Store, g graph.Batch, batch int) (time.Duration, error) {
	if batch <= 0 {
		batch = DefaultBatch
	}
	batches := g.Split(batch)
	t0 := time.Now()
	for i, bt := range batches {
		if err := st.Upsert(ctx, bt); err != nil {
			return 0, fmt.Errorf("storebench: load batch %d of %d: %w", i+1, len(batches), err)
		}
	}
	return time.Since(t0), nil
}

// Import benchmarks Load of g in batches of batch records into the empty
// stores that empty makes (one per iteration; empty runs untimed), and
// reports edges/s: the graph's edges over the time of the whole load,
// sources and nodes included. The store of the last iteration is returned
// holding g.
func Import(b *testing.B, empty func(b *testing.B) graph.Store, g graph.Batch, batch int) graph.Store {
	var last graph.Store
	b.Run("Import", func(b *testing.B) {
		var total time.Duration
		n := 0
		for b.Loop() {
			b.StopTimer()
			if last != nil {
				last.Close()
			}
			last = empty(b)
			b.StartTimer()
			d, err := Load(context.Background(), last, g, batch)
			if err != nil {
				b.Fatal(err)
			}
			total += d
			n++
		}
		b.ReportMetric(float64(len(g.Edges))*float64(n)/total.Seconds(), "edges/s")
		b.ReportMetric(float64(batch), "batch")
	})
	return last
}

// HeapPerEdge measures the Go heap that open's store holds, per edge of a
// graph of edges edges: heap in use after open and a full GC, minus before.
// It returns the opened store and how long open took (the collections
// around it not counted). Only meaningful for in-process stores.
func HeapPerEdge(open func() (graph.Store, error), edges int) (graph.Store, float64, time.Duration, error) {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	st, err := open()
	took := time.Since(t0)
	if err != nil {
		return nil, 0, 0, err
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m1)
	return st, float64(int64(m1.HeapInuse)-int64(m0.HeapInuse)) / float64(max(edges, 1)), took, nil
}
