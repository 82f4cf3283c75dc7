package storetest_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"linkchart/graph"
	"linkchart/graph/storetest"
)

// TestReference runs the suite against refStore, a deliberately naive
// store written from the graph docs alone. It keeps the suite honest: a
// case that fails here is a mistake in the suite, not in a store.
func TestReference(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store { return newRefStore() })
}

// refStore keeps everything in maps and answers every question by brute
// force.
type refStore struct {
	mu      sync.Mutex
	nodes   map[string]graph.Node
	edges   map[string]graph.Edge
	sources map[string]graph.Source
	refCharts
}

var _ graph.Store = (*refStore)(nil)

func newRefStore() *refStore {
	return &refStore{nodes: map[string]graph.Node{}, edges: map[string]graph.Edge{}, sources: map[string]graph.Source{},
		refCharts: refCharts{charts: map[string]graph.Chart{}}}
}

func (s *refStore) Ping(context.Context) error { return nil }
func (s *refStore) Close() error               { return nil }

func (s *refStore) check(b graph.Batch) error {
	inv := func(format string, a ...any) error {
		return fmt.Errorf("refstore: %s: %w", fmt.Sprintf(format, a...), graph.ErrInvalid)
	}
	srcs, nodes := map[string]bool{}, map[string]bool{}
	for _, x := range b.Sources {
		if !graph.ValidID(x.ID) || x.Reliability != "" && !x.Reliability.Valid() {
			return inv("source %q", x.ID)
		}
		srcs[x.ID] = true
	}
	for _, n := range b.Nodes {
		if !graph.ValidID(n.ID) || !n.Kind.Valid() || !n.Marking.Valid() {
			return inv("node %q", n.ID)
		}
		nodes[n.ID] = true
	}
	for _, e := range b.Edges {
		if !graph.ValidID(e.ID) || !graph.ValidType(e.Type) || !e.Marking.Valid() ||
			e.Since.Check() != nil || e.Until.Check() != nil ||
			e.Credibility != 0 && !graph.ValidCredibility(e.Credibility) {
			return inv("edge %q", e.ID)
		}
		for _, end := range []string{e.From, e.To} {
			if _, ok := s.nodes[end]; !ok && !nodes[end] {
				return inv("edge %q: no node %q", e.ID, end)
			}
		}
		for _, c := range e.Sources {
			if _, ok := s.sources[c]; !ok && !srcs[c] {
				return inv("edge %q: no source %q", e.ID, c)
			}
		}
	}
	return nil
}

func (s *refStore) apply(b graph.Batch) {
	for _, x := range b.Sources {
		x.Normalize()
		s.sources[x.ID] = x
	}
	for _, n := range b.Nodes {
		n.Aliases, n.Props = slices.Clone(n.Aliases), cloneMap(n.Props)
		n.Normalize()
		s.nodes[n.ID] = n
	}
	for _, e := range b.Edges {
		e.Sources, e.Props = slices.Clone(e.Sources), cloneMap(e.Props)
		e.Normalize()
		e.Grade = ""
		s.edges[e.ID] = e
	}
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func (s *refStore) Upsert(_ context.Context, b graph.Batch, clearance ...graph.Marking) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.scope(b, graph.WriteClearance(clearance), false); err != nil {
		return err
	}
	if err := s.check(b); err != nil {
		return err
	}
	s.apply(b)
	return nil
}

func (s *refStore) Create(_ context.Context, b graph.Batch, clearance ...graph.Marking) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.scope(b, graph.WriteClearance(clearance), true); err != nil {
		return err
	}
	if err := s.check(b); err != nil {
		return err
	}
	for _, x := range b.Sources {
		if _, ok := s.sources[x.ID]; ok {
			return fmt.Errorf("refstore: source %q: %w", x.ID, graph.ErrAlreadyExists)
		}
	}
	for _, n := range b.Nodes {
		if _, ok := s.nodes[n.ID]; ok {
			return fmt.Errorf("refstore: node %q: %w", n.ID, graph.ErrAlreadyExists)
		}
	}
	for _, e := range b.Edges {
		if _, ok := s.edges[e.ID]; ok {
			return fmt.Errorf("refstore: edge %q: %w", e.ID, graph.ErrAlreadyExists)
		}
	}
	s.apply(b)
	return nil
}

