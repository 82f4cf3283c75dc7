package memstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"linkchart/graph"
)

// The history (graph.Historian) is the bucket "history" of the store's
// file: one JSON graph.Revision per write under its 8-byte big-endian
// number, put in the write's own bbolt transaction (appendLog), so a write
// and its entry commit together. The log's compaction leaves it alone.
var bucketHistory = []byte("history")

var _ graph.Historian = (*Store)(nil)

// putRevision numbers rev after the last recorded one and stores it in tx
// (nothing for nil).
func putRevision(tx *bolt.Tx, rev *graph.Revision) error {
	if rev == nil {
		return nil
	}
	hb, err := tx.CreateBucketIfNotExists(bucketHistory)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	n := uint64(1)
	if k, _ := hb.Cursor().Last(); k != nil {
		n = binary.BigEndian.Uint64(k) + 1
	}
	rev.Rev = int64(n)
	v, err := json.Marshal(rev)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], n)
	return hb.Put(k[:], v)
}

// opName is the recorded operation of a write method's op string.
func opName(op string) string {
	switch {
	case strings.HasPrefix(op, "update"):
		return "update"
	case strings.HasPrefix(op, "create"):
		return "create"
	case strings.HasPrefix(op, "delete"):
		return "delete"
	}
	return op
}

// nodeMarking is the marking of node id, in b or the store ("" when
// absent).
func (s *Store) nodeMarking(id string, b *graph.Batch) graph.Marking {
	for i := range b.Nodes {
		if b.Nodes[i].ID == id {
			return b.Nodes[i].Marking
		}
	}
	if n, ok := s.lookupNode(id); ok {
		return graph.Markings[(s.nmeta[n]>>3)&3]
	}
	return graph.Clear
}

// recordBatch makes the history entry of writing b (the write lock held).
func (s *Store) recordBatch(ctx context.Context, op string, b graph.Batch) {
	rev := graph.NewRevision(ctx, opName(op))
	sc := s.getScratch()
	defer s.putScratch(sc)
	full := func() bool { return len(rev.Changes) >= graph.MaxRecordedChanges }
	for i := range b.Sources {
		x := b.Sources[i]
		if full() {
			rev.Add(graph.KindSource, x.ID, "", nil, nil)
			continue
		}
		var before *graph.Source
		if j, ok := s.sourceByID[x.ID]; ok {
			old := s.sources[j]
			before = &old
		}
		x.Normalize()
		rev.Add(graph.KindSource, x.ID, graph.Clear, before, &x)
	}
	for i := range b.Nodes {
		x := b.Nodes[i]
		if full() {
			rev.Add(graph.KindEntity, x.ID, "", nil, nil)
			continue
		}
		m := x.Marking
		var before *graph.Node
		if n, ok := s.lookupNode(x.ID); ok {
			old := s.answer(sc, []uint32{n}, nil).Nodes[0]
			before, m = &old, m.Max(old.Marking)
		}
		x = canonicalNode(&x)
		rev.Add(graph.KindEntity, x.ID, m, before, &x)
	}
	for i := range b.Edges {
		x := b.Edges[i]
		if full() {
			rev.Add(graph.KindRelation, x.ID, "", nil, nil)
			continue
		}
		x.Normalize()
		m := x.Marking.Max(s.nodeMarking(x.From, &b)).Max(s.nodeMarking(x.To, &b))
		var before *graph.Edge
		if e, ok := s.lookupEdge(x.ID); ok {
			old := s.answer(sc, nil, []uint32{e}).Edges[0]
			before = &old
			m = m.Max(old.Marking).Max(s.nodeMarking(old.From, &b)).Max(s.nodeMarking(old.To, &b))
		}
		rev.Add(graph.KindRelation, x.ID, m, before, &x)
	}
	s.pendingRev = rev
}

