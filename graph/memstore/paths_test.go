package memstore

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// TestPathsMatchBruteForce compares Paths with every simple path
// enumerated naively and sorted by the documented order.
func TestPathsMatchBruteForce(t *testing.T) {
	b := gen.Generate(120, 400, 11)
	path := filepath.Join(t.TempDir(), "db")
	ctx := context.Background()
	s := openLoaded(t, path, b)
	defer func() { s.Close() }()
	nodes := nodesByID(b.Nodes)
	type step struct{ edge, node string }
	adj := map[string][]step{}
	for _, e := range b.Edges {
		adj[e.From] = append(adj[e.From], step{e.ID, e.To})
		if e.To != e.From {
			adj[e.To] = append(adj[e.To], step{e.ID, e.From})
		}
	}
	edges := map[string]graph.Edge{}
	for _, e := range b.Edges {
		edges[e.ID] = e
	}
	brute := func(q graph.PathQuery) []graph.Path {
		var out []graph.Path
		types := map[string]bool{}
		for _, ty := range q.Types {
			types[ty] = true
		}
		var walk func(p graph.Path, seen map[string]bool)
		walk = func(p graph.Path, seen map[string]bool) {
			u := p.Nodes[len(p.Nodes)-1]
			if u == q.To {
				out = append(out, graph.Path{Nodes: slices.Clone(p.Nodes), Edges: slices.Clone(p.Edges)})
				return
			}
			if len(p.Edges) == q.MaxDepth {
				return
			}
			for _, st := range adj[u] {
				e := edges[st.edge]
				if seen[st.node] || !q.Clearance.Allows(e.Marking) || !q.Clearance.Allows(nodes[st.node].Marking) || (len(types) > 0 && !types[e.Type]) {
					continue
				}
				seen[st.node] = true
				walk(graph.Path{Nodes: append(p.Nodes, st.node), Edges: append(p.Edges, st.edge)}, seen)
				delete(seen, st.node)
			}
		}
		if q.Clearance.Allows(nodes[q.From].Marking) && q.Clearance.Allows(nodes[q.To].Marking) {
			walk(graph.Path{Nodes: []string{q.From}, Edges: []string{}}, map[string]bool{q.From: true})
		}
		slices.SortFunc(out, func(x, y graph.Path) int {
			if len(x.Edges) != len(y.Edges) {
				return len(x.Edges) - len(y.Edges)
			}
			for i := range x.Edges {
				if c := strings.Compare(x.Nodes[i+1], y.Nodes[i+1]); c != 0 {
					return c
				}
				if c := strings.Compare(x.Edges[i], y.Edges[i]); c != 0 {
					return c
				}
			}
			return 0
		})
		if len(out) > q.K {
			out = out[:q.K]
		}
		return out
	}
	r := rand.New(rand.NewPCG(8, 9))
	multi := 0
	defer func() {
		if multi < 50 {
			t.Errorf("only %d queries with several paths: the test graph is too sparse", multi)
		}
	}()
	for i := range 600 {
		if i == 300 { // the same questions of the store reopened
			s = reopenOrdered(t, s, path)
			r = rand.New(rand.NewPCG(8, 9))
		}
		q := graph.PathQuery{
			From: b.Nodes[r.IntN(len(b.Nodes))].ID, To: b.Nodes[r.IntN(len(b.Nodes))].ID,
			MaxDepth: 1 + r.IntN(4), K: 1 + r.IntN(10), Clearance: graph.Markings[r.IntN(4)],
		}
		if q.From == q.To {
			continue
		}
		if i%3 == 0 {
			q.Types = []string{graph.MemberOf, graph.PartOf, graph.ParticipatedIn}
		}
		got, err := s.Paths(ctx, q)
		if err != nil {
			if errors.Is(err, graph.ErrNotFound) && !(q.Clearance.Allows(nodes[q.From].Marking) && q.Clearance.Allows(nodes[q.To].Marking)) {
				continue
			}
			t.Fatal(err)
		}
		want := brute(q)
		if len(want) > 1 {
			multi++
		}
		if !reflect.DeepEqual(got.Paths, want) && !(len(got.Paths) == 0 && len(want) == 0) {
			t.Fatalf("Paths(%+v):\n got %v\nwant %v", q, got.Paths, want)
		}
	}
}
