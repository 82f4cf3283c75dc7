package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
	"linkchart/graph/storetest"
)

var (
	sharedOnce  sync.Once
	sharedStore *Store
	sharedErr   error
)

// openTestStore opens the one store of the test process (one driver per
// process), skipping when NEO4J_URI is unset, failing instead under CI.
func openTestStore(tb testing.TB) *Store {
	tb.Helper()
	if os.Getenv("NEO4J_URI") == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("NEO4J_URI is not set: under CI the Neo4j store must be tested against a real Neo4j")
		}
		tb.Skip("NEO4J_URI is not set (start one with scripts/neo4j.sh start)")
	}
	sharedOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		sharedStore, sharedErr = Open(ctx, ConfigFromEnv())
	})
	if sharedErr != nil {
		tb.Fatalf("open Neo4j at %s: %v", os.Getenv("NEO4J_URI"), sharedErr)
	}
	return sharedStore
}

// testStore is the shared store as a graph.Store whose Close leaves the
// driver open for the next test.
type testStore struct{ *Store }

func (testStore) Close() error { return nil }

// freshStore resets the shared store's database and returns it.
func freshStore(t *testing.T) graph.Store {
	t.Helper()
	s := openTestStore(t)
	if err := s.Reset(context.Background()); err != nil {
		t.Fatalf("reset: %v", err)
	}
	return testStore{s}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedStore != nil {
		sharedStore.Close()
	}
	os.Exit(code)
}

// count counts everything in the database, whatever its label.
func count(t *testing.T, s *Store) string {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), s.driver, `
MATCH (n) WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->() WITH nodes, count(r) AS rels
RETURN nodes, rels`, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.db))
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Records[0]
	return fmt.Sprint(rec.Values...)
}

