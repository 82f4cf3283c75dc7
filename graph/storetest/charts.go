package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"linkchart/graph"
)

// testCharts covers graph.ChartStore: a chart round-trips whole; a chart
// marked above a caller's clearance is missing for that caller (absent
// from lists, ErrNotFound on read, replace and delete); a taken id is
// ErrAlreadyExists. A store that does not implement ChartStore fails.
func testCharts(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	chart := func(id string, m graph.Marking) graph.Chart {
		return graph.Chart{
			ID: id, Title: "Chart " + id, Marking: m, Updated: "2026-12-04T20:00:00Z",
			Entities:    []graph.ChartEntity{{ID: "a", X: 10.5, Y: -3}, {ID: "b", X: 0, Y: 42, Hidden: true}, {ID: "c", Pinned: true}},
			Filters:     map[string]string{"ht": "PART_OF", "orphans": "show"},
			Window:      graph.ChartWindow{AsOf: "2024-10"},
			Selection:   []string{"a"},
			Annotations: []graph.Annotation{{ID: "n1", Text: "a <b>note</b>", On: "a"}, {ID: "n2", Text: "canvas", X: 5, Y: 6}},
		}
	}
	open := func(t *testing.T) graph.ChartStore {
		cs, ok := newStore(t).(graph.ChartStore)
		if !ok {
			t.Fatal("the store does not implement graph.ChartStore")
		}
		return cs
	}
	ids := func(t *testing.T, cs graph.ChartStore, cl graph.Marking) []string {
		t.Helper()
		list, err := cs.Charts(ctx, cl)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, c := range list {
			out = append(out, c.ID)
		}
		return out
	}

	run(t, "round trip and markings", func(t *testing.T) {
		cs := open(t)
		if got := ids(t, cs, graph.Red); len(got) != 0 {
			t.Fatalf("empty store lists %v", got)
		}
		for _, c := range []graph.Chart{chart("c1", graph.Clear), chart("c2", graph.Amber), chart("c3", graph.Green)} {
			if err := cs.CreateChart(ctx, c); err != nil {
				t.Fatalf("create %s: %v", c.ID, err)
			}
		}
		got, err := cs.Chart(ctx, "c2", graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		if want := chart("c2", graph.Amber); !reflect.DeepEqual(got, want) {
			t.Errorf("chart c2 = %+v, want %+v", got, want)
		}
		for cl, want := range map[graph.Marking][]string{graph.Clear: {"c1"}, graph.Green: {"c1", "c3"}, graph.Amber: {"c1", "c2", "c3"}} {
			if got := ids(t, cs, cl); !reflect.DeepEqual(got, want) {
				t.Errorf("charts within %s = %v, want %v", cl, got, want)
			}
		}
		if _, err := cs.Chart(ctx, "c2", graph.Green); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("amber chart read within green: %v, want ErrNotFound", err)
		}
		if err := cs.ReplaceChart(ctx, chart("c2", graph.Clear), graph.Green); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("amber chart replaced within green: %v, want ErrNotFound", err)
		}
		if err := cs.DeleteChart(ctx, "c2", graph.Clear); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("amber chart deleted within clear: %v, want ErrNotFound", err)
		}
		if err := cs.CreateChart(ctx, chart("c1", graph.Clear)); !errors.Is(err, graph.ErrAlreadyExists) {
			t.Errorf("taken id: %v, want ErrAlreadyExists", err)
		}
	})

	run(t, "replace and delete", func(t *testing.T) {
		cs := open(t)
		if err := cs.CreateChart(ctx, chart("c1", graph.Clear)); err != nil {
			t.Fatal(err)
		}
		next := chart("c1", graph.Amber)
		next.Title = "Renamed"
		next.Annotations = nil
		if err := cs.ReplaceChart(ctx, next, graph.Clear); err != nil {
			t.Fatal(err)
		}
		if got := ids(t, cs, graph.Clear); len(got) != 0 {
			t.Errorf("a chart raised to amber is still listed within clear: %v", got)
		}
		got, err := cs.Chart(ctx, "c1", graph.Amber)
		if err != nil || got.Title != "Renamed" || len(got.Annotations) != 0 {
			t.Errorf("replaced chart = %+v, %v", got, err)
		}
		if err := cs.ReplaceChart(ctx, chart("missing", graph.Clear), graph.Red); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("replace missing: %v, want ErrNotFound", err)
		}
		if err := cs.DeleteChart(ctx, "c1", graph.Amber); err != nil {
			t.Fatal(err)
		}
		if _, err := cs.Chart(ctx, "c1", graph.Red); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("deleted chart: %v, want ErrNotFound", err)
		}
		if err := cs.DeleteChart(ctx, "c1", graph.Red); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("delete twice: %v, want ErrNotFound", err)
		}
	})
}
