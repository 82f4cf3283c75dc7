package memstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// answers is everything a store answers about the nodes of ids: the
// induced subgraph, every node's entity answer and the schema, at RED.
func answers(t *testing.T, s *Store, ids []string) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	sg, err := s.Subgraph(ctx, ids, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	out["subgraph"] = sg
	for _, id := range ids {
		e, err := s.Entity(ctx, id, graph.Red)
		if err != nil {
			out[id] = err.Error()
			continue
		}
		out[id] = e
	}
	schema, err := s.Schema(ctx, graph.Red)
	if err != nil {
		t.Fatal(err)
	}
	out["schema"] = schema
	return out
}

// logChunks reads the log's chunks: key, flags and entry tags.
func logChunks(t *testing.T, s *Store) (keys []uint64, flags []byte, tags []string) {
	t.Helper()
	if err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketLog).ForEach(func(k, v []byte) error {
			keys = append(keys, binary.BigEndian.Uint64(k))
			flags = append(flags, v[1])
			var b strings.Builder
			for d := v[2:]; len(d) > 0; {
				b.WriteByte(d[0])
				d = d[entryHeader+int(binary.LittleEndian.Uint32(d[1:entryHeader])):]
			}
			tags = append(tags, b.String())
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return keys, flags, tags
}

// reopen closes s and opens its file again.
func reopen(t *testing.T, s *Store, path string) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return openTemp(t, path)
}

// TestLogReplay: a store reopened from its log answers as the store that
// wrote it, after bulk and small inserts, replacements, deletes of edges
// and of nodes (whose edges go too) and ids deleted and written again, and
// keeps its index in id order where the log is all inserts.
func TestLogReplay(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	defer func() { s.Close() }()
	b := gen.Generate(2000, 15000, 11)
	for _, part := range []graph.Batch{{Sources: b.Sources, Nodes: b.Nodes}, {Edges: b.Edges[:5000]}, {Edges: b.Edges[5000:]}} {
		if err := s.Upsert(ctx, part); err != nil {
			t.Fatal(err)
		}
	}
	_, flags, _ := logChunks(t, s)
	for i, f := range flags {
		if f != chunkInserts {
			t.Errorf("chunk %d of an import has flags %d, want chunkInserts", i, f)
		}
	}
	ids := func() []string { return s.liveIDs() }
	before := answers(t, s, ids())
	s = reopen(t, s, path)
	if got := answers(t, s, ids()); !reflect.DeepEqual(got, before) {
		t.Fatal("answers differ after reopening an imported store")
	}
	for k, n := range [][]string{s.nodeIDs(), s.edgeIDs()} {
		if !slices.IsSorted(n) {
			t.Errorf("index order of %s is not id order after Open", []string{"nodes", "edges"}[k])
		}
	}

	// No compaction here (TestLogCompaction): the log replayed is the log
	// of every write.
	noCompaction := func() { s.log.compact = 1 << 62 }
	noCompaction()
	r := rand.New(rand.NewPCG(1, 2))
	node := func() string { return b.Nodes[r.IntN(len(b.Nodes))].ID }
	var dropped []graph.Edge
	for round := range 4 {
		for i := range 40 {
			e := b.Edges[r.IntN(len(b.Edges))]
			switch i % 5 {
			case 0: // replace
				e.Note, e.To = fmt.Sprintf("round %d", round), node()
				if err := s.Upsert(ctx, graph.Batch{Edges: []graph.Edge{e}}); err != nil && !strings.Contains(err.Error(), "no entity") {
					t.Fatal(err)
				}
			case 1:
				_ = s.DeleteEdge(ctx, e.ID)
			case 2: // a node and its edges go
				id := node()
				for _, x := range b.Edges {
					if x.From == id || x.To == id {
						dropped = append(dropped, x)
					}
				}
				_ = s.DeleteNode(ctx, id)
			case 3: // the node comes back, with some of its old edges, as inserts
				id := node()
				if _, ok := s.lookupNode(id); ok {
					continue
				}
				back := graph.Batch{Nodes: []graph.Node{{ID: id, Kind: graph.Place, Name: "Back " + id}}}
				for _, x := range dropped {
					if _, ok := s.lookupEdge(x.ID); !ok && (x.From == id || x.To == id) {
						if _, ok := s.lookupNode(x.From); ok || x.From == id {
							if _, ok := s.lookupNode(x.To); ok || x.To == id {
								back.Edges = append(back.Edges, x)
							}
						}
					}
				}
				if err := s.Upsert(ctx, back); err != nil {
					t.Fatal(err)
				}
			case 4: // a bulk batch mixing new and replaced records
				var big graph.Batch
				live := s.nodeIDs()
				for j := range 5000 {
					x := b.Edges[(round*5000+j)%len(b.Edges)]
					if _, ok := s.lookupEdge(x.ID); !ok {
						x.ID = fmt.Sprintf("new-%d-%d-%d", round, i, j)
					}
					x.From, x.To = live[j%len(live)], live[(j*7)%len(live)]
					big.Edges = append(big.Edges, x)
				}
				if err := s.Upsert(ctx, big); err != nil {
					t.Fatal(err)
				}
			}
		}
		before := answers(t, s, ids())
		entries := s.log.entries
		s = reopen(t, s, path)
		noCompaction()
		if got := answers(t, s, ids()); !reflect.DeepEqual(got, before) {
			t.Fatalf("round %d: answers differ after reopening", round)
		}
		if s.log.entries != entries {
			t.Errorf("round %d: %d log entries after reopening, %d before", round, s.log.entries, entries)
		}
		checkAdjacency(t, s)
	}
}

