package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"testing"

	"linkchart/graph"
)

// testWrite covers Upsert and Create: read back, replace, atomic refusal of
// invalid batches, ErrAlreadyExists.
func testWrite(t *testing.T, newStore NewStore) {
	run(t, "Ping answers on a fresh store", func(t *testing.T) {
		s := newStore(t)
		if err := s.Ping(t.Context()); err != nil {
			t.Fatalf("Ping = %v, want nil", err)
		}
	})

	run(t, "empty batch is accepted", func(t *testing.T) {
		s := newStore(t)
		if err := s.Upsert(t.Context(), graph.Batch{}); err != nil {
			t.Fatalf("Upsert(empty) = %v, want nil", err)
		}
		checkSchema(t, s, graph.Red, newFixture(graph.Batch{}))
	})

	run(t, "upserted records read back normalized", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		for _, id := range slices.Sorted(maps.Keys(f.nodes)) {
			g, err := s.Entity(t.Context(), id, graph.Red)
			if err != nil {
				t.Fatalf("Entity(%q) = %v", id, err)
			}
			checkSubgraph(t, f, g, graph.Red) // compares every record with the model
		}
		for _, id := range slices.Sorted(maps.Keys(f.sources)) {
			src, err := s.Source(t.Context(), id)
			if err != nil {
				t.Fatalf("Source(%q) = %v", id, err)
			}
			if !reflect.DeepEqual(src, f.sources[id]) {
				t.Errorf("Source(%q):\n got %+v\nwant %+v", id, src, f.sources[id])
			}
		}
	})

	// Every method is safe for concurrent use: writers and readers at once
	// lose no write and see no error.
	run(t, "concurrent writes and reads", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		ctx := t.Context()
		errs := make(chan error, 200)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				defer recoverInto(errs)
				for i := range 5 {
					id := fmt.Sprintf("w%d-%d", w, i)
					b := graph.Batch{
						Nodes: []graph.Node{node(id, graph.Place, "Worker "+id)},
						Edges: []graph.Edge{edge("e-"+id, id, "LINK", "a", "src-1")},
					}
					if err := s.Upsert(ctx, b); err != nil {
						errs <- fmt.Errorf("Upsert(%s): %w", id, err)
					}
				}
			})
		}
		for range 4 {
			wg.Go(func() {
				defer recoverInto(errs)
				for range 5 {
					if _, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: "a", Depth: 2, Clearance: graph.Red}); err != nil {
						errs <- fmt.Errorf("call Neighborhood: %w", err)
					}
					if _, err := s.Search(ctx, graph.SearchQuery{Text: "worker", Clearance: graph.Red}); err != nil {
						errs <- fmt.Errorf("call Search: %w", err)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for w := range 4 {
			for i := range 5 {
				id := fmt.Sprintf("w%d-%d", w, i)
				f.apply(graph.Batch{
					Nodes: []graph.Node{node(id, graph.Place, "Worker "+id)},
					Edges: []graph.Edge{edge("e-"+id, id, "LINK", "a", "src-1")},
				})
			}
		}
		g := entity(t, s, "a", graph.Red)
		checkSubgraph(t, f, g, graph.Red)
		if len(g.Nodes) != 6+20 {
			t.Errorf("Entity(a) has %d nodes after 20 concurrent writes, want 26", len(g.Nodes))
		}
		checkSchema(t, s, graph.Red, f)
	})

	// A write is seen whole or not at all: while a writer adds a node with
	// its edge and source in one batch and deletes it again, readers never
	// see the node without its edge, nor an edge without its end or source.
	run(t, "readers never see half a write", func(t *testing.T) {
		s, _ := load(t, newStore, coreGraph())
		ctx := t.Context()
		done := make(chan struct{})
		errs := make(chan error, 1000)
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(done)
			defer recoverInto(errs)
			for i := range 15 {
				src := fmt.Sprintf("src-gen-%d", i)
				b := graph.Batch{
					Sources: []graph.Source{source(src, "B")},
					Nodes:   []graph.Node{node("ghost-x", graph.Event, "Ghost")},
					Edges:   []graph.Edge{edge("a-ghost", "a", "LINK", "ghost-x", src)},
				}
				if err := s.Upsert(ctx, b); err != nil {
					errs <- fmt.Errorf("call Upsert: %w", err)
				}
				if err := s.DeleteNode(ctx, "ghost-x"); err != nil {
					errs <- fmt.Errorf("call DeleteNode: %w", err)
				}
			}
		})
		for range 3 {
			wg.Go(func() {
				defer recoverInto(errs)
				for {
					select {
					case <-done:
						return
					default:
					}
					g1, err1 := s.Entity(ctx, "a", graph.Red)
					g2, err2 := s.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: "a", Clearance: graph.Red})
					g3, err3 := s.Subgraph(ctx, []string{"a", "ghost-x"}, graph.Red)
					for i, r := range []struct {
						g   graph.Subgraph
						err error
					}{{g1, err1}, {g2, err2}, {g3, err3}} {
						if r.err != nil {
							errs <- fmt.Errorf("read %d: %w", i, r.err)
						} else if err := wholeWrites(r.g); err != nil {
							errs <- fmt.Errorf("read %d: %w", i, err)
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		n := 0
		for err := range errs {
			if n++; n <= 5 {
				t.Error(err)
			}
		}
		if n > 5 {
			t.Errorf("… and %d more", n-5)
		}
	})

	run(t, "edges may refer to records of earlier batches", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		b := graph.Batch{Edges: []graph.Edge{edge("ue", "u", "LINK", "e", "src-unused")}}
		if err := s.Upsert(t.Context(), b); err != nil {
			t.Fatalf("Upsert = %v", err)
		}
		f.apply(b)
		g := entity(t, s, "u", graph.Clear)
		checkSubgraph(t, f, g, graph.Clear)
		checkIDs(t, g, []string{"u", "e"}, []string{"ue"})
	})

	// Upsert replaces a record whole: fields left out are gone, not merged.
	// Replacing a node keeps the edges that touch it.
	run(t, "upsert replaces a node whole and keeps its edges", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		b := graph.Batch{Nodes: []graph.Node{node("a", graph.Unit, "Able")}}
		if err := s.Upsert(t.Context(), b); err != nil {
			t.Fatalf("Upsert = %v", err)
		}
		f.apply(b)
		g := entity(t, s, "a", graph.Clear)
		checkSubgraph(t, f, g, graph.Clear)
		checkIDs(t, g, []string{"a", "b", "c", "f"}, []string{"aa", "ab", "ca", "fa"})
		if hits := search(t, s, graph.SearchQuery{Text: "alpha", Clearance: graph.Red}); len(hits) != 0 {
			t.Errorf("Search(alpha) after the rename = %v, want no hit", hitIDs(hits))
		}
		if hits := search(t, s, graph.SearchQuery{Text: "able", Clearance: graph.Red}); !slices.Equal(hitIDs(hits), []string{"a"}) {
			t.Errorf("Search(able) after the rename = %v, want [a]", hitIDs(hits))
		}
	})

	run(t, "upsert replaces an edge's ends, type and marking", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		b := graph.Batch{Edges: []graph.Edge{markedEdge(graph.Green, edge("ab", "a", "VISITED", "e", "src-3"))}}
		if err := s.Upsert(t.Context(), b); err != nil {
			t.Fatalf("Upsert = %v", err)
		}
		f.apply(b)
		checkIDs(t, entity(t, s, "b", graph.Red), []string{"b", "c", "x"}, []string{"bc", "bx1", "bx2"})
		checkIDs(t, entity(t, s, "e", graph.Clear), []string{"e", "d"}, []string{"de"})
		g := entity(t, s, "e", graph.Green)
		checkSubgraph(t, f, g, graph.Green)
		checkIDs(t, g, []string{"a", "d", "e"}, []string{"ab", "de"})
		checkSchema(t, s, graph.Green, f)
	})

	// Markings change with the record: raising a node's marking hides it
	// and its edges; lowering an edge's shows it.
	run(t, "upsert changes markings", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		b := graph.Batch{
			Nodes: []graph.Node{markedNode(graph.Red, node("b", graph.Unit, "Bravo"))},
			Edges: []graph.Edge{edge("ad", "a", "VISITED", "d", "src-3")},
		}
		if err := s.Upsert(t.Context(), b); err != nil {
			t.Fatalf("Upsert = %v", err)
		}
		f.apply(b)
		if _, err := s.Entity(t.Context(), "b", graph.Amber); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("Entity(b) after marking it RED, at AMBER = %s, want ErrNotFound", describe(err))
		}
		g := entity(t, s, "a", graph.Clear)
		checkSubgraph(t, f, g, graph.Clear)
		checkIDs(t, g, []string{"a", "c", "d", "f"}, []string{"aa", "ad", "ca", "fa"})
		if hits := search(t, s, graph.SearchQuery{Text: "bravo", Clearance: graph.Amber}); len(hits) != 0 {
			t.Errorf("Search(bravo) at AMBER after marking b RED = %v, want no hit", hitIDs(hits))
		}
		checkSchema(t, s, graph.Clear, f)
		checkSchema(t, s, graph.Red, f)
	})

	run(t, "grades follow a source's new reliability", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		b := graph.Batch{Sources: []graph.Source{source("src-3", "A")}}
		if err := s.Upsert(t.Context(), b); err != nil {
			t.Fatalf("Upsert = %v", err)
		}
		f.apply(b)
		if got := f.edges["de"].Grade; got != "A6" {
			t.Fatalf("model grade of de = %s, want A6", got)
		}
		checkSubgraph(t, f, entity(t, s, "d", graph.Red), graph.Red)
	})

	// A batch with one bad record is refused whole: nothing of it is
	// visible afterwards, neither its new records nor its replacements.
	run(t, "invalid batch is refused whole", func(t *testing.T) {
		bad := []struct {
			name  string
			batch func(b *graph.Batch)
		}{
			{"edge to a missing node", func(b *graph.Batch) { b.Edges = append(b.Edges, edge("e-bad", "a", "LINK", "ghost", "src-1")) }},
			{"edge from a missing node", func(b *graph.Batch) { b.Edges = append(b.Edges, edge("e-bad", "ghost", "LINK", "a", "src-1")) }},
			{"edge citing a missing source", func(b *graph.Batch) { b.Edges = append(b.Edges, edge("e-bad", "a", "LINK", "b", "src-1", "src-ghost")) }},
			{"bad node id", func(b *graph.Batch) { b.Nodes = append(b.Nodes, node("Bad_Id", graph.Person, "Bad")) }},
			{"empty node id", func(b *graph.Batch) { b.Nodes = append(b.Nodes, node("", graph.Person, "Nobody")) }},
			{"bad edge id", func(b *graph.Batch) { b.Edges = append(b.Edges, edge("e 1", "a", "LINK", "b", "src-1")) }},
			{"bad source id", func(b *graph.Batch) { b.Sources = append(b.Sources, source("SRC!", "A")) }},
			{"unknown kind", func(b *graph.Batch) { b.Nodes = append(b.Nodes, node("ship", "Spaceship", "Ship")) }},
			{"empty kind", func(b *graph.Batch) { b.Nodes = append(b.Nodes, node("ship", "", "Ship")) }},
			{"bad type", func(b *graph.Batch) { b.Edges = append(b.Edges, edge("e-bad", "a", "commands", "b", "src-1")) }},
			{"type with Cypher syntax", func(b *graph.Batch) {
				b.Edges = append(b.Edges, edge("e-bad", "a", "LINK`]->(x) DETACH DELETE x //", "b", "src-1"))
			}},
			{"kind with Cypher syntax", func(b *graph.Batch) { b.Nodes = append(b.Nodes, node("ship", "Person:Admin", "Ship")) }},
			{"bad since", func(b *graph.Batch) {
				b.Edges = append(b.Edges, datedEdge("2024-13", "", edge("e-bad", "a", "LINK", "b", "src-1")))
			}},
			{"since on a day that does not exist", func(b *graph.Batch) {
				b.Edges = append(b.Edges, datedEdge("2023-02-29", "", edge("e-bad", "a", "LINK", "b", "src-1")))
			}},
			{"bad until", func(b *graph.Batch) {
				b.Edges = append(b.Edges, datedEdge("", "24", edge("e-bad", "a", "LINK", "b", "src-1")))
			}},
			{"credibility 7", func(b *graph.Batch) { b.Edges = append(b.Edges, credEdge(7, edge("e-bad", "a", "LINK", "b", "src-1"))) }},
			{"credibility -1", func(b *graph.Batch) {
				b.Edges = append(b.Edges, credEdge(-1, edge("e-bad", "a", "LINK", "b", "src-1")))
			}},
			{"reliability G", func(b *graph.Batch) { b.Sources = append(b.Sources, source("src-g", "G")) }},
			{"bad node marking", func(b *graph.Batch) {
				b.Nodes = append(b.Nodes, markedNode("TLP:PURPLE", node("ship", graph.Person, "Ship")))
			}},
			{"bad edge marking", func(b *graph.Batch) {
				b.Edges = append(b.Edges, markedEdge("secret", edge("e-bad", "a", "LINK", "b", "src-1")))
			}},
		}
		for _, tc := range bad {
			run(t, tc.name, func(t *testing.T) {
				s, f := load(t, newStore, coreGraph())
				// Valid parts: a new source, a new node, a new edge between
				// them, and replacements of a node, an edge and a source.
				b := graph.Batch{
					Sources: []graph.Source{source("src-fresh", "A"), source("src-2", "A")},
					Nodes:   []graph.Node{node("fresh", graph.Person, "Fresh"), node("a", graph.Person, "Changed")},
					Edges: []graph.Edge{
						edge("e-fresh", "fresh", "LINK", "a", "src-fresh"),
						edge("bx1", "b", "OPERATES", "fresh", "src-fresh"),
					},
				}
				tc.batch(&b)
				err := s.Upsert(t.Context(), b)
				if !errors.Is(err, graph.ErrInvalid) {
					t.Fatalf("Upsert = %s, want an error wrapping graph.ErrInvalid", describe(err))
				}
				checkUnchanged(t, s, f)
			})
		}
	})

	run(t, "create writes new records", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		b := graph.Batch{
			Sources: []graph.Source{source("src-new", "B")},
			Nodes:   []graph.Node{node("new", graph.Event, "New event")},
			Edges:   []graph.Edge{edge("new-a", "new", "LINK", "a", "src-new")},
		}
		if err := s.Create(t.Context(), b); err != nil {
			t.Fatalf("Create = %v", err)
		}
		f.apply(b)
		g := entity(t, s, "new", graph.Clear)
		checkSubgraph(t, f, g, graph.Clear)
		checkIDs(t, g, []string{"new", "a"}, []string{"new-a"})
	})

	// Create refuses a batch when any of its ids (node, edge or source) is
	// taken, and writes nothing of it.
	run(t, "create refuses taken ids", func(t *testing.T) {
		taken := []struct {
			name  string
			batch func(b *graph.Batch)
		}{
			{"node", func(b *graph.Batch) { b.Nodes = append(b.Nodes, node("b", graph.Unit, "Bravo again")) }},
			{"edge", func(b *graph.Batch) { b.Edges = append(b.Edges, edge("bc", "fresh", "LINK", "c", "src-fresh")) }},
			{"source", func(b *graph.Batch) { b.Sources = append(b.Sources, source("src-unused", "A")) }},
		}
		for _, tc := range taken {
			run(t, tc.name, func(t *testing.T) {
				s, f := load(t, newStore, coreGraph())
				b := graph.Batch{
					Sources: []graph.Source{source("src-fresh", "A")},
					Nodes:   []graph.Node{node("fresh", graph.Person, "Fresh")},
					Edges:   []graph.Edge{edge("e-fresh", "fresh", "LINK", "a", "src-fresh")},
				}
				tc.batch(&b)
				err := s.Create(t.Context(), b)
				if !errors.Is(err, graph.ErrAlreadyExists) {
					t.Fatalf("Create = %s, want an error wrapping graph.ErrAlreadyExists", describe(err))
				}
				checkUnchanged(t, s, f)
			})
		}
	})

	// Create checks and writes in one step: of several concurrent Creates
	// of one id exactly one wins, and the node is the winner's.
	run(t, "concurrent creates of one id: exactly one wins", func(t *testing.T) {
		s, _ := load(t, newStore, coreGraph())
		errs := concurrently(6, func(i int) error {
			b := graph.Batch{
				Nodes: []graph.Node{node("race", graph.Event, fmt.Sprintf("Racer %d", i))},
				Edges: []graph.Edge{edge(fmt.Sprintf("race-%d", i), "race", "LINK", "a", "src-1")},
			}
			return s.Create(t.Context(), b)
		})
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("Create by racers %d and %d both succeeded", winner, i)
			case err == nil:
				winner = i
			case !errors.Is(err, graph.ErrAlreadyExists):
				t.Errorf("Create by racer %d = %s, want nil or ErrAlreadyExists", i, describe(err))
			}
		}
		if winner < 0 {
			t.Fatalf("no Create succeeded: %v", errs)
		}
		g := entity(t, s, "race", graph.Red)
		checkIDs(t, g, []string{"race", "a"}, []string{fmt.Sprintf("race-%d", winner)})
		if len(g.Nodes) > 0 && g.Nodes[len(g.Nodes)-1].Name != fmt.Sprintf("Racer %d", winner) {
			t.Errorf("node race is %+v, want the winner's (racer %d)", g.Nodes[len(g.Nodes)-1], winner)
		}
	})

	// Upsert replaces: concurrent Upserts of one new id all succeed and
	// leave one node, the last writer's.
	run(t, "concurrent upserts of one new id all succeed", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		const n = 6
		errs := concurrently(n, func(i int) error {
			b := graph.Batch{
				Nodes: []graph.Node{node("dup", graph.Event, fmt.Sprintf("Writer %d", i))},
				Edges: []graph.Edge{edge(fmt.Sprintf("dup-%d", i), "dup", "LINK", "a", "src-1")},
			}
			return s.Upsert(t.Context(), b)
		})
		for i, err := range errs {
			if err != nil {
				t.Errorf("Upsert by writer %d = %v, want nil", i, err)
			}
		}
		g := entity(t, s, "dup", graph.Red)
		checkIDs(t, g, []string{"dup", "a"}, []string{"dup-0", "dup-1", "dup-2", "dup-3", "dup-4", "dup-5"})
		for i := range n {
			f.apply(graph.Batch{
				Nodes: []graph.Node{node("dup", graph.Event, "any writer")},
				Edges: []graph.Edge{edge(fmt.Sprintf("dup-%d", i), "dup", "LINK", "a", "src-1")},
			})
		}
		checkSchema(t, s, graph.Red, f) // one node dup, not several
	})

	run(t, "create refuses an invalid batch", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		b := graph.Batch{
			Nodes: []graph.Node{node("fresh", graph.Person, "Fresh")},
			Edges: []graph.Edge{edge("e-fresh", "fresh", "LINK", "ghost", "src-1")},
		}
		if err := s.Create(t.Context(), b); !errors.Is(err, graph.ErrInvalid) {
			t.Fatalf("Create = %s, want an error wrapping graph.ErrInvalid", describe(err))
		}
		checkUnchanged(t, s, f)
	})
}

