package memstore

import (
	"context"
	"fmt"

	"linkchart/graph"
)

// checkScope checks a batch written within clearance cl (graph.CheckScope)
// against the index; the write lock is held.
func (s *Store) checkScope(b graph.Batch, cl graph.Marking, create bool) error {
	lvl := level(cl)
	hiddenNode := func(id string) bool {
		n, ok := s.lookupNode(id)
		return ok && !s.nodeVisible(n, lvl)
	}
	hiddenEdge := func(id string) bool {
		e, ok := s.lookupEdge(id)
		return ok && !s.edgeVisible(e, lvl)
	}
	return graph.CheckScope(b, cl, create, hiddenNode, hiddenEdge)
}

// checkEdgesVisible refuses to delete node n when clearance level lvl does
// not see every edge that touches it.
func (s *Store) checkEdgesVisible(n uint32, lvl uint8) error {
	for i, a := 0, s.adjOf(n); i < len(a); i += 2 {
		if !s.edgeVisible(a[i], lvl) {
			return graph.HiddenEdgesError()
		}
	}
	return nil
}

// UpdateNode reads, changes (f) and writes node id under one hold of the
// write lock.
func (s *Store) UpdateNode(ctx context.Context, id string, clearance graph.Marking, f func(graph.Node) (graph.Node, error)) (graph.Node, error) {
	var out graph.Node
	err := s.update(ctx, "update entity "+id, clearance, func(sc *scratch) (graph.Batch, error) {
		n, ok := s.lookupNode(id)
		if !ok || !s.nodeVisible(n, level(clearance)) {
			return graph.Batch{}, graph.ErrNotFound
		}
		x, err := f(s.answer(sc, []uint32{n}, nil).Nodes[0])
		if err != nil {
			return graph.Batch{}, err
		}
		if err := graph.CheckSameID(id, x.ID); err != nil {
			return graph.Batch{}, err
		}
		return graph.Batch{Nodes: []graph.Node{x}}, nil
	}, func(sc *scratch) {
		n, _ := s.lookupNode(id)
		out = s.answer(sc, []uint32{n}, nil).Nodes[0]
	})
	return out, err
}

// UpdateEdge reads, changes (f) and writes edge id, with the new sources,
// under one hold of the write lock.
func (s *Store) UpdateEdge(ctx context.Context, id string, clearance graph.Marking, f func(graph.Edge) (graph.Edge, error), newSources ...graph.Source) (graph.Edge, error) {
	var out graph.Edge
	read := func(sc *scratch, e uint32) graph.Edge {
		return s.answer(sc, nil, []uint32{e}).Edges[0]
	}
	err := s.update(ctx, "update relation "+id, clearance, func(sc *scratch) (graph.Batch, error) {
		e, ok := s.lookupEdge(id)
		if !ok || !s.edgeVisible(e, level(clearance)) {
			return graph.Batch{}, graph.ErrNotFound
		}
		x, err := f(read(sc, e))
		if err != nil {
			return graph.Batch{}, err
		}
		if err := graph.CheckSameID(id, x.ID); err != nil {
			return graph.Batch{}, err
		}
		x.Grade = ""
		if err := s.checkAbsent(graph.Batch{Sources: newSources}); err != nil {
			return graph.Batch{}, err
		}
		return graph.Batch{Sources: newSources, Edges: []graph.Edge{x}}, nil
	}, func(sc *scratch) {
		e, _ := s.lookupEdge(id)
		out = read(sc, e)
	})
	return out, err
}

// update holds the write lock while change reads a record and gives the
// batch that replaces it, the batch is written within clearance, and
// written reads the record back.
func (s *Store) update(ctx context.Context, op string, clearance graph.Marking, change func(*scratch) (graph.Batch, error), written func(*scratch)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("%s: %w", op, graph.ErrUnavailable)
	}
	sc := s.getScratch()
	defer s.putScratch(sc)
	b, err := change(sc)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := s.writeHeld(ctx, op, b, false, clearance); err != nil {
		return err
	}
	written(sc)
	return nil
}