// edgeChange adds edge e's removal to rev.
func (s *Store) edgeChange(sc *scratch, rev *graph.Revision, e uint32) {
	old := s.answer(sc, nil, []uint32{e}).Edges[0]
	m := old.Marking.Max(s.nodeMarking(old.From, &graph.Batch{})).Max(s.nodeMarking(old.To, &graph.Batch{}))
	rev.Add(graph.KindRelation, old.ID, m, &old, nil)
}

// recordDeleteNode makes the history entry of deleting node n and its
// edges.
func (s *Store) recordDeleteNode(ctx context.Context, n uint32) {
	rev := graph.NewRevision(ctx, "delete")
	sc := s.getScratch()
	defer s.putScratch(sc)
	old := s.answer(sc, []uint32{n}, nil).Nodes[0]
	rev.Add(graph.KindEntity, old.ID, old.Marking, &old, nil)
	for i, a := 0, s.adjOf(n); i < len(a); i += 2 {
		s.edgeChange(sc, rev, a[i])
	}
	s.pendingRev = rev
}

// recordDeleteEdge makes the history entry of deleting edge e.
func (s *Store) recordDeleteEdge(ctx context.Context, e uint32) {
	rev := graph.NewRevision(ctx, "delete")
	sc := s.getScratch()
	defer s.putScratch(sc)
	s.edgeChange(sc, rev, e)
	s.pendingRev = rev
}

// History answers a graph.HistoryQuery from the file, newest first.
func (s *Store) History(ctx context.Context, q graph.HistoryQuery) ([]graph.Revision, error) {
	limit := graph.ClampLimit(q.Limit, graph.DefaultHits)
	out := []graph.Revision{}
	err := s.db.View(func(tx *bolt.Tx) error {
		hb := tx.Bucket(bucketHistory)
		if hb == nil {
			return nil
		}
		c := hb.Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if q.ID != "" && !strings.Contains(string(v), `"id":"`+q.ID+`"`) {
				continue
			}
			var r graph.Revision
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("revision %d: %w", binary.BigEndian.Uint64(k), err)
			}
			if r, ok := r.Visible(q.Clearance, q.ID); ok {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return out, nil
}

// Revision is the number of the last recorded write.
func (s *Store) Revision(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		if hb := tx.Bucket(bucketHistory); hb != nil {
			if k, _ := hb.Cursor().Last(); k != nil {
				n = int64(binary.BigEndian.Uint64(k))
			}
		}
		return nil
	})
	return n, err
}

// readRevision reads revision rev.
func (s *Store) readRevision(rev int64) (graph.Revision, error) {
	var r graph.Revision
	err := s.db.View(func(tx *bolt.Tx) error {
		hb := tx.Bucket(bucketHistory)
		if hb == nil || rev <= 0 {
			return graph.ErrNotFound
		}
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], uint64(rev))
		v := hb.Get(k[:])
		if v == nil {
			return graph.ErrNotFound
		}
		return json.Unmarshal(v, &r)
	})
	return r, err
}

// current is record (kind, id) as it is now (nil when absent).
func (s *Store) current(sc *scratch, kind, id string) any {
	switch kind {
	case graph.KindEntity:
		if n, ok := s.lookupNode(id); ok {
			x := s.answer(sc, []uint32{n}, nil).Nodes[0]
			return &x
		}
	case graph.KindRelation:
		if e, ok := s.lookupEdge(id); ok {
			x := s.answer(sc, nil, []uint32{e}).Edges[0]
			return &x
		}
	case graph.KindRedirect:
		if to, _ := s.redirect(id); to != "" {
			return to
		}
	default:
		if j, ok := s.sourceByID[id]; ok {
			x := s.sources[j]
			return &x
		}
	}
	return nil
}

