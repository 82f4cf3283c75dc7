package graph

import (
	"slices"
	"strings"
)

// Span is when a chain of relations held together: from the latest since
// to the earliest until of its edges (open ends stay open). Never is set
// when no date lies in all of them.
type Span struct {
	Since Date `json:"since,omitempty"`
	Until Date `json:"until,omitempty"`
	Never bool `json:"never,omitempty"`
}

// SpanOf is the span of the edges ids (looked up in edges; unknown ids
// are skipped).
func SpanOf(ids []string, edges map[string]Edge) Span {
	spans := make([][2]Date, 0, len(ids))
	for _, id := range ids {
		if e, ok := edges[id]; ok {
			spans = append(spans, [2]Date{e.Since, e.Until})
		}
	}
	return Intersect(spans)
}

// Intersect intersects [since, until] spans (open ends allowed). Of two
// dates equal at the coarser precision, the finer one bounds the result
// ("2024" and "2024-10" give 2024-10).
func Intersect(spans [][2]Date) Span {
	var w Span
	later := func(a, b Date) bool { c := a.Compare(b); return c > 0 || c == 0 && len(a) > len(b) }
	earlier := func(a, b Date) bool { c := a.Compare(b); return c < 0 || c == 0 && len(a) > len(b) }
	for _, sp := range spans {
		if sp[0] != "" && (w.Since == "" || later(sp[0], w.Since)) {
			w.Since = sp[0]
		}
		if sp[1] != "" && (w.Until == "" || earlier(sp[1], w.Until)) {
			w.Until = sp[1]
		}
	}
	w.Never = w.Since != "" && w.Until != "" && w.Since.Compare(w.Until) > 0
	return w
}

// HeldWithin reports whether the spans all hold at one common date inside
// w (an open end of w is open): the consistency of a path (PathQuery).
// When every span overlaps w, as a path's edges do, that is the same as
// their holding at one common date at all (intervals on a line that meet
// pairwise share a point); w is checked all the same.
func HeldWithin(spans [][2]Date, w Window) bool {
	return !Intersect(append(spans[:len(spans):len(spans)], [2]Date{w.From, w.To})).Never
}

// DirectOnly keeps the answers whose path is the oversight edge alone
// (no PART_OF hop), and the part of the subgraph their paths use.
func (a OversightAnswer) DirectOnly() OversightAnswer {
	out := OversightAnswer{Answers: []Oversight{}}
	nodes, edges, sources := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, o := range a.Answers {
		if len(o.Path.Edges) != 1 {
			continue
		}
		out.Answers = append(out.Answers, o)
		for _, id := range o.Path.Nodes {
			nodes[id] = true
		}
		edges[o.Path.Edges[0]] = true
	}
	out.Nodes, out.Edges, out.Sources = []Node{}, []Edge{}, []Source{}
	for _, n := range a.Nodes {
		if nodes[n.ID] {
			out.Nodes = append(out.Nodes, n)
		}
	}
	for _, e := range a.Edges {
		if edges[e.ID] {
			out.Edges = append(out.Edges, e)
			for _, s := range e.Sources {
				sources[s] = true
			}
		}
	}
	for _, s := range a.Sources {
		if sources[s.ID] {
			out.Sources = append(out.Sources, s)
		}
	}
	return out
}

// PathGrade is the weakest grade of a path's hops (edges looked up by id;
// an edge without a grade counts as F6).
func PathGrade(p Path, edges map[string]Edge) Grade {
	g := Grade{Reliability: "A", Credibility: 1}
	for _, id := range p.Edges {
		h := Grade{Reliability: ReliabilityUnknown, Credibility: CredibilityUnknown}
		if e, ok := edges[id]; ok && len(e.Grade) == 2 && Reliability(e.Grade[:1]).Valid() {
			h = Grade{Reliability: Reliability(e.Grade[:1]), Credibility: int(e.Grade[1] - '0')}
		}
		g = g.Weakest(h)
	}
	return g
}

// RankByGrade orders the paths best weakest grade first (reliability, then
// credibility), keeping their order (length, then hop by hop) among equals.
func (a *PathAnswer) RankByGrade() {
	edges := make(map[string]Edge, len(a.Edges))
	for _, e := range a.Edges {
		edges[e.ID] = e
	}
	slices.SortStableFunc(a.Paths, func(x, y Path) int {
		gx, gy := PathGrade(x, edges), PathGrade(y, edges)
		if c := strings.Compare(string(gx.Reliability), string(gy.Reliability)); c != 0 {
			return c
		}
		return gx.Credibility - gy.Credibility
	})
}
