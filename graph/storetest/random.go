package storetest

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"testing"

	"linkchart/graph"
)

// randomGraph is a seeded random graph of 200 nodes and 600 edges: self
// loops and parallel edges happen; about one node in twelve is AMBER, some
// edges are GREEN or AMBER; edges carry random dates, credibilities and one
// or two of four sources of different reliability. Oversight edges run from
// a Person to another kind, PART_OF edges between non-persons. It is
// written as one batch.
func randomGraph(seed int64) graph.Batch {
	r := rand.New(rand.NewSource(seed))
	b := graph.Batch{Sources: []graph.Source{
		source("src-ra", "A"), source("src-rb", "B"), source("src-rc", "C"), source("src-rf", ""),
	}}
	var persons, others []string
	for i := range 200 {
		n := node(fmt.Sprintf("r%03d", i), graph.Kinds[r.Intn(len(graph.Kinds))], fmt.Sprintf("Random %d", i))
		if r.Intn(12) == 0 {
			n.Marking = graph.Amber
		}
		b.Nodes = append(b.Nodes, n)
		if n.Kind == graph.Person {
			persons = append(persons, n.ID)
		} else {
			others = append(others, n.ID)
		}
	}
	pick := func(ids []string) string { return ids[r.Intn(len(ids))] }
	dates := []graph.Date{"", "", "", "2022", "2023-06", "2024", "2024-10", "2024-10-18", "2025"}
	markings := []graph.Marking{"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", graph.Green, graph.Amber}
	for i := range 600 {
		var e graph.Edge
		id := fmt.Sprintf("re%03d", i)
		switch k := r.Intn(10); {
		case k < 2:
			e = edge(id, pick(persons), graph.OversightTypes[r.Intn(len(graph.OversightTypes))], pick(others))
		case k < 5:
			e = edge(id, pick(others), graph.PartOf, pick(others))
		case k < 8:
			e = edge(id, b.Nodes[r.Intn(200)].ID, "LINK", b.Nodes[r.Intn(200)].ID)
		default:
			e = edge(id, b.Nodes[r.Intn(200)].ID, "ALLY", b.Nodes[r.Intn(200)].ID)
		}
		e.Sources = []string{b.Sources[r.Intn(4)].ID}
		if r.Intn(3) == 0 {
			e.Sources = append(e.Sources, b.Sources[r.Intn(4)].ID)
		}
		e.Since, e.Until = dates[r.Intn(len(dates))], dates[r.Intn(len(dates))]
		if e.Since != "" && e.Until != "" && e.Since.Compare(e.Until) > 0 {
			e.Since, e.Until = e.Until, e.Since
		}
		e.Credibility = r.Intn(7)
		e.Marking = markings[r.Intn(len(markings))]
		b.Edges = append(b.Edges, e)
	}
	return b
}

// hop is one step of the suite's own walks: an edge and the node it
// reaches.
type hop struct{ edge, node string }

// adjacency lists, for every node, the hops over edges that pass ok, in
// either direction, sorted by (node id, edge id).
func (f *fixture) adjacency(ok func(graph.Edge) bool) map[string][]hop {
	adj := map[string][]hop{}
	for id, e := range f.edges {
		if !ok(e) {
			continue
		}
		adj[e.From] = append(adj[e.From], hop{id, e.To})
		if e.To != e.From {
			adj[e.To] = append(adj[e.To], hop{id, e.From})
		}
	}
	for _, hops := range adj {
		slices.SortFunc(hops, func(a, b hop) int { return cmp.Or(cmp.Compare(a.node, b.node), cmp.Compare(a.edge, b.edge)) })
	}
	return adj
}

// bfs returns the hop distance from seed to every node it reaches within
// maxDepth over adj, entering only nodes that enter allows.
func bfs(adj map[string][]hop, seed string, maxDepth int, enter func(string) bool) map[string]int {
	dist := map[string]int{seed: 0}
	frontier := []string{seed}
	for d := 1; d <= maxDepth && len(frontier) > 0; d++ {
		var next []string
		for _, n := range frontier {
			for _, h := range adj[n] {
				if _, ok := dist[h.node]; !ok && enter(h.node) {
					dist[h.node] = d
					next = append(next, h.node)
				}
			}
		}
		frontier = next
	}
	return dist
}

