package memstore

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"

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
	if len(s.nodes)+len(b.Nodes) > maxIndex || len(s.edges)+len(b.Edges) > maxIndex {
		return fmt.Errorf("the store holds at most %d nodes and as many edges: %w", maxIndex+1, graph.ErrInvalid)
	}
	if create {
		if err := s.checkAbsent(b); err != nil {
			return err
		}
	}
	return ctx.Err()
}

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
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete entity %s: %w", id, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("delete entity %s: %w", id, graph.ErrUnavailable)
	}
	lvl := level(graph.WriteClearance(clearance))
	n, ok := s.lookupNode(id)
	if !ok || !s.nodeVisible(n, lvl) {
		return fmt.Errorf("delete entity %s: %w", id, graph.ErrNotFound)
	}
	if err := s.checkEdgesVisible(n, lvl); err != nil {
		return fmt.Errorf("delete entity %s: %w", id, err)
	}
	if err := s.logDrop(tagDropNode, id); err != nil {
		return fmt.Errorf("delete entity %s: %w", id, err)
	}
	s.dropNode(n)
	s.schema = [4]*graph.Schema{}
	s.wgen++
	s.maybeCompactArena()
	s.maybeBuildAdjacency()
	s.maybeCompactLog()
	return nil
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
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete relation %s: %w", id, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("delete relation %s: %w", id, graph.ErrUnavailable)
	}
	e, ok := s.lookupEdge(id)
	if !ok || !s.edgeVisible(e, level(graph.WriteClearance(clearance))) {
		return fmt.Errorf("delete relation %s: %w", id, graph.ErrNotFound)
	}
	if err := s.logDrop(tagDropEdge, id); err != nil {
		return fmt.Errorf("delete relation %s: %w", id, err)
	}
	s.removeEdge(e)
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

// apply puts a checked and committed batch into the index; ends are the
// edges' ends from planEnds, or nil; inserts says that no id of b is in the
// store (onlyInserts), so that its edges need not be looked up.
func (s *Store) apply(b graph.Batch, ends []uint32, inserts bool) {
	s.schema = [4]*graph.Schema{}
	s.wgen++
	relChanged := false
	for i := range b.Sources {
		x := b.Sources[i]
		x.Normalize()
		if idx, ok := s.sourceByID[x.ID]; ok {
			relChanged = relChanged || s.sources[idx].Reliability != x.Reliability
			s.sources[idx] = x
			continue
		}
		s.sourceByID[x.ID] = uint32(len(s.sources))
		s.sourcesOrdered = s.sourcesOrdered && (len(s.sources) == 0 || s.sources[len(s.sources)-1].ID < x.ID)
		s.sources = append(s.sources, x)
		s.sourceKey = append(s.sourceKey, prefixKey(x.ID))
	}
	if len(b.Nodes) >= 1024 {
		s.nodes = slices.Grow(s.nodes, len(b.Nodes))
		s.nmeta = slices.Grow(s.nmeta, len(b.Nodes))
		s.nodeByID.reserve(len(b.Nodes), s.nodeID)
	}
	for i := range b.Nodes {
		s.putNode(&b.Nodes[i])
	}
	if len(b.Edges) > 0 {
		if ends == nil || checkPlan {
			resolved := make([]uint32, 2*len(b.Edges))
			for i := range b.Edges {
				resolved[2*i], _ = s.lookupNode(b.Edges[i].From)
				resolved[2*i+1], _ = s.lookupNode(b.Edges[i].To)
			}
			if ends != nil && !slices.Equal(ends, resolved) {
				panic("memstore: planned edge ends differ from the assigned ones")
			}
			ends = resolved
		}
		fresh := inserts || s.liveEdges == 0 // no edge of the batch can exist yet
		// A bulk batch only writes the edge records; the adjacency is then
		// rebuilt whole, packed and sorted, in one pass.
		bulk := len(b.Edges) >= bulkEdges && len(b.Edges)*16 >= s.liveEdges
		var indexed chan struct{} // closed once the edges' ids are in edgeByID
		if len(b.Edges) >= 1024 {
			// Grow once and exactly rather than by append's doubling.
			cold := 0
			for i := range b.Edges {
				x := &b.Edges[i]
				cold += 4 + len(x.ID) + len(x.Note) + 2*len(x.Sources)
				for k, v := range x.Props {
					cold += 2 + len(k) + len(v)
				}
			}
			s.edges = slices.Grow(s.edges, len(b.Edges))
			s.arena = slices.Grow(s.arena, cold)
			if !s.edgeByID.active() && !s.appendsInOrder(b.Edges) {
				s.buildEdgeTable() // now, before the batch fills it
			}
			switch {
			case !s.edgeByID.active():
				// Appended in id order: binary search finds them.
			case fresh && bulk:
				indexed = make(chan struct{})
				index := s.edgeIDIndexer(b.Edges)
				go func() {
					defer close(indexed)
					index()
				}()
			default:
				s.edgeByID.reserve(len(b.Edges), s.writeKey)
			}
		}
		// New edges that all go to the end are merged into the adjacency
		// (the store's part is read once, in order), others rebuild it.
		merge, lo := fresh && len(s.freeEdges) == 0, len(s.edges)
		var cold []byte
		for i := range b.Edges {
			cold = s.putEdge(&b.Edges[i], ends[2*i], ends[2*i+1], fresh, !bulk, indexed == nil, cold[:0])
		}
		switch {
		case bulk && merge && lo > 0:
			s.mergeAdjacency(lo)
		case bulk:
			s.buildAdjacency()
		}
		if indexed != nil {
			<-indexed
		}
	}
	if relChanged {
		s.recomputeRel()
	}
	s.updateSearch()
	s.maybeCompactArena()
	s.maybeBuildAdjacency()
}

