package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

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