// wholeWrites reports a torn answer of the "readers never see half a
// write" case: ghost-x without a-ghost (or the reverse), an edge without one
// of its ends, a cited source missing or a source not cited.
func wholeWrites(g graph.Subgraph) error {
	nodes, sources, cited := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, n := range g.Nodes {
		nodes[n.ID] = true
	}
	for _, x := range g.Sources {
		sources[x.ID] = true
	}
	hasEdge := false
	for _, e := range g.Edges {
		if !nodes[e.From] || !nodes[e.To] {
			return fmt.Errorf("edge %s without one of its ends %v", e.ID, nodeIDs(g))
		}
		for _, x := range e.Sources {
			if !sources[x] {
				return fmt.Errorf("edge %s without its source %s", e.ID, x)
			}
			cited[x] = true
		}
		hasEdge = hasEdge || e.ID == "a-ghost"
	}
	for x := range sources {
		if !cited[x] {
			return fmt.Errorf("source %s cited by no edge of the answer", x)
		}
	}
	if nodes["ghost-x"] != hasEdge {
		return fmt.Errorf("half a write: node ghost-x %v, edge a-ghost %v", nodes["ghost-x"], hasEdge)
	}
	return nil
}

// concurrently runs fn(0) to fn(n-1) in goroutines of their own and
// returns their errors by index; a panic becomes that index's error.
func concurrently(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					errs[i] = fmt.Errorf("panic: %v", r)
				}
			}()
			errs[i] = fn(i)
		})
	}
	wg.Wait()
	return errs
}

