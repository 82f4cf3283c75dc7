package memstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"linkchart/graph"
	"linkchart/graph/gen"
)

func init() { checkPlan = true }

func openTemp(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// reopenOrdered is reopen that checks that the index is in id order (the
// fast paths of sorts and walks), as it is after Open of a log of inserts.
func reopenOrdered(t *testing.T, s *Store, path string) *Store {
	t.Helper()
	s = reopen(t, s, path)
	if !s.nodesOrdered || !s.edgesOrdered || !s.sourcesOrdered {
		t.Fatalf("reopened store: ordered nodes %v, edges %v, sources %v", s.nodesOrdered, s.edgesOrdered, s.sourcesOrdered)
	}
	return s
}

func TestPackedDates(t *testing.T) {
	dates := []graph.Date{"2024", "2024-10", "2024-10-18", "2024-10-01", "2024-09", "2023", "2025-01-31", "0001", "9999-12-31"}
	for _, a := range dates {
		if got := packDate(a).unpack(); got != a {
			t.Errorf("unpack(pack(%q)) = %q", a, got)
		}
		for _, b := range dates {
			if got, want := packDate(a).compare(packDate(b)), a.Compare(b); got != want {
				t.Errorf("compare(%q, %q) = %d, want %d", a, b, got, want)
			}
			for _, c := range append(dates, "") {
				if got, want := holdsAt(packDate(a), packDate(c), packDate(b)), graph.HoldsAt(a, c, b); got != want {
					t.Errorf("holdsAt(%q, %q, %q) = %v, want %v", a, c, b, got, want)
				}
			}
		}
	}
}

func TestIDTable(t *testing.T) {
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = fmt.Sprintf("e%d", i)
	}
	idOf := func(i uint32) string { return ids[i] }
	tab := newIDTable(0)
	for i, id := range ids {
		tab.insert(id, uint32(i), idOf)
	}
	for i := 0; i < len(ids); i += 2 {
		tab.remove(ids[i], idOf)
	}
	for i, id := range ids {
		got, ok := tab.find(id, idOf)
		if want := i%2 == 1; ok != want || (ok && got != uint32(i)) {
			t.Fatalf("find(%s) = %d, %v; want %d, %v", id, got, ok, i, want)
		}
	}
	if tab.used != len(ids)/2 {
		t.Errorf("used = %d, want %d", tab.used, len(ids)/2)
	}
}

// TestSearchMatchesScore checks that the index finds exactly the nodes that
// graph.Score ranks above zero, in the documented order.
func TestSearchMatchesScore(t *testing.T) {
	for _, min := range []int{256, 0} {
		intersectMin = min
		testSearchMatchesScore(t, min == 256)
	}
	intersectMin = 256
}

