package memstore

import "hash/maphash"

// idTable maps edge ids to edge indexes without storing the ids twice: the
// slots hold index+1 and the id of a slot is read back through idOf (from
// the edge arena). Open addressing, linear probing, tombstones on delete.
// It costs about 6 bytes per edge against some 50 for a map[string]uint32.
type idTable struct {
	slots []uint32
	used  int // live entries
	tombs int
	seed  maphash.Seed
}

const tomb = ^uint32(0)

func newIDTable(capacity int) idTable {
	n := 16
	for n < capacity*3/2 {
		n <<= 1
	}
	return idTable{slots: make([]uint32, n), seed: maphash.MakeSeed()}
}

func (t *idTable) hash(id string) int {
	return int(maphash.String(t.seed, id) & uint64(len(t.slots)-1))
}

// find returns the index stored for id.
func (t *idTable) find(id string, idOf func(uint32) string) (uint32, bool) {
	mask := len(t.slots) - 1
	for i := t.hash(id); ; i = (i + 1) & mask {
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
	if (t.used+t.tombs+1)*4 > len(t.slots)*3 {
		t.grow(idOf)
	}
	mask := len(t.slots) - 1
	for i := t.hash(id); ; i = (i + 1) & mask {
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
	mask := len(t.slots) - 1
	for i := t.hash(id); ; i = (i + 1) & mask {
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

func (t *idTable) grow(idOf func(uint32) string) {
	old := t.slots
	n := len(old)
	if t.used*2 >= n/2 {
		n <<= 1
	}
	t.slots = make([]uint32, n)
	t.used, t.tombs = 0, 0
	for _, v := range old {
		if v != 0 && v != tomb {
			t.insert(idOf(v-1), v-1, idOf)
		}
	}
}