func (s *Store) nodeIDs() []string {
	var ids []string
	for n := range s.nodes {
		if s.nmeta[n]&nodeAlive != 0 {
			ids = append(ids, s.nodes[n].id())
		}
	}
	return ids
}

func (s *Store) edgeIDs() []string {
	var ids []string
	for e := range s.edges {
		if s.edges[e].meta&edgeAlive != 0 {
			ids = append(ids, s.edgeIDString(uint32(e)))
		}
	}
	return ids
}

// TestLogCompaction: once most of the log is dead it is rewritten as the
// live records, and the store reads back the same.
func TestLogCompaction(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	b := gen.Generate(200, 1000, 3)
	b.Edges[0].Props = map[string]string{"k": "v"}
	b.Nodes[0].Aliases = []string{"alias"}
	b.Nodes[1].Props = map[string]string{"rank": "general"}
	b.Nodes[2].Marking = graph.Amber
	b.Edges[1].Marking = graph.Red
	b.Edges[2].Since, b.Edges[2].Until = "2024-02", "2025"
	s := openLoaded(t, path, b)
	defer func() { s.Close() }()
	compacted := false
	for i := 0; i < 20 && !compacted; i++ {
		for j := range b.Edges[3:] {
			b.Edges[3+j].Note = fmt.Sprintf("pass %d", i)
		}
		if err := s.Upsert(ctx, graph.Batch{Edges: b.Edges[3:]}); err != nil {
			t.Fatal(err)
		}
		compacted = s.log.entries == s.live()
		_ = s.DeleteEdge(ctx, b.Edges[10+i].ID)
	}
	if !compacted {
		t.Fatalf("log not compacted: %d entries for %d live records", s.log.entries, s.live())
	}
	keys, flags, tags := logChunks(t, s)
	if len(keys) == 0 || keys[0] != 1 || flags[0] != chunkInserts || strings.ContainsAny(tags[0], "NE") {
		t.Errorf("compacted log: keys %v, flags %v, tombstones in %q", keys, flags, tags)
	}
	before := answers(t, s, s.liveIDs())
	s = reopen(t, s, path)
	if got := answers(t, s, s.liveIDs()); !reflect.DeepEqual(got, before) {
		t.Fatal("answers differ after reopening a compacted log")
	}
	if err := s.Upsert(ctx, graph.Batch{Nodes: []graph.Node{{ID: "after", Kind: graph.Event, Name: "After"}}}); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, path)
	if _, err := s.Entity(ctx, "after", graph.Red); err != nil {
		t.Errorf("write after compaction lost: %v", err)
	}
}

// TestOpenOldLayout: a file of the earlier layout (one key per record in
// buckets sources, nodes and edges) opens with the same answers, and is
// converted to the log in place.
func TestOpenOldLayout(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b := gen.Generate(300, 1200, 5)
	b.Nodes[0].Props = map[string]string{"rank": "general"}
	want := openTemp(t, filepath.Join(dir, "new"))
	defer want.Close()
	if err := want.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(dir, "old")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		put := func(bucket, id string, v []byte) error {
			bk, err := tx.CreateBucketIfNotExists([]byte(bucket))
			if err != nil {
				return err
			}
			return bk.Put([]byte(id), v)
		}
		for i := range b.Sources {
			x := b.Sources[i]
			x.Normalize()
			if err := put("sources", x.ID, appendSource(nil, &x)); err != nil {
				return err
			}
		}
		for i := range b.Nodes {
			x := canonicalNode(&b.Nodes[i])
			if err := put("nodes", x.ID, appendNode(nil, &x)); err != nil {
				return err
			}
		}
		for i := range b.Edges {
			x := b.Edges[i]
			x.Normalize()
			if err := put("edges", x.ID, appendEdgeWith(nil, &x, x.Credibility, x.Marking)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s := openTemp(t, path)
	defer func() { s.Close() }()
	ids := want.liveIDs()
	if got := answers(t, s, ids); !reflect.DeepEqual(got, answers(t, want, ids)) {
		t.Fatal("a file of the earlier layout answers differently")
	}
	if err := s.db.View(func(tx *bolt.Tx) error {
		for _, name := range oldBuckets {
			if tx.Bucket(name) != nil {
				return fmt.Errorf("bucket %s is still there", name)
			}
		}
		return nil
	}); err != nil {
		t.Error(err)
	}
	s = reopen(t, s, path)
	if got := answers(t, s, ids); !reflect.DeepEqual(got, answers(t, want, ids)) {
		t.Fatal("a converted file answers differently once reopened")
	}
}

// TestOpenRefusesUnknownChunk: a log chunk of another version is refused
// with an error naming the file, and the file is left as it was.
func TestOpenRefusesUnknownChunk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	if err := s.Upsert(context.Background(), gen.Generate(10, 20, 1)); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketLog).Put([]byte{0, 0, 0, 0, 0, 0, 0, 99}, []byte{chunkVersion + 1, 0})
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "newer linkchart") {
		t.Fatalf("Open of a file with a chunk of version %d = %v, want an error naming the file and a newer linkchart", chunkVersion+1, err)
	}
}

