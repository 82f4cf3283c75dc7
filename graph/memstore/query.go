package memstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"runtime"
	"slices"

	"linkchart/graph"
)

// edgeFilter is the edge half of a query's filters, resolved to indexes.
type edgeFilter struct {
	plain   bool // no filter but visibility
	all     bool // plain, at the highest clearance: every edge listed passes
	lvl     uint8
	types   []bool // nil: every type
	asOf    pdate
	minRel  uint8
	minCred uint8
}

func (s *Store) newFilter(types []string, asOf graph.Date, mg graph.MinGrade, clearance graph.Marking) *edgeFilter {
	f := &edgeFilter{lvl: level(clearance), asOf: packDate(asOf), minRel: 5, minCred: 6}
	if len(types) > 0 {
		f.types = make([]bool, len(s.types))
		for _, t := range types {
			if i, ok := s.typeByName[t]; ok {
				f.types[i] = true
			}
		}
	}
	if mg.Reliability != "" {
		f.minRel = relIndex(mg.Reliability)
	}
	if mg.Credibility > 0 {
		f.minCred = uint8(mg.Credibility)
	}
	f.plain = f.types == nil && f.asOf == 0 && f.minRel == 5 && f.minCred == 6
	f.all = f.plain && int(f.lvl) == len(graph.Markings)-1
	return f
}

// passAt is pass for edge e met in the adjacency of a visible node, with
// w the packed other end: without filters it needs only the marking kept
// in w and the other end's meta, not the edge record.
func (s *Store) passAt(f *edgeFilter, e, w uint32) bool {
	if f.all {
		// Adjacency lists only live edges, whose ends are live.
		return true
	}
	if f.plain {
		return w>>endShift <= uint32(f.lvl) && s.nodeVisible(w&endMask, f.lvl)
	}
	return s.pass(f, e)
}

// pass reports whether edge e passes every filter (visibility included).
func (s *Store) pass(f *edgeFilter, e uint32) bool {
	r := &s.edges[e]
	if r.meta&edgeAlive == 0 || r.meta&3 > f.lvl || !s.nodeVisible(r.from, f.lvl) || !s.nodeVisible(r.to, f.lvl) {
		return false
	}
	if f.plain {
		return true
	}
	if f.types != nil || f.asOf != 0 {
		c := s.class(e)
		if f.types != nil && !f.types[c.typ] || f.asOf != 0 && !holdsAt(c.since, c.until, f.asOf) {
			return false
		}
	}
	return r.rel() <= f.minRel && (f.minCred >= graph.CredibilityUnknown || s.cred(e) <= f.minCred)
}

func checkDate(op string, d graph.Date) error {
	if err := d.Check(); err != nil {
		return fmt.Errorf("%s: as_of: %v: %w", op, err, graph.ErrInvalid)
	}
	return nil
}

// nodeOut writes node n as an answer into x: strings view the node's
// record (immutable); aliases are carved from block and props are a map of
// the answer's own.
func (s *Store) nodeOut(x *graph.Node, n uint32, block *[]string) {
	r := &s.nodes[n]
	f := r.fields()
	// Field by field, as in edgeOut.
	x.ID = r.id()
	x.Kind = graph.Kinds[s.nodeKind(n)]
	x.Name, f = cutView(f)
	x.Summary, f = cutView(f)
	x.Marking = graph.Markings[(s.nmeta[n]>>3)&3]
	na, f := cutCount(f)
	b := *block
	if cap(b)-len(b) < na {
		b = make([]string, 0, max(64, na))
	}
	start := len(b)
	for range na {
		var a string
		a, f = cutView(f)
		b = append(b, a)
	}
	x.Aliases = b[start:len(b):len(b)]
	*block = b
	np, f := cutCount(f)
	x.Props = make(map[string]string, np)
	for range np {
		var k, v string
		k, f = cutView(f)
		v, f = cutView(f)
		x.Props[k] = v
	}
}

// cutCount cuts a count or a length (a uvarint, one byte inline) off the
// front of a node record: never more than the bytes left, and zero with
// nothing left when the record is cut short. nodeOut reads records with
// it rather than a decoder, which keeps an error state.
func cutCount(b []byte) (int, []byte) {
	v, k := uint64(0), 1
	if len(b) > 0 && b[0] < 0x80 {
		v = uint64(b[0])
	} else if v, k = binary.Uvarint(b); k <= 0 {
		return 0, nil
	}
	if v > uint64(len(b)-k) {
		return 0, nil
	}
	return int(v), b[k:]
}

