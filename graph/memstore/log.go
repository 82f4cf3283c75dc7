package memstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"linkchart/graph"
)

// The file holds one bucket, "log": every write in the order it was made,
// as chunk values under 8-byte big-endian sequence numbers. A chunk is
//
//	chunkVersion, flags, then entries: tag byte, uint32 length (little
//	endian), record
//
// where a record is a source, node or edge in the encoding of codec.go, or
// for a tombstone the id of the node or edge deleted. A write is one bbolt
// transaction appending one or more chunks of about chunkTarget bytes, so a
// bulk batch is a few large sequential page writes and one fsync rather
// than a B+tree insert per record.
//
// Open replays the log in order, last writer wins. A chunk flagged
// chunkInserts belongs to a write none of whose ids were in the store when
// it was made; a run of such chunks is applied as one batch (no id can
// repeat inside it), which is what a log written by imports is. Other
// chunks are applied one by one, and a node tombstone removes the node's
// edges too, as DeleteNode did. When more than half of the log's entries
// are dead (replaced, deleted, or tombstones), a write rewrites the log from
// the index in one transaction (compactLog).
//
// Files of the earlier layout (buckets nodes, edges and sources, one key
// per record) are converted on Open, in one transaction.

var (
	bucketLog = []byte("log")

	// The buckets of the earlier layout, converted by Open.
	oldBuckets = [][]byte{[]byte("sources"), []byte("nodes"), []byte("edges")}
	oldTags    = []byte{tagSource, tagNode, tagEdge}
)

const (
	chunkVersion = 1
	chunkInserts = 1 // flag: no id of the chunk's write was in the store
	chunkTarget  = 1 << 20
	entryHeader  = 5 // tag and length

	tagSource   = 's'
	tagNode     = 'n'
	tagEdge     = 'e'
	tagDropNode = 'N'
	tagDropEdge = 'E'

	// The log is compacted when dead entries outnumber live ones and it has
	// at least this many.
	minCompact = 4096
)

// logState is where the log stands: the key of the next chunk and how many
// entries the log holds (live records, replaced ones and tombstones).
type logState struct {
	next    uint64
	entries int
	compact int // entries from which compaction is tried (raised after a failure)
}

// logWriter encodes entries into chunks cut from one buffer.
type logWriter struct {
	flags   byte
	buf     []byte
	start   int // of the current chunk
	at      int // of the current entry's record
	chunks  [][]byte
	entries int
}

// newLogWriter makes a writer for about size bytes of entries, in buf when
// it is large enough.
func newLogWriter(flags byte, size int, buf []byte) *logWriter {
	if size += 2 * (size/chunkTarget + 1); cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	w := &logWriter{flags: flags, buf: buf[:0]}
	w.buf = append(w.buf, chunkVersion, flags)
	return w
}

// maxReused bounds the encoding buffer a store keeps for its next write.
const maxReused = 32 << 20

// reuse keeps w's buffer for the next write, once its chunks are committed.
func (s *Store) reuse(w *logWriter) {
	if cap(w.buf) <= maxReused {
		s.logBuf = w.buf[:0]
	}
}

// begin starts an entry; the record is appended to w.buf, then end.
func (w *logWriter) begin(tag byte) {
	if len(w.buf)-w.start >= chunkTarget {
		w.chunks = append(w.chunks, w.buf[w.start:len(w.buf):len(w.buf)])
		w.start = len(w.buf)
		w.buf = append(w.buf, chunkVersion, w.flags)
	}
	w.buf = append(w.buf, tag, 0, 0, 0, 0)
	w.at = len(w.buf)
}

func (w *logWriter) end() {
	binary.LittleEndian.PutUint32(w.buf[w.at-4:w.at], uint32(len(w.buf)-w.at))
	w.entries++
}

func (w *logWriter) add(tag byte, rec []byte) {
	w.begin(tag)
	w.buf = append(w.buf, rec...)
	w.end()
}

// setFlags marks the chunks as those of an insert-only write, or not, and
// ends the last one (done).
func (w *logWriter) setFlags(inserts bool) {
	w.flags = 0
	if inserts {
		w.flags = chunkInserts
	}
	for _, c := range w.done() {
		c[1] = w.flags
	}
}

