package graph

import "testing"

func TestNeighborhoodQueryFilter(t *testing.T) {
	g := Subgraph{
		Nodes: []Node{{ID: "p", Kind: Person}, {ID: "u", Kind: Unit}, {ID: "s", Kind: State}},
		Edges: []Edge{
			{ID: "pu", Type: Commands, From: "p", To: "u", Since: "2024-10", Grade: "B2", Sources: []string{"s1"}},
			{ID: "us", Type: PartOf, From: "u", To: "s", Until: "2020", Grade: "D5", Sources: []string{"s2"}},
			{ID: "ps", Type: MemberOf, From: "p", To: "s", Grade: "A1", Sources: []string{"s2"}},
		},
		Sources: []Source{{ID: "s1"}, {ID: "s2"}},
	}
	for _, tc := range []struct {
		q    NeighborhoodQuery
		want string // sources/nodes/edges
	}{
		{NeighborhoodQuery{}, "s1 s2/p u s/pu us ps"},
		{NeighborhoodQuery{Kinds: []Kind{Unit, State}}, "s2/u s/us"},
		{NeighborhoodQuery{Types: []string{Commands, MemberOf}}, "s1 s2/p u s/pu ps"},
		{NeighborhoodQuery{AsOf: "2024-12"}, "s1 s2/p u s/pu ps"},
		{NeighborhoodQuery{AsOf: "2019"}, "s2/p u s/us ps"},
		{NeighborhoodQuery{MinGrade: MinGrade{Reliability: "B"}}, "s1 s2/p u s/pu ps"},
		{NeighborhoodQuery{MinGrade: MinGrade{Credibility: 1}}, "s2/p u s/ps"},
	} {
		out := tc.q.Filter(g)
		if got := ids(Batch{Sources: out.Sources, Nodes: out.Nodes, Edges: out.Edges}); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.q, got, tc.want)
		}
	}
}
