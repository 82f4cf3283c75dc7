package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportFormatsDryRunAndDuplicates: a dry run of a STIX bundle lists
// the seed's Kim Yong Bok as a duplicate and writes nothing; a mapped CSV
// imports; duplicates then lists the imported Storm Corps with the seed's
// 11th Corps.
func TestImportFormatsDryRunAndDuplicates(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if code, _, stderr := linkchart(t, "import", "--db", db, "../../data/seed.yaml"); code != 0 {
		t.Fatalf("import seed: %s", stderr)
	}
	bundle := filepath.Join(dir, "kim.stix.json")
	if err := os.WriteFile(bundle, []byte(`{"type": "bundle", "id": "bundle--1", "objects": [
 {"type": "identity", "spec_version": "2.1", "id": "identity--9d4f7bc1-1d31-4bd5-a2c9-3b1c7d1e2f11", "name": "Kim Young-bok", "identity_class": "individual"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, db)
	code, out, stderr := linkchart(t, "import", "--db", db, "--dry-run", bundle)
	if code != 0 || !strings.Contains(out, "kim-yong-bok (Kim Yong Bok) ~ kim-young-bok (Kim Young-bok)") || !strings.Contains(out, "nothing written") {
		t.Fatalf("dry run: code %d\n%s%s", code, out, stderr)
	}
	if after := fileSize(t, db); after != before {
		t.Errorf("the dry run wrote: store file %d -> %d bytes", before, after)
	}
	td := "../../graph/imports/testdata/"
	code, out, stderr = linkchart(t, "import", "--db", db, "--map", td+"mapping.yaml", td+"people.csv", td+"links.csv")
	if code != 0 || !strings.Contains(out, "imported 3 entities, 2 relations") {
		t.Fatalf("mapped csv: code %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = linkchart(t, "duplicates", "--db", db, "--kind", "Unit")
	if code != 0 || !strings.Contains(out, "kpa-11th-corps (11th Corps) ~ storm-corps (Storm Corps)") {
		t.Errorf("duplicates: code %d\n%s%s", code, out, stderr)
	}
	code, _, stderr = linkchart(t, "import", "--db", db, "--format", "word", bundle)
	if code != 2 || !strings.Contains(stderr, "--format") {
		t.Errorf("bad format: code %d, %s", code, stderr)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
