package neo4jstore

import (
	"context"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// Neighborhood walks breadth-first from the seed, one query per level.
func (s *Store) Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	depth := q.Depth
	if depth <= 0 {
		depth = 1
	}
	limit := graph.ClampLimit(q.Limit, graph.DefaultLimit)
	cl := q.Clearance.Level()
	f := edgeFilter{types: q.Types, asOf: q.AsOf, minGrade: q.MinGrade}
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	return read(ctx, s, "neighborhood of "+q.Seed, func(tx neo4j.ManagedTransaction) (graph.Subgraph, error) {
		ok, err := visible(ctx, tx, q.Seed, cl)
		if err != nil {
			return graph.Subgraph{}, err
		}
		if !ok {
			return graph.Subgraph{}, graph.ErrNotFound
		}
		// reached holds the nodes in (distance, id) order.
		reached := []string{q.Seed}
		seen := map[string]bool{q.Seed: true}
		frontier := []string{q.Seed}
		params := f.params(cl)
		params["kinds"] = kinds
		for level := 1; level <= depth && len(frontier) > 0 && len(reached) <= limit; level++ {
			params["frontier"] = frontier
			recs, err := collect(ctx, tx, `
UNWIND $frontier AS fid
MATCH (a:Entity {id: fid})-[r:REL]-(b) USING INDEX SEEK a:Entity(id)
WHERE b.mlevel <= $cl AND (size($kinds) = 0 OR b.kind IN $kinds) AND `+edgeCond+`
RETURN DISTINCT b.id AS id`, params)
			if err != nil {
				return graph.Subgraph{}, err
			}
			var next []string
			for _, rec := range recs {
				id, err := value[string](rec, "id")
				if err != nil {
					return graph.Subgraph{}, err
				}
				if !seen[id] {
					seen[id] = true
					next = append(next, id)
				}
			}
			sort.Strings(next)
			reached = append(reached, next...)
			frontier = next
		}
		truncated := len(reached) > limit
		if truncated {
			reached = reached[:limit]
		}
		g, err := induced(ctx, tx, reached, cl, f)
		g.Truncated = truncated
		return g, err
	})
}
