package memstore

import (
	"context"
	"fmt"
	"slices"

	"linkchart/graph"
)

// anyKind is rankCache's index of the nodes of every kind (a kind index
// has three bits).
const anyKind = 8

// rankCache is the MaxTop most connected nodes of each kind and of any
// kind (anyKind) at one clearance level, as of write
// generation wgen.
type rankCache struct {
	wgen uint64
	ok   bool
	top  [anyKind + 1][]rankedNode
}

type rankedNode struct {
	n   uint32
	deg int
}

// TopConnected answers a TopQuery. One pass over the adjacency counts the
// degrees at the caller's level and keeps the best MaxTop of each kind;
// the answer is cached per level until the next write.
func (s *Store) TopConnected(ctx context.Context, q graph.TopQuery) ([]graph.Ranked, error) {
	kind := anyKind
	if q.Kind != "" {
		if kind = slices.Index(graph.Kinds, q.Kind); kind < 0 {
			return []graph.Ranked{}, nil
		}
	}
	if err := s.rlock("top connected"); err != nil {
		return nil, err
	}
	lvl := level(q.Clearance)
	c := &s.ranked[lvl]
	var top []rankedNode
	if c.ok && c.wgen == s.wgen {
		top = c.top[kind]
	} else {
		all, err := s.rank(ctx, lvl)
		if err != nil {
			s.mu.RUnlock()
			return nil, fmt.Errorf("top connected: %w", err)
		}
		top = all[kind]
		wgen := s.wgen
		s.mu.RUnlock()
		s.mu.Lock()
		if s.wgen == wgen && !s.closed {
			s.ranked[lvl] = rankCache{wgen: wgen, ok: true, top: all}
		}
		s.mu.Unlock()
		if err := s.rlock("top connected"); err != nil {
			return nil, err
		}
		if s.wgen != wgen {
			// A write came in between: answer from the store as it is now.
			s.mu.RUnlock()
			return s.TopConnected(ctx, q)
		}
	}
	defer s.mu.RUnlock()
	top = top[:min(len(top), q.Limit())]
	out := make([]graph.Ranked, len(top))
	block := make([]string, 0, 2*len(top)+1) // the aliases
	for i, r := range top {
		s.nodeOut(&out[i].Node, r.n, &block)
		out[i].Degree = r.deg
	}
	return out, nil
}

// rank counts each visible node's visible relations at level lvl (a self
// loop once: it is one adjacency pair) and keeps the MaxTop best of each
// kind and of all, by degree, then id. Called with the read lock held.
func (s *Store) rank(ctx context.Context, lvl uint8) ([anyKind + 1][]rankedNode, error) {
	var top [anyKind + 1][]rankedNode
	better := func(a, b rankedNode) bool {
		return a.deg > b.deg || a.deg == b.deg && s.compareNodes(a.n, b.n) < 0
	}
	// keep inserts r in the sorted list l of at most MaxTop.
	keep := func(l []rankedNode, r rankedNode) []rankedNode {
		if len(l) == graph.MaxTop && !better(r, l[len(l)-1]) {
			return l
		}
		i, _ := slices.BinarySearchFunc(l, r, func(x, y rankedNode) int {
			if better(x, y) {
				return -1
			}
			return 1
		})
		if len(l) == graph.MaxTop {
			l = l[:len(l)-1]
		}
		return slices.Insert(l, i, r)
	}
	for n := range s.nmeta {
		v := uint32(n)
		if !s.nodeVisible(v, lvl) {
			continue
		}
		if n&65535 == 65535 {
			if err := ctx.Err(); err != nil {
				return top, err
			}
		}
		deg := 0
		for ai, al := 0, s.adjOf(v); ai < len(al); ai += 2 {
			if w := al[ai+1]; w>>endShift <= uint32(lvl) && s.nodeVisible(w&endMask, lvl) {
				deg++
			}
		}
		if deg == 0 {
			continue
		}
		r := rankedNode{n: v, deg: deg}
		k := s.nodeKind(v)
		top[k] = keep(top[k], r)
		top[anyKind] = keep(top[anyKind], r)
	}
	return top, nil
}