// testSearchMatchesScore asks a fixed list of queries, and with typos one
// edit of each kind at every place of the words of a name.
func testSearchMatchesScore(t *testing.T, typos bool) {
	b := gen.Generate(5000, 6000, 3)
	s := openTemp(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	ctx := context.Background()
	// The first batch builds the index; the second, more than maxDelta
	// nodes, is built in by the first search.
	first := graph.Batch{Sources: b.Sources, Nodes: b.Nodes[:maxDelta+100]}
	if err := s.Upsert(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := s.Upsert(ctx, graph.Batch{Nodes: b.Nodes[maxDelta+100:], Edges: b.Edges}); err != nil {
		t.Fatal(err)
	}
	if !s.search.built || len(s.search.delta) <= maxDelta {
		t.Fatalf("built %v with %d nodes written since: want a built index and more than %d since", s.search.built, len(s.search.delta), maxDelta)
	}
	// Some writes after the bulk build land in the delta.
	extra := graph.Batch{Nodes: []graph.Node{
		{ID: "late-1", Kind: graph.Person, Name: "Kim Yongbok", Aliases: []string{"Comrade Kim"}},
		{ID: b.Nodes[5].ID, Kind: b.Nodes[5].Kind, Name: "Renamed Kimchol Place"},
	}}
	if err := s.Upsert(ctx, extra); err != nil {
		t.Fatal(err)
	}
	nodes := map[string]graph.Node{}
	for _, n := range append(b.Nodes, extra.Nodes...) {
		nodes[n.ID] = n
	}
	queries := []string{"kim", "kim yong", "Kim Yongbok", "kim yongbk", "brigade", "12th", "12", "ivanov", "ivanof",
		"republic", "hwasong-1", "military unit", "battle of", "KN", "pak chol", "renamed", "kimchol", "nosuchname", "sung ri",
		"xvanov", "vianov", "ivnaov", "ianov", "rbigade", "brgiade", "brigdae", "brigaed", "iivanov"}
	// One edit of each kind at every place of a few names' words.
	r := rand.New(rand.NewPCG(5, 6))
	if typos {
		name := graph.Normalize(b.Nodes[r.IntN(len(b.Nodes))].Name)
		for _, w := range graph.Tokens(name) {
			if len(w) < 4 {
				continue
			}
			queries = append(queries, strings.Replace(name, w, w[:2]+"q"+w[3:], 1))
			for i := range len(w) {
				queries = append(queries, w[:i]+w[i+1:], w[:i]+"q"+w[i:], w[:i]+"q"+w[i+1:])
				if i+1 < len(w) {
					queries = append(queries, w[:i]+w[i+1:i+2]+w[i:i+1]+w[i+2:])
				}
			}
		}
	}
	for _, q := range queries {
		var all []graph.Hit
		for _, n := range nodes {
			if sc := graph.Score(q, n.Name, n.Aliases); sc > 0 {
				all = append(all, graph.Hit{Node: n, Score: sc})
			}
		}
		for _, c := range []graph.Marking{graph.Clear, graph.Red} {
			var want []graph.Hit
			for _, h := range all {
				if c.Allows(h.Marking) {
					want = append(want, h)
				}
			}
			slices.SortFunc(want, func(a, b graph.Hit) int {
				if a.Score != b.Score {
					if a.Score > b.Score {
						return -1
					}
					return 1
				}
				if c := strings.Compare(a.Name, b.Name); c != 0 {
					return c
				}
				return strings.Compare(a.ID, b.ID)
			})
			got, err := s.Search(ctx, graph.SearchQuery{Text: q, Limit: 100000, Clearance: c})
			if err != nil {
				t.Fatal(err)
			}
			// A small limit takes the shortcuts; the head must not change.
			head, err := s.Search(ctx, graph.SearchQuery{Text: q, Limit: 3, Clearance: c})
			if err != nil {
				t.Fatal(err)
			}
			for i := range min(3, len(want)) {
				if i >= len(head) || head[i].ID != want[i].ID || head[i].Score != want[i].Score {
					t.Errorf("Search(%q, %s, limit 3) = %v, want the head of %v", q, c, hitIDs(head), hitIDs(want[:min(3, len(want))]))
					break
				}
			}
			if len(got) != len(want) {
				t.Errorf("Search(%q, %s): %d hits, want %d", q, c, len(got), len(want))
				continue
			}
			for i := range got {
				if got[i].ID != want[i].ID || got[i].Score != want[i].Score {
					t.Errorf("Search(%q, %s)[%d] = %s %v, want %s %v", q, c, i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
					break
				}
			}
		}
	}
}

// TestDurable writes, closes, reopens and reads back; a refused batch
// leaves nothing behind, in memory or on disk.
func TestDurable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	ctx := context.Background()
	b := gen.Generate(500, 2000, 9)
	b.Edges[0].Props = map[string]string{"from": "Pyongyang"}
	b.Nodes[0].Props = map[string]string{"rank": "general"}
	s := openTemp(t, path)
	if err := s.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEdge(ctx, b.Edges[1].ID); err != nil {
		t.Fatal(err)
	}
	bad := graph.Batch{
		Nodes: []graph.Node{{ID: "new-node", Kind: graph.Person, Name: "New"}},
		Edges: []graph.Edge{
			{ID: "good", From: "new-node", Type: "MET", To: b.Nodes[1].ID, Sources: []string{"s1"}},
			{ID: "bad", From: "new-node", Type: "MET", To: "missing", Sources: []string{"s1"}},
		},
	}
	if err := s.Upsert(ctx, bad); !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("Upsert(dangling edge) = %v, want ErrInvalid", err)
	}
	if err := s.Create(ctx, graph.Batch{Nodes: []graph.Node{{ID: b.Nodes[3].ID, Kind: graph.Person, Name: "Dup"}}}); !errors.Is(err, graph.ErrAlreadyExists) {
		t.Fatalf("Create(existing id) = %v, want ErrAlreadyExists", err)
	}
	before := dump(t, s, b)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entity(ctx, b.Nodes[0].ID, graph.Red); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("Entity after Close = %v, want ErrUnavailable", err)
	}

	s = openTemp(t, path)
	defer s.Close()
	after := dump(t, s, b)
	if !reflect.DeepEqual(before, after) {
		t.Fatal("the store read back after reopening differs from what was written")
	}
	for _, id := range []string{"new-node", b.Nodes[3].ID} {
		sg, err := s.Entity(ctx, id, graph.Red)
		if id == "new-node" && !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("Entity(%s) after refused batch = %v, want ErrNotFound", id, err)
		}
		if id != "new-node" && (err != nil || sg.Nodes[0].Name == "Dup") {
			t.Errorf("Entity(%s) after refused Create = %v %v", id, sg.Nodes, err)
		}
	}
	if _, err := s.lookupEdge("good"); err {
		t.Error("edge of a refused batch is in the index")
	}
	if n, err := s.Schema(ctx, graph.Red); err != nil || n.Counts.Edges != len(b.Edges)-1 || n.Counts.Nodes != len(b.Nodes) {
		t.Errorf("Schema after reopen = %+v, %v; want %d nodes, %d edges", n.Counts, err, len(b.Nodes), len(b.Edges)-1)
	}
	sg, err := s.Entity(ctx, b.Edges[0].From, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sg.Edges {
		if e.ID == b.Edges[0].ID && e.Props["from"] != "Pyongyang" {
			t.Errorf("edge props after reopen = %v", e.Props)
		}
	}
}

// dump reads every node's entity answer at RED.
func dump(t *testing.T, s *Store, b graph.Batch) map[string]graph.Subgraph {
	t.Helper()
	out := map[string]graph.Subgraph{}
	for _, n := range b.Nodes {
		sg, err := s.Entity(context.Background(), n.ID, graph.Red)
		if err != nil {
			t.Fatalf("Entity(%s) = %v", n.ID, err)
		}
		out[n.ID] = sg
	}
	return out
}

