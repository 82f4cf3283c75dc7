package memstore

import (
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

func prefixKeyBytes(id []byte) uint64 { return prefixKey(unsafeString(id)) }

func (s *Store) nodeID(n uint32) string { return s.nodes[n].id() }

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

// sortNodes sorts node indexes by id.
func (s *Store) sortNodes(ns []uint32) {
	if len(ns) < 2 {
		return
	}
	ks := make([]keyed, len(ns))
	for i, n := range ns {
		ks[i] = keyed{s.nodeKey[n], n}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return compareKeyed(a, b, s.nodeID) })
	for i := range ks {
		ns[i] = ks[i].idx
	}
}

// sortEdges sorts edge indexes by id.
func (s *Store) sortEdges(es []uint32) {
	if len(es) < 2 {
		return
	}
	ks := make([]keyed, len(es))
	for i, e := range es {
		ks[i] = keyed{prefixKeyBytes(s.edgeIDBytes(e)), e}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return compareKeyed(a, b, s.edgeIDString) })
	for i := range ks {
		es[i] = ks[i].idx
	}
}

// smallestNodes reorders ns so that its first k elements are the k
// smallest by id, sorted (quickselect, then a sort of the k).
func (s *Store) smallestNodes(ns []uint32, k int) {
	if k >= len(ns) {
		s.sortNodes(ns)
		return
	}
	ks := make([]keyed, len(ns))
	for i, n := range ns {
		ks[i] = keyed{s.nodeKey[n], n}
	}
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
	slices.SortFunc(top, cmp)
	for i := range top {
		ns[i] = top[i].idx
	}
	for i := k; i < len(ks); i++ {
		ns[i] = ks[i].idx
	}
}
