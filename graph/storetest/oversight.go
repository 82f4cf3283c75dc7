package storetest

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"linkchart/graph"
)

// o writes one oversight answer; its path is alternating node and edge ids
// from the overseer down to the target.
func o(steps ...string) graph.Oversight {
	path := p(steps...)
	return graph.Oversight{Overseer: path.Nodes[0], Target: path.Nodes[len(path.Nodes)-1], Path: path}
}

type oversightCase struct {
	name    string
	q       graph.OversightQuery
	want    []graph.Oversight
	wantErr error
}

func runOversight(t *testing.T, s graph.Store, f *fixture, tests []oversightCase) {
	t.Helper()
	for _, tt := range tests {
		runQuery(t, tt.name, "Oversight", tt.q, tt.wantErr, s.Oversight, func(t *testing.T, a graph.OversightAnswer) {
			checkOversightAnswer(t, f, tt.q, a)
			if !slices.EqualFunc(a.Answers, tt.want, func(x, y graph.Oversight) bool {
				return x.Overseer == y.Overseer && x.Target == y.Target &&
					slices.Equal(x.Path.Nodes, y.Path.Nodes) && slices.Equal(x.Path.Edges, y.Path.Edges)
			}) {
				t.Errorf("Oversight(who %q, what %q, as of %q) =\n %s\nwant\n %s",
					tt.q.Who, tt.q.What, tt.q.AsOf, fmtAnswers(a.Answers), fmtAnswers(tt.want))
			}
		})
	}
}

func fmtAnswers(as []graph.Oversight) string {
	s := ""
	for _, a := range as {
		s += fmt.Sprintf("%s→%s %v %v\n ", a.Overseer, a.Target, a.Path.Nodes, a.Path.Edges)
	}
	return s
}

// checkOversightAnswer checks each answer's path (one oversight edge from
// the overseer, then PART_OF edges walked downwards), the order of the
// answers, and that the subgraph is exactly the union of the paths.
func checkOversightAnswer(t *testing.T, f *fixture, q graph.OversightQuery, a graph.OversightAnswer) {
	t.Helper()
	if a.Answers == nil {
		t.Errorf("Answers is nil: want [] when there is none")
	}
	nodes, edges := map[string]bool{}, map[string]bool{}
	for i, ans := range a.Answers {
		if q.Who != "" && ans.Overseer != q.Who || q.What != "" && ans.Target != q.What {
			t.Errorf("answer %s→%s does not answer who %q / what %q", ans.Overseer, ans.Target, q.Who, q.What)
		}
		checkPath(t, f, ans.Path, ans.Overseer, ans.Target)
		for j, id := range ans.Path.Edges {
			e := f.edges[id]
			switch {
			case j == 0 && (!graph.IsOversight(e.Type) || e.From != ans.Overseer):
				t.Errorf("answer %s→%s: first hop %q is not an oversight edge from the overseer", ans.Overseer, ans.Target, id)
			case j > 0 && (e.Type != graph.PartOf || e.To != ans.Path.Nodes[j] || e.From != ans.Path.Nodes[j+1]):
				t.Errorf("answer %s→%s: hop %q is not a PART_OF edge walked downwards", ans.Overseer, ans.Target, id)
			}
			if !graph.HoldsAt(e.Since, e.Until, q.AsOf) {
				t.Errorf("answer %s→%s: edge %q does not hold as of %s", ans.Overseer, ans.Target, id, q.AsOf)
			}
		}
		if i > 0 {
			prev := a.Answers[i-1]
			if c := compareAnswers(prev, ans); c >= 0 {
				t.Errorf("answer %s→%s listed before %s→%s: want path length, then overseer id, then target id",
					prev.Overseer, prev.Target, ans.Overseer, ans.Target)
			}
		}
		for _, n := range ans.Path.Nodes {
			nodes[n] = true
		}
		for _, e := range ans.Path.Edges {
			edges[e] = true
		}
	}
	checkSubgraph(t, f, a.Subgraph, q.Clearance)
	checkIDs(t, a.Subgraph, slices.Collect(maps.Keys(nodes)), slices.Collect(maps.Keys(edges)))
	if a.Truncated {
		t.Errorf("Truncated = true, want false for oversight")
	}
}

func compareAnswers(a, b graph.Oversight) int {
	switch {
	case len(a.Path.Edges) != len(b.Path.Edges):
		return len(a.Path.Edges) - len(b.Path.Edges)
	case a.Overseer != b.Overseer:
		if a.Overseer < b.Overseer {
			return -1
		}
		return 1
	case a.Target != b.Target:
		if a.Target < b.Target {
			return -1
		}
		return 1
	}
	return 0
}

