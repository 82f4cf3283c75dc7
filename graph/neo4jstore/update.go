package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// checkScope checks a batch written within clearance cl (graph.CheckScope)
// with one query in the write's transaction: which of the batch's node ids
// and edge ends are nodes above cl, which of its edge ids are edges cl
// cannot see.
func checkScope(ctx context.Context, tx neo4j.ManagedTransaction, b graph.Batch, cl graph.Marking, create bool) error {
	if cl.Level() == graph.Red.Level() {
		return nil
	}
	nodes := map[string]bool{}
	for _, n := range b.Nodes {
		nodes[n.ID] = true
	}
	for _, e := range b.Edges {
		nodes[e.From], nodes[e.To] = true, true
	}
	recs, err := collect(ctx, tx, `
RETURN COLLECT { UNWIND $nodes AS id MATCH (n:Entity {id: id}) USING INDEX SEEK n:Entity(id) WHERE n.mlevel > $cl RETURN n.id } AS nodes,
       COLLECT { UNWIND $edges AS id MATCH (a)-[r:REL {id: id}]->(b) USING INDEX SEEK r:REL(id)
                 WHERE r.mlevel > $cl OR a.mlevel > $cl OR b.mlevel > $cl RETURN r.id } AS edges`,
		map[string]any{"nodes": sortedKeys(nodes), "edges": idsOf(b.Edges, func(e graph.Edge) string { return e.ID }), "cl": cl.Level()})
	if err != nil {
		return err
	}
	if len(recs) != 1 {
		return fmt.Errorf("check clearance: %d records", len(recs))
	}
	hidden := func(key string) (map[string]bool, error) {
		l, err := value[[]any](recs[0], key)
		m := make(map[string]bool, len(l))
		for _, v := range l {
			if id, ok := v.(string); ok {
				m[id] = true
			}
		}
		return m, err
	}
	hiddenNodes, err := hidden("nodes")
	if err != nil {
		return err
	}
	hiddenEdges, err := hidden("edges")
	if err != nil {
		return err
	}
	return graph.CheckScope(b, cl, create,
		func(id string) bool { return hiddenNodes[id] },
		func(id string) bool { return hiddenEdges[id] })
}

// UpdateNode reads, changes (f) and writes node id in one write
// transaction; the node is locked (a property set, then replaced by the
// write) before it is read. f may run more than once when Neo4j asks for
// the transaction to be retried.
func (s *Store) UpdateNode(ctx context.Context, id string, clearance graph.Marking, f func(graph.Node) (graph.Node, error)) (graph.Node, error) {
	ctx = graph.WithOp(ctx, graph.OpOr(ctx, "update"))
	return write(ctx, s, "update entity "+id, func(tx neo4j.ManagedTransaction) (graph.Node, error) {
		recs, err := collect(ctx, tx, `
MATCH (n:Entity {id: $id}) USING INDEX SEEK n:Entity(id) WHERE n.mlevel <= $cl
SET n.lock = true
RETURN n `+nodeProj+` AS n`, map[string]any{"id": id, "cl": clearance.Level()})
		if err != nil {
			return graph.Node{}, err
		}
		if len(recs) == 0 {
			return graph.Node{}, graph.ErrNotFound
		}
		old, err := nodesOf(recs, "n")
		if err != nil {
			return graph.Node{}, err
		}
		x, err := f(old[0])
		if err != nil {
			return graph.Node{}, err
		}
		if err := graph.CheckSameID(id, x.ID); err != nil {
			return graph.Node{}, err
		}
		if err := putTx(ctx, tx, normalized(graph.Batch{Nodes: []graph.Node{x}}), false, clearance); err != nil {
			return graph.Node{}, err
		}
		now, err := fetchNodes(ctx, tx, []string{id}, graph.Red.Level())
		if err != nil || len(now) != 1 {
			return graph.Node{}, fmt.Errorf("read back: %d nodes: %v", len(now), err)
		}
		return now[0], nil
	})
}

// UpdateEdge reads, changes (f) and writes edge id, with the new sources,
// in one write transaction, as UpdateNode.
func (s *Store) UpdateEdge(ctx context.Context, id string, clearance graph.Marking, f func(graph.Edge) (graph.Edge, error), newSources ...graph.Source) (graph.Edge, error) {
	ctx = graph.WithOp(ctx, graph.OpOr(ctx, "update"))
	// graded reads the edge with its grade.
	graded := func(ctx context.Context, tx neo4j.ManagedTransaction, recs []*neo4j.Record) (graph.Edge, error) {
		edges, err := edgesOf(recs, "r")
		if err != nil {
			return graph.Edge{}, err
		}
		if len(edges) != 1 {
			return graph.Edge{}, fmt.Errorf("read %s: %d edges", id, len(edges))
		}
		g := graph.Subgraph{Edges: edges}
		if err := finish(ctx, tx, &g); err != nil {
			return graph.Edge{}, err
		}
		return g.Edges[0], nil
	}
	return write(ctx, s, "update relation "+id, func(tx neo4j.ManagedTransaction) (graph.Edge, error) {
		recs, err := collect(ctx, tx, `
MATCH (a)-[r:REL {id: $id}]->(b) USING INDEX SEEK r:REL(id)
WHERE r.mlevel <= $cl AND a.mlevel <= $cl AND b.mlevel <= $cl
SET r.lock = true
RETURN r `+edgeProj+` AS r`, map[string]any{"id": id, "cl": clearance.Level()})
		if err != nil {
			return graph.Edge{}, err
		}
		if len(recs) == 0 {
			return graph.Edge{}, graph.ErrNotFound
		}
		old, err := graded(ctx, tx, recs)
		if err != nil {
			return graph.Edge{}, err
		}
		x, err := f(old)
		if err != nil {
			return graph.Edge{}, err
		}
		if err := graph.CheckSameID(id, x.ID); err != nil {
			return graph.Edge{}, err
		}
		if err := checkSourcesAbsent(ctx, tx, newSources); err != nil {
			return graph.Edge{}, err
		}
		if err := putTx(ctx, tx, normalized(graph.Batch{Sources: newSources, Edges: []graph.Edge{x}}), false, clearance); err != nil {
			return graph.Edge{}, err
		}
		recs, err = collect(ctx, tx, "MATCH ()-[r:REL {id: $id}]->() USING INDEX SEEK r:REL(id) RETURN r "+edgeProj+" AS r",
			map[string]any{"id": id})
		if err != nil {
			return graph.Edge{}, err
		}
		return graded(ctx, tx, recs)
	})
}

// checkSourcesAbsent refuses (ErrAlreadyExists) sources whose ids are
// taken, read in tx; the store's own writes run one at a time (write), so
// none takes an id between this read and tx's write.
func checkSourcesAbsent(ctx context.Context, tx neo4j.ManagedTransaction, sources []graph.Source) error {
	if len(sources) == 0 {
		return nil
	}
	found, err := fetchSources(ctx, tx, idsOf(sources, func(x graph.Source) string { return x.ID }))
	if err != nil {
		return err
	}
	taken := make(map[string]bool, len(found))
	for id := range found {
		taken[id] = true
	}
	if len(taken) > 0 {
		return fmt.Errorf("%w: %s", graph.ErrAlreadyExists, strings.Join(sortedKeys(taken), ", "))
	}
	return nil
}
