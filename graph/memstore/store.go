// Package memstore is linkchart's embedded default graph store.
//
// A bbolt file is the record: every write is one bbolt transaction, synced to
// disk before the call returns, so a batch is all there or not at all and
// survives kill -9. The file is a log of the writes (log.go): each write
// appends its records, in a small binary encoding (codec.go), as a few
// large chunk values, so that a bulk batch costs a few sequential writes
// and one fsync rather than a B+tree insert per record; a delete appends a
// tombstone, and the log is rewritten from the index once more than half of
// it is dead. Files of the earlier layout (one key per record) are
// converted on Open. Reads never touch the file: Open replays the log into
// an in-memory index. A write updates the index after its transaction has
// committed; a bulk batch (64k records or more) builds the index while the
// transaction commits on the other core, and if the commit fails the index
// is rebuilt from the file. Either way the write lock is held throughout,
// so no reader ever sees a batch that is not on disk.
//
// The index is built for a million nodes and several million edges:
//
//   - node and edge ids are interned to uint32 indexes through
//     open-addressing tables that store only the index (idtable.go);
//   - an edge is a 24-byte record (ends, packed since/until, type, marking,
//     credibility and the cached best reliability of its sources), and its
//     id, sources, note and props sit in one append-only byte arena,
//     decoded only for the edges of an answer (compacted when half dead);
//   - the adjacency is one packed array of (edge, other end) pairs, node by
//     node (CSR: two offsets per node), so a walk tests the neighbour before
//     it touches the edge; a node's pairs at its edges' from end come first
//     and are flagged (outBit), so induced-edge scans read only those and
//     take each edge once without touching its record; each of the two
//     runs is sorted by (other end, edge). The array is built in three
//     linear passes, exactly sized, on Open and after a bulk batch (4096
//     edges or more, and a 16th of the store or more); when the bulk
//     batch's edges are all new and take new indexes, only their pairs
//     are packed so, and merged into each node's runs in one sequential
//     pass over the array (a run of batches then costs one pass each, not
//     a rebuild from every edge). Smaller writes copy
//     the touched nodes' pairs out into lists of their own (index.moved)
//     and insert or delete in sorted place there; once those lists hold a
//     quarter as many words as the array, it is rebuilt (O(1) amortized
//     per change);
//   - Open applies the log's runs of inserts in id order, so index order
//     is id order (for nodes, edges and sources) after Open of an imported
//     store; writes that append in order keep it, and others clear a flag
//     until the next Open. While it holds, answers are
//     sorted by sorting indexes, and a neighbourhood walk reads each run
//     only as far as the limit can still reach (walk.go), since runs list
//     neighbours in id order;
//   - a node is its id and one encoded record of its other fields, in
//     256 KiB chunks (one allocation per few thousand nodes);
//   - search has its own index of names by compact form and of words with
//     their postings (search.go), and scores candidates exactly as
//     graph.Score does.
//
// At 100k nodes and 1M edges the index takes about 77 bytes of heap per
// edge (24 the edge records, 16 their cold records, 17 the adjacency, 6
// the edge id table, 7 the nodes, 5 search; mem_test.go breaks it down). A sync.RWMutex lets readers run in parallel; writers are exclusive.
// Queries take their working sets (stamps, bitsets, sort keys, walk lists)
// from a pool of scratch, and answers view the immutable records' bytes
// (node records, the append-only arena) instead of copying strings; each
// answer still has its own slices and props maps, so a caller that edits
// an answer cannot change the store or another answer.
package memstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"linkchart/graph"
)

var _ graph.Store = (*Store)(nil)

// An adjacency entry's other end carries the edge's marking in its top two
// bits, and outBit when the entry is at the edge's from end (a self loop's
// one entry has it), so that a scan takes each edge once without reading
// the edge record. Node indexes stay below 2^27 (idTable).
const (
	endShift = 30
	outBit   = 1 << 29
	endMask  = outBit - 1
)

// Node and edge meta bits.
const (
	nodeAlive = 1 << 5 // nmeta: kind in bits 0-2, marking level in bits 3-4
	edgeAlive = 1 << 2 // edgeRec.meta: marking level in bits 0-1
)

// nodeRec is a node as kept in memory: kind and marking live in nmeta; the
// id, name, summary, aliases and props are one encoded record (decoded by
// nodeOut, see appendNodeFields), viewed in a chunk of nodeChunks.
type nodeRec struct {
	rec string // the id's length (one byte), the id, then the encoded fields
}

func (r *nodeRec) id() string {
	if r.rec == "" {
		return ""
	}
	return r.rec[1 : 1+int(r.rec[0])]
}

// fields is the encoded fields after the id.
func (r *nodeRec) fields() []byte { return unsafeBytes(r.rec[1+int(r.rec[0]):]) }

