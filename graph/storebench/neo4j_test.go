package storebench_test

import (
	"context"
	"os"
	"testing"
	"time"

	"linkchart/graph"
	"linkchart/graph/neo4jstore"
	"linkchart/graph/storebench"
)

// neo4jStore is a Neo4j store whose Close leaves the driver open (one
// driver per process, closed by TestMain).
type neo4jStore struct{ *neo4jstore.Store }

func (neo4jStore) Close() error { return nil }

var sharedNeo4j *neo4jstore.Store

// openNeo4j opens the Neo4j at NEO4J_URI once per process; it skips when
// NEO4J_URI is unset (fails under CI=true).
func openNeo4j(b *testing.B) *neo4jstore.Store {
	b.Helper()
	if os.Getenv("NEO4J_URI") == "" {
		if os.Getenv("CI") == "true" {
			b.Fatal("NEO4J_URI is not set: under CI Neo4j must be real")
		}
		b.Skip("NEO4J_URI is not set (start one with scripts/neo4j.sh start)")
	}
	if sharedNeo4j == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		st, err := neo4jstore.Open(ctx, neo4jstore.ConfigFromEnv())
		if err != nil {
			b.Fatalf("open Neo4j at %s: %v", os.Getenv("NEO4J_URI"), err)
		}
		sharedNeo4j = st
	}
	return sharedNeo4j
}

// BenchmarkNeo4j measures the Neo4j store on the graph of neo4jSize:
// Import (batched Upserts into the emptied database), then the questions of
// storebench.Run. It replaces whatever the database at NEO4J_URI holds, and
// leaves the benchmark graph in it.
func BenchmarkNeo4j(b *testing.B) {
	n4j := openNeo4j(b)
	forEachSize(b, []size{neo4jSize()}, func(b *testing.B, s size, g graph.Batch) {
		empty := func(b *testing.B) graph.Store {
			if err := n4j.Reset(context.Background()); err != nil {
				b.Fatal(err)
			}
			return neo4jStore{n4j}
		}
		if st := storebench.Import(b, empty, g, importBatch()); st == nil { // Import was filtered out
			if _, err := storebench.Load(context.Background(), empty(b), g, importBatch()); err != nil {
				b.Fatal(err)
			}
		}
		storebench.Run(b, neo4jStore{n4j}, g)
	})
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedNeo4j != nil {
		sharedNeo4j.Close()
	}
	os.Exit(code)
}
