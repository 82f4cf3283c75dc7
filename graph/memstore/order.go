package memstore

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
)

// Answers and tie-breaks are ordered by id. Comparing id strings through
// the node records or the edge arena is slow for thousands of elements, so
// sorts first compare the ids' first eight bytes as one big-endian integer
// (ids are slugs: no zero bytes, so zero padding keeps the order) and fall
// back to the strings only on a tie.

type keyed struct {
	key uint64
	idx uint32
}

func prefixKey(id string) uint64 {
	var k uint64
	for i := range 8 {
		k <<= 8
		if i < len(id) {
			k |= uint64(id[i])
		}
	}
	return k
}

func prefixKeyBytes(id []byte) uint64 { return prefixKey(tempString(id)) }

func (s *Store) nodeID(n uint32) string { return s.nodes[n].id() }

// compareNodes orders node indexes by id.
func (s *Store) compareNodes(a, b uint32) int {
	if s.nodesOrdered || a == b {
		return cmp.Compare(a, b)
	}
	return strings.Compare(s.nodeID(a), s.nodeID(b))
}

// compareEdges orders edge indexes by id.
func (s *Store) compareEdges(a, b uint32) int {
	if s.edgesOrdered || a == b {
		return cmp.Compare(a, b)
	}
	return s.compareEdgeIDs(a, b)
}

// compareKeyed orders by key, then by the full id (id gives it).
func compareKeyed(a, b keyed, id func(uint32) string) int {
	switch {
	case a.key < b.key:
		return -1
	case a.key > b.key:
		return 1
	case a.idx == b.idx:
		return 0
	}
	return strings.Compare(id(a.idx), id(b.idx))
}

// sortKeyed sorts ks by key (quicksort with the keys compared inline,
// falling back to the library sort when it degenerates), then puts each run
// of equal keys in id order.
func sortKeyed(ks []keyed, id func(uint32) string) {
	sortKeyedBy(ks, func(a, b uint32) int { return strings.Compare(id(a), id(b)) })
}

// sortKeyedBy is sortKeyed with ids compared by compare.
func sortKeyedBy(ks []keyed, compare func(a, b uint32) int) {
	quickKeyed(ks, 2*bits.Len(uint(len(ks))))
	for i := 0; i < len(ks); {
		j := i + 1
		for j < len(ks) && ks[j].key == ks[i].key {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(ks[i:j], func(a, b keyed) int { return compare(a.idx, b.idx) })
		}
		i = j
	}
}

func quickKeyed(ks []keyed, depth int) {
	for len(ks) > 16 {
		if depth == 0 {
			slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
			return
		}
		depth--
		// Tukey's ninther (median of three medians of three, spread over
		// the slice) to ks[0], then a Hoare partition around it.
		n := len(ks)
		s := n / 8
		m := median3(ks, median3(ks, 0, s, 2*s), median3(ks, n/2-s, n/2, n/2+s), median3(ks, n-1-2*s, n-1-s, n-1))
		ks[0], ks[m] = ks[m], ks[0]
		p := ks[0].key
		i, j := 0, len(ks)
		for {
			for i++; i < len(ks) && ks[i].key < p; i++ {
			}
			for j--; ks[j].key > p; j-- {
			}
			if i >= j {
				break
			}
			ks[i], ks[j] = ks[j], ks[i]
		}
		ks[0], ks[j] = ks[j], ks[0]
		// Recurse into the smaller side, loop on the larger.
		if j < len(ks)-j {
			quickKeyed(ks[:j], depth)
			ks = ks[j+1:]
		} else {
			quickKeyed(ks[j+1:], depth)
			ks = ks[:j]
		}
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j].key < ks[j-1].key; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
}

// median3 is the index of the median key of ks[a], ks[b], ks[c].
func median3(ks []keyed, a, b, c int) int {
	if ks[b].key < ks[a].key {
		a, b = b, a
	}
	if ks[c].key < ks[b].key {
		b = c
		if ks[b].key < ks[a].key {
			b = a
		}
	}
	return b
}

