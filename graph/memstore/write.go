package memstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	"linkchart/graph"
)

// Upsert writes a batch atomically, replacing records with the same id.
func (s *Store) Upsert(ctx context.Context, b graph.Batch) error {
	return s.write(ctx, "upsert", b, false)
}

// Create is Upsert that refuses a batch holding an id already in the store.
func (s *Store) Create(ctx context.Context, b graph.Batch) error {
	return s.write(ctx, "create", b, true)
}

func (s *Store) write(ctx context.Context, op string, b graph.Batch, create bool) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("%s: %w", op, graph.ErrUnavailable)
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
	w := encodeBatch(b)
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
// checks the batch and sees whether any of its ids is in the store, while
// the other plans the edges' ends (planEnds) and encodes the log chunks;
// both only read the index. The ends found are those the check would look
// up, so when every one was found the check does not look them up again.
// Once the batch is admitted the second core commits the chunks; a bulk
// batch (64k records or more) meanwhile builds the index on the first, and
// if the commit then fails the index is rebuilt from the file, so nothing
// of the batch is ever seen. Readers wait on the lock throughout.
func (s *Store) writeLarge(ctx context.Context, op string, b graph.Batch, create bool) error {
	type plan struct {
		ends  []uint32
		found bool
	}
	type commit struct {
		w   *logWriter
		err error
	}
	plans := make(chan plan, 1)
	flags := make(chan bool, 1) // inserts, or closed: drop the batch
	commits := make(chan commit, 1)
	next := s.log.next
	go func() {
		ends, found := s.planEnds(b)
		plans <- plan{ends, found}
		w := encodeBatch(b)
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
			close(flags)
		}
	}()
	checked := graph.CheckBatch(b, anyNode, s.hasSource)
	inserts := s.onlyInserts(b)
	p := <-plans
	if !p.found {
		hasNode := func(id string) bool { _, ok := s.lookupNode(id); return ok }
		checked = graph.CheckBatch(b, hasNode, s.hasSource)
	}
	if err := s.admit(ctx, b, create, checked); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	admitted = true
	flags <- inserts
	if len(b.Edges)+len(b.Nodes) < 1<<16 {
		c := <-commits
		if c.err != nil {
			return fmt.Errorf("%s: commit: %w", op, c.err)
		}
		s.logged(c.w)
		s.apply(b, p.ends, inserts)
		s.maybeCompactLog()
		return nil
	}
	s.apply(b, p.ends, inserts)
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
	s.maybeCompactLog()
	return nil
}

// anyNode answers the check's question for a batch whose edge ends were
// all found by planEnds.
func anyNode(string) bool { return true }

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
		for i := range b.Edges {
			if _, ok := s.lookupEdge(b.Edges[i].ID); ok {
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

// DeleteNode removes a node and every edge that touches it.
func (s *Store) DeleteNode(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete entity %s: %w", id, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("delete entity %s: %w", id, graph.ErrUnavailable)
	}
	n, ok := s.lookupNode(id)
	if !ok {
		return fmt.Errorf("delete entity %s: %w", id, graph.ErrNotFound)
	}
	if err := s.logDrop(tagDropNode, id); err != nil {
		return fmt.Errorf("delete entity %s: %w", id, err)
	}
	s.dropNode(n)
	s.schema = [4]*graph.Schema{}
	s.wgen++
	s.maybeCompactArena()
	s.maybeCompactLog()
	return nil
}

// dropNode removes node n and its edges from the index.
func (s *Store) dropNode(n uint32) {
	var edges []uint32
	for i := 0; i < len(s.adj[n]); i += 2 {
		edges = append(edges, s.adj[n][i])
	}
	for _, e := range edges {
		s.removeEdge(e)
	}
	s.removeNode(n)
}

// DeleteEdge removes one edge.
func (s *Store) DeleteEdge(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete relation %s: %w", id, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("delete relation %s: %w", id, graph.ErrUnavailable)
	}
	e, ok := s.lookupEdge(id)
	if !ok {
		return fmt.Errorf("delete relation %s: %w", id, graph.ErrNotFound)
	}
	if err := s.logDrop(tagDropEdge, id); err != nil {
		return fmt.Errorf("delete relation %s: %w", id, err)
	}
	s.removeEdge(e)
	s.schema = [4]*graph.Schema{}
	s.wgen++
	s.maybeCompactArena()
	s.maybeCompactLog()
	return nil
}

