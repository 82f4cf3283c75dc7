package neo4jstore

import (
	"context"

	"linkchart/graph"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// edgeCond is the Cypher condition an edge r must meet to be walked: it is
// visible, of one of $types (when given), holds at $asOf (when given, dates
// compared at the coarser precision as graph.HoldsAt does) and its grade is
// admitted by ($minRel, $minCred). Both ends' visibility is checked by the
// caller.
const edgeCond = `r.mlevel <= $cl
  AND (size($types) = 0 OR r.type IN $types)
  AND ($asOf = '' OR (
        (r.since = '' OR left(r.since, CASE WHEN size(r.since) < size($asOf) THEN size(r.since) ELSE size($asOf) END)
                         <= left($asOf, CASE WHEN size(r.since) < size($asOf) THEN size(r.since) ELSE size($asOf) END))
    AND (r.until = '' OR left(r.until, CASE WHEN size(r.until) < size($asOf) THEN size(r.until) ELSE size($asOf) END)
                         >= left($asOf, CASE WHEN size(r.until) < size($asOf) THEN size(r.until) ELSE size($asOf) END))))
  AND ($minRel = '' OR r.rel <= $minRel)
  AND ($minCred = 0 OR r.credibility <= $minCred)`

// edgeFilter holds the values of edgeCond's parameters.
type edgeFilter struct {
	types    []string
	asOf     graph.Date
	minGrade graph.MinGrade
}

func (f edgeFilter) params(cl int) map[string]any {
	types := f.types
	if types == nil {
		types = []string{}
	}
	return map[string]any{
		"cl":      cl,
		"types":   types,
		"asOf":    string(f.asOf),
		"minRel":  string(f.minGrade.Reliability),
		"minCred": f.minGrade.Credibility,
	}
}

// visible reports whether the node id is visible at clearance level cl.
func visible(ctx context.Context, tx neo4j.ManagedTransaction, id string, cl int) (bool, error) {
	recs, err := collect(ctx, tx, "MATCH (n:Entity {id: $id}) USING INDEX SEEK n:Entity(id) WHERE n.mlevel <= $cl RETURN n.id AS id",
		map[string]any{"id": id, "cl": cl})
	return len(recs) > 0, err
}
