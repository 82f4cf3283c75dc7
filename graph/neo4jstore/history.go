package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// The history (graph.Historian) is one (:Revision {rev, ids, json}) node
// per write, created in the write's own transaction; its number comes from
// the single (:HistoryCounter) node, incremented in that transaction, so
// concurrent writers get rising, distinct numbers.

var _ graph.Historian = (*Store)(nil)

// recordBatch starts the history entry of writing b in tx: each record's
// before, read in tx, and after.
func recordBatch(ctx context.Context, tx neo4j.ManagedTransaction, b graph.Batch, defOp string) (*graph.Revision, error) {
	rev := graph.NewRevision(ctx, defOp)
	n := min(len(b.Sources), graph.MaxRecordedChanges)
	sources, err := fetchSources(ctx, tx, idsOf(b.Sources[:n], func(x graph.Source) string { return x.ID }))
	if err != nil {
		return nil, err
	}
	for i, x := range b.Sources {
		if i >= n {
			rev.Add(graph.KindSource, x.ID, "", nil, nil)
			continue
		}
		var before *graph.Source
		if old, ok := sources[x.ID]; ok {
			before = &old
		}
		x.Normalize()
		rev.Add(graph.KindSource, x.ID, graph.Clear, before, &x)
	}
	room := max(graph.MaxRecordedChanges-len(rev.Changes), 0)
	nn := min(len(b.Nodes), room)
	ne := min(len(b.Edges), max(room-nn, 0))
	ends := map[string]bool{}
	for _, x := range b.Nodes[:nn] {
		ends[x.ID] = true
	}
	oldEdges, err := fetchEdges(ctx, tx, idsOf(b.Edges[:ne], func(x graph.Edge) string { return x.ID }))
	if err != nil {
		return nil, err
	}
	byEdge := map[string]graph.Edge{}
	for _, e := range oldEdges {
		byEdge[e.ID] = e
	}
	for _, x := range b.Edges[:ne] {
		ends[x.From], ends[x.To] = true, true
		if e, ok := byEdge[x.ID]; ok {
			ends[e.From], ends[e.To] = true, true
		}
	}
	nodes, err := fetchNodes(ctx, tx, sortedKeys(ends), graph.Red.Level())
	if err != nil {
		return nil, err
	}
	marks, byNode := map[string]graph.Marking{}, map[string]graph.Node{}
	for _, x := range nodes {
		marks[x.ID], byNode[x.ID] = x.Marking, x
	}
	for i, x := range b.Nodes {
		if i >= nn {
			rev.Add(graph.KindEntity, x.ID, "", nil, nil)
			continue
		}
		m := x.Marking
		var before *graph.Node
		if old, ok := byNode[x.ID]; ok {
			before, m = &old, m.Max(old.Marking)
		}
		marks[x.ID] = marks[x.ID].Max(x.Marking)
		rev.Add(graph.KindEntity, x.ID, m, before, &x)
	}
	for i, x := range b.Edges {
		if i >= ne {
			rev.Add(graph.KindRelation, x.ID, "", nil, nil)
			continue
		}
		m := x.Marking.Max(marks[x.From]).Max(marks[x.To])
		var before *graph.Edge
		if old, ok := byEdge[x.ID]; ok {
			before = &old
			m = m.Max(old.Marking).Max(marks[old.From]).Max(marks[old.To])
		}
		rev.Add(graph.KindRelation, x.ID, m, before, &x)
	}
	return rev, nil
}

// fetchSources reads the sources among ids.
func fetchSources(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) (map[string]graph.Source, error) {
	out := map[string]graph.Source{}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := collect(ctx, tx, "MATCH (s:Source) USING INDEX SEEK s:Source(id) WHERE s.id IN $ids RETURN s "+sourceProj+" AS s",
		map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		m, err := value[map[string]any](rec, "s")
		if err != nil {
			return nil, err
		}
		x := sourceFrom(m)
		out[x.ID] = x
	}
	return out, nil
}