// recoverInto turns a panic in a goroutine into an error on errs.
func recoverInto(errs chan<- error) {
	if r := recover(); r != nil {
		errs <- fmt.Errorf("panic: %v", r)
	}
}

// checkUnchanged checks that a refused batch (new node fresh, new edge
// e-fresh, new source src-fresh, and replacements of a, bx1 and src-2 in
// the core graph) left no trace.
func checkUnchanged(t *testing.T, s graph.Store, f *fixture) {
	t.Helper()
	ctx := t.Context()
	if _, err := s.Entity(ctx, "fresh", graph.Red); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("Entity(fresh) after the refused batch = %s, want ErrNotFound", describe(err))
	}
	if _, err := s.Source(ctx, "src-fresh"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("Source(src-fresh) after the refused batch = %s, want ErrNotFound", describe(err))
	}
	for _, id := range []string{"a", "b"} {
		g, err := s.Entity(ctx, id, graph.Red)
		if err != nil {
			t.Fatalf("Entity(%q) = %v", id, err)
		}
		checkSubgraph(t, f, g, graph.Red) // a's name, bx1's ends, src-2's reliability
	}
	if src, err := s.Source(ctx, "src-2"); err != nil || src.Reliability != "C" {
		t.Errorf("Source(src-2) = %+v, %v; want reliability C, unchanged", src, err)
	}
	checkSchema(t, s, graph.Red, f)
}