// cutView cuts a length-prefixed string off the front of a record,
// viewing its bytes (immutable records only).
func cutView(b []byte) (string, []byte) {
	n, b := cutCount(b)
	return unsafeString(b[:n]), b[n:]
}

// edgeOut writes edge e as an answer into x; its sources slice is carved
// from block, and the sources it cites are added to sc.cited (once each).
func (s *Store) edgeOut(x *graph.Edge, e uint32, block *[]string, dates *[]byte, sc *scratch) {
	c := s.coldHead(e)
	r := &s.edges[e]
	// Field by field: a composite literal is built aside and copied in
	// whole (with a bulk write barrier while the collector marks).
	cl := s.class(e)
	x.ID = c.id.out(dates)
	x.Type = s.types[cl.typ]
	x.From = s.nodes[r.from].id()
	x.To = s.nodes[r.to].id()
	x.Since = dateOut(cl.since, dates)
	x.Until = dateOut(cl.until, dates)
	x.Credibility = int(c.cred)
	x.Grade = gradeStrings[r.rel()][c.cred]
	x.Note = unsafeString(c.note)
	x.Marking = graph.Markings[r.meta&3]
	x.Props = nil
	b := *block
	if cap(b)-len(b) < c.nsrc {
		b = make([]string, 0, max(64, c.nsrc))
	}
	start := len(b)
	srcs := c.srcs
	for range c.nsrc {
		v, k := binary.Uvarint(srcs)
		srcs = srcs[k:]
		b = append(b, s.sources[v].ID)
		if sc.srcs[v] != sc.gen {
			sc.srcs[v] = sc.gen
			sc.cited = append(sc.cited, uint32(v))
		}
	}
	x.Sources = b[start:len(b):len(b)]
	*block = b
	if len(c.props) > 0 && c.props[0] != 0 {
		d := decoder{b: c.props}
		x.Props = d.propsView()
	}
}

// coldHead is readCold without the size, and props running to the end
// of the arena (a decoder reads only its own).
func (s *Store) coldHead(e uint32) coldRec {
	b := s.arena[s.edges[e].off:]
	var c coldRec
	c.id, b = readColdID(b)
	var n uint64
	var k int
	head := b[0]
	b = b[1:]
	c.cred = head & coldCred
	if c.nsrc = int(head >> coldSrcShift & 7); c.nsrc == coldManySrcs {
		n, k = binary.Uvarint(b)
		c.nsrc = int(n)
		b = b[k:]
	}
	srcStart := b
	for range c.nsrc {
		if b[0] < 0x80 {
			b = b[1:]
			continue
		}
		_, k = binary.Uvarint(b)
		b = b[k:]
	}
	c.srcs = srcStart[:len(srcStart)-len(b)]
	if head&coldNote != 0 {
		n, k = binary.Uvarint(b)
		c.note, b = b[k:k+int(n)], b[k+int(n):]
	}
	if head&coldProps != 0 {
		c.props = b
	} else {
		c.rest = b
	}
	return c
}

// dateOut is p as text, written into block (an answer's bytes, never
// written again) rather than allocated per date.
func dateOut(p pdate, block *[]byte) graph.Date {
	if p == 0 {
		return ""
	}
	b := *block
	if cap(b)-len(b) < 10 {
		b = make([]byte, 0, 1024)
	}
	start := len(b)
	b = appendDate(b, p)
	*block = b
	return graph.Date(unsafeString(b[start:]))
}

// touchAhead is how many records answer decodes between touches: few
// enough that the touched lines are still in the first-level cache when
// decoded, many enough to keep a few dozen misses in flight.
const touchAhead = 32

// touchNodes reads the lines of the node records that nodeOut will decode,
// in passes without dependencies between iterations, so that the processor
// has many cache misses in flight at once instead of one or two per record
// as decoding would have.
func (s *Store) touchNodes(nodes []uint32) {
	var x byte
	for _, n := range nodes {
		if s.nodes[n].p != nil {
			x++
		}
	}
	for _, n := range nodes {
		if r := s.nodes[n].rec(); r != "" {
			x ^= r[0] ^ r[len(r)-1]
		}
	}
	runtime.KeepAlive(x)
}

