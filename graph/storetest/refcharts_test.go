package storetest_test

import (
	"context"
	"slices"
	"strings"
	"sync"

	"linkchart/graph"
)

// refCharts is the reference store's ChartStore: a map, checked by brute force.
type refCharts struct {
	mu     sync.Mutex
	charts map[string]graph.Chart
}

func (s *refCharts) visible(id string, cl graph.Marking) (graph.Chart, error) {
	c, ok := s.charts[id]
	if !ok || !cl.Allows(c.Marking) {
		return graph.Chart{}, graph.ErrNotFound
	}
	return c, nil
}

func (s *refCharts) Charts(_ context.Context, cl graph.Marking) ([]graph.Chart, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []graph.Chart{}
	for _, c := range s.charts {
		if cl.Allows(c.Marking) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b graph.Chart) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (s *refCharts) Chart(_ context.Context, id string, cl graph.Marking) (graph.Chart, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.visible(id, cl)
}

func (s *refCharts) CreateChart(_ context.Context, c graph.Chart) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.charts[c.ID]; ok {
		return graph.ErrAlreadyExists
	}
	s.charts[c.ID] = c
	return nil
}

func (s *refCharts) ReplaceChart(_ context.Context, c graph.Chart, cl graph.Marking) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.visible(c.ID, cl); err != nil {
		return err
	}
	s.charts[c.ID] = c
	return nil
}

func (s *refCharts) DeleteChart(_ context.Context, id string, cl graph.Marking) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.visible(id, cl); err != nil {
		return err
	}
	delete(s.charts, id)
	return nil
}