// logDrop appends a tombstone to the log.
func (s *Store) logDrop(tag byte, id string) error {
	w := newLogWriter(0, entryHeader+len(id))
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

// planEnds gives the node indexes of every edge's ends (from, to pairs) as
// apply will assign them: existing nodes keep theirs, new ones take free
// slots from the end of freeNodes, then new indexes, in batch order (as
// putNode does). It only reads the index, so it runs while the batch is
// being checked. found is false when an edge end is neither in the batch
// nor in the store (then the batch does not check and ends is no use).
func (s *Store) planEnds(b graph.Batch) (ends []uint32, found bool) {
	if len(b.Edges) == 0 {
		return nil, true
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
	ends = make([]uint32, 2*len(b.Edges))
	found = true
	end := func(id string) uint32 {
		if idx, ok := planned[id]; ok {
			return idx
		}
		idx, ok := s.lookupNode(id)
		found = found && ok
		return idx
	}
	for i := range b.Edges {
		ends[2*i], ends[2*i+1] = end(b.Edges[i].From), end(b.Edges[i].To)
	}
	return ends, found
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
		s.sources = append(s.sources, x)
		s.sourceKey = append(s.sourceKey, prefixKey(x.ID))
	}
	if len(b.Nodes) >= 1024 {
		s.nodes = slices.Grow(s.nodes, len(b.Nodes))
		s.nmeta = slices.Grow(s.nmeta, len(b.Nodes))
		s.nodeKey = slices.Grow(s.nodeKey, len(b.Nodes))
		s.adj = slices.Grow(s.adj, len(b.Nodes))
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
		s.growAdjacency(b.Edges, ends, fresh)
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
			s.edgeByID.reserve(len(b.Edges), s.edgeIDString)
		}
		var cold []byte
		for i := range b.Edges {
			cold = s.putEdge(&b.Edges[i], ends[2*i], ends[2*i+1], fresh, cold[:0])
		}
	}
	if relChanged {
		s.recomputeRel()
	}
	s.updateSearch()
	s.maybeCompactArena()
}

// maybeCompactArena copies the live cold records into a fresh arena once
// more than half of it is dead (replaced or deleted edges). Answers already
// handed out keep the old arena alive until they are dropped.
func (s *Store) maybeCompactArena() {
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
			s.nodeKey = append(s.nodeKey, 0)
			s.adj = append(s.adj, nil)
		}
		s.liveNodes++
	}
	x := canonicalNode(n)
	s.nodes[idx].rec, s.nodes[idx].idLen = nodeFields(&x), uint8(len(x.ID))
	if !ok {
		s.nodeByID.insert(x.ID, idx, s.nodeID)
	}
	s.nmeta[idx] = kindIndex(x.Kind) | level(x.Marking)<<3 | nodeAlive
	s.nodeKey[idx] = prefixKey(x.ID)
	s.search.add(idx, x.Name, x.Aliases)
}

func (s *Store) removeNode(n uint32) {
	s.nodeByID.remove(s.nodes[n].id(), s.nodeID)
	s.nodes[n] = nodeRec{}
	s.nmeta[n] = 0
	s.adj[n] = nil
	s.search.remove(n)
	s.freeNodes = append(s.freeNodes, n)
	s.liveNodes--
}