// TestUpdatesKeepIndex moves, replaces and deletes edges and nodes and
// checks the adjacency and the id table against a reopened store.
func TestUpdatesKeepIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	ctx := context.Background()
	b := gen.Generate(300, 1500, 4)
	s := openTemp(t, path)
	if err := s.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 200 {
		e := b.Edges[r.IntN(len(b.Edges))]
		switch i % 4 {
		case 0: // move an edge
			e.To = b.Nodes[r.IntN(len(b.Nodes))].ID
			e.Note = fmt.Sprintf("moved %d", i)
			if err := s.Upsert(ctx, graph.Batch{Edges: []graph.Edge{e}}); err != nil && !errors.Is(err, graph.ErrInvalid) {
				t.Fatal(err)
			}
		case 1:
			if err := s.DeleteEdge(ctx, e.ID); err != nil && !errors.Is(err, graph.ErrNotFound) {
				t.Fatal(err)
			}
		case 2:
			n := b.Nodes[r.IntN(len(b.Nodes))]
			if err := s.DeleteNode(ctx, n.ID); err != nil && !errors.Is(err, graph.ErrNotFound) {
				t.Fatal(err)
			}
		case 3: // reuse a free slot
			n := graph.Node{ID: fmt.Sprintf("fresh-%d", i), Kind: graph.Place, Name: "Fresh place"}
			e2 := graph.Edge{ID: fmt.Sprintf("fresh-e-%d", i), From: n.ID, Type: "NEAR", To: n.ID, Sources: []string{"s0"}}
			if err := s.Upsert(ctx, graph.Batch{Nodes: []graph.Node{n}, Edges: []graph.Edge{e2}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Rewriting live nodes keeps their adjacency (and its from-end count).
	for _, id := range s.liveIDs()[:20] {
		n, _ := s.lookupNode(id)
		x := s.nodes[n].id()
		if err := s.Upsert(ctx, graph.Batch{Nodes: []graph.Node{{ID: x, Kind: graph.Place, Name: "Renamed " + x}}}); err != nil {
			t.Fatal(err)
		}
	}
	checkAdjacency(t, s)
	ids := s.liveIDs()
	whole, err := s.Subgraph(ctx, ids, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]graph.Subgraph{}
	for _, id := range ids {
		sg, err := s.Entity(ctx, id, graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		before[id] = sg
	}
	s.Close()
	s = openTemp(t, path)
	defer s.Close()
	if got := s.liveIDs(); !slices.Equal(got, ids) {
		t.Fatalf("reopened store has %d nodes, want %d", len(got), len(ids))
	}
	checkAdjacency(t, s)
	if got, err := s.Subgraph(ctx, ids, graph.Red); err != nil || !reflect.DeepEqual(got, whole) {
		t.Fatalf("Subgraph of every node differs after reopen (%v): %d edges, want %d", err, len(got.Edges), len(whole.Edges))
	}
	for _, id := range ids {
		sg, err := s.Entity(ctx, id, graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sg, before[id]) {
			t.Fatalf("Entity(%s) differs after reopen:\n%+v\n%+v", id, sg.Edges, before[id].Edges)
		}
	}
}

func (s *Store) liveIDs() []string {
	var ids []string
	for n := range s.nodes {
		if s.nmeta[n]&nodeAlive != 0 {
			ids = append(ids, s.nodes[n].id())
		}
	}
	slices.Sort(ids)
	return ids
}

// TestPathsMatchBruteForce compares Paths with every simple path
// enumerated naively and sorted by the documented order.
func TestPathsMatchBruteForce(t *testing.T) {
	b := gen.Generate(120, 400, 11)
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	defer func() { s.Close() }()
	ctx := context.Background()
	if err := s.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	nodes := map[string]graph.Node{}
	for _, n := range b.Nodes {
		nodes[n.ID] = n
	}
	type step struct{ edge, node string }
	adj := map[string][]step{}
	for _, e := range b.Edges {
		adj[e.From] = append(adj[e.From], step{e.ID, e.To})
		if e.To != e.From {
			adj[e.To] = append(adj[e.To], step{e.ID, e.From})
		}
	}
	edges := map[string]graph.Edge{}
	for _, e := range b.Edges {
		edges[e.ID] = e
	}
	brute := func(q graph.PathQuery) []graph.Path {
		var out []graph.Path
		types := map[string]bool{}
		for _, ty := range q.Types {
			types[ty] = true
		}
		var walk func(p graph.Path, seen map[string]bool)
		walk = func(p graph.Path, seen map[string]bool) {
			u := p.Nodes[len(p.Nodes)-1]
			if u == q.To {
				out = append(out, graph.Path{Nodes: slices.Clone(p.Nodes), Edges: slices.Clone(p.Edges)})
				return
			}
			if len(p.Edges) == q.MaxDepth {
				return
			}
			for _, st := range adj[u] {
				e := edges[st.edge]
				if seen[st.node] || !q.Clearance.Allows(e.Marking) || !q.Clearance.Allows(nodes[st.node].Marking) || (len(types) > 0 && !types[e.Type]) {
					continue
				}
				seen[st.node] = true
				walk(graph.Path{Nodes: append(p.Nodes, st.node), Edges: append(p.Edges, st.edge)}, seen)
				delete(seen, st.node)
			}
		}
		if q.Clearance.Allows(nodes[q.From].Marking) && q.Clearance.Allows(nodes[q.To].Marking) {
			walk(graph.Path{Nodes: []string{q.From}, Edges: []string{}}, map[string]bool{q.From: true})
		}
		slices.SortFunc(out, func(x, y graph.Path) int {
			if len(x.Edges) != len(y.Edges) {
				return len(x.Edges) - len(y.Edges)
			}
			for i := range x.Edges {
				if c := strings.Compare(x.Nodes[i+1], y.Nodes[i+1]); c != 0 {
					return c
				}
				if c := strings.Compare(x.Edges[i], y.Edges[i]); c != 0 {
					return c
				}
			}
			return 0
		})
		if len(out) > q.K {
			out = out[:q.K]
		}
		return out
	}
	r := rand.New(rand.NewPCG(8, 9))
	multi := 0
	defer func() {
		if multi < 50 {
			t.Errorf("only %d queries with several paths: the test graph is too sparse", multi)
		}
	}()
	for i := range 600 {
		if i == 300 { // the same questions of the store reopened
			s = reopenOrdered(t, s, path)
			r = rand.New(rand.NewPCG(8, 9))
		}
		q := graph.PathQuery{
			From: b.Nodes[r.IntN(len(b.Nodes))].ID, To: b.Nodes[r.IntN(len(b.Nodes))].ID,
			MaxDepth: 1 + r.IntN(4), K: 1 + r.IntN(10), Clearance: graph.Markings[r.IntN(4)],
		}
		if q.From == q.To {
			continue
		}
		if i%3 == 0 {
			q.Types = []string{graph.MemberOf, graph.PartOf, graph.ParticipatedIn}
		}
		got, err := s.Paths(ctx, q)
		if err != nil {
			if errors.Is(err, graph.ErrNotFound) && !(q.Clearance.Allows(nodes[q.From].Marking) && q.Clearance.Allows(nodes[q.To].Marking)) {
				continue
			}
			t.Fatal(err)
		}
		want := brute(q)
		if len(want) > 1 {
			multi++
		}
		if !reflect.DeepEqual(got.Paths, want) && !(len(got.Paths) == 0 && len(want) == 0) {
			t.Fatalf("Paths(%+v):\n got %v\nwant %v", q, got.Paths, want)
		}
	}
}

func hitIDs(hits []graph.Hit) []string {
	var ids []string
	for _, h := range hits {
		ids = append(ids, fmt.Sprintf("%s:%.3f", h.ID, h.Score))
	}
	return ids
}

// TestBulkCommitFailure: when the commit of a bulk batch fails after the
// index was built beside it, the index is rebuilt and shows nothing of it.
func TestBulkCommitFailure(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	defer s.Close()
	small := gen.Generate(50, 100, 1)
	if err := s.Upsert(ctx, small); err != nil {
		t.Fatal(err)
	}
	before, err := s.Schema(ctx, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	s.db.MaxSize = 1 << 20 // the next big commit cannot allocate past the end
	big := gen.Generate(20_000, 70_000, 2)
	for i := range big.Nodes {
		big.Nodes[i].ID = "big-" + big.Nodes[i].ID
	}
	for i := range big.Edges {
		big.Edges[i].ID = "big-" + big.Edges[i].ID
		big.Edges[i].From = "big-" + big.Edges[i].From
		big.Edges[i].To = "big-" + big.Edges[i].To
	}
	big.Sources = nil
	for i := range big.Edges {
		big.Edges[i].Sources = []string{"s0"}
	}
	if err := s.Upsert(ctx, big); err == nil {
		t.Fatal("Upsert past MaxSize succeeded")
	}
	after, err := s.Schema(ctx, graph.Red)
	if err != nil {
		t.Fatalf("Schema after a failed bulk commit = %v", err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("Schema after a failed bulk commit = %+v, want %+v", after.Counts, before.Counts)
	}
	if _, err := s.Entity(ctx, big.Nodes[0].ID, graph.Red); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("Entity of the failed batch = %v, want ErrNotFound", err)
	}
	s.db.MaxSize = 0
	if err := s.Upsert(ctx, graph.Batch{Nodes: []graph.Node{{ID: "later", Kind: graph.Place, Name: "Later"}}}); err != nil {
		t.Errorf("Upsert after recovery = %v", err)
	}
}

// TestArenaCompaction rewrites every edge until the arena is compacted and
// checks that answers and the id table survive it.
func TestArenaCompaction(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	b := gen.Generate(2000, 20000, 5)
	for i := range b.Edges {
		b.Edges[i].Note = strings.Repeat("n", 100)
	}
	if err := s.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		for i := range b.Edges {
			b.Edges[i].Note = fmt.Sprintf("round %d %s", round, strings.Repeat("m", 90))
		}
		if err := s.Upsert(ctx, graph.Batch{Edges: b.Edges}); err != nil {
			t.Fatal(err)
		}
	}
	if s.arenaDead > len(s.arena)/2 {
		t.Fatalf("arena not compacted: %d of %d bytes dead", s.arenaDead, len(s.arena))
	}
	// Node records too: rewrite every node with a long summary, twice,
	// holding an answer from before (its strings view the old chunks).
	held, err := s.Entity(ctx, b.Nodes[5].ID, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	heldNode := held.Nodes[0]
	wantHeld := strings.Clone(heldNode.Name) + "|" + strings.Clone(heldNode.Summary)
	for round := range 2 {
		for i := range b.Nodes {
			b.Nodes[i].Summary = fmt.Sprintf("round %d %s", round, strings.Repeat("s", 600))
		}
		if err := s.Upsert(ctx, graph.Batch{Nodes: b.Nodes}); err != nil {
			t.Fatal(err)
		}
	}
	if nb := s.nodeBytes; nb.dead > nb.live || nb.live < 600*len(b.Nodes) {
		t.Fatalf("node records not compacted: %d bytes live, %d dead", nb.live, nb.dead)
	}
	for _, n := range b.Nodes {
		g, err := s.Entity(ctx, n.ID, graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		if x := g.Nodes[slices.IndexFunc(g.Nodes, func(x graph.Node) bool { return x.ID == n.ID })]; x.Summary != n.Summary || x.Name != n.Name {
			t.Fatalf("node %s after compaction: %q %q, want %q %q", n.ID, x.Name, x.Summary, n.Name, n.Summary)
		}
	}
	if got := heldNode.Name + "|" + heldNode.Summary; got != wantHeld {
		t.Fatalf("an answer held across the compaction changed: %q, want %q", got, wantHeld)
	}
	for _, i := range []int{0, 777, len(b.Edges) - 1} {
		e := b.Edges[i]
		if _, ok := s.lookupEdge(e.ID); !ok {
			t.Fatalf("edge %s lost from the id table", e.ID)
		}
		g, err := s.Entity(ctx, e.From, graph.Red)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range g.Edges {
			if x.ID == e.ID {
				found = x.Note == e.Note && slices.Equal(x.Sources, e.Sources)
			}
		}
		if !found {
			t.Errorf("edge %s after compaction differs from %+v", e.ID, e)
		}
	}
}

func TestUnknownKindFilter(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	b := gen.Generate(200, 800, 3)
	if err := s.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	p := b.Nodes[0] // a Person
	hits, err := s.Search(ctx, graph.SearchQuery{Text: p.Name, Kinds: []graph.Kind{"Bogus"}, Clearance: graph.Red})
	if err != nil || len(hits) != 0 {
		t.Errorf("Search with an unknown kind = %d hits, %v; want none", len(hits), err)
	}
	g, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: p.ID, Kinds: []graph.Kind{"Bogus"}, Clearance: graph.Red})
	if err != nil || len(g.Nodes) != 1 {
		t.Errorf("Neighborhood with an unknown kind = %d nodes, %v; want the seed alone", len(g.Nodes), err)
	}
}

// TestPlannedEndsWithFreeSlots deletes nodes (freeing slots) and then
// writes a bulk batch whose new nodes take those slots; apply checks the
// planned ends (checkPlan) and the answers must survive a reopen.
func TestPlannedEndsWithFreeSlots(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	b := gen.Generate(3000, 9000, 12)
	if err := s.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i++ {
		if err := s.DeleteNode(ctx, b.Nodes[i*7].ID); err != nil {
			t.Fatal(err)
		}
	}
	more := gen.Generate(3000, 9000, 13)
	for i := range more.Nodes {
		more.Nodes[i].ID = "m" + more.Nodes[i].ID
	}
	for i := range more.Edges {
		more.Edges[i].ID = "m" + more.Edges[i].ID
		more.Edges[i].From = "m" + more.Edges[i].From
		if i%3 == 0 { // some edges end at old nodes
			more.Edges[i].To = b.Nodes[1+i%2000*7%2999].ID
			if (1+i%2000*7%2999)%7 == 0 {
				more.Edges[i].To = b.Nodes[1].ID
			}
		} else {
			more.Edges[i].To = "m" + more.Edges[i].To
		}
	}
	more.Sources = nil
	for i := range more.Edges {
		more.Edges[i].Sources = []string{"s1"}
	}
	if err := s.Upsert(ctx, more); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s, more)
	s.Close()
	s = openTemp(t, path)
	defer s.Close()
	if !reflect.DeepEqual(before, dump(t, s, more)) {
		t.Fatal("answers differ after reopen")
	}
}

// TestRemark: changing an edge's marking in place changes what a walk sees.
func TestRemark(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	b := graph.Batch{
		Sources: []graph.Source{{ID: "src", Title: "S"}},
		Nodes:   []graph.Node{{ID: "a", Kind: graph.Person, Name: "A"}, {ID: "b", Kind: graph.Unit, Name: "B"}},
		Edges:   []graph.Edge{{ID: "ab", From: "a", Type: "COMMANDS", To: "b", Sources: []string{"src"}}},
	}
	see := func(c graph.Marking) (int, int) {
		g, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: "a", Clearance: c})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Paths(ctx, graph.PathQuery{From: "a", To: "b", Clearance: c})
		if err != nil {
			t.Fatal(err)
		}
		return len(g.Edges), len(p.Paths)
	}
	for _, step := range []struct {
		marking    graph.Marking
		clear, red int
	}{
		{graph.Clear, 1, 1},
		{graph.Red, 0, 1},
		{graph.Green, 0, 1},
		{graph.Clear, 1, 1},
	} {
		b.Edges[0].Marking = step.marking
		if err := s.Upsert(ctx, b); err != nil {
			t.Fatal(err)
		}
		ce, cp := see(graph.Clear)
		re, rp := see(graph.Red)
		if ce != step.clear || cp != step.clear || re != step.red || rp != step.red {
			t.Errorf("edge marked %s: CLEAR sees %d edges %d paths, RED %d %d", step.marking, ce, cp, re, rp)
		}
	}
}

// TestNeighborhoodMatchesBruteForce compares Neighborhood with the
// documented semantics computed naively, over random seeds, depths, limits,
// filters and clearances.
func TestNeighborhoodMatchesBruteForce(t *testing.T) {
	b := gen.Generate(300, 1500, 21)
	for i := range 40 { // self loops and parallel edges too
		loop := b.Edges[i*7]
		loop.ID, loop.To = fmt.Sprintf("loop-%d", i), loop.From
		twin := b.Edges[i*11]
		twin.ID = fmt.Sprintf("twin-%d", i)
		b.Edges = append(b.Edges, loop, twin)
	}
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	defer func() { s.Close() }()
	ctx := context.Background()
	if err := s.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	nodes := map[string]graph.Node{}
	for _, n := range b.Nodes {
		nodes[n.ID] = n
	}
	sources := map[string]graph.Source{}
	for _, src := range b.Sources {
		sources[src.ID] = src
	}
	r := rand.New(rand.NewPCG(21, 22))
	dates := []graph.Date{"", "2016", "2019-06", "2022-03-15"}
	grades := []graph.MinGrade{{}, {Reliability: "C"}, {Credibility: 3}, {Reliability: "D", Credibility: 4}}
	truncatedSeen := 0
	for i := range 800 {
		if i == 400 { // the same questions of the store reopened
			s = reopenOrdered(t, s, path)
			r = rand.New(rand.NewPCG(21, 22))
		}
		q := graph.NeighborhoodQuery{
			Seed:      b.Nodes[r.IntN(len(b.Nodes))].ID,
			Depth:     1 + r.IntN(3),
			Limit:     1 + r.IntN(60),
			AsOf:      dates[r.IntN(len(dates))],
			MinGrade:  grades[r.IntN(len(grades))],
			Clearance: graph.Markings[r.IntN(4)],
		}
		if r.IntN(3) == 0 {
			q.Types = []string{graph.MemberOf, graph.PartOf, graph.ParticipatedIn, graph.Commands}
		}
		if r.IntN(3) == 0 {
			q.Kinds = []graph.Kind{graph.Person, graph.Unit, graph.Event}
		}
		got, err := s.Neighborhood(ctx, q)
		if !q.Clearance.Allows(nodes[q.Seed].Marking) {
			if !errors.Is(err, graph.ErrNotFound) {
				t.Fatalf("Neighborhood(%+v) of an invisible seed = %v", q, err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		// The naive answer.
		passes := func(e graph.Edge) bool {
			if !q.Clearance.Allows(e.Marking) || !q.Clearance.Allows(nodes[e.From].Marking) || !q.Clearance.Allows(nodes[e.To].Marking) {
				return false
			}
			if len(q.Types) > 0 && !slices.Contains(q.Types, e.Type) {
				return false
			}
			return graph.HoldsAt(e.Since, e.Until, q.AsOf) && q.MinGrade.Admits(graph.GradeOf(e.Credibility, e.Sources, sources))
		}
		kindOK := func(id string) bool { return len(q.Kinds) == 0 || slices.Contains(q.Kinds, nodes[id].Kind) }
		dist := map[string]int{q.Seed: 0}
		frontier := []string{q.Seed}
		for d := 1; d <= q.Depth; d++ {
			var next []string
			for _, u := range frontier {
				for _, e := range b.Edges {
					if !passes(e) || (e.From != u && e.To != u) {
						continue
					}
					v := e.To
					if v == u {
						v = e.From
					}
					if _, ok := dist[v]; ok || !kindOK(v) {
						continue
					}
					dist[v] = d
					next = append(next, v)
				}
			}
			frontier = next
		}
		order := slices.Collect(maps.Keys(dist))
		slices.SortFunc(order, func(a, b string) int {
			if dist[a] != dist[b] {
				return dist[a] - dist[b]
			}
			return strings.Compare(a, b)
		})
		truncated := len(order) > q.Limit
		if truncated {
			order = order[:q.Limit]
			truncatedSeen++
		}
		kept := map[string]bool{}
		for _, id := range order {
			kept[id] = true
		}
		var wantEdges []string
		for _, e := range b.Edges {
			if kept[e.From] && kept[e.To] && passes(e) {
				wantEdges = append(wantEdges, e.ID)
			}
		}
		slices.Sort(order)
		slices.Sort(wantEdges)
		var gotNodes, gotEdges []string
		for _, n := range got.Nodes {
			gotNodes = append(gotNodes, n.ID)
		}
		for _, e := range got.Edges {
			gotEdges = append(gotEdges, e.ID)
		}
		if !slices.Equal(gotNodes, order) || !slices.Equal(gotEdges, wantEdges) || got.Truncated != truncated {
			t.Fatalf("Neighborhood(%+v):\n nodes %v\n want %v\n edges %v\n want %v\n truncated %v want %v", q, gotNodes, order, gotEdges, wantEdges, got.Truncated, truncated)
		}
	}
	if truncatedSeen < 100 {
		t.Errorf("only %d truncated cases: the test does not exercise the limit", truncatedSeen)
	}
}

// TestOversightMatchesBruteForce enumerates every oversight path naively and
// keeps, per (overseer, target), the shortest in the documented order.
func TestOversightMatchesBruteForce(t *testing.T) {
	b := gen.Generate(150, 900, 31)
	s := openTemp(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	ctx := context.Background()
	if err := s.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	nodes := map[string]graph.Node{}
	for _, n := range b.Nodes {
		nodes[n.ID] = n
	}
	comparePaths := func(a, b graph.Path) int {
		if len(a.Edges) != len(b.Edges) {
			return len(a.Edges) - len(b.Edges)
		}
		for i := range a.Edges {
			if c := strings.Compare(a.Nodes[i+1], b.Nodes[i+1]); c != 0 {
				return c
			}
			if c := strings.Compare(a.Edges[i], b.Edges[i]); c != 0 {
				return c
			}
		}
		return 0
	}
	naive := func(asOf graph.Date, c graph.Marking) []graph.Oversight {
		passes := func(e graph.Edge) bool {
			return c.Allows(e.Marking) && c.Allows(nodes[e.From].Marking) && c.Allows(nodes[e.To].Marking) && graph.HoldsAt(e.Since, e.Until, asOf)
		}
		best := map[[2]string]graph.Path{}
		var walk func(p graph.Path, depth int)
		walk = func(p graph.Path, depth int) {
			key := [2]string{p.Nodes[0], p.Nodes[len(p.Nodes)-1]}
			if old, ok := best[key]; !ok || comparePaths(p, old) < 0 {
				best[key] = graph.Path{Nodes: slices.Clone(p.Nodes), Edges: slices.Clone(p.Edges)}
			}
			if depth == graph.MaxPartOfHops {
				return
			}
			cur := p.Nodes[len(p.Nodes)-1]
			for _, e := range b.Edges {
				if e.Type != graph.PartOf || e.To != cur || !passes(e) || slices.Contains(p.Nodes, e.From) {
					continue
				}
				walk(graph.Path{Nodes: append(p.Nodes, e.From), Edges: append(p.Edges, e.ID)}, depth+1)
			}
		}
		for _, e := range b.Edges {
			if graph.IsOversight(e.Type) && e.From != e.To && passes(e) {
				walk(graph.Path{Nodes: []string{e.From, e.To}, Edges: []string{e.ID}}, 0)
			}
		}
		var out []graph.Oversight
		for k, p := range best {
			out = append(out, graph.Oversight{Overseer: k[0], Target: k[1], Path: p})
		}
		return out
	}
	sortAnswers := func(as []graph.Oversight) {
		slices.SortFunc(as, func(a, b graph.Oversight) int {
			if d := len(a.Path.Edges) - len(b.Path.Edges); d != 0 {
				return d
			}
			if c := strings.Compare(a.Overseer, b.Overseer); c != 0 {
				return c
			}
			return strings.Compare(a.Target, b.Target)
		})
	}
	checked, deep := 0, 0
	for _, asOf := range []graph.Date{"", "2019"} {
		for _, c := range []graph.Marking{graph.Clear, graph.Red} {
			all := naive(asOf, c)
			for _, n := range b.Nodes {
				if !c.Allows(n.Marking) {
					continue
				}
				for _, who := range []bool{true, false} {
					var want []graph.Oversight
					q := graph.OversightQuery{AsOf: asOf, Clearance: c}
					for _, a := range all {
						if (who && a.Overseer == n.ID) || (!who && a.Target == n.ID) {
							want = append(want, a)
						}
					}
					if who {
						q.Who = n.ID
					} else {
						q.What = n.ID
					}
					got, err := s.Oversight(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					sortAnswers(want)
					if len(want) == 0 {
						want = []graph.Oversight{}
					}
					if !reflect.DeepEqual(got.Answers, want) {
						t.Fatalf("Oversight(%+v):\n got %+v\nwant %+v", q, got.Answers, want)
					}
					checked += len(want)
					for _, a := range want {
						if len(a.Path.Edges) >= 3 {
							deep++
						}
					}
				}
			}
		}
	}
	if checked < 200 || deep < 20 {
		t.Errorf("only %d answers checked, %d with 3 hops or more: the test graph has too little oversight", checked, deep)
	}
}

// TestWalkSortedMatchesScan asks both walks of Neighborhood the same
// questions on a graph with hubs, at limits that cut inside long levels
// (so that walkSorted narrows its candidates several times).
func TestWalkSortedMatchesScan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	if err := s.Upsert(context.Background(), gen.Generate(3000, 30000, 41)); err != nil {
		t.Fatal(err)
	}
	s = reopenOrdered(t, s, path)
	defer s.Close()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(41, 42))
	cut := 0
	for i := range 600 {
		q := graph.NeighborhoodQuery{Depth: 1 + r.IntN(3), Limit: 1 + r.IntN(2000), Clearance: graph.Markings[r.IntN(4)]}
		if i%4 == 0 {
			q.Types = []string{graph.MemberOf, graph.PartOf, graph.ParticipatedIn, graph.Commands}
		}
		if i%5 == 0 {
			q.Kinds = []graph.Kind{graph.Person, graph.Unit}
		}
		seed := uint32(r.IntN(len(s.nodes)))
		f := s.newFilter(q.Types, q.AsOf, q.MinGrade, q.Clearance)
		if !s.nodeVisible(seed, f.lvl) {
			continue
		}
		var got, want [2][]uint32
		var gotCut, wantCut bool
		for w, walk := range []func(context.Context, *scratch, *edgeFilter, uint8, uint32, int, int) ([]uint32, []uint32, bool, error){s.walkSorted, s.walkScan} {
			sc := s.getScratch()
			nodes, edges, truncated, err := walk(ctx, sc, f, kindMask(q.Kinds), seed, q.Depth, q.Limit)
			if err != nil {
				t.Fatal(err)
			}
			for _, bits := range [][]uint64{sc.bits, sc.bits2} {
				if i := slices.IndexFunc(bits, func(w uint64) bool { return w != 0 }); i >= 0 {
					t.Fatalf("walk %d left bits set in its scratch (word %d)", w, i)
				}
			}
			if w == 0 && !slices.IsSorted(nodes) {
				t.Fatalf("%+v from node %d: walkSorted's nodes are not in order (mergeLevels)", q, seed)
			}
			res := [2][]uint32{slices.Sorted(slices.Values(nodes)), slices.Sorted(slices.Values(edges))}
			if w == 0 {
				got, gotCut = res, truncated
			} else {
				want, wantCut = res, truncated
			}
			s.putScratch(sc)
		}
		if wantCut && len(want[0]) > 100 {
			cut++
		}
		if !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) || gotCut != wantCut {
			t.Fatalf("%+v from node %d: walkSorted gives %d nodes, %d edges, truncated %v; walkScan %d, %d, %v",
				q, seed, len(got[0]), len(got[1]), gotCut, len(want[0]), len(want[1]), wantCut)
		}
	}
	if cut < 100 {
		t.Errorf("only %d answers cut by the limit with more than 100 nodes", cut)
	}
}

// TestAnswersAreIndependent edits an answer's slices and maps (answers
// carve them from shared blocks) and checks that neither the store, nor
// another answer, nor the answer's other elements change.
func TestAnswersAreIndependent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	b := gen.Generate(400, 4000, 43)
	for i := 0; i < len(b.Edges); i += 3 {
		b.Edges[i].Props = map[string]string{"seen": "twice"}
	}
	if err := s.Upsert(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	s = reopenOrdered(t, s, path)
	defer s.Close()
	ask := func() graph.Subgraph {
		g, err := s.Neighborhood(context.Background(), graph.NeighborhoodQuery{Seed: "n3", Depth: 2, Limit: 300, Clearance: graph.Red})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	deepCopy := func(g graph.Subgraph) graph.Subgraph {
		c := graph.Subgraph{Nodes: slices.Clone(g.Nodes), Edges: slices.Clone(g.Edges), Sources: slices.Clone(g.Sources), Truncated: g.Truncated}
		for i := range c.Nodes {
			c.Nodes[i].Aliases, c.Nodes[i].Props = slices.Clone(c.Nodes[i].Aliases), maps.Clone(c.Nodes[i].Props)
		}
		for i := range c.Edges {
			c.Edges[i].Sources, c.Edges[i].Props = slices.Clone(c.Edges[i].Sources), maps.Clone(c.Edges[i].Props)
		}
		return c
	}
	// Each edit is made to the lists (aliases, sources) or the props of
	// every other node and edge.
	edits := []struct {
		name  string
		list  func([]string) []string
		props func(map[string]string)
	}{
		{"append to aliases and sources", func(l []string) []string { return append(l, "scribbled") }, nil},
		{"overwrite aliases and sources", func(l []string) []string {
			if len(l) > 0 {
				l[0] = "scribbled"
			}
			return l
		}, nil},
		{"write props", nil, func(m map[string]string) {
			if m != nil {
				m["scribbled"] = "yes"
			}
		}},
	}
	for _, tc := range edits {
		t.Run(tc.name, func(t *testing.T) {
			g, other := ask(), ask()
			want := deepCopy(g)
			if len(want.Nodes) < 100 || len(want.Edges) < 100 {
				t.Fatalf("answer too small to tell: %d nodes, %d edges", len(want.Nodes), len(want.Edges))
			}
			for i := 0; i < len(g.Nodes); i += 2 {
				if tc.list != nil {
					g.Nodes[i].Aliases = tc.list(g.Nodes[i].Aliases)
				} else {
					tc.props(g.Nodes[i].Props)
				}
			}
			for i := 0; i < len(g.Edges); i += 2 {
				if tc.list != nil {
					g.Edges[i].Sources = tc.list(g.Edges[i].Sources)
				} else {
					tc.props(g.Edges[i].Props)
				}
			}
			for i := 1; i < len(g.Nodes); i += 2 {
				if !reflect.DeepEqual(g.Nodes[i], want.Nodes[i]) {
					t.Fatalf("editing node %d changed node %d: %+v", i-1, i, g.Nodes[i])
				}
			}
			for i := 1; i < len(g.Edges); i += 2 {
				if !reflect.DeepEqual(g.Edges[i], want.Edges[i]) {
					t.Fatalf("editing edge %d changed edge %d: %+v", i-1, i, g.Edges[i])
				}
			}
			if !reflect.DeepEqual(other, want) {
				t.Fatal("editing an answer changed another answer")
			}
			if again := ask(); !reflect.DeepEqual(again, want) {
				t.Fatal("editing an answer changed the store's next answer")
			}
		})
	}
}

// TestCutView reads node-record fields, whole and cut short: a short
// record reads as empty rather than past its end.
func TestCutView(t *testing.T) {
	long := strings.Repeat("x", 200) // a two-byte length
	var e encoder
	e.str("Kim")
	e.str(long)
	rec := e.b
	tests := []struct {
		name string
		rec  []byte
		want []string // the two fields
	}{
		{"whole", rec, []string{"Kim", long}},
		{"second cut short", rec[:len(rec)-1], []string{"Kim", ""}},
		{"second length cut", rec[:5], []string{"Kim", ""}},
		{"first cut short", rec[:3], []string{"", ""}},
		{"empty", nil, []string{"", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, rest := cutView(tc.rec)
			b, _ := cutView(rest)
			if a != tc.want[0] || b != tc.want[1] {
				t.Errorf("fields %q, %q; want %q", a, b, tc.want)
			}
		})
	}
}
