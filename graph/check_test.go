package graph

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestPlainDateMatchesTimeParse: the byte-loop fast path of Date.Check
// accepts exactly what time.Parse accepts, over every month and day number
// of leap, common and century years and a few malformed forms.
func TestPlainDateMatchesTimeParse(t *testing.T) {
	layouts := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}
	var cases []string
	for _, y := range []int{0, 1, 1900, 2000, 2023, 2024, 2100, 9999} {
		cases = append(cases, fmt.Sprintf("%04d", y))
		for m := 0; m <= 13; m++ {
			cases = append(cases, fmt.Sprintf("%04d-%02d", y, m))
			for d := 0; d <= 32; d++ {
				cases = append(cases, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	cases = append(cases, "", "202", "20245", "2024-1", "2024-1-01", "2024/10", "2024-10/01", "+024", "-024", "２０２４", "2024-0a", "2024-10-1a", "2024 10")
	accepted := 0
	for _, s := range cases {
		layout, ok := layouts[len(s)]
		want := ok
		if ok {
			_, err := time.Parse(layout, s)
			want = err == nil
		}
		if got := plainDate(s); got != want {
			t.Errorf("plainDate(%q) = %v, time.Parse accepts it: %v", s, got, want)
		}
		if got := Date(s).Check() == nil; got != (want || s == "") {
			t.Errorf("Date(%q).Check() accepts it: %v, want %v", s, got, want || s == "")
		}
		if want {
			accepted++
		}
	}
	if accepted < 8*12*28 {
		t.Errorf("only %d dates accepted: the cases do not cover valid dates", accepted)
	}
}

// TestCheckBatchDuplicates: every repeated id of each kind is named, at the
// record that repeats it, among many distinct ids.
func TestCheckBatchDuplicates(t *testing.T) {
	var b Batch
	for i := range 3000 {
		b.Sources = append(b.Sources, Source{ID: fmt.Sprintf("s%d", i%1000), Title: "T"})
		b.Nodes = append(b.Nodes, Node{ID: fmt.Sprintf("n%d", i), Kind: Person, Name: "N"})
	}
	b.Nodes = append(b.Nodes, Node{ID: "n7", Kind: Person, Name: "again"})
	for i := range 5000 {
		b.Edges = append(b.Edges, Edge{ID: fmt.Sprintf("e%d", i), Type: "MET", From: "n1", To: fmt.Sprintf("n%d", i%3000), Sources: []string{"s1"}})
	}
	b.Edges = append(b.Edges, b.Edges[4321], Edge{ID: "e-x", Type: "MET", From: "n1", To: "n3000", Sources: []string{"s1000"}})
	var ve *ValidationError
	if err := CheckBatch(b, nil, nil); !errors.As(err, &ve) {
		t.Fatalf("CheckBatch = %v, want a ValidationError", err)
	}
	got := map[string]int{}
	for _, p := range ve.Problems {
		got[p.Message]++
	}
	want := map[string]int{
		`duplicate source id "s0"`:                  2,
		`duplicate entity id "n7"`:                  1,
		`duplicate relation id "e4321"`:             1,
		`no entity "n3000" (dangling relation end)`: 1,
		`unknown source "s1000"`:                    1,
	}
	if got[`duplicate source id "s0"`] != 2 || len(ve.Problems) != 2000+4 {
		t.Errorf("%d problems, want 2004 (2000 duplicate sources and 4 others)", len(ve.Problems))
	}
	for m, n := range want {
		if got[m] != n {
			t.Errorf("problem %q reported %d times, want %d", m, got[m], n)
		}
	}
	if ve.Problems[len(ve.Problems)-1].Record != "relations[5001]" {
		t.Errorf("last problem at %s, want relations[5001]", ve.Problems[len(ve.Problems)-1].Record)
	}
}

// TestCheckBatchEndsFound answers as CheckBatch for a batch whose ends all
// exist, and looks none up.
func TestCheckBatchEndsFound(t *testing.T) {
	b := Batch{
		Sources: []Source{{ID: "s1", Title: "T"}},
		Nodes:   []Node{{ID: "a", Kind: Person, Name: "A"}},
		Edges: []Edge{
			{ID: "e1", Type: "MET", From: "a", To: "stored", Sources: []string{"s1"}},
			{ID: "e2", Type: "bad", From: "a", To: "", Sources: []string{"s2"}, Since: "2024-13"},
		},
	}
	stored := func(id string) bool { return id == "stored" }
	want := CheckBatch(b, stored, nil)
	if want == nil {
		t.Fatal("CheckBatch accepted a bad batch")
	}
	if got := CheckBatchEndsFound(b, nil); got == nil || got.Error() != want.Error() {
		t.Errorf("CheckBatchEndsFound = %v, want %v", got, want)
	}
	b.Edges = b.Edges[:1]
	if err := CheckBatchEndsFound(b, nil); err != nil {
		t.Errorf("CheckBatchEndsFound looked an end up: %v", err)
	}
}