// done returns the chunks.
func (w *logWriter) done() [][]byte {
	if len(w.buf) > w.start+2 {
		w.chunks = append(w.chunks, w.buf[w.start:len(w.buf):len(w.buf)])
	}
	w.start = len(w.buf)
	return w.chunks
}

// encodeBatch encodes a batch as log chunks, in buf if it is large enough:
// sources, nodes, then edges, each with its defaults filled in. The
// chunks' flags are set later (setFlags).
func encodeBatch(b graph.Batch, buf []byte) *logWriter {
	size := 0
	for i := range b.Sources {
		size += entryHeader + sourceSize(&b.Sources[i])
	}
	for i := range b.Nodes {
		size += entryHeader + nodeSize(&b.Nodes[i])
	}
	for i := range b.Edges {
		size += entryHeader + edgeSize(&b.Edges[i])
	}
	w := newLogWriter(0, size, buf)
	for i := range b.Sources {
		x := b.Sources[i]
		x.Normalize()
		w.begin(tagSource)
		w.buf = appendSource(w.buf, &x)
		w.end()
	}
	for i := range b.Nodes {
		x := canonicalNode(&b.Nodes[i])
		w.begin(tagNode)
		w.buf = appendNode(w.buf, &x)
		w.end()
	}
	for i := range b.Edges {
		x := &b.Edges[i]
		// Normalize's defaults without copying the edge (the grade is not
		// encoded).
		cred, mark := x.Credibility, x.Marking
		if cred == 0 {
			cred = graph.CredibilityUnknown
		}
		if mark == "" {
			mark = graph.Clear
		}
		w.begin(tagEdge)
		w.buf = appendEdgeWith(w.buf, x, cred, mark)
		w.end()
	}
	return w
}

// Sizes a little above the encoded ones (a varint length per string is
// counted as three bytes), to size the buffer once.
func strsSize(ss []string) int {
	n := 3
	for _, s := range ss {
		n += 3 + len(s)
	}
	return n
}

func propsSize(m map[string]string) int {
	n := 3
	for k, v := range m {
		n += 6 + len(k) + len(v)
	}
	return n
}

func sourceSize(x *graph.Source) int {
	return 1 + 3*8 + len(x.ID) + len(x.Title) + len(x.Publisher) + len(x.Author) + len(x.Date) + len(x.URL) + 1 + len(x.Reliability) + len(x.Note)
}

func nodeSize(x *graph.Node) int {
	return 1 + 3*7 + len(x.ID) + len(graph.Organization) + len(x.Name) + len(x.Summary) + len(graph.Clear) + strsSize(x.Aliases) + propsSize(x.Props)
}

func edgeSize(x *graph.Edge) int {
	return 1 + 3*11 + len(x.ID) + len(x.Type) + len(x.From) + len(x.To) + len(x.Since) + len(x.Until) + len(x.Note) + len(graph.Clear) + len(x.Marking) + strsSize(x.Sources) + propsSize(x.Props)
}

// appendLog writes chunks under keys next, next+1, ... in one synced
// transaction.
// The write's history entry (pendingRev), if any, goes in the same
// transaction.
func (s *Store) appendLog(next uint64, chunks [][]byte) error {
	rev, redirects := s.pendingRev, s.pendingRedirects
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := putChunks(tx.Bucket(bucketLog), next, chunks); err != nil {
			return err
		}
		if err := putRedirects(tx, redirects); err != nil {
			return err
		}
		return putRevision(tx, rev)
	})
}

func putChunks(lb *bolt.Bucket, next uint64, chunks [][]byte) error {
	lb.FillPercent = 1 // keys only ever grow
	var k [8]byte
	for i, c := range chunks {
		binary.BigEndian.PutUint64(k[:], next+uint64(i))
		if err := lb.Put(k[:], c); err != nil {
			return fmt.Errorf("log chunk %d: %w", next+uint64(i), err)
		}
	}
	return nil
}

// logged records chunks of a write that has committed.
func (s *Store) logged(w *logWriter) {
	s.log.next += uint64(len(w.chunks))
	s.log.entries += w.entries
}

