package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"linkchart/graph"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// hop is one step of a path: the edge walked and the node reached.
type hop struct{ node, edge string }

// lessHops orders paths of equal length hop by hop: by the next node's id,
// then the edge's id.
func lessHops(a, b []hop) int {
	for i := range min(len(a), len(b)) {
		if c := strings.Compare(a[i].node, b[i].node); c != 0 {
			return c
		}
		if c := strings.Compare(a[i].edge, b[i].edge); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

// Paths finds the K shortest simple paths with SHORTEST k GROUPS, asking
// for one more group until K simple paths are found or no longer path
// exists, then orders them by length and hop by hop in Go.
func (s *Store) Paths(ctx context.Context, q graph.PathQuery) (graph.PathAnswer, error) {
	if err := q.Window.Check(); err != nil {
		return graph.PathAnswer{}, fmt.Errorf("paths: %w", err)
	}
	maxDepth := q.MaxDepth
	if maxDepth <= 0 {
		maxDepth = graph.DefaultPathDepth
	}
	k := q.K
	if k <= 0 {
		k = 1
	}
	cl := q.Clearance.Level()
	params := edgeFilter{types: q.Types, window: q.Window}.params(cl)
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
			if paths, err = shortestPaths(ctx, tx, q, maxDepth, k, params); err != nil {
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
// when there are that many within maxDepth hops (fewer otherwise), ordered,
// walking the edges that pass edgeCond under params; with pq's direction,
// excluded nodes and hub limit in the pattern, and its time consistency
// checked here (each group holds every path of its length, so asking for
// one more group until k paths are kept stays exact).
func shortestPaths(ctx context.Context, tx neo4j.ManagedTransaction, pq graph.PathQuery, maxDepth, k int, params map[string]any) ([][]hop, error) {
	from, to := pq.From, pq.To
	left, right := "-", "-"
	switch pq.Direction {
	case graph.DirectionOut:
		right = "->"
	case graph.DirectionIn:
		left = "<-"
	}
	exclude := pq.Exclude
	if exclude == nil {
		exclude = []string{}
	}
	params["fromID"], params["toID"], params["exclude"], params["maxDeg"] = from, to, exclude, pq.MaxDegree
	for groups := 1; ; groups++ {
		// groups, maxDepth and the arrows are bounded integers and
		// constants, not request text.
		q := fmt.Sprintf(`
MATCH (a:Entity {id: $fromID}), (b:Entity {id: $toID}) USING INDEX SEEK a:Entity(id) USING INDEX SEEK b:Entity(id)
MATCH p = SHORTEST %d GROUPS (a)((x)%s[r:REL]%s(y)
      WHERE y.mlevel <= $cl AND `+edgeCond+`
        AND (y.id = $toID OR NOT y.id IN $exclude)
        AND ($maxDeg = 0 OR y.id = $toID OR COUNT { (y)-[h:REL]-(z) WHERE h.mlevel <= $cl AND z.mlevel <= $cl } <= $maxDeg)){1,%d}(b)
RETURN [n IN nodes(p) | n.id] AS nodes, [e IN relationships(p) | e.id] AS edges,
       [e IN relationships(p) | [coalesce(e.since, ''), coalesce(e.until, '')]] AS spans`, groups, left, right, maxDepth)
		recs, err := collect(ctx, tx, q, params)
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
			if simple && (!pq.Consistent || consistent(rec, pq.Window)) {
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

// consistent reports whether the hops of a record's path (its spans) all
// hold at one common date within w (graph.HeldWithin).
func consistent(rec *neo4j.Record, w graph.Window) bool {
	raw, err := value[[]any](rec, "spans")
	if err != nil {
		return false
	}
	spans := make([][2]graph.Date, 0, len(raw))
	for _, r := range raw {
		pair, _ := r.([]any)
		if len(pair) != 2 {
			return false
		}
		a, _ := pair[0].(string)
		b, _ := pair[1].(string)
		spans = append(spans, [2]graph.Date{graph.Date(a), graph.Date(b)})
	}
	return graph.HeldWithin(spans, w)
}