func (s *refStore) DeleteNode(_ context.Context, id string, clearance ...graph.Marking) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := graph.WriteClearance(clearance)
	if !s.nodeSeen(id, cl) {
		return fmt.Errorf("refstore: node %q: %w", id, graph.ErrNotFound)
	}
	for eid, e := range s.edges {
		if (e.From == id || e.To == id) && !s.edgeSeen(eid, cl) {
			return fmt.Errorf("refstore: node %q: %w", id, graph.HiddenEdgesError())
		}
	}
	delete(s.nodes, id)
	for eid, e := range s.edges {
		if e.From == id || e.To == id {
			delete(s.edges, eid)
		}
	}
	return nil
}

func (s *refStore) DeleteEdge(_ context.Context, id string, clearance ...graph.Marking) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.edgeSeen(id, graph.WriteClearance(clearance)) {
		return fmt.Errorf("refstore: edge %q: %w", id, graph.ErrNotFound)
	}
	delete(s.edges, id)
	return nil
}

func (s *refStore) Source(_ context.Context, id string) (graph.Source, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.sources[id]
	if !ok {
		return graph.Source{}, fmt.Errorf("refstore: source %q: %w", id, graph.ErrNotFound)
	}
	return x, nil
}

func (s *refStore) nodeVisible(id string, c graph.Marking) bool {
	n, ok := s.nodes[id]
	return ok && c.Allows(n.Marking)
}

func (s *refStore) edgeVisible(e graph.Edge, c graph.Marking) bool {
	return c.Allows(e.Marking) && s.nodeVisible(e.From, c) && s.nodeVisible(e.To, c)
}

func (s *refStore) grade(e graph.Edge) graph.Grade {
	return graph.GradeOf(e.Credibility, e.Sources, s.sources)
}

// answer builds a sorted subgraph of the given nodes and edges.
func (s *refStore) answer(nodes map[string]bool, edges map[string]bool) graph.Subgraph {
	var g graph.Subgraph
	cited := map[string]bool{}
	for id := range nodes {
		g.Nodes = append(g.Nodes, s.nodes[id])
	}
	for id := range edges {
		e := s.edges[id]
		e.Grade = s.grade(e).String()
		g.Edges = append(g.Edges, e)
		for _, c := range e.Sources {
			cited[c] = true
		}
	}
	for id := range cited {
		g.Sources = append(g.Sources, s.sources[id])
	}
	g.Sort()
	return g
}

func (s *refStore) Entity(_ context.Context, id string, c graph.Marking) (graph.Subgraph, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.nodeVisible(id, c) {
		return graph.Subgraph{}, fmt.Errorf("refstore: node %q: %w", id, graph.ErrNotFound)
	}
	nodes, edges := map[string]bool{id: true}, map[string]bool{}
	for eid, e := range s.edges {
		if (e.From == id || e.To == id) && s.edgeVisible(e, c) {
			edges[eid] = true
			nodes[e.From], nodes[e.To] = true, true
		}
	}
	return s.answer(nodes, edges), nil
}

func (s *refStore) Relation(_ context.Context, id string, c graph.Marking) (graph.Subgraph, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.edges[id]
	if !ok || !s.edgeVisible(e, c) {
		return graph.Subgraph{}, fmt.Errorf("refstore: edge %q: %w", id, graph.ErrNotFound)
	}
	return s.answer(map[string]bool{e.From: true, e.To: true}, map[string]bool{id: true}), nil
}

