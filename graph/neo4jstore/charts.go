package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// Charts are (:Chart {id, mlevel, body}) nodes, the body the chart's JSON;
// they carry no Entity label, so no graph query ever meets them.

var _ graph.ChartStore = (*Store)(nil)

// Charts lists the charts within clearance, by id.
func (s *Store) Charts(ctx context.Context, clearance graph.Marking) ([]graph.Chart, error) {
	return read(ctx, s, "charts", func(tx neo4j.ManagedTransaction) ([]graph.Chart, error) {
		recs, err := collect(ctx, tx, "MATCH (c:Chart) WHERE c.mlevel <= $cl RETURN c.body AS body ORDER BY c.id",
			map[string]any{"cl": clearance.Level()})
		if err != nil {
			return nil, err
		}
		out := make([]graph.Chart, 0, len(recs))
		for _, r := range recs {
			c, err := chartFrom(r)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	})
}

func chartFrom(r *neo4j.Record) (graph.Chart, error) {
	body, err := value[string](r, "body")
	if err != nil {
		return graph.Chart{}, err
	}
	return graph.DecodeChart([]byte(body))
}

// Chart returns one chart within clearance.
func (s *Store) Chart(ctx context.Context, id string, clearance graph.Marking) (graph.Chart, error) {
	return read(ctx, s, "chart "+id, func(tx neo4j.ManagedTransaction) (graph.Chart, error) {
		recs, err := collect(ctx, tx, "MATCH (c:Chart {id: $id}) WHERE c.mlevel <= $cl RETURN c.body AS body",
			map[string]any{"id": id, "cl": clearance.Level()})
		if err != nil {
			return graph.Chart{}, err
		}
		if len(recs) == 0 {
			return graph.Chart{}, graph.ErrNotFound
		}
		return chartFrom(recs[0])
	})
}

// CreateChart stores a new chart; the constraint on Chart.id refuses a
// taken id (ErrAlreadyExists).
func (s *Store) CreateChart(ctx context.Context, c graph.Chart) error {
	body, err := graph.EncodeChart(c)
	if err != nil {
		return err
	}
	_, err = write(ctx, s, "create chart "+c.ID, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := collect(ctx, tx, "CREATE (c:Chart {id: $id, mlevel: $ml, body: $body})",
			map[string]any{"id": c.ID, "ml": c.Marking.Level(), "body": string(body)})
		return struct{}{}, err
	})
	return err
}

// ReplaceChart replaces a chart visible within clearance.
func (s *Store) ReplaceChart(ctx context.Context, c graph.Chart, clearance graph.Marking) error {
	body, err := graph.EncodeChart(c)
	if err != nil {
		return err
	}
	return s.writeOne(ctx, "replace chart "+c.ID, `
MATCH (c:Chart {id: $id}) WHERE c.mlevel <= $cl
SET c.mlevel = $ml, c.body = $body RETURN count(c) AS c`,
		map[string]any{"id": c.ID, "cl": clearance.Level(), "ml": c.Marking.Level(), "body": string(body)}, "")
}

// DeleteChart removes a chart visible within clearance.
func (s *Store) DeleteChart(ctx context.Context, id string, clearance graph.Marking) error {
	return s.writeOne(ctx, "delete chart "+id, "MATCH (c:Chart {id: $id}) WHERE c.mlevel <= $cl DELETE c RETURN count(*) AS c",
		map[string]any{"id": id, "cl": clearance.Level()}, "")
}