// growAdjacency makes room in one allocation for the new edges of a large
// batch, so that loading a million edges does not regrow slices one by one.
func (s *Store) growAdjacency(edges []graph.Edge, ends []uint32, fresh bool) {
	if len(edges) < 1024 {
		return
	}
	add := make([]uint32, len(s.nodes))
	for i := range edges {
		if !fresh {
			if _, ok := s.lookupEdge(edges[i].ID); ok {
				continue
			}
		}
		f, t := ends[2*i], ends[2*i+1]
		add[f] += 2
		if t != f {
			add[t] += 2
		}
	}
	total := 0
	for n, a := range add {
		if a > 0 && cap(s.adj[n])-len(s.adj[n]) < int(a) {
			total += len(s.adj[n]) + int(a)
		}
	}
	chunk := make([]uint32, total)
	for n, a := range add {
		if a > 0 && cap(s.adj[n])-len(s.adj[n]) < int(a) {
			l := len(s.adj[n])
			ns := chunk[: l : l+int(a)]
			copy(ns, s.adj[n])
			s.adj[n] = ns
			chunk = chunk[l+int(a):]
		}
	}
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

// putEdge writes one edge into the index; cold is a scratch buffer.
func (s *Store) putEdge(x *graph.Edge, from, to uint32, fresh bool, cold []byte) []byte {
	rel := uint8(5)
	cold = binary.AppendUvarint(cold, uint64(len(x.ID)))
	cold = append(cold, x.ID...)
	cold = binary.AppendUvarint(cold, uint64(len(x.Sources)))
	for _, src := range x.Sources {
		i := s.sourceByID[src]
		cold = binary.AppendUvarint(cold, uint64(i))
		rel = min(rel, relIndex(s.sources[i].Reliability))
	}
	cold = binary.AppendUvarint(cold, uint64(len(x.Note)))
	cold = append(cold, x.Note...)
	e := encoder{b: cold}
	e.props(x.Props)
	cold = e.b

	var idx uint32
	exists := false
	if !fresh {
		idx, exists = s.lookupEdge(x.ID)
	}
	meta := level(x.Marking) | edgeAlive
	if exists {
		s.arenaDead += s.coldSize(idx)
		r := &s.edges[idx]
		switch {
		case r.from != from || r.to != to:
			s.unlink(idx)
			r.from, r.to, r.meta = from, to, meta
			s.link(idx)
		case r.meta != meta:
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
		s.link(idx)
		s.liveEdges++
	}
	cred := x.Credibility
	if !graph.ValidCredibility(cred) {
		cred = graph.CredibilityUnknown
	}
	s.edges[idx].typ = s.typeIndex(x.Type)
	s.edges[idx].meta = meta
	s.edges[idx].grade = rel<<4 | uint8(cred)
	s.edges[idx].since = packDate(x.Since)
	s.edges[idx].until = packDate(x.Until)
	s.edges[idx].off = uint32(len(s.arena))
	s.arena = append(s.arena, cold...)
	if !exists {
		s.edgeByID.insert(x.ID, idx, s.edgeIDString)
	}
	return cold
}

// remark rewrites the marking kept in e's adjacency entries.
func (s *Store) remark(e uint32, mark uint8) {
	for _, n := range [2]uint32{s.edges[e].from, s.edges[e].to} {
		a := s.adj[n]
		for i := 0; i < len(a); i += 2 {
			if a[i] == e {
				a[i+1] = a[i+1]&^(3<<endShift) | uint32(mark)<<endShift
			}
		}
	}
}

func (s *Store) link(e uint32) {
	f, t := s.edges[e].from, s.edges[e].to
	m := uint32(s.edges[e].meta&3) << endShift
	// The from end's pairs at the edges' from end come first: the new
	// one takes the place of the first other pair, which moves last.
	a := append(s.adj[f], e, t|m|outBit)
	if k := 2 * s.nodes[f].nout; int(k) < len(a)-2 {
		a[len(a)-2], a[len(a)-1] = a[k], a[k+1]
		a[k], a[k+1] = e, t|m|outBit
	}
	s.adj[f] = a
	s.nodes[f].nout++
	if t != f {
		s.adj[t] = append(s.adj[t], e, f|m)
	}
}

func (s *Store) unlink(e uint32) {
	drop := func(n uint32) {
		a := s.adj[n]
		for i := 0; i < len(a); i += 2 {
			if a[i] != e {
				continue
			}
			if k := int(2 * (s.nodes[n].nout - 1)); a[i+1]&outBit != 0 {
				// Keep the from-end pairs first: the last of them fills
				// the hole, and the last pair fills its place.
				a[i], a[i+1] = a[k], a[k+1]
				i = k
				s.nodes[n].nout--
			}
			a[i], a[i+1] = a[len(a)-2], a[len(a)-1]
			s.adj[n] = a[:len(a)-2]
			return
		}
	}
	drop(s.edges[e].from)
	if s.edges[e].to != s.edges[e].from {
		drop(s.edges[e].to)
	}
}

func (s *Store) removeEdge(e uint32) {
	s.edgeByID.remove(s.edgeIDString(e), s.edgeIDString)
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
		s.edges[e].grade = rel<<4 | s.edges[e].cred()
	}
}

// coldRec is an edge's decoded cold record (views into the arena).
type coldRec struct {
	id    []byte
	srcs  []byte // nsrc uvarints
	nsrc  int
	note  []byte
	props []byte
	size  int
}

func (s *Store) readCold(e uint32) coldRec {
	b := s.arena[s.edges[e].off:]
	start := len(b)
	var c coldRec
	n, k := binary.Uvarint(b)
	c.id, b = b[k:k+int(n)], b[k+int(n):]
	n, k = binary.Uvarint(b)
	c.nsrc = int(n)
	b = b[k:]
	srcStart := b
	for range c.nsrc {
		_, k = binary.Uvarint(b)
		b = b[k:]
	}
	c.srcs = srcStart[:len(srcStart)-len(b)]
	n, k = binary.Uvarint(b)
	c.note, b = b[k:k+int(n)], b[k+int(n):]
	c.props = b
	np, k := binary.Uvarint(b)
	b = b[k:]
	for range 2 * np {
		n, k = binary.Uvarint(b)
		b = b[k+int(n):]
	}
	c.props = c.props[:len(c.props)-len(b)]
	c.size = start - len(b)
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