// TestOpenRefusesMixedLayouts: records written into the earlier layout's
// buckets beside the log (an older linkchart opened a converted file) are
// refused, naming the file, rather than silently left out.
func TestOpenRefusesMixedLayouts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	s := openTemp(t, path)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("nodes"))
		if err != nil {
			return err
		}
		n := canonicalNode(&graph.Node{ID: "n1", Kind: graph.Person, Name: "N"})
		return b.Put([]byte("n1"), appendNode(nil, &n))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "older linkchart") {
		t.Fatalf("Open of a file with records in both layouts = %v, want an error naming the file and the older linkchart", err)
	}
}

// TestLargeBatchDanglingEnd: a batch large enough to be checked beside
// planEnds still names a dangling end, and writes nothing.
func TestLargeBatchDanglingEnd(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	b := gen.Generate(1000, 6000, 2)
	if err := s.Upsert(ctx, graph.Batch{Sources: b.Sources, Nodes: b.Nodes}); err != nil {
		t.Fatal(err)
	}
	entries := s.log.entries
	b.Edges[4444].To = "nowhere"
	err := s.Upsert(ctx, graph.Batch{Edges: b.Edges})
	if err == nil || !strings.Contains(err.Error(), `relations[4444]`) || !strings.Contains(err.Error(), `no entity "nowhere"`) {
		t.Fatalf("Upsert with a dangling end = %v, want the problem named", err)
	}
	if s.liveEdges != 0 || s.log.entries != entries {
		t.Errorf("a refused batch left %d edges, %d log entries (want 0, %d)", s.liveEdges, s.log.entries, entries)
	}
}

// TestSortRefs: the two-core sort of a large run orders ids as strings,
// ties of their first eight bytes included.
func TestSortRefs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var refs []recRef
	for i := range 1 << 17 {
		id := fmt.Sprintf("e%d", r.IntN(1<<20))
		if i%3 == 0 {
			id = "same-prefix-" + id
		}
		x := graph.Edge{ID: id}
		rec := appendEdgeWith(nil, &x, 6, graph.Clear)
		refs = append(refs, recRef{prefixKey(id), rec})
	}
	ids := func() []string {
		ids := make([]string, len(refs))
		for i, x := range refs {
			ids[i] = recID(x.rec)
		}
		return ids
	}
	want := ids()
	slices.Sort(want)
	sortRefs(refs)
	if !slices.Equal(ids(), want) {
		t.Fatal("sortRefs does not give the ids in string order")
	}
}

// TestIDTableRehash: growing a table with tombstones in it (reserve, as a
// bulk write does) keeps every live entry and drops the tombstones.
func TestIDTableRehash(t *testing.T) {
	ids := make([]string, 3000)
	for i := range ids {
		ids[i] = fmt.Sprintf("n%d", i)
	}
	idOf := func(i uint32) string { return ids[i] }
	tab := newIDTable(0)
	for i, id := range ids {
		tab.insert(id, uint32(i), idOf)
	}
	for i := 0; i < len(ids); i += 3 {
		tab.remove(ids[i], idOf)
	}
	size := len(tab.slots)
	tab.reserve(10*len(ids), idOf)
	if len(tab.slots) <= size || tab.tombs != 0 || tab.used != len(ids)-len(ids)/3 {
		t.Fatalf("after reserve: %d slots (was %d), %d tombstones, %d used", len(tab.slots), size, tab.tombs, tab.used)
	}
	for i, id := range ids {
		got, ok := tab.find(id, idOf)
		if want := i%3 != 0; ok != want || (ok && got != uint32(i)) {
			t.Fatalf("find(%s) = %d, %v; want %d, %v", id, got, ok, i, want)
		}
	}
}
