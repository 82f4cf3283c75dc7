package memstore

import (
	"context"
	"fmt"

	"linkchart/graph"
)

// Upsert writes a batch atomically, replacing records with the same id,
// within the caller's clearance when one is given (graph.CheckScope).
func (s *Store) Upsert(ctx context.Context, b graph.Batch, clearance ...graph.Marking) error {
	return s.write(ctx, "upsert", b, false, graph.WriteClearance(clearance))
}

// Create is Upsert that refuses a batch holding an id already in the store.
func (s *Store) Create(ctx context.Context, b graph.Batch, clearance ...graph.Marking) error {
	return s.write(ctx, "create", b, true, graph.WriteClearance(clearance))
}

func (s *Store) write(ctx context.Context, op string, b graph.Batch, create bool, cl graph.Marking) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeHeld(ctx, op, b, create, cl)
}

// writeHeld is write with the write lock held (UpdateNode holds it across
// its read and its write).
func (s *Store) writeHeld(ctx context.Context, op string, b graph.Batch, create bool, cl graph.Marking) error {
	if s.closed {
		return fmt.Errorf("%s: %w", op, graph.ErrUnavailable)
	}
	if err := s.checkScope(b, cl, create); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	s.recordBatch(ctx, op, b)
	defer func() { s.pendingRev = nil }()
	if len(b.Nodes)+len(b.Edges) >= 4096 {
		return s.writeLarge(ctx, op, b, create)
	}
	hasNode := func(id string) bool { _, ok := s.lookupNode(id); return ok }
	if err := s.admit(ctx, b, create, graph.CheckBatch(b, hasNode, s.hasSource)); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if b.Empty() {
		return nil
	}
	inserts := s.onlyInserts(b)
	w := encodeBatch(b, nil)
	w.setFlags(inserts)
	if err := s.appendLog(s.log.next, w.chunks); err != nil {
		return fmt.Errorf("%s: commit: %w", op, err)
	}
	s.logged(w)
	s.apply(b, nil, inserts)
	s.maybeCompactLog()
	return nil
}

func (s *Store) hasSource(id string) bool { _, ok := s.sourceByID[id]; return ok }

// admit decides whether a checked batch may be written: checked is
// CheckBatch's answer.
func (s *Store) admit(ctx context.Context, b graph.Batch, create bool, checked error) error {
	if checked != nil {
		return checked
	}
	if err := s.checkCapacity(b); err != nil {
		return err
	}
	if create {
		if err := s.checkAbsent(b); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// onlyInserts reports whether no id of b is in the store (b checked or
// not): then the write's log chunks are flagged chunkInserts.
func (s *Store) onlyInserts(b graph.Batch) bool {
	for i := range b.Sources {
		if _, ok := s.sourceByID[b.Sources[i].ID]; ok {
			return false
		}
	}
	if s.liveNodes > 0 {
		for i := range b.Nodes {
			if _, ok := s.lookupNode(b.Nodes[i].ID); ok {
				return false
			}
		}
	}
	if s.liveEdges > 0 {
		key := s.edgeKeys() // this runs on both cores at once
		for i := range b.Edges {
			if _, ok := s.findEdge(b.Edges[i].ID, key); ok {
				return false
			}
		}
	}
	return true
}

// checkAbsent reports the first id of b that is already in the store.
func (s *Store) checkAbsent(b graph.Batch) error {
	for _, x := range b.Sources {
		if _, ok := s.sourceByID[x.ID]; ok {
			return fmt.Errorf("source %q: %w", x.ID, graph.ErrAlreadyExists)
		}
	}
	for _, x := range b.Nodes {
		if _, ok := s.lookupNode(x.ID); ok {
			return fmt.Errorf("entity %q: %w", x.ID, graph.ErrAlreadyExists)
		}
	}
	for _, x := range b.Edges {
		if _, ok := s.lookupEdge(x.ID); ok {
			return fmt.Errorf("relation %q: %w", x.ID, graph.ErrAlreadyExists)
		}
	}
	return nil
}

// DeleteNode removes a node and every edge that touches it, when the
// caller's clearance (if given) sees the node and every one of those edges.
func (s *Store) DeleteNode(ctx context.Context, id string, clearance ...graph.Marking) error {
	lvl := level(graph.WriteClearance(clearance))
	return s.deleteRecord(ctx, "entity", id, tagDropNode, func() (func(), error) {
		n, ok := s.lookupNode(id)
		if !ok || !s.nodeVisible(n, lvl) {
			return nil, graph.ErrNotFound
		}
		if err := s.checkEdgesVisible(n, lvl); err != nil {
			return nil, err
		}
		s.recordDeleteNode(ctx, n)
		return func() { s.dropNode(n) }, nil
	})
}

// dropNode removes node n and its edges from the index.
func (s *Store) dropNode(n uint32) {
	var edges []uint32
	for i, a := 0, s.adjOf(n); i < len(a); i += 2 {
		edges = append(edges, a[i])
	}
	for _, e := range edges {
		s.removeEdge(e)
	}
	s.removeNode(n)
}

// DeleteEdge removes one edge, when the caller's clearance (if given)
// sees it.
func (s *Store) DeleteEdge(ctx context.Context, id string, clearance ...graph.Marking) error {
	lvl := level(graph.WriteClearance(clearance))
	return s.deleteRecord(ctx, "relation", id, tagDropEdge, func() (func(), error) {
		e, ok := s.lookupEdge(id)
		if !ok || !s.edgeVisible(e, lvl) {
			return nil, graph.ErrNotFound
		}
		s.recordDeleteEdge(ctx, e)
		return func() { s.removeEdge(e) }, nil
	})
}

// deleteRecord is the frame both deletes share: under the write lock, find says
// what to remove (or why not), the tombstone tag+id is logged, the removal
// runs and the state derived from the index is refreshed. what names the
// record in errors ("entity", "relation").
func (s *Store) deleteRecord(ctx context.Context, what, id string, tag byte, find func() (remove func(), err error)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete %s %s: %w", what, id, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("delete %s %s: %w", what, id, graph.ErrUnavailable)
	}
	remove, err := find() // records the deletion in the history (pendingRev)
	defer func() { s.pendingRev = nil }()
	if err == nil {
		err = s.logDrop(tag, id)
	}
	if err != nil {
		return fmt.Errorf("delete %s %s: %w", what, id, err)
	}
	remove()
	s.schema = [4]*graph.Schema{}
	s.wgen++
	s.maybeCompactArena()
	s.maybeBuildAdjacency()
	s.maybeCompactLog()
	return nil
}

// logDrop appends a tombstone to the log.
func (s *Store) logDrop(tag byte, id string) error {
	w := newLogWriter(0, entryHeader+len(id), nil)
	w.add(tag, []byte(id))
	if err := s.appendLog(s.log.next, w.done()); err != nil {
		return err
	}
	s.logged(w)
	return nil
}

// ---- index maintenance (called with the write lock, after the commit) ----
