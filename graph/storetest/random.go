package storetest

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"linkchart/graph"
)

// randomGraph is a seeded random graph of 200 nodes and 600 edges (self
// loops and parallel edges included), about one node in twelve marked
// AMBER. It is written as one batch.
func randomGraph(seed int64) graph.Batch {
	r := rand.New(rand.NewSource(seed))
	b := graph.Batch{Sources: []graph.Source{source("src-rand", "C")}}
	for i := range 200 {
		n := node(fmt.Sprintf("r%03d", i), graph.Kinds[r.Intn(len(graph.Kinds))], fmt.Sprintf("Random %d", i))
		if r.Intn(12) == 0 {
			n.Marking = graph.Amber
		}
		b.Nodes = append(b.Nodes, n)
	}
	types := []string{"LINK", "ALLY", "PART_OF"}
	for i := range 600 {
		from, to := b.Nodes[r.Intn(200)].ID, b.Nodes[r.Intn(200)].ID
		b.Edges = append(b.Edges, edge(fmt.Sprintf("re%03d", i), from, types[r.Intn(len(types))], to, "src-rand"))
	}
	return b
}

// bfs returns the hop distance from seed to every node it reaches within
// maxDepth, walking the fixture's visible edges in either direction.
func bfs(f *fixture, seed string, maxDepth int, c graph.Marking) map[string]int {
	adj := map[string][]string{}
	for id, e := range f.edges {
		if f.edgeVisible(id, c) {
			adj[e.From] = append(adj[e.From], e.To)
			adj[e.To] = append(adj[e.To], e.From)
		}
	}
	dist := map[string]int{seed: 0}
	frontier := []string{seed}
	for d := 1; d <= maxDepth && len(frontier) > 0; d++ {
		var next []string
		for _, n := range frontier {
			for _, m := range adj[n] {
				if _, ok := dist[m]; !ok {
					dist[m] = d
					next = append(next, m)
				}
			}
		}
		frontier = next
	}
	return dist
}

// testRandom checks Paths and Neighborhood against an independent
// breadth-first search on a random graph, at GREEN clearance (the AMBER
// nodes are holes in it).
func testRandom(t *testing.T, newStore NewStore) {
	s, f := load(t, newStore, randomGraph(20261126))
	var visible []string
	for _, n := range randomGraph(20261126).Nodes {
		if f.nodeVisible(n.ID, graph.Green) {
			visible = append(visible, n.ID)
		}
	}
	r := rand.New(rand.NewSource(7))

	run(t, "shortest path length equals BFS", func(t *testing.T) {
		for range 50 {
			from, to := visible[r.Intn(len(visible))], visible[r.Intn(len(visible))]
			q := graph.PathQuery{From: from, To: to, MaxDepth: graph.MaxPathDepth, K: 1, Clearance: graph.Green}
			a, err := s.Paths(t.Context(), q)
			if err != nil {
				t.Fatalf("Paths(%s→%s) = %v", from, to, err)
			}
			checkPathAnswer(t, f, q, a)
			d, ok := bfs(f, from, graph.MaxPathDepth, graph.Green)[to]
			switch {
			case !ok && len(a.Paths) != 0:
				t.Errorf("Paths(%s→%s) found %v; BFS finds no path within %d hops", from, to, a.Paths, graph.MaxPathDepth)
			case ok && len(a.Paths) != 1:
				t.Errorf("Paths(%s→%s) found %d paths; BFS finds one of %d hops", from, to, len(a.Paths), d)
			case ok && len(a.Paths[0].Edges) != d:
				t.Errorf("Paths(%s→%s) is %d hops long; BFS finds %d", from, to, len(a.Paths[0].Edges), d)
			}
		}
	})

	run(t, "neighborhood equals BFS", func(t *testing.T) {
		for i := range 24 {
			seed, depth := visible[r.Intn(len(visible))], 1+i%graph.MaxDepth
			q := graph.NeighborhoodQuery{Seed: seed, Depth: depth, Limit: graph.MaxLimit, Clearance: graph.Green}
			g, err := s.Neighborhood(t.Context(), q)
			if err != nil {
				t.Fatalf("Neighborhood(%s, %d) = %v", seed, depth, err)
			}
			checkSubgraph(t, f, g, graph.Green)
			var want []string
			for n := range bfs(f, seed, depth, graph.Green) {
				want = append(want, n)
			}
			slices.Sort(want)
			if got := nodeIDs(g); !equalIDs(got, want) {
				t.Errorf("Neighborhood(%s, depth %d) has %d nodes, BFS %d:\n got %v\nwant %v", seed, depth, len(got), len(want), got, want)
			}
			// Induced: every visible edge between two reached nodes.
			in := map[string]bool{}
			for _, n := range want {
				in[n] = true
			}
			var wantEdges []string
			for id, e := range f.edges {
				if f.edgeVisible(id, graph.Green) && in[e.From] && in[e.To] {
					wantEdges = append(wantEdges, id)
				}
			}
			slices.Sort(wantEdges)
			if got := edgeIDs(g); !equalIDs(got, wantEdges) {
				t.Errorf("Neighborhood(%s, depth %d) has %d edges, want the %d induced ones", seed, depth, len(got), len(wantEdges))
			}
		}
	})
}
