package analysis

import (
	"slices"
	"sort"

	"linkchart/graph"
)

// Connect finds a small subgraph of g that joins the terminals over
// shortest paths of at most maxDepth hops (0: no bound), the smallest of
// two Steiner-tree approximations: Kou-Markowsky-Berman (the minimum
// spanning forest of the terminals' shortest-path distances, each link
// replaced by its path; at most twice the smallest tree) and the greedy
// shortest-path heuristic from each terminal in turn (join the nearest
// terminal not yet joined, by a shortest path, until none is left).
// Either gives a set of nodes; a breadth-first spanning tree of the links
// among them, cut of leaves that are not terminals, is the tree. The answer
// holds its nodes, every edge of g between two nodes the tree links
// (parallel edges come together) and the sources they cite. joined is false
// when some terminal is missing from g or no path within maxDepth reaches
// it; the answer then joins what it can.
func Connect(g graph.Subgraph, terminals []string, maxDepth int) (out graph.Subgraph, joined bool) {
	v := newView(g)
	var ts []int
	for _, id := range terminals {
		if i, ok := v.index[id]; ok && !slices.Contains(ts, i) {
			ts = append(ts, i)
		}
	}
	slices.Sort(ts)
	dists := make([][]int32, len(ts))
	parents := make([][]int32, len(ts))
	for k, t := range ts {
		dists[k], parents[k] = v.bfsTree(t, maxDepth)
	}
	var best map[[2]int32]bool
	bestPieces := 0
	try := func(in map[int32]bool) {
		links := v.prunedTree(in, ts)
		pieces := v.pieces(links, ts)
		if best == nil || pieces < bestPieces || (pieces == bestPieces && len(links) < len(best)) {
			best, bestPieces = links, pieces
		}
	}
	try(kmb(ts, dists, parents))
	for start := range ts {
		try(v.greedy(ts, start, maxDepth))
	}
	joined = len(ts) == len(uniq(terminals)) && bestPieces <= 1
	return v.linked(g, best, ts), joined
}

// kmb is the node set of Kou-Markowsky-Berman's tree: Kruskal over the
// terminals' distances (dists, parents: a BFS tree from each terminal),
// each chosen pair bringing its path's nodes.
func kmb(ts []int, dists, parents [][]int32) map[int32]bool {
	type pair struct{ d, a, b int }
	var closure []pair
	for a := range ts {
		for b := a + 1; b < len(ts); b++ {
			if d := dists[a][ts[b]]; d > 0 {
				closure = append(closure, pair{int(d), a, b})
			}
		}
	}
	sort.SliceStable(closure, func(i, j int) bool { return closure[i].d < closure[j].d })
	uf := newUnionFind(len(ts))
	in := make(map[int32]bool)
	for _, t := range ts {
		in[int32(t)] = true
	}
	for _, p := range closure {
		if !uf.union(p.a, p.b) {
			continue
		}
		for x := int32(ts[p.b]); x != int32(ts[p.a]); x = parents[p.a][x] {
			in[x] = true
		}
	}
	return in
}

// greedy is the node set of the shortest-path heuristic started at
// terminal ts[start]: the nearest terminal not yet in joins by a shortest
// path of at most maxDepth hops; one no path reaches starts a new piece.
func (v *view) greedy(ts []int, start, maxDepth int) map[int32]bool {
	in := map[int32]bool{int32(ts[start]): true}
	dist := make([]int32, v.n())
	parent := make([]int32, v.n())
	for left := len(ts) - 1; left > 0; left-- {
		var from []int32
		for x := range in {
			from = append(from, x)
		}
		slices.Sort(from)
		v.bfs(from, dist, parent, maxDepth)
		next := -1
		for _, t := range ts {
			if !in[int32(t)] && dist[t] > 0 && (next < 0 || dist[t] < dist[next]) {
				next = t
			}
		}
		if next < 0 {
			for _, t := range ts { // unreachable: a new piece
				if !in[int32(t)] {
					in[int32(t)] = true
					break
				}
			}
			continue
		}
		for x := int32(next); dist[x] > 0; x = parent[x] {
			in[x] = true
		}
	}
	return in
}

