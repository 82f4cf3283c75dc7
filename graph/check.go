package graph

import (
	"fmt"
	"hash/maphash"
	"math/bits"
)

// position tells where each record of a batch came from, for messages.
type position struct {
	File   string
	Line   int
	Fields map[string]int // field name → line
}

// positions parallels a Batch's slices.
type positions struct {
	Sources, Nodes, Edges []position
}

// CheckBatch checks every record of b: ids, kinds, types, dates, grades,
// markings, duplicate ids inside the batch, and that every edge end and cited
// source is in the batch or, through hasNode and hasSource (nil: nothing),
// already in the store. It returns a *ValidationError listing every problem,
// or nil.
func CheckBatch(b Batch, hasNode, hasSource func(id string) bool) error {
	return problemsErr(check(b, nil, hasNode, hasSource))
}

// CheckBatchEndsFound is CheckBatch for a caller that has already found
// every non-empty edge end of b in the batch or in its store: the ends are
// not looked up again. (With an end missing its answer lacks that problem.)
func CheckBatchEndsFound(b Batch, hasSource func(id string) bool) error {
	return problemsErr(checkEnds(b, nil, nil, hasSource, true))
}

func problemsErr(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	sortProblems(ps)
	return &ValidationError{Problems: ps}
}

// check is CheckBatch with record positions (pos may be nil).
func check(b Batch, pos *positions, hasNode, hasSource func(string) bool) []Problem {
	return checkEnds(b, pos, hasNode, hasSource, false)
}

// checkEnds is check; endsKnown says that every edge end is known to exist.
func checkEnds(b Batch, pos *positions, hasNode, hasSource func(string) bool, endsKnown bool) []Problem {
	var ps []Problem
	at := func(list []position, section string, i int, field, format string, args ...any) {
		p := Problem{Record: fmt.Sprintf("%s[%d]", section, i), Field: field, Message: fmt.Sprintf(format, args...)}
		if i < len(list) {
			p.File, p.Line = list[i].File, list[i].Line
			if l, ok := list[i].Fields[field]; ok {
				p.Line = l
			}
		}
		ps = append(ps, p)
	}
	var sp, np, ep []position
	if pos != nil {
		sp, np, ep = pos.Sources, pos.Nodes, pos.Edges
	}

	seed := maphash.MakeSeed()
	sources := newIDSet(seed, len(b.Sources), func(i int32) string { return b.Sources[i].ID })
	for i, s := range b.Sources {
		bad := func(field, format string, args ...any) { at(sp, "sources", i, field, format, args...) }
		seen := sources.add(s.ID, int32(i))
		switch {
		case !ValidID(s.ID):
			bad("id", "%q is not a valid id (lower-case letters, digits and dashes, at most 128)", s.ID)
		case seen:
			bad("id", "duplicate source id %q", s.ID)
		}
		if s.Title == "" {
			bad("title", "a source needs a title")
		}
		if s.Reliability != "" && !s.Reliability.Valid() {
			bad("reliability", "%q: want a letter A-F", s.Reliability)
		}
		if err := s.Date.Check(); err != nil {
			bad("date", "%v", err)
		}
	}

	nodes := newIDSet(seed, len(b.Nodes), func(i int32) string { return b.Nodes[i].ID })
	for i, n := range b.Nodes {
		bad := func(field, format string, args ...any) { at(np, "entities", i, field, format, args...) }
		seen := nodes.add(n.ID, int32(i))
		switch {
		case !ValidID(n.ID):
			bad("id", "%q is not a valid id (lower-case letters, digits and dashes, at most 128)", n.ID)
		case seen:
			bad("id", "duplicate entity id %q", n.ID)
		}
		if !n.Kind.Valid() {
			bad("kind", "unknown kind %q: want one of %v", n.Kind, Kinds)
		}
		if n.Name == "" {
			bad("name", "an entity needs a name")
		}
		if !n.Marking.Valid() {
			bad("marking", "unknown marking %q: want one of %v", n.Marking, Markings)
		}
		if err := n.Geo.Check(); err != nil {
			bad("geo", "%v", err)
		}
	}
	nodeExists := func(id string) bool { return endsKnown || nodes.has(id) || (hasNode != nil && hasNode(id)) }
	sourceExists := func(id string) bool { return sources.has(id) || (hasSource != nil && hasSource(id)) }

	edges := newIDSet(seed, len(b.Edges), func(i int32) string { return b.Edges[i].ID })
	for i, e := range b.Edges {
		bad := func(field, format string, args ...any) { at(ep, "relations", i, field, format, args...) }
		seen := edges.add(e.ID, int32(i))
		switch {
		case !ValidID(e.ID):
			bad("id", "%q is not a valid id (lower-case letters, digits and dashes, at most 128)", e.ID)
		case seen:
			bad("id", "duplicate relation id %q", e.ID)
		}
		if !ValidType(e.Type) {
			bad("type", "%q is not a valid relation type (UPPER_SNAKE_CASE such as COMMANDS)", e.Type)
		}
		for _, end := range []struct{ field, id string }{{"from", e.From}, {"to", e.To}} {
			switch {
			case end.id == "":
				bad(end.field, "a relation needs %s", end.field)
			case !nodeExists(end.id):
				bad(end.field, "no entity %q (dangling relation end)", end.id)
			}
		}
		errSince, errUntil := e.Since.Check(), e.Until.Check()
		if errSince != nil {
			bad("since", "%v", errSince)
		}
		if errUntil != nil {
			bad("until", "%v", errUntil)
		}
		if errSince == nil && errUntil == nil && e.Since != "" && e.Until != "" && e.Since.Compare(e.Until) > 0 {
			bad("until", "until %s is before since %s", e.Until, e.Since)
		}
		if e.Credibility != 0 && !ValidCredibility(e.Credibility) {
			bad("credibility", "%d: want 1 (confirmed) to 6 (cannot be judged)", e.Credibility)
		}
		if len(e.Sources) == 0 {
			bad("sources", "a relation must cite at least one source")
		}
		for _, s := range e.Sources {
			if !sourceExists(s) {
				bad("sources", "unknown source %q", s)
			}
		}
		if !e.Marking.Valid() {
			bad("marking", "unknown marking %q: want one of %v", e.Marking, Markings)
		}
	}
	return ps
}

