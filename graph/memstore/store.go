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
//   - node and edge ids are interned to uint32 indexes; while index order
//     is id order with no free slot (after Open of an imported store, and
//     as long as writes append in order) an id is found by binary search,
//     otherwise through an open-addressing table that stores only the
//     index (idtable.go), built when that stops holding or for a large
//     write, dropped again on Open;
//   - an edge is a 16-byte record (ends, arena offset, marking, the cached
//     best reliability of its sources, and a 3-byte class: the index of
//     its distinct (type, since, until) in a small table), and its id,
//     credibility, sources, note and props sit in one append-only byte
//     arena, decoded only for the edges of an answer (compacted when half
//     dead); an id that ends in a decimal number without leading zeros
//     ("e1234567", "rel-42") is kept there as its prefix and the number
//     as a uvarint (5 bytes rather than 9 for "e1234567"), and decoded
//     into the answer's shared block, a stack buffer for comparisons, or a
//     buffer of the lookup's own for the id tables (codec.go);
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
//   - a node is a pointer to one encoded record of its id and other
//     fields, in 256 KiB chunks (one allocation per few thousand nodes);
//   - search has its own index of names by compact form and of words with
//     their postings (search.go), and scores candidates exactly as
//     graph.Score does.
//
// Four mechanisms have two paths, the second kept because a benchmark of
// this package (twopath_bench_test.go) shows it pays:
//
//   - writes: a batch of 4096 records or more takes the two-core
//     pipeline (bulk.go), a smaller one checks, commits and applies in
//     order on one core (write.go) (BenchmarkLargeWrite);
//   - id lookups: sparseKeys' binary search while index order is id order
//     with no free slot, an idTable otherwise (idtable.go): the table is
//     faster, the search keeps a tenth of the bytes (BenchmarkLookup);
//   - adjacency: the packed array, rebuilt or merged after a bulk batch,
//     and the moved lists of the nodes that smaller writes touched
//     (adjacency.go) (BenchmarkSmallWrite);
//   - neighbourhood walks: walkSorted while node index order is id order,
//     walkScan otherwise (neighborhood.go, walk.go) (BenchmarkWalk).
//
// TestMemoryBreakdown (mem_test.go) breaks the index's heap down by part;
// README's benchmark section gives the measured bytes per edge. A sync.RWMutex
// lets readers run in parallel; writers are exclusive.
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
	"hash/maphash"
	"math"
	"sync"
	"time"
	"unsafe"

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
	relShift  = 3      // edgeRec.meta: best reliability in bits 3-5
	edgeLive  = edgeAlive | 3
)

// nodeRec is a node as kept in memory, one pointer: kind and marking live
// in nmeta; the id, name, summary, aliases and props are one encoded record
// (decoded by nodeOut, see appendNodeFields) in a chunk of nodeBytes,
// after its length (uvarint), where p points (nil for a free slot).
type nodeRec struct {
	p *byte
}

// rec is the record: the id's length (one byte), the id, then the encoded
// fields ("" for a free slot).
func (r *nodeRec) rec() string {
	if r.p == nil {
		return ""
	}
	n, k := 0, 0
	for shift := 0; ; shift += 7 {
		c := *(*byte)(unsafe.Add(unsafe.Pointer(r.p), k))
		k++
		n |= int(c&0x7f) << shift
		if c < 0x80 {
			break
		}
	}
	return unsafe.String((*byte)(unsafe.Add(unsafe.Pointer(r.p), k)), n)
}

// present is 1 for a node, 0 for a free slot (reading the slot, for touch).
func (r *nodeRec) present() byte {
	if r.p == nil {
		return 0
	}
	return 1
}

func (r *nodeRec) id() string {
	rec := r.rec()
	if rec == "" {
		return ""
	}
	return rec[1 : 1+int(rec[0])]
}

// fields is the encoded fields after the id.
func (r *nodeRec) fields() []byte {
	rec := r.rec()
	return unsafeBytes(rec[1+int(rec[0]):])
}

