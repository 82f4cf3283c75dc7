package memstore

import (
	"context"
	"fmt"
	"slices"

	"linkchart/graph"
)

// Oversight answers an OversightQuery (see graph.OversightQuery).
func (s *Store) Oversight(ctx context.Context, q graph.OversightQuery) (graph.OversightAnswer, error) {
	op := "oversight"
	asked := q.Who
	if q.Who == "" {
		op += " what " + q.What
		asked = q.What
	} else {
		op += " who " + q.Who
	}
	if (q.Who == "") == (q.What == "") {
		return graph.OversightAnswer{}, fmt.Errorf("%s: give exactly one of who and what: %w", op, graph.ErrInvalid)
	}
	if err := checkDate(op, q.AsOf); err != nil {
		return graph.OversightAnswer{}, err
	}
	if err := s.rlock(op); err != nil {
		return graph.OversightAnswer{}, err
	}
	defer s.mu.RUnlock()
	f := s.newFilter(nil, q.AsOf, graph.MinGrade{}, q.Clearance)
	n, ok := s.lookupNode(asked)
	if !ok || !s.nodeVisible(n, f.lvl) {
		return graph.OversightAnswer{}, fmt.Errorf("%s: %w", op, graph.ErrNotFound)
	}
	partOf, hasPartOf := s.typeByName[graph.PartOf]
	var oversight [4]int32
	for i, t := range graph.OversightTypes {
		oversight[i] = -1
		if x, ok := s.typeByName[t]; ok {
			oversight[i] = int32(x)
		}
	}
	isOversight := func(e uint32) bool {
		t := int32(s.class(e).typ)
		return t == oversight[0] || t == oversight[1] || t == oversight[2] || t == oversight[3]
	}
	isPartOf := func(e uint32) bool { return hasPartOf && s.class(e).typ == partOf }

	sc := s.getScratch()
	defer s.putScratch(sc)
	var found [][]hop // each starts with the overseer as hop{node, ^0}
	if q.Who != "" {
		found = s.oversawBy(sc, f, n, isOversight, isPartOf)
	} else {
		found = s.overseersOf(sc, f, n, isOversight, isPartOf)
	}
	if err := ctx.Err(); err != nil {
		return graph.OversightAnswer{}, fmt.Errorf("%s: %w", op, err)
	}
	slices.SortFunc(found, func(a, b []hop) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		if c := s.compareNodes(a[0].node, b[0].node); c != 0 {
			return c
		}
		return s.compareNodes(a[len(a)-1].node, b[len(b)-1].node)
	})

	sc.newSet()
	var nodes, edges []uint32
	var ids []byte // the edge ids in numeric form, decoded (coldID.out)
	ans := graph.OversightAnswer{Answers: make([]graph.Oversight, 0, len(found))}
	for _, hops := range found {
		o := graph.Oversight{Overseer: s.nodes[hops[0].node].id(), Target: s.nodes[hops[len(hops)-1].node].id()}
		o.Path.Edges = []string{}
		for i, h := range hops {
			o.Path.Nodes = append(o.Path.Nodes, s.nodes[h.node].id())
			if !sc.seen(h.node) {
				nodes = append(nodes, h.node)
			}
			if i == 0 {
				continue
			}
			o.Path.Edges = append(o.Path.Edges, s.edgeID(h.edge).out(&ids))
			edges = append(edges, h.edge)
		}
		ans.Answers = append(ans.Answers, o)
	}
	ans.Subgraph = s.answer(sc, nodes, uniq(edges))
	return ans, nil
}