// idSet is a set of the ids of a batch's records, cheaper than a
// map[string]bool at a million ids: a slot holds the record's index+1 and
// the high half of the id's hash, and the id itself is read back from the
// batch (idOf) only when the hash matches. Open addressing, linear probing,
// at most half full.
type idSet struct {
	slots []uint64
	seed  maphash.Seed
	idOf  func(int32) string
	n     int
}

func newIDSet(seed maphash.Seed, n int, idOf func(int32) string) idSet {
	size := 0
	if n > 0 {
		size = 1 << bits.Len(uint(2*n))
	}
	return idSet{slots: make([]uint64, size), seed: seed, idOf: idOf}
}

// add puts id (of record i) in the set and reports whether it was there.
func (t *idSet) add(id string, i int32) bool {
	slot, tag := t.find(id)
	if t.slots[slot] != 0 {
		return true
	}
	t.slots[slot] = tag | uint64(i+1)
	t.n++
	return false
}

func (t *idSet) has(id string) bool {
	if t.n == 0 {
		return false
	}
	slot, _ := t.find(id)
	return t.slots[slot] != 0
}

// find returns id's slot, or the empty slot where it would go, and the tag
// (high hash bits) it is stored with.
func (t *idSet) find(id string) (int, uint64) {
	h := maphash.String(t.seed, id)
	tag := h &^ (1<<32 - 1)
	mask := len(t.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		v := t.slots[i]
		if v == 0 || v&^(1<<32-1) == tag && t.idOf(int32(v&(1<<32-1))-1) == id {
			return i, tag
		}
	}
}