// TestHostileInput feeds Cypher and Lucene syntax as search text and ids:
// nothing changes in the graph, and every answer is an error or empty.
func TestHostileInput(t *testing.T) {
	st := freshStore(t).(testStore)
	ctx := context.Background()
	b := graph.Batch{
		Sources: []graph.Source{{ID: "s1", Title: "Source one", Reliability: "B"}},
		Nodes: []graph.Node{
			{ID: "kim", Kind: graph.Person, Name: "Kim Jong Un"},
			{ID: "kpa", Kind: graph.Organization, Name: "Korean People's Army"},
			{ID: "u1", Kind: graph.Unit, Name: "Unit 1"},
		},
		Edges: []graph.Edge{
			{ID: "e1", Type: graph.Commands, From: "kim", To: "kpa", Sources: []string{"s1"}},
			{ID: "e2", Type: graph.PartOf, From: "u1", To: "kpa", Sources: []string{"s1"}},
		},
	}
	if err := st.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	before := count(t, st.Store)
	evil := []string{
		`') DETACH DELETE n //`,
		`"}) MATCH (n) DETACH DELETE n`,
		"`) MATCH (n) DETACH DELETE n //`",
		"kim` DETACH DELETE n",
		`$param`,
		`$id`,
		`name:* OR ~`,
		`*:*`,
		`kim" OR search:*`,
		`\`,
		`kim}) WITH n MATCH (m) DETACH DELETE m RETURN m {.id`,
		`kim\u0000`,
		`((((`,
		`~~~~~~ ^^^ [a TO z]`,
		strings.Repeat("abcdefghijklmnopqrstuvwxyz", 100), // Lucene refuses automata this long
		strings.Repeat("kim ", 2000),
	}
	red := graph.Red
	for _, x := range evil {
		t.Run(x[:min(len(x), 40)], func(t *testing.T) {
			hits, err := st.Search(ctx, graph.SearchQuery{Text: x, Clearance: red})
			if err != nil {
				t.Errorf("search: %v", err)
			}
			for _, h := range hits {
				if graph.Score(x, h.Name, h.Aliases) <= 0 {
					t.Errorf("search %q: hit %s does not match", x, h.ID)
				}
			}
			for name, err := range map[string]error{
				"entity": func() error { _, err := st.Entity(ctx, x, red); return err }(),
				"neighborhood": func() error {
					_, err := st.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: x, Depth: 2, Types: []string{x}, Clearance: red})
					return err
				}(),
				"paths":       func() error { _, err := st.Paths(ctx, graph.PathQuery{From: "kim", To: x, Clearance: red}); return err }(),
				"who":         func() error { _, err := st.Oversight(ctx, graph.OversightQuery{Who: x, Clearance: red}); return err }(),
				"what":        func() error { _, err := st.Oversight(ctx, graph.OversightQuery{What: x, Clearance: red}); return err }(),
				"source":      func() error { _, err := st.Source(ctx, x); return err }(),
				"delete node": st.DeleteNode(ctx, x),
				"delete edge": st.DeleteEdge(ctx, x),
			} {
				if !errors.Is(err, graph.ErrNotFound) {
					t.Errorf("%s %q: got %v, want ErrNotFound", name, x, err)
				}
			}
			g, err := st.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: "kim", Types: []string{x}, Clearance: red})
			if err != nil || len(g.Nodes) != 1 || len(g.Edges) != 0 {
				t.Errorf("neighborhood with type %q: %v %+v", x, err, g)
			}
			g, err = st.Subgraph(ctx, []string{x, "kim"}, red)
			if err != nil || len(g.Nodes) != 1 {
				t.Errorf("subgraph with %q: %v %+v", x, err, g)
			}
			err = st.Upsert(ctx, graph.Batch{Nodes: []graph.Node{{ID: x, Kind: graph.Person, Name: x}}})
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("upsert node %q: got %v, want ErrInvalid", x, err)
			}
			err = st.Upsert(ctx, graph.Batch{Edges: []graph.Edge{{ID: "e9", Type: x, From: "kim", To: "u1", Sources: []string{"s1"}}}})
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("upsert edge of type %q: got %v, want ErrInvalid", x, err)
			}
			if after := count(t, st.Store); after != before {
				t.Fatalf("graph changed: %s before, %s after", before, after)
			}
		})
	}
}

// TestLuceneQuery checks that user text never reaches Lucene unescaped.
func TestLuceneQuery(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"KN-23":             `\~kn23 =23kn %kn kn kn* kn~1 %kn23 kn23 kn23* %23 23 23* kn23*`,
		"Tŏkch'ŏn":          `\~tokcon =tokcon %tokcon tokchon tokchon* tokchon~1 tokchon*`,
		"name:* OR ~":       `\~nameor =nameor %name name name* name~1 %namor nameor nameor* nameor~1 %or or or* or~1 nameor*`,
		"Kim Jong-Un":       `\~kimconkun =conkkimun %kim kim kim* kim~1 %kimconk kimjong kimjong* kimjong~1 %conk jong jong* jong~1 %conkun jongun jongun* jongun~1 %un un un* un~1 kimjongun*`,
		"bodyguards, elite": `\~potykuartserite =eritepotykuarts %potykuarts bodyguards bodyguards* bodyguards~2 %potykuartserite bodyguardselite bodyguardselite* bodyguardselite~2 %erite elite elite* elite~1 bodyguardselite*`,
	} {
		if got := luceneQuery(in); got != want {
			t.Errorf("luceneQuery(%q) = %q, want %q", in, got, want)
		}
	}
	if got := escapeLucene(`a+b-c:d*e~f\g"h(i)j k/l`); got != `a\+b\-c\:d\*e\~f\\g\"h\(i\)j\ k\/l` {
		t.Errorf("escapeLucene: %s", got)
	}
}

func TestConformance(t *testing.T) {
	storetest.Run(t, freshStore)
}

// TestCreateRaceAcrossStores races Creates of one id through two Stores
// (two drivers, as two linkchart processes would): the in-process lock
// cannot order them, the uniqueness constraints do. Exactly one wins.
func TestCreateRaceAcrossStores(t *testing.T) {
	first := freshStore(t).(testStore).Store
	ctx := context.Background()
	second, err := Open(ctx, ConfigFromEnv())
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if err := first.Upsert(ctx, graph.Batch{
		Sources: []graph.Source{{ID: "s1", Title: "One"}},
		Nodes:   []graph.Node{{ID: "a", Kind: graph.Unit, Name: "A"}},
	}); err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			s := []*Store{first, second}[i%2]
			wg.Go(func() {
				errs[i] = s.Create(ctx, graph.Batch{
					Nodes: []graph.Node{{ID: fmt.Sprintf("race-%d", round), Kind: graph.Event, Name: fmt.Sprint("Racer ", i)}},
					Edges: []graph.Edge{{ID: fmt.Sprintf("race-%d-%d", round, i), Type: "LINK", From: fmt.Sprintf("race-%d", round), To: "a", Sources: []string{"s1"}}},
				})
			})
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, graph.ErrAlreadyExists):
				t.Errorf("round %d, racer %d: %v, want nil or ErrAlreadyExists", round, i, err)
			}
		}
		if won != 1 {
			t.Errorf("round %d: %d Creates won, want 1", round, won)
		}
		g, err := first.Entity(ctx, fmt.Sprintf("race-%d", round), graph.Red)
		if err != nil || len(g.Edges) != 1 {
			t.Errorf("round %d: entity %+v, %v; want one edge", round, g, err)
		}
	}
}