// oversawBy walks from overseer p: its oversight edges, then PART_OF edges
// downwards (child PART_OF parent), breadth first with the frontier in path
// order, so each target's first discovery is its shortest, first-ordered
// path.
func (s *Store) oversawBy(sc *scratch, f *edgeFilter, p uint32, isOversight, isPartOf func(uint32) bool) [][]hop {
	sc.seen(p)
	parent := sc.val   // node → index into reached of its parent hop
	reached := []hop{} // hop{node, edge}; parents in parent[]
	var first []hop
	for ai, al := 0, s.adjOf(p); ai < len(al); ai += 2 {
		e := al[ai]
		if s.edges[e].from == p && s.edges[e].to != p && isOversight(e) && s.pass(f, e) {
			first = append(first, hop{s.edges[e].to, e})
		}
	}
	s.sortHops(first)
	level := make([]int, 0, len(first))
	for _, h := range first {
		if !sc.seen(h.node) {
			parent[h.node] = ^uint32(0)
			reached = append(reached, h)
			level = append(level, len(reached)-1)
		}
	}
	for d := 0; d < graph.MaxPartOfHops && len(level) > 0; d++ {
		var next []int
		var kids []hop
		for _, i := range level {
			u := reached[i].node
			kids = kids[:0]
			for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
				e := al[ai]
				if s.edges[e].to == u && s.edges[e].from != u && isPartOf(e) && s.pass(f, e) {
					kids = append(kids, hop{s.edges[e].from, e})
				}
			}
			s.sortHops(kids)
			for _, h := range kids {
				if !sc.seen(h.node) {
					parent[h.node] = uint32(i)
					reached = append(reached, h)
					next = append(next, len(reached)-1)
				}
			}
		}
		level = next
	}
	out := make([][]hop, 0, len(reached))
	for i := range reached {
		var rev []hop
		for j := uint32(i); ; {
			rev = append(rev, reached[j])
			pj := parent[reached[j].node]
			if pj == ^uint32(0) {
				break
			}
			j = pj
		}
		path := make([]hop, 0, len(rev)+1)
		path = append(path, hop{p, ^uint32(0)})
		for j := len(rev) - 1; j >= 0; j-- {
			path = append(path, rev[j])
		}
		out = append(out, path)
	}
	return out
}

// overseersOf finds who oversaw x: the PART_OF chain upwards from x (with
// each node's distance down to x), then the oversight edges into it; each
// overseer's first-ordered shortest path is then walked down from it.
func (s *Store) overseersOf(sc *scratch, f *edgeFilter, x uint32, isOversight, isPartOf func(uint32) bool) [][]hop {
	dist := sc.val
	sc.seen(x)
	dist[x] = 0
	chain := []uint32{x}
	level := []uint32{x}
	for d := 1; d <= graph.MaxPartOfHops && len(level) > 0; d++ {
		var next []uint32
		for _, u := range level {
			for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
				e := al[ai]
				if z := s.edges[e].to; s.edges[e].from == u && !sc.in(0, z) && isPartOf(e) && s.pass(f, e) {
					sc.seen(z)
					dist[z] = uint32(d)
					next = append(next, z)
				}
			}
		}
		chain = append(chain, next...)
		level = next
	}
	// Overseers and the length of their shortest path (set 1 marks them;
	// val2 holds the length).
	best := sc.val2
	var overseers []uint32
	for _, y := range chain {
		for ai, al := 0, s.adjOf(y); ai < len(al); ai += 2 {
			e := al[ai]
			p := s.edges[e].from
			if s.edges[e].to != y || p == y || !isOversight(e) || !s.pass(f, e) {
				continue
			}
			l := dist[y] + 1
			if !sc.in(1, p) {
				sc.put(1, p)
				best[p] = l
				overseers = append(overseers, p)
			} else if l < best[p] {
				best[p] = l
			}
		}
	}
	out := make([][]hop, 0, len(overseers))
	var cand []hop
	for _, p := range overseers {
		path := []hop{{p, ^uint32(0)}}
		cand = cand[:0]
		for ai, al := 0, s.adjOf(p); ai < len(al); ai += 2 {
			e := al[ai]
			if y := s.edges[e].to; s.edges[e].from == p && y != p && sc.in(0, y) && dist[y]+1 == best[p] && isOversight(e) && s.pass(f, e) {
				cand = append(cand, hop{y, e})
			}
		}
		s.sortHops(cand)
		u := cand[0]
		path = append(path, u)
		for dist[u.node] > 0 {
			cand = cand[:0]
			for ai, al := 0, s.adjOf(u.node); ai < len(al); ai += 2 {
				e := al[ai]
				if c := s.edges[e].from; s.edges[e].to == u.node && c != u.node && sc.in(0, c) && dist[c]+1 == dist[u.node] && isPartOf(e) && s.pass(f, e) {
					cand = append(cand, hop{c, e})
				}
			}
			s.sortHops(cand)
			u = cand[0]
			path = append(path, u)
		}
		out = append(out, path)
	}
	return out
}
