package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// arc is an edge as the oversight walk sees it.
type arc struct{ from, edge, to string }

// Oversight answers who oversaw What, or what Who oversaw. The PART_OF
// hierarchy around the asked-about node is read level by level (one query
// per level, at most graph.MaxPartOfHops), the oversight edges in one query;
// shortest paths and their tie-breaks are worked out in Go.
func (s *Store) Oversight(ctx context.Context, q graph.OversightQuery) (graph.OversightAnswer, error) {
	if err := q.Window.Check(); err != nil {
		return graph.OversightAnswer{}, fmt.Errorf("oversight: %w", err)
	}
	cl := q.Clearance.Level()
	asked := q.Who
	if asked == "" {
		asked = q.What
	}
	return read(ctx, s, "oversight of "+asked, func(tx neo4j.ManagedTransaction) (graph.OversightAnswer, error) {
		ans := graph.OversightAnswer{Answers: []graph.Oversight{}}
		ok, err := visible(ctx, tx, asked, cl)
		if err != nil {
			return ans, err
		}
		if !ok {
			return ans, fmt.Errorf("%w: %s", graph.ErrNotFound, asked)
		}
		oversight := edgeFilter{types: graph.OversightTypes, asOf: q.AsOf, window: q.Window}.params(cl)
		partOf := edgeFilter{types: []string{graph.PartOf}, asOf: q.AsOf, window: q.Window}.params(cl)

		seen := &records{edges: map[string]graph.Edge{}, nodes: map[string]graph.Node{}}
		// down maps a parent to its PART_OF children.
		down := map[string][]arc{}
		// firsts maps an overseer to its oversight edges.
		firsts := map[string][]arc{}
		// dist is, for a question about What, each node's distance up the
		// PART_OF chains from What.
		dist := map[string]int{}
		if q.Who != "" {
			oversight["ids"] = []string{q.Who}
			arcs, err := seen.queryArcs(ctx, tx, `
UNWIND $ids AS pid
MATCH (p:Entity {id: pid})-[r:REL]->(y) USING INDEX SEEK p:Entity(id)
WHERE y.mlevel <= $cl AND `+edgeCond+`
RETURN p.id AS from, r.id AS edge, y.id AS to, r `+edgeProj+` AS r, y `+nodeProj+` AS n`, oversight)
			if err != nil {
				return ans, err
			}
			firsts[q.Who] = arcs
			var tops []string
			for _, a := range arcs {
				tops = append(tops, a.to)
			}
			// Walk down: children PART_OF the frontier.
			err = seen.walkPartOf(ctx, tx, uniq(tops), partOf, `
UNWIND $frontier AS pid
MATCH (c)-[r:REL]->(par:Entity {id: pid}) USING INDEX SEEK par:Entity(id)
WHERE c.mlevel <= $cl AND `+edgeCond+`
RETURN c.id AS from, r.id AS edge, par.id AS to, r `+edgeProj+` AS r, c `+nodeProj+` AS n`, func(a arc) string { return a.from }, func(a arc) {
				down[a.to] = append(down[a.to], a)
			})
			if err != nil {
				return ans, err
			}
		} else {
			// Walk up: the parents of the frontier, then the oversight
			// edges into any node reached.
			reached := []string{q.What}
			dist[q.What] = 0
			err := seen.walkPartOf(ctx, tx, []string{q.What}, partOf, `
UNWIND $frontier AS cid
MATCH (c:Entity {id: cid})-[r:REL]->(par) USING INDEX SEEK c:Entity(id)
WHERE par.mlevel <= $cl AND `+edgeCond+`
RETURN c.id AS from, r.id AS edge, par.id AS to, r `+edgeProj+` AS r, par `+nodeProj+` AS n`, func(a arc) string { return a.to }, func(a arc) {
				down[a.to] = append(down[a.to], a)
				if _, ok := dist[a.to]; !ok {
					// Levels are read in order: the first arc to a
					// node is on one of its shortest chains.
					dist[a.to] = dist[a.from] + 1
					reached = append(reached, a.to)
				}
			})
			if err != nil {
				return ans, err
			}
			oversight["ids"] = uniq(reached)
			arcs, err := seen.queryArcs(ctx, tx, `
UNWIND $ids AS yid
MATCH (p)-[r:REL]->(y:Entity {id: yid}) USING INDEX SEEK y:Entity(id)
WHERE p.mlevel <= $cl AND `+edgeCond+`
RETURN p.id AS from, r.id AS edge, y.id AS to, r `+edgeProj+` AS r, p `+nodeProj+` AS n`, oversight)
			if err != nil {
				return ans, err
			}
			for _, a := range arcs {
				firsts[a.from] = append(firsts[a.from], a)
			}
		}

		type answer struct {
			overseer, target string
			hops             []hop
		}
		var answers []answer
		for overseer, arcs := range firsts {
			if q.What != "" {
				// One target: its best path is walked down from the
				// overseer, hop by hop, along the distances to What
				// (a whole walk per overseer is quadratic when a
				// hierarchy has thousands of overseers).
				if hops := pathDown(overseer, arcs, down, dist); hops != nil {
					answers = append(answers, answer{overseer, q.What, hops})
				}
				continue
			}
			for target, hops := range bestPaths(overseer, arcs, down) {
				answers = append(answers, answer{overseer, target, hops})
			}
		}
		sort.Slice(answers, func(i, j int) bool {
			a, b := answers[i], answers[j]
			if len(a.hops) != len(b.hops) {
				return len(a.hops) < len(b.hops)
			}
			if a.overseer != b.overseer {
				return a.overseer < b.overseer
			}
			return a.target < b.target
		})
		nodeSet, edgeSet := map[string]bool{}, map[string]bool{}
		for _, a := range answers {
			p := graph.Path{Nodes: []string{a.overseer}, Edges: []string{}}
			nodeSet[a.overseer] = true
			for _, h := range a.hops {
				p.Nodes = append(p.Nodes, h.node)
				p.Edges = append(p.Edges, h.edge)
				nodeSet[h.node] = true
				edgeSet[h.edge] = true
			}
			ans.Answers = append(ans.Answers, graph.Oversight{Overseer: a.overseer, Target: a.target, Path: p})
		}
		var g graph.Subgraph
		var missing []string
		for id := range nodeSet {
			if n, ok := seen.nodes[id]; ok {
				g.Nodes = append(g.Nodes, n)
			} else {
				missing = append(missing, id) // the asked-about node
			}
		}
		if len(missing) > 0 {
			more, err := fetchNodes(ctx, tx, missing, cl)
			if err != nil {
				return ans, err
			}
			g.Nodes = append(g.Nodes, more...)
		}
		for id := range edgeSet {
			g.Edges = append(g.Edges, seen.edges[id])
		}
		err = finish(ctx, tx, &g)
		ans.Subgraph = g
		return ans, err
	})
}

