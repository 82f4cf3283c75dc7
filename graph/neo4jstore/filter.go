package neo4jstore

import (
	"context"

	"linkchart/graph"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// edgeCond is the Cypher condition an edge r must meet to be walked: it is
// visible, of one of $types (when given), holds at $asOf and overlaps the
// window [$from, $to] (when given; dates compared at the coarser precision
// as graph.Window.Overlaps does) and its grade is admitted by ($minRel,
// $minCred). Both ends' visibility is checked by the caller.
var edgeCond = `r.mlevel <= $cl
  AND (size($types) = 0 OR r.type IN $types)
  AND ` + notAfter("r.since", "$asOf") + ` AND ` + notBefore("r.until", "$asOf") + `
  AND ` + notAfter("r.since", "$to") + ` AND ` + notBefore("r.until", "$from") + `
  AND ($minRel = '' OR r.rel <= $minRel)
  AND ($minCred = 0 OR r.credibility <= $minCred)`

// notAfter is the condition that the date property d does not start after
// the date parameter p ends (either empty: true); notBefore that d does not
// end before p starts. Both compare at the coarser precision (graph.Date.Compare).
func notAfter(d, p string) string  { return coarser(d, p, "<=") }
func notBefore(d, p string) string { return coarser(d, p, ">=") }

func coarser(d, p, op string) string {
	n := "CASE WHEN size(" + d + ") < size(" + p + ") THEN size(" + d + ") ELSE size(" + p + ") END"
	return "(" + p + " = '' OR " + d + " = '' OR left(" + d + ", " + n + ") " + op + " left(" + p + ", " + n + "))"
}

// edgeFilter holds the values of edgeCond's parameters.
type edgeFilter struct {
	types    []string
	asOf     graph.Date
	window   graph.Window
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
		"from":    string(f.window.From),
		"to":      string(f.window.To),
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
