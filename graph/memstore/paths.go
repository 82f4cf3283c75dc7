package memstore

import (
	"context"
	"fmt"
	"slices"

	"linkchart/graph"
)

// hop is one step of a walk: the edge taken and the node it leads to.
type hop struct{ node, edge uint32 }

// sortHops orders hops by the next node's id, then the edge's id: the
// tie-break of graph.PathQuery.
func (s *Store) sortHops(h []hop) {
	if len(h) < 2 {
		return
	}
	slices.SortFunc(h, func(a, b hop) int {
		if a.node != b.node {
			return s.compareNodes(a.node, b.node)
		}
		return s.compareEdges(a.edge, b.edge)
	})
}

// Paths answers a PathQuery: the K shortest simple paths, in order.
//
// A breadth-first search from To gives every node's distance to it, level
// by level and only as far as needed; a depth-first search from From then
// enumerates the paths of each length in order, taking the next hops sorted
// by (node id, edge id) and only those whose distance to To still fits in
// the hops left.
func (s *Store) Paths(ctx context.Context, q graph.PathQuery) (graph.PathAnswer, error) {
	op := fmt.Sprintf("paths %s %s", q.From, q.To)
	if err := s.rlock(op); err != nil {
		return graph.PathAnswer{}, err
	}
	defer s.mu.RUnlock()
	f := s.newFilter(q.Types, "", graph.MinGrade{}, q.Clearance)
	from, ok := s.lookupNode(q.From)
	if !ok || !s.nodeVisible(from, f.lvl) {
		return graph.PathAnswer{}, fmt.Errorf("%s: from %s: %w", op, q.From, graph.ErrNotFound)
	}
	to, ok := s.lookupNode(q.To)
	if !ok || !s.nodeVisible(to, f.lvl) {
		return graph.PathAnswer{}, fmt.Errorf("%s: to %s: %w", op, q.To, graph.ErrNotFound)
	}
	maxDepth := q.MaxDepth
	if maxDepth <= 0 {
		maxDepth = graph.DefaultPathDepth
	}
	maxDepth = min(maxDepth, graph.MaxPathDepth)
	k := min(max(q.K, 1), graph.MaxK)

	sc := s.getScratch()
	defer s.putScratch(sc)
	var found [][]hop
	if from == to {
		found = [][]hop{nil}
	} else {
		ps := pathSearch{s: s, f: f, sc: sc, ctx: ctx, from: from, to: to, k: k}
		var err error
		var ok bool
		found, ok, err = ps.shortest(maxDepth)
		if err == nil && !ok {
			// Fewer than k shortest paths: longer ones are needed.
			sc.newSet()
			ps = pathSearch{s: s, f: f, sc: sc, ctx: ctx, from: from, to: to, k: k}
			found, err = ps.run(maxDepth)
		}
		if err != nil {
			return graph.PathAnswer{}, fmt.Errorf("%s: %w", op, err)
		}
	}
	sc.newSet()
	var nodes, edges []uint32
	var ids []byte // the edge ids in numeric form, decoded (coldID.out)
	ans := graph.PathAnswer{Paths: make([]graph.Path, 0, len(found))}
	for _, hops := range found {
		p := graph.Path{Nodes: []string{s.nodes[from].id()}, Edges: []string{}}
		if !sc.seen(from) {
			nodes = append(nodes, from)
		}
		for _, h := range hops {
			p.Nodes = append(p.Nodes, s.nodes[h.node].id())
			p.Edges = append(p.Edges, s.edgeID(h.edge).out(&ids))
			if !sc.seen(h.node) {
				nodes = append(nodes, h.node)
			}
			edges = append(edges, h.edge)
		}
		ans.Paths = append(ans.Paths, p)
	}
	ans.Subgraph = s.answer(sc, nodes, uniq(edges))
	return ans, nil
}

// uniq sorts and deduplicates indexes.
func uniq(xs []uint32) []uint32 {
	slices.Sort(xs)
	return slices.Compact(xs)
}

type pathSearch struct {
	s        *Store
	f        *edgeFilter
	sc       *scratch // set 0 + val: distance to `to`; set 1: on the current path
	ctx      context.Context
	from, to uint32
	k        int

	level []uint32 // the last complete BFS level
	depth int      // its distance
	path  []hop
	found [][]hop
	steps int
	err   error
}

// extend computes the next BFS level from to; false when there is none.
func (p *pathSearch) extend() bool {
	s, sc := p.s, p.sc
	var next []uint32
	for _, u := range p.level {
		for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
			e := al[ai]
			w := al[ai+1]
			v := w & endMask
			if sc.in(0, v) || !s.passAt(p.f, e, w) {
				continue
			}
			sc.put(0, v)
			sc.val[v] = uint32(p.depth + 1)
			next = append(next, v)
		}
	}
	p.level = next
	p.depth++
	return len(next) > 0
}