// testOversight covers Oversight on the oversight graph and the chain graph.
func testOversight(t *testing.T, newStore NewStore) {
	run(t, "oversight graph", func(t *testing.T) {
		s, f := load(t, newStore, oversightGraph())
		who := func(id string, asOf graph.Date, c graph.Marking) graph.OversightQuery {
			return graph.OversightQuery{Who: id, AsOf: asOf, Clearance: c}
		}
		what := func(id string, asOf graph.Date, c graph.Marking) graph.OversightQuery {
			return graph.OversightQuery{What: id, AsOf: asOf, Clearance: c}
		}
		const (
			kc = "kim-commands-corps"
			ko = "kim-oversaw-corps"
			d1 = "div1-part-of-corps"
			d2 = "div2-part-of-corps"
			b1 = "bde1-part-of-div1"
			n1 = "bn1-part-of-bde1"
		)
		// kim's two oversight edges to corps both hold when no date is
		// given; the paths take kim-commands-corps, the smaller edge id.
		// kim also oversaw bde1 directly: one hop, shorter than the way
		// down from corps.
		kb := "kim-oversaw-bde1"
		kimAll := []graph.Oversight{
			o("kim", kb, "bde1"),
			o("kim", kc, "corps"),
			o("kim", kb, "bde1", n1, "bn1"),
			o("kim", kc, "corps", d1, "div1"),
			o("kim", kc, "corps", d2, "div2"),
		}
		runOversight(t, s, f, []oversightCase{
			// Not army (corps is PART_OF army: upwards), not agency
			// (HOLDS_POST), not party (MEMBER_OF), not div3 (AMBER edge),
			// not secret-unit (RED).
			{"what kim oversaw: shortest paths, PART_OF walked downwards", who("kim", "", graph.Clear), kimAll, nil},
			{"what kim oversaw at AMBER", who("kim", "", graph.Amber), []graph.Oversight{
				kimAll[0], kimAll[1], kimAll[2], kimAll[3], kimAll[4],
				o("kim", kc, "corps", "div3-part-of-corps", "div3"),
			}, nil},
			{"what kim oversaw at RED", who("kim", "", graph.Red), []graph.Oversight{
				kimAll[0], kimAll[1], kimAll[2], kimAll[3], kimAll[4],
				o("kim", kc, "corps", "div3-part-of-corps", "div3"),
				o("kim", kc, "corps", "secret-part-of-corps", "secret-unit"),
				o("kim", kc, "corps", "secret-part-of-corps", "secret-unit", "cell-part-of-secret", "cell"),
			}, nil},
			// div2 joins corps in 2025.
			{"as of 2024", who("kim", "2024", graph.Clear), []graph.Oversight{
				kimAll[0], kimAll[1], kimAll[2], kimAll[3],
			}, nil},
			// kim-commands-corps ended 2024-12; kim-oversaw-corps holds.
			{"as of 2025: the other oversight edge", who("kim", "2025", graph.Clear), []graph.Oversight{
				kimAll[0],
				o("kim", ko, "corps"),
				kimAll[2],
				o("kim", ko, "corps", d1, "div1"),
				o("kim", ko, "corps", d2, "div2"),
			}, nil},
			// Before 2024-03, kim reaches bde1 only through corps.
			{"as of 2023-08: three levels down", who("kim", "2023-08", graph.Clear), []graph.Oversight{
				o("kim", kc, "corps"),
				o("kim", kc, "corps", d1, "div1"),
				o("kim", kc, "corps", d1, "div1", b1, "bde1"),
				o("kim", kc, "corps", d1, "div1", b1, "bde1", n1, "bn1"),
			}, nil},
			{"as of 2022: nothing yet", who("kim", "2022", graph.Clear), []graph.Oversight{}, nil},
			{"DIRECTS", who("park", "", graph.Clear), []graph.Oversight{
				o("park", "park-directs-agency", "agency"),
				o("park", "park-directs-agency", "agency", "dept-part-of-agency", "dept"),
			}, nil},
			{"LEADS", who("lee", "", graph.Clear), []graph.Oversight{o("lee", "lee-leads-party", "party")}, nil},
			// bn1 PARTICIPATED_IN the launch; that is no PART_OF edge.
			{"OVERSAW", who("choe", "", graph.Clear), []graph.Oversight{o("choe", "choe-oversaw-launch", "test-launch")}, nil},
			{"PART_OF cycle ends", who("boss", "", graph.Clear), []graph.Oversight{
				o("boss", "boss-commands-cyc-a", "cyc-a"),
				o("boss", "boss-commands-cyc-a", "cyc-a", "cyc-b-part-of-cyc-a", "cyc-b"),
			}, nil},
			{"a person without oversight edges", who("idle", "", graph.Clear), []graph.Oversight{}, nil},
			{"a unit oversees nothing", who("corps", "", graph.Red), []graph.Oversight{}, nil},
			{"who oversaw bn1: shortest first, then by overseer", what("bn1", "", graph.Clear), []graph.Oversight{
				kimAll[2],
				o("ri", "ri-commands-div1", "div1", b1, "bde1", n1, "bn1"),
				o("han", "han-commands-corps", "corps", d1, "div1", b1, "bde1", n1, "bn1"),
			}, nil},
			{"who oversaw bn1 at RED", what("bn1", "", graph.Red), []graph.Oversight{
				kimAll[2],
				o("ri", "ri-commands-div1", "div1", b1, "bde1", n1, "bn1"),
				o("spy", "spy-commands-div1", "div1", b1, "bde1", n1, "bn1"),
				o("han", "han-commands-corps", "corps", d1, "div1", b1, "bde1", n1, "bn1"),
			}, nil},
			{"who oversaw bn1 as of 2021", what("bn1", "2021", graph.Clear), []graph.Oversight{
				o("ri", "ri-commands-div1", "div1", b1, "bde1", n1, "bn1"),
				o("han", "han-commands-corps", "corps", d1, "div1", b1, "bde1", n1, "bn1"),
			}, nil},
			{"who oversaw corps", what("corps", "", graph.Clear), []graph.Oversight{
				o("han", "han-commands-corps", "corps"),
				kimAll[1],
			}, nil},
			// cell's only way up runs through the RED secret-unit.
			{"chain cut by a hidden unit", what("cell", "", graph.Amber), []graph.Oversight{}, nil},
			{"chain through a RED unit at RED", what("cell", "", graph.Red), []graph.Oversight{
				o("han", "han-commands-corps", "corps", "secret-part-of-corps", "secret-unit", "cell-part-of-secret", "cell"),
				o("kim", kc, "corps", "secret-part-of-corps", "secret-unit", "cell-part-of-secret", "cell"),
			}, nil},
			{"nobody oversaw the parent", what("army", "", graph.Red), []graph.Oversight{}, nil},
			{"HOLDS_POST is not oversight", what("agency", "", graph.Clear), []graph.Oversight{
				o("park", "park-directs-agency", "agency"),
			}, nil},
			{"MEMBER_OF is not oversight", what("party", "", graph.Clear), []graph.Oversight{
				o("lee", "lee-leads-party", "party"),
			}, nil},
			{"RED overseer at CLEAR", who("spy", "", graph.Clear), nil, graph.ErrNotFound},
			{"RED target at AMBER", what("secret-unit", "", graph.Amber), nil, graph.ErrNotFound},
			{"unknown who", who("ghost", "", graph.Red), nil, graph.ErrNotFound},
			{"unknown what", what("ghost", "", graph.Red), nil, graph.ErrNotFound},
		})
	})

	run(t, "PART_OF chain longer than MaxPartOfHops", func(t *testing.T) {
		s, f := load(t, newStore, chainGraph())
		chain := func(target int) graph.Oversight {
			steps := []string{"top", "top-commands-l0", "l0"}
			for i := 1; i <= target; i++ {
				steps = append(steps, fmt.Sprintf("l%d-part-of-l%d", i, i-1), fmt.Sprintf("l%d", i))
			}
			return o(steps...)
		}
		var all []graph.Oversight
		for i := 0; i <= graph.MaxPartOfHops; i++ {
			all = append(all, chain(i))
		}
		last := fmt.Sprintf("l%d", graph.MaxPartOfHops)
		tooFar := fmt.Sprintf("l%d", graph.MaxPartOfHops+1)
		runOversight(t, s, f, []oversightCase{
			{"who: the chain stops after MaxPartOfHops", graph.OversightQuery{Who: "top"}, all, nil},
			{"what: at MaxPartOfHops", graph.OversightQuery{What: last}, all[len(all)-1:], nil},
			{"what: beyond MaxPartOfHops", graph.OversightQuery{What: tooFar}, []graph.Oversight{}, nil},
		})
	})
}
