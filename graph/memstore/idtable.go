package memstore

import (
	"hash/maphash"
	"math/bits"
)

// idTable maps edge ids to edge indexes without storing the ids twice: the
// slots hold index+1 and the id of a slot is read back through idOf (from
// the edge arena). Open addressing, linear probing, tombstones on delete.
// Sized at 1.25-1.5 slots per entry (not a power of two: the slot is the
// high word of hash × size), it costs about 5.5 bytes per edge against some
// 50 for a map[string]uint32.
type idTable struct {
	slots []uint32
	used  int // live entries
	tombs int
	seed  maphash.Seed
}

const tomb = ^uint32(0)

func newIDTable(capacity int) idTable {
	return idTable{slots: make([]uint32, tableSize(capacity)), seed: maphash.MakeSeed()}
}

func tableSize(entries int) int { return max(16, entries*3/2) }

func (t *idTable) hash(id string) int {
	hi, _ := bits.Mul64(maphash.String(t.seed, id), uint64(len(t.slots)))
	return int(hi)
}

// reserve makes room for n more entries without regrowing on the way.
func (t *idTable) reserve(n int, idOf func(uint32) string) {
	if (t.used+t.tombs+n)*5 > len(t.slots)*4 {
		t.rehash(tableSize(t.used+n), idOf)
	}
}

// find returns the index stored for id.
func (t *idTable) find(id string, idOf func(uint32) string) (uint32, bool) {
	for i := t.hash(id); ; i = t.next(i) {
		v := t.slots[i]
		switch {
		case v == 0:
			return 0, false
		case v == tomb:
			continue
		case idOf(v-1) == id:
			return v - 1, true
		}
	}
}

// insert adds id → idx; id must not be in the table.
func (t *idTable) insert(id string, idx uint32, idOf func(uint32) string) {
	if (t.used+t.tombs+1)*5 > len(t.slots)*4 {
		t.rehash(tableSize(t.used+1), idOf)
	}
	for i := t.hash(id); ; i = t.next(i) {
		switch t.slots[i] {
		case 0:
			t.slots[i] = idx + 1
			t.used++
			return
		case tomb:
			t.slots[i] = idx + 1
			t.used++
			t.tombs--
			return
		}
	}
}

// remove deletes id from the table.
func (t *idTable) remove(id string, idOf func(uint32) string) {
	for i := t.hash(id); ; i = t.next(i) {
		v := t.slots[i]
		switch {
		case v == 0:
			return
		case v == tomb:
			continue
		case idOf(v-1) == id:
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

func (t *idTable) rehash(size int, idOf func(uint32) string) {
	old := t.slots
	t.slots = make([]uint32, size)
	t.used, t.tombs = 0, 0
	for _, v := range old {
		if v != 0 && v != tomb {
			t.insert(idOf(v-1), v-1, idOf)
		}
	}
}
