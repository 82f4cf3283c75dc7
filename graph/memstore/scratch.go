package memstore

// scratch is per-query working memory sized to the node count, reused
// through a sync.Pool so that a traversal allocates nothing per node. Sets
// are generation stamps: bumping gen empties them in O(1).
type scratch struct {
	stamp [3][]uint32
	gen   uint32
	val   []uint32 // per node, valid while stamp[0] is current
	val2  []uint32
	srcs  []uint32 // stamps per source index

	bits  []uint64 // a set of nodes as bits, all zero between uses
	bits2 []uint64 // another

	// Lists of a neighborhood walk, kept for the next query.
	reached []uint32
	levels  [2][]uint32
	rec     []metEdge
	edges   []uint32
	runs    [][]uint32 // adjacency runs being scanned (touchRuns)

	keys  []keyed           // sort keys (order.go)
	radix []uint32          // the other buffer of sortIndexes
	cited []uint32          // sources cited by an answer
	ranks []uint32          // a search's posting list being read
	sole  [maxSole][]uint32 // per rank, the unit key a word reached it by (see scan)
}

func (s *Store) getScratch() *scratch {
	sc, _ := s.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	n := len(s.nodes)
	if len(sc.val) < n {
		n += n/4 + 64
		sc.stamp[0] = make([]uint32, n)
		sc.stamp[1] = make([]uint32, n)
		sc.stamp[2] = make([]uint32, n)
		sc.val = make([]uint32, n)
		sc.val2 = make([]uint32, n)
		sc.gen = 0
	}
	if len(sc.srcs) < len(s.sources) {
		sc.srcs = make([]uint32, len(s.sources)+64)
		sc.gen = 0
	}
	sc.newSet()
	return sc
}

func (s *Store) putScratch(sc *scratch) { s.scratch.Put(sc) }

// seen marks n in set 0 and reports whether it was already there.
func (sc *scratch) seen(n uint32) bool {
	if sc.stamp[0][n] == sc.gen {
		return true
	}
	sc.stamp[0][n] = sc.gen
	return false
}

func (sc *scratch) in(set int, n uint32) bool { return sc.stamp[set][n] == sc.gen }
func (sc *scratch) put(set int, n uint32)     { sc.stamp[set][n] = sc.gen }

// newSet empties both sets (a new generation) without a new pool round trip.
func (sc *scratch) newSet() {
	sc.gen++
	if sc.gen == 0 {
		clear(sc.stamp[0])
		clear(sc.stamp[1])
		clear(sc.stamp[2])
		clear(sc.srcs)
		sc.gen = 1
	}
}

// soleBuf is sole list k, of at least n ranks (made when first needed:
// not every search needs it).
func (sc *scratch) soleBuf(k, n int) []uint32 {
	if len(sc.sole[k]) < n {
		sc.sole[k] = make([]uint32, n+n/4)
	}
	return sc.sole[k]
}

// keyBuf is a sort-key buffer of length n, reused across queries.
func (sc *scratch) keyBuf(n int) []keyed {
	if cap(sc.keys) < n {
		sc.keys = make([]keyed, n, n+n/4)
	}
	return sc.keys[:n]
}

// bitset is a zeroed set of n nodes as bits; the caller clears what it sets.
func (sc *scratch) bitset(n int) []uint64 {
	if w := (n + 63) >> 6; len(sc.bits) < w {
		sc.bits = make([]uint64, w+w/4)
	}
	return sc.bits
}

// bitsets is bitset and a second one.
func (sc *scratch) bitsets(n int) ([]uint64, []uint64) {
	if w := (n + 63) >> 6; len(sc.bits2) < w {
		sc.bits2 = make([]uint64, w+w/4)
	}
	return sc.bitset(n), sc.bits2
}

func hasBit(bits []uint64, n uint32) bool { return bits[n>>6]&(1<<(n&63)) != 0 }
func setBit(bits []uint64, n uint32)      { bits[n>>6] |= 1 << (n & 63) }
func clearBit(bits []uint64, n uint32)    { bits[n>>6] &^= 1 << (n & 63) }

// keep empties a list for the next query, or drops it when it grew past
// 64k elements (one huge answer should not pin its memory in the pool).
func keep[T any](l []T) []T {
	if cap(l) > 1<<16 {
		return nil
	}
	return l[:0]
}