// walkPartOf runs query (over $frontier) level by level, at most
// graph.MaxPartOfHops times, handing every arc found to add; next names the
// end of an arc that joins the next frontier.
func (rs *records) walkPartOf(ctx context.Context, tx neo4j.ManagedTransaction, start []string, params map[string]any, query string, next func(arc) string, add func(arc)) error {
	seen := map[string]bool{}
	for _, id := range start {
		seen[id] = true
	}
	frontier := start
	for level := 0; level < graph.MaxPartOfHops && len(frontier) > 0; level++ {
		params["frontier"] = frontier
		arcs, err := rs.queryArcs(ctx, tx, query, params)
		if err != nil {
			return err
		}
		frontier = nil
		for _, a := range arcs {
			add(a)
			if n := next(a); !seen[n] {
				seen[n] = true
				frontier = append(frontier, n)
			}
		}
	}
	return nil
}

// records keeps the edges and nodes that the walk's queries returned, so
// that the answer needs no second read of them.
type records struct {
	edges map[string]graph.Edge
	nodes map[string]graph.Node
}

// queryArcs runs query and reads its records with arcsOf.
func (rs *records) queryArcs(ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any) ([]arc, error) {
	recs, err := collect(ctx, tx, query, params)
	if err != nil {
		return nil, err
	}
	return rs.arcsOf(recs)
}