// touchEdges is touchNodes for what edgeOut reads: the edge records, the
// line of their cold records and the next (which a record may run into;
// touching it measured slightly faster than not), and their ends' places
// in s.nodes.
func (s *Store) touchEdges(edges []uint32) {
	var x byte
	for _, e := range edges {
		x ^= byte(s.edges[e].off)
	}
	last := uint32(len(s.arena) - 1)
	for _, e := range edges {
		off := s.edges[e].off
		x ^= s.arena[off] ^ s.arena[min(off+64, last)]
	}
	for _, e := range edges {
		x ^= s.nodes[s.edges[e].from].present() + s.nodes[s.edges[e].to].present()
	}
	runtime.KeepAlive(x)
}

// answer materializes a subgraph from node and edge indexes (each listed
// once): sorted by id, with exactly the sources its edges cite. Records
// are decoded in blocks of touchAhead, each touched while the one before
// it is decoded.
func (s *Store) answer(sc *scratch, nodes, edges []uint32) graph.Subgraph {
	s.sortNodes(sc, nodes)
	s.sortEdges(sc, edges)
	g := graph.Subgraph{
		Nodes: make([]graph.Node, len(nodes)),
		Edges: make([]graph.Edge, len(edges)),
	}
	// One block for the aliases and the sources of the answer: a node has
	// few aliases, an edge one or two sources.
	block := make([]string, 0, len(nodes)/2+2*len(edges)+8)
	s.touchNodes(nodes[:min(touchAhead, len(nodes))])
	for i, n := range nodes {
		if i%touchAhead == 0 {
			if next := nodes[min(i+touchAhead, len(nodes)):]; len(next) > 0 {
				s.touchNodes(next[:min(touchAhead, len(next))])
			} else {
				s.touchEdges(edges[:min(touchAhead, len(edges))])
			}
		}
		s.nodeOut(&g.Nodes[i], n, &block)
	}
	if len(nodes) == 0 {
		s.touchEdges(edges[:min(touchAhead, len(edges))])
	}
	dates := make([]byte, 0, 20*len(edges))
	sc.cited = sc.cited[:0]
	for i, e := range edges {
		if i%touchAhead == 0 {
			next := edges[min(i+touchAhead, len(edges)):]
			s.touchEdges(next[:min(touchAhead, len(next))])
		}
		s.edgeOut(&g.Edges[i], e, &block, &dates, sc)
	}
	s.sortSources(sc, sc.cited)
	g.Sources = make([]graph.Source, len(sc.cited))
	for i, src := range sc.cited {
		g.Sources[i] = s.sources[src]
	}
	return g
}

// Source returns one source.
func (s *Store) Source(ctx context.Context, id string) (graph.Source, error) {
	if err := s.rlock("source " + id); err != nil {
		return graph.Source{}, err
	}
	defer s.mu.RUnlock()
	i, ok := s.sourceByID[id]
	if !ok {
		return graph.Source{}, fmt.Errorf("source %s: %w", id, graph.ErrNotFound)
	}
	return s.sources[i], nil
}

// Entity returns a node with its visible edges, their other ends and sources.
func (s *Store) Entity(ctx context.Context, id string, clearance graph.Marking) (graph.Subgraph, error) {
	if err := s.rlock("entity " + id); err != nil {
		return graph.Subgraph{}, err
	}
	defer s.mu.RUnlock()
	lvl := level(clearance)
	n, ok := s.lookupNode(id)
	if !ok || !s.nodeVisible(n, lvl) {
		return graph.Subgraph{}, fmt.Errorf("entity %s: %w", id, graph.ErrNotFound)
	}
	sc := s.getScratch()
	defer s.putScratch(sc)
	nodes := []uint32{n}
	sc.seen(n)
	var edges []uint32
	for ai, al := 0, s.adjOf(n); ai < len(al); ai += 2 {
		e := al[ai]
		if !s.edgeVisible(e, lvl) {
			continue
		}
		edges = append(edges, e)
		if o := al[ai+1] & endMask; !sc.seen(o) {
			nodes = append(nodes, o)
		}
	}
	return s.answer(sc, nodes, edges), nil
}

// Subgraph returns the visible nodes among ids and the visible edges
// between them.
func (s *Store) Subgraph(ctx context.Context, ids []string, clearance graph.Marking) (graph.Subgraph, error) {
	if err := s.rlock("subgraph"); err != nil {
		return graph.Subgraph{}, err
	}
	defer s.mu.RUnlock()
	lvl := level(clearance)
	sc := s.getScratch()
	defer s.putScratch(sc)
	var nodes []uint32
	for _, id := range ids {
		if n, ok := s.lookupNode(id); ok && s.nodeVisible(n, lvl) && !sc.seen(n) {
			nodes = append(nodes, n)
		}
	}
	f := s.newFilter(nil, "", graph.MinGrade{}, clearance)
	edges, err := s.induced(ctx, sc, nodes, f)
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("subgraph: %w", err)
	}
	return s.answer(sc, nodes, edges), nil
}

