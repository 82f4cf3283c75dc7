package storetest

import (
	"errors"
	"testing"

	"linkchart/graph"
)

// testWindow covers the time window (graph.Window) on Neighborhood, Paths
// and Oversight: an edge counts when its span overlaps the window, a partial
// date stands for its whole range, an empty end is open, and as_of and the
// window both apply when both are given.
func testWindow(t *testing.T, newStore NewStore) {
	run(t, "neighborhood", func(t *testing.T) {
		s, f := load(t, newStore, calendarGraph())
		tests := []struct {
			name string
			asOf graph.Date
			w    graph.Window
			want []string
		}{
			// A one-day window is as_of that day.
			{"one day", "", graph.Window{From: "2024-10-18", To: "2024-10-18"}, []string{"s1", "s3", "s6", "s8"}},
			// 2023-06…2024-09 meets until 2024 and 2023…2023-12, not since 2024-10.
			{"closed", "", graph.Window{From: "2023-06", To: "2024-09"}, []string{"s3", "s4", "s5", "s6"}},
			// From 2024-11 on: until 2024 runs through December, until 2024-10-17 ends before.
			{"open end", "", graph.Window{From: "2024-11"}, []string{"s1", "s2", "s3", "s6", "s7"}},
			{"open start", "", graph.Window{To: "2022"}, []string{"s3", "s4", "s6", "s9"}},
			{"as_of and window", "2023-12-31", graph.Window{From: "2024", To: "2024"}, []string{"s3", "s4", "s6"}},
		}
		var cases []neighborhoodCase
		for _, tt := range tests {
			nodes, edges := []string{"hub"}, []string{}
			for _, id := range tt.want {
				nodes = append(nodes, id)
				edges = append(edges, "h-"+id)
			}
			cases = append(cases, neighborhoodCase{
				name:      tt.name,
				q:         graph.NeighborhoodQuery{Seed: "hub", AsOf: tt.asOf, Window: tt.w, Clearance: graph.Clear},
				wantNodes: nodes, wantEdges: edges,
			})
		}
		runNeighborhood(t, s, f, cases)
		run(t, "end before start", func(t *testing.T) {
			_, err := s.Neighborhood(t.Context(), graph.NeighborhoodQuery{Seed: "hub", Window: graph.Window{From: "2024-10", To: "2024-09-30"}})
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("Neighborhood(2024-10…2024-09-30) = %s, want ErrInvalid", describe(err))
			}
		})
	})

	run(t, "paths", func(t *testing.T) {
		s, f := load(t, newStore, calendarGraph())
		via := p("s5", "h-s5", "hub", "h-s1", "s1")
		runPaths(t, s, f, []pathCase{
			{"both edges in the window", graph.PathQuery{From: "s5", To: "s1", Window: graph.Window{From: "2023", To: "2024-12"}}, []graph.Path{via}, nil},
			{"one edge before the window", graph.PathQuery{From: "s5", To: "s1", Window: graph.Window{From: "2024"}}, []graph.Path{}, nil},
			{"end before start", graph.PathQuery{From: "s5", To: "s1", Window: graph.Window{From: "2024", To: "2023"}}, nil, graph.ErrInvalid},
		})
	})

	run(t, "oversight", func(t *testing.T) {
		s, f := load(t, newStore, oversightGraph())
		runOversight(t, s, f, []oversightCase{
			// kim-commands-corps ends 2024-12; kim-oversaw-corps runs on.
			{"from 2025", graph.OversightQuery{What: "corps", Window: graph.Window{From: "2025"}},
				[]graph.Oversight{o("kim", "kim-oversaw-corps", "corps")}, nil},
			// han-commands-corps 2020…2023 overlaps; kim's edges start later.
			{"to 2023-05", graph.OversightQuery{What: "corps", Window: graph.Window{To: "2023-05"}},
				[]graph.Oversight{o("han", "han-commands-corps", "corps")}, nil},
			{"end before start", graph.OversightQuery{What: "corps", Window: graph.Window{From: "2025", To: "2024"}}, nil, graph.ErrInvalid},
		})
	})
}
