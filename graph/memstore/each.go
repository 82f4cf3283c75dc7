package memstore

import (
	"context"
	"fmt"

	"linkchart/graph"
)

var _ graph.NodeLister = (*Store)(nil)

// EachNode calls fn with every visible node of kind (all kinds when kind is
// empty), under the read lock: fn must not call the store.
func (s *Store) EachNode(ctx context.Context, kind graph.Kind, clearance graph.Marking, fn func(graph.Node) error) error {
	if err := s.rlock("each node"); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	lvl := level(clearance)
	var block []string
	for n := range s.nmeta {
		i := uint32(n)
		if !s.nodeVisible(i, lvl) || kind != "" && graph.Kinds[s.nodeKind(i)] != kind {
			continue
		}
		var x graph.Node
		s.nodeOut(&x, i, &block)
		x.Normalize()
		if err := fn(x); err != nil {
			return err
		}
		if n&65535 == 65535 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("each node: %w", err)
			}
		}
	}
	return nil
}
