package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/graph/network"

	"linkchart/graph"
)

// Measure names a centrality.
type Measure string

// The measures Analyze computes, each as networkx computes it on an
// undirected graph with its default arguments.
const (
	// Degree is the share of the other nodes a node links to
	// (nx.degree_centrality).
	Degree Measure = "degree"
	// Betweenness is the normalised share of shortest paths between other
	// pairs through a node (nx.betweenness_centrality).
	Betweenness Measure = "betweenness"
	// Closeness is the inverse mean distance to the nodes a node reaches,
	// scaled by the share it reaches (nx.closeness_centrality,
	// Wasserman-Faust for graphs in pieces).
	Closeness Measure = "closeness"
	// PageRank with damping 0.85, each link walked either way
	// (nx.pagerank).
	PageRank Measure = "pagerank"
	// Eigenvector is the principal eigenvector of the adjacency matrix with
	// Euclidean norm 1 (nx.eigenvector_centrality).
	Eigenvector Measure = "eigenvector"
)

// Measures lists every measure in answer order.
var Measures = []Measure{Degree, Betweenness, Closeness, PageRank, Eigenvector}

// Defaults of Options.
const (
	// DefaultSampleAbove is the node count above which betweenness and
	// closeness are estimated from sampled sources.
	DefaultSampleAbove = 5000
	// DefaultSamples is the number of sampled sources.
	DefaultSamples = 500
	// DefaultSeed seeds Louvain and the choice of sampled sources.
	DefaultSeed = 1
)

// Options say what Analyze computes.
type Options struct {
	Measures    []Measure
	Communities bool
	Seed        uint64 // 0: DefaultSeed
	SampleAbove int    // 0: DefaultSampleAbove
	Samples     int    // 0: DefaultSamples
}

// Result is the answer of Analyze. Nodes are in id order.
type Result struct {
	Nodes []NodeScore `json:"nodes"`
	// Modularity of the partition and the number of its communities; nil
	// when communities were not asked for.
	Modularity  *float64 `json:"modularity"`
	Communities *int     `json:"communities"`
	// Sampled says which measures were estimated from a sample of sources;
	// nil when every measure is exact.
	Sampled *Sampling `json:"sampled"`
}

// NodeScore is one node's scores and community (numbered from 0, largest
// community first; absent when communities were not asked for).
type NodeScore struct {
	ID        string             `json:"id"`
	Scores    map[string]float64 `json:"scores"`
	Community *int               `json:"community,omitempty"`
}

// Sampling describes the estimate of shortest-path measures on a large
// view: Sources of Nodes nodes, chosen with Seed, were walked from.
type Sampling struct {
	Measures []Measure `json:"measures"`
	Sources  int       `json:"sources"`
	Nodes    int       `json:"nodes"`
	Seed     uint64    `json:"seed"`
}

