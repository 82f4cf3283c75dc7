package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

var _ graph.NodeLister = (*Store)(nil)

// EachNode calls fn with every visible node of kind (all kinds when kind is
// empty), read in pages of batchRows by id.
func (s *Store) EachNode(ctx context.Context, kind graph.Kind, clearance graph.Marking, fn func(graph.Node) error) error {
	after := ""
	for {
		nodes, err := read(ctx, s, "each node", func(tx neo4j.ManagedTransaction) ([]graph.Node, error) {
			recs, err := collect(ctx, tx,
				"MATCH (n:Entity) WHERE n.id > $after AND n.mlevel <= $cl AND ($kind = '' OR n.kind = $kind) "+
					"RETURN n "+nodeProj+" AS n ORDER BY n.id LIMIT $limit",
				map[string]any{"after": after, "cl": clearance.Level(), "kind": string(kind), "limit": batchRows})
			if err != nil {
				return nil, err
			}
			return nodesOf(recs, "n")
		})
		if err != nil {
			return err
		}
		for _, n := range nodes {
			if err := fn(n); err != nil {
				return err
			}
		}
		if len(nodes) < batchRows {
			return nil
		}
		after = nodes[len(nodes)-1].ID
	}
}
