package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// Entity returns a node with its visible edges, their other ends and
// sources.
func (s *Store) Entity(ctx context.Context, id string, clearance graph.Marking) (graph.Subgraph, error) {
	cl := clearance.Level()
	return read(ctx, s, "entity "+id, func(tx neo4j.ManagedTransaction) (graph.Subgraph, error) {
		recs, err := collect(ctx, tx, `
MATCH (n:Entity {id: $id}) USING INDEX SEEK n:Entity(id) WHERE n.mlevel <= $cl
OPTIONAL MATCH (n)-[r:REL]-(m) WHERE r.mlevel <= $cl AND m.mlevel <= $cl
RETURN n `+nodeProj+` AS n, collect(DISTINCT r `+edgeProj+`) AS rs, collect(DISTINCT m `+nodeProj+`) AS ms`,
			map[string]any{"id": id, "cl": cl})
		if err != nil {
			return graph.Subgraph{}, err
		}
		if len(recs) == 0 {
			return graph.Subgraph{}, graph.ErrNotFound
		}
		rec := recs[0]
		nm, err := value[map[string]any](rec, "n")
		if err != nil {
			return graph.Subgraph{}, err
		}
		n, err := nodeFrom(nm)
		if err != nil {
			return graph.Subgraph{}, err
		}
		g := graph.Subgraph{Nodes: []graph.Node{n}}
		rs, err := value[[]any](rec, "rs")
		if err != nil {
			return graph.Subgraph{}, err
		}
		for _, v := range rs {
			m, _ := v.(map[string]any)
			e, err := edgeFrom(m)
			if err != nil {
				return graph.Subgraph{}, err
			}
			g.Edges = append(g.Edges, e)
		}
		ms, err := value[[]any](rec, "ms")
		if err != nil {
			return graph.Subgraph{}, err
		}
		for _, v := range ms {
			m, _ := v.(map[string]any)
			o, err := nodeFrom(m)
			if err != nil {
				return graph.Subgraph{}, err
			}
			if o.ID != n.ID {
				g.Nodes = append(g.Nodes, o)
			}
		}
		return g, finish(ctx, tx, &g)
	})
}

// Subgraph returns the visible nodes among ids and the visible edges
// between them.
func (s *Store) Subgraph(ctx context.Context, ids []string, clearance graph.Marking) (graph.Subgraph, error) {
	cl := clearance.Level()
	ids = uniq(ids)
	return read(ctx, s, "subgraph", func(tx neo4j.ManagedTransaction) (graph.Subgraph, error) {
		return induced(ctx, tx, ids, cl, edgeFilter{})
	})
}

// induced returns the visible nodes among ids and the edges between them
// that are visible and pass f, with their sources, in one query.
func induced(ctx context.Context, tx neo4j.ManagedTransaction, ids []string, cl int, f edgeFilter) (graph.Subgraph, error) {
	var g graph.Subgraph
	params := f.params(cl)
	params["ids"] = ids
	recs, err := collect(ctx, tx, `
UNWIND $ids AS id
MATCH (n:Entity {id: id}) USING INDEX SEEK n:Entity(id) WHERE n.mlevel <= $cl
WITH collect(n) AS ns
CALL (ns) {
  UNWIND ns AS a
  MATCH (a)-[r:REL]->(b)
  WHERE b.id IN $ids AND b.mlevel <= $cl AND `+edgeCond+`
  RETURN collect(r `+edgeProj+`) AS rs
}
CALL (rs) {
  UNWIND rs AS r
  UNWIND r.sources AS sid
  WITH DISTINCT sid
  MATCH (s:Source {id: sid}) USING INDEX SEEK s:Source(id)
  RETURN collect(s `+sourceProj+`) AS ss
}
RETURN [n IN ns | n `+nodeProj+`] AS ns, rs, ss`, params)
	if err != nil {
		return g, err
	}
	if len(recs) != 1 {
		return g, fmt.Errorf("induced subgraph: %d records", len(recs))
	}
	lists := map[string][]map[string]any{}
	for _, key := range []string{"ns", "rs", "ss"} {
		l, err := value[[]any](recs[0], key)
		if err != nil {
			return g, err
		}
		for _, v := range l {
			m, ok := v.(map[string]any)
			if !ok {
				return g, fmt.Errorf("induced subgraph: %s holds a %T", key, v)
			}
			lists[key] = append(lists[key], m)
		}
	}
	for _, m := range lists["ns"] {
		n, err := nodeFrom(m)
		if err != nil {
			return g, err
		}
		g.Nodes = append(g.Nodes, n)
	}
	for _, m := range lists["rs"] {
		e, err := edgeFrom(m)
		if err != nil {
			return g, err
		}
		g.Edges = append(g.Edges, e)
	}
	g.Sources = []graph.Source{}
	for _, m := range lists["ss"] {
		g.Sources = append(g.Sources, sourceFrom(m))
	}
	grade(&g)
	return g, nil
}

// Source returns one source.
func (s *Store) Source(ctx context.Context, id string) (graph.Source, error) {
	return read(ctx, s, "source "+id, func(tx neo4j.ManagedTransaction) (graph.Source, error) {
		recs, err := collect(ctx, tx, "MATCH (s:Source {id: $id}) USING INDEX SEEK s:Source(id) RETURN s "+sourceProj+" AS s", map[string]any{"id": id})
		if err != nil {
			return graph.Source{}, err
		}
		if len(recs) == 0 {
			return graph.Source{}, graph.ErrNotFound
		}
		m, err := value[map[string]any](recs[0], "s")
		if err != nil {
			return graph.Source{}, err
		}
		return sourceFrom(m), nil
	})
}

// Relation returns one visible edge with its two ends and cited sources.
func (s *Store) Relation(ctx context.Context, id string, clearance graph.Marking) (graph.Subgraph, error) {
	cl := clearance.Level()
	return read(ctx, s, "relation "+id, func(tx neo4j.ManagedTransaction) (graph.Subgraph, error) {
		recs, err := collect(ctx, tx, `
MATCH (a)-[r:REL {id: $id}]->(b) USING INDEX SEEK r:REL(id)
WHERE r.mlevel <= $cl AND a.mlevel <= $cl AND b.mlevel <= $cl
RETURN r `+edgeProj+` AS r, a `+nodeProj+` AS a, b `+nodeProj+` AS b`,
			map[string]any{"id": id, "cl": cl})
		if err != nil {
			return graph.Subgraph{}, err
		}
		if len(recs) == 0 {
			return graph.Subgraph{}, graph.ErrNotFound
		}
		var g graph.Subgraph
		for _, key := range []string{"a", "b"} {
			m, err := value[map[string]any](recs[0], key)
			if err != nil {
				return graph.Subgraph{}, err
			}
			n, err := nodeFrom(m)
			if err != nil {
				return graph.Subgraph{}, err
			}
			if len(g.Nodes) == 0 || g.Nodes[0].ID != n.ID {
				g.Nodes = append(g.Nodes, n)
			}
		}
		m, err := value[map[string]any](recs[0], "r")
		if err != nil {
			return graph.Subgraph{}, err
		}
		e, err := edgeFrom(m)
		if err != nil {
			return graph.Subgraph{}, err
		}
		g.Edges = []graph.Edge{e}
		return g, finish(ctx, tx, &g)
	})
}
