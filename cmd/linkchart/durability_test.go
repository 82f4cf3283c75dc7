package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds linkchart once per test process.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "linkchart-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "linkchart")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServer runs `linkchart serve` as a real process and waits for /readyz.
func startServer(t *testing.T, addr string, args ...string) *exec.Cmd {
	t.Helper()
	return startServerWith(t, addr, []string{"LINKCHART_TOKENS=ed-token=editor:red"}, args...)
}

// startServerWith is startServer with extra environment.
func startServerWith(t *testing.T, addr string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(append(os.Environ(), "NEO4J_URI="), env...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server on %s not ready:\n%s", addr, logs.String())
	return nil
}

// TestAcknowledgedWritesSurviveKill9 writes entities as fast as the server
// acknowledges them, kills the server with SIGKILL mid-stream, restarts it on
// the same file and checks that every acknowledged write is there.
func TestAcknowledgedWritesSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real server processes")
	}
	db := filepath.Join(t.TempDir(), "durable.db")
	addr := freeAddr(t)
	srv := startServer(t, addr, "--db", db, "--seed=false", "--write-rate", "100000", "--write-burst", "100000")

	var mu sync.Mutex
	var acked []string
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			client := &http.Client{Timeout: 5 * time.Second}
			for i := 0; ctx.Err() == nil; i++ {
				id := fmt.Sprintf("w%d-n%d", w, i)
				body := fmt.Sprintf(`{"id":%q,"kind":"Person","name":"Person %s","aliases":["Alias %s"]}`, id, id, id)
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/api/v1/entities", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer ed-token")
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				} else if resp.StatusCode != http.StatusTooManyRequests {
					t.Errorf("POST %s: %d", id, resp.StatusCode)
					return
				}
			}
		}(w)
	}
	// Let writes stream, then kill without warning.
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 500 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.Wait()
	cancel()
	wg.Wait()

	addr2 := freeAddr(t)
	startServer(t, addr2, "--db", db, "--seed=false")
	mu.Lock()
	defer mu.Unlock()
	missing := 0
	for _, id := range acked {
		resp, err := http.Get("http://" + addr2 + "/api/v1/entities/" + id)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			missing++
			t.Errorf("acknowledged write %s lost after kill -9 (status %d)", id, resp.StatusCode)
		}
	}
	t.Logf("durability: %d writes acknowledged, %d survived kill -9", len(acked), len(acked)-missing)
}