// pieces counts the separate trees the links make of the terminals.
func (v *view) pieces(links map[[2]int32]bool, ts []int) int {
	uf := newUnionFind(v.n())
	for l := range links {
		uf.union(int(l[0]), int(l[1]))
	}
	roots := make(map[int]bool)
	for _, t := range ts {
		roots[uf.find(t)] = true
	}
	return len(roots)
}

// bfsTree is a breadth-first walk from s of at most maxDepth hops (0: no
// bound): distances (-1 unreached) and each reached node's parent.
func (v *view) bfsTree(s, maxDepth int) ([]int32, []int32) {
	dist := make([]int32, v.n())
	parent := make([]int32, v.n())
	v.bfs([]int32{int32(s)}, dist, parent, maxDepth)
	return dist, parent
}

// prunedTree spans the links among the nodes in by breadth-first trees
// from the terminals, then cuts leaves that are not terminals until none
// is left. Links are index pairs, lower first.
func (v *view) prunedTree(in map[int32]bool, ts []int) map[[2]int32]bool {
	links := make(map[[2]int32]bool)
	deg := make(map[int32]int)
	seen := make(map[int32]bool)
	for _, t := range ts {
		if seen[int32(t)] {
			continue
		}
		seen[int32(t)] = true
		queue := []int32{int32(t)}
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for _, w := range v.adj[u] {
				if in[w] && !seen[w] {
					seen[w] = true
					links[[2]int32{min(u, w), max(u, w)}] = true
					deg[u]++
					deg[w]++
					queue = append(queue, w)
				}
			}
		}
	}
	terminal := make(map[int32]bool, len(ts))
	for _, t := range ts {
		terminal[int32(t)] = true
	}
	for cut := true; cut; {
		cut = false
		for l := range links {
			for _, end := range l {
				if deg[end] == 1 && !terminal[end] {
					delete(links, l)
					deg[l[0]]--
					deg[l[1]]--
					cut = true
					break
				}
			}
		}
	}
	return links
}

// linked is the part of g the links (and the terminals) make: their
// nodes, every edge of g between two linked nodes, the sources cited.
func (v *view) linked(g graph.Subgraph, links map[[2]int32]bool, ts []int) graph.Subgraph {
	keep := make(map[string]bool)
	for _, t := range ts {
		keep[v.ids[t]] = true
	}
	for l := range links {
		keep[v.ids[l[0]]], keep[v.ids[l[1]]] = true, true
	}
	var out graph.Subgraph
	for _, n := range g.Nodes {
		if keep[n.ID] {
			out.Nodes = append(out.Nodes, n)
			delete(keep, n.ID) // once, should g repeat a node
		}
	}
	for _, e := range g.Edges {
		a, okA := v.index[e.From]
		b, okB := v.index[e.To]
		if okA && okB && links[[2]int32{int32(min(a, b)), int32(max(a, b))}] {
			out.Edges = append(out.Edges, e)
		}
	}
	out.Sources = graph.Cited(g.Sources, out.Edges)
	out.Sort()
	return out
}

// CommonNeighbors are the nodes of g, other than ids, linked to every one
// of ids, in id order (none for fewer than two ids).
func CommonNeighbors(g graph.Subgraph, ids []string) []string {
	v := newView(g)
	ids = uniq(ids)
	out := []string{}
	if len(ids) < 2 {
		return out
	}
	count := make([]int, v.n())
	given := make(map[int]bool)
	for _, id := range ids {
		i, ok := v.index[id]
		if !ok {
			return out
		}
		given[i] = true
		for _, w := range v.adj[i] {
			count[w]++
		}
	}
	for i, c := range count {
		if c == len(ids) && !given[i] {
			out = append(out, v.ids[i])
		}
	}
	return out
}

func uniq(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// unionFind joins sets of 0..n-1.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

// union joins the sets of a and b; false when they were one already.
func (u unionFind) union(a, b int) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	u[max(ra, rb)] = min(ra, rb)
	return true
}