func (s *refStore) Subgraph(_ context.Context, ids []string, c graph.Marking) (graph.Subgraph, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	nodes, edges := map[string]bool{}, map[string]bool{}
	for _, id := range ids {
		if s.nodeVisible(id, c) {
			nodes[id] = true
		}
	}
	for eid, e := range s.edges {
		if nodes[e.From] && nodes[e.To] && s.edgeVisible(e, c) {
			edges[eid] = true
		}
	}
	return s.answer(nodes, edges), nil
}

func (s *refStore) Schema(_ context.Context, c graph.Marking) (graph.Schema, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := graph.Schema{Kinds: map[string]int{}, Types: map[string]int{}}
	for id, n := range s.nodes {
		if s.nodeVisible(id, c) {
			sc.Kinds[string(n.Kind)]++
			sc.Counts.Nodes++
		}
	}
	cited := map[string]bool{}
	for _, e := range s.edges {
		if s.edgeVisible(e, c) {
			sc.Types[e.Type]++
			sc.Counts.Edges++
			for _, x := range e.Sources {
				cited[x] = true
			}
		}
	}
	sc.Counts.Sources = len(cited)
	return sc, nil
}

// EachNode implements graph.NodeLister.
func (s *refStore) EachNode(_ context.Context, kind graph.Kind, c graph.Marking, fn func(graph.Node) error) error {
	s.mu.Lock()
	var list []graph.Node
	for id, n := range s.nodes {
		if s.nodeVisible(id, c) && (kind == "" || n.Kind == kind) {
			list = append(list, n)
		}
	}
	s.mu.Unlock()
	for _, n := range list {
		if err := fn(n); err != nil {
			return err
		}
	}
	return nil
}