// arcsOf reads records of (from, edge, to, r, n), keeping r and n.
func (rs *records) arcsOf(recs []*neo4j.Record) ([]arc, error) {
	out := make([]arc, 0, len(recs))
	for _, rec := range recs {
		var a arc
		var err error
		if a.from, err = value[string](rec, "from"); err != nil {
			return nil, err
		}
		if a.edge, err = value[string](rec, "edge"); err != nil {
			return nil, err
		}
		if a.to, err = value[string](rec, "to"); err != nil {
			return nil, err
		}
		if _, ok := rs.edges[a.edge]; !ok {
			m, err := value[map[string]any](rec, "r")
			if err != nil {
				return nil, err
			}
			if rs.edges[a.edge], err = edgeFrom(m); err != nil {
				return nil, err
			}
		}
		m, err := value[map[string]any](rec, "n")
		if err != nil {
			return nil, err
		}
		if id := str(m, "id"); id != "" {
			if _, ok := rs.nodes[id]; !ok {
				if rs.nodes[id], err = nodeFrom(m); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// pathDown is the shortest path from overseer down to the node at distance
// 0 in dist (the node asked about), first in hop order (by the next node's
// id, then the edge's id, hop by hop), as bestPaths would find it: its
// first hop is the first of the overseer's arcs (firsts) to a node of
// least distance, and every next hop the first of the PART_OF arcs into
// the current node (down) from a node one closer. nil when no arc of
// firsts reaches the chain.
func pathDown(overseer string, firsts []arc, down map[string][]arc, dist map[string]int) []hop {
	first := func(arcs []arc, ok func(arc) bool, end func(arc) string) (hop, bool) {
		var best hop
		found := false
		for _, a := range arcs {
			if !ok(a) {
				continue
			}
			h := hop{node: end(a), edge: a.edge}
			if !found || lessHops([]hop{h}, []hop{best}) < 0 {
				best, found = h, true
			}
		}
		return best, found
	}
	length := -1
	for _, a := range firsts {
		if d, ok := dist[a.to]; ok && a.to != overseer && (length < 0 || d+1 < length) {
			length = d + 1
		}
	}
	if length < 0 {
		return nil
	}
	h, _ := first(firsts, func(a arc) bool {
		d, ok := dist[a.to]
		return ok && a.to != overseer && d+1 == length
	}, func(a arc) string { return a.to })
	hops := []hop{h}
	for dist[h.node] > 0 {
		at := h.node
		var ok bool
		h, ok = first(down[at], func(a arc) bool {
			d, ok := dist[a.from]
			return ok && a.from != at && d+1 == dist[at]
		}, func(a arc) string { return a.from })
		if !ok { // cannot happen: a node at distance d > 0 was reached from one at d-1
			return nil
		}
		hops = append(hops, h)
	}
	return hops
}

// bestPaths walks breadth-first from start: first along its oversight arcs
// (firsts), then down PART_OF (down maps a parent to the arcs of its
// children) for at most graph.MaxPartOfHops levels. It returns, for every
// node reached, the shortest path to it, ties broken hop by hop by node id
// then edge id.
func bestPaths(start string, firsts []arc, down map[string][]arc) map[string][]hop {
	best := map[string][]hop{}
	offer := func(level map[string][]hop, v string, p []hop) {
		if cur, ok := level[v]; !ok || lessHops(p, cur) < 0 {
			level[v] = p
		}
	}
	// The overseer is never reached down a PART_OF chain (but an
	// oversight edge to itself is an answer).
	level := map[string][]hop{}
	for _, a := range firsts {
		offer(level, a.to, []hop{{node: a.to, edge: a.edge}})
	}
	seen := map[string]bool{start: true}
	for depth := 0; len(level) > 0; depth++ {
		for v, p := range level {
			seen[v] = true
			best[v] = p
		}
		if depth == graph.MaxPartOfHops {
			break
		}
		next := map[string][]hop{}
		for u, p := range level {
			for _, a := range down[u] {
				if !seen[a.from] {
					offer(next, a.from, append(slices.Clip(p), hop{node: a.from, edge: a.edge}))
				}
			}
		}
		level = next
	}
	return best
}