func (p *pathSearch) run(maxDepth int) ([][]hop, error) {
	sc := p.sc
	sc.put(0, p.to)
	sc.val[p.to] = 0
	p.level = []uint32{p.to}
	for !sc.in(0, p.from) {
		if p.depth >= maxDepth || !p.extend() {
			return nil, nil
		}
		if err := p.ctx.Err(); err != nil {
			return nil, err
		}
	}
	more := true
	for l := int(sc.val[p.from]); l <= maxDepth && len(p.found) < p.k; l++ {
		for more && p.depth < l-1 {
			more = p.extend()
		}
		// Set 1 (on the path) shares the generation; it only ever holds
		// from and the nodes of the current path.
		sc.put(1, p.from)
		p.dfs(p.from, l)
		if p.err != nil {
			return nil, p.err
		}
	}
	return p.found, nil
}

func (p *pathSearch) dfs(u uint32, r int) {
	s, sc := p.s, p.sc
	if r == 0 {
		if u == p.to {
			p.found = append(p.found, slices.Clone(p.path))
		}
		return
	}
	if p.steps++; p.steps&1023 == 0 {
		if err := p.ctx.Err(); err != nil {
			p.err = err
			return
		}
	}
	var next []hop
	for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
		e := al[ai]
		w := al[ai+1]
		v := w & endMask
		if !sc.in(0, v) || int(sc.val[v]) > r-1 || sc.in(1, v) || (v == p.to) != (r == 1) {
			continue
		}
		if !s.passAt(p.f, e, w) {
			continue
		}
		next = append(next, hop{v, e})
	}
	s.sortHops(next)
	for _, h := range next {
		sc.put(1, h.node)
		p.path = append(p.path, h)
		p.dfs(h.node, r-1)
		p.path = p.path[:len(p.path)-1]
		sc.stamp[1][h.node] = 0
		if len(p.found) >= p.k || p.err != nil {
			return
		}
	}
}

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

// shortest finds the first k paths when they are all of the shortest
// length, by a bidirectional breadth-first search (each step grows the
// side whose frontier has fewer edges, so hubs are met from both ends
// instead of flooded). ok is false when there are fewer than k shortest
// paths (the caller then enumerates longer ones); no path at all is ok.
//
// Sets: 0 forward from `from` (val: distance), 1 backward from `to`
// (val2: distance), 2 the forward nodes that lie on a shortest path.
func (p *pathSearch) shortest(maxDepth int) (found [][]hop, ok bool, err error) {
	s, sc := p.s, p.sc
	ds, dt := sc.val, sc.val2
	sc.put(0, p.from)
	ds[p.from] = 0
	sc.put(1, p.to)
	dt[p.to] = 0
	fLevels := [][]uint32{{p.from}}
	bwd := []uint32{p.to}
	a, b := 0, 0
	degree := func(ns []uint32) (n int) {
		for _, u := range ns {
			n += len(s.adjOf(u))
		}
		return n
	}
	met := false
	for !met {
		if a+b >= maxDepth {
			return nil, true, nil
		}
		if err := p.ctx.Err(); err != nil {
			return nil, false, err
		}
		fwd := fLevels[a]
		forward := degree(fwd) <= degree(bwd)
		frontier, mine, theirs, dist := fwd, 0, 1, ds
		if !forward {
			frontier, mine, theirs, dist = bwd, 1, 0, dt
		}
		var next []uint32
	expand:
		for _, u := range frontier {
			for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
				e, w := al[ai], al[ai+1]
				v := w & endMask
				if sc.in(mine, v) || !s.passAt(p.f, e, w) {
					continue
				}
				if sc.in(theirs, v) {
					met = true
					break expand
				}
				sc.put(mine, v)
				dist[v] = dist[u] + 1
				next = append(next, v)
			}
		}
		if met {
			break
		}
		if len(next) == 0 {
			return nil, true, nil
		}
		if forward {
			fLevels = append(fLevels, next)
			a++
		} else {
			bwd = next
			b++
		}
	}
	l := a + b + 1
	// Mark the forward nodes on a shortest path: level a by its edges into
	// backward level b, then each level by its edges into the marked next.
	for _, u := range fLevels[a] {
		for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
			if w := al[ai+1]; sc.in(1, w&endMask) && dt[w&endMask] == uint32(b) && s.passAt(p.f, al[ai], w) {
				sc.put(2, u)
				break
			}
		}
	}
	for i := a - 1; i >= 0; i-- {
		for _, u := range fLevels[i] {
			for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
				if w := al[ai+1]; sc.in(2, w&endMask) && ds[w&endMask] == uint32(i+1) && s.passAt(p.f, al[ai], w) {
					sc.put(2, u)
					break
				}
			}
		}
	}
	var walk func(x uint32, i int)
	walk = func(x uint32, i int) {
		if i == l {
			p.found = append(p.found, slices.Clone(p.path))
			return
		}
		var next []hop
		for ai, al := 0, s.adjOf(x); ai < len(al); ai += 2 {
			e, w := al[ai], al[ai+1]
			v := w & endMask
			if i+1 <= a {
				if !sc.in(2, v) || ds[v] != uint32(i+1) {
					continue
				}
			} else if !sc.in(1, v) || dt[v] != uint32(l-i-1) {
				continue
			}
			if s.passAt(p.f, e, w) {
				next = append(next, hop{v, e})
			}
		}
		s.sortHops(next)
		for _, h := range next {
			p.path = append(p.path, h)
			walk(h.node, i+1)
			p.path = p.path[:len(p.path)-1]
			if len(p.found) >= p.k {
				return
			}
		}
	}
	walk(p.from, 0)
	return p.found, len(p.found) >= p.k, nil
}
