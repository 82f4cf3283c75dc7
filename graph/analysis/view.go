// Package analysis answers network-analysis questions over a subgraph:
// centralities (degree, betweenness, closeness, PageRank, eigenvector),
// communities (Louvain) and the smallest subgraph joining given entities.
//
// Every question sees the subgraph as a simple undirected graph: an edge
// links its two ends whichever way it points, parallel edges between two
// nodes are one link, self-loops and edges with an end outside the subgraph
// are left out. Scores follow networkx's definitions and normalisations so
// that they can be checked against it.
package analysis

import (
	"slices"
	"sort"

	"gonum.org/v1/gonum/graph/simple"

	"linkchart/graph"
)

// view is a subgraph as an undirected simple graph over node indexes: ids
// in id order, adj[i] the sorted indexes of i's neighbours.
type view struct {
	ids   []string
	index map[string]int
	adj   [][]int32
	links int
}

// newView builds the undirected simple graph of g.
func newView(g graph.Subgraph) *view {
	ids := make([]string, 0, len(g.Nodes))
	for _, n := range g.Nodes {
		ids = append(ids, n.ID)
	}
	sort.Strings(ids)
	ids = slices.Compact(ids)
	v := &view{ids: ids, index: make(map[string]int, len(ids)), adj: make([][]int32, len(ids))}
	for i, id := range ids {
		v.index[id] = i
	}
	for _, e := range g.Edges {
		a, okA := v.index[e.From]
		b, okB := v.index[e.To]
		if !okA || !okB || a == b {
			continue
		}
		v.adj[a] = append(v.adj[a], int32(b))
		v.adj[b] = append(v.adj[b], int32(a))
	}
	for i, ns := range v.adj {
		slices.Sort(ns)
		v.adj[i] = slices.Compact(ns)
		v.links += len(v.adj[i])
	}
	v.links /= 2
	return v
}

func (v *view) n() int { return len(v.ids) }

// directed is the view as a gonum graph with an arc each way per link.
func (v *view) directed() *simple.DirectedGraph {
	g := simple.NewDirectedGraph()
	for i := range v.ids {
		g.AddNode(simple.Node(i))
	}
	for i, ns := range v.adj {
		for _, j := range ns {
			g.SetEdge(simple.Edge{F: simple.Node(i), T: simple.Node(j)})
		}
	}
	return g
}

// bfs walks from every node of sources at once, filling dist (-1 when
// unreached) and, when parent is not nil, the node each was reached from.
// It stops at maxDepth hops when maxDepth > 0 and returns the nodes in the
// order they were reached.
func (v *view) bfs(sources []int32, dist, parent []int32, maxDepth int) []int32 {
	for i := range dist {
		dist[i] = -1
	}
	order := slices.Clone(sources)
	for _, s := range sources {
		dist[s] = 0
	}
	for head := 0; head < len(order); head++ {
		u := order[head]
		if maxDepth > 0 && int(dist[u]) >= maxDepth {
			continue
		}
		for _, w := range v.adj[u] {
			if dist[w] < 0 {
				dist[w] = dist[u] + 1
				if parent != nil {
					parent[w] = u
				}
				order = append(order, w)
			}
		}
	}
	return order
}
