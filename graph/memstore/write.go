package memstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

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
	hasNode := func(id string) bool { _, ok := s.lookupNode(id); return ok }
	hasSource := func(id string) bool { _, ok := s.sourceByID[id]; return ok }
	// A large batch is checked on one core while the other sorts and
	// encodes its records; both only read the index.
	var checked error
	var prep *prepared
	var ends []uint32
	if len(b.Nodes)+len(b.Edges) >= 4096 {
		done := make(chan error, 1)
		go func() { done <- graph.CheckBatch(b, hasNode, hasSource) }()
		prep = prepare(b)
		ends = s.planEnds(b)
		checked = <-done
	} else {
		checked = graph.CheckBatch(b, hasNode, hasSource)
	}
	if checked != nil {
		return fmt.Errorf("%s: %w", op, checked)
	}
	if len(s.nodes)+len(b.Nodes) > maxIndex || len(s.edges)+len(b.Edges) > maxIndex {
		return fmt.Errorf("%s: the store holds at most %d nodes and as many edges: %w", op, maxIndex+1, graph.ErrInvalid)
	}
	if create {
		if err := s.checkAbsent(b); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	if b.Empty() {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if prep == nil {
		prep = prepare(b)
	}
	if len(b.Edges)+len(b.Nodes) < 1<<16 {
		if err := s.commit(prep); err != nil {
			return fmt.Errorf("%s: commit: %w", op, err)
		}
		s.apply(b, ends)
		return nil
	}
	// A bulk import commits on one core while the other builds the index.
	// Readers wait on the lock either way; if the commit fails, the index
	// is rebuilt from the file, so nothing of the batch is ever seen.
	committed := make(chan error, 1)
	go func() { committed <- s.commit(prep) }()
	s.apply(b, ends)
	if err := <-committed; err != nil {
		if rerr := s.reload(); rerr != nil {
			s.closed = true
			_ = s.db.Close()
			return fmt.Errorf("%s: commit: %w; reloading the index: %v: %w", op, err, rerr, graph.ErrUnavailable)
		}
		return fmt.Errorf("%s: commit: %w", op, err)
	}
	return nil
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

// prepared is a batch encoded for bbolt: per bucket, one buffer holding
// each record's key and then its value, in key order, and where they end
// (no pointer per record, so a bulk batch gives the collector little to
// mark, and bbolt's keys and values are slices of the buffer).
type prepared struct {
	buckets [3]struct {
		name []byte
		buf  []byte
		ends []int // per record: end of its key, end of its value
	}
}

// prepare encodes b's records and sorts them by key (bbolt is fastest
// with keys in order).
func prepare(b graph.Batch) *prepared {
	p := &prepared{}
	p.buckets[0].name = bucketSources
	p.buckets[0].buf, p.buckets[0].ends = encodeSorted(len(b.Sources),
		func(i int) string { return b.Sources[i].ID },
		func(i int) int { return sourceSize(&b.Sources[i]) },
		func(buf []byte, i int) []byte { x := b.Sources[i]; x.Normalize(); return appendSource(buf, &x) })
	p.buckets[1].name = bucketNodes
	p.buckets[1].buf, p.buckets[1].ends = encodeSorted(len(b.Nodes),
		func(i int) string { return b.Nodes[i].ID },
		func(i int) int { return nodeSize(&b.Nodes[i]) },
		func(buf []byte, i int) []byte { x := canonicalNode(&b.Nodes[i]); return appendNode(buf, &x) })
	p.buckets[2].name = bucketEdges
	p.buckets[2].buf, p.buckets[2].ends = encodeSorted(len(b.Edges),
		func(i int) string { return b.Edges[i].ID },
		func(i int) int { return edgeSize(&b.Edges[i]) },
		func(buf []byte, i int) []byte {
			x := &b.Edges[i]
			// Normalize's defaults without copying the edge (the grade is
			// not encoded).
			cred, mark := x.Credibility, x.Marking
			if cred == 0 {
				cred = graph.CredibilityUnknown
			}
			if mark == "" {
				mark = graph.Clear
			}
			return appendEdgeWith(buf, x, cred, mark)
		})
	return p
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
	return 1 + 3*6 + len(x.ID) + len(graph.Organization) + len(x.Name) + len(x.Summary) + len(graph.Clear) + strsSize(x.Aliases) + propsSize(x.Props)
}

func edgeSize(x *graph.Edge) int {
	return 1 + 3*9 + len(x.ID) + len(x.Type) + len(x.From) + len(x.To) + len(x.Since) + len(x.Until) + len(x.Note) + len(graph.Clear) + len(x.Marking) + strsSize(x.Sources) + propsSize(x.Props)
}

// commit writes a prepared batch in one synced transaction.
func (s *Store) commit(p *prepared) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, pb := range p.buckets {
			bk := tx.Bucket(pb.name)
			if len(pb.ends) >= 2*256 {
				bk.FillPercent = 0.9
			}
			start := 0
			for i := 0; i < len(pb.ends); i += 2 {
				k, v := pb.buf[start:pb.ends[i]:pb.ends[i]], pb.buf[pb.ends[i]:pb.ends[i+1]:pb.ends[i+1]]
				if err := bk.Put(k, v); err != nil {
					return fmt.Errorf("%s %s: %w", pb.name, k, err)
				}
				start = pb.ends[i+1]
			}
		}
		return nil
	})
}

