package neo4jstore

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// proxy is a TCP proxy to Neo4j that the test can take down (closing every
// connection and refusing new ones) and bring back on the same address:
// Neo4j going away and coming back, as the store sees it.
type proxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        map[net.Conn]bool
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *proxy) pipe(c net.Conn) {
	u, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[u] = true, true
	p.mu.Unlock()
	go func() { io.Copy(u, c); u.Close() }()
	io.Copy(c, u)
	c.Close()
}

// down closes the listener and every connection.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

// up listens again on the same address.
func (p *proxy) up(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.serve(ln)
}

// TestUnavailableAndRecovery: while Neo4j cannot be reached every call
// fails with graph.ErrUnavailable; once it is back, the same Store answers
// again without being reopened.
func TestUnavailableAndRecovery(t *testing.T) {
	openTestStore(t)
	u, err := url.Parse(os.Getenv("NEO4J_URI"))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	ctx := context.Background()
	cfg := ConfigFromEnv()
	cfg.URI = "bolt://" + p.addr
	s, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Schema(ctx, graph.Red); err != nil {
		t.Fatalf("schema through the proxy: %v", err)
	}

	p.down()
	if err := s.Ping(ctx); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("ping while down: %v, want ErrUnavailable", err)
	}
	t0 := time.Now()
	_, err = s.Schema(ctx, graph.Red)
	if !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("schema while down: %v, want ErrUnavailable", err)
	}
	if d := time.Since(t0); d > 15*time.Second {
		t.Errorf("schema while down took %v", d)
	}
	if err := s.Upsert(ctx, graph.Batch{Sources: []graph.Source{{ID: "s", Title: "t"}}}); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("upsert while down: %v, want ErrUnavailable", err)
	}
	if _, err := Open(ctx, cfg); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("open while down: %v, want ErrUnavailable", err)
	}

	// Neo4j comes back with a new, empty database: no schema either.
	shared := openTestStore(t)
	if err := shared.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := shared.createSchema(ctx); err != nil {
			t.Errorf("recreate the schema: %v", err)
		}
	}()
	for _, q := range []string{"DROP INDEX " + searchIndex, "DROP CONSTRAINT entity_id", "DROP CONSTRAINT source_id", "DROP CONSTRAINT rel_id"} {
		if _, err := neo4j.ExecuteQuery(ctx, shared.driver, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(shared.db)); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	p.up(t)
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := s.Schema(ctx, graph.Red)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing 30s after Neo4j came back: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("ping after recovery: %v", err)
	}
	// The schema is back: search works and Create refuses a taken id.
	b := graph.Batch{Nodes: []graph.Node{{ID: "kim", Kind: graph.Person, Name: "Kim Jong Un"}}}
	if err := s.Create(ctx, b); err != nil {
		t.Fatalf("create after recovery: %v", err)
	}
	if err := s.Create(ctx, b); !errors.Is(err, graph.ErrAlreadyExists) {
		t.Errorf("second create after recovery: %v, want ErrAlreadyExists", err)
	}
	hits, err := s.Search(ctx, graph.SearchQuery{Text: "kim jong", Clearance: graph.Red})
	if err != nil || len(hits) != 1 {
		t.Errorf("search after recovery: %v, %v", hits, err)
	}
}
