package memstore

import (
	"hash/maphash"
	"math/bits"
	"slices"

	"linkchart/graph"
)

// idTable maps ids to node or edge indexes without storing the ids twice:
// a slot holds index+1 in its low 27 bits and 5 bits of the id's hash above
// them, and the id of a slot is read back through idOf (from the node
// records or the edge arena) only when those bits match, so a probe rarely
// touches the record. Open addressing, linear probing, tombstones on
// delete. Sized at 1.25-1.5 slots per entry (not a power of two: the slot
// is the high word of hash × size), it costs about 5.5 bytes per entry
// against some 50 for a map[string]uint32. (A table grown by a run of
// batches, by half at least each time, may hold up to 2.25 slots per
// entry until the next Open sizes it exactly.)
//
// idOf's string may view a buffer that its next call overwrites (edgeKeys,
// writeKey): the table compares or hashes it before it calls idOf again,
// and the id given to find or remove is never one of idOf's results
// (insert hashes its id first, for build and rehash that pass one).
type idTable struct {
	slots []uint32
	used  int // live entries
	tombs int
	seed  maphash.Seed
}

const (
	tomb     = ^uint32(0)
	idxBits  = 27
	idxMask  = 1<<idxBits - 1
	maxIndex = idxMask - 2 // the largest index a table holds (so no slot is all ones, the tombstone)
)

func newIDTable(capacity int) idTable {
	return idTable{slots: make([]uint32, tableSize(capacity)), seed: maphash.MakeSeed()}
}

func tableSize(entries int) int { return max(16, entries*3/2) }

// hash gives id's first slot and its tag (the bits kept in the slot).
func (t *idTable) hash(id string) (int, uint32) { return t.slot(maphash.String(t.seed, id)) }

// slot is hash for an id's hash h.
func (t *idTable) slot(h uint64) (int, uint32) {
	hi, _ := bits.Mul64(h, uint64(len(t.slots)))
	return int(hi), uint32(h&31) << idxBits
}

// reserve makes room for n more entries without regrowing on the way.
// When it must grow, it grows by n or by half the entries, whichever is
// more, so that a run of batches rehashes each entry O(1) times rather
// than once per batch (a table filled in one batch, on Open, is sized
// exactly).
func (t *idTable) reserve(n int, idOf func(uint32) string) {
	if !t.active() {
		return
	}
	if (t.used+t.tombs+n)*5 > len(t.slots)*4 {
		t.rehash(tableSize(t.used+max(n, t.used/2)), idOf)
	}
}

// find returns the index stored for id.
func (t *idTable) find(id string, idOf func(uint32) string) (uint32, bool) {
	i, tag := t.hash(id)
	for ; ; i = t.next(i) {
		v := t.slots[i]
		switch {
		case v == 0:
			return 0, false
		case v == tomb || v&^idxMask != tag:
			continue
		case idOf(v&idxMask-1) == id:
			return v&idxMask - 1, true
		}
	}
}

// active reports whether the table is built (see index.edgeByID): insert,
// remove and reserve do nothing on a table that is not.
func (t *idTable) active() bool { return t.slots != nil }

// build fills an inactive table with the indexes below n that are alive.
func (t *idTable) build(n int, alive func(uint32) bool, idOf func(uint32) string) {
	live := 0
	for i := range uint32(n) {
		if alive(i) {
			live++
		}
	}
	t.slots = make([]uint32, tableSize(live))
	for i := range uint32(n) {
		if alive(i) {
			t.insert(idOf(i), i, idOf)
		}
	}
}

// insert adds id → idx; id must not be in the table, idx ≤ maxIndex.
func (t *idTable) insert(id string, idx uint32, idOf func(uint32) string) {
	if !t.active() {
		return
	}
	h := maphash.String(t.seed, id) // before a rehash reuses idOf's buffer
	if (t.used+t.tombs+1)*5 > len(t.slots)*4 {
		t.rehash(tableSize(t.used+1), idOf)
	}
	i, tag := t.slot(h)
	for ; ; i = t.next(i) {
		switch t.slots[i] {
		case 0:
			t.slots[i] = tag | (idx + 1)
			t.used++
			return
		case tomb:
			t.slots[i] = tag | (idx + 1)
			t.used++
			t.tombs--
			return
		}
	}
}

// remove deletes id from the table.
func (t *idTable) remove(id string, idOf func(uint32) string) {
	if !t.active() {
		return
	}
	i, tag := t.hash(id)
	for ; ; i = t.next(i) {
		v := t.slots[i]
		switch {
		case v == 0:
			return
		case v == tomb || v&^idxMask != tag:
			continue
		case idOf(v&idxMask-1) == id:
			t.slots[i] = tomb
			t.used--
			t.tombs++
			return
		}
	}
}

