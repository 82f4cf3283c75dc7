package memstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

func TestUnknownKindFilter(t *testing.T) {
	ctx := context.Background()
	b := gen.Generate(200, 800, 3)
	s := openLoaded(t, filepath.Join(t.TempDir(), "db"), b)
	defer s.Close()
	p := b.Nodes[0] // a Person
	hits, err := s.Search(ctx, graph.SearchQuery{Text: p.Name, Kinds: []graph.Kind{"Bogus"}, Clearance: graph.Red})
	if err != nil || len(hits) != 0 {
		t.Errorf("Search with an unknown kind = %d hits, %v; want none", len(hits), err)
	}
	g, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: p.ID, Kinds: []graph.Kind{"Bogus"}, Clearance: graph.Red})
	if err != nil || len(g.Nodes) != 1 {
		t.Errorf("Neighborhood with an unknown kind = %d nodes, %v; want the seed alone", len(g.Nodes), err)
	}
}

// TestNeighborhoodMatchesBruteForce compares Neighborhood with the
// documented semantics computed naively, over random seeds, depths, limits,
// filters and clearances.
func TestNeighborhoodMatchesBruteForce(t *testing.T) {
	b := gen.Generate(300, 1500, 21)
	for i := range 40 { // self loops and parallel edges too
		loop := b.Edges[i*7]
		loop.ID, loop.To = fmt.Sprintf("loop-%d", i), loop.From
		twin := b.Edges[i*11]
		twin.ID = fmt.Sprintf("twin-%d", i)
		b.Edges = append(b.Edges, loop, twin)
	}
	path := filepath.Join(t.TempDir(), "db")
	ctx := context.Background()
	s := openLoaded(t, path, b)
	defer func() { s.Close() }()
	nodes := nodesByID(b.Nodes)
	sources := map[string]graph.Source{}
	for _, src := range b.Sources {
		sources[src.ID] = src
	}
	r := rand.New(rand.NewPCG(21, 22))
	dates := []graph.Date{"", "2016", "2019-06", "2022-03-15"}
	grades := []graph.MinGrade{{}, {Reliability: "C"}, {Credibility: 3}, {Reliability: "D", Credibility: 4}}
	truncatedSeen := 0
	for i := range 800 {
		if i == 400 { // the same questions of the store reopened
			s = reopenOrdered(t, s, path)
			r = rand.New(rand.NewPCG(21, 22))
		}
		q := graph.NeighborhoodQuery{
			Seed:      b.Nodes[r.IntN(len(b.Nodes))].ID,
			Depth:     1 + r.IntN(3),
			Limit:     1 + r.IntN(60),
			AsOf:      dates[r.IntN(len(dates))],
			MinGrade:  grades[r.IntN(len(grades))],
			Clearance: graph.Markings[r.IntN(4)],
		}
		if r.IntN(3) == 0 {
			q.Types = []string{graph.MemberOf, graph.PartOf, graph.ParticipatedIn, graph.Commands}
		}
		if r.IntN(3) == 0 {
			q.Kinds = []graph.Kind{graph.Person, graph.Unit, graph.Event}
		}
		got, err := s.Neighborhood(ctx, q)
		if !q.Clearance.Allows(nodes[q.Seed].Marking) {
			if !errors.Is(err, graph.ErrNotFound) {
				t.Fatalf("Neighborhood(%+v) of an invisible seed = %v", q, err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		// The naive answer.
		passes := func(e graph.Edge) bool {
			if !q.Clearance.Allows(e.Marking) || !q.Clearance.Allows(nodes[e.From].Marking) || !q.Clearance.Allows(nodes[e.To].Marking) {
				return false
			}
			if len(q.Types) > 0 && !slices.Contains(q.Types, e.Type) {
				return false
			}
			return graph.HoldsAt(e.Since, e.Until, q.AsOf) && q.MinGrade.Admits(graph.GradeOf(e.Credibility, e.Sources, sources))
		}
		kindOK := func(id string) bool { return len(q.Kinds) == 0 || slices.Contains(q.Kinds, nodes[id].Kind) }
		dist := map[string]int{q.Seed: 0}
		frontier := []string{q.Seed}
		for d := 1; d <= q.Depth; d++ {
			var next []string
			for _, u := range frontier {
				for _, e := range b.Edges {
					if !passes(e) || (e.From != u && e.To != u) {
						continue
					}
					v := e.To
					if v == u {
						v = e.From
					}
					if _, ok := dist[v]; ok || !kindOK(v) {
						continue
					}
					dist[v] = d
					next = append(next, v)
				}
			}
			frontier = next
		}
		order := slices.Collect(maps.Keys(dist))
		slices.SortFunc(order, func(a, b string) int {
			if dist[a] != dist[b] {
				return dist[a] - dist[b]
			}
			return strings.Compare(a, b)
		})
		truncated := len(order) > q.Limit
		if truncated {
			order = order[:q.Limit]
			truncatedSeen++
		}
		kept := map[string]bool{}
		for _, id := range order {
			kept[id] = true
		}
		var wantEdges []string
		for _, e := range b.Edges {
			if kept[e.From] && kept[e.To] && passes(e) {
				wantEdges = append(wantEdges, e.ID)
			}
		}
		slices.Sort(order)
		slices.Sort(wantEdges)
		var gotNodes, gotEdges []string
		for _, n := range got.Nodes {
			gotNodes = append(gotNodes, n.ID)
		}
		for _, e := range got.Edges {
			gotEdges = append(gotEdges, e.ID)
		}
		if !slices.Equal(gotNodes, order) || !slices.Equal(gotEdges, wantEdges) || got.Truncated != truncated {
			t.Fatalf("Neighborhood(%+v):\n nodes %v\n want %v\n edges %v\n want %v\n truncated %v want %v", q, gotNodes, order, gotEdges, wantEdges, got.Truncated, truncated)
		}
	}
	if truncatedSeen < 100 {
		t.Errorf("only %d truncated cases: the test does not exercise the limit", truncatedSeen)
	}
}

// TestWalkSortedMatchesScan asks both walks of Neighborhood the same
// questions on a graph with hubs, at limits that cut inside long levels
// (so that walkSorted narrows its candidates several times).
func TestWalkSortedMatchesScan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	if err := s.Upsert(context.Background(), gen.Generate(3000, 30000, 41)); err != nil {
		t.Fatal(err)
	}
	s = reopenOrdered(t, s, path)
	defer s.Close()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(41, 42))
	cut := 0
	for i := range 600 {
		q := graph.NeighborhoodQuery{Depth: 1 + r.IntN(3), Limit: 1 + r.IntN(2000), Clearance: graph.Markings[r.IntN(4)]}
		if i%4 == 0 {
			q.Types = []string{graph.MemberOf, graph.PartOf, graph.ParticipatedIn, graph.Commands}
		}
		if i%5 == 0 {
			q.Kinds = []graph.Kind{graph.Person, graph.Unit}
		}
		seed := uint32(r.IntN(len(s.nodes)))
		f := s.newFilter(q.Types, q.AsOf, q.Window, q.MinGrade, q.Clearance)
		if !s.nodeVisible(seed, f.lvl) {
			continue
		}
		var got, want [2][]uint32
		var gotCut, wantCut bool
		for w, walk := range []func(context.Context, *scratch, *edgeFilter, uint8, uint32, int, int) ([]uint32, []uint32, bool, error){s.walkSorted, s.walkScan} {
			sc := s.getScratch()
			nodes, edges, truncated, err := walk(ctx, sc, f, kindMask(q.Kinds), seed, q.Depth, q.Limit)
			if err != nil {
				t.Fatal(err)
			}
			for _, bits := range [][]uint64{sc.bits, sc.bits2} {
				if i := slices.IndexFunc(bits, func(w uint64) bool { return w != 0 }); i >= 0 {
					t.Fatalf("walk %d left bits set in its scratch (word %d)", w, i)
				}
			}
			if w == 0 && !slices.IsSorted(nodes) {
				t.Fatalf("%+v from node %d: walkSorted's nodes are not in order (mergeLevels)", q, seed)
			}
			res := [2][]uint32{slices.Sorted(slices.Values(nodes)), slices.Sorted(slices.Values(edges))}
			if w == 0 {
				got, gotCut = res, truncated
			} else {
				want, wantCut = res, truncated
			}
			s.putScratch(sc)
		}
		if wantCut && len(want[0]) > 100 {
			cut++
		}
		if !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) || gotCut != wantCut {
			t.Fatalf("%+v from node %d: walkSorted gives %d nodes, %d edges, truncated %v; walkScan %d, %d, %v",
				q, seed, len(got[0]), len(got[1]), gotCut, len(want[0]), len(want[1]), wantCut)
		}
	}
	if cut < 100 {
		t.Errorf("only %d answers cut by the limit with more than 100 nodes", cut)
	}
}