// Revert writes the before of each change of revision rev in one write.
func (s *Store) Revert(ctx context.Context, rev int64, clearance graph.Marking) (graph.Revision, error) {
	op := fmt.Sprintf("revert %d", rev)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.Revision{}, fmt.Errorf("%s: %w", op, graph.ErrUnavailable)
	}
	r, err := s.readRevision(rev)
	if err != nil {
		return graph.Revision{}, fmt.Errorf("%s: %w", op, err)
	}
	for _, c := range r.Changes {
		if !clearance.Allows(c.Marking) {
			return graph.Revision{}, fmt.Errorf("%s: %w", op, graph.ErrNotFound)
		}
	}
	sc := s.getScratch()
	for _, c := range r.Changes {
		if !graph.SameRecord(s.current(sc, c.Kind, c.ID), c.After) {
			s.putScratch(sc)
			return graph.Revision{}, fmt.Errorf("%s: %s %s was changed by a later revision; revert that first: %w", op, c.Kind, c.ID, graph.ErrConflict)
		}
	}
	s.putScratch(sc)
	u, err := r.Inverse()
	if err != nil {
		return graph.Revision{}, fmt.Errorf("%s: %w", op, err)
	}
	out, err := s.writeChanges(graph.WithOp(ctx, "revert"), op, u, clearance, func(x *graph.Revision) { x.Reverts = rev })
	if err != nil {
		return graph.Revision{}, err
	}
	return out, nil
}

// writeChanges writes b and deletes dropEdges and dropNodes (their edges
// with them) as one bbolt transaction with its history entry; the write
// lock is held. tune adjusts the entry.
func (s *Store) writeChanges(ctx context.Context, op string, u graph.Undo, cl graph.Marking, tune func(*graph.Revision)) (graph.Revision, error) {
	b, dropEdges, dropNodes := u.Batch, u.DropEdges, u.DropNodes
	if err := s.checkScope(b, cl, false); err != nil {
		return graph.Revision{}, fmt.Errorf("%s: %w", op, err)
	}
	hasNode := func(id string) bool { _, ok := s.lookupNode(id); return ok }
	if err := s.admit(ctx, b, false, graph.CheckBatch(b, hasNode, s.hasSource)); err != nil {
		return graph.Revision{}, fmt.Errorf("%s: %w", op, err)
	}
	s.recordBatch(ctx, op, b)
	defer func() { s.pendingRev = nil }()
	rev := s.pendingRev
	sc := s.getScratch()
	var edges, nodes []uint32
	for _, id := range dropEdges {
		if e, ok := s.lookupEdge(id); ok {
			s.edgeChange(sc, rev, e)
			edges = append(edges, e)
		}
	}
	for _, id := range dropNodes {
		if n, ok := s.lookupNode(id); ok {
			old := s.answer(sc, []uint32{n}, nil).Nodes[0]
			rev.Add(graph.KindEntity, id, old.Marking, &old, nil)
			nodes = append(nodes, n)
		}
	}
	s.putScratch(sc)
	for id, into := range u.Redirects {
		old, err := s.redirect(id)
		if err != nil {
			return graph.Revision{}, fmt.Errorf("%s: %w", op, err)
		}
		rev.Add(graph.KindRedirect, id, s.nodeMarking(into, &b).Max(s.nodeMarking(id, &b)), old, into)
	}
	s.pendingRedirects = u.Redirects
	defer func() { s.pendingRedirects = nil }()
	if tune != nil {
		tune(rev)
	}
	w := encodeBatch(b, nil)
	for _, id := range dropEdges {
		w.begin(tagDropEdge)
		w.buf = append(w.buf, id...)
		w.end()
	}
	for _, id := range dropNodes {
		w.begin(tagDropNode)
		w.buf = append(w.buf, id...)
		w.end()
	}
	w.done()
	if err := s.appendLog(s.log.next, w.chunks); err != nil {
		return graph.Revision{}, fmt.Errorf("%s: commit: %w", op, err)
	}
	s.logged(w)
	if !b.Empty() {
		s.apply(b, nil, false)
	}
	for _, e := range edges {
		s.removeEdge(e)
	}
	for _, n := range nodes {
		s.dropNode(n)
	}
	s.schema = [4]*graph.Schema{}
	s.wgen++
	s.maybeCompactArena()
	s.maybeBuildAdjacency()
	s.maybeCompactLog()
	return *rev, nil
}
