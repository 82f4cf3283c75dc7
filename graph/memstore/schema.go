package memstore

import (
	"context"
	"fmt"
	"maps"

	"linkchart/graph"
)

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
