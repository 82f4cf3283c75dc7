package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
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

// hop is one step of a path: the edge walked and the node reached.
type hop struct{ node, edge string }

// lessHops orders paths of equal length hop by hop: by the next node's id,
// then the edge's id.
func lessHops(a, b []hop) int {
	for i := range min(len(a), len(b)) {
		if c := compare(a[i].node, b[i].node); c != 0 {
			return c
		}
		if c := compare(a[i].edge, b[i].edge); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Paths finds the K shortest simple paths with SHORTEST k GROUPS, asking
// for one more group until K simple paths are found or no longer path
// exists, then orders them by length and hop by hop in Go.
func (s *Store) Paths(ctx context.Context, q graph.PathQuery) (graph.PathAnswer, error) {
	maxDepth := q.MaxDepth
	if maxDepth <= 0 {
		maxDepth = graph.DefaultPathDepth
	}
	k := q.K
	if k <= 0 {
		k = 1
	}
	cl := q.Clearance.Level()
	types := q.Types
	if types == nil {
		types = []string{}
	}
	return read(ctx, s, "paths", func(tx neo4j.ManagedTransaction) (graph.PathAnswer, error) {
		ans := graph.PathAnswer{Paths: []graph.Path{}}
		for _, id := range uniq([]string{q.From, q.To}) {
			ok, err := visible(ctx, tx, id, cl)
			if err != nil {
				return ans, err
			}
			if !ok {
				return ans, fmt.Errorf("%w: %s", graph.ErrNotFound, id)
			}
		}
		var paths [][]hop
		if q.From == q.To {
			paths = [][]hop{{}}
		} else {
			var err error
			if paths, err = shortestPaths(ctx, tx, q.From, q.To, maxDepth, k, cl, types); err != nil {
				return ans, err
			}
		}
		if len(paths) > k {
			paths = paths[:k]
		}
		nodeSet, edgeSet := map[string]bool{}, map[string]bool{}
		for _, p := range paths {
			path := graph.Path{Nodes: []string{q.From}, Edges: []string{}}
			nodeSet[q.From] = true
			for _, h := range p {
				path.Nodes = append(path.Nodes, h.node)
				path.Edges = append(path.Edges, h.edge)
				nodeSet[h.node] = true
				edgeSet[h.edge] = true
			}
			ans.Paths = append(ans.Paths, path)
		}
		g, err := pathSubgraph(ctx, tx, nodeSet, edgeSet, cl)
		ans.Subgraph = g
		return ans, err
	})
}

// pathSubgraph returns the nodes and edges of paths with their sources.
func pathSubgraph(ctx context.Context, tx neo4j.ManagedTransaction, nodeSet, edgeSet map[string]bool, cl int) (graph.Subgraph, error) {
	var g graph.Subgraph
	var err error
	if len(nodeSet) > 0 {
		if g.Nodes, err = fetchNodes(ctx, tx, sortedKeys(nodeSet), cl); err != nil {
			return g, err
		}
	}
	if len(edgeSet) > 0 {
		if g.Edges, err = fetchEdges(ctx, tx, sortedKeys(edgeSet)); err != nil {
			return g, err
		}
	}
	return g, finish(ctx, tx, &g)
}

// shortestPaths returns at least k simple paths from one node to another
// when there are that many within maxDepth hops (fewer otherwise), ordered.
func shortestPaths(ctx context.Context, tx neo4j.ManagedTransaction, from, to string, maxDepth, k, cl int, types []string) ([][]hop, error) {
	for groups := 1; ; groups++ {
		// groups and maxDepth are integers bounded above, not request text.
		q := fmt.Sprintf(`
MATCH (a:Entity {id: $from}), (b:Entity {id: $to}) USING INDEX SEEK a:Entity(id) USING INDEX SEEK b:Entity(id)
MATCH p = SHORTEST %d GROUPS (a)((x)-[r:REL]-(y)
      WHERE r.mlevel <= $cl AND y.mlevel <= $cl AND (size($types) = 0 OR r.type IN $types)){1,%d}(b)
RETURN [n IN nodes(p) | n.id] AS nodes, [e IN relationships(p) | e.id] AS edges`, groups, maxDepth)
		recs, err := collect(ctx, tx, q, map[string]any{"from": from, "to": to, "cl": cl, "types": types})
		if err != nil {
			return nil, err
		}
		var paths [][]hop
		lengths := map[int]bool{}
		for _, rec := range recs {
			nodes, err := value[[]any](rec, "nodes")
			if err != nil {
				return nil, err
			}
			edges, err := value[[]any](rec, "edges")
			if err != nil {
				return nil, err
			}
			lengths[len(edges)] = true
			p := make([]hop, len(edges))
			seen := map[string]bool{from: true}
			simple := true
			for i := range edges {
				n, _ := nodes[i+1].(string)
				e, _ := edges[i].(string)
				if seen[n] {
					simple = false
				}
				seen[n] = true
				p[i] = hop{node: n, edge: e}
			}
			if simple {
				paths = append(paths, p)
			}
		}
		if len(paths) >= k || len(lengths) < groups || groups >= maxDepth {
			slices.SortFunc(paths, func(a, b []hop) int {
				if len(a) != len(b) {
					return len(a) - len(b)
				}
				return lessHops(a, b)
			})
			return paths, nil
		}
	}
}