// firstShortest is the first shortest path from `from` to `to` in the
// PathQuery order: walking back from `to` gives every node's distance, then
// each hop from `from` takes the smallest (node id, edge id) that gets one
// hop closer. ok is false when `to` is not within maxDepth.
func firstShortest(adj map[string][]hop, from, to string, maxDepth int) (graph.Path, bool) {
	toDist := bfs(adj, to, maxDepth, func(string) bool { return true })
	d, ok := toDist[from]
	if !ok {
		return graph.Path{}, false
	}
	path := graph.Path{Nodes: []string{from}, Edges: []string{}}
	for cur := from; d > 0; d-- {
		for _, h := range adj[cur] {
			if nd, ok := toDist[h.node]; ok && nd == d-1 {
				path.Nodes, path.Edges = append(path.Nodes, h.node), append(path.Edges, h.edge)
				cur = h.node
				break
			}
		}
	}
	return path, true
}

// kShortest enumerates the first k simple paths from `from` to `to` of at
// most maxDepth hops in PathQuery order: length by length, depth first with
// hops in (node id, edge id) order, pruned by the distance still to go.
func kShortest(adj map[string][]hop, from, to string, k, maxDepth int) []graph.Path {
	toDist := bfs(adj, to, maxDepth, func(string) bool { return true })
	paths := []graph.Path{}
	var walk func(nodes, edges []string, left int)
	walk = func(nodes, edges []string, left int) {
		cur := nodes[len(nodes)-1]
		if left == 0 {
			if cur == to && len(paths) < k {
				paths = append(paths, graph.Path{Nodes: slices.Clone(nodes), Edges: slices.Clone(edges)})
			}
			return
		}
		for _, h := range adj[cur] {
			if len(paths) == k {
				return
			}
			if d, ok := toDist[h.node]; ok && d <= left-1 && !slices.Contains(nodes, h.node) {
				walk(append(nodes, h.node), append(edges, h.edge), left-1)
			}
		}
	}
	for length := 0; length <= maxDepth && len(paths) < k; length++ {
		walk([]string{from}, []string{}, length)
	}
	return paths
}

// randomQuery draws a neighborhood query with random filters.
func randomQuery(r *rand.Rand, seed string) graph.NeighborhoodQuery {
	q := graph.NeighborhoodQuery{Seed: seed, Depth: 1 + r.Intn(graph.MaxDepth), Limit: graph.MaxLimit, Clearance: graph.Green}
	if r.Intn(3) == 0 {
		q.Kinds = []graph.Kind{graph.Kinds[r.Intn(7)], graph.Kinds[r.Intn(7)], graph.Kinds[r.Intn(7)], graph.Kinds[r.Intn(7)]}
	}
	if r.Intn(3) == 0 {
		q.Types = [][]string{{"LINK"}, {"ALLY", graph.PartOf}, {graph.Commands, "LINK", graph.PartOf}}[r.Intn(3)]
	}
	if r.Intn(3) == 0 {
		q.AsOf = []graph.Date{"2023", "2024-10", "2024-10-18", "2025-01"}[r.Intn(4)]
	}
	if r.Intn(3) == 0 {
		q.MinGrade = []graph.MinGrade{{Reliability: "B"}, {Credibility: 4}, {Reliability: "C", Credibility: 5}}[r.Intn(3)]
	}
	if r.Intn(3) == 0 {
		q.Limit = 1 + r.Intn(40)
	}
	return q
}

