package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestHistoryCommand: an import is recorded with who and op, listed by
// linkchart history (all, and by id), and exports carry the revision.
func TestHistoryCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	t.Setenv("USER", "analyst1")
	if code, _, errs := linkchart(t, "import", "--db", db, "testdata/roundtrip.yaml"); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	code, out, errs := linkchart(t, "history", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "1\t") || !strings.Contains(out, "\tanalyst1\timport\t") || !strings.Contains(out, "added entity kim-yong-bok") {
		t.Fatalf("history: %d %q %s", code, out, errs)
	}
	if _, out, _ := linkchart(t, "history", "--db", db, "--id", "no-such-record"); out != "" {
		t.Errorf("history of an unknown id: %q, want nothing", out)
	}
	if code, _, _ := linkchart(t, "history", "--db", db, "--limit", "0"); code != 2 {
		t.Errorf("--limit 0 exited %d, want 2", code)
	}
	_, out, _ = linkchart(t, "export", "--db", db, "--seed", "kim-yong-bok", "--format", "json")
	if !strings.Contains(out, `"revision": 1`) {
		t.Errorf("export does not carry revision 1: %.300s", out)
	}
}
