package memstore

import (
	"context"
	"fmt"

	"linkchart/graph"
)

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