// recordDrops adds the removal of edges and nodes (and the nodes' edges,
// but for those in keep, which the write moves) to rev, read in tx before
// they are deleted.
func recordDrops(ctx context.Context, tx neo4j.ManagedTransaction, rev *graph.Revision, edgeIDs, nodeIDs, keep []string) error {
	if len(nodeIDs) > 0 {
		recs, err := collect(ctx, tx, "MATCH (n:Entity)-[r:REL]-() WHERE n.id IN $ids RETURN DISTINCT r.id AS id", map[string]any{"ids": nodeIDs})
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, id := range append(edgeIDs, keep...) {
			seen[id] = true
		}
		for _, rec := range recs {
			id, err := value[string](rec, "id")
			if err != nil {
				return err
			}
			if !seen[id] {
				seen[id] = true
				edgeIDs = append(edgeIDs, id)
			}
		}
	}
	edges, err := fetchEdges(ctx, tx, edgeIDs)
	if err != nil {
		return err
	}
	ends := map[string]bool{}
	for _, e := range edges {
		ends[e.From], ends[e.To] = true, true
	}
	for _, id := range nodeIDs {
		ends[id] = true
	}
	nodes, err := fetchNodes(ctx, tx, sortedKeys(ends), graph.Red.Level())
	if err != nil {
		return err
	}
	marks := map[string]graph.Marking{}
	for _, n := range nodes {
		marks[n.ID] = n.Marking
	}
	for _, e := range edges {
		rev.Add(graph.KindRelation, e.ID, e.Marking.Max(marks[e.From]).Max(marks[e.To]), &e, nil)
	}
	for _, n := range nodes {
		for _, id := range nodeIDs {
			if n.ID == id {
				rev.Add(graph.KindEntity, n.ID, n.Marking, &n, nil)
			}
		}
	}
	return nil
}

// putRevision numbers rev and stores it in tx.
func putRevision(ctx context.Context, tx neo4j.ManagedTransaction, rev *graph.Revision) error {
	recs, err := collect(ctx, tx, "MERGE (c:HistoryCounter {id: 'rev'}) ON CREATE SET c.rev = 0 SET c.rev = c.rev + 1 RETURN c.rev AS rev", nil)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if len(recs) != 1 {
		return fmt.Errorf("history: counter: %d records", len(recs))
	}
	if rev.Rev, err = value[int64](recs[0], "rev"); err != nil {
		return err
	}
	ids := make([]string, len(rev.Changes))
	for i, c := range rev.Changes {
		ids[i] = c.ID
	}
	b, err := json.Marshal(rev)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return run(ctx, tx, "CREATE (:Revision {rev: $rev, ids: $ids, json: $json})", map[string]any{"rev": rev.Rev, "ids": ids, "json": string(b)})
}

// History answers a graph.HistoryQuery, newest first.
func (s *Store) History(ctx context.Context, q graph.HistoryQuery) ([]graph.Revision, error) {
	limit := graph.ClampLimit(q.Limit, graph.DefaultHits)
	return read(ctx, s, "history", func(tx neo4j.ManagedTransaction) ([]graph.Revision, error) {
		out := []graph.Revision{}
		// Pages of revisions, newest first, until limit visible ones.
		for before := int64(-1); len(out) < limit; {
			recs, err := collect(ctx, tx, `
MATCH (r:Revision) WHERE ($before < 0 OR r.rev < $before) AND ($id = '' OR $id IN r.ids)
RETURN r.rev AS rev, r.json AS json ORDER BY r.rev DESC LIMIT $page`, map[string]any{"before": before, "id": q.ID, "page": 200})
			if err != nil {
				return nil, err
			}
			for _, rec := range recs {
				r, err := revisionOf(rec)
				if err != nil {
					return nil, err
				}
				before = r.Rev
				if v, ok := r.Visible(q.Clearance, q.ID); ok && len(out) < limit {
					out = append(out, v)
				}
			}
			if len(recs) < 200 {
				break
			}
		}
		return out, nil
	})
}

func revisionOf(rec *neo4j.Record) (graph.Revision, error) {
	var r graph.Revision
	js, err := value[string](rec, "json")
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		return r, fmt.Errorf("revision: %w", err)
	}
	return r, nil
}

// Revision is the number of the last recorded write.
func (s *Store) Revision(ctx context.Context) (int64, error) {
	return read(ctx, s, "revision", func(tx neo4j.ManagedTransaction) (int64, error) {
		recs, err := collect(ctx, tx, "OPTIONAL MATCH (c:HistoryCounter {id: 'rev'}) RETURN coalesce(c.rev, 0) AS rev", nil)
		if err != nil || len(recs) != 1 {
			return 0, err
		}
		return value[int64](recs[0], "rev")
	})
}