func (t *idTable) next(i int) int {
	if i++; i == len(t.slots) {
		return 0
	}
	return i
}

// rehash moves the entries into a table of size slots, in index order:
// the records that idOf reads (node records, the edge arena) are then read
// front to back rather than in hash order, a cache miss or two less per
// entry when a bulk write grows a table of a million.
func (t *idTable) rehash(size int, idOf func(uint32) string) {
	old := t.slots
	t.slots = make([]uint32, size)
	t.used, t.tombs = 0, 0
	var top uint32
	for _, v := range old {
		if v != 0 && v != tomb {
			top = max(top, v&idxMask)
		}
	}
	live := make([]uint64, (top+63)/64)
	for _, v := range old {
		if v != 0 && v != tomb {
			i := v&idxMask - 1
			live[i/64] |= 1 << (i % 64)
		}
	}
	for w, word := range live {
		for ; word != 0; word &= word - 1 {
			i := uint32(w*64 + bits.TrailingZeros64(word))
			t.insert(idOf(i), i, idOf)
		}
	}
}

// sparseKeys is the prefixKey of every sparseStride-th id of indexes in id
// order (those of index.nodes while nodeByID is not built): a binary search
// over it, cache-resident, narrows a search to sparseStride indexes, so
// that it reads a few records rather than twenty.
type sparseKeys []uint64

const sparseStride = 16

// add records id at idx, an index appended in id order.
func (k *sparseKeys) add(idx uint32, id string) {
	if idx%sparseStride == 0 && int(idx/sparseStride) == len(*k) {
		*k = append(*k, prefixKey(id))
	}
}

// build records the ids of the n indexes.
func (k *sparseKeys) build(n int, idOf func(uint32) string) {
	*k = make(sparseKeys, 0, (n+sparseStride-1)/sparseStride)
	for i := 0; i < n; i += sparseStride {
		*k = append(*k, prefixKey(idOf(uint32(i))))
	}
}

// search finds id among the n indexes, every one live and in id order.
func (k sparseKeys) search(n int, id string, idOf func(uint32) string) (uint32, bool) {
	lo, hi := 0, n
	if len(k) == (n+sparseStride-1)/sparseStride {
		key := prefixKey(id)
		// Below the first key ≥ key the ids are smaller; from the first
		// key > key on they are greater.
		first, _ := slices.BinarySearch(k, key)
		last := first
		for last < len(k) && k[last] == key { // ties: ids sharing 8 bytes
			last++
		}
		if first > 0 {
			lo = (first-1)*sparseStride + 1
		}
		hi = min(n, last*sparseStride)
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch x := idOf(uint32(m)); {
		case x == id:
			return uint32(m), true
		case x < id:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// lookupNode returns the index of a live node.
func (s *Store) lookupNode(id string) (uint32, bool) {
	if s.nodeByID.active() {
		return s.nodeByID.find(id, s.nodeID)
	}
	return s.nodeKeys.search(len(s.nodes), id, s.nodeID)
}

// buildNodeTable builds nodeByID (see index.nodeByID).
func (s *Store) buildNodeTable() {
	if !s.nodeByID.active() {
		s.nodeByID.build(len(s.nodes), func(n uint32) bool { return s.nmeta[n]&nodeAlive != 0 }, s.nodeID)
		s.nodeKeys = nil
	}
}

// lookupEdge returns the index of a live edge.
func (s *Store) lookupEdge(id string) (uint32, bool) { return s.findEdge(id, s.edgeKeys()) }

// findEdge returns the index of a live edge, reading ids with key.
func (s *Store) findEdge(id string, key func(uint32) string) (uint32, bool) {
	if s.edgeByID.active() {
		return s.edgeByID.find(id, key)
	}
	return sparseKeys(nil).search(len(s.edges), id, key)
}

// appendsInOrder reports whether edges, appended, keep index order id
// order: their ids ascend, from above the last edge's.
func (s *Store) appendsInOrder(edges []graph.Edge) bool {
	last := ""
	if n := len(s.edges); n > 0 {
		last = s.edgeIDString(uint32(n - 1))
	}
	for i := range edges {
		if edges[i].ID <= last {
			return false
		}
		last = edges[i].ID
	}
	return true
}

// buildEdgeTable builds edgeByID (see index.nodeByID).
func (s *Store) buildEdgeTable() {
	if s.edgeByID.active() {
		return
	}
	s.edgeByID.build(len(s.edges), func(e uint32) bool { return s.edges[e].meta&edgeAlive != 0 }, s.writeKey)
}