// live is how many records the index holds (the log's live entries).
func (s *Store) live() int { return len(s.sources) + s.liveNodes + s.liveEdges }

// maybeCompactLog rewrites the log when more than half of it is dead. A
// failure leaves the log as it was (the write that led here has committed)
// and is tried again once the log has grown by half.
func (s *Store) maybeCompactLog() {
	if s.log.entries < max(minCompact, s.log.compact) || s.log.entries <= 2*s.live() {
		return
	}
	if err := s.compactLog(); err != nil {
		s.log.compact = s.log.entries + s.log.entries/2
	}
}

// compactLog rewrites the log as the index's live records, in one
// transaction.
func (s *Store) compactLog() error {
	w := newLogWriter(chunkInserts, 64*s.live(), nil)
	for i := range s.sources {
		w.begin(tagSource)
		w.buf = appendSource(w.buf, &s.sources[i])
		w.end()
	}
	// x and e view block and dates (and the records) only until they are
	// encoded: both buffers are reused for the next record.
	var block []string
	var x graph.Node
	for n := range s.nodes {
		if s.nmeta[n]&nodeAlive == 0 {
			continue
		}
		s.nodeOut(&x, uint32(n), &block)
		if len(x.Aliases) == 0 {
			x.Aliases = nil
		}
		if len(x.Props) == 0 {
			x.Props = nil
		}
		w.begin(tagNode)
		w.buf = appendNode(w.buf, &x)
		w.end()
		block = block[:0]
	}
	sc := s.getScratch()
	defer s.putScratch(sc)
	var dates []byte
	var e graph.Edge
	for i := range s.edges {
		if s.edges[i].meta&edgeAlive == 0 {
			continue
		}
		s.edgeOut(&e, uint32(i), &block, &dates, sc)
		w.begin(tagEdge)
		w.buf = appendEdgeWith(w.buf, &e, e.Credibility, e.Marking)
		w.end()
		block, dates, sc.cited = block[:0], dates[:0], sc.cited[:0]
	}
	chunks := w.done()
	if err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketLog); err != nil {
			return err
		}
		lb, err := tx.CreateBucket(bucketLog)
		if err != nil {
			return err
		}
		return putChunks(lb, 1, chunks)
	}); err != nil {
		return fmt.Errorf("compact the log: %w", err)
	}
	s.log = logState{next: uint64(len(chunks)) + 1, entries: w.entries}
	return nil
}

// ---- Open ----

// prepareFile makes sure the file has the log bucket, converting a file of
// the earlier layout (one key per record) in the same transaction.
func prepareFile(tx *bolt.Tx) error {
	if tx.Bucket(bucketLog) != nil {
		// An older linkchart that opened this file made the buckets of
		// its layout and may have written there: refuse rather than lose
		// those writes.
		for _, name := range oldBuckets {
			if b := tx.Bucket(name); b != nil && b.Stats().KeyN > 0 {
				return fmt.Errorf("the file holds both the log and records in bucket %q of the earlier layout, written by an older linkchart after a newer one: export it with the older linkchart and import the export into a new file", name)
			}
		}
		return nil
	}
	lb, err := tx.CreateBucket(bucketLog)
	if err != nil {
		return err
	}
	w := newLogWriter(chunkInserts, 0, nil)
	found := false
	for i, name := range oldBuckets {
		ob := tx.Bucket(name)
		if ob == nil {
			continue
		}
		found = true
		if err := ob.ForEach(func(k, v []byte) error {
			w.add(oldTags[i], v)
			return nil
		}); err != nil {
			return err
		}
	}
	if !found {
		return nil
	}
	if err := putChunks(lb, 1, w.done()); err != nil {
		return fmt.Errorf("convert to the log layout: %w", err)
	}
	for _, name := range oldBuckets {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return fmt.Errorf("convert to the log layout: %w", err)
			}
		}
	}
	return nil
}

// chunkInfo is one chunk of the log as load reads it.
type chunkInfo struct {
	key   uint64
	flags byte
	data  []byte // the entries
	drops bool   // holds tombstones
	// Where its sources, nodes and edges start in load's refs, and where
	// they end.
	start, end [3]int
}

