package memstore

import (
	"encoding/binary"
	"runtime"

	"linkchart/graph"
)

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
	return frozenString(b[:n]), b[n:]
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
	x.Note = frozenString(c.note)
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
	return graph.Date(frozenString(b[start:]))
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
