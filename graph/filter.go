package graph

// Filter keeps of g what the neighbourhood's filters in q admit (see
// NeighborhoodQuery): nodes of q.Kinds (when given), edges of q.Types (when
// given) holding at q.AsOf and overlapping q.Window with a grade q.MinGrade admits, between two kept
// nodes, and the sources those edges cite. It is how a question over given
// ids applies the filters a question over a seed gets from the store.
func (q NeighborhoodQuery) Filter(g Subgraph) Subgraph {
	kinds := make(map[Kind]bool, len(q.Kinds))
	for _, k := range q.Kinds {
		kinds[k] = true
	}
	types := make(map[string]bool, len(q.Types))
	for _, t := range q.Types {
		types[t] = true
	}
	out := Subgraph{Truncated: g.Truncated}
	kept := make(map[string]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		if len(kinds) == 0 || kinds[n.Kind] {
			out.Nodes = append(out.Nodes, n)
			kept[n.ID] = true
		}
	}
	for _, e := range g.Edges {
		grade, _ := ParseMinGrade(e.Grade) // "B2" reads as the grade it names
		if kept[e.From] && kept[e.To] && (len(types) == 0 || types[e.Type]) && HoldsAt(e.Since, e.Until, q.AsOf) && q.Window.Overlaps(e.Since, e.Until) &&
			q.MinGrade.Admits(Grade(grade)) {
			out.Edges = append(out.Edges, e)
		}
	}
	out.Sources = Cited(g.Sources, out.Edges)
	return out
}

// Cited keeps of sources, in their order, those the edges cite.
func Cited(sources []Source, edges []Edge) []Source {
	cited := make(map[string]bool)
	for _, e := range edges {
		for _, s := range e.Sources {
			cited[s] = true
		}
	}
	var out []Source
	for _, s := range sources {
		if cited[s.ID] {
			out = append(out, s)
			delete(cited, s.ID) // once, should sources repeat one
		}
	}
	return out
}