// maybeCompactArena copies the live cold records into a fresh arena once
// more than half of it is dead (replaced or deleted edges). Answers already
// handed out keep the old arena alive until they are dropped.
func (s *Store) maybeCompactArena() {
	if nb := &s.nodeBytes; nb.dead >= 1<<20 && nb.dead >= nb.live {
		fresh := chunks{}
		for i := range s.nodes {
			if r := &s.nodes[i]; r.p != nil {
				*r = fresh.put(unsafeBytes(r.rec()))
			}
		}
		*nb = fresh
	}
	if s.arenaDead < 1<<20 || s.arenaDead < len(s.arena)/2 {
		return
	}
	fresh := make([]byte, 0, len(s.arena)-s.arenaDead+1024)
	for e := range s.edges {
		r := &s.edges[e]
		if r.meta&edgeAlive == 0 {
			continue
		}
		c := s.readCold(uint32(e))
		off := len(fresh)
		fresh = append(fresh, s.arena[r.off:int(r.off)+c.size]...)
		r.off = uint32(off)
	}
	s.arena = fresh
	s.arenaDead = 0
}

func (s *Store) putNode(n *graph.Node) {
	idx, ok := s.lookupNode(n.ID)
	if !ok {
		if k := len(s.freeNodes); k > 0 {
			idx = s.freeNodes[k-1]
			s.freeNodes = s.freeNodes[:k-1]
		} else {
			idx = uint32(len(s.nodes))
			s.nodes = append(s.nodes, nodeRec{})
			s.nmeta = append(s.nmeta, 0)
		}
		s.liveNodes++
	}
	x := canonicalNode(n)
	if ok {
		s.nodeBytes.drop(s.nodes[idx])
	}
	s.enc = appendNodeFields(s.enc[:0], &x)
	s.nodes[idx] = s.nodeBytes.put(s.enc)
	s.nmeta[idx] = kindIndex(x.Kind) | level(x.Marking)<<3 | nodeAlive
	if !ok {
		s.nodeByID.insert(x.ID, idx, s.nodeID)
		if !s.nodeByID.active() {
			s.nodeKeys.add(idx, x.ID)
		}
		if s.nodesOrdered && !inOrder(idx, len(s.nodes), x.ID,
			func(i uint32) bool { return s.nmeta[i]&nodeAlive != 0 }, s.nodeID) {
			s.nodesOrdered = false
			s.buildNodeTable()
		}
	}
	s.search.add(idx, x.Name, x.Aliases)
}

func (s *Store) removeNode(n uint32) {
	s.buildNodeTable() // a dead slot would break search
	s.nodeByID.remove(s.nodes[n].id(), s.nodeID)
	s.nodeBytes.drop(s.nodes[n])
	s.nodes[n] = nodeRec{}
	s.nmeta[n] = 0
	s.markMoved(n) // no pairs
	s.movedWords -= len(s.moved[n])
	delete(s.moved, n)
	s.search.remove(n)
	s.freeNodes = append(s.freeNodes, n)
	s.liveNodes--
}

func (s *Store) typeIndex(t string) uint16 {
	if i, ok := s.typeByName[t]; ok {
		return i
	}
	i := uint16(len(s.types))
	s.types = append(s.types, t)
	s.typeByName[t] = i
	return i
}

