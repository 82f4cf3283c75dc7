package storetest

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"linkchart/graph"
)

// p writes a path as alternating node and edge ids: p("s", "s-m1", "m1").
func p(steps ...string) graph.Path {
	path := graph.Path{Nodes: []string{}, Edges: []string{}}
	for i, s := range steps {
		if i%2 == 0 {
			path.Nodes = append(path.Nodes, s)
		} else {
			path.Edges = append(path.Edges, s)
		}
	}
	return path
}

// comparePaths orders two paths as PathQuery documents: by length, then hop
// by hop, each hop by its next node's id and then its edge's id; the first
// hop that differs decides.
func comparePaths(a, b graph.Path) int {
	if len(a.Edges) != len(b.Edges) {
		return len(a.Edges) - len(b.Edges)
	}
	for i := range a.Edges {
		if a.Nodes[i+1] != b.Nodes[i+1] {
			if a.Nodes[i+1] < b.Nodes[i+1] {
				return -1
			}
			return 1
		}
		if a.Edges[i] != b.Edges[i] {
			if a.Edges[i] < b.Edges[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// checkPath checks that path is a simple walk from `from` to `to` over
// edges that join its consecutive nodes (in either direction).
func checkPath(t *testing.T, f *fixture, path graph.Path, from, to string) {
	t.Helper()
	if path.Nodes == nil || path.Edges == nil {
		t.Errorf("path %v has a nil slice: want [] for none", path)
	}
	if len(path.Nodes) != len(path.Edges)+1 {
		t.Errorf("path %v: %d nodes, %d edges; want one node more than edges", path, len(path.Nodes), len(path.Edges))
		return
	}
	if path.Nodes[0] != from || path.Nodes[len(path.Nodes)-1] != to {
		t.Errorf("path %v does not lead from %q to %q", path, from, to)
	}
	seen := map[string]bool{}
	for i, n := range path.Nodes {
		if seen[n] {
			t.Errorf("path %v visits %q twice: want simple paths", path, n)
		}
		seen[n] = true
		if i == len(path.Edges) {
			break
		}
		e, ok := f.edges[path.Edges[i]]
		next := path.Nodes[i+1]
		if !ok || !(e.From == n && e.To == next || e.From == next && e.To == n) {
			t.Errorf("path %v: edge %q does not join %q and %q", path, path.Edges[i], n, next)
		}
	}
}

// checkPathAnswer checks a PathAnswer's invariants: every path valid and in
// order, and the subgraph exactly the nodes, edges and sources of the paths.
func checkPathAnswer(t *testing.T, f *fixture, q graph.PathQuery, a graph.PathAnswer) {
	t.Helper()
	if a.Paths == nil {
		t.Errorf("Paths is nil: want [] when no path is found")
	}
	nodes, edges := map[string]bool{}, map[string]bool{}
	for i, path := range a.Paths {
		checkPath(t, f, path, q.From, q.To)
		if i > 0 && comparePaths(a.Paths[i-1], path) >= 0 {
			t.Errorf("path %v listed before %v: want length, then hop by hop by node id then edge id", a.Paths[i-1], path)
		}
		for _, n := range path.Nodes {
			nodes[n] = true
		}
		for _, e := range path.Edges {
			edges[e] = true
		}
	}
	checkSubgraph(t, f, a.Subgraph, q.Clearance)
	checkIDs(t, a.Subgraph, slices.Collect(maps.Keys(nodes)), slices.Collect(maps.Keys(edges)))
	if a.Truncated {
		t.Errorf("Truncated = true, want false for paths")
	}
}

type pathCase struct {
	name    string
	q       graph.PathQuery
	want    []graph.Path
	wantErr error
}

func runPaths(t *testing.T, s graph.Store, f *fixture, tests []pathCase) {
	t.Helper()
	for _, tt := range tests {
		runQuery(t, tt.name, "Paths", tt.q, tt.wantErr, s.Paths, func(t *testing.T, a graph.PathAnswer) {
			checkPathAnswer(t, f, tt.q, a)
			if len(a.Paths) != len(tt.want) || !slices.EqualFunc(a.Paths, tt.want, func(x, y graph.Path) bool {
				return slices.Equal(x.Nodes, y.Nodes) && slices.Equal(x.Edges, y.Edges)
			}) {
				t.Errorf("Paths(%s→%s) =\n %v\nwant\n %v", tt.q.From, tt.q.To, a.Paths, tt.want)
			}
		})
	}
}

// testPaths covers Paths on the path graph and the tie graph.
func testPaths(t *testing.T, newStore NewStore) {
	run(t, "path graph", func(t *testing.T) {
		s, f := load(t, newStore, pathGraph())
		q := func(from, to string, k int, c graph.Marking) graph.PathQuery {
			return graph.PathQuery{From: from, To: to, K: k, Clearance: c}
		}
		viaM1 := p("s", "s-m1", "m1", "t-m1", "t")
		viaM2a := p("s", "s-m2", "m2", "m2-t-a", "t")
		viaM2b := p("s", "s-m2", "m2", "m2-t-b", "t")
		viaNO := p("s", "s-n", "n", "o-n", "o", "o-t", "t")
		viaH := p("s", "s-h", "h", "h-t", "t")
		withTypes := func(pq graph.PathQuery, types ...string) graph.PathQuery {
			pq.Types = types
			return pq
		}
		withDepth := func(pq graph.PathQuery, d int) graph.PathQuery {
			pq.MaxDepth = d
			return pq
		}
		runPaths(t, s, f, []pathCase{
			{"k 1: the shortest, smallest next node first", q("s", "t", 1, graph.Clear), []graph.Path{viaM1}, nil},
			{"k 0 means 1", q("s", "t", 0, graph.Clear), []graph.Path{viaM1}, nil},
			{"k 2: parallel edges tie-broken by edge id", q("s", "t", 2, graph.Clear), []graph.Path{viaM1, viaM2a}, nil},
			{"k 3: parallel edges give distinct paths", q("s", "t", 3, graph.Clear), []graph.Path{viaM1, viaM2a, viaM2b}, nil},
			{"k 10: every simple path, shortest first", q("s", "t", 10, graph.Clear),
				[]graph.Path{viaM1, viaM2a, viaM2b, viaNO}, nil},
			{"edges walked in either direction", q("t", "s", 3, graph.Clear), []graph.Path{
				p("t", "t-m1", "m1", "s-m1", "s"),
				p("t", "m2-t-a", "m2", "s-m2", "s"),
				p("t", "m2-t-b", "m2", "s-m2", "s"),
			}, nil},
			{"RED node hidden at AMBER", q("s", "t", 1, graph.Amber), []graph.Path{viaM1}, nil},
			{"RED node and RED edge used at RED", q("s", "t", 10, graph.Red),
				[]graph.Path{p("s", "s-t-red", "t"), viaH, viaM1, viaM2a, viaM2b, viaNO}, nil},
			{"only path through a RED node, at CLEAR", q("s", "q", 3, graph.Clear), []graph.Path{}, nil},
			{"only paths through a RED node, at RED", q("s", "q", 3, graph.Red), []graph.Path{
				p("s", "s-h", "h", "h-q", "q"),
				p("s", "s-t-red", "t", "h-t", "h", "h-q", "q"),
				p("s", "s-m1", "m1", "t-m1", "t", "h-t", "h", "h-q", "q"),
			}, nil},
			{"types filter", withTypes(q("s", "t", 10, graph.Clear), "ALLY"), []graph.Path{viaNO}, nil},
			{"types filter, several", withTypes(q("s", "t", 10, graph.Clear), "LINK", "ALLY"),
				[]graph.Path{viaM1, viaM2a, viaM2b, viaNO}, nil},
			{"types filter leaves no path", withTypes(q("s", "t", 10, graph.Clear), "MET"), []graph.Path{}, nil},
			{"max depth cuts longer paths", withDepth(q("s", "t", 10, graph.Clear), 2),
				[]graph.Path{viaM1, viaM2a, viaM2b}, nil},
			{"max depth 1", withDepth(q("s", "t", 10, graph.Clear), 1), []graph.Path{}, nil},
			{"max depth and types together", withDepth(withTypes(q("s", "t", 10, graph.Clear), "ALLY"), 2),
				[]graph.Path{}, nil},
			{"disconnected pair: no path, no error", q("s", "iso", 3, graph.Red), []graph.Path{}, nil},
			// One path of length zero, whatever k; the self loop s-s is not
			// part of it.
			{"from equals to", q("s", "s", 5, graph.Clear), []graph.Path{p("s")}, nil},
			{"unknown from", q("ghost", "t", 1, graph.Red), nil, graph.ErrNotFound},
			{"unknown to", q("s", "ghost", 1, graph.Red), nil, graph.ErrNotFound},
			{"RED end at CLEAR", q("s", "h", 1, graph.Clear), nil, graph.ErrNotFound},
			{"RED start at CLEAR", q("h", "t", 1, graph.Clear), nil, graph.ErrNotFound},
			{"RED end at RED", q("s", "h", 1, graph.Red), []graph.Path{p("s", "s-h", "h")}, nil},
		})
	})

	// A chain of 13 nodes, 12 hops: top ── l0 ── l1 ── … ── l11.
	run(t, "max depth on a long chain", func(t *testing.T) {
		s, f := load(t, newStore, chainGraph())
		chain := func(last int) graph.Path {
			steps := []string{"top", "top-commands-l0", "l0"}
			for i := 1; i <= last; i++ {
				steps = append(steps, fmt.Sprintf("l%d-part-of-l%d", i, i-1), fmt.Sprintf("l%d", i))
			}
			return p(steps...)
		}
		runPaths(t, s, f, []pathCase{
			{"default max depth reaches 6 hops", graph.PathQuery{From: "top", To: "l5"}, []graph.Path{chain(5)}, nil},
			{"default max depth stops at 6 hops", graph.PathQuery{From: "top", To: "l6"}, []graph.Path{}, nil},
			{"max depth 7", graph.PathQuery{From: "top", To: "l6", MaxDepth: 7}, []graph.Path{chain(6)}, nil},
			{"MaxPathDepth hops", graph.PathQuery{From: "top", To: "l9", MaxDepth: graph.MaxPathDepth}, []graph.Path{chain(9)}, nil},
			{"beyond MaxPathDepth", graph.PathQuery{From: "top", To: "l10", MaxDepth: graph.MaxPathDepth}, []graph.Path{}, nil},
		})
	})

	run(t, "tie-breaks hop by hop", func(t *testing.T) {
		s, f := load(t, newStore, tieGraph())
		all := []graph.Path{
			p("s2", "hop-w0", "u", "u-v0", "v0", "v0-z", "z"),
			p("s2", "hop-w0", "u", "u-v1", "v1", "v1-z", "z"),
			p("s2", "hop-w1", "u", "u-v0", "v0", "v0-z", "z"),
			p("s2", "hop-w1", "u", "u-v1", "v1", "v1-z", "z"),
		}
		runPaths(t, s, f, []pathCase{
			{"k 1", graph.PathQuery{From: "s2", To: "z", K: 1}, all[:1], nil},
			{"k 3", graph.PathQuery{From: "s2", To: "z", K: 3}, all[:3], nil},
			{"k 10", graph.PathQuery{From: "s2", To: "z", K: 10}, all, nil},
			{"backwards", graph.PathQuery{From: "z", To: "s2", K: 2}, []graph.Path{
				p("z", "v0-z", "v0", "u-v0", "u", "hop-w0", "s2"),
				p("z", "v0-z", "v0", "u-v0", "u", "hop-w1", "s2"),
			}, nil},
		})
	})
}
