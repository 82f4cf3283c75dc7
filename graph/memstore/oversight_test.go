package memstore

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// TestOversightMatchesBruteForce enumerates every oversight path naively and
// keeps, per (overseer, target), the shortest in the documented order.
func TestOversightMatchesBruteForce(t *testing.T) {
	b := gen.Generate(150, 900, 31)
	ctx := context.Background()
	s := openLoaded(t, filepath.Join(t.TempDir(), "db"), b)
	defer s.Close()
	nodes := nodesByID(b.Nodes)
	comparePaths := func(a, b graph.Path) int {
		if len(a.Edges) != len(b.Edges) {
			return len(a.Edges) - len(b.Edges)
		}
		for i := range a.Edges {
			if c := strings.Compare(a.Nodes[i+1], b.Nodes[i+1]); c != 0 {
				return c
			}
			if c := strings.Compare(a.Edges[i], b.Edges[i]); c != 0 {
				return c
			}
		}
		return 0
	}
	naive := func(asOf graph.Date, c graph.Marking) []graph.Oversight {
		passes := func(e graph.Edge) bool {
			return c.Allows(e.Marking) && c.Allows(nodes[e.From].Marking) && c.Allows(nodes[e.To].Marking) && graph.HoldsAt(e.Since, e.Until, asOf)
		}
		best := map[[2]string]graph.Path{}
		var walk func(p graph.Path, depth int)
		walk = func(p graph.Path, depth int) {
			key := [2]string{p.Nodes[0], p.Nodes[len(p.Nodes)-1]}
			if old, ok := best[key]; !ok || comparePaths(p, old) < 0 {
				best[key] = graph.Path{Nodes: slices.Clone(p.Nodes), Edges: slices.Clone(p.Edges)}
			}
			if depth == graph.MaxPartOfHops {
				return
			}
			cur := p.Nodes[len(p.Nodes)-1]
			for _, e := range b.Edges {
				if e.Type != graph.PartOf || e.To != cur || !passes(e) || slices.Contains(p.Nodes, e.From) {
					continue
				}
				walk(graph.Path{Nodes: append(p.Nodes, e.From), Edges: append(p.Edges, e.ID)}, depth+1)
			}
		}
		for _, e := range b.Edges {
			if graph.IsOversight(e.Type) && e.From != e.To && passes(e) {
				walk(graph.Path{Nodes: []string{e.From, e.To}, Edges: []string{e.ID}}, 0)
			}
		}
		var out []graph.Oversight
		for k, p := range best {
			out = append(out, graph.Oversight{Overseer: k[0], Target: k[1], Path: p})
		}
		return out
	}
	sortAnswers := func(as []graph.Oversight) {
		slices.SortFunc(as, func(a, b graph.Oversight) int {
			if d := len(a.Path.Edges) - len(b.Path.Edges); d != 0 {
				return d
			}
			if c := strings.Compare(a.Overseer, b.Overseer); c != 0 {
				return c
			}
			return strings.Compare(a.Target, b.Target)
		})
	}
	checked, deep := 0, 0
	for _, asOf := range []graph.Date{"", "2019"} {
		for _, c := range []graph.Marking{graph.Clear, graph.Red} {
			all := naive(asOf, c)
			for _, n := range b.Nodes {
				if !c.Allows(n.Marking) {
					continue
				}
				for _, who := range []bool{true, false} {
					var want []graph.Oversight
					q := graph.OversightQuery{AsOf: asOf, Clearance: c}
					for _, a := range all {
						if (who && a.Overseer == n.ID) || (!who && a.Target == n.ID) {
							want = append(want, a)
						}
					}
					if who {
						q.Who = n.ID
					} else {
						q.What = n.ID
					}
					got, err := s.Oversight(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					sortAnswers(want)
					if len(want) == 0 {
						want = []graph.Oversight{}
					}
					if !reflect.DeepEqual(got.Answers, want) {
						t.Fatalf("Oversight(%+v):\n got %+v\nwant %+v", q, got.Answers, want)
					}
					checked += len(want)
					for _, a := range want {
						if len(a.Path.Edges) >= 3 {
							deep++
						}
					}
				}
			}
		}
	}
	if checked < 200 || deep < 20 {
		t.Errorf("only %d answers checked, %d with 3 hops or more: the test graph has too little oversight", checked, deep)
	}
}