// encodeSorted encodes n records in key order into one buffer, each key
// followed by its value; ends has the end of each key and of each value.
// size(i) is at least the encoded size of record i (beyond its key).
func encodeSorted(n int, key func(int) string, size func(int) int, enc func([]byte, int) []byte) ([]byte, []int) {
	if n == 0 {
		return nil, nil
	}
	// Sorted by the ids' first eight bytes as an integer (order.go), the
	// strings compared only on a tie.
	type keyed struct {
		pre uint64
		i   int32
	}
	order := make([]keyed, n)
	sorted := true
	total := 0
	prev := ""
	for i := range order {
		k := key(i)
		order[i] = keyed{prefixKey(k), int32(i)}
		if i > 0 && sorted && prev > k {
			sorted = false
		}
		prev = k
		total += len(k) + size(i)
	}
	if !sorted {
		slices.SortFunc(order, func(a, b keyed) int {
			switch {
			case a.pre < b.pre:
				return -1
			case a.pre > b.pre:
				return 1
			}
			return strings.Compare(key(int(a.i)), key(int(b.i)))
		})
	}
	buf := make([]byte, 0, total)
	ends := make([]int, 2*n)
	for i, o := range order {
		buf = append(buf, key(int(o.i))...)
		ends[2*i] = len(buf)
		buf = enc(buf, int(o.i))
		ends[2*i+1] = len(buf)
	}
	return buf, ends
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
	var edges []uint32
	for i := 0; i < len(s.adj[n]); i += 2 {
		edges = append(edges, s.adj[n][i])
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		eb := tx.Bucket(bucketEdges)
		for _, e := range edges {
			if err := eb.Delete(s.edgeIDBytes(e)); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketNodes).Delete([]byte(id))
	}); err != nil {
		return fmt.Errorf("delete entity %s: %w", id, err)
	}
	for _, e := range edges {
		s.removeEdge(e)
	}
	s.removeNode(n)
	s.schema = [4]*graph.Schema{}
	s.wgen++
	s.maybeCompactArena()
	return nil
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
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketEdges).Delete([]byte(id))
	}); err != nil {
		return fmt.Errorf("delete relation %s: %w", id, err)
	}
	s.removeEdge(e)
	s.schema = [4]*graph.Schema{}
	s.wgen++
	s.maybeCompactArena()
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
// being checked. The batch must check.
func (s *Store) planEnds(b graph.Batch) []uint32 {
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
	ends := make([]uint32, 2*len(b.Edges))
	end := func(id string) uint32 {
		if idx, ok := planned[id]; ok {
			return idx
		}
		idx, _ := s.lookupNode(id)
		return idx
	}
	for i := range b.Edges {
		ends[2*i], ends[2*i+1] = end(b.Edges[i].From), end(b.Edges[i].To)
	}
	return ends
}

// checkPlan makes apply verify planned ends (set by tests).
var checkPlan = false

// apply puts a checked and committed batch into the index; ends are the
// edges' ends from planEnds, or nil.
func (s *Store) apply(b graph.Batch, ends []uint32) {
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
		s.growAdjacency(b.Edges, ends)
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
		fresh := s.liveEdges == 0 // no edge of the batch can exist yet
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
func (s *Store) growAdjacency(edges []graph.Edge, ends []uint32) {
	if len(edges) < 1024 {
		return
	}
	add := make([]uint32, len(s.nodes))
	for i := range edges {
		if s.liveEdges > 0 {
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
