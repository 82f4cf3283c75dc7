package neo4jstore

import (
	"context"

	"linkchart/graph"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TopConnected answers a TopQuery. At the top clearance every relation is
// visible and the degree is Neo4j's stored one (COUNT without a filter);
// below it the relations are counted with their markings and other ends.
func (s *Store) TopConnected(ctx context.Context, q graph.TopQuery) ([]graph.Ranked, error) {
	cl := q.Clearance.Level()
	degree := `COUNT { (n)-[r:REL]-(m:Entity) WHERE r.mlevel <= $cl AND m.mlevel <= $cl }`
	if cl >= len(graph.Markings)-1 {
		degree = `COUNT { (n)-[:REL]-() }`
	}
	// degree is one of two constants, not request text.
	query := `
MATCH (n:Entity) WHERE n.mlevel <= $cl AND ($kind = '' OR n.kind = $kind)
WITH n, ` + degree + ` AS deg WHERE deg > 0
RETURN n ` + nodeProj + ` AS n, deg ORDER BY deg DESC, n.id LIMIT $limit`
	return read(ctx, s, "top connected", func(tx neo4j.ManagedTransaction) ([]graph.Ranked, error) {
		recs, err := collect(ctx, tx, query, map[string]any{"cl": cl, "kind": string(q.Kind), "limit": q.Limit()})
		if err != nil {
			return nil, err
		}
		nodes, err := nodesOf(recs, "n")
		if err != nil {
			return nil, err
		}
		out := make([]graph.Ranked, len(nodes))
		for i, rec := range recs {
			d, err := value[int64](rec, "deg")
			if err != nil {
				return nil, err
			}
			out[i] = graph.Ranked{Node: nodes[i], Degree: int(d)}
		}
		return out, nil
	})
}
