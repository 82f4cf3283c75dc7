package memstore

import (
	"cmp"
	"slices"

	"linkchart/graph"
)

// pdate is a graph.Date packed into 32 bits: a presence bit, the year, the
// month and the day (0 when the date stops short of them). 0 is the open end.
type pdate uint32

const datePresent = 1 << 31

func packDate(d graph.Date) pdate {
	s := string(d)
	if len(s) < 4 {
		return 0
	}
	num := func(s string) uint32 {
		var v uint32
		for i := 0; i < len(s); i++ {
			v = v*10 + uint32(s[i]-'0')
		}
		return v
	}
	p := datePresent | num(s[:4])<<9
	if len(s) >= 7 {
		p |= num(s[5:7]) << 5
	}
	if len(s) >= 10 {
		p |= num(s[8:10])
	}
	return pdate(p)
}

// precision is 1 for a year, 2 for a month, 3 for a day.
func (p pdate) precision() int {
	switch {
	case p&(0xf<<5) == 0:
		return 1
	case p&0x1f == 0:
		return 2
	}
	return 3
}

func (p pdate) truncate(prec int) pdate {
	switch prec {
	case 1:
		return p &^ 0x1ff
	case 2:
		return p &^ 0x1f
	}
	return p
}

// compare is graph.Date.Compare on packed dates (both present).
func (p pdate) compare(o pdate) int {
	n := min(p.precision(), o.precision())
	return cmp.Compare(p.truncate(n), o.truncate(n))
}

// holdsAt is graph.HoldsAt on packed dates.
func holdsAt(since, until, asOf pdate) bool {
	if asOf == 0 {
		return true
	}
	if since != 0 && since.compare(asOf) > 0 {
		return false
	}
	if until != 0 && until.compare(asOf) < 0 {
		return false
	}
	return true
}

// unpack writes p back as a graph.Date.
func (p pdate) unpack() graph.Date {
	if p == 0 {
		return ""
	}
	return graph.Date(appendDate(make([]byte, 0, 10), p))
}

// appendDate appends the text of a present date p to b.
func appendDate(b []byte, p pdate) []byte {
	y, m, d := (uint32(p)>>9)&0x3fffff, (uint32(p)>>5)&0xf, uint32(p)&0x1f
	b = append(b, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	if m > 0 {
		b = append(b, '-', byte('0'+m/10), byte('0'+m%10))
		if d > 0 {
			b = append(b, '-', byte('0'+d/10), byte('0'+d%10))
		}
	}
	return b
}

// Marking levels, kinds and reliabilities as small integers.
func kindIndex(k graph.Kind) uint8 {
	for i, v := range graph.Kinds {
		if v == k {
			return uint8(i)
		}
	}
	return 0
}

// kindMask is a filter on kinds as bits of kindIndex; 0 lets every kind
// through. An unknown kind sets bit 7, which no node has, so a filter of
// unknown kinds only lets nothing through.
func kindMask(kinds []graph.Kind) uint8 {
	var m uint8
	for _, k := range kinds {
		if k.Valid() {
			m |= 1 << kindIndex(k)
		} else {
			m |= 1 << 7
		}
	}
	return m
}

func relIndex(r graph.Reliability) uint8 {
	if !r.Valid() {
		return 'F' - 'A'
	}
	return r[0] - 'A'
}

// gradeStrings[rel][cred] is the grade "B2" without formatting per answer.
var gradeStrings = func() (g [6][7]string) {
	for r := range 6 {
		for c := 1; c <= 6; c++ {
			g[r][c] = graph.Grade{Reliability: graph.Reliability(rune('A' + r)), Credibility: c}.String()
		}
	}
	return g
}()

// edgeClass is what an edge's class stands for: its type and dates.
type edgeClass struct {
	since, until pdate
	typ          uint16
}

// classSpill is the class index of an edge whose class is in
// classTable.spilled: once 2^24-1 distinct classes exist (never for a
// real graph: types × distinct date pairs in use).
const classSpill = 1<<24 - 1

// classLimit is how many classes list may hold (lowered by tests).
var classLimit = classSpill

// classTable interns edge classes: list holds each distinct class once,
// found through an open-addressing table of list index+1, nil until the
// first intern after settle (classes are never removed; an edit or delete
// leaves its old class in place).
type classTable struct {
	list    []edgeClass
	slots   []uint32 // power-of-two size, at most 3/4 full
	spilled map[uint32]edgeClass
}

func newClassTable() classTable {
	return classTable{slots: make([]uint32, 64), spilled: map[uint32]edgeClass{}}
}

func (c edgeClass) hash() uint64 {
	h := (uint64(c.since)<<32 | uint64(c.until)) ^ uint64(c.typ)<<17
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>32
}

// intern returns c's index in list, adding it if new.
func (t *classTable) intern(c edgeClass) uint32 {
	if t.slots == nil {
		t.rehash(len(t.list))
	}
	mask := uint64(len(t.slots) - 1)
	for i := c.hash() & mask; ; i = (i + 1) & mask {
		v := t.slots[i]
		if v == 0 {
			break
		}
		if t.list[v-1] == c {
			return v - 1
		}
	}
	if len(t.list) >= classLimit {
		return classSpill
	}
	t.list = append(t.list, c)
	if 4*len(t.list) > 3*len(t.slots) {
		t.rehash(len(t.list))
	} else {
		t.place(c.hash(), uint32(len(t.list)))
	}
	return uint32(len(t.list) - 1)
}

// rehash sizes slots for n classes and places those of list.
func (t *classTable) rehash(n int) {
	size := 64
	for 3*size < 4*n+4 {
		size *= 2
	}
	t.slots = make([]uint32, size)
	for k := range t.list {
		t.place(t.list[k].hash(), uint32(k+1))
	}
}

// settle is for a table that will see few new classes (after Open): list
// loses its spare capacity and slots are dropped, until the next intern.
func (t *classTable) settle() {
	t.list = slices.Clip(append([]edgeClass(nil), t.list...))
	t.slots = nil
}

func (t *classTable) place(h uint64, v uint32) {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = v
}

func (t *classTable) bytes() int { return 12*cap(t.list) + 4*len(t.slots) + 40*len(t.spilled) }
