package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"linkchart/graph"
)

// testMerge: a merge moves the relations, keeps the merged names as
// aliases, leaves a redirect, is one recorded write and reverts; a write
// racing it is either moved with the rest or refused, never left on the
// merged id.
func testMerge(t *testing.T, newStore NewStore) {
	merger := func(t *testing.T) (graph.Store, graph.Merger, graph.Historian) {
		s := newStore(t)
		m, ok := s.(graph.Merger)
		h, ok2 := s.(graph.Historian)
		if !ok || !ok2 {
			t.Skipf("%T does not merge (graph.Merger)", s) // the reference model
		}
		return s, m, h
	}
	src := graph.Source{ID: "s1", Title: "Report", Reliability: "B"}
	batch := graph.Batch{Sources: []graph.Source{src},
		Nodes: []graph.Node{{ID: "kim-yb", Kind: graph.Person, Name: "Kim Young-bok", Aliases: []string{"Kim Y.B."}},
			{ID: "kim-yong-bok", Kind: graph.Person, Name: "Kim Yong Bok"}, {ID: "corps", Kind: graph.Unit, Name: "11th Corps"},
			{ID: "russia", Kind: graph.State, Name: "Russia"}},
		Edges: []graph.Edge{{ID: "e1", Type: "COMMANDS", From: "kim-yb", To: "corps", Sources: []string{"s1"}},
			{ID: "e2", Type: "VISITED", From: "kim-yb", To: "russia", Sources: []string{"s1"}},
			{ID: "e3", Type: "VISITED", From: "kim-yong-bok", To: "russia", Sources: []string{"s1"}}}}

	run(t, "moves, aliases, redirect, history, revert", func(t *testing.T) {
		s, m, h := merger(t)
		ctx := graph.WithWho(t.Context(), "alice")
		if err := s.Upsert(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Merge(ctx, "kim-yb", "kim-yb", graph.Red); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("merge into itself = %v, want invalid", err)
		}
		if _, err := m.Merge(ctx, "kim-yb", "nobody", graph.Red); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("merge into a missing entity = %v, want not found", err)
		}
		r, err := m.Merge(ctx, "kim-yb", "kim-yong-bok", graph.Red)
		if err != nil {
			t.Fatalf("merge: %v", err)
		}
		if r.Op != "merge" || r.Who != "alice" {
			t.Errorf("merge recorded as op %q by %q", r.Op, r.Who)
		}
		if _, err := s.Entity(ctx, "kim-yb", graph.Red); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("the merged entity still reads: %v", err)
		}
		g, err := s.Entity(ctx, "kim-yong-bok", graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		var edges []string
		for _, e := range g.Edges {
			edges = append(edges, e.ID)
			if e.From == "kim-yb" || e.To == "kim-yb" {
				t.Errorf("edge %s still touches the merged id", e.ID)
			}
		}
		slices.Sort(edges)
		if !slices.Equal(edges, []string{"e1", "e2", "e3"}) {
			t.Errorf("relations after the merge = %v, want e1 e2 e3", edges)
		}
		for _, n := range g.Nodes {
			if n.ID == "kim-yong-bok" && (!slices.Contains(n.Aliases, "Kim Young-bok") || !slices.Contains(n.Aliases, "Kim Y.B.")) {
				t.Errorf("aliases after the merge = %v", n.Aliases)
			}
		}
		if to, err := graph.Follow(ctx, s, "kim-yb"); err != nil || to != "kim-yong-bok" {
			t.Errorf("Follow(kim-yb) = %q, %v", to, err)
		}
		if id, err := graph.Resolve(ctx, s, "kim-yb", graph.Red); err != nil || id != "kim-yong-bok" {
			t.Errorf("Resolve(kim-yb) = %q, %v", id, err)
		}
		if id, err := graph.Resolve(ctx, s, "Kim Young-bok", graph.Red); err != nil || id != "kim-yong-bok" {
			t.Errorf("Resolve(Kim Young-bok) = %q, %v", id, err)
		}
		ans, err := s.Oversight(ctx, graph.OversightQuery{Who: "kim-yong-bok", Clearance: graph.Red})
		if err != nil || len(ans.Answers) != 1 || ans.Answers[0].Target != "corps" {
			t.Errorf("oversight of the survivor = %+v, %v; want corps", ans.Answers, err)
		}
		if hs, _ := h.History(ctx, graph.HistoryQuery{ID: "kim-yb", Clearance: graph.Red}); len(hs) == 0 || hs[0].Rev != r.Rev {
			t.Errorf("the merge is not in kim-yb's history: %s", revs(hs))
		}
		if _, err := h.Revert(ctx, r.Rev, graph.Red); err != nil {
			t.Fatalf("revert of the merge: %v", err)
		}
		if to, _ := m.Redirect(ctx, "kim-yb"); to != "" {
			t.Errorf("redirect after the revert = %q, want none", to)
		}
		g, err = s.Entity(ctx, "kim-yb", graph.Red)
		if err != nil || len(g.Edges) != 2 {
			t.Errorf("kim-yb after the revert: %d relations, %v; want 2", len(g.Edges), err)
		}
		if name(t, s, "kim-yong-bok") != "Kim Yong Bok" {
			t.Errorf("survivor after revert: %q", name(t, s, "kim-yong-bok"))
		}
	})

	run(t, "atomic under a concurrent write", func(t *testing.T) {
		s, m, _ := merger(t)
		ctx := t.Context()
		if err := s.Upsert(ctx, batch); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		created := make([]bool, 20)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range created {
				e := graph.Edge{ID: fmt.Sprintf("race-%d", i), Type: "VISITED", From: "kim-yb", To: "russia", Sources: []string{"s1"}}
				created[i] = s.Create(ctx, graph.Batch{Edges: []graph.Edge{e}}) == nil
			}
		}()
		if _, err := m.Merge(ctx, "kim-yb", "kim-yong-bok", graph.Red); err != nil {
			t.Errorf("merge: %v", err)
		}
		wg.Wait()
		g, err := s.Entity(ctx, "kim-yong-bok", graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, e := range g.Edges {
			have[e.ID] = true
		}
		for i, ok := range created {
			id := fmt.Sprintf("race-%d", i)
			if ok && !have[id] {
				t.Errorf("%s was created but is not on the survivor", id)
			}
			if !ok && have[id] {
				t.Errorf("%s was refused but exists", id)
			}
		}
		if _, err := s.Entity(ctx, "kim-yb", graph.Red); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("kim-yb reads after the merge: %v", err)
		}
	})
}