// current reads record (kind, id) in tx (nil when absent).
func current(ctx context.Context, tx neo4j.ManagedTransaction, kind, id string) (any, error) {
	switch kind {
	case graph.KindEntity:
		n, err := fetchNodes(ctx, tx, []string{id}, graph.Red.Level())
		if err != nil || len(n) == 0 {
			return nil, err
		}
		return &n[0], nil
	case graph.KindRelation:
		e, err := fetchEdges(ctx, tx, []string{id})
		if err != nil || len(e) == 0 {
			return nil, err
		}
		return &e[0], nil
	case graph.KindRedirect:
		to, err := redirect(ctx, tx, id)
		if to == "" || err != nil {
			return nil, err
		}
		return to, nil
	}
	src, err := fetchSources(ctx, tx, []string{id})
	if x, ok := src[id]; ok && err == nil {
		return &x, nil
	}
	return nil, err
}

// Revert writes the before of each change of revision rev in one
// transaction, recorded as a revert.
func (s *Store) Revert(ctx context.Context, rev int64, clearance graph.Marking) (graph.Revision, error) {
	op := fmt.Sprintf("revert %d", rev)
	ctx = graph.WithOp(ctx, "revert")
	return write(ctx, s, op, func(tx neo4j.ManagedTransaction) (graph.Revision, error) {
		recs, err := collect(ctx, tx, "MATCH (r:Revision {rev: $rev}) RETURN r.json AS json", map[string]any{"rev": rev})
		if err != nil {
			return graph.Revision{}, err
		}
		if len(recs) == 0 {
			return graph.Revision{}, graph.ErrNotFound
		}
		r, err := revisionOf(recs[0])
		if err != nil {
			return graph.Revision{}, err
		}
		for _, c := range r.Changes {
			if !clearance.Allows(c.Marking) {
				return graph.Revision{}, graph.ErrNotFound
			}
		}
		for _, c := range r.Changes {
			now, err := current(ctx, tx, c.Kind, c.ID)
			if err != nil {
				return graph.Revision{}, err
			}
			if !graph.SameRecord(now, c.After) {
				return graph.Revision{}, fmt.Errorf("%s %s was changed by a later revision; revert that first: %w", c.Kind, c.ID, graph.ErrConflict)
			}
		}
		u, err := r.Inverse()
		if err != nil {
			return graph.Revision{}, err
		}
		u.Batch = normalized(u.Batch)
		return writeChanges(ctx, tx, u, clearance, func(x *graph.Revision) { x.Reverts = rev })
	})
}

// writeChanges writes b and deletes dropEdges and dropNodes (with their
// edges) in tx, with one history entry; tune adjusts the entry.
func writeChanges(ctx context.Context, tx neo4j.ManagedTransaction, u graph.Undo, cl graph.Marking, tune func(*graph.Revision)) (graph.Revision, error) {
	b, dropEdges, dropNodes := u.Batch, u.DropEdges, u.DropNodes
	rev, err := recordBatch(ctx, tx, b, "upsert")
	if err != nil {
		return graph.Revision{}, err
	}
	if err := recordDrops(ctx, tx, rev, dropEdges, dropNodes, idsOf(b.Edges, func(e graph.Edge) string { return e.ID })); err != nil {
		return graph.Revision{}, err
	}
	if err := recordRedirects(ctx, tx, rev, u.Redirects); err != nil {
		return graph.Revision{}, err
	}
	if tune != nil {
		tune(rev)
	}
	if !b.Empty() {
		if err := putRecords(ctx, tx, b, false, cl); err != nil {
			return graph.Revision{}, err
		}
	}
	if len(dropEdges) > 0 {
		if err := run(ctx, tx, "MATCH ()-[r:REL]->() WHERE r.id IN $ids DELETE r", map[string]any{"ids": dropEdges}); err != nil {
			return graph.Revision{}, err
		}
	}
	if len(dropNodes) > 0 {
		if err := run(ctx, tx, "MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n", map[string]any{"ids": dropNodes}); err != nil {
			return graph.Revision{}, err
		}
	}
	for id, into := range u.Redirects {
		q := "MERGE (r:Redirect {id: $id}) SET r.into = $into"
		if into == "" {
			q = "MATCH (r:Redirect {id: $id}) DELETE r"
		}
		if err := run(ctx, tx, q, map[string]any{"id": id, "into": into}); err != nil {
			return graph.Revision{}, err
		}
	}
	if err := putRevision(ctx, tx, rev); err != nil {
		return graph.Revision{}, err
	}
	return *rev, nil
}
