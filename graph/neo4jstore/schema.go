package neo4jstore

import (
	"context"

	"linkchart/graph"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Schema counts the visible nodes by kind, the visible edges by type and
// the sources those edges cite.
func (s *Store) Schema(ctx context.Context, clearance graph.Marking) (graph.Schema, error) {
	cl := clearance.Level()
	return read(ctx, s, "schema", func(tx neo4j.ManagedTransaction) (graph.Schema, error) {
		sc := graph.Schema{Kinds: map[string]int{}, Types: map[string]int{}}
		params := map[string]any{"cl": cl}
		recs, err := collect(ctx, tx,
			"MATCH (n:Entity) WHERE n.mlevel <= $cl RETURN n.kind AS k, count(*) AS c", params)
		if err != nil {
			return sc, err
		}
		if err := counts(recs, sc.Kinds, &sc.Counts.Nodes); err != nil {
			return sc, err
		}
		recs, err = collect(ctx, tx, `
MATCH (a:Entity)-[r:REL]->(b:Entity)
WHERE r.mlevel <= $cl AND a.mlevel <= $cl AND b.mlevel <= $cl
RETURN r.type AS k, count(*) AS c`, params)
		if err != nil {
			return sc, err
		}
		if err := counts(recs, sc.Types, &sc.Counts.Edges); err != nil {
			return sc, err
		}
		recs, err = collect(ctx, tx, `
MATCH (a:Entity)-[r:REL]->(b:Entity)
WHERE r.mlevel <= $cl AND a.mlevel <= $cl AND b.mlevel <= $cl
UNWIND r.sources AS src
RETURN count(DISTINCT src) AS c`, params)
		if err != nil {
			return sc, err
		}
		if len(recs) == 1 {
			c, err := value[int64](recs[0], "c")
			if err != nil {
				return sc, err
			}
			sc.Counts.Sources = int(c)
		}
		return sc, nil
	})
}

// counts adds records of (k, c) to m and their sum to total.
func counts(recs []*neo4j.Record, m map[string]int, total *int) error {
	for _, rec := range recs {
		k, err := value[string](rec, "k")
		if err != nil {
			return err
		}
		c, err := value[int64](rec, "c")
		if err != nil {
			return err
		}
		m[k] += int(c)
		*total += int(c)
	}
	return nil
}
