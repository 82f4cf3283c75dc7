package analysis

import (
	"slices"
	"testing"

	"linkchart/graph"
)

// Connect's tree on the oracle graphs: a tree holding every terminal,
// whose leaves are terminals, no larger than networkx's Steiner tree
// (Kou's method) for the same terminals.
func TestConnectAgainstNetworkxSteiner(t *testing.T) {
	for name, o := range loadOracle(t) {
		g := o.subgraph(false)
		for _, st := range o.Steiner {
			tree, joined := Connect(g, st.Terminals, 0)
			if !joined {
				t.Fatalf("%s %v: not joined", name, st.Terminals)
			}
			checkTree(t, tree, st.Terminals)
			if len(tree.Edges) > st.Links {
				t.Errorf("%s %v: %d links, networkx's Steiner tree has %d", name, st.Terminals, len(tree.Edges), st.Links)
			}
		}
	}
}

// checkTree fails unless g is a tree spanning its nodes, holding every
// terminal, with only terminals as leaves.
func checkTree(t *testing.T, g graph.Subgraph, terminals []string) {
	t.Helper()
	if len(g.Edges) != len(g.Nodes)-1 {
		t.Fatalf("%d nodes, %d edges: not a tree", len(g.Nodes), len(g.Edges))
	}
	deg := map[string]int{}
	for _, e := range g.Edges {
		deg[e.From]++
		deg[e.To]++
	}
	for _, n := range g.Nodes {
		if deg[n.ID] == 1 && !slices.Contains(terminals, n.ID) {
			t.Errorf("leaf %s is not a terminal", n.ID)
		}
	}
	v := newView(g)
	if _, sizes := v.components(); len(sizes) != 1 {
		t.Errorf("tree in %d pieces", len(sizes))
	}
	for _, id := range terminals {
		if _, ok := v.index[id]; !ok {
			t.Errorf("terminal %s missing", id)
		}
	}
}

// A hand-drawn chart:
//
//	a - b - c - d     parallel b=c edges come together;
//	    |       |     x hangs off c and is no terminal;
//	    e - f - g     h is apart.
//	        x - c
func TestConnectSmall(t *testing.T) {
	edge := func(id, from, to string, src ...string) graph.Edge {
		return graph.Edge{ID: id, From: from, To: to, Sources: src}
	}
	var g graph.Subgraph
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "x"} {
		g.Nodes = append(g.Nodes, graph.Node{ID: id})
	}
	g.Edges = []graph.Edge{
		edge("ab", "a", "b", "s1"), edge("bc", "b", "c", "s2"), edge("cb", "c", "b", "s3"), edge("cd", "c", "d"),
		edge("be", "b", "e"), edge("ef", "e", "f"), edge("fg", "f", "g"), edge("dg", "g", "d"), edge("xc", "x", "c"),
	}
	g.Sources = []graph.Source{{ID: "s1"}, {ID: "s2"}, {ID: "s3"}, {ID: "s4"}}
	tree, joined := Connect(g, []string{"a", "d", "a"}, 0)
	ids := func(g graph.Subgraph) (nodes, edges, sources []string) {
		for _, n := range g.Nodes {
			nodes = append(nodes, n.ID)
		}
		for _, e := range g.Edges {
			edges = append(edges, e.ID)
		}
		for _, s := range g.Sources {
			sources = append(sources, s.ID)
		}
		return
	}
	nodes, edges, sources := ids(tree)
	if !joined || !slices.Equal(nodes, []string{"a", "b", "c", "d"}) || !slices.Equal(edges, []string{"ab", "bc", "cb", "cd"}) || !slices.Equal(sources, []string{"s1", "s2", "s3"}) {
		t.Errorf("a..d: joined %v, nodes %v, edges %v, sources %v", joined, nodes, edges, sources)
	}
	if _, joined := Connect(g, []string{"a", "g"}, 3); joined {
		t.Error("a..g joined within 3 hops; the shortest path has 4")
	}
	tree, joined = Connect(g, []string{"a", "g"}, 4)
	if nodes, _, _ := ids(tree); !joined || len(nodes) != 5 {
		t.Errorf("a..g within 4 hops: joined %v, nodes %v", joined, nodes)
	}
	tree, joined = Connect(g, []string{"a", "h", "nobody"}, 0)
	if nodes, edges, _ := ids(tree); joined || !slices.Equal(nodes, []string{"a", "h"}) || len(edges) != 0 {
		t.Errorf("a, h, nobody: joined %v, nodes %v, edges %v", joined, nodes, edges)
	}
	for _, tc := range []struct {
		ids, want []string
	}{
		{[]string{"b", "d"}, []string{"c"}},
		{[]string{"a", "c", "e"}, []string{"b"}},
		{[]string{"a", "h"}, []string{}},
		{[]string{"b"}, []string{}},
		{[]string{"b", "d", "nobody"}, []string{}},
	} {
		if got := CommonNeighbors(g, tc.ids); !slices.Equal(got, tc.want) {
			t.Errorf("CommonNeighbors(%v) = %v, want %v", tc.ids, got, tc.want)
		}
	}
}
