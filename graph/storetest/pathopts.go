package storetest

import (
	"testing"

	"linkchart/graph"
)

// testPathOptions covers PathQuery's direction, excluded nodes, hub limit
// and time consistency on the path graph (at TLP:CLEAR: s→m1←t, s→m2→t
// twice, s→n←o→t) and on a dated graph.
func testPathOptions(t *testing.T, newStore NewStore) {
	run(t, "path graph", func(t *testing.T) {
		s, f := load(t, newStore, pathGraph())
		q := func(from, to string, set func(*graph.PathQuery)) graph.PathQuery {
			pq := graph.PathQuery{From: from, To: to, K: 10, Clearance: graph.Clear}
			set(&pq)
			return pq
		}
		viaM1 := p("s", "s-m1", "m1", "t-m1", "t")
		viaM2a := p("s", "s-m2", "m2", "m2-t-a", "t")
		viaM2b := p("s", "s-m2", "m2", "m2-t-b", "t")
		viaNO := p("s", "s-n", "n", "o-n", "o", "o-t", "t")
		runPaths(t, s, f, []pathCase{
			{"any direction is the default", q("s", "t", func(pq *graph.PathQuery) { pq.Direction = graph.DirectionAny }),
				[]graph.Path{viaM1, viaM2a, viaM2b, viaNO}, nil},
			{"out: along the arrows only", q("s", "t", func(pq *graph.PathQuery) { pq.Direction = graph.DirectionOut }),
				[]graph.Path{viaM2a, viaM2b}, nil},
			{"in: against the arrows only", q("t", "s", func(pq *graph.PathQuery) { pq.Direction = graph.DirectionIn }),
				[]graph.Path{p("t", "m2-t-a", "m2", "s-m2", "s"), p("t", "m2-t-b", "m2", "s-m2", "s")}, nil},
			{"out from the other end: none", q("t", "s", func(pq *graph.PathQuery) { pq.Direction = graph.DirectionOut }),
				[]graph.Path{}, nil},
			{"excluded node", q("s", "t", func(pq *graph.PathQuery) { pq.Exclude = []string{"m2", "ghost"} }),
				[]graph.Path{viaM1, viaNO}, nil},
			{"excluding an end excludes nothing", q("s", "t", func(pq *graph.PathQuery) { pq.Exclude = []string{"s", "t"}; pq.K = 1 }),
				[]graph.Path{viaM1}, nil},
			// m2 has three relations, m1, n and o two each; the ends are excepted.
			{"hubs above degree 2 left out", q("s", "t", func(pq *graph.PathQuery) { pq.MaxDegree = 2 }),
				[]graph.Path{viaM1, viaNO}, nil},
			{"degree 1 leaves no way through", q("s", "t", func(pq *graph.PathQuery) { pq.MaxDegree = 1 }),
				[]graph.Path{}, nil},
		})
	})
	run(t, "dated graph", func(t *testing.T) {
		dated := func(e graph.Edge, since, until graph.Date) graph.Edge {
			e.Since, e.Until = since, until
			return e
		}
		b := graph.Batch{
			Sources: []graph.Source{source("src-d", "B")},
			Nodes:   []graph.Node{node("a", graph.Unit, "A"), node("b", graph.Unit, "B"), node("c", graph.Unit, "C"), node("d", graph.Unit, "D")},
			Edges: []graph.Edge{
				dated(edge("a-b", "a", "LINK", "b", "src-d"), "2020", "2021"),
				dated(edge("b-c", "b", "LINK", "c", "src-d"), "2022", ""),
				dated(edge("a-d", "a", "LINK", "d", "src-d"), "2020", ""),
				dated(edge("d-c", "d", "LINK", "c", "src-d"), "2020-01", "2020-06"),
			},
		}
		s, f := load(t, newStore, b)
		viaB := p("a", "a-b", "b", "b-c", "c")
		viaD := p("a", "a-d", "d", "d-c", "c")
		runPaths(t, s, f, []pathCase{
			{"every path", graph.PathQuery{From: "a", To: "c", K: 10}, []graph.Path{viaB, viaD}, nil},
			{"consistent in time: a-b ended before b-c began", graph.PathQuery{From: "a", To: "c", K: 10, Consistent: true}, []graph.Path{viaD}, nil},
			{"consistent, k 1: the first consistent path", graph.PathQuery{From: "a", To: "c", K: 1, Consistent: true}, []graph.Path{viaD}, nil},
			// a-d and d-c both held in the first half of 2020.
			{"consistent within a window that holds the common dates", graph.PathQuery{From: "a", To: "c", K: 10, Consistent: true,
				Window: graph.Window{From: "2020-03", To: "2021"}}, []graph.Path{viaD}, nil},
			{"consistent within a window after them: none", graph.PathQuery{From: "a", To: "c", K: 10, Consistent: true,
				Window: graph.Window{From: "2020-07", To: "2023"}}, []graph.Path{}, nil},
			{"the same window without consistency: via b", graph.PathQuery{From: "a", To: "c", K: 10,
				Window: graph.Window{From: "2020-07", To: "2023"}}, []graph.Path{viaB}, nil},
		})
	})
}