// edgeIDIndexer returns a function that puts the ids of edges (none of
// them in the store) into edgeByID with the indexes that putEdge
// gives them: free slots from the end of freeEdges, then new indexes, in
// batch order. It runs on the other core while apply writes the edges'
// records (putEdge told not to index them), which must have grown edges
// and the arena for the batch first: it reads the ids of the edges already
// in the table (to rehash it) through a copy of the index as it is now,
// whose records and arena bytes the writes leave alone.
func (s *Store) edgeIDIndexer(edges []graph.Edge) func() {
	was := &Store{index: &index{edges: s.edges, arena: s.arena}}
	free, next := s.freeEdges, uint32(len(s.edges))
	t := &s.edgeByID
	return func() {
		t.reserve(len(edges), was.writeKey)
		for i := range edges {
			var idx uint32
			if k := len(free); k > 0 {
				idx, free = free[k-1], free[:k-1]
			} else {
				idx = next
				next++
			}
			t.insert(edges[i].ID, idx, was.writeKey)
		}
	}
}

// putEdge writes one edge into the index; cold is a scratch buffer. With
// link false it leaves the adjacency as it is (buildAdjacency follows);
// with index false it leaves edgeByID as it is (indexEdgeIDs does it).
func (s *Store) putEdge(x *graph.Edge, from, to uint32, fresh, link, index bool, cold []byte) []byte {
	rel := uint8(5)
	cred := x.Credibility
	if !graph.ValidCredibility(cred) {
		cred = graph.CredibilityUnknown
	}
	cold = appendColdHead(cold, x, cred)
	for _, src := range x.Sources {
		i := s.sourceByID[src]
		cold = binary.AppendUvarint(cold, uint64(i))
		rel = min(rel, relIndex(s.sources[i].Reliability))
	}
	cold = appendColdTail(cold, x)

	var idx uint32
	exists := false
	if !fresh {
		idx, exists = s.findEdge(x.ID, s.writeKey)
	}
	meta := level(x.Marking) | edgeAlive
	if exists {
		s.arenaDead += s.coldSize(idx)
		r := &s.edges[idx]
		switch {
		case !link:
			r.from, r.to, r.meta = from, to, meta
		case r.from != from || r.to != to:
			s.unlink(idx)
			r.from, r.to, r.meta = from, to, meta
			s.link(idx)
		case r.meta&edgeLive != meta:
			s.remark(idx, meta&3)
		}
	} else {
		if k := len(s.freeEdges); k > 0 {
			idx = s.freeEdges[k-1]
			s.freeEdges = s.freeEdges[:k-1]
		} else {
			idx = uint32(len(s.edges))
			s.edges = append(s.edges, edgeRec{})
		}
		s.edges[idx].from, s.edges[idx].to, s.edges[idx].meta = from, to, meta
		if link {
			s.link(idx)
		}
		s.liveEdges++
	}
	s.edges[idx].meta = meta | rel<<relShift
	s.setClass(idx, edgeClass{since: packDate(x.Since), until: packDate(x.Until), typ: s.typeIndex(x.Type)})
	s.edges[idx].off = uint32(len(s.arena))
	s.arena = append(s.arena, cold...)
	if !exists {
		if index {
			s.edgeByID.insert(x.ID, idx, s.writeKey)
		}
		if s.edgesOrdered && !inOrder(idx, len(s.edges), x.ID,
			func(i uint32) bool { return s.edges[i].meta&edgeAlive != 0 }, s.writeKey) {
			s.edgesOrdered = false
			if index { // else edgeByID is built, being filled on the other core
				s.buildEdgeTable()
			}
		}
	}
	return cold
}

// remark rewrites the marking kept in e's adjacency entries (in place: the
// words are the index's own).
func (s *Store) remark(e uint32, mark uint8) {
	for _, n := range [2]uint32{s.edges[e].from, s.edges[e].to} {
		a := s.adjOf(n)
		for i := 0; i < len(a); i += 2 {
			if a[i] == e {
				a[i+1] = a[i+1]&^(3<<endShift) | uint32(mark)<<endShift
			}
		}
	}
}

