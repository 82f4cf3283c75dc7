package memstore

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"linkchart/graph"
)

// A merged entity's redirect (graph.Merger) is a key of the bucket
// "redirects" (the merged id, the surviving one as value), put in the
// merge's own transaction (appendLog). Reads look it up in the file.
var bucketRedirects = []byte("redirects")

var _ graph.Merger = (*Store)(nil)

// putRedirects sets (or, for "", removes) redirects in tx.
func putRedirects(tx *bolt.Tx, redirects map[string]string) error {
	if len(redirects) == 0 {
		return nil
	}
	rb, err := tx.CreateBucketIfNotExists(bucketRedirects)
	if err != nil {
		return fmt.Errorf("redirects: %w", err)
	}
	for id, into := range redirects {
		if into == "" {
			err = rb.Delete([]byte(id))
		} else {
			err = rb.Put([]byte(id), []byte(into))
		}
		if err != nil {
			return fmt.Errorf("redirect %s: %w", id, err)
		}
	}
	return nil
}

// redirect reads id's redirect from the file ("" when none).
func (s *Store) redirect(id string) (string, error) {
	var into string
	err := s.db.View(func(tx *bolt.Tx) error {
		if rb := tx.Bucket(bucketRedirects); rb != nil {
			into = string(rb.Get([]byte(id)))
		}
		return nil
	})
	return into, err
}

// Redirect is the entity that merged id became ("" when none).
func (s *Store) Redirect(ctx context.Context, id string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return s.redirect(id)
}

// Merge moves id's relations to into, adds id's names to into's aliases,
// deletes id and leaves a redirect, in one bbolt transaction under the
// write lock.
func (s *Store) Merge(ctx context.Context, id, into string, clearance graph.Marking) (graph.Revision, error) {
	op := fmt.Sprintf("merge %s into %s", id, into)
	if err := graph.CheckMerge(id, into); err != nil {
		return graph.Revision{}, err
	}
	if err := ctx.Err(); err != nil {
		return graph.Revision{}, fmt.Errorf("%s: %w", op, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.Revision{}, fmt.Errorf("%s: %w", op, graph.ErrUnavailable)
	}
	lvl := level(clearance)
	a, okA := s.lookupNode(id)
	b, okB := s.lookupNode(into)
	if !okA || !okB || !s.nodeVisible(a, lvl) || !s.nodeVisible(b, lvl) {
		return graph.Revision{}, fmt.Errorf("%s: %w", op, graph.ErrNotFound)
	}
	if err := s.checkEdgesVisible(a, lvl); err != nil {
		return graph.Revision{}, fmt.Errorf("%s: %w", op, err)
	}
	sc := s.getScratch()
	g := s.answer(sc, []uint32{a, b}, nil)
	var edges []uint32
	for i, al := 0, s.adjOf(a); i < len(al); i += 2 {
		edges = append(edges, al[i])
	}
	moved := s.answer(sc, nil, uniq(edges)).Edges
	s.putScratch(sc)
	var na, nb graph.Node
	for _, n := range g.Nodes {
		if n.ID == id {
			na = n
		} else {
			nb = n
		}
	}
	u := graph.Undo{Batch: graph.Batch{Nodes: []graph.Node{graph.Merged(na, nb)}}, DropNodes: []string{id}, Redirects: map[string]string{id: into}}
	for _, e := range moved {
		u.Batch.Edges = append(u.Batch.Edges, graph.Moved(e, id, into))
	}
	return s.writeChanges(graph.WithOp(ctx, "merge"), op, u, clearance, nil)
}
