package storetest

import (
	"errors"
	"slices"
	"testing"

	"linkchart/graph"
)

// testUpdateEdgeSources: UpdateEdge's new sources are created in the
// edge's own write (one revision in the history); when f fails, the
// answer is refused or a new source's id is taken, neither they nor the
// edge are written.
func testUpdateEdgeSources(t *testing.T, newStore NewStore) {
	amber := graph.Amber
	cite := func(id string) func(graph.Edge) (graph.Edge, error) {
		return func(e graph.Edge) (graph.Edge, error) {
			e.Sources, e.Note = append(e.Sources, id), "cites "+id
			return e, nil
		}
	}
	revision := func(t *testing.T, s graph.Store) int64 {
		t.Helper()
		h, ok := s.(graph.Historian)
		if !ok {
			return 0 // the reference model of ref_test.go records no history
		}
		rev, err := h.Revision(t.Context())
		if err != nil {
			t.Fatalf("Revision() = %v", err)
		}
		return rev
	}

	run(t, "new sources are written with the edge", func(t *testing.T) {
		s, f := load(t, newStore, scopeGraph())
		ctx := graph.WithWho(t.Context(), "alice")
		before := revision(t, s)
		second := graph.Source{ID: "src-2", Title: "Second report", Publisher: "Desk", Reliability: "A"}
		e, err := s.UpdateEdge(ctx, "ab", amber, func(e graph.Edge) (graph.Edge, error) {
			e.Credibility = 2
			return cite("src-2")(e)
		}, second)
		if err != nil || !slices.Equal(e.Sources, []string{"src-1", "src-2"}) || e.Grade != "A2" {
			t.Fatalf("UpdateEdge(ab, new src-2) = %+v, %v; want sources [src-1 src-2], grade A2", e, err)
		}
		if got, err := s.Source(ctx, "src-2"); err != nil || got.Title != "Second report" || got.Publisher != "Desk" {
			t.Errorf("Source(src-2) = %+v, %v; want the new source", got, err)
		}
		g, err := s.Relation(ctx, "ab", amber)
		if err != nil || len(g.Sources) != 2 {
			t.Errorf("Relation(ab) = %d sources, %v; want src-1 and src-2", len(g.Sources), err)
		}
		f.apply(graph.Batch{Sources: []graph.Source{second}, Edges: []graph.Edge{e}})
		checkSchema(t, s, graph.Red, f)
		h, ok := s.(graph.Historian)
		if !ok {
			return
		}
		if now := revision(t, s); now != before+1 {
			t.Errorf("revision %d after the update, want %d: one write", now, before+1)
		}
		all, err := h.History(t.Context(), graph.HistoryQuery{Limit: 1, Clearance: graph.Red})
		if err != nil || len(all) != 1 {
			t.Fatalf("History() = %d revisions, %v", len(all), err)
		}
		r := all[0]
		if c := change(r, "src-2"); c.ID != "src-2" || !graph.Absent(c.Before) || graph.Absent(c.After) {
			t.Errorf("revision %+v: want src-2 created (no before, an after)", revs(all))
		}
		if c := change(r, "ab"); c.ID != "ab" || graph.Absent(c.Before) || r.Who != "alice" {
			t.Errorf("revision %+v: want ab changed by alice", revs(all))
		}
	})

	run(t, "nothing is written when the update fails", func(t *testing.T) {
		s, f := load(t, newStore, scopeGraph())
		ctx := t.Context()
		before := revision(t, s)
		fresh := graph.Source{ID: "src-new", Title: "New report", Reliability: "A"}
		stale := errors.New("stale ETag")
		for _, c := range []struct {
			what   string
			f      func(graph.Edge) (graph.Edge, error)
			add    []graph.Source
			target error
		}{
			{"f fails", func(e graph.Edge) (graph.Edge, error) { e, _ = cite("src-new")(e); return e, stale }, []graph.Source{fresh}, stale},
			{"a new source's id is taken", cite("src-new"), []graph.Source{fresh, {ID: "src-1", Title: "Taken", Reliability: "A"}}, graph.ErrAlreadyExists},
			{"marked above the clearance", func(e graph.Edge) (graph.Edge, error) {
				e, _ = cite("src-new")(e)
				e.Marking = graph.Red
				return e, nil
			}, []graph.Source{fresh}, graph.ErrForbidden},
			{"an edge the caller cannot see", cite("src-new"), []graph.Source{fresh}, graph.ErrNotFound},
		} {
			id := "ab"
			if c.target == graph.ErrNotFound {
				id = "red"
			}
			_, err := s.UpdateEdge(ctx, id, amber, c.f, c.add...)
			if !errors.Is(err, c.target) {
				t.Errorf("UpdateEdge(%s: %s) = %s, want %v", id, c.what, describe(err), c.target)
			}
			if _, err := s.Source(ctx, "src-new"); !errors.Is(err, graph.ErrNotFound) {
				t.Errorf("%s: Source(src-new) = %s, want ErrNotFound", c.what, describe(err))
			}
		}
		if src, err := s.Source(ctx, "src-1"); err != nil || src.Title != f.sources["src-1"].Title {
			t.Errorf("Source(src-1) = %+v, %v; want it unchanged", src, err)
		}
		g, err := s.Relation(ctx, "ab", graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		checkSubgraph(t, f, g, graph.Red)
		checkSchema(t, s, graph.Red, f)
		if now := revision(t, s); now != before {
			t.Errorf("revision %d after refused updates, want %d: nothing recorded", now, before)
		}
	})
}