// own gives node n's list in moved (see index.moved: the count of pairs
// at their edges' from end, then the pairs), copied out of the packed
// array on the first change, with room for extra more words.
func (s *Store) own(n uint32, extra int) []uint32 {
	if i := 2 * int(n); i+2 >= len(s.adjIdx) || s.adjIdx[i+1]&movedFlag != 0 {
		if l := s.moved[n]; l != nil {
			return l
		}
		l := make([]uint32, 1, 1+extra)
		s.moved[n] = l
		return l
	}
	out, in := s.runs(n)
	c := make([]uint32, 1, 1+len(out)+len(in)+max(extra, (len(out)+len(in))/8))
	c[0] = uint32(len(out) / 2)
	c = append(append(c, out...), in...)
	s.markMoved(n)
	s.moved[n] = c
	s.movedWords += len(c)
	return c
}

// pairAt is where pair (e, other end v) belongs in run, a run sorted by
// (other end, edge).
func pairAt(run []uint32, v, e uint32) int {
	lo, hi := 0, len(run)/2
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if w := run[2*m+1] & endMask; w < v || (w == v && run[2*m] < e) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return 2 * lo
}

// insertPair puts (e, w) at word i of a.
func insertPair(a []uint32, i int, e, w uint32) []uint32 {
	a = append(a, 0, 0)
	copy(a[i+2:], a[i:])
	a[i], a[i+1] = e, w
	return a
}

// link adds edge e's pairs at both its ends, in sorted place.
func (s *Store) link(e uint32) {
	f, t := s.edges[e].from, s.edges[e].to
	m := uint32(s.edges[e].meta&3) << endShift
	a := s.own(f, 2)
	k := 1 + 2*int(a[0])
	a = insertPair(a, 1+pairAt(a[1:k], t, e), e, t|m|outBit)
	a[0]++
	s.moved[f] = a
	s.movedWords += 2
	if t != f {
		a = s.own(t, 2)
		k = 1 + 2*int(a[0])
		a = insertPair(a, k+pairAt(a[k:], f, e), e, f|m)
		s.moved[t] = a
		s.movedWords += 2
	}
}

// unlink removes edge e's pairs, keeping the runs in order.
func (s *Store) unlink(e uint32) {
	drop := func(n uint32) {
		a := s.own(n, 0)
		for i := 1; i < len(a); i += 2 {
			if a[i] != e {
				continue
			}
			if a[i+1]&outBit != 0 {
				a[0]--
			}
			s.moved[n] = append(a[:i], a[i+2:]...)
			s.movedWords -= 2
			return
		}
	}
	drop(s.edges[e].from)
	if s.edges[e].to != s.edges[e].from {
		drop(s.edges[e].to)
	}
}

// bulkEdges is the least batch whose adjacency is rebuilt whole rather than
// edge by edge (and then only when the batch is 1/16 of the store or more).
const bulkEdges = 4096

// maybeBuildAdjacency packs the adjacency again once the lists moved out
// of the packed array hold a quarter as many words as it (and 64k or more),
// so the moves cost O(1) each, amortized.
func (s *Store) maybeBuildAdjacency() {
	if s.movedWords >= 1<<16 && s.movedWords >= len(s.adjData)/4 {
		s.buildAdjacency()
	}
}

// buildAdjacency builds the packed adjacency of every live edge, each run
// sorted (packRuns).
func (s *Store) buildAdjacency() {
	n := len(s.nodes)
	off, nout, data := s.packRuns(0)
	idx := make([]uint32, 2*n+1)
	for i := range n {
		idx[2*i], idx[2*i+1] = off[i], off[i]+2*nout[i]
	}
	idx[2*n] = off[n]
	s.setAdjacency(idx, data)
}

func (s *Store) setAdjacency(idx, data []uint32) {
	s.adjIdx, s.adjData = idx, data
	clear(s.moved)
	s.movedWords = 0
}

// mergeAdjacency adds the edges from index lo on, new and not yet linked,
// to the adjacency: their pairs are packed apart (packRuns), then each
// node's runs are merged with its present ones (packed or moved) in one
// sequential pass, rather than rebuilt from every edge.
func (s *Store) mergeAdjacency(lo int) {
	n := len(s.nodes)
	off, nout, add := s.packRuns(lo)
	total := len(add)
	for v := range uint32(n) {
		out, in := s.runs(v)
		total += len(out) + len(in)
	}
	data := make([]uint32, 0, total)
	idx := make([]uint32, 2*n+1)
	for v := range uint32(n) {
		out, in := s.runs(v)
		m := off[v] + 2*nout[v]
		idx[2*v] = uint32(len(data))
		data = mergePairs(data, out, add[off[v]:m])
		idx[2*v+1] = uint32(len(data))
		data = mergePairs(data, in, add[m:off[v+1]])
	}
	idx[2*n] = uint32(len(data))
	s.setAdjacency(idx, data)
}