// appendNodeFields appends the id's length and the id, followed by the
// encoded name, summary, aliases and props.
func appendNodeFields(b []byte, x *graph.Node) []byte {
	e := encoder{b: append(append(b, byte(len(x.ID))), x.ID...)}
	e.str(x.Name)
	e.str(x.Summary)
	e.strs(x.Aliases)
	e.props(x.Props)
	return e.b
}

// nodeChunk is the size of the chunks that hold node records: a million
// records are a few hundred allocations rather than a million (no rounding
// up to a size class, nothing for the collector to sweep one by one, no
// holes left among freed small objects), and a chunk never moves, so the
// records are views that answers may keep.
const nodeChunk = 256 << 10

// chunks hands out immutable byte records from large chunks.
type chunks struct {
	cur  []byte
	live int // bytes of records in use
	dead int // bytes of records replaced or removed
}

// put copies b into a chunk and returns the copy as a string.
func (c *chunks) put(b []byte) string {
	if cap(c.cur)-len(c.cur) < len(b) {
		c.cur = make([]byte, 0, max(nodeChunk, len(b)))
	}
	start := len(c.cur)
	c.cur = append(c.cur, b...)
	c.live += len(b)
	return unsafeString(c.cur[start:len(c.cur):len(c.cur)])
}

// drop records that rec is no longer used.
func (c *chunks) drop(rec string) {
	c.live -= len(rec)
	c.dead += len(rec)
}

// name decodes the node's name (no copy).
func (r *nodeRec) name() string {
	d := decoder{b: r.fields()}
	return unsafeString(d.bytes())
}

// edgeRec is the hot part of an edge.
type edgeRec struct {
	from, to     uint32
	off          uint32 // offset of the cold record (id, sources, note, props) in arena
	since, until pdate
	typ          uint16
	meta         uint8 // marking level in bits 0-1, edgeAlive
	grade        uint8 // best reliability of the cited sources (0 A .. 5 F) << 4 | credibility
}

func (r *edgeRec) rel() uint8  { return r.grade >> 4 }
func (r *edgeRec) cred() uint8 { return r.grade & 15 }

// Store is the embedded store. Use Open.
type Store struct {
	mu      sync.RWMutex
	db      *bolt.DB
	closed  bool
	log     logState
	logBuf  []byte // the last large write's encoding buffer, for the next (log.go)
	scratch sync.Pool
	*index
}

// index is everything rebuilt from the file on Open.
type index struct {
	// Nodes by index. nodes[i].id is "" for a free slot.
	nodes     []nodeRec
	nodeBytes chunks // where nodes[i].rec live
	nmeta     []uint8
	nodeByID  idTable // id → node index
	freeNodes []uint32
	liveNodes int

	// Adjacency: per node, (edge, other end | marking<<endShift) pairs of
	// the edges touching it (a self loop once), the pairs at the edges'
	// from end first; each of the two runs sorted by (other end, edge).
	// Packed: node n's pairs are adjData[adjIdx[2n]:adjIdx[2n+2]], the
	// in-run from adjIdx[2n+1] (the bounds of a node in one cache line),
	// built in one pass (buildAdjacency); a node whose pairs changed since
	// has movedFlag in adjIdx[2n+1] and its pairs in moved, as has a node
	// added since (beyond adjIdx): moved[n][0] is how many pairs are at
	// their edges' from end, the pairs follow.
	adjIdx     []uint32
	adjData    []uint32
	moved      map[uint32][]uint32
	movedWords int // words held by moved

	// Whether index order is id order, for every pair of live nodes (edges,
	// sources): true after Open, which loads records in key order, and
	// kept while writes append in order. Sorts by id are then sorts of
	// indexes, and a walk meets neighbours in id order.
	nodesOrdered, edgesOrdered, sourcesOrdered bool

	// Edges by index: the fields every traversal reads, in one 24-byte
	// record (one cache line touched per edge looked at).
	edges     []edgeRec
	arena     []byte // cold records: id, source indexes, note, props
	edgeByID  idTable
	freeEdges []uint32
	liveEdges int
	arenaDead int // bytes of arena no longer referenced

	types      []string
	typeByName map[string]uint16

	sources    []graph.Source
	sourceKey  []uint64 // prefixKey of the id, for sorting
	sourceByID map[string]uint32

	search searchIndex

	enc []byte // a record being encoded

	schema [4]*graph.Schema // cached per clearance level, reset by writes
	wgen   uint64           // write generation
}

// initialMmap is how far ahead the file is mapped: 8 GiB (address space,
// not memory), less where int is 32 bits.
var initialMmap = int(min(uint64(math.MaxInt>>1), 8<<30))

