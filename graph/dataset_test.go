package graph

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseDatasetNineProblems(t *testing.T) {
	data, err := os.ReadFile("testdata/nine-problems.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseDataset("nine-problems.yaml", data)
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("want a ValidationError, got %v", err)
	}
	if !b.Empty() {
		t.Errorf("a dataset with problems must load nothing, got %+v", b)
	}
	want := []struct {
		line  int
		field string
		text  string
	}{
		{7, "id", "not a valid id"},
		{11, "kind", "unknown kind"},
		{16, "id", "duplicate entity id"},
		{23, "to", "dangling"},
		{26, "type", "not a valid relation type"},
		{34, "since", "2024-13"},
		{40, "credibility", "want 1"},
		{46, "sources", "unknown source"},
		{47, "sources", "at least one source"},
	}
	if len(ve.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ve.Problems), len(want), err)
	}
	for i, w := range want {
		p := ve.Problems[i]
		if p.File != "nine-problems.yaml" || p.Line != w.line || p.Field != w.field || !strings.Contains(p.Message, w.text) {
			t.Errorf("problem %d = %s; want line %d field %s containing %q", i, p, w.line, w.field, w.text)
		}
	}
}

func TestParseDatasetDefaultsAndUnquotedDates(t *testing.T) {
	data, err := os.ReadFile("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseDataset("small.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Sources[0].Date; got != "2024-10-18" {
		t.Errorf("unquoted date read as %q", got)
	}
	e := b.Edges[0]
	if e.ID != "kim-yong-bok--commands--corps-11" || e.Until != "2024" || e.Marking != Clear || e.Credibility != 2 {
		t.Errorf("edge = %+v", e)
	}
	if b.Nodes[1].Marking != Green || b.Nodes[0].Props["rank"] != "Colonel General" {
		t.Errorf("nodes = %+v", b.Nodes)
	}
}

func TestParseDatasetJSONSameAsYAML(t *testing.T) {
	j := `{"sources":[{"id":"nis","title":"Press release","date":"2024-10-18","reliability":"B"}],
"entities":[{"id":"a","kind":"Person","name":"A"},{"id":"b","kind":"Unit","name":"B"}],
"relations":[{"id":"r","type":"COMMANDS","from":"a","to":"b","sources":["nis"]}]}`
	y := "sources:\n- {id: nis, title: Press release, date: \"2024-10-18\", reliability: B}\nentities:\n- {id: a, kind: Person, name: A}\n- {id: b, kind: Unit, name: B}\nrelations:\n- {id: r, type: COMMANDS, from: a, to: b, sources: [nis]}\n"
	bj, err := ParseDataset("x.json", []byte(j))
	if err != nil {
		t.Fatal(err)
	}
	by, err := ParseDataset("x.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(bj, by) {
		t.Errorf("json %+v\nyaml %+v", bj, by)
	}
	_, err = ParseDataset("bad.json", []byte("{\n\"sources\": [,]}"))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Line != 2 {
		t.Errorf("bad JSON: %v", err)
	}
}

func TestParseCSV(t *testing.T) {
	nodes := "id,kind,name,aliases,summary,marking\na,Person,Kim A,Kim;K. A,,\nb,Unit,B Unit,,,TLP:AMBER\n"
	edges := "id,from,type,to,since,until,credibility,sources,note,marking\n,a,COMMANDS,b,2024,,2,,note,\n"
	_, err := ParseCSV("nodes.csv", []byte(nodes), "edges.csv", []byte(edges), false)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Line != 2 || ve.Problems[0].Field != "sources" || ve.Problems[0].File != "edges.csv" {
		t.Fatalf("unsourced edge: %v", err)
	}
	b, err := ParseCSV("nodes.csv", []byte(nodes), "edges.csv", []byte(edges), true)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Edges[0]; got.ID != "a--commands--b" || got.Sources[0] != UnsourcedID || got.Credibility != 2 {
		t.Errorf("edge = %+v", got)
	}
	if !reflect.DeepEqual(b.Nodes[0].Aliases, []string{"Kim", "K. A"}) || b.Nodes[1].Marking != Amber {
		t.Errorf("nodes = %+v", b.Nodes)
	}
	_, err = ParseCSV("nodes.csv", []byte("id,name\n"), "edges.csv", []byte(edges), true)
	if !errors.As(err, &ve) || !hasProblem(ve, "nodes.csv", 1, "kind") {
		t.Errorf("missing column: %v", err)
	}
}

func hasProblem(ve *ValidationError, file string, line int, field string) bool {
	for _, p := range ve.Problems {
		if p.File == file && p.Line == line && p.Field == field {
			return true
		}
	}
	return false
}

// TestLongIDParallelRelationsValidate loads parallel relations without ids
// between entities with long ids: it once never returned.
func TestLongIDParallelRelationsValidate(t *testing.T) {
	done := make(chan struct{})
	var b Batch
	var err error
	go func() {
		defer close(done)
		b, err = Load(LoadOptions{}, "testdata/long-parallel.yaml")
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Load of parallel relations between long ids did not return")
	}
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range b.Edges {
		if !ValidID(e.ID) || seen[e.ID] {
			t.Errorf("edge id %q: invalid or given twice", e.ID)
		}
		seen[e.ID] = true
	}
	if len(seen) != 3 {
		t.Errorf("got %d distinct edge ids, want 3", len(seen))
	}
}

// TestEdgeIDUniqueWhateverTheLengths makes ids of every base length up to
// past the limit: each is valid and differs for every n.
func TestEdgeIDUniqueWhateverTheLengths(t *testing.T) {
	for l := 1; l <= 140; l++ {
		from := strings.Repeat("x", l)
		seen := map[string]int{}
		for n := range 120 {
			id := EdgeID(from, "PART_OF", "y", n)
			if !ValidID(id) {
				t.Fatalf("len %d, n %d: %q is not a valid id", l, n, id)
			}
			if m, dup := seen[id]; dup {
				t.Fatalf("len %d: n %d and %d both give %q", l, m, n, id)
			}
			seen[id] = n
		}
	}
	if a, b := EdgeID(strings.Repeat("x", 130)+"1", "T", "y", 0), EdgeID(strings.Repeat("x", 130)+"2", "T", "y", 0); a == b {
		t.Errorf("long bases differing past the cut give one id %q", a)
	}
}