// recRef is a record of the log: its id's first bytes (prefixKey) and the
// record, viewing the file's map.
type recRef struct {
	key uint64
	rec []byte
}

// recID is the id a record starts with (codec.go), viewing rec: valid
// while the transaction that maps rec is open.
func recID(rec []byte) string {
	d := decoder{b: rec[1:]}
	return tempString(d.bytes())
}

func compareRefs(a, b recRef) int {
	switch {
	case a.key < b.key:
		return -1
	case a.key > b.key:
		return 1
	}
	return strings.Compare(recID(a.rec), recID(b.rec))
}

// sortRefs sorts refs by id, a large run in two halves on two cores, then
// merged.
func sortRefs(refs []recRef) {
	if slices.IsSortedFunc(refs, compareRefs) {
		return
	}
	if len(refs) < 1<<16 || runtime.GOMAXPROCS(0) < 2 {
		slices.SortFunc(refs, compareRefs)
		return
	}
	a, b := refs[:len(refs)/2], refs[len(refs)/2:]
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(a, compareRefs) })
	slices.SortFunc(b, compareRefs)
	wg.Wait()
	a = slices.Clone(a)
	i, j := 0, 0
	for k := range refs {
		if j == len(b) || i < len(a) && compareRefs(a[i], b[j]) <= 0 {
			refs[k] = a[i]
			i++
		} else {
			refs[k] = b[j]
			j++
		}
	}
}

var errMixedChunk = errors.New("a chunk holds both records and tombstones")

// load rebuilds the index by replaying the log. Runs of insert-only chunks
// are applied as one batch each, in id order (so that index order is id
// order after loading what imports wrote); tombstones and other chunks in
// the order they were written.
func (s *Store) load() error {
	return s.db.View(func(tx *bolt.Tx) error {
		var chunks []chunkInfo
		var refs [3][]recRef // sources, nodes, edges
		c := tx.Bucket(bucketLog).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			ci, err := scanChunk(k, v, &refs)
			if err != nil {
				return err
			}
			chunks = append(chunks, ci)
			s.log.next = ci.key + 1
		}
		s.log.next = max(s.log.next, 1)
		s.log.entries = len(refs[0]) + len(refs[1]) + len(refs[2])
		// The runs to apply as one batch: [from, to) of chunks.
		type run struct{ from, to int }
		var runs []run
		from := 0
		for i := range chunks {
			if chunks[i].drops || chunks[i].flags&chunkInserts == 0 {
				if from < i {
					runs = append(runs, run{from, i})
				}
				if !chunks[i].drops {
					runs = append(runs, run{i, i + 1})
				}
				from = i + 1
			}
		}
		if from < len(chunks) {
			runs = append(runs, run{from, len(chunks)})
		}
		for _, r := range runs {
			for k := range refs {
				sortRefs(refs[k][chunks[r.from].start[k]:chunks[r.to-1].end[k]])
			}
		}
		all, err := decodeRefs(&refs)
		if err != nil {
			return err
		}
		for i, ci := range chunks {
			if len(runs) > 0 && runs[0].from == i {
				a, z := &chunks[runs[0].from], &chunks[runs[0].to-1]
				s.apply(graph.Batch{
					Sources: all.Sources[a.start[0]:z.end[0]],
					Nodes:   all.Nodes[a.start[1]:z.end[1]],
					Edges:   all.Edges[a.start[2]:z.end[2]],
				}, nil, a.flags&chunkInserts != 0)
				runs = runs[1:]
			}
			if ci.drops {
				s.replayDrops(&ci)
			}
		}
		return nil
	})
}

