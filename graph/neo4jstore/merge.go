package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// A merged entity's redirect (graph.Merger) is a (:Redirect {id, into})
// node, written in the merge's own transaction.

var _ graph.Merger = (*Store)(nil)

// recordRedirects adds the redirects a write sets to rev, with their
// before read in tx.
func recordRedirects(ctx context.Context, tx neo4j.ManagedTransaction, rev *graph.Revision, redirects map[string]string) error {
	for id, into := range redirects {
		old, err := redirect(ctx, tx, id)
		if err != nil {
			return err
		}
		ends, err := fetchNodes(ctx, tx, []string{id, into}, graph.Red.Level())
		if err != nil {
			return err
		}
		m := graph.Clear
		for _, n := range ends {
			m = m.Max(n.Marking)
		}
		rev.Add(graph.KindRedirect, id, m, old, into)
	}
	return nil
}

// redirect reads id's redirect in tx ("" when none).
func redirect(ctx context.Context, tx neo4j.ManagedTransaction, id string) (string, error) {
	recs, err := collect(ctx, tx, "MATCH (r:Redirect {id: $id}) RETURN r.into AS into", map[string]any{"id": id})
	if err != nil || len(recs) == 0 {
		return "", err
	}
	return value[string](recs[0], "into")
}

// Redirect is the entity that merged id became ("" when none).
func (s *Store) Redirect(ctx context.Context, id string) (string, error) {
	return read(ctx, s, "redirect "+id, func(tx neo4j.ManagedTransaction) (string, error) {
		return redirect(ctx, tx, id)
	})
}

// Merge moves id's relations to into, adds id's names to into's aliases,
// deletes id and leaves a redirect, in one transaction; both entities are
// locked before they are read.
func (s *Store) Merge(ctx context.Context, id, into string, clearance graph.Marking) (graph.Revision, error) {
	if err := graph.CheckMerge(id, into); err != nil {
		return graph.Revision{}, err
	}
	ctx = graph.WithOp(ctx, "merge")
	cl := clearance.Level()
	return write(ctx, s, fmt.Sprintf("merge %s into %s", id, into), func(tx neo4j.ManagedTransaction) (graph.Revision, error) {
		recs, err := collect(ctx, tx, `
MATCH (n:Entity) WHERE n.id IN [$id, $into] AND n.mlevel <= $cl
SET n.lock = true
RETURN n `+nodeProj+` AS n, COUNT { (n)-[r:REL]-(m) WHERE n.id = $id AND (r.mlevel > $cl OR m.mlevel > $cl) } AS hidden`,
			map[string]any{"id": id, "into": into, "cl": cl})
		if err != nil {
			return graph.Revision{}, err
		}
		if len(recs) != 2 {
			return graph.Revision{}, graph.ErrNotFound
		}
		var a, b graph.Node
		for _, rec := range recs {
			ns, err := nodesOf([]*neo4j.Record{rec}, "n")
			if err != nil {
				return graph.Revision{}, err
			}
			hidden, err := value[int64](rec, "hidden")
			if err != nil {
				return graph.Revision{}, err
			}
			if hidden > 0 {
				return graph.Revision{}, graph.HiddenEdgesError()
			}
			if ns[0].ID == id {
				a = ns[0]
			} else {
				b = ns[0]
			}
		}
		erecs, err := collect(ctx, tx, "MATCH (n:Entity {id: $id})-[r:REL]-() RETURN DISTINCT r "+edgeProj+" AS r", map[string]any{"id": id})
		if err != nil {
			return graph.Revision{}, err
		}
		edges, err := edgesOf(erecs, "r")
		if err != nil {
			return graph.Revision{}, err
		}
		u := graph.Undo{Batch: graph.Batch{Nodes: []graph.Node{graph.Merged(a, b)}}, DropNodes: []string{id}, Redirects: map[string]string{id: into}}
		for _, e := range edges {
			u.Batch.Edges = append(u.Batch.Edges, graph.Moved(e, id, into))
		}
		u.Batch = normalized(u.Batch)
		return writeChanges(ctx, tx, u, clearance, nil)
	})
}
