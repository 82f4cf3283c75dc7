package memstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"linkchart/graph"
)

// coldRec is an edge's decoded cold record (views into the arena).
type coldRec struct {
	id    coldID
	cred  uint8
	srcs  []byte // nsrc uvarints
	nsrc  int
	note  []byte
	props []byte // nil when the edge has none
	rest  []byte // what follows the record, when it has no props
	size  int
}

func (s *Store) readCold(e uint32) coldRec {
	c := s.coldHead(e)
	b := c.rest
	if c.props != nil {
		b = c.props
		np, k := binary.Uvarint(b)
		b = b[k:]
		for range 2 * np {
			n, k := binary.Uvarint(b)
			b = b[k+int(n):]
		}
		c.props = c.props[:len(c.props)-len(b)]
	}
	c.rest = nil
	c.size = len(s.arena) - int(s.edges[e].off) - len(b)
	return c
}

func (c coldRec) sources(dst []uint32) []uint32 {
	b := c.srcs
	for range c.nsrc {
		v, k := binary.Uvarint(b)
		dst = append(dst, uint32(v))
		b = b[k:]
	}
	return dst
}

func (s *Store) coldSize(e uint32) int { return s.readCold(e).size }

// The narrow offsets and counts of the index, and what keeps each in range:
// node, edge and source indexes are uint32 below maxIndex; an edge's class
// index is 24 bits, spilling past classSpill; relation types are uint16
// (maxTypes); an edge's cold record starts at a uint32 offset in the arena
// (maxArena). A write that would pass one of them is refused whole, before
// anything of it is committed (checkCapacity). These are variables so that
// tests can reach the limits without allocating them.
var (
	maxArena = math.MaxUint32
	maxTypes = math.MaxUint16 + 1
)

// checkCapacity refuses a batch that would take an index or an offset past
// its width: an edge would otherwise read another edge's record.
func (s *Store) checkCapacity(b graph.Batch) error {
	if len(s.nodes)+len(b.Nodes) > maxIndex || len(s.edges)+len(b.Edges) > maxIndex ||
		len(s.sources)+len(b.Sources) > maxIndex {
		return fmt.Errorf("the store holds at most %d nodes and as many edges and sources: %w", maxIndex+1, graph.ErrInvalid)
	}
	if len(s.types)+len(b.Edges) > maxTypes {
		fresh := map[string]bool{}
		for i := range b.Edges {
			if _, ok := s.typeByName[b.Edges[i].Type]; !ok {
				fresh[b.Edges[i].Type] = true
			}
		}
		if len(s.types)+len(fresh) > maxTypes {
			return fmt.Errorf("the store holds at most %d relation types (it has %d, the batch adds %d): %w",
				maxTypes, len(s.types), len(fresh), graph.ErrInvalid)
		}
	}
	if live := len(s.arena) - s.arenaDead; live+coldBound(b.Edges, len(s.sources)+len(b.Sources)) > maxArena {
		return fmt.Errorf("relations' ids, sources, notes and props would take more than %d bytes (%d held): %w",
			maxArena, live, graph.ErrInvalid)
	}
	return nil
}

// coldBound is at least the bytes the edges' cold records take, their
// source indexes taken at the width of the largest there can be.
func coldBound(edges []graph.Edge, sources int) int {
	srcLen := uvarintLen(uint64(sources))
	n := 0
	for i := range edges {
		n += coldLen(&edges[i], srcLen)
	}
	return n
}

// makeArenaRoom compacts the arena first when the edges' cold records
// would not fit after its dead bytes (checkCapacity made sure they fit
// without them).
func (s *Store) makeArenaRoom(edges []graph.Edge) {
	if len(s.arena)+coldBound(edges, len(s.sources)) > maxArena {
		s.compactArena()
	}
}

// edgeID reads an edge's id from its cold record (views of the arena,
// which is append-only, so they never change).
func (s *Store) edgeID(e uint32) coldID {
	c, _ := readColdID(s.arena[s.edges[e].off:])
	return c
}

// edgeIDString is an edge's id as a string: a view of the arena, or, for
// an id stored in numeric form, a new string (for paths that take few;
// answers use coldID.out, id tables edgeKeys, sorts compareEdgeIDs).
func (s *Store) edgeIDString(e uint32) string {
	c := s.edgeID(e)
	if !c.numeric {
		return frozenString(c.text)
	}
	var buf [64]byte
	return string(c.appendTo(buf[:0]))
}

// edgeKeys returns an edge-id function for the id tables and the binary
// search, for a reader: it decodes an id in numeric form into a buffer of
// its own, so the string it returns holds only until its next call (the
// tables compare or hash each id before they ask for the next).
func (s *Store) edgeKeys() func(uint32) string {
	var buf []byte
	return func(e uint32) string { return s.edgeKey(e, &buf) }
}

// writeKey is edgeKeys for the one goroutine that writes the index (the
// writer on the first core, who holds the write lock, or one that owns its
// index): it decodes into the index's idBuf, so it allocates nothing.
// Lookups that the writer runs on both cores (onlyInserts) use edgeKeys.
func (s *index) writeKey(e uint32) string { return s.edgeKey(e, &s.idBuf) }

// edgeKey is edge e's id, a view of the arena or decoded into *buf.
func (s *index) edgeKey(e uint32, buf *[]byte) string {
	c, _ := readColdID(s.arena[s.edges[e].off:])
	if !c.numeric {
		return frozenString(c.text)
	}
	*buf = c.appendTo((*buf)[:0])
	return tempString(*buf)
}

// compareEdgeIDs orders edges a and b by id, decoding ids in numeric
// form on the stack.
func (s *Store) compareEdgeIDs(a, b uint32) int {
	x, y := s.edgeID(a), s.edgeID(b)
	if !x.numeric && !y.numeric {
		return bytes.Compare(x.text, y.text)
	}
	var bx, by [64]byte
	return bytes.Compare(x.appendTo(bx[:0]), y.appendTo(by[:0]))
}

// cred is edge e's credibility (1..6), from its cold record.
func (s *Store) cred(e uint32) uint8 {
	_, b := readColdID(s.arena[s.edges[e].off:])
	return b[0] & coldCred
}

// coldHead is readCold without the size, and props running to the end
// of the arena (a decoder reads only its own).
func (s *Store) coldHead(e uint32) coldRec {
	b := s.arena[s.edges[e].off:]
	var c coldRec
	c.id, b = readColdID(b)
	var n uint64
	var k int
	head := b[0]
	b = b[1:]
	c.cred = head & coldCred
	if c.nsrc = int(head >> coldSrcShift & 7); c.nsrc == coldManySrcs {
		n, k = binary.Uvarint(b)
		c.nsrc = int(n)
		b = b[k:]
	}
	srcStart := b
	for range c.nsrc {
		if b[0] < 0x80 {
			b = b[1:]
			continue
		}
		_, k = binary.Uvarint(b)
		b = b[k:]
	}
	c.srcs = srcStart[:len(srcStart)-len(b)]
	if head&coldNote != 0 {
		n, k = binary.Uvarint(b)
		c.note, b = b[k:k+int(n)], b[k+int(n):]
	}
	if head&coldProps != 0 {
		c.props = b
	} else {
		c.rest = b
	}
	return c
}
