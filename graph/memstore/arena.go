package memstore

import (
	"encoding/binary"
	"fmt"
	"linkchart/graph"
	"math"
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
