package server

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"testing"

	"linkchart/graph"
)

// randomGraph is a seeded random sparse graph: n nodes, m edges of two
// types, about a tenth of the edges marked TLP:RED and a twentieth of the
// nodes TLP:AMBER.
func randomGraph(seed uint64, n, m int) graph.Batch {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := graph.Batch{Sources: []graph.Source{{ID: "s1", Title: "S1", Reliability: "C"}}}
	for i := 0; i < n; i++ {
		nd := graph.Node{ID: fmt.Sprintf("n%03d", i), Kind: graph.Unit, Name: fmt.Sprintf("Node %d", i)}
		if rng.IntN(20) == 0 {
			nd.Marking = graph.Amber
		}
		nd.Normalize()
		b.Nodes = append(b.Nodes, nd)
	}
	for i := 0; i < m; i++ {
		from, to := rng.IntN(n), rng.IntN(n)
		if from == to {
			continue
		}
		e := graph.Edge{ID: fmt.Sprintf("e%04d", i), Type: []string{"A_REL", "B_REL"}[rng.IntN(2)],
			From: b.Nodes[from].ID, To: b.Nodes[to].ID, Sources: []string{"s1"}}
		if rng.IntN(10) == 0 {
			e.Marking = graph.Red
		}
		e.Normalize()
		b.Edges = append(b.Edges, e)
	}
	return b
}

// bfs is the independent shortest-path computation: hop distances from src
// over visible nodes and edges (either direction), only edges of typ when
// typ is not empty. -1 means unreachable.
func bfs(b graph.Batch, cl graph.Marking, typ, src string) map[string]int {
	visible := map[string]bool{}
	for _, n := range b.Nodes {
		visible[n.ID] = cl.Allows(n.Marking)
	}
	adj := map[string][]string{}
	for _, e := range b.Edges {
		if !cl.Allows(e.Marking) || !visible[e.From] || !visible[e.To] || (typ != "" && e.Type != typ) {
			continue
		}
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	dist := map[string]int{src: 0}
	queue := []string{src}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, v := range adj[u] {
			if _, seen := dist[v]; !seen {
				dist[v] = dist[u] + 1
				queue = append(queue, v)
			}
		}
	}
	return dist
}

// TestPathsAgreeWithBFS checks /paths lengths against bfs on random graphs.
func TestPathsAgreeWithBFS(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			b := randomGraph(42, 80, 110)
			s := sk.open(t)
			if err := s.Upsert(context.Background(), b); err != nil {
				t.Fatalf("upsert: %v", err)
			}
			e := newEnvOn(t, s, nil)
			edges := map[string]graph.Edge{}
			for _, x := range b.Edges {
				edges[x.ID] = x
			}
			rng := rand.New(rand.NewPCG(7, 7))
			checked, reachable := 0, 0
			for i := 0; i < 150; i++ {
				from, to := b.Nodes[rng.IntN(len(b.Nodes))], b.Nodes[rng.IntN(len(b.Nodes))]
				token, cl := "viewer-clear", graph.Clear
				if i%3 == 0 {
					token, cl = "viewer-red", graph.Red
				}
				typ := ""
				if i%4 == 0 {
					typ = "A_REL"
				}
				q := url.Values{"from": {from.ID}, "to": {to.ID}, "max_depth": {"10"}, "k": {"3"}}
				if typ != "" {
					q.Set("types", typ)
				}
				w := e.do(req{method: "GET", path: "/api/v1/paths?" + q.Encode(), token: token})
				if !cl.Allows(from.Marking) || !cl.Allows(to.Marking) {
					if w.Code != 404 {
						t.Errorf("%s..%s at %s: %d, want 404 (an end is hidden)", from.ID, to.ID, cl, w.Code)
					}
					continue
				}
				if w.Code != 200 {
					t.Fatalf("%s..%s: %d %s", from.ID, to.ID, w.Code, w.Body.String())
				}
				ans := decode[graph.PathAnswer](t, w)
				want, ok := bfs(b, cl, typ, from.ID)[to.ID]
				checked++
				if !ok || want > 10 {
					if len(ans.Paths) != 0 {
						t.Errorf("%s..%s at %s types %q: got a path %v, BFS finds none within 10", from.ID, to.ID, cl, typ, ans.Paths[0])
					}
					continue
				}
				reachable++
				if len(ans.Paths) == 0 {
					t.Errorf("%s..%s at %s types %q: no path, BFS distance %d", from.ID, to.ID, cl, typ, want)
					continue
				}
				if got := len(ans.Paths[0].Edges); got != want {
					t.Errorf("%s..%s at %s types %q: shortest %d hops, BFS says %d", from.ID, to.ID, cl, typ, got, want)
				}
				prev := 0
				for _, p := range ans.Paths {
					if len(p.Edges) < prev || len(p.Edges) < want || len(p.Nodes) != len(p.Edges)+1 {
						t.Errorf("%s..%s: paths out of order or malformed: %v", from.ID, to.ID, ans.Paths)
					}
					prev = len(p.Edges)
					for j, id := range p.Edges {
						x, ok := edges[id]
						a, c := p.Nodes[j], p.Nodes[j+1]
						if !ok || !((x.From == a && x.To == c) || (x.From == c && x.To == a)) || !cl.Allows(x.Marking) || (typ != "" && x.Type != typ) {
							t.Errorf("%s..%s: hop %d (%s) does not join %s and %s visibly", from.ID, to.ID, j, id, a, c)
						}
					}
				}
			}
			if reachable < 20 {
				t.Errorf("only %d of %d checked pairs reachable: the generated graph is too sparse to test", reachable, checked)
			}
			t.Logf("%d pairs checked, %d reachable", checked, reachable)
		})
	}
}
