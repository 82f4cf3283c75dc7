package graph

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
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
