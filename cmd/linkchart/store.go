package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"linkchart/graph"
	"linkchart/graph/memstore"
	"linkchart/graph/neo4jstore"
)

// storeFlags are the flags that choose a store.
type storeFlags struct {
	db        string
	neo4jURI  string
	neo4jWait time.Duration
}

func (s *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.db, "db", "linkchart.db", "embedded store file")
	fs.DurationVar(&s.neo4jWait, "neo4j-wait", 60*time.Second, "how long to wait for an unreachable Neo4j at start")
	fs.StringVar(&s.neo4jURI, "neo4j-uri", os.Getenv("NEO4J_URI"), "Neo4j URI (bolt://, neo4j://); when set, Neo4j is the store (also NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE)")
}

// open opens the chosen store: Neo4j when a URI is given, else the embedded
// store at --db.
func (s *storeFlags) open(ctx context.Context) (graph.Store, string, error) {
	if s.neo4jURI != "" {
		cfg := neo4jstore.ConfigFromEnv()
		cfg.URI = s.neo4jURI
		deadline := time.Now().Add(s.neo4jWait)
		st, err := neo4jstore.Open(ctx, cfg)
		for err != nil && errors.Is(err, graph.ErrUnavailable) && time.Now().Before(deadline) {
			select {
			case <-ctx.Done():
				return nil, "", fmt.Errorf("open neo4j %s: %w", s.neo4jURI, ctx.Err())
			case <-time.After(2 * time.Second):
			}
			st, err = neo4jstore.Open(ctx, cfg)
		}
		if err != nil {
			return nil, "", fmt.Errorf("open neo4j %s: %w", s.neo4jURI, err)
		}
		return st, "neo4j " + s.neo4jURI, nil
	}
	st, err := memstore.Open(s.db)
	if err != nil {
		return nil, "", fmt.Errorf("open %s: %w", s.db, err)
	}
	return st, "embedded " + s.db, nil
}
