package memstore

import (
	"context"
	"fmt"

	"linkchart/graph"
)

// writeLarge writes a batch of 4096 records or more on both cores: one
// checks the batch, while the other plans the edges' ends (planEnds) and
// encodes the log chunks, and each sees whether any of half the batch's ids
// is in the store; both only read the index. The ends found are those the check would look
// up, so when every one was found the check does not look them up again.
// Once the batch is admitted the second core commits the chunks; a bulk
// batch (64k records or more) meanwhile builds the index on the first, and
// if the commit then fails the index is rebuilt from the file, so nothing
// of the batch is ever seen. Readers wait on the lock throughout.
func (s *Store) writeLarge(ctx context.Context, op string, b graph.Batch, create bool) error {
	type plan struct {
		found   bool // for the ends planned on the second core
		inserts bool // for the second half of the edges
	}
	type commit struct {
		w   *logWriter
		err error
	}
	if 2*len(b.Edges)+len(b.Nodes) >= len(s.nodes)/16 {
		s.buildNodeTable() // for the many lookups, before planEnds runs beside the check
	}
	planned := make(chan map[string]uint32, 1)
	plans := make(chan plan, 1)
	flags := make(chan bool, 1) // inserts, or closed: drop the batch
	commits := make(chan commit, 1)
	next := s.log.next
	half := len(b.Edges) / 2 // onlyInserts looks up each half on one core
	// The second core plans the ends of the edges before split, the first
	// those after, once it has checked the batch (the check is the
	// cheaper part).
	split := len(b.Edges) - len(b.Edges)/4
	ends := make([]uint32, 2*len(b.Edges))
	buf := s.logBuf
	s.logBuf = nil
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		m := s.planNodes(b)
		planned <- m
		found := s.planEnds(m, b.Edges[:split], ends)
		plans <- plan{found, s.onlyInserts(graph.Batch{Edges: b.Edges[half:]})}
		w := encodeBatch(b, buf)
		w.done()
		inserts, ok := <-flags
		if !ok {
			return
		}
		w.setFlags(inserts)
		commits <- commit{w, s.appendLog(next, w.chunks)}
	}()
	admitted := false
	defer func() {
		if !admitted {
			// The batch is the caller's again once this returns.
			close(flags)
			<-finished
		}
	}()
	checked := graph.CheckBatchEndsFound(b, s.hasSource)
	inserts := s.onlyInserts(graph.Batch{Sources: b.Sources, Nodes: b.Nodes, Edges: b.Edges[:half]})
	found := s.planEnds(<-planned, b.Edges[split:], ends[2*split:])
	p := <-plans
	inserts = inserts && p.inserts
	if !found || !p.found {
		hasNode := func(id string) bool { _, ok := s.lookupNode(id); return ok }
		checked = graph.CheckBatch(b, hasNode, s.hasSource)
	}
	if err := s.admit(ctx, b, create, checked); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	admitted = true
	flags <- inserts
	if len(b.Edges) == 0 {
		ends = nil
	}
	if len(b.Edges)+len(b.Nodes) < 1<<16 {
		c := <-commits
		if c.err != nil {
			return fmt.Errorf("%s: commit: %w", op, c.err)
		}
		s.logged(c.w)
		s.reuse(c.w)
		s.apply(b, ends, inserts)
		s.maybeCompactLog()
		return nil
	}
	s.apply(b, ends, inserts)
	c := <-commits
	if c.err != nil {
		if rerr := s.reload(); rerr != nil {
			s.closed = true
			_ = s.db.Close()
			return fmt.Errorf("%s: commit: %w; reloading the index: %v: %w", op, c.err, rerr, graph.ErrUnavailable)
		}
		return fmt.Errorf("%s: commit: %w", op, c.err)
	}
	s.logged(c.w)
	s.reuse(c.w)
	s.maybeCompactLog()
	return nil
}

// planNodes gives the node index of every node of b as apply will assign
// them: existing nodes keep theirs, new ones take free slots from the end
// of freeNodes, then new indexes, in batch order (as putNode does). It
// only reads the index, so it runs while the batch is being checked.
func (s *Store) planNodes(b graph.Batch) map[string]uint32 {
	if len(b.Edges) == 0 {
		return nil
	}
	planned := make(map[string]uint32, len(b.Nodes))
	free, next := len(s.freeNodes), uint32(len(s.nodes))
	for i := range b.Nodes {
		id := b.Nodes[i].ID
		switch idx, ok := s.lookupNode(id); {
		case ok:
			planned[id] = idx
		case free > 0:
			free--
			planned[id] = s.freeNodes[free]
		default:
			planned[id] = next
			next++
		}
	}
	return planned
}

// planEnds writes the node indexes of the ends of edges (from, to pairs)
// as apply will assign them into ends, given the batch's planned nodes
// (planNodes). It only reads the index. found is false when an edge end
// is neither in the batch nor in the store (then the batch does not check
// and ends is no use).
func (s *Store) planEnds(planned map[string]uint32, edges []graph.Edge, ends []uint32) (found bool) {
	found = true
	end := func(id string) uint32 {
		if idx, ok := planned[id]; ok {
			return idx
		}
		idx, ok := s.lookupNode(id)
		found = found && ok
		return idx
	}
	for i := range edges {
		ends[2*i], ends[2*i+1] = end(edges[i].From), end(edges[i].To)
	}
	return found
}

// checkPlan makes apply verify planned ends (set by tests).
var checkPlan = false