func (s *refStore) Search(_ context.Context, q graph.SearchQuery) ([]graph.Hit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hits := []graph.Hit{}
	for id, n := range s.nodes {
		if !s.nodeVisible(id, q.Clearance) || len(q.Kinds) > 0 && !slices.Contains(q.Kinds, n.Kind) {
			continue
		}
		if sc := graph.Score(q.Text, n.Name, n.Aliases); sc > 0 {
			hits = append(hits, graph.Hit{Node: n, Score: sc})
		}
	}
	slices.SortFunc(hits, func(a, b graph.Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	hits = graph.DropPartial(hits)
	limit := graph.ClampLimit(q.Limit, graph.DefaultHits)
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// step is one hop from a node: the edge and the node at its other end.
type step struct{ edge, node string }

// steps lists the hops from id over edges that pass ok, sorted by next
// node id, then edge id.
func (s *refStore) steps(id string, ok func(graph.Edge) bool) []step {
	var out []step
	for eid, e := range s.edges {
		if !ok(e) {
			continue
		}
		switch {
		case e.From == id:
			out = append(out, step{eid, e.To})
		case e.To == id:
			out = append(out, step{eid, e.From})
		}
	}
	slices.SortFunc(out, func(a, b step) int { return cmp.Or(cmp.Compare(a.node, b.node), cmp.Compare(a.edge, b.edge)) })
	return out
}

func (s *refStore) Neighborhood(_ context.Context, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	if err := q.Window.Check(); err != nil {
		return graph.Subgraph{}, fmt.Errorf("refstore: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.nodeVisible(q.Seed, q.Clearance) {
		return graph.Subgraph{}, fmt.Errorf("refstore: seed %q: %w", q.Seed, graph.ErrNotFound)
	}
	depth, limit := cmp.Or(q.Depth, 1), graph.ClampLimit(q.Limit, graph.DefaultLimit)
	passes := func(e graph.Edge) bool {
		return s.edgeVisible(e, q.Clearance) && (len(q.Types) == 0 || slices.Contains(q.Types, e.Type)) &&
			graph.HoldsAt(e.Since, e.Until, q.AsOf) && q.Window.Overlaps(e.Since, e.Until) && q.MinGrade.Admits(s.grade(e))
	}
	enters := func(id string) bool {
		return len(q.Kinds) == 0 || slices.Contains(q.Kinds, s.nodes[id].Kind)
	}
	dist := map[string]int{q.Seed: 0}
	frontier := []string{q.Seed}
	for d := 1; d <= depth; d++ {
		var next []string
		for _, n := range frontier {
			for _, st := range s.steps(n, passes) {
				if _, seen := dist[st.node]; !seen && enters(st.node) {
					dist[st.node] = d
					next = append(next, st.node)
				}
			}
		}
		frontier = next
	}
	var reached []string
	for id := range dist {
		reached = append(reached, id)
	}
	slices.SortFunc(reached, func(a, b string) int { return cmp.Or(cmp.Compare(dist[a], dist[b]), cmp.Compare(a, b)) })
	truncated := len(reached) > limit
	if truncated {
		reached = reached[:limit]
	}
	nodes, edges := map[string]bool{}, map[string]bool{}
	for _, id := range reached {
		nodes[id] = true
	}
	for eid, e := range s.edges {
		if nodes[e.From] && nodes[e.To] && passes(e) {
			edges[eid] = true
		}
	}
	g := s.answer(nodes, edges)
	g.Truncated = truncated
	return g, nil
}

func (s *refStore) Paths(_ context.Context, q graph.PathQuery) (graph.PathAnswer, error) {
	if err := q.Window.Check(); err != nil {
		return graph.PathAnswer{}, fmt.Errorf("refstore: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range []string{q.From, q.To} {
		if !s.nodeVisible(id, q.Clearance) {
			return graph.PathAnswer{}, fmt.Errorf("refstore: %q: %w", id, graph.ErrNotFound)
		}
	}
	maxDepth, k := cmp.Or(q.MaxDepth, graph.DefaultPathDepth), cmp.Or(q.K, 1)
	passes := func(e graph.Edge) bool {
		return s.edgeVisible(e, q.Clearance) && (len(q.Types) == 0 || slices.Contains(q.Types, e.Type)) && q.Window.Overlaps(e.Since, e.Until)
	}
	// Distances to To bound the search.
	toDist := map[string]int{q.To: 0}
	frontier := []string{q.To}
	for d := 1; len(frontier) > 0; d++ {
		var next []string
		for _, n := range frontier {
			for _, st := range s.steps(n, passes) {
				if _, ok := toDist[st.node]; !ok {
					toDist[st.node] = d
					next = append(next, st.node)
				}
			}
		}
		frontier = next
	}
	paths := []graph.Path{}
	var walk func(nodes, edges []string, left int)
	walk = func(nodes, edges []string, left int) {
		if len(paths) == k {
			return
		}
		cur := nodes[len(nodes)-1]
		if left == 0 {
			if cur == q.To && s.heldTogether(q, edges) {
				paths = append(paths, graph.Path{Nodes: slices.Clone(nodes), Edges: slices.Clone(edges)})
			}
			return
		}
		for _, st := range s.steps(cur, passes) {
			d, ok := toDist[st.node]
			if !ok || d > left-1 || slices.Contains(nodes, st.node) || !s.optionsAllow(q, cur, st) {
				continue
			}
			walk(append(nodes, st.node), append(edges, st.edge), left-1)
		}
	}
	for length := 0; length <= maxDepth && len(paths) < k; length++ {
		walk([]string{q.From}, []string{}, length)
	}
	nodes, edges := map[string]bool{}, map[string]bool{}
	for _, p := range paths {
		for _, n := range p.Nodes {
			nodes[n] = true
		}
		for _, e := range p.Edges {
			edges[e] = true
		}
	}
	return graph.PathAnswer{Paths: paths, Subgraph: s.answer(nodes, edges)}, nil
}

// optionsAllow applies a PathQuery's direction, excluded nodes and hub
// limit to the step from cur (the distances above ignore them: a lower bound).
func (s *refStore) optionsAllow(q graph.PathQuery, cur string, st step) bool {
	along := s.edges[st.edge].From == cur
	if q.Direction == graph.DirectionOut && !along || q.Direction == graph.DirectionIn && along {
		return false
	}
	if st.node == q.From || st.node == q.To {
		return true
	}
	if slices.Contains(q.Exclude, st.node) {
		return false
	}
	visible := func(e graph.Edge) bool { return s.edgeVisible(e, q.Clearance) }
	return q.MaxDegree == 0 || len(s.steps(st.node, visible)) <= q.MaxDegree
}

// heldTogether: with Consistent, the edges all hold at one common date
// within the window.
func (s *refStore) heldTogether(q graph.PathQuery, edges []string) bool {
	if !q.Consistent {
		return true
	}
	var spans [][2]graph.Date
	for _, id := range edges {
		spans = append(spans, [2]graph.Date{s.edges[id].Since, s.edges[id].Until})
	}
	return graph.HeldWithin(spans, q.Window)
}

func (s *refStore) Oversight(_ context.Context, q graph.OversightQuery) (graph.OversightAnswer, error) {
	if err := q.Window.Check(); err != nil {
		return graph.OversightAnswer{}, fmt.Errorf("refstore: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	asked := cmp.Or(q.Who, q.What)
	if !s.nodeVisible(asked, q.Clearance) {
		return graph.OversightAnswer{}, fmt.Errorf("refstore: %q: %w", asked, graph.ErrNotFound)
	}
	holds := func(e graph.Edge) bool {
		return s.edgeVisible(e, q.Clearance) && graph.HoldsAt(e.Since, e.Until, q.AsOf) && q.Window.Overlaps(e.Since, e.Until)
	}
	best := map[[2]string]graph.Path{}
	for eid, e := range s.edges {
		if !graph.IsOversight(e.Type) || !holds(e) || q.Who != "" && e.From != q.Who {
			continue
		}
		// Breadth-first down the PART_OF edges, neighbours in (node, edge)
		// order: the first path found to a node is its best one.
		paths := storetest.PartOfPaths(e.From, eid, e.To, e.From, func(n string, visit func(edge, node string)) {
			for _, st := range s.steps(n, func(c graph.Edge) bool { return c.Type == graph.PartOf && c.To == n && holds(c) }) {
				visit(st.edge, st.node)
			}
		})
		for target, p := range paths {
			if q.What != "" && target != q.What {
				continue
			}
			key := [2]string{e.From, target}
			if old, ok := best[key]; !ok || comparePath(p, old) < 0 {
				best[key] = p
			}
		}
	}
	a := graph.OversightAnswer{Answers: []graph.Oversight{}}
	nodes, edges := map[string]bool{}, map[string]bool{}
	for key, p := range best {
		a.Answers = append(a.Answers, graph.Oversight{Overseer: key[0], Target: key[1], Path: p})
		for _, n := range p.Nodes {
			nodes[n] = true
		}
		for _, e := range p.Edges {
			edges[e] = true
		}
	}
	slices.SortFunc(a.Answers, func(x, y graph.Oversight) int {
		return cmp.Or(cmp.Compare(len(x.Path.Edges), len(y.Path.Edges)), cmp.Compare(x.Overseer, y.Overseer), cmp.Compare(x.Target, y.Target))
	})
	a.Subgraph = s.answer(nodes, edges)
	return a, nil
}

// comparePath orders paths by length, then hop by hop by (node, edge).
func comparePath(a, b graph.Path) int {
	if c := cmp.Compare(len(a.Edges), len(b.Edges)); c != 0 {
		return c
	}
	for i := range a.Edges {
		if c := cmp.Or(cmp.Compare(a.Nodes[i+1], b.Nodes[i+1]), cmp.Compare(a.Edges[i], b.Edges[i])); c != 0 {
			return c
		}
	}
	return 0
}

func (s *refStore) TopConnected(_ context.Context, q graph.TopQuery) ([]graph.Ranked, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return storetest.TopOf(s.nodes, s.edges, q), nil
}
