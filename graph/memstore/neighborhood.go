package memstore

import (
	"context"
	"fmt"
	"slices"

	"linkchart/graph"
)

// metEdge is an edge met in a walk, with its two ends.
type metEdge struct{ e, u, v uint32 }

// Neighborhood answers a NeighborhoodQuery (see graph.NeighborhoodQuery).
func (s *Store) Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	op := "neighborhood " + q.Seed
	if err := checkDate(op, q.AsOf); err != nil {
		return graph.Subgraph{}, err
	}
	if err := s.rlock(op); err != nil {
		return graph.Subgraph{}, err
	}
	defer s.mu.RUnlock()
	f := s.newFilter(q.Types, q.AsOf, q.MinGrade, q.Clearance)
	seed, ok := s.lookupNode(q.Seed)
	if !ok || !s.nodeVisible(seed, f.lvl) {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, graph.ErrNotFound)
	}
	depth := min(max(q.Depth, 1), graph.MaxDepth)
	limit := graph.ClampLimit(q.Limit, graph.DefaultLimit)
	kinds := kindMask(q.Kinds)
	sc := s.getScratch()
	defer s.putScratch(sc)
	walk := s.walkScan
	if s.nodesOrdered {
		walk = s.walkSorted
	}
	reached, edges, truncated, err := walk(ctx, sc, f, kinds, seed, depth, limit)
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	g := s.answer(sc, reached, edges)
	g.Truncated = truncated
	sc.reached, sc.edges = keep(reached), keep(edges)
	return g, nil
}

// walkScan is the walk of Neighborhood for any index: every level is
// scanned whole, and cut by a selection when the limit falls inside it.
// It returns the kept nodes, the edges between them that pass f, and
// whether the limit cut the answer. Set 0 is the kept nodes.
func (s *Store) walkScan(ctx context.Context, sc *scratch, f *edgeFilter, kinds uint8, seed uint32, depth, limit int) ([]uint32, []uint32, bool, error) {
	// Breadth first; set 1 is "reached", val the distance. The edges met
	// on the way are kept in rec, each once: an edge between two levels
	// from its nearer end, an edge within a level from its from end. Only
	// the edges within the last level (never scanned) need a scan of their
	// own. A level is put in id order only when the limit cuts into it.
	dist := sc.val
	// The lists live in the scratch, so a query allocates none of them.
	reached := append(sc.reached[:0], seed)
	sc.put(1, seed)
	dist[seed] = 0
	lists := sc.levels
	level := append(lists[0][:0], seed)
	lists[0] = level
	rec := sc.rec[:0]
	truncated := false
	scanned := true // the last level in reached has been scanned
	visits := 0
walk:
	for d := 1; d <= depth && len(level) > 0; d++ {
		full := len(reached) >= limit
		next := lists[d&1][:0] // level is in the other one
		for _, u := range level {
			if visits += len(s.adjOf(u)); visits > 1<<16 {
				visits = 0
				if err := ctx.Err(); err != nil {
					return nil, nil, false, err
				}
			}
			for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
				e := al[ai]
				w := al[ai+1]
				v := w & endMask
				if sc.in(1, v) {
					if lv := dist[v]; (lv == uint32(d) || (lv == uint32(d-1) && w&outBit != 0)) && s.passAt(f, e, w) {
						rec = append(rec, metEdge{e, u, v})
					}
					continue
				}
				if !s.passAt(f, e, w) || (kinds != 0 && kinds&(1<<s.nodeKind(v)) == 0) {
					continue
				}
				if full {
					// One node past the limit: the answer is cut. The
					// level being scanned has its inner edges found below.
					truncated = true
					scanned = false
					rec = slices.DeleteFunc(rec, func(m metEdge) bool {
						return dist[m.u] == uint32(d-1) && dist[m.v] == uint32(d-1)
					})
					break walk
				}
				sc.put(1, v)
				dist[v] = uint32(d)
				next = append(next, v)
				rec = append(rec, metEdge{e, u, v})
			}
		}
		if room := limit - len(reached); len(next) > room {
			s.smallestNodes(sc, next, room)
			lists[d&1] = next
			reached = append(reached, next[:room]...)
			truncated, scanned = true, false
			break
		}
		reached = append(reached, next...)
		lists[d&1] = next
		level = next
		scanned = len(next) == 0
	}
	for _, n := range reached {
		sc.put(0, n)
	}
	edges := sc.edges[:0]
	for _, m := range rec {
		if sc.in(0, m.u) && sc.in(0, m.v) {
			edges = append(edges, m.e)
		}
	}
	if !scanned {
		// The last level as a bitset (small enough for the first-level
		// cache): most of the entries scanned here lead outside it.
		last := dist[reached[len(reached)-1]]
		first := len(reached) - 1
		for first > 0 && dist[reached[first-1]] == last {
			first--
		}
		lastLevel := reached[first:]
		bits := sc.bitset(len(s.nodes))
		for _, u := range lastLevel {
			bits[u>>6] |= 1 << (u & 63)
		}
		for _, u := range lastLevel {
			for ai, al := 0, s.outOf(u); ai < len(al); ai += 2 {
				if w := al[ai+1]; bits[(w&endMask)>>6]&(1<<(w&63)) != 0 && s.passAt(f, al[ai], w) {
					edges = append(edges, al[ai])
				}
			}
		}
		for _, u := range lastLevel {
			bits[u>>6] = 0
		}
	}
	sc.levels, sc.rec = [2][]uint32{keep(lists[0]), keep(lists[1])}, keep(rec)
	return reached, edges, truncated, nil
}
