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
	if err := checkWhen(op, "", q.Window); err != nil {
		return graph.PathAnswer{}, err
	}
	if err := s.rlock(op); err != nil {
		return graph.PathAnswer{}, err
	}
	defer s.mu.RUnlock()
	f := s.newFilter(q.Types, "", q.Window, graph.MinGrade{}, q.Clearance)
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
		opts := s.newPathOpts(q, from, to)
		ps := pathSearch{s: s, f: f, sc: sc, ctx: ctx, from: from, to: to, k: k, pathOpts: opts}
		var err error
		var ok bool
		found, ok, err = ps.shortest(maxDepth)
		if err == nil && !ok {
			// Fewer than k shortest paths: longer ones are needed.
			sc.newSet()
			ps = pathSearch{s: s, f: f, sc: sc, ctx: ctx, from: from, to: to, k: k, pathOpts: opts}
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
	*pathOpts

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
			if sc.in(0, v) || !p.pass(e, w, true) {
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
		if u == p.to && p.keep(p.path) {
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
		if !p.pass(e, w, false) {
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
				if sc.in(mine, v) || !p.pass(e, w, !forward) {
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
			if w := al[ai+1]; sc.in(1, w&endMask) && dt[w&endMask] == uint32(b) && p.pass(al[ai], w, false) {
				sc.put(2, u)
				break
			}
		}
	}
	for i := a - 1; i >= 0; i-- {
		for _, u := range fLevels[i] {
			for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
				if w := al[ai+1]; sc.in(2, w&endMask) && ds[w&endMask] == uint32(i+1) && p.pass(al[ai], w, false) {
					sc.put(2, u)
					break
				}
			}
		}
	}
	var walk func(x uint32, i int)
	walk = func(x uint32, i int) {
		if i == l {
			if p.keep(p.path) {
				p.found = append(p.found, slices.Clone(p.path))
			}
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
			if p.pass(e, w, false) {
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

// pathOpts are a PathQuery's direction, excluded nodes, hub limit and
// time consistency, resolved to indexes.
type pathOpts struct {
	s          *Store
	dir        int             // 0 either way, 1 along the arrows, -1 against them
	excl       map[uint32]bool // never walked through
	maxDeg     int             // 0: no limit
	vis        *edgeFilter     // visibility alone, for degrees
	deg        map[uint32]int
	consistent bool
	window     graph.Window // the common date of a consistent path lies in it
	ends       [2]uint32
}

func (s *Store) newPathOpts(q graph.PathQuery, from, to uint32) *pathOpts {
	o := &pathOpts{s: s, maxDeg: q.MaxDegree, consistent: q.Consistent, window: q.Window, ends: [2]uint32{from, to}}
	switch q.Direction {
	case graph.DirectionOut:
		o.dir = 1
	case graph.DirectionIn:
		o.dir = -1
	}
	if len(q.Exclude) > 0 {
		o.excl = make(map[uint32]bool, len(q.Exclude))
		for _, id := range q.Exclude {
			if i, ok := s.lookupNode(id); ok {
				o.excl[i] = true
			}
		}
	}
	if o.maxDeg > 0 {
		o.vis = s.newFilter(nil, "", graph.Window{}, graph.MinGrade{}, q.Clearance)
		o.deg = map[uint32]int{}
	}
	return o
}

// pass is passAt with the options: w met in the adjacency of a node on the
// walk from `from` (backward: on the walk from `to`, so the hop runs the
// other way).
func (p *pathSearch) pass(e, w uint32, backward bool) bool {
	s := p.s
	if !s.passAt(p.f, e, w) {
		return false
	}
	if p.dir != 0 {
		along := w&outBit != 0 // the node whose list this is, is the edge's from end
		if backward {
			along = !along
		}
		if along != (p.dir > 0) {
			return false
		}
	}
	v := w & endMask
	if v == p.ends[0] || v == p.ends[1] {
		return true
	}
	if p.excl != nil && p.excl[v] {
		return false
	}
	return p.maxDeg == 0 || p.degree(v) <= p.maxDeg
}

// degree counts v's relations visible within the query's clearance.
func (o *pathOpts) degree(v uint32) int {
	if d, ok := o.deg[v]; ok {
		return d
	}
	n := 0
	for ai, al := 0, o.s.adjOf(v); ai < len(al); ai += 2 {
		if o.s.passAt(o.vis, al[ai], al[ai+1]) {
			n++
		}
	}
	o.deg[v] = n
	return n
}

// keep reports whether a found path is kept: with Consistent, its hops
// must all hold at one common date within the window (HeldWithin).
func (o *pathOpts) keep(path []hop) bool {
	if !o.consistent {
		return true
	}
	spans := make([][2]graph.Date, len(path))
	for i, h := range path {
		c := o.s.class(h.edge)
		spans[i] = [2]graph.Date{c.since.unpack(), c.until.unpack()}
	}
	return graph.HeldWithin(spans, o.window)
}