// testRandom checks Paths, Neighborhood and Oversight against the suite's
// own breadth-first searches on a random graph, at GREEN clearance (the
// AMBER nodes and edges are holes in it).
func testRandom(t *testing.T, newStore NewStore) {
	b := randomGraph(20261126)
	s, f := load(t, newStore, b)
	const c = graph.Green
	var visible, persons, others []string
	for _, n := range b.Nodes {
		if f.nodeVisible(n.ID, c) {
			visible = append(visible, n.ID)
			if n.Kind == graph.Person {
				persons = append(persons, n.ID)
			} else {
				others = append(others, n.ID)
			}
		}
	}
	r := rand.New(rand.NewSource(7))

	run(t, "first shortest path equals the suite's BFS", func(t *testing.T) {
		for i := range 50 {
			from, to := visible[r.Intn(len(visible))], visible[r.Intn(len(visible))]
			q := graph.PathQuery{From: from, To: to, MaxDepth: graph.MaxPathDepth, K: 1, Clearance: c}
			if i%3 == 0 {
				q.Types = []string{"LINK", graph.PartOf}
			}
			a, err := s.Paths(t.Context(), q)
			if err != nil {
				t.Fatalf("Paths(%s→%s) = %v", from, to, err)
			}
			checkPathAnswer(t, f, q, a)
			adj := f.adjacency(func(e graph.Edge) bool {
				return f.edgeVisible(e.ID, c) && (len(q.Types) == 0 || slices.Contains(q.Types, e.Type))
			})
			want, ok := firstShortest(adj, from, to, q.MaxDepth)
			switch {
			case !ok && len(a.Paths) != 0:
				t.Errorf("Paths(%s→%s, types %v) found %v; BFS finds none within %d hops", from, to, q.Types, a.Paths, q.MaxDepth)
			case ok && len(a.Paths) != 1:
				t.Errorf("Paths(%s→%s, types %v) found %d paths; BFS finds %v", from, to, q.Types, len(a.Paths), want)
			case ok && comparePaths(a.Paths[0], want) != 0:
				t.Errorf("Paths(%s→%s, types %v) = %v; want the first shortest %v", from, to, q.Types, a.Paths[0], want)
			}
		}
	})

	run(t, "k shortest paths equal the suite's enumeration", func(t *testing.T) {
		adj := f.adjacency(func(e graph.Edge) bool { return f.edgeVisible(e.ID, c) })
		for range 16 {
			from, to := visible[r.Intn(len(visible))], visible[r.Intn(len(visible))]
			q := graph.PathQuery{From: from, To: to, MaxDepth: 3 + r.Intn(4), K: 2 + r.Intn(graph.MaxK-1), Clearance: c}
			a, err := s.Paths(t.Context(), q)
			if err != nil {
				t.Fatalf("Paths(%+v) = %v", q, err)
			}
			checkPathAnswer(t, f, q, a)
			want := kShortest(adj, from, to, q.K, q.MaxDepth)
			if !slices.EqualFunc(a.Paths, want, func(x, y graph.Path) bool { return comparePaths(x, y) == 0 }) {
				t.Errorf("Paths(%s→%s, k %d, max depth %d) =\n %v\nwant\n %v", from, to, q.K, q.MaxDepth, a.Paths, want)
			}
		}
	})

	run(t, "neighborhood equals the suite's BFS", func(t *testing.T) {
		for range 24 {
			q := randomQuery(r, visible[r.Intn(len(visible))])
			g, err := s.Neighborhood(t.Context(), q)
			if err != nil {
				t.Fatalf("Neighborhood(%+v) = %v", q, err)
			}
			checkSubgraph(t, f, g, c)
			checkEdgeFilters(t, f, q, g)
			passes := func(e graph.Edge) bool {
				return f.edgeVisible(e.ID, c) && (len(q.Types) == 0 || slices.Contains(q.Types, e.Type)) &&
					graph.HoldsAt(e.Since, e.Until, q.AsOf) &&
					q.MinGrade.Admits(graph.GradeOf(e.Credibility, e.Sources, f.sources))
			}
			dist := bfs(f.adjacency(passes), q.Seed, q.Depth, func(id string) bool {
				return len(q.Kinds) == 0 || slices.Contains(q.Kinds, f.nodes[id].Kind)
			})
			kept := slices.SortedFunc(maps.Keys(dist), func(a, b string) int {
				return cmp.Or(cmp.Compare(dist[a], dist[b]), cmp.Compare(a, b))
			})
			truncated := len(kept) > q.Limit
			if truncated {
				kept = kept[:q.Limit]
			}
			in := map[string]bool{}
			for _, n := range kept {
				in[n] = true
			}
			var edges []string
			for id, e := range f.edges {
				if in[e.From] && in[e.To] && passes(e) {
					edges = append(edges, id)
				}
			}
			slices.Sort(kept)
			slices.Sort(edges)
			if got := nodeIDs(g); !equalIDs(got, kept) {
				t.Errorf("Neighborhood(%+v):\n got nodes %v\nwant %v", q, got, kept)
			}
			if got := edgeIDs(g); !equalIDs(got, edges) {
				t.Errorf("Neighborhood(%+v):\n got edges %v\nwant %v", q, got, edges)
			}
			if g.Truncated != truncated {
				t.Errorf("Neighborhood(%+v): Truncated = %v, want %v", q, g.Truncated, truncated)
			}
		}
	})

	run(t, "oversight equals the suite's walk", func(t *testing.T) {
		for i := range 20 {
			q := graph.OversightQuery{Clearance: c}
			switch i % 4 {
			case 0, 1:
				q.Who = persons[r.Intn(len(persons))]
			case 2:
				q.What = others[r.Intn(len(others))]
			default:
				q.What = visible[r.Intn(len(visible))]
			}
			if i%3 == 0 {
				q.AsOf = "2024-10"
			}
			a, err := s.Oversight(t.Context(), q)
			if err != nil {
				t.Fatalf("Oversight(%+v) = %v", q, err)
			}
			checkOversightAnswer(t, f, q, a)
			want := oversee(f, q)
			if !slices.EqualFunc(a.Answers, want, func(x, y graph.Oversight) bool {
				return x.Overseer == y.Overseer && x.Target == y.Target && comparePaths(x.Path, y.Path) == 0
			}) {
				t.Errorf("Oversight(who %q, what %q, as of %q) =\n %s\nwant\n %s", q.Who, q.What, q.AsOf, fmtAnswers(a.Answers), fmtAnswers(want))
			}
		}
	})
}