// sortNodes sorts node indexes by id.
func (s *Store) sortNodes(sc *scratch, ns []uint32) {
	if len(ns) < 2 {
		return
	}
	if s.nodesOrdered {
		sortIndexes(sc, ns)
		return
	}
	ks := sc.keyBuf(len(ns))
	for i, n := range ns {
		ks[i] = keyed{prefixKey(s.nodeID(n)), n}
	}
	sortKeyed(ks, s.nodeID)
	for i := range ks {
		ns[i] = ks[i].idx
	}
}

// sortEdges sorts edge indexes by id.
func (s *Store) sortEdges(sc *scratch, es []uint32) {
	if len(es) < 2 {
		return
	}
	if s.edgesOrdered {
		sortIndexes(sc, es)
		return
	}
	ks := sc.keyBuf(len(es))
	for i, e := range es {
		var buf [8]byte
		ks[i] = keyed{prefixKeyBytes(s.edgeID(e).prefix(buf[:0])), e}
	}
	sortKeyedBy(ks, s.compareEdgeIDs)
	for i := range ks {
		es[i] = ks[i].idx
	}
}

func (s *Store) sourceID(i uint32) string { return s.sources[i].ID }

// sortSources sorts source indexes by id.
func (s *Store) sortSources(sc *scratch, ss []uint32) {
	if len(ss) < 2 {
		return
	}
	if s.sourcesOrdered {
		sortIndexes(sc, ss)
		return
	}
	ks := sc.keyBuf(len(ss))
	for i, x := range ss {
		ks[i] = keyed{s.sourceKey[x], x}
	}
	sortKeyed(ks, s.sourceID)
	for i := range ks {
		ss[i] = ks[i].idx
	}
}

