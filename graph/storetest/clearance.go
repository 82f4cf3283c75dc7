package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"linkchart/graph"
)

// scopeGraph is the graph of the clearance cases: a RED node r, a RED edge
// between CLEAR nodes, and a CLEAR edge hidden by its RED end.
//
//	b <--ab-- a --red(RED)--> b
//	          |
//	          ar
//	          v
//	          r (RED)
func scopeGraph() graph.Batch {
	return graph.Batch{
		Sources: []graph.Source{source("src-1", "B")},
		Nodes: []graph.Node{
			node("a", graph.Person, "Alpha"), node("b", graph.Unit, "Bravo"), node("c", graph.Unit, "Charlie"),
			markedNode(graph.Red, node("r", graph.Person, "Romeo")),
		},
		Edges: []graph.Edge{
			edge("ab", "a", "COMMANDS", "b", "src-1"),
			markedEdge(graph.Red, edge("red", "a", "MEMBER_OF", "b", "src-1")),
			edge("ar", "a", "LINK", "r", "src-1"),
		},
	}
}

// testClearance covers writes within a caller's clearance (graph.Store's
// doc): what a caller cannot see does not exist for its writes, is never
// replaced or deleted by them, and no write marks a record above it; and
// UpdateNode/UpdateEdge, run in the write's own transaction, lose no
// update when they race.
func testClearance(t *testing.T, newStore NewStore) {
	amber := graph.Amber
	want := func(t *testing.T, what string, err, target error) {
		t.Helper()
		if !errors.Is(err, target) {
			t.Errorf("%s = %s, want %v", what, describe(err), target)
		}
	}

	run(t, "deletes within a clearance", func(t *testing.T) {
		s, f := load(t, newStore, scopeGraph())
		ctx := t.Context()
		// Deleting a would delete red and ar, which AMBER cannot see.
		want(t, "DeleteNode(a, AMBER)", s.DeleteNode(ctx, "a", amber), graph.ErrForbidden)
		want(t, "DeleteNode(r, AMBER)", s.DeleteNode(ctx, "r", amber), graph.ErrNotFound)
		want(t, "DeleteEdge(red, AMBER)", s.DeleteEdge(ctx, "red", amber), graph.ErrNotFound)
		want(t, "DeleteEdge(ar, AMBER)", s.DeleteEdge(ctx, "ar", amber), graph.ErrNotFound)
		checkSchema(t, s, graph.Red, f)
		// b's edges are ab (visible) and red (not): refused too.
		want(t, "DeleteNode(b, AMBER)", s.DeleteNode(ctx, "b", amber), graph.ErrForbidden)
		if err := s.DeleteNode(ctx, "c", amber); err != nil {
			t.Errorf("DeleteNode(c, AMBER) = %v, want nil (no edges)", err)
		}
		f.removeNode("c")
		if err := s.DeleteEdge(ctx, "ab", amber); err != nil {
			t.Errorf("DeleteEdge(ab, AMBER) = %v, want nil", err)
		}
		delete(f.edges, "ab")
		checkSchema(t, s, graph.Red, f)
		if err := s.DeleteNode(ctx, "a", graph.Red); err != nil {
			t.Errorf("DeleteNode(a, RED) = %v, want nil", err)
		}
		if err := s.DeleteNode(ctx, "r"); err != nil {
			t.Errorf("DeleteNode(r) by the operator = %v, want nil", err)
		}
	})

	run(t, "upserts within a clearance", func(t *testing.T) {
		s, f := load(t, newStore, scopeGraph())
		ctx := t.Context()
		for _, tt := range []struct {
			name string
			b    graph.Batch
			want error
		}{
			{"replace a RED node", graph.Batch{Nodes: []graph.Node{node("r", graph.Person, "Renamed")}}, graph.ErrForbidden},
			{"mark a node RED", graph.Batch{Nodes: []graph.Node{markedNode(graph.Red, node("a", graph.Person, "Alpha"))}}, graph.ErrForbidden},
			{"create a RED node", graph.Batch{Nodes: []graph.Node{markedNode(graph.Red, node("fresh", graph.Person, "F"))}}, graph.ErrForbidden},
			{"replace a RED edge", graph.Batch{Edges: []graph.Edge{edge("red", "a", "MEMBER_OF", "b", "src-1")}}, graph.ErrForbidden},
			{"replace an edge with a RED end", graph.Batch{Edges: []graph.Edge{edge("ar", "a", "LINK", "b", "src-1")}}, graph.ErrForbidden},
			{"an edge to a RED node", graph.Batch{Edges: []graph.Edge{edge("e-fresh", "a", "LINK", "r", "src-1")}}, graph.ErrInvalid},
		} {
			want(t, "Upsert("+tt.name+", AMBER)", s.Upsert(ctx, tt.b, amber), tt.want)
			err := s.Create(ctx, tt.b, amber)
			if !errors.Is(err, tt.want) && !errors.Is(err, graph.ErrAlreadyExists) {
				t.Errorf("Create(%s, AMBER) = %s, want %v or ErrAlreadyExists", tt.name, describe(err), tt.want)
			}
		}
		// Create replaces nothing: a hidden record's id is just taken.
		want(t, "Create(r, AMBER)", s.Create(ctx, graph.Batch{Nodes: []graph.Node{node("r", graph.Person, "R")}}, amber), graph.ErrAlreadyExists)
		want(t, "Create(red, AMBER)", s.Create(ctx, graph.Batch{Edges: []graph.Edge{edge("red", "a", "LINK", "b", "src-1")}}, amber), graph.ErrAlreadyExists)
		checkSchema(t, s, graph.Red, f)
		g, err := s.Entity(ctx, "r", graph.Red)
		if err != nil || g.Nodes[slices.IndexFunc(g.Nodes, func(n graph.Node) bool { return n.ID == "r" })].Name != "Romeo" {
			t.Errorf("Entity(r) = %+v, %v; want Romeo unchanged", g.Nodes, err)
		}
		// Within clearance, and by the operator, the same writes go through.
		ok := graph.Batch{Nodes: []graph.Node{markedNode(graph.Amber, node("a", graph.Person, "Alpha"))},
			Edges: []graph.Edge{edge("e-fresh", "a", "LINK", "b", "src-1")}}
		if err := s.Upsert(ctx, ok, amber); err != nil {
			t.Errorf("Upsert(within AMBER) = %v, want nil", err)
		}
		f.apply(ok)
		red := graph.Batch{Nodes: []graph.Node{node("r", graph.Person, "Renamed")}}
		if err := s.Upsert(ctx, red); err != nil {
			t.Errorf("Upsert(r) by the operator = %v, want nil", err)
		}
		f.apply(red)
		checkSchema(t, s, graph.Red, f)
	})

	run(t, "UpdateNode and UpdateEdge within a clearance", func(t *testing.T) {
		s, f := load(t, newStore, scopeGraph())
		ctx := t.Context()
		called := false
		spy := func(n graph.Node) (graph.Node, error) { called = true; return n, nil }
		_, err := s.UpdateNode(ctx, "r", amber, spy)
		want(t, "UpdateNode(r, AMBER)", err, graph.ErrNotFound)
		_, err = s.UpdateNode(ctx, "ghost", graph.Red, spy)
		want(t, "UpdateNode(ghost)", err, graph.ErrNotFound)
		if called {
			t.Error("UpdateNode called f for a node the caller cannot see")
		}
		_, err = s.UpdateNode(ctx, "a", amber, func(n graph.Node) (graph.Node, error) { n.Marking = graph.Red; return n, nil })
		want(t, "UpdateNode(a → RED, AMBER)", err, graph.ErrForbidden)
		_, err = s.UpdateNode(ctx, "a", amber, func(n graph.Node) (graph.Node, error) { n.ID = "b"; return n, nil })
		want(t, "UpdateNode(a → id b)", err, graph.ErrInvalid)
		stop := errors.New("stale")
		_, err = s.UpdateNode(ctx, "a", amber, func(n graph.Node) (graph.Node, error) { n.Name = "X"; return n, stop })
		want(t, "UpdateNode(f fails)", err, stop)
		_, err = s.UpdateEdge(ctx, "red", amber, func(e graph.Edge) (graph.Edge, error) { return e, nil })
		want(t, "UpdateEdge(red, AMBER)", err, graph.ErrNotFound)
		_, err = s.UpdateEdge(ctx, "ab", amber, func(e graph.Edge) (graph.Edge, error) { e.To = "r"; return e, nil })
		want(t, "UpdateEdge(ab → r, AMBER)", err, graph.ErrInvalid)
		_, err = s.UpdateEdge(ctx, "ab", amber, func(e graph.Edge) (graph.Edge, error) { e.Marking = graph.Red; return e, nil })
		want(t, "UpdateEdge(ab → RED, AMBER)", err, graph.ErrForbidden)
		checkSchema(t, s, graph.Red, f)

		// f sees the record as stored; the answer is the record as written.
		n, err := s.UpdateNode(ctx, "a", amber, func(n graph.Node) (graph.Node, error) {
			if n.Name != "Alpha" || n.Kind != graph.Person {
				return n, fmt.Errorf("f got %+v", n)
			}
			n.Name, n.Aliases = "Alpha Two", append(n.Aliases, "A2")
			return n, nil
		})
		if err != nil || n.Name != "Alpha Two" || !slices.Equal(n.Aliases, []string{"A2"}) || n.Marking != graph.Clear {
			t.Errorf("UpdateNode(a) = %+v, %v; want Alpha Two, aliases [A2], TLP:CLEAR", n, err)
		}
		e, err := s.UpdateEdge(ctx, "ab", amber, func(e graph.Edge) (graph.Edge, error) {
			if e.From != "a" || e.Type != "COMMANDS" || e.Grade == "" {
				return e, fmt.Errorf("f got %+v", e)
			}
			e.Note, e.Credibility = "seen", 2
			return e, nil
		})
		if err != nil || e.Note != "seen" || e.Grade != "B2" {
			t.Errorf("UpdateEdge(ab) = %+v, %v; want note seen, grade B2", e, err)
		}
		g, err := s.Entity(ctx, "a", graph.Red)
		if err != nil || len(g.Edges) != 3 {
			t.Fatalf("Entity(a) after the updates = %d edges, %v; want its 3 edges kept", len(g.Edges), err)
		}
		for _, x := range g.Nodes {
			if x.ID == "a" && x.Name != "Alpha Two" {
				t.Errorf("Entity(a).name = %q, want Alpha Two", x.Name)
			}
		}
	})

	// PATCH-style read-modify-writes racing each other: every one lands.
	run(t, "concurrent UpdateNode and UpdateEdge lose no update", func(t *testing.T) {
		s, _ := load(t, newStore, scopeGraph())
		ctx := t.Context()
		const writers, each = 4, 5
		errs := make(chan error, 2*writers*each)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				defer recoverInto(errs)
				for i := range each {
					tag := fmt.Sprintf("w%d-%d", w, i)
					_, err := s.UpdateNode(ctx, "a", amber, func(n graph.Node) (graph.Node, error) {
						n.Aliases = append(n.Aliases, tag)
						return n, nil
					})
					if err != nil {
						errs <- fmt.Errorf("UpdateNode(%s): %w", tag, err)
					}
					_, err = s.UpdateEdge(ctx, "ab", amber, func(e graph.Edge) (graph.Edge, error) {
						p := map[string]string{tag: "1"}
						for k, v := range e.Props {
							p[k] = v
						}
						e.Props = p
						return e, nil
					})
					if err != nil {
						errs <- fmt.Errorf("UpdateEdge(%s): %w", tag, err)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		g, err := s.Relation(ctx, "ab", amber)
		if err != nil {
			t.Fatalf("Relation(ab) = %v", err)
		}
		for _, n := range g.Nodes {
			if n.ID == "a" && len(n.Aliases) != writers*each {
				t.Errorf("a has %d aliases after %d concurrent updates: %v", len(n.Aliases), writers*each, n.Aliases)
			}
		}
		if got := len(g.Edges[0].Props); got != writers*each {
			t.Errorf("ab has %d props after %d concurrent updates: %v", got, writers*each, g.Edges[0].Props)
		}
	})

	// The check-then-act race of issue 14: a RED edge added while an AMBER
	// caller deletes its end. Either the delete comes first (the edge then
	// has no end: ErrInvalid) or the edge does (the delete is refused);
	// never both.
	run(t, "a RED edge added during an AMBER delete of its end is never deleted by it", func(t *testing.T) {
		s, _ := load(t, newStore, scopeGraph())
		ctx := t.Context()
		const rounds = 12
		for i := range rounds {
			x := fmt.Sprintf("x%d", i)
			if err := s.Upsert(ctx, graph.Batch{Nodes: []graph.Node{node(x, graph.Person, "X")}}); err != nil {
				t.Fatalf("Upsert(%s) = %v", x, err)
			}
			red := markedEdge(graph.Red, edge("red-"+x, x, "LINK", "b", "src-1"))
			var added, deleted error
			var wg sync.WaitGroup
			wg.Go(func() { added = s.Upsert(ctx, graph.Batch{Edges: []graph.Edge{red}}, graph.Red) })
			wg.Go(func() { deleted = s.DeleteNode(ctx, x, amber) })
			wg.Wait()
			switch {
			case added == nil && deleted == nil:
				t.Fatalf("round %d: the RED edge was added and the AMBER delete of its end succeeded", i)
			case added == nil && !errors.Is(deleted, graph.ErrForbidden):
				t.Errorf("round %d: DeleteNode after the RED edge = %s, want ErrForbidden", i, describe(deleted))
			case deleted == nil && !errors.Is(added, graph.ErrInvalid):
				t.Errorf("round %d: Upsert after the delete = %s, want ErrInvalid", i, describe(added))
			}
			if added == nil {
				if _, err := s.Relation(ctx, red.ID, graph.Red); err != nil {
					t.Errorf("round %d: the RED edge is gone: %v", i, err)
				}
			}
		}
	})
}