// oversee answers an oversight question the suite's own way: for each
// oversight edge P→Y, a walk down the PART_OF edges from Y (at most
// MaxPartOfHops) gives the first shortest path to every X below it; each
// (P, X) keeps the first of its candidate paths in PathQuery order.
func oversee(f *fixture, q graph.OversightQuery) []graph.Oversight {
	holds := func(e graph.Edge) bool {
		return f.edgeVisible(e.ID, q.Clearance) && graph.HoldsAt(e.Since, e.Until, q.AsOf)
	}
	// down[parent] lists the hops to its children.
	down := map[string][]hop{}
	for id, e := range f.edges {
		if e.Type == graph.PartOf && holds(e) {
			down[e.To] = append(down[e.To], hop{id, e.From})
		}
	}
	for _, hops := range down {
		slices.SortFunc(hops, func(a, b hop) int { return cmp.Or(cmp.Compare(a.node, b.node), cmp.Compare(a.edge, b.edge)) })
	}
	best := map[[2]string]graph.Path{}
	for id, e := range f.edges {
		if !graph.IsOversight(e.Type) || !holds(e) || q.Who != "" && e.From != q.Who {
			continue
		}
		// Breadth-first with hops in (node, edge) order: the first path
		// found to a node is its first shortest one.
		paths := partOfPaths(e.From, id, e.To, "", func(n string, visit func(edge, node string)) {
			for _, h := range down[n] {
				visit(h.edge, h.node)
			}
		})
		for x, p := range paths {
			key := [2]string{e.From, x}
			if q.What != "" && x != q.What {
				continue
			}
			if old, ok := best[key]; !ok || comparePaths(p, old) < 0 {
				best[key] = p
			}
		}
	}
	answers := []graph.Oversight{}
	for key, p := range best {
		answers = append(answers, graph.Oversight{Overseer: key[0], Target: key[1], Path: p})
	}
	slices.SortFunc(answers, compareAnswers)
	return answers
}

// partOfPaths walks breadth first from top down the PART_OF hops that
// children hands to visit (in (node, edge) order) for at most
// graph.MaxPartOfHops hops, never entering skip, so that the first path
// found to a node is its best one. Every path starts with the hop
// from → top over edge.
func partOfPaths(from, edge, top, skip string, children func(n string, visit func(edge, node string))) map[string]graph.Path {
	paths := map[string]graph.Path{top: {Nodes: []string{from, top}, Edges: []string{edge}}}
	frontier := []string{top}
	for range graph.MaxPartOfHops {
		var next []string
		for _, n := range frontier {
			children(n, func(edge, node string) {
				if _, seen := paths[node]; seen || node == skip {
					return
				}
				p := paths[n]
				paths[node] = graph.Path{
					Nodes: append(slices.Clone(p.Nodes), node),
					Edges: append(slices.Clone(p.Edges), edge),
				}
				next = append(next, node)
			})
		}
		frontier = next
	}
	return paths
}