// ParseMeasure checks a measure name.
func ParseMeasure(s string) (Measure, error) {
	for _, m := range Measures {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("measure %q: want one of degree, betweenness, closeness, pagerank, eigenvector", s)
}

// Analyze computes the asked measures and communities over g.
func Analyze(g graph.Subgraph, opt Options) Result {
	v := newView(g)
	n := v.n()
	seed := opt.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	res := Result{Nodes: make([]NodeScore, n)}
	for i, id := range v.ids {
		res.Nodes[i] = NodeScore{ID: id, Scores: make(map[string]float64, len(opt.Measures))}
	}
	set := func(m Measure, vals []float64) {
		for i, x := range vals {
			res.Nodes[i].Scores[string(m)] = x
		}
	}
	asked := func(m Measure) bool { return slices.Contains(opt.Measures, m) }
	if asked(Degree) {
		set(Degree, v.degree())
	}
	if asked(Betweenness) || asked(Closeness) {
		sources, sampled := v.sources(opt, seed)
		bc, cl := v.shortestPaths(sources, asked(Betweenness), asked(Closeness), sampled)
		if asked(Betweenness) {
			set(Betweenness, bc)
		}
		if asked(Closeness) {
			set(Closeness, cl)
		}
		if sampled {
			s := &Sampling{Sources: len(sources), Nodes: n, Seed: seed}
			for _, m := range []Measure{Betweenness, Closeness} {
				if asked(m) {
					s.Measures = append(s.Measures, m)
				}
			}
			res.Sampled = s
		}
	}
	if asked(PageRank) {
		set(PageRank, v.pageRank())
	}
	if asked(Eigenvector) {
		set(Eigenvector, v.eigenvector())
	}
	if opt.Communities {
		member, count, q := v.communities(seed)
		for i := range res.Nodes {
			res.Nodes[i].Community = &member[i]
		}
		res.Modularity, res.Communities = &q, &count
	}
	return res
}

// degree is nx.degree_centrality: links over n-1.
func (v *view) degree() []float64 {
	out := make([]float64, v.n())
	if v.n() <= 1 {
		for i := range out {
			out[i] = 1 // networkx's answer for a single node
		}
		return out
	}
	for i, ns := range v.adj {
		out[i] = float64(len(ns)) / float64(v.n()-1)
	}
	return out
}

// sources are the nodes shortest-path measures walk from: all of them, or
// above the sampling size a seeded sample.
func (v *view) sources(opt Options, seed uint64) ([]int, bool) {
	above, k := opt.SampleAbove, opt.Samples
	if above <= 0 {
		above = DefaultSampleAbove
	}
	if k <= 0 {
		k = DefaultSamples
	}
	n := v.n()
	if n <= above || k >= n {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		return all, false
	}
	perm := rand.New(rand.NewPCG(seed, seed)).Perm(n)[:k]
	slices.Sort(perm)
	return perm, true
}

// shortestPaths runs Brandes' algorithm from each source: betweenness as
// nx.betweenness_centrality (normalised, scaled by n/k when sampled) and
// closeness as nx.closeness_centrality, estimated from the sources'
// distances when sampled. The sources are shared among GOMAXPROCS workers.
func (v *view) shortestPaths(sources []int, wantBC, wantCl, sampled bool) (bc, cl []float64) {
	n := v.n()
	workers := min(runtime.GOMAXPROCS(0), max(1, len(sources)/64))
	parts := make([]*walker, workers)
	var wg sync.WaitGroup
	for k := range parts {
		parts[k] = newWalker(n)
		chunk := sources[k*len(sources)/workers : (k+1)*len(sources)/workers]
		wg.Add(1)
		go func(w *walker) {
			defer wg.Done()
			for _, s := range chunk {
				w.walk(v, s, wantBC, sampled)
			}
		}(parts[k])
	}
	wg.Wait()
	total := parts[0]
	for _, p := range parts[1:] {
		for i := range total.bc {
			total.bc[i] += p.bc[i]
			total.far[i] += p.far[i]
			total.seen[i] += p.seen[i]
			total.reach[i] += p.reach[i]
		}
	}
	bc = total.bc
	if wantBC && n > 2 {
		scale := 1 / float64((n-1)*(n-2))
		if sampled {
			scale *= float64(n) / float64(len(sources))
		}
		for i := range bc {
			bc[i] *= scale
		}
	}
	if !wantCl {
		return bc, nil
	}
	far, reach := total.far, total.reach
	if sampled {
		v.estimateReach(far, total.seen, reach, total.dist)
	}
	cl = make([]float64, n)
	for i := range cl {
		r := reach[i]
		if far[i] > 0 && n > 1 {
			cl[i] = (r - 1) / far[i] * (r - 1) / float64(n-1)
		}
	}
	return bc, cl
}

// walker holds one worker's sums and scratch space for shortestPaths.
type walker struct {
	bc, far, seen, reach []float64 // seen: sources that reached the node; reach: nodes a source reached
	sigma, delta         []float64
	dist, order          []int32
}

func newWalker(n int) *walker {
	w := &walker{
		bc: make([]float64, n), far: make([]float64, n), seen: make([]float64, n), reach: make([]float64, n),
		sigma: make([]float64, n), delta: make([]float64, n), dist: make([]int32, n), order: make([]int32, 0, n),
	}
	for i := range w.dist {
		w.dist[i] = -1
	}
	return w
}

// walk adds source s's part: distances for closeness and, with wantBC,
// the dependencies of Brandes' algorithm.
func (k *walker) walk(v *view, s int, wantBC, sampled bool) {
	dist, sigma, delta := k.dist, k.sigma, k.delta
	// Breadth-first from s, counting shortest paths (sigma) as it goes.
	order := append(k.order[:0], int32(s))
	dist[s], sigma[s], delta[s] = 0, 1, 0
	for head := 0; head < len(order); head++ {
		u := order[head]
		du, su := dist[u]+1, sigma[u]
		for _, w := range v.adj[u] {
			switch dist[w] {
			case -1:
				dist[w], sigma[w], delta[w] = du, su, 0
				order = append(order, w)
			case du:
				sigma[w] += su
			}
		}
	}
	if !sampled {
		for _, w := range order {
			k.far[s] += float64(dist[w])
		}
		k.reach[s] = float64(len(order))
	} else {
		for _, w := range order[1:] {
			k.far[w] += float64(dist[w])
			k.seen[w]++
		}
	}
	if wantBC {
		// Dependencies back from the farthest node (Brandes).
		for i := len(order) - 1; i > 0; i-- {
			w := order[i]
			dw, cw := dist[w]-1, (1+delta[w])/sigma[w]
			for _, u := range v.adj[w] {
				if dist[u] == dw {
					delta[u] += sigma[u] * cw
				}
			}
			k.bc[w] += delta[w]
		}
	}
	for _, w := range order {
		dist[w] = -1
	}
	k.order = order
}

// estimateReach turns the sampled sums into estimates of each node's
// distance sum over its whole component: the mean distance to the sources
// that reached it times the component's size less one. A node no source
// reached is walked from exactly.
func (v *view) estimateReach(far, seen, reach []float64, dist []int32) {
	comp, sizes := v.components()
	for i := range far {
		r := float64(sizes[comp[i]])
		reach[i] = r
		if seen[i] > 0 {
			far[i] = far[i] / seen[i] * (r - 1)
			continue
		}
		far[i] = 0
		for _, w := range v.bfs([]int32{int32(i)}, dist, nil, 0) {
			far[i] += float64(dist[w])
		}
	}
}

// components numbers each node's connected component and counts their sizes.
func (v *view) components() ([]int, []int) {
	comp := make([]int, v.n())
	for i := range comp {
		comp[i] = -1
	}
	var sizes []int
	var stack []int32
	for s := range comp {
		if comp[s] >= 0 {
			continue
		}
		c := len(sizes)
		sizes = append(sizes, 0)
		comp[s] = c
		stack = append(stack[:0], int32(s))
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			sizes[c]++
			for _, w := range v.adj[u] {
				if comp[w] < 0 {
					comp[w] = c
					stack = append(stack, w)
				}
			}
		}
	}
	return comp, sizes
}

