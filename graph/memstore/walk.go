package memstore

import (
	"context"
	"runtime"
	"slices"

	"linkchart/graph"
)

// walkSorted is the walk of Neighborhood when index order is id order
// (index.nodesOrdered), so that each run of a node's pairs lists its
// neighbours in id order. A level then needs only the smallest of its
// candidates: each run is read until its neighbour passes the largest of
// the room+1 smallest candidates found so far (one more than fit tells
// whether the limit cuts), which is a small part of the runs of a hub. The
// edges between two levels are met on the way (from the nearer end); the
// edges within a level are found by merging each member's run at the from
// end with the level's sorted list. Same answers as walkScan.
func (s *Store) walkSorted(ctx context.Context, sc *scratch, f *edgeFilter, kinds uint8, seed uint32, depth, limit int) ([]uint32, []uint32, bool, error) {
	// Sets as bits (a few cache lines, where stamps would be a line per
	// node): kept, and the candidates of the level being found.
	kept, cand := sc.bitsets(len(s.nodes))
	reached := append(sc.reached[:0], seed)
	setBit(kept, seed)
	var levels [graph.MaxDepth + 2]int
	bounds := append(levels[:0], 0, 1) // level d is reached[bounds[d]:bounds[d+1]]
	rec := sc.rec[:0]
	cands := sc.levels[0][:0]
	// drop takes candidates out of the set.
	drop := func(xs []uint32) {
		for _, x := range xs {
			clearBit(cand, x)
		}
	}
	truncated := false
	visits := 0
	for d := 1; d <= depth && !truncated; d++ {
		level := reached[bounds[d-1]:bounds[d]]
		if len(level) == 0 {
			break
		}
		room := limit - len(reached)
		most := room + 1  // candidates worth keeping
		cut := ^uint32(0) // no neighbour above it can be kept
		cands = cands[:0]
	scan:
		for _, u := range level {
			out, in := s.runs(u)
			if visits += len(out) + len(in); visits > 1<<16 {
				visits = 0
				if err := ctx.Err(); err != nil {
					drop(cands)
					for _, n := range reached {
						clearBit(kept, n)
					}
					return nil, nil, false, err
				}
			}
			for _, run := range [2][]uint32{out, in} {
				for i := 0; i < len(run); i += 2 {
					w := run[i+1]
					v := w & endMask
					if v > cut {
						break
					}
					if hasBit(kept, v) || !s.passAt(f, run[i], w) || (kinds != 0 && kinds&(1<<s.nodeKind(v)) == 0) {
						continue
					}
					if !hasBit(cand, v) {
						if room == 0 {
							// Full: one more node only tells that the
							// limit cuts.
							truncated = true
							break scan
						}
						setBit(cand, v)
						cands = append(cands, v)
					}
					rec = append(rec, metEdge{run[i], u, v})
					if len(cands) >= 2*most+64 {
						smallestIndexes(sc, cands, most)
						drop(cands[most:])
						cands = cands[:most]
						cut = slices.Max(cands)
					}
				}
			}
		}
		if len(cands) > room {
			smallestIndexes(sc, cands, room)
			drop(cands[room:])
			cands = cands[:room]
			truncated = true
		}
		sortIndexes(sc, cands)
		for _, v := range cands {
			clearBit(cand, v)
			setBit(kept, v)
		}
		reached = append(reached, cands...)
		bounds = append(bounds, len(reached))
	}
	edges := sc.edges[:0]
	for _, m := range rec {
		if hasBit(kept, m.v) {
			edges = append(edges, m.e)
		}
	}
	for _, n := range reached {
		clearBit(kept, n)
	}
	for d := 0; d+1 < len(bounds); d++ {
		if level := reached[bounds[d]:bounds[d+1]]; len(level) > 0 {
			edges = s.edgesWithin(sc, cand, f, level, edges)
		}
	}
	sc.rec, sc.levels[0] = keep(rec), keep(cands)
	mergeLevels(sc, reached, bounds)
	return reached, edges, truncated, nil
}

// mergeLevels puts reached, a list of levels each sorted (level d is
// reached[bounds[d]:bounds[d+1]]), in order by merging each level into the
// ones before it: linear, where the answer's sort would be a radix sort.
func mergeLevels(sc *scratch, reached []uint32, bounds []int) {
	if cap(sc.radix) < len(reached) {
		sc.radix = make([]uint32, len(reached), len(reached)+len(reached)/4)
	}
	for d := 1; d+1 < len(bounds); d++ {
		done, level := reached[:bounds[d]], reached[bounds[d]:bounds[d+1]]
		if len(level) == 0 || done[len(done)-1] < level[0] {
			continue
		}
		out := sc.radix[:0]
		i, j := 0, 0
		for i < len(done) && j < len(level) {
			if done[i] < level[j] {
				out = append(out, done[i])
				i++
			} else {
				out = append(out, level[j])
				j++
			}
		}
		out = append(append(out, done[i:]...), level[j:]...)
		copy(reached, out)
	}
}

// edgesWithin appends to edges those that pass f between two nodes of
// level (sorted, index order = id order), each taken at its from end: the
// member's run there is read as far as the level's last node and tested
// against the level as bits (in, zero, left zero), or searched for each
// member of the level when the run is far longer. The runs are found and
// first read ahead of the scan (touchRuns).
func (s *Store) edgesWithin(sc *scratch, in []uint64, f *edgeFilter, level []uint32, edges []uint32) []uint32 {
	for _, u := range level {
		setBit(in, u)
	}
	last := level[len(level)-1]
	outs := s.touchRuns(sc, level)
	for _, out := range outs {
		if len(out)/2 > 16*len(level) {
			for _, x := range level {
				for i := pairAt(out, x, 0); i < len(out) && out[i+1]&endMask == x; i += 2 {
					if s.passAt(f, out[i], out[i+1]) {
						edges = append(edges, out[i])
					}
				}
			}
			continue
		}
		for i := 0; i < len(out); i += 2 {
			v := out[i+1] & endMask
			if v > last {
				break
			}
			if hasBit(in, v) && s.passAt(f, out[i], out[i+1]) {
				edges = append(edges, out[i])
			}
		}
	}
	clear(outs) // they view the adjacency, which a write may replace
	for _, u := range level {
		clearBit(in, u)
	}
	return edges
}

// touchRuns is the runs of nodes at their edges' from end (outOf), found
// and first read in passes without dependencies between iterations, so
// that the processor has many cache misses in flight at once rather than
// two per node one after the other (a level of 500 nodes: 0.8 of the time
// of edgesWithin). The list is sc.runs; clear it after use.
func (s *Store) touchRuns(sc *scratch, nodes []uint32) [][]uint32 {
	outs := sc.runs[:0]
	for _, u := range nodes {
		outs = append(outs, s.outOf(u))
	}
	var x uint32
	for _, out := range outs {
		if len(out) > 0 {
			x ^= out[1]
		}
	}
	runtime.KeepAlive(x)
	sc.runs = outs
	return outs
}
