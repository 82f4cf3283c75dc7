package graph

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestLoadCSVProblems")

// TestLoadCSVProblems loads CSV sets with many problems and compares every
// problem reported (file, line, record, field, message) with a golden list.
func TestLoadCSVProblems(t *testing.T) {
	tests := []struct {
		dir            string
		allowUnsourced bool
	}{
		{"csv-problems", false},
		{"csv-problems", true},
		{"csv-badsyntax", false},
	}
	for _, tc := range tests {
		name := tc.dir
		if tc.allowUnsourced {
			name += "-allow-unsourced"
		}
		t.Run(name, func(t *testing.T) {
			paths, err := filepath.Glob(filepath.Join("testdata", tc.dir, "*.csv"))
			if err != nil || len(paths) == 0 {
				t.Fatalf("no CSV files in %s: %v", tc.dir, err)
			}
			b, err := Load(LoadOptions{AllowUnsourced: tc.allowUnsourced}, paths...)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a ValidationError, got %v", err)
			}
			if !b.Empty() {
				t.Errorf("a CSV set with problems must load nothing, got %d nodes, %d edges", len(b.Nodes), len(b.Edges))
			}
			var got strings.Builder
			for _, p := range ve.Problems {
				got.WriteString(strings.ReplaceAll(p.String(), string(filepath.Separator), "/") + "\n")
			}
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Errorf("problems differ from %s:\ngot:\n%swant:\n%s", golden, got.String(), want)
			}
		})
	}
}

// TestLoadCSVHalves reads large edges files in two halves and in one, and
// wants the same batch or the same problems: with problems in both halves,
// a quoted field across the middle line, and bad CSV in either half.
func TestLoadCSVHalves(t *testing.T) {
	nodes := "id,kind,name,aliases,summary,marking\na,Person,Kim A,,,\nb,Unit,B Unit,,,\n"
	row := func(i int) string { return fmt.Sprintf("e%d,a,COMMANDS,b,2024,,2,,note %d,\n", i, i) }
	edges := func(n int, edit func(i int) string) string {
		var sb strings.Builder
		sb.WriteString("id,from,type,to,since,until,credibility,sources,note,marking\n")
		for i := range n {
			if r := edit(i); r != "" {
				sb.WriteString(r)
				continue
			}
			sb.WriteString(row(i))
		}
		return sb.String()
	}
	const n = 6000 // some 250 KiB
	tests := []struct {
		name string
		edit func(i int) string // a row other than row(i), or ""
	}{
		{"clean", func(int) string { return "" }},
		{"problems in both halves", func(i int) string {
			switch i {
			case 10, n - 10:
				return fmt.Sprintf("e%d,a,bad-type,zz,2024-13,,9,,,\n", i)
			case n / 3:
				return "\n" // a blank line
			}
			return ""
		}},
		{"quoted field across the middle", func(i int) string {
			if i == n/2 { // longer than the other rows together
				return fmt.Sprintf("e%d,a,COMMANDS,b,2024,,2,,\"%s\",\n", i, strings.Repeat("a long\nnote\n", 30000))
			}
			return ""
		}},
		{"bad CSV in the first half", func(i int) string {
			switch i {
			case 100:
				return "e100,a,T,\"b\"x,,,,,,\n"
			case n - 10: // not reached
				return fmt.Sprintf("e%d,a,bad-type,zz,,,,,,\n", i)
			}
			return ""
		}},
		{"bad CSV in the second half", func(i int) string {
			if i == n-100 {
				return "e5900,a,T,\"b\"x,,,,,,\n"
			}
			return ""
		}},
	}
	defer func(p int) { parallelCSV = p }(parallelCSV)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set := CSVSet{NodesName: "nodes.csv", Nodes: []byte(nodes), EdgesName: "edges.csv", Edges: []byte(edges(n, tc.edit))}
			parallelCSV = 1 << 40
			wantB, wantErr := ParseCSVSet(set, true)
			parallelCSV = 1 << 10
			gotB, gotErr := ParseCSVSet(set, true)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("read in halves: %v\nread whole: %v", gotErr, wantErr)
			}
			if !reflect.DeepEqual(gotB, wantB) {
				t.Fatalf("read in halves: %d edges, read whole: %d edges, or they differ", len(gotB.Edges), len(wantB.Edges))
			}
			if tc.name == "clean" && len(gotB.Edges) != n {
				t.Fatalf("read %d edges, want %d", len(gotB.Edges), n)
			}
		})
	}
}
