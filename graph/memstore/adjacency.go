package memstore

import (
	"cmp"
	"slices"
)

// adjOf is node n's pairs (see index.adjData); read only.
func (s *Store) adjOf(n uint32) []uint32 {
	if i := 2 * int(n); i+2 < len(s.adjIdx) && s.adjIdx[i+1]&movedFlag == 0 {
		return s.adjData[s.adjIdx[i]:s.adjIdx[i+2]:s.adjIdx[i+2]]
	}
	if l := s.moved[n]; l != nil {
		return l[1:]
	}
	return nil
}

// outOf is the pairs of n at their edges' from end.
func (s *Store) outOf(n uint32) []uint32 {
	if i := 2 * int(n); i+2 < len(s.adjIdx) && s.adjIdx[i+1]&movedFlag == 0 {
		return s.adjData[s.adjIdx[i]:s.adjIdx[i+1]:s.adjIdx[i+1]]
	}
	out, _ := s.runs(n)
	return out
}

// runs is n's pairs at their edges' from end, and the others.
func (s *Store) runs(n uint32) (out, in []uint32) {
	if i := 2 * int(n); i+2 < len(s.adjIdx) && s.adjIdx[i+1]&movedFlag == 0 {
		a, m, z := s.adjIdx[i], s.adjIdx[i+1], s.adjIdx[i+2]
		return s.adjData[a:m:m], s.adjData[m:z:z]
	}
	l := s.moved[n]
	if l == nil {
		return nil, nil
	}
	k := 1 + 2*l[0]
	return l[1:k:k], l[k:]
}

// movedFlag marks, in adjIdx, a node whose pairs are in moved.
const movedFlag = 1 << 31

// markMoved records that n's pairs are in moved.
func (s *Store) markMoved(n uint32) {
	if i := 2 * int(n); i+2 < len(s.adjIdx) {
		s.adjIdx[i+1] |= movedFlag
	}
}

// remark rewrites the marking kept in e's adjacency entries (in place: the
// words are the index's own).
func (s *Store) remark(e uint32, mark uint8) {
	for _, n := range [2]uint32{s.edges[e].from, s.edges[e].to} {
		a := s.adjOf(n)
		for i := 0; i < len(a); i += 2 {
			if a[i] == e {
				a[i+1] = a[i+1]&^(3<<endShift) | uint32(mark)<<endShift
			}
		}
	}
}

// own gives node n's list in moved (see index.moved: the count of pairs
// at their edges' from end, then the pairs), copied out of the packed
// array on the first change, with room for extra more words.
func (s *Store) own(n uint32, extra int) []uint32 {
	if i := 2 * int(n); i+2 >= len(s.adjIdx) || s.adjIdx[i+1]&movedFlag != 0 {
		if l := s.moved[n]; l != nil {
			return l
		}
		l := make([]uint32, 1, 1+extra)
		s.moved[n] = l
		return l
	}
	out, in := s.runs(n)
	c := make([]uint32, 1, 1+len(out)+len(in)+max(extra, (len(out)+len(in))/8))
	c[0] = uint32(len(out) / 2)
	c = append(append(c, out...), in...)
	s.markMoved(n)
	s.moved[n] = c
	s.movedWords += len(c)
	return c
}

// pairAt is where pair (e, other end v) belongs in run, a run sorted by
// (other end, edge).
func pairAt(run []uint32, v, e uint32) int {
	lo, hi := 0, len(run)/2
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if w := run[2*m+1] & endMask; w < v || (w == v && run[2*m] < e) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return 2 * lo
}

// insertPair puts (e, w) at word i of a.
func insertPair(a []uint32, i int, e, w uint32) []uint32 {
	a = append(a, 0, 0)
	copy(a[i+2:], a[i:])
	a[i], a[i+1] = e, w
	return a
}

// link adds edge e's pairs at both its ends, in sorted place.
func (s *Store) link(e uint32) {
	f, t := s.edges[e].from, s.edges[e].to
	m := uint32(s.edges[e].meta&3) << endShift
	a := s.own(f, 2)
	k := 1 + 2*int(a[0])
	a = insertPair(a, 1+pairAt(a[1:k], t, e), e, t|m|outBit)
	a[0]++
	s.moved[f] = a
	s.movedWords += 2
	if t != f {
		a = s.own(t, 2)
		k = 1 + 2*int(a[0])
		a = insertPair(a, k+pairAt(a[k:], f, e), e, f|m)
		s.moved[t] = a
		s.movedWords += 2
	}
}

// unlink removes edge e's pairs, keeping the runs in order.
func (s *Store) unlink(e uint32) {
	drop := func(n uint32) {
		a := s.own(n, 0)
		for i := 1; i < len(a); i += 2 {
			if a[i] != e {
				continue
			}
			if a[i+1]&outBit != 0 {
				a[0]--
			}
			s.moved[n] = append(a[:i], a[i+2:]...)
			s.movedWords -= 2
			return
		}
	}
	drop(s.edges[e].from)
	if s.edges[e].to != s.edges[e].from {
		drop(s.edges[e].to)
	}
}

// bulkEdges is the least batch whose adjacency is rebuilt whole rather than
// edge by edge (and then only when the batch is 1/16 of the store or more).
const bulkEdges = 4096