// mergePairs appends the pairs of runs a and b, each sorted by (other
// end, edge), to dst in that order. b is the short one (a batch's new
// pairs at a node): each of its pairs is placed by binary search and the
// pairs of a before it copied in one go.
func mergePairs(dst, a, b []uint32) []uint32 {
	for i := 0; i < len(b); i += 2 {
		k := pairAt(a, b[i+1]&endMask, b[i])
		dst = append(append(dst, a[:k]...), b[i], b[i+1])
		a = a[k:]
	}
	return append(dst, a...)
}

// packRuns packs the pairs of the live edges from index lo on, node by
// node, each run sorted, in three linear passes and no sort: the pairs at
// the edges' to ends are written first in edge order (and self loops set
// aside); reading those node by node writes each from end's run in order
// of the other end; reading those node by node writes the to ends' runs
// in order. Node v's pairs are data[off[v]:off[v+1]], the nout[v] pairs at
// their edges' from end first.
func (s *Store) packRuns(lo int) (off, nout, data []uint32) {
	n := len(s.nodes)
	off = make([]uint32, n+1)
	nout = make([]uint32, n) // pairs at the edges' from end, per node
	var loops []uint32
	edges := s.edges[lo:]
	for i := range edges {
		r := &edges[i]
		if r.meta&edgeAlive == 0 {
			continue
		}
		nout[r.from]++
		off[r.from+1] += 2
		if r.to != r.from {
			off[r.to+1] += 2
		} else {
			loops = append(loops, uint32(lo+i))
		}
	}
	for i := range n {
		off[i+1] += off[i]
	}
	data = make([]uint32, off[n])
	pos := make([]uint32, n) // where each node's next in-part pair goes
	for i := range n {
		pos[i] = off[i] + 2*nout[i]
	}
	for i := range edges {
		r := &edges[i]
		if r.meta&edgeAlive != 0 && r.to != r.from {
			m := uint32(r.meta&3) << endShift
			data[pos[r.to]], data[pos[r.to]+1] = uint32(lo+i), r.from|m
			pos[r.to] += 2
		}
	}
	// Each from end's run, in order of the other end: node t's incoming
	// pairs, and its self loops, are the runs' pairs whose other end is t.
	slices.SortFunc(loops, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(s.edges[a].from, s.edges[b].from), cmp.Compare(a, b))
	})
	copy(pos, off[:n])
	for t := range uint32(n) {
		for ; len(loops) > 0 && s.edges[loops[0]].from == t; loops = loops[1:] {
			e := loops[0]
			data[pos[t]], data[pos[t]+1] = e, t|uint32(s.edges[e].meta&3)<<endShift|outBit
			pos[t] += 2
		}
		in := data[off[t]+2*nout[t] : off[t+1]]
		for i := 0; i < len(in); i += 2 {
			f, w := in[i+1]&endMask, in[i+1]&^endMask
			data[pos[f]], data[pos[f]+1] = in[i], t|w|outBit
			pos[f] += 2
		}
	}
	// The to ends' runs again, now in order of the from end.
	for i := range n {
		pos[i] = off[i] + 2*nout[i]
	}
	for f := range uint32(n) {
		out := data[off[f] : off[f]+2*nout[f]]
		for i := 0; i < len(out); i += 2 {
			if t := out[i+1] & endMask; t != f {
				data[pos[t]], data[pos[t]+1] = out[i], f|out[i+1]&^(endMask|outBit)
				pos[t] += 2
			}
		}
	}
	return off, nout, data
}

func (s *Store) removeEdge(e uint32) {
	s.buildEdgeTable() // a dead slot would break searchEdge
	s.edgeByID.remove(s.edgeIDString(e), s.writeKey)
	s.unlink(e)
	s.arenaDead += s.coldSize(e)
	s.edges[e].meta = 0
	s.freeEdges = append(s.freeEdges, e)
	s.liveEdges--
}

// recomputeRel refreshes every edge's cached best reliability after a
// source's reliability changed (rare: O(edges)).
func (s *Store) recomputeRel() {
	for e := range s.edges {
		if s.edges[e].meta&edgeAlive == 0 {
			continue
		}
		rel := uint8(5)
		c := s.readCold(uint32(e))
		for _, src := range c.sources(nil) {
			rel = min(rel, relIndex(s.sources[src].Reliability))
		}
		s.edges[e].meta = s.edges[e].meta&edgeLive | rel<<relShift
	}
}

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
