package storetest

import (
	"encoding/json"
	"errors"
	"testing"

	"linkchart/graph"
)

// testHistory: every write is recorded with a rising revision, who and
// before/after, newest first, within the caller's clearance; a revert
// writes the befores back and is itself recorded; a revert of a record a
// later revision changed is refused.
func testHistory(t *testing.T, newStore NewStore) {
	historian := func(t *testing.T) (graph.Store, graph.Historian) {
		s := newStore(t)
		h, ok := s.(graph.Historian)
		if !ok {
			// The reference model of ref_test.go; both stores assert
			// graph.Historian at compile time.
			t.Skipf("%T does not record history (graph.Historian)", s)
		}
		return s, h
	}
	src := graph.Source{ID: "s1", Title: "Report", Reliability: "B"}
	a := graph.Node{ID: "a", Kind: graph.Person, Name: "Alpha"}
	u := graph.Node{ID: "u", Kind: graph.Unit, Name: "Unit"}
	red := graph.Node{ID: "r", Kind: graph.Unit, Name: "Red unit", Marking: graph.Red}
	au := graph.Edge{ID: "au", Type: "COMMANDS", From: "a", To: "u", Sources: []string{"s1"}, Credibility: 2}

	run(t, "order, who, before and after", func(t *testing.T) {
		s, h := historian(t)
		ctx := graph.WithWho(t.Context(), "alice")
		if err := s.Create(ctx, graph.Batch{Sources: []graph.Source{src}, Nodes: []graph.Node{a, u}, Edges: []graph.Edge{au}}); err != nil {
			t.Fatal(err)
		}
		bob := graph.WithWho(t.Context(), "bob")
		if _, err := s.UpdateNode(bob, "a", graph.Red, func(n graph.Node) (graph.Node, error) {
			n.Name = "Alpha Two"
			return n, nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteEdge(bob, "au"); err != nil {
			t.Fatal(err)
		}
		all, err := h.History(t.Context(), graph.HistoryQuery{Clearance: graph.Red})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 || all[0].Rev <= all[1].Rev || all[1].Rev <= all[2].Rev {
			t.Fatalf("history = %+v, want 3 revisions newest first", revs(all))
		}
		wantOps := []string{"delete", "update", "create"}
		wantWho := []string{"bob", "bob", "alice"}
		for i, r := range all {
			if r.Op != wantOps[i] || r.Who != wantWho[i] || r.Time.IsZero() {
				t.Errorf("revision %d: op %q who %q time %v, want %q by %q", r.Rev, r.Op, r.Who, r.Time, wantOps[i], wantWho[i])
			}
		}
		if n := len(all[2].Changes); n != 4 {
			t.Errorf("create recorded %d changes, want 4 (source, 2 entities, relation)", n)
		}
		of, err := h.History(t.Context(), graph.HistoryQuery{ID: "a", Clearance: graph.Red})
		if err != nil {
			t.Fatal(err)
		}
		if len(of) != 2 || of[0].Op != "update" {
			t.Fatalf("history of a = %+v, want update then create", revs(of))
		}
		var before, after graph.Node
		c := change(of[0], "a")
		if err := json.Unmarshal(c.Before, &before); err != nil || json.Unmarshal(c.After, &after) != nil {
			t.Fatalf("update of a: before %s after %s", c.Before, c.After)
		}
		if before.Name != "Alpha" || after.Name != "Alpha Two" {
			t.Errorf("update of a: before %q after %q, want Alpha, Alpha Two", before.Name, after.Name)
		}
		if c := change(all[0], "au"); !graph.Absent(c.After) || graph.Absent(c.Before) {
			t.Errorf("delete of au: before %s after %s, want a before and no after", c.Before, c.After)
		}
		if n, err := h.Revision(t.Context()); err != nil || n != all[0].Rev {
			t.Errorf("Revision = %d, %v; want %d", n, err, all[0].Rev)
		}
		if lim, _ := h.History(t.Context(), graph.HistoryQuery{Limit: 1, Clearance: graph.Red}); len(lim) != 1 || lim[0].Rev != all[0].Rev {
			t.Errorf("limit 1 = %+v", revs(lim))
		}
	})

	run(t, "markings", func(t *testing.T) {
		s, h := historian(t)
		ctx := t.Context()
		if err := s.Create(ctx, graph.Batch{Nodes: []graph.Node{a}}); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, graph.Batch{Nodes: []graph.Node{red}}); err != nil {
			t.Fatal(err)
		}
		clear, err := h.History(ctx, graph.HistoryQuery{Clearance: graph.Clear})
		if err != nil {
			t.Fatal(err)
		}
		if len(clear) != 1 || change(clear[0], "a").ID != "a" {
			t.Errorf("CLEAR history = %+v, want only a's creation", revs(clear))
		}
		if got, _ := h.History(ctx, graph.HistoryQuery{ID: "r", Clearance: graph.Amber}); len(got) != 0 {
			t.Errorf("AMBER history of r = %+v, want none", revs(got))
		}
		if got, _ := h.History(ctx, graph.HistoryQuery{ID: "r", Clearance: graph.Red}); len(got) != 1 {
			t.Errorf("RED history of r = %+v, want its creation", revs(got))
		}
		all, _ := h.History(ctx, graph.HistoryQuery{Clearance: graph.Red})
		if _, err := h.Revert(ctx, all[0].Rev, graph.Amber); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("revert of r's creation within AMBER = %v, want not found", err)
		}
	})

	run(t, "revert", func(t *testing.T) {
		s, h := historian(t)
		ctx := graph.WithWho(t.Context(), "alice")
		if err := s.Create(ctx, graph.Batch{Sources: []graph.Source{src}, Nodes: []graph.Node{a, u}, Edges: []graph.Edge{au}}); err != nil {
			t.Fatal(err)
		}
		rename := func(name string) {
			t.Helper()
			if _, err := s.UpdateNode(ctx, "a", graph.Red, func(n graph.Node) (graph.Node, error) {
				n.Name = name
				return n, nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		rename("Alpha Two")
		rename("Alpha Three")
		all, _ := h.History(ctx, graph.HistoryQuery{Clearance: graph.Red})
		first, second := all[1].Rev, all[0].Rev
		if _, err := h.Revert(ctx, first, graph.Red); !errors.Is(err, graph.ErrConflict) {
			t.Errorf("revert of the first rename after a second = %v, want conflict", err)
		}
		r, err := h.Revert(ctx, second, graph.Red)
		if err != nil {
			t.Fatalf("revert of the last rename: %v", err)
		}
		if r.Op != "revert" || r.Reverts != second || r.Who != "alice" || r.Rev <= second {
			t.Errorf("revert recorded as %+v", r)
		}
		if name(t, s, "a") != "Alpha Two" {
			t.Errorf("after revert a is %q, want Alpha Two", name(t, s, "a"))
		}
		if _, err := h.Revert(ctx, first, graph.Red); err != nil {
			t.Errorf("revert of the first rename, now last: %v", err)
		}
		if name(t, s, "a") != "Alpha" {
			t.Errorf("after both reverts a is %q, want Alpha", name(t, s, "a"))
		}
		// Reverting the creation deletes what it created; reverting that
		// revert brings it back.
		if err := s.DeleteEdge(ctx, "au"); err != nil {
			t.Fatal(err)
		}
		all, _ = h.History(ctx, graph.HistoryQuery{Clearance: graph.Red})
		if _, err := h.Revert(ctx, all[0].Rev, graph.Red); err != nil {
			t.Fatalf("revert of the delete: %v", err)
		}
		if _, err := s.Relation(ctx, "au", graph.Red); err != nil {
			t.Errorf("relation au after reverting its delete: %v", err)
		}
		if _, err := h.Revert(ctx, 1<<40, graph.Red); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("revert of a missing revision = %v, want not found", err)
		}
	})
}

func revs(rs []graph.Revision) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		b, _ := json.Marshal(r)
		out[i] = string(b)
	}
	return out
}

func change(r graph.Revision, id string) graph.Change {
	for _, c := range r.Changes {
		if c.ID == id {
			return c
		}
	}
	return graph.Change{}
}

func name(t *testing.T, s graph.Store, id string) string {
	t.Helper()
	g, err := s.Entity(t.Context(), id, graph.Red)
	if err != nil {
		t.Fatalf("entity %s: %v", id, err)
	}
	for _, n := range g.Nodes {
		if n.ID == id {
			return n.Name
		}
	}
	return ""
}
