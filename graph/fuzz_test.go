package graph

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// The parsers must never panic or hang, and must either return a batch that
// passes CheckBatch or an error that says what is wrong.

func FuzzParseDataset(f *testing.F) {
	for _, name := range []string{"testdata/small.yaml", "testdata/nine-problems.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add("x.yaml", data)
	}
	f.Add("x.json", []byte(`{"sources":[{"id":"s","title":"t"}],"entities":[{"id":"a","kind":"Person","name":"A"}],"relations":[{"type":"X","from":"a","to":"a","sources":["s"]}]}`))
	f.Add("x.yaml", []byte("entities: &a [*a]\n"))
	f.Add("x.json", []byte("{\"entities\": [\x00]}"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if !strings.HasSuffix(name, ".json") {
			name = "f.yaml"
		}
		b, err := ParseDataset(name, data)
		checkParsed(t, b, err)
	})
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("id,kind,name,aliases,summary,marking\na,Person,A,x;y,,\n"), []byte("id,from,type,to,since,until,credibility,sources,note,marking\n,a,KNOWS,a,2024,,3,,,\n"), true)
	f.Add([]byte("id,kind,name,aliases,summary,marking,props\na,Unit,A,,,TLP:RED,\"{\"\"k\"\":\"\"v\"\"}\"\n"), []byte("id,from,type,to\n"), false)
	f.Add([]byte("\"unterminated\n"), []byte(""), false)
	f.Fuzz(func(t *testing.T, nodes, edges []byte, allow bool) {
		b, err := ParseCSV("nodes.csv", nodes, "edges.csv", edges, allow)
		checkParsed(t, b, err)
	})
}

func checkParsed(t *testing.T, b Batch, err error) {
	t.Helper()
	if err != nil {
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) == 0 || !b.Empty() {
			t.Fatalf("an error must be a ValidationError with problems and no batch: %v", err)
		}
		return
	}
	if err := CheckBatch(b, nil, nil); err != nil {
		t.Fatalf("a parsed batch does not pass CheckBatch: %v", err)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024", "2024-10", "2024-10-18", "2024-13", "2024-02-30", "", "20241", "２０２４"} {
		f.Add(s, "2024-06")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		da, errA := ParseDate(a)
		db, errB := ParseDate(b)
		if errA != nil || errB != nil || da == "" || db == "" {
			return
		}
		if da.Compare(db) != -db.Compare(da) {
			t.Fatalf("Compare not antisymmetric for %q %q", a, b)
		}
		if !HoldsAt(da, da, db) && da.Compare(db) == 0 {
			t.Fatalf("an interval [%s, %s] must hold at an overlapping date %s", a, a, b)
		}
	})
}

func FuzzParseMinGrade(f *testing.F) {
	for _, s := range []string{"B2", "b", "3", "", "G1", "A7", "AA", "B 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMinGrade(s)
		if err != nil {
			return
		}
		again, err := ParseMinGrade(m.String())
		if err != nil || again != m {
			t.Fatalf("%q parsed as %+v does not round-trip (%v)", s, m, err)
		}
	})
}
