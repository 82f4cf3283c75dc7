package memstore

import (
	"encoding/binary"
	"slices"

	"linkchart/graph"
)

// apply puts a checked batch into the index: after its commit, or, for a
// bulk batch, while it commits (writeLarge rebuilds the index from the file
// if the commit fails; readers wait on the lock throughout); ends are the
// edges' ends from planEnds, or nil; inserts says that no id of b is in the
// store (onlyInserts), so that its edges need not be looked up.
func (s *Store) apply(b graph.Batch, ends []uint32, inserts bool) {
	s.schema = [4]*graph.Schema{}
	s.wgen++
	relChanged := s.applySources(b.Sources)
	if len(b.Nodes) >= 1024 {
		s.nodes = slices.Grow(s.nodes, len(b.Nodes))
		s.nmeta = slices.Grow(s.nmeta, len(b.Nodes))
		s.nodeByID.reserve(len(b.Nodes), s.nodeID)
	}
	for i := range b.Nodes {
		s.putNode(&b.Nodes[i])
	}
	if len(b.Edges) > 0 {
		s.applyEdges(b.Edges, ends, inserts)
	}
	if relChanged {
		s.recomputeRel()
	}
	s.updateSearch()
	s.maybeCompactArena()
	s.maybeBuildAdjacency()
}

// applySources puts the batch's sources into the index and reports
// whether the reliability of one already there changed.
func (s *Store) applySources(sources []graph.Source) (relChanged bool) {
	for i := range sources {
		x := sources[i]
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
	return relChanged
}

// applyEdges puts the batch's edges into the index (see apply).
func (s *Store) applyEdges(edges []graph.Edge, ends []uint32, inserts bool) {
	s.makeArenaRoom(edges)
	if ends == nil || checkPlan {
		resolved := make([]uint32, 2*len(edges))
		for i := range edges {
			resolved[2*i], _ = s.lookupNode(edges[i].From)
			resolved[2*i+1], _ = s.lookupNode(edges[i].To)
		}
		if ends != nil && !slices.Equal(ends, resolved) {
			panic("memstore: planned edge ends differ from the assigned ones")
		}
		ends = resolved
	}
	fresh := inserts || s.liveEdges == 0 // no edge of the batch can exist yet
	// A bulk batch only writes the edge records; the adjacency is then
	// rebuilt whole, packed and sorted, in one pass.
	bulk := len(edges) >= bulkEdges && len(edges)*16 >= s.liveEdges
	var indexed chan struct{} // closed once the edges' ids are in edgeByID
	if len(edges) >= 1024 {
		// Grow once and exactly rather than by append's doubling.
		cold := 0
		for i := range edges {
			x := &edges[i]
			cold += 4 + len(x.ID) + len(x.Note) + 2*len(x.Sources)
			for k, v := range x.Props {
				cold += 2 + len(k) + len(v)
			}
		}
		s.edges = slices.Grow(s.edges, len(edges))
		s.arena = slices.Grow(s.arena, cold)
		if !s.edgeByID.active() && !s.appendsInOrder(edges) {
			s.buildEdgeTable() // now, before the batch fills it
		}
		switch {
		case !s.edgeByID.active():
			// Appended in id order: binary search finds them.
		case fresh && bulk:
			indexed = make(chan struct{})
			index := s.edgeIDIndexer(edges)
			go func() {
				defer close(indexed)
				index()
			}()
		default:
			s.edgeByID.reserve(len(edges), s.writeKey)
		}
	}
	// New edges that all go to the end are merged into the adjacency
	// (the store's part is read once, in order), others rebuild it.
	merge, lo := fresh && len(s.freeEdges) == 0, len(s.edges)
	var cold []byte
	for i := range edges {
		cold = s.putEdge(&edges[i], ends[2*i], ends[2*i+1], fresh, !bulk, indexed == nil, cold[:0])
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

func (s *Store) putNode(n *graph.Node) {
	idx, ok := s.lookupNode(n.ID)
	if !ok {
		if i, ok := popFree(&s.freeNodes); ok {
			idx = i
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
			idx, ok := popFree(&free)
			if !ok {
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
		if i, ok := popFree(&s.freeEdges); ok {
			idx = i
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

// popFree takes the last index of a free list (putEdge and edgeIDIndexer
// must agree on the order).
func popFree(free *[]uint32) (uint32, bool) {
	k := len(*free)
	if k == 0 {
		return 0, false
	}
	idx := (*free)[k-1]
	*free = (*free)[:k-1]
	return idx, true
}