// appendNodeFields appends the id's length and the id, followed by the
// encoded name, summary, aliases, props and, when located, geo (GeoText).
func appendNodeFields(b []byte, x *graph.Node) []byte {
	e := encoder{b: append(append(b, byte(len(x.ID))), x.ID...)}
	e.str(x.Name)
	e.str(x.Summary)
	e.strs(x.Aliases)
	e.props(x.Props)
	if x.Geo != nil {
		e.str(graph.GeoText(x.Geo))
	}
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

// put copies b, after its length, into a chunk.
func (c *chunks) put(b []byte) nodeRec {
	size := uvarintLen(uint32(len(b))) + len(b)
	if cap(c.cur)-len(c.cur) < size {
		c.cur = make([]byte, 0, max(nodeChunk, size))
	}
	start := len(c.cur)
	c.cur = append(binary.AppendUvarint(c.cur, uint64(len(b))), b...)
	c.live += size
	return nodeRec{&c.cur[start]}
}

// drop records that r is no longer used.
func (c *chunks) drop(r nodeRec) {
	n := len(r.rec())
	size := uvarintLen(uint32(n)) + n
	c.live -= size
	c.dead += size
}

// name decodes the node's name (no copy).
func (r *nodeRec) name() string {
	d := decoder{b: r.fields()}
	return frozenString(d.bytes())
}

// edgeRec is the hot part of an edge, 16 bytes: its ends, where its cold
// record starts in the arena, its marking and liveness with the cached best
// reliability of its sources (meta), and its class: the index of its
// (type, since, until) in index.classes (edgeClass), three bytes.
type edgeRec struct {
	from, to uint32
	off      uint32   // offset of the cold record (id, credibility, sources, note, props) in arena
	meta     uint8    // marking level in bits 0-1, edgeAlive, best reliability (0 A .. 5 F) in bits 3-5
	cls      [3]uint8 // class index, little-endian; classSpill: in index.spilled
}

// rel is the best reliability of the edge's cited sources (0 A .. 5 F).
func (r *edgeRec) rel() uint8 { return r.meta >> relShift & 7 }

func (r *edgeRec) class() uint32 {
	return uint32(r.cls[0]) | uint32(r.cls[1])<<8 | uint32(r.cls[2])<<16
}

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
	// idBuf holds an edge id in numeric form decoded by writeKey.
	idBuf []byte
	// Nodes by index. nodes[i].id is "" for a free slot.
	nodes     []nodeRec
	nodeBytes chunks // where the node records live
	nmeta     []uint8
	// nodeByID maps ids to node indexes; not built (idTable.active) while
	// every slot is live and index order is id order, as after Open of
	// an imported store: a binary search (sparseKeys.search) finds an id then. It is
	// built when that stops holding (a write out of order, a delete) and
	// for a large write (many lookups); settle drops it on Open. The same
	// for edges.
	nodeByID  idTable
	nodeKeys  sparseKeys // while nodeByID is not built
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

	// Edges by index: the fields every traversal reads, in one 16-byte
	// record (one cache line touched per edge looked at); the type and
	// dates of its class one load further (classes holds each distinct
	// combination once: a few hundred thousand for millions of edges).
	edges     []edgeRec
	classes   classTable
	arena     []byte  // cold records: id, credibility, source indexes, note, props
	edgeByID  idTable // see nodeByID
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
	ranked [4]rankCache     // TopConnected's, per clearance level (rank.go)

	pendingRev       *graph.Revision   // the history entry of the write being committed (history.go)
	pendingRedirects map[string]string // the redirects it sets ("": removes) (merge.go)
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
	s.settle()
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
		edgeByID:       idTable{seed: maphash.MakeSeed()}, // built on demand
		classes:        newClassTable(),
	}
}

// reload replaces the index by one rebuilt from the file.
func (s *Store) reload() error {
	fresh := &Store{db: s.db, index: newIndex()}
	if err := fresh.load(); err != nil {
		return err
	}
	fresh.settle()
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

// edgeVisible: the edge is alive, cleared, and so are both ends.
func (s *Store) edgeVisible(e uint32, lvl uint8) bool {
	m := s.edges[e].meta
	return m&edgeAlive != 0 && m&3 <= lvl && s.nodeVisible(s.edges[e].from, lvl) && s.nodeVisible(s.edges[e].to, lvl)
}

// settle is the end of a load: the arena and the class table lose their
// spare capacity, and the id tables go where binary search can stand in for them (every slot
// live, index order id order).
func (s *index) settle() {
	if spare := cap(s.arena) - len(s.arena); spare > len(s.arena)/64 {
		s.arena = append(make([]byte, 0, len(s.arena)), s.arena...)
	}
	s.classes.settle()
	if s.nodesOrdered && s.liveNodes == len(s.nodes) {
		s.nodeByID.slots = nil
		s.nodeKeys.build(len(s.nodes), func(n uint32) string { return s.nodes[n].id() })
	}
	if s.edgesOrdered && s.liveEdges == len(s.edges) {
		s.edgeByID.slots = nil
	}
}

// class is edge e's type and dates.
func (s *Store) class(e uint32) edgeClass {
	if c := s.edges[e].class(); c != classSpill {
		return s.classes.list[c]
	}
	return s.classes.spilled[e]
}

// setClass gives edge e the class c.
func (s *Store) setClass(e uint32, c edgeClass) {
	i := s.classes.intern(c)
	if i == classSpill {
		s.classes.spilled[e] = c
	} else if s.edges[e].class() == classSpill {
		delete(s.classes.spilled, e)
	}
	s.edges[e].cls = [3]uint8{uint8(i), uint8(i >> 8), uint8(i >> 16)}
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