// pageRank is gonum's sparse PageRank over both directions of each link.
func (v *view) pageRank() []float64 {
	out := make([]float64, v.n())
	if v.n() == 0 {
		return out
	}
	for id, r := range network.PageRankSparse(v.directed(), 0.85, 1e-10) {
		out[id] = r
	}
	return out
}

// eigenvector is nx.eigenvector_centrality: power iteration on A+I from the
// uniform vector, normalised to Euclidean length 1. Gonum has no
// eigenvector centrality; this is networkx's iteration with a tighter
// tolerance.
func (v *view) eigenvector() []float64 {
	n := v.n()
	x := make([]float64, n)
	if n == 0 {
		return x
	}
	for i := range x {
		x[i] = 1 / float64(n)
	}
	last := make([]float64, n)
	const maxIter, tol = 5000, 1e-13
	for iter := 0; iter < maxIter; iter++ {
		copy(last, x)
		for u, ns := range v.adj {
			for _, w := range ns {
				x[w] += last[u]
			}
		}
		var norm float64
		for _, xi := range x {
			norm += xi * xi
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			norm = 1
		}
		var diff float64
		for i := range x {
			x[i] /= norm
			diff += math.Abs(x[i] - last[i])
		}
		if diff < float64(n)*tol {
			break
		}
	}
	return x
}

// communities partitions the view with Louvain (seeded): each node's
// community, numbered largest first (ties by the smallest id in them), the
// count and the partition's modularity.
func (v *view) communities(seed uint64) ([]int, int, float64) {
	raw, k := louvain(v.wgraph(), rand.New(rand.NewPCG(seed, seed)))
	groups := make([][]int, k)
	for i, c := range raw {
		groups[c] = append(groups[c], i)
	}
	slices.SortFunc(groups, func(a, b []int) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return a[0] - b[0]
	})
	member := make([]int, v.n())
	for c, ids := range groups {
		for _, i := range ids {
			member[i] = c
		}
	}
	return member, k, v.modularity(member, k)
}
