package graph

// Window is when a chain of relations held together: from the latest since
// to the earliest until of its edges (open ends stay open). Never is set
// when no date lies in all of them.
type Window struct {
	Since Date `json:"since,omitempty"`
	Until Date `json:"until,omitempty"`
	Never bool `json:"never,omitempty"`
}

// WindowOf is the window of the edges ids (looked up in edges; unknown ids
// are skipped). Of two dates equal at the coarser precision, the finer one
// bounds the window ("2024" and "2024-10" give 2024-10).
func WindowOf(ids []string, edges map[string]Edge) Window {
	var w Window
	later := func(a, b Date) bool { c := a.Compare(b); return c > 0 || c == 0 && len(a) > len(b) }
	earlier := func(a, b Date) bool { c := a.Compare(b); return c < 0 || c == 0 && len(a) > len(b) }
	for _, id := range ids {
		e, ok := edges[id]
		if !ok {
			continue
		}
		if e.Since != "" && (w.Since == "" || later(e.Since, w.Since)) {
			w.Since = e.Since
		}
		if e.Until != "" && (w.Until == "" || earlier(e.Until, w.Until)) {
			w.Until = e.Until
		}
	}
	w.Never = w.Since != "" && w.Until != "" && w.Since.Compare(w.Until) > 0
	return w
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