// testDelete covers DeleteNode and DeleteEdge.
func testDelete(t *testing.T, newStore NewStore) {
	run(t, "delete node removes its edges", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		if err := s.DeleteNode(t.Context(), "b"); err != nil {
			t.Fatalf("DeleteNode(b) = %v", err)
		}
		f.removeNode("b")
		if _, err := s.Entity(t.Context(), "b", graph.Red); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("Entity(b) after delete = %s, want ErrNotFound", describe(err))
		}
		g := entity(t, s, "x", graph.Red)
		checkSubgraph(t, f, g, graph.Red)
		checkIDs(t, g, []string{"x"}, nil)
		g = entity(t, s, "a", graph.Clear)
		checkSubgraph(t, f, g, graph.Clear)
		checkIDs(t, g, []string{"a", "c", "f"}, []string{"aa", "ca", "fa"})
		if hits := search(t, s, graph.SearchQuery{Text: "bravo", Clearance: graph.Red}); len(hits) != 0 {
			t.Errorf("Search(bravo) after delete = %v, want no hit", hitIDs(hits))
		}
		checkSchema(t, s, graph.Red, f)
		// Its sources stay: sources are deleted by nobody.
		if _, err := s.Source(t.Context(), "src-1"); err != nil {
			t.Errorf("Source(src-1) after deleting b = %v, want it kept", err)
		}
		// An edge to it is now dangling.
		err := s.Upsert(t.Context(), graph.Batch{Edges: []graph.Edge{edge("ab", "a", "COMMANDS", "b", "src-1")}})
		if !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("Upsert(edge to the deleted node) = %s, want ErrInvalid", describe(err))
		}
	})

	run(t, "delete edge removes only that edge", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		if err := s.DeleteEdge(t.Context(), "bx1"); err != nil {
			t.Fatalf("DeleteEdge(bx1) = %v", err)
		}
		delete(f.edges, "bx1")
		g := entity(t, s, "b", graph.Red)
		checkSubgraph(t, f, g, graph.Red)
		checkIDs(t, g, []string{"a", "b", "c", "x"}, []string{"ab", "bc", "bx2"})
		checkSchema(t, s, graph.Red, f)
		// Its id is free again.
		b := graph.Batch{Edges: []graph.Edge{edge("bx1", "x", "TESTED", "e", "src-2")}}
		if err := s.Create(t.Context(), b); err != nil {
			t.Fatalf("Create(bx1) after deleting it = %v", err)
		}
		f.apply(b)
		g = entity(t, s, "x", graph.Red)
		checkSubgraph(t, f, g, graph.Red)
		checkIDs(t, g, []string{"b", "e", "x"}, []string{"bx1", "bx2"})
	})

	// A node written again after its deletion comes back without the edges
	// it had.
	run(t, "deleted node comes back bare", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		if err := s.DeleteNode(t.Context(), "b"); err != nil {
			t.Fatalf("DeleteNode(b) = %v", err)
		}
		f.removeNode("b")
		b := graph.Batch{Nodes: []graph.Node{node("b", graph.Unit, "Bravo reborn")}}
		if err := s.Create(t.Context(), b); err != nil {
			t.Fatalf("Create(b) after deleting it = %v", err)
		}
		f.apply(b)
		g := entity(t, s, "b", graph.Red)
		checkSubgraph(t, f, g, graph.Red)
		checkIDs(t, g, []string{"b"}, nil)
		nb, err := s.Neighborhood(t.Context(), graph.NeighborhoodQuery{Seed: "a", Depth: 3, Clearance: graph.Clear})
		if err != nil {
			t.Fatalf("Neighborhood(a) = %v", err)
		}
		checkSubgraph(t, f, nb, graph.Clear)
		checkIDs(t, nb, []string{"a", "c", "d", "e", "f"}, []string{"aa", "ca", "cd", "de", "fa"})
		if hits := search(t, s, graph.SearchQuery{Text: "bravo", Clearance: graph.Red}); !slices.Equal(hitIDs(hits), []string{"b"}) {
			t.Errorf("Search(bravo) = %v, want [b] once", hitIDs(hits))
		}
		checkSchema(t, s, graph.Red, f)
	})

	// Edges written while their end is deleted either land before the
	// delete (and go with the node) or are refused: none dangles.
	run(t, "delete node racing with edges to it", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		const n = 5
		errs := concurrently(n+1, func(i int) error {
			if i == n {
				return s.DeleteNode(t.Context(), "b")
			}
			b := graph.Batch{Edges: []graph.Edge{edge(fmt.Sprintf("to-b-%d", i), "a", "LINK", "b", "src-1")}}
			err := s.Upsert(t.Context(), b)
			if errors.Is(err, graph.ErrInvalid) {
				return nil // landed after the delete
			}
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		}
		f.removeNode("b")
		g := entity(t, s, "a", graph.Red)
		checkSubgraph(t, f, g, graph.Red)
		checkIDs(t, g, []string{"a", "c", "d", "f", "r"}, []string{"aa", "ad", "ar", "ca", "fa"})
		checkSchema(t, s, graph.Red, f)
	})

	// Deletes are as atomic as creates: of several concurrent deletes of
	// one id, one succeeds and the others find nothing.
	run(t, "concurrent deletes of one id: exactly one succeeds", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		for _, del := range []struct {
			id string
			fn func(ctx context.Context, id string, clearance ...graph.Marking) error
		}{{"bx1", s.DeleteEdge}, {"b", s.DeleteNode}} {
			const n = 4
			errs := concurrently(n, func(int) error { return del.fn(t.Context(), del.id) })
			ok := 0
			for i, err := range errs {
				switch {
				case err == nil:
					ok++
				case !errors.Is(err, graph.ErrNotFound):
					t.Errorf("delete %s by deleter %d = %s, want nil or ErrNotFound", del.id, i, describe(err))
				}
			}
			if ok != 1 {
				t.Errorf("%d of %d concurrent deletes of %s succeeded, want exactly 1", ok, n, del.id)
			}
		}
		delete(f.edges, "bx1")
		f.removeNode("b")
		checkSchema(t, s, graph.Red, f)
	})

	// Deleting what does not exist is ErrNotFound (the API answers 404), as
	// for every other id the store does not hold.
	run(t, "delete of a missing id is ErrNotFound", func(t *testing.T) {
		s, f := load(t, newStore, coreGraph())
		if err := s.DeleteNode(t.Context(), "ghost"); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("DeleteNode(ghost) = %s, want ErrNotFound", describe(err))
		}
		if err := s.DeleteEdge(t.Context(), "ghost"); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("DeleteEdge(ghost) = %s, want ErrNotFound", describe(err))
		}
		if err := s.DeleteEdge(t.Context(), "a"); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("DeleteEdge(a), a node id = %s, want ErrNotFound", describe(err))
		}
		checkSchema(t, s, graph.Red, f)
	})
}