// maybeBuildAdjacency packs the adjacency again once the lists moved out
// of the packed array hold a quarter as many words as it (and 64k or more),
// so the moves cost O(1) each, amortized.
func (s *Store) maybeBuildAdjacency() {
	if s.movedWords >= 1<<16 && s.movedWords >= len(s.adjData)/4 {
		s.buildAdjacency()
	}
}

// buildAdjacency builds the packed adjacency of every live edge, each run
// sorted (packRuns).
func (s *Store) buildAdjacency() {
	n := len(s.nodes)
	off, nout, data := s.packRuns(0)
	idx := make([]uint32, 2*n+1)
	for i := range n {
		idx[2*i], idx[2*i+1] = off[i], off[i]+2*nout[i]
	}
	idx[2*n] = off[n]
	s.setAdjacency(idx, data)
}

func (s *Store) setAdjacency(idx, data []uint32) {
	s.adjIdx, s.adjData = idx, data
	clear(s.moved)
	s.movedWords = 0
}

// mergeAdjacency adds the edges from index lo on, new and not yet linked,
// to the adjacency: their pairs are packed apart (packRuns), then each
// node's runs are merged with its present ones (packed or moved) in one
// sequential pass, rather than rebuilt from every edge.
func (s *Store) mergeAdjacency(lo int) {
	n := len(s.nodes)
	off, nout, add := s.packRuns(lo)
	total := len(add)
	for v := range uint32(n) {
		out, in := s.runs(v)
		total += len(out) + len(in)
	}
	data := make([]uint32, 0, total)
	idx := make([]uint32, 2*n+1)
	for v := range uint32(n) {
		out, in := s.runs(v)
		m := off[v] + 2*nout[v]
		idx[2*v] = uint32(len(data))
		data = mergePairs(data, out, add[off[v]:m])
		idx[2*v+1] = uint32(len(data))
		data = mergePairs(data, in, add[m:off[v+1]])
	}
	idx[2*n] = uint32(len(data))
	s.setAdjacency(idx, data)
}

// mergePairs appends the pairs of runs a and b, each sorted by (other
// end, edge), to dst in that order. b is the short one (a batch's new
// pairs at a node): each of its pairs is placed by binary search and the
// pairs of a before it copied in one go.
func mergePairs(dst, a, b []uint32) []uint32 {
	for i := 0; i < len(b); i += 2 {
		k := pairAt(a, b[i+1]&endMask, b[i])
		dst = append(append(dst, a[:k]...), b[i], b[i+1])
		a = a[k:]
	}
	return append(dst, a...)
}

// packRuns packs the pairs of the live edges from index lo on, node by
// node, each run sorted, in three linear passes and no sort: the pairs at
// the edges' to ends are written first in edge order (and self loops set
// aside); reading those node by node writes each from end's run in order
// of the other end; reading those node by node writes the to ends' runs
// in order. Node v's pairs are data[off[v]:off[v+1]], the nout[v] pairs at
// their edges' from end first.
func (s *Store) packRuns(lo int) (off, nout, data []uint32) {
	n := len(s.nodes)
	off = make([]uint32, n+1)
	nout = make([]uint32, n) // pairs at the edges' from end, per node
	var loops []uint32
	edges := s.edges[lo:]
	for i := range edges {
		r := &edges[i]
		if r.meta&edgeAlive == 0 {
			continue
		}
		nout[r.from]++
		off[r.from+1] += 2
		if r.to != r.from {
			off[r.to+1] += 2
		} else {
			loops = append(loops, uint32(lo+i))
		}
	}
	for i := range n {
		off[i+1] += off[i]
	}
	data = make([]uint32, off[n])
	pos := make([]uint32, n) // where each node's next in-part pair goes
	for i := range n {
		pos[i] = off[i] + 2*nout[i]
	}
	for i := range edges {
		r := &edges[i]
		if r.meta&edgeAlive != 0 && r.to != r.from {
			m := uint32(r.meta&3) << endShift
			data[pos[r.to]], data[pos[r.to]+1] = uint32(lo+i), r.from|m
			pos[r.to] += 2
		}
	}
	// Each from end's run, in order of the other end: node t's incoming
	// pairs, and its self loops, are the runs' pairs whose other end is t.
	slices.SortFunc(loops, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(s.edges[a].from, s.edges[b].from), cmp.Compare(a, b))
	})
	copy(pos, off[:n])
	for t := range uint32(n) {
		for ; len(loops) > 0 && s.edges[loops[0]].from == t; loops = loops[1:] {
			e := loops[0]
			data[pos[t]], data[pos[t]+1] = e, t|uint32(s.edges[e].meta&3)<<endShift|outBit
			pos[t] += 2
		}
		in := data[off[t]+2*nout[t] : off[t+1]]
		for i := 0; i < len(in); i += 2 {
			f, w := in[i+1]&endMask, in[i+1]&^endMask
			data[pos[f]], data[pos[f]+1] = in[i], t|w|outBit
			pos[f] += 2
		}
	}
	// The to ends' runs again, now in order of the from end.
	for i := range n {
		pos[i] = off[i] + 2*nout[i]
	}
	for f := range uint32(n) {
		out := data[off[f] : off[f]+2*nout[f]]
		for i := 0; i < len(out); i += 2 {
			if t := out[i+1] & endMask; t != f {
				data[pos[t]], data[pos[t]+1] = out[i], f|out[i+1]&^(endMask|outBit)
				pos[t] += 2
			}
		}
	}
	return off, nout, data
}