// scanChunk checks a chunk's framing and adds its records to refs.
func scanChunk(k, v []byte, refs *[3][]recRef) (chunkInfo, error) {
	var ci chunkInfo
	if len(k) != 8 {
		return ci, fmt.Errorf("log key %x: %w", k, errCorrupt)
	}
	ci.key = binary.BigEndian.Uint64(k)
	if len(v) < 2 || v[0] != chunkVersion {
		ver := -1
		if len(v) > 0 {
			ver = int(v[0])
		}
		return ci, fmt.Errorf("log chunk %d: unknown chunk version %d (written by a newer linkchart?): %w", ci.key, ver, errCorrupt)
	}
	ci.flags, ci.data = v[1], v[2:]
	for k := range refs {
		ci.start[k] = len(refs[k])
	}
	for b := ci.data; len(b) > 0; {
		if len(b) < entryHeader {
			return ci, fmt.Errorf("log chunk %d: %w", ci.key, errCorrupt)
		}
		n := int(binary.LittleEndian.Uint32(b[1:entryHeader]))
		if len(b)-entryHeader < n {
			return ci, fmt.Errorf("log chunk %d: %w", ci.key, errCorrupt)
		}
		rec := b[entryHeader : entryHeader+n : entryHeader+n]
		k := -1
		switch b[0] {
		case tagSource:
			k = 0
		case tagNode:
			k = 1
		case tagEdge:
			k = 2
		case tagDropNode, tagDropEdge:
			ci.drops = true
		default:
			return ci, fmt.Errorf("log chunk %d: unknown entry tag %q: %w", ci.key, b[0], errCorrupt)
		}
		if k >= 0 {
			if len(rec) == 0 || rec[0] != codecVersion {
				return ci, fmt.Errorf("log chunk %d: %w: unknown encoding version", ci.key, errCorrupt)
			}
			refs[k] = append(refs[k], recRef{prefixKey(recID(rec)), rec})
		}
		b = b[entryHeader+n:]
	}
	for k := range refs {
		ci.end[k] = len(refs[k])
	}
	if ci.drops && ci.end != ci.start {
		return ci, fmt.Errorf("log chunk %d: %w", ci.key, errMixedChunk)
	}
	return ci, nil
}

// decodeRefs decodes every record, on every core.
func decodeRefs(refs *[3][]recRef) (graph.Batch, error) {
	all := graph.Batch{
		Sources: make([]graph.Source, len(refs[0])),
		Nodes:   make([]graph.Node, len(refs[1])),
		Edges:   make([]graph.Edge, len(refs[2])),
	}
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			part := func(n int) (int, int) { return n * w / workers, n * (w + 1) / workers }
			var err error
			a, z := part(len(refs[0]))
			for i := a; i < z && err == nil; i++ {
				all.Sources[i], err = decodeSource(refs[0][i].rec)
			}
			a, z = part(len(refs[1]))
			for i := a; i < z && err == nil; i++ {
				all.Nodes[i], err = decodeNode(refs[1][i].rec)
			}
			var block []string
			a, z = part(len(refs[2]))
			for i := a; i < z && err == nil; i++ {
				all.Edges[i], err = decodeEdge(refs[2][i].rec, &block)
			}
			errs[w] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return all, fmt.Errorf("log: %w", err)
	}
	return all, nil
}

// replayDrops applies a chunk of tombstones.
func (s *Store) replayDrops(ci *chunkInfo) {
	for b := ci.data; len(b) > 0; {
		tag := b[0]
		l := int(binary.LittleEndian.Uint32(b[1:entryHeader]))
		id := string(b[entryHeader : entryHeader+l])
		b = b[entryHeader+l:]
		s.log.entries++
		switch tag {
		case tagDropNode:
			if n, ok := s.lookupNode(id); ok {
				s.dropNode(n)
			}
		case tagDropEdge:
			if e, ok := s.lookupEdge(id); ok {
				s.removeEdge(e)
			}
		}
	}
	s.schema = [4]*graph.Schema{}
	s.wgen++
	s.maybeCompactArena()
}

// canonicalNode is n with defaults filled in and the kind and marking strings
// shared with the package constants (no copy per node in memory).
func canonicalNode(n *graph.Node) graph.Node {
	x := *n
	x.Kind = graph.Kinds[kindIndex(x.Kind)]
	x.Marking = graph.Markings[level(x.Marking)]
	if len(x.Aliases) == 0 {
		x.Aliases = nil
	}
	if len(x.Props) == 0 {
		x.Props = nil
	}
	return x
}