// induced lists the edges passing f between two nodes of set 0 (nodes is
// that set as a list). Each edge is taken at its from end, so once.
func (s *Store) induced(ctx context.Context, sc *scratch, nodes []uint32, f *edgeFilter) ([]uint32, error) {
	var edges []uint32
	for i, u := range nodes {
		if i&255 == 255 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for ai, al := 0, s.outOf(u); ai < len(al); ai += 2 {
			e := al[ai]
			if w := al[ai+1]; sc.in(0, w&endMask) && s.passAt(f, e, w) {
				edges = append(edges, e)
			}
		}
	}
	return edges, nil
}

// metEdge is an edge met in a walk, with its two ends.
type metEdge struct{ e, u, v uint32 }

// Neighborhood answers a NeighborhoodQuery (see graph.NeighborhoodQuery).
func (s *Store) Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	op := "neighborhood " + q.Seed
	if err := checkDate(op, q.AsOf); err != nil {
		return graph.Subgraph{}, err
	}
	if err := s.rlock(op); err != nil {
		return graph.Subgraph{}, err
	}
	defer s.mu.RUnlock()
	f := s.newFilter(q.Types, q.AsOf, q.MinGrade, q.Clearance)
	seed, ok := s.lookupNode(q.Seed)
	if !ok || !s.nodeVisible(seed, f.lvl) {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, graph.ErrNotFound)
	}
	depth := min(max(q.Depth, 1), graph.MaxDepth)
	limit := graph.ClampLimit(q.Limit, graph.DefaultLimit)
	kinds := kindMask(q.Kinds)
	sc := s.getScratch()
	defer s.putScratch(sc)
	walk := s.walkScan
	if s.nodesOrdered {
		walk = s.walkSorted
	}
	reached, edges, truncated, err := walk(ctx, sc, f, kinds, seed, depth, limit)
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	g := s.answer(sc, reached, edges)
	g.Truncated = truncated
	sc.reached, sc.edges = keep(reached), keep(edges)
	return g, nil
}

