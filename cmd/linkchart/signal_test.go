package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLongCommandsStopOnSIGTERM starts each long command of the real binary,
// sends SIGTERM while it works and wants the process gone within 2 s. An
// interrupted import leaves the store without any of its records.
func TestLongCommandsStopOnSIGTERM(t *testing.T) {
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "csv")
	if out, err := exec.Command(bin, "gen", "--nodes", "30000", "--edges", "200000", "--out", csv).CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "x.db")
	for _, tt := range []struct {
		name  string
		args  []string
		after func(t *testing.T, code int)
	}{
		// Parallel relations without ids between long ids: validate never
		// returned, and ignored SIGTERM.
		{name: "validate long parallel ids", args: []string{"validate", "testdata/long-parallel.yaml"}},
		{name: "import long parallel ids", args: []string{"import", "--db", filepath.Join(dir, "p.db"), "testdata/long-parallel.yaml"}},
		{name: "gen", args: []string{"gen", "--nodes", "300000", "--edges", "3000000", "--out", filepath.Join(dir, "big")}},
		{name: "import", args: []string{"import", "--db", db, filepath.Join(csv, "nodes.csv"), filepath.Join(csv, "edges.csv"), filepath.Join(csv, "sources.csv")},
			after: func(t *testing.T, code int) {
				if code == 0 {
					return // it finished before the signal
				}
				if _, err := os.Stat(db); err != nil {
					return
				}
				c, out, _ := linkchart(t, "export", "--db", db, "--seed", "n0", "--format", "json")
				if c == 0 {
					t.Errorf("an interrupted import left records behind: %.200s", out)
				}
			}},
		{name: "serve", args: []string{"serve", "--addr", freeAddr(t), "--db", filepath.Join(dir, "s.db")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Env = append(os.Environ(), "NEO4J_URI=")
			var logs bytes.Buffer
			cmd.Stdout, cmd.Stderr = &logs, &logs
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			time.Sleep(400 * time.Millisecond)
			sent := time.Now()
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				code := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					code = ee.ExitCode()
				}
				t.Logf("exit %d after %v: %s", code, time.Since(sent), strings.TrimSpace(logs.String()))
				if tt.after != nil {
					tt.after(t, code)
				}
			case <-time.After(2 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("still running 2 s after SIGTERM:\n%s", logs.String())
			}
		})
	}
}
