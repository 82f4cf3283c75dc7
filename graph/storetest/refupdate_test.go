package storetest_test

import (
	"context"
	"fmt"

	"linkchart/graph"
)

// nodeSeen and edgeSeen say whether clearance cl sees a record (s.mu held).
func (s *refStore) nodeSeen(id string, cl graph.Marking) bool {
	n, ok := s.nodes[id]
	return ok && cl.Allows(n.Marking)
}

func (s *refStore) edgeSeen(id string, cl graph.Marking) bool {
	e, ok := s.edges[id]
	return ok && cl.Allows(e.Marking) && s.nodeSeen(e.From, cl) && s.nodeSeen(e.To, cl)
}

// scope is graph.CheckScope against the maps.
func (s *refStore) scope(b graph.Batch, cl graph.Marking, create bool) error {
	return graph.CheckScope(b, cl, create,
		func(id string) bool { _, ok := s.nodes[id]; return ok && !s.nodeSeen(id, cl) },
		func(id string) bool { _, ok := s.edges[id]; return ok && !s.edgeSeen(id, cl) })
}

// write is Upsert within cl with s.mu held.
func (s *refStore) write(b graph.Batch, cl graph.Marking) error {
	if err := s.scope(b, cl, false); err != nil {
		return err
	}
	if err := s.check(b); err != nil {
		return err
	}
	s.apply(b)
	return nil
}

func (s *refStore) UpdateNode(_ context.Context, id string, cl graph.Marking, f func(graph.Node) (graph.Node, error)) (graph.Node, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.nodeSeen(id, cl) {
		return graph.Node{}, fmt.Errorf("refstore: node %q: %w", id, graph.ErrNotFound)
	}
	x, err := f(s.nodes[id])
	if err != nil {
		return graph.Node{}, err
	}
	if err := graph.CheckSameID(id, x.ID); err != nil {
		return graph.Node{}, err
	}
	if err := s.write(graph.Batch{Nodes: []graph.Node{x}}, cl); err != nil {
		return graph.Node{}, err
	}
	return s.nodes[id], nil
}

func (s *refStore) UpdateEdge(_ context.Context, id string, cl graph.Marking, f func(graph.Edge) (graph.Edge, error), newSources ...graph.Source) (graph.Edge, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.edgeSeen(id, cl) {
		return graph.Edge{}, fmt.Errorf("refstore: edge %q: %w", id, graph.ErrNotFound)
	}
	x, err := f(s.graded(s.edges[id]))
	if err != nil {
		return graph.Edge{}, err
	}
	if err := graph.CheckSameID(id, x.ID); err != nil {
		return graph.Edge{}, err
	}
	for _, src := range newSources {
		if _, ok := s.sources[src.ID]; ok {
			return graph.Edge{}, fmt.Errorf("refstore: source %q: %w", src.ID, graph.ErrAlreadyExists)
		}
	}
	if err := s.write(graph.Batch{Sources: newSources, Edges: []graph.Edge{x}}, cl); err != nil {
		return graph.Edge{}, err
	}
	return s.graded(s.edges[id]), nil
}

// graded is e with its grade.
func (s *refStore) graded(e graph.Edge) graph.Edge {
	e.Grade = graph.GradeOf(e.Credibility, e.Sources, s.sources).String()
	return e
}