// smallestNodes reorders ns so that its first k elements are the k
// smallest by id, sorted (quickselect, then a sort of the k).
func (s *Store) smallestNodes(sc *scratch, ns []uint32, k int) {
	if k >= len(ns) {
		s.sortNodes(sc, ns)
		return
	}
	ks := sc.keyBuf(len(ns))
	for i, n := range ns {
		if s.nodesOrdered {
			ks[i] = keyed{uint64(n), n} // distinct keys: the selection is exact
		} else {
			ks[i] = keyed{prefixKey(s.nodeID(n)), n}
		}
	}
	if selectKeyed(ks, k) {
		top := ks[:k]
		sortKeyed(top, s.nodeID)
		for i := range ks {
			ns[i] = ks[i].idx
		}
		return
	}
	// Some id outside the first k shares its key with one inside: select
	// again comparing whole ids where keys tie.
	cmp := func(a, b keyed) int { return compareKeyed(a, b, s.nodeID) }

	lo, hi := 0, len(ks)-1
	for lo < hi {
		// Median of three as the pivot, Hoare-style partition.
		mid := lo + (hi-lo)/2
		if cmp(ks[mid], ks[lo]) < 0 {
			ks[mid], ks[lo] = ks[lo], ks[mid]
		}
		if cmp(ks[hi], ks[lo]) < 0 {
			ks[hi], ks[lo] = ks[lo], ks[hi]
		}
		if cmp(ks[hi], ks[mid]) < 0 {
			ks[hi], ks[mid] = ks[mid], ks[hi]
		}
		pivot := ks[mid]
		i, j := lo, hi
		for i <= j {
			for cmp(ks[i], pivot) < 0 {
				i++
			}
			for cmp(ks[j], pivot) > 0 {
				j--
			}
			if i <= j {
				ks[i], ks[j] = ks[j], ks[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			lo = hi
		}
	}
	top := ks[:k]
	sortKeyed(top, s.nodeID)
	for i := range top {
		ns[i] = top[i].idx
	}
	for i := k; i < len(ks); i++ {
		ns[i] = ks[i].idx
	}
}

// selectKeyed reorders ks so that ks[:k] holds k elements of the smallest
// keys (quickselect on the keys alone, 0 < k < len(ks)). It reports whether
// that choice is exact: false when an element left out has the same key as
// one kept (then the ids must decide).
func selectKeyed(ks []keyed, k int) bool {
	lo, hi := 0, len(ks)-1
	for hi-lo > 16 {
		m := lo + (hi-lo)/2
		if ks[m].key < ks[lo].key {
			ks[m], ks[lo] = ks[lo], ks[m]
		}
		if ks[hi].key < ks[lo].key {
			ks[hi], ks[lo] = ks[lo], ks[hi]
		}
		if ks[hi].key < ks[m].key {
			ks[hi], ks[m] = ks[m], ks[hi]
		}
		p := ks[m].key
		i, j := lo, hi
		for i <= j {
			for ks[i].key < p {
				i++
			}
			for ks[j].key > p {
				j--
			}
			if i <= j {
				ks[i], ks[j] = ks[j], ks[i]
				i++
				j--
			}
		}
		// Now ks[lo..j] <= p, ks[j+1..i-1] == p, ks[i..hi] >= p.
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			lo, hi = k-1, k-1
		}
	}
	// Insertion sort of the small range left finishes the selection.
	for a := lo + 1; a <= hi; a++ {
		for b := a; b > lo && ks[b].key < ks[b-1].key; b-- {
			ks[b], ks[b-1] = ks[b-1], ks[b]
		}
	}
	var kmax uint64
	for _, x := range ks[:k] {
		kmax = max(kmax, x.key)
	}
	for _, x := range ks[k:] {
		if x.key <= kmax {
			return false
		}
	}
	return true
}

// inOrder reports whether a record just put at index idx with id keeps
// index order equal to id order: the nearest live records on either side
// (alive tells; n records in all) have smaller and larger ids. It gives
// up (false) past 64 dead slots on a side.
func inOrder(idx uint32, n int, id string, alive func(uint32) bool, idOf func(uint32) string) bool {
	for i, dead := int(idx)-1, 0; i >= 0; i-- {
		if alive(uint32(i)) {
			if idOf(uint32(i)) >= id {
				return false
			}
			break
		}
		if dead++; dead > 64 {
			return false
		}
	}
	for i, dead := int(idx)+1, 0; i < n; i++ {
		if alive(uint32(i)) {
			if idOf(uint32(i)) <= id {
				return false
			}
			break
		}
		if dead++; dead > 64 {
			return false
		}
	}
	return true
}

// smallestIndexes reorders xs so that its first k elements are its k
// smallest (0 ≤ k ≤ len(xs)).
func smallestIndexes(sc *scratch, xs []uint32, k int) {
	if k == 0 || k >= len(xs) {
		return
	}
	ks := sc.keyBuf(len(xs))
	for i, x := range xs {
		ks[i] = keyed{uint64(x), x}
	}
	selectKeyed(ks, k)
	for i := range ks {
		xs[i] = ks[i].idx
	}
}

// sortIndexes sorts xs: a least-significant-digit radix sort by bytes
// (skipping the bytes every element shares) for the lists of an answer,
// a few times faster there than a comparison sort. One pass counts every
// byte; each byte that differs then takes one pass that moves the elements.
func sortIndexes(sc *scratch, xs []uint32) {
	if len(xs) < 128 {
		slices.Sort(xs)
		return
	}
	if slices.IsSorted(xs) {
		return // a walk's nodes (mergeLevels)
	}
	var or, and uint32 = 0, ^uint32(0)
	var count [4][256]uint32
	for _, x := range xs {
		or |= x
		and &= x
		count[0][x&0xff]++
		count[1][x>>8&0xff]++
		count[2][x>>16&0xff]++
		count[3][x>>24]++
	}
	if cap(sc.radix) < len(xs) {
		sc.radix = make([]uint32, len(xs), len(xs)+len(xs)/4)
	}
	src, dst := xs, sc.radix[:len(xs)]
	for d := range 4 {
		shift := uint(8 * d)
		if (or^and)>>shift&0xff == 0 {
			continue // every element has this byte
		}
		c := &count[d]
		var sum uint32
		for i, n := range c {
			c[i] = sum
			sum += n
		}
		for _, x := range src {
			b := x >> shift & 0xff
			dst[c[b]] = x
			c[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &xs[0] {
		copy(xs, src)
	}
}
