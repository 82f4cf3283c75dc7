package storetest_test

import (
	"os"
	"testing"

	"linkchart/graph"
	"linkchart/graph/neo4jstore"
	"linkchart/graph/storetest"
)

// The Neo4j store must pass the suite too.
var _ graph.Store = (*neo4jstore.Store)(nil)

// TestNeo4j runs the suite against a Neo4j of its own, named by
// STORETEST_NEO4J_URI, for example one started with
// `NEO4J_PORT=7695 scripts/neo4j.sh start`. It is not NEO4J_URI on
// purpose: graph/neo4jstore runs this suite against that database in CI,
// and two test binaries resetting one database would break each other.
func TestNeo4j(t *testing.T) {
	uri := os.Getenv("STORETEST_NEO4J_URI")
	if uri == "" {
		t.Skip("STORETEST_NEO4J_URI is not set")
	}
	s, err := neo4jstore.Open(t.Context(), neo4jstore.Config{URI: uri})
	if err != nil {
		t.Fatalf("neo4jstore.Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	storetest.Run(t, func(t *testing.T) graph.Store {
		if err := s.Reset(t.Context()); err != nil {
			t.Fatalf("Reset: %v", err)
		}
		return keepOpen{s}
	})
}

type keepOpen struct{ *neo4jstore.Store }

func (keepOpen) Close() error { return nil }
