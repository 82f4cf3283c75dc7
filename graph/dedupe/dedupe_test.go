package dedupe

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"linkchart/data"
	"linkchart/graph"
	"linkchart/graph/gen"
	"linkchart/graph/imports"
	"linkchart/graph/memstore"
)

func seedStore(t testing.TB) *memstore.Store {
	t.Helper()
	st, err := memstore.Open(filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b, err := data.Seed()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Upsert(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestIncomingKimYoungBok: a bundle naming "Kim Young-bok" under an id of
// its own is found to be the seed's Kim Yong Bok.
func TestIncomingKimYoungBok(t *testing.T) {
	st := seedStore(t)
	bundle := `{"type": "bundle", "id": "bundle--1", "objects": [
	 {"type": "identity", "spec_version": "2.1", "id": "identity--9d4f7bc1-1d31-4bd5-a2c9-3b1c7d1e2f11", "name": "Kim Young-bok", "identity_class": "individual"},
	 {"type": "identity", "spec_version": "2.1", "id": "identity--5a0c2a0e-8d4b-4e55-9a7e-6b1d2b3c4d55", "name": "Somebody Else Entirely", "identity_class": "individual"}]}`
	b, err := imports.Read([]imports.File{{Name: "kim.stix.json", Data: []byte(bundle)}}, imports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := Incoming(context.Background(), st, b, graph.Red, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) == 0 || cs[0].A.ID != "kim-yong-bok" || cs[0].B.ID != "kim-young-bok" {
		t.Fatalf("candidates %+v: want kim-yong-bok ~ kim-young-bok first", cs)
	}
	if !strings.Contains(cs[0].Reason, "Kim Young-bok") {
		t.Errorf("reason %q does not say which names matched", cs[0].Reason)
	}
	for _, c := range cs {
		if c.B.ID == "somebody-else-entirely" {
			t.Errorf("unrelated name is a candidate: %+v", c)
		}
	}
}

// TestScanFindsRomanizations: two spellings of one person in one store
// are a pair, with shared neighbours counted; different people are not.
func TestScanFindsRomanizations(t *testing.T) {
	st := seedStore(t)
	ctx := context.Background()
	add := graph.Batch{
		Sources: []graph.Source{{ID: "t-src", Title: "test"}},
		Nodes:   []graph.Node{{ID: "rhee-chang-ho", Kind: graph.Person, Name: "Rhee Chang-ho"}},
		Edges:   []graph.Edge{{ID: "t-e", Type: graph.MemberOf, From: "rhee-chang-ho", To: "reconnaissance-general-bureau", Sources: []string{"t-src"}}},
	}
	if err := st.Upsert(ctx, add); err != nil {
		t.Fatal(err)
	}
	cs, err := Scan(ctx, st, graph.Person, graph.Red, Options{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cs {
		if c.A.Kind != graph.Person || c.B.Kind != graph.Person {
			t.Errorf("pair of another kind: %+v", c)
		}
		if c.A.ID+c.B.ID == "rhee-chang-hori-chang-ho" || c.A.ID+c.B.ID == "ri-chang-horhee-chang-ho" {
			found = true
			if c.Shared == 0 || !strings.Contains(c.Reason, "shared neighbours") {
				t.Errorf("pair %+v: want the shared neighbour counted", c)
			}
		}
	}
	if !found {
		t.Fatalf("Ri Chang Ho ~ Rhee Chang-ho not found among %+v", cs)
	}
}

// BenchmarkScan finds candidate pairs among the entities of a generated
// graph (graph/gen): LINKCHART_DEDUPE_N entities (default 100000).
func BenchmarkScan(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("LINKCHART_DEDUPE_N")); err == nil && v > 0 {
		n = v
	}
	g := gen.Generate(n, n, 1)
	compared := 0
	b.ResetTimer()
	for range b.N {
		f := NewFinder()
		for _, x := range g.Nodes {
			f.Add(x)
		}
		cs, err := f.Find(context.Background(), Options{Limit: 100})
		compared = f.Compared
		if err != nil || len(cs) == 0 {
			b.Fatalf("%d candidates, %v", len(cs), err)
		}
	}
	b.ReportMetric(float64(n), "entities")
	b.ReportMetric(float64(compared), "pairs")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		// CPU seconds of the whole process (the graph's generation too):
		// on a shared machine the wall time says little.
		b.ReportMetric(float64(ru.Utime.Sec+ru.Stime.Sec), "cpu-s")
	}
}