// walkScan is the walk of Neighborhood for any index: every level is
// scanned whole, and cut by a selection when the limit falls inside it.
// It returns the kept nodes, the edges between them that pass f, and
// whether the limit cut the answer. Set 0 is the kept nodes.
func (s *Store) walkScan(ctx context.Context, sc *scratch, f *edgeFilter, kinds uint8, seed uint32, depth, limit int) ([]uint32, []uint32, bool, error) {
	// Breadth first; set 1 is "reached", val the distance. The edges met
	// on the way are kept in rec, each once: an edge between two levels
	// from its nearer end, an edge within a level from its from end. Only
	// the edges within the last level (never scanned) need a scan of their
	// own. A level is put in id order only when the limit cuts into it.
	dist := sc.val
	// The lists live in the scratch, so a query allocates none of them.
	reached := append(sc.reached[:0], seed)
	sc.put(1, seed)
	dist[seed] = 0
	lists := sc.levels
	level := append(lists[0][:0], seed)
	lists[0] = level
	rec := sc.rec[:0]
	truncated := false
	scanned := true // the last level in reached has been scanned
	visits := 0
walk:
	for d := 1; d <= depth && len(level) > 0; d++ {
		full := len(reached) >= limit
		next := lists[d&1][:0] // level is in the other one
		for _, u := range level {
			if visits += len(s.adjOf(u)); visits > 1<<16 {
				visits = 0
				if err := ctx.Err(); err != nil {
					return nil, nil, false, err
				}
			}
			for ai, al := 0, s.adjOf(u); ai < len(al); ai += 2 {
				e := al[ai]
				w := al[ai+1]
				v := w & endMask
				if sc.in(1, v) {
					if lv := dist[v]; (lv == uint32(d) || (lv == uint32(d-1) && w&outBit != 0)) && s.passAt(f, e, w) {
						rec = append(rec, metEdge{e, u, v})
					}
					continue
				}
				if !s.passAt(f, e, w) || (kinds != 0 && kinds&(1<<s.nodeKind(v)) == 0) {
					continue
				}
				if full {
					// One node past the limit: the answer is cut. The
					// level being scanned has its inner edges found below.
					truncated = true
					scanned = false
					rec = slices.DeleteFunc(rec, func(m metEdge) bool {
						return dist[m.u] == uint32(d-1) && dist[m.v] == uint32(d-1)
					})
					break walk
				}
				sc.put(1, v)
				dist[v] = uint32(d)
				next = append(next, v)
				rec = append(rec, metEdge{e, u, v})
			}
		}
		if room := limit - len(reached); len(next) > room {
			s.smallestNodes(sc, next, room)
			lists[d&1] = next
			reached = append(reached, next[:room]...)
			truncated, scanned = true, false
			break
		}
		reached = append(reached, next...)
		lists[d&1] = next
		level = next
		scanned = len(next) == 0
	}
	for _, n := range reached {
		sc.put(0, n)
	}
	edges := sc.edges[:0]
	for _, m := range rec {
		if sc.in(0, m.u) && sc.in(0, m.v) {
			edges = append(edges, m.e)
		}
	}
	if !scanned {
		// The last level as a bitset (small enough for the first-level
		// cache): most of the entries scanned here lead outside it.
		last := dist[reached[len(reached)-1]]
		first := len(reached) - 1
		for first > 0 && dist[reached[first-1]] == last {
			first--
		}
		lastLevel := reached[first:]
		bits := sc.bitset(len(s.nodes))
		for _, u := range lastLevel {
			bits[u>>6] |= 1 << (u & 63)
		}
		for _, u := range lastLevel {
			for ai, al := 0, s.outOf(u); ai < len(al); ai += 2 {
				if w := al[ai+1]; bits[(w&endMask)>>6]&(1<<(w&63)) != 0 && s.passAt(f, al[ai], w) {
					edges = append(edges, al[ai])
				}
			}
		}
		for _, u := range lastLevel {
			bits[u>>6] = 0
		}
	}
	sc.levels, sc.rec = [2][]uint32{keep(lists[0]), keep(lists[1])}, keep(rec)
	return reached, edges, truncated, nil
}

// Schema counts the visible nodes by kind, edges by type, and the sources
// cited by visible edges. Cached per clearance until the next write.
func (s *Store) Schema(ctx context.Context, clearance graph.Marking) (graph.Schema, error) {
	if err := s.rlock("schema"); err != nil {
		return graph.Schema{}, err
	}
	lvl := level(clearance)
	wgen := s.wgen
	if c := s.schema[lvl]; c != nil {
		out := copySchema(c)
		s.mu.RUnlock()
		return out, nil
	}
	var kinds [8]int
	for n := range s.nmeta {
		if s.nodeVisible(uint32(n), lvl) {
			kinds[s.nodeKind(uint32(n))]++
		}
	}
	types := make([]int, len(s.types))
	cited := make([]bool, len(s.sources))
	edges := 0
	var buf []uint32
	for e := range s.edges {
		if i := uint32(e); s.edgeVisible(i, lvl) {
			types[s.class(i).typ]++
			edges++
			buf = s.readCold(i).sources(buf[:0])
			for _, src := range buf {
				cited[src] = true
			}
		}
		if e&65535 == 65535 {
			if err := ctx.Err(); err != nil {
				s.mu.RUnlock()
				return graph.Schema{}, fmt.Errorf("schema: %w", err)
			}
		}
	}
	out := graph.Schema{Kinds: map[string]int{}, Types: map[string]int{}}
	for i, c := range kinds[:len(graph.Kinds)] {
		if c > 0 {
			out.Kinds[string(graph.Kinds[i])] = c
			out.Counts.Nodes += c
		}
	}
	for i, c := range types {
		if c > 0 {
			out.Types[s.types[i]] = c
		}
	}
	out.Counts.Edges = edges
	for _, c := range cited {
		if c {
			out.Counts.Sources++
		}
	}
	s.mu.RUnlock()
	// Cache it unless a write came in between.
	s.mu.Lock()
	if s.wgen == wgen && !s.closed {
		c := copySchema(&out)
		s.schema[lvl] = &c
	}
	s.mu.Unlock()
	return out, nil
}

func copySchema(c *graph.Schema) graph.Schema {
	return graph.Schema{Kinds: maps.Clone(c.Kinds), Types: maps.Clone(c.Types), Counts: c.Counts}
}
