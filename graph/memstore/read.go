package memstore

import (
	"context"
	"fmt"

	"linkchart/graph"
)

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

// Relation returns one visible edge with its two ends and cited sources.
func (s *Store) Relation(ctx context.Context, id string, clearance graph.Marking) (graph.Subgraph, error) {
	if err := s.rlock("relation " + id); err != nil {
		return graph.Subgraph{}, err
	}
	defer s.mu.RUnlock()
	e, ok := s.lookupEdge(id)
	if !ok || !s.edgeVisible(e, level(clearance)) {
		return graph.Subgraph{}, fmt.Errorf("relation %s: %w", id, graph.ErrNotFound)
	}
	sc := s.getScratch()
	defer s.putScratch(sc)
	nodes := []uint32{s.edges[e].from}
	if to := s.edges[e].to; to != s.edges[e].from {
		nodes = append(nodes, to)
	}
	return s.answer(sc, nodes, []uint32{e}), nil
}