// Open opens (or creates) the store file at path and loads its index. A
// file of the earlier layout (buckets sources, nodes and edges, one key per
// record) is converted to the log first, in one transaction; such a file
// cannot be opened by an older linkchart afterwards.
func Open(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:        5 * time.Second,
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
		// Map far ahead (address space only, the file grows as needed):
		// a remap inside a write transaction copies every dirty page.
		InitialMmapSize: initialMmap,
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := newStore()
	s.db = db
	if err := db.Update(prepareFile); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.load(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

func newStore() *Store { return &Store{index: newIndex()} }

func newIndex() *index {
	return &index{
		adjIdx:         []uint32{0},
		moved:          map[uint32][]uint32{},
		nodesOrdered:   true,
		edgesOrdered:   true,
		sourcesOrdered: true,
		nodeByID:       newIDTable(0),
		typeByName:     map[string]uint16{},
		sourceByID:     map[string]uint32{},
		edgeByID:       newIDTable(0),
	}
}

// reload replaces the index by one rebuilt from the file.
func (s *Store) reload() error {
	fresh := &Store{db: s.db, index: newIndex()}
	if err := fresh.load(); err != nil {
		return err
	}
	s.index, s.log = fresh.index, fresh.log
	return nil
}

// Ping reports whether the store is open.
func (s *Store) Ping(ctx context.Context) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return fmt.Errorf("ping: %w", graph.ErrUnavailable)
	}
	return ctx.Err()
}

// Close closes the file. The store answers ErrUnavailable afterwards.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	return nil
}

// rlock takes the read lock and fails when the store is closed.
func (s *Store) rlock(op string) error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return fmt.Errorf("%s: %w", op, graph.ErrUnavailable)
	}
	return nil
}

// ---- index accessors ----

func (s *Store) nodeVisible(n uint32, lvl uint8) bool {
	m := s.nmeta[n]
	return m&nodeAlive != 0 && (m>>3)&3 <= lvl
}

func (s *Store) nodeKind(n uint32) uint8 { return s.nmeta[n] & 7 }

// adjOf is node n's pairs (see index.adjData); read only.
func (s *Store) adjOf(n uint32) []uint32 {
	if i := 2 * int(n); i+2 < len(s.adjIdx) && s.adjIdx[i+1]&movedFlag == 0 {
		return s.adjData[s.adjIdx[i]:s.adjIdx[i+2]:s.adjIdx[i+2]]
	}
	if l := s.moved[n]; l != nil {
		return l[1:]
	}
	return nil
}

// outOf is the pairs of n at their edges' from end.
func (s *Store) outOf(n uint32) []uint32 {
	if i := 2 * int(n); i+2 < len(s.adjIdx) && s.adjIdx[i+1]&movedFlag == 0 {
		return s.adjData[s.adjIdx[i]:s.adjIdx[i+1]:s.adjIdx[i+1]]
	}
	out, _ := s.runs(n)
	return out
}

// runs is n's pairs at their edges' from end, and the others.
func (s *Store) runs(n uint32) (out, in []uint32) {
	if i := 2 * int(n); i+2 < len(s.adjIdx) && s.adjIdx[i+1]&movedFlag == 0 {
		a, m, z := s.adjIdx[i], s.adjIdx[i+1], s.adjIdx[i+2]
		return s.adjData[a:m:m], s.adjData[m:z:z]
	}
	l := s.moved[n]
	if l == nil {
		return nil, nil
	}
	k := 1 + 2*l[0]
	return l[1:k:k], l[k:]
}

// movedFlag marks, in adjIdx, a node whose pairs are in moved.
const movedFlag = 1 << 31

// markMoved records that n's pairs are in moved.
func (s *Store) markMoved(n uint32) {
	if i := 2 * int(n); i+2 < len(s.adjIdx) {
		s.adjIdx[i+1] |= movedFlag
	}
}

// edgeVisible: the edge is alive, cleared, and so are both ends.
func (s *Store) edgeVisible(e uint32, lvl uint8) bool {
	m := s.edges[e].meta
	return m&edgeAlive != 0 && m&3 <= lvl && s.nodeVisible(s.edges[e].from, lvl) && s.nodeVisible(s.edges[e].to, lvl)
}

// edgeID reads an edge's id from the arena without allocating a copy that
// outlives the call (the arena is append-only, so the bytes never change).
func (s *Store) edgeIDBytes(e uint32) []byte {
	b := s.arena[s.edges[e].off:]
	n, k := binary.Uvarint(b)
	return b[k : k+int(n)]
}

func (s *Store) edgeIDString(e uint32) string { return unsafeString(s.edgeIDBytes(e)) }

// lookupNode returns the index of a live node.
func (s *Store) lookupNode(id string) (uint32, bool) {
	return s.nodeByID.find(id, s.nodeID)
}

func (s *Store) lookupEdge(id string) (uint32, bool) {
	return s.edgeByID.find(id, s.edgeIDString)
}

// level is the clearance as an index level; an invalid clearance sees only
// CLEAR (the safe reading).
func level(m graph.Marking) uint8 {
	l := m.Level()
	if l < 0 {
		return 0
	}
	return uint8(l)
}
