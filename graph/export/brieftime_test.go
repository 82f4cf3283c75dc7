package export

import (
	"testing"

	"linkchart/graph"
)

// TestBriefTime checks the time bar's buckets: months on short spans, years
// on long ones, year-only dates counted apart by month, the window shaded.
func TestBriefTime(t *testing.T) {
	edges := func(dates ...graph.Date) graph.Subgraph {
		var g graph.Subgraph
		for _, d := range dates {
			g.Edges = append(g.Edges, graph.Edge{Since: d})
		}
		return g
	}
	for _, tc := range []struct {
		name           string
		g              graph.Subgraph
		opt            Options
		unit           string
		bars, max      int
		coarse, undate int
		window         string
	}{
		{"none dated", edges("", ""), Options{}, "", 0, 0, 0, 0, ""},
		{"months", edges("2024-03", "2024-03-15", "2024-10", "2024", ""), Options{Window: graph.Window{From: "2024-06", To: "2024-12"}},
			"month", 12, 2, 1, 1, "window 2024-06 to 2024-12"},
		{"years", edges("2019", "2019-05", "2024-10-01"), Options{AsOf: "2022"}, "year", 6, 2, 0, 0, "as of 2022"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBriefTime(tc.g, tc.opt)
			if tc.unit == "" {
				if b != nil {
					t.Fatalf("a time bar without dated relations: %+v", b)
				}
				return
			}
			if b == nil || b.Unit != tc.unit || len(b.Bars) != tc.bars || b.MaxCount != tc.max || b.Coarse != tc.coarse || b.Undated != tc.undate {
				t.Fatalf("got %+v, want %s × %d, max %d, coarse %d, undated %d", b, tc.unit, tc.bars, tc.max, tc.coarse, tc.undate)
			}
			if b.WindowLabel != tc.window || (tc.window != "") != (b.Window != nil) {
				t.Errorf("window %q %v, want %q", b.WindowLabel, b.Window, tc.window)
			}
			if w := b.Window; w != nil && (w.X1 < b.Left || w.X2 > b.Right+0.01 || w.X1 >= w.X2) {
				t.Errorf("window %+v outside the axis %v..%v", w, b.Left, b.Right)
			}
		})
	}
}
