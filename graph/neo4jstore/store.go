// Package neo4jstore is the Neo4j implementation of graph.Store, built on
// neo4j-go-driver/v5 with parameterised Cypher.
//
// # Model
//
// Entities are (:Entity {id, kind, name, aliases, summary, props, marking,
// mlevel, search, geo}) nodes that also carry their kind as a second label (from
// the graph.Kinds allow-list, backtick-quoted) so that Neo4j Browser users
// can style them. props is the props map as a JSON string (Neo4j has no map
// properties); mlevel is the marking's level (0..3) so that clearance checks
// are integer comparisons; search holds the normalized name and alias tokens
// and their compact forms for the full-text index; geo, when located, is
// graph.GeoText's "lat lon source".
//
// Sources are (:Source {id, title, publisher, author, date, url,
// reliability, note}) nodes. Edges are [:REL {id, type, from, to, since,
// until, credibility, sources, note, props, marking, mlevel, rel}]
// relationships: one relationship type with the relation type as a
// property. Typed relationships would read better in Neo4j Browser, but
// Neo4j indexes relationship properties per type only, so an edge could not
// be found by id without knowing its type; a single REL type keeps one
// uniqueness constraint on REL.id. Edges cite sources by id (sources, a list
// of strings); rel is the best reliability among those sources, kept up to
// date when a source's reliability changes, so grade filters run in Cypher.
//
// # Queries
//
// Every method runs one managed transaction (ExecuteRead/ExecuteWrite) in a
// fresh session; every value is a $parameter, and the only labels written
// into Cypher text are the kinds of graph.Kinds, backtick-quoted.
// Neighborhoods are walked breadth-first with one Cypher query per level
// (UNWIND of the frontier); paths come from SHORTEST k GROUPS, asking for
// one more group until K simple paths are found; oversight reads the
// PART_OF hierarchy level by level and the oversight edges in one query;
// search takes candidates from a full-text index and ranks them with
// graph.Score. The exact ordering and tie-break rules of package graph are
// applied in Go, so answers equal memstore's (see TestSeedEqualsMemstore).
// Patterns start at a node found by its id and leave the far end of an
// expansion unlabelled (every REL joins two Entities), so that no plan
// cached while the database was small can turn an expansion into a label
// scan. Every lookup by id carries USING INDEX SEEK: without it, a plan
// cached while the database was empty looked an edge up by scanning the
// whole REL(id) index once per row (USING INDEX alone still allows that
// scan). TestPlansSeekIndexes profiles every query and fails on a scan;
// TUNING.md records the plans and what they gained.
//
// # Consistency
//
// Neo4j Community isolates transactions at read committed only: an answer
// read in several queries could see half of a concurrent batch. The Store
// therefore holds a sync.RWMutex: reads share it, writes hold it alone, so
// this process's readers never see half a write and its Creates and deletes
// of one id are ordered. Another process writing to the same database
// (linkchart import while linkchart serve runs) is not covered by the lock;
// Create still writes with CREATE, so the uniqueness constraints refuse a
// racing duplicate (graph.ErrAlreadyExists).
//
// # Errors
//
// Connectivity failures, and transient failures whose retries (5 s at most)
// ran out, wrap graph.ErrUnavailable. The driver reconnects by itself, so
// the same Store answers again once Neo4j is back.
//
// # Limits
//
// A batch is written in one transaction (all or nothing), in UNWIND chunks
// of batchRows rows. One query first checks the references and reads which
// of the batch's edges exist: new edges are only created, an edge whose
// ends are unchanged is updated in place, one whose ends moved is deleted
// and created again. Neo4j holds a transaction's changes in memory, limited
// by dbms.memory.transaction.total.max (by default 70% of the heap), so a
// heap takes batches of a bounded number of edges (README's benchmark
// section gives the measured sizes); larger imports need a larger heap or
// several batches. Changing the reliability of an existing source scans
// the relationships to re-grade the edges citing it.
//
// Search hands every full-text candidate to Go to be ranked (only ids,
// names and aliases), so one- or two-letter queries on graphs of millions
// of nodes are slow. The candidates are complete for graph.Score's rules:
// Lucene expands a fuzzy (typo) term to at most 50 index terms, so when a
// query word has that many index terms within its typo budget, Search
// ranks every visible node instead (slow on very large graphs, rare). A
// query word longer than 100 letters is looked for by its first 100
// letters, without typos.
package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"linkchart/graph"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://host:7687 or neo4j://host:7687
	Username string // empty: no authentication
	Password string
	Database string // empty: the server's default database
}

// ConfigFromEnv reads NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
// NEO4J_DATABASE.
func ConfigFromEnv() Config {
	return Config{
		URI:      os.Getenv("NEO4J_URI"),
		Username: os.Getenv("NEO4J_USERNAME"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
}

// Store is a graph.Store backed by Neo4j. It holds one driver; the driver
// pools connections and reconnects by itself when Neo4j comes back.
type Store struct {
	driver neo4j.DriverWithContext
	db     string
	// mu makes this process's writes atomic to its readers: Neo4j
	// Community isolates transactions at read committed only, so an answer
	// read in several queries could otherwise see half of a batch, and
	// two Creates or deletes of one id could both succeed. Reads share
	// it; writes hold it alone.
	mu sync.RWMutex
	// schemaOK is false after Neo4j was unreachable: the schema is
	// ensured again (IF NOT EXISTS) before the next call, in case Neo4j
	// came back with a new, empty database.
	schemaOK atomic.Bool
}

var _ graph.Store = (*Store)(nil)

// searchIndex is the name of the full-text index on Entity.search.
const searchIndex = "entity_search"

// schema creates the constraints and indexes, idempotently.
var schema = []string{
	"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE",
	"CREATE CONSTRAINT rel_id IF NOT EXISTS FOR ()-[r:REL]-() REQUIRE r.id IS UNIQUE",
	"CREATE CONSTRAINT chart_id IF NOT EXISTS FOR (c:Chart) REQUIRE c.id IS UNIQUE",
	// the history's counter and revisions, and merged entities' redirects:
	// every write and read of them is an index seek
	"CREATE CONSTRAINT history_counter_id IF NOT EXISTS FOR (c:HistoryCounter) REQUIRE c.id IS UNIQUE",
	"CREATE CONSTRAINT revision_rev IF NOT EXISTS FOR (r:Revision) REQUIRE r.rev IS UNIQUE",
	"CREATE CONSTRAINT redirect_id IF NOT EXISTS FOR (r:Redirect) REQUIRE r.id IS UNIQUE",
	"CREATE INDEX rel_type IF NOT EXISTS FOR ()-[r:REL]-() ON (r.type)",
	"CREATE FULLTEXT INDEX " + searchIndex + " IF NOT EXISTS FOR (n:Entity) ON EACH [n.search] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
}

// Open connects to Neo4j, checks that it answers and creates the schema.
// A Neo4j that cannot be reached gives an error wrapping
// graph.ErrUnavailable.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, errors.New("neo4jstore: open: no URI (set NEO4J_URI)")
	}
	auth := neo4j.NoAuth()
	if cfg.Username != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		// Fail fast enough for an API to answer 503 while Neo4j is down.
		c.MaxTransactionRetryTime = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 10 * time.Second
		c.SocketConnectTimeout = 3 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("neo4jstore: open %s: %w", cfg.URI, err)
	}
	s := &Store{driver: driver, db: cfg.Database}
	if err := s.Ping(ctx); err != nil {
		driver.Close(ctx)
		return nil, fmt.Errorf("neo4jstore: open %s: %w", cfg.URI, err)
	}
	if err := s.ensureSchema(ctx); err != nil {
		driver.Close(ctx)
		return nil, fmt.Errorf("neo4jstore: open %s: %w", cfg.URI, err)
	}
	return s, nil
}

// ensureSchema creates the schema unless it is known to be there.
func (s *Store) ensureSchema(ctx context.Context) error {
	if s.schemaOK.Load() {
		return nil
	}
	if err := s.createSchema(ctx); err != nil {
		return err
	}
	s.schemaOK.Store(true)
	return nil
}

// failed notes an error: after an outage the schema is checked again.
func (s *Store) failed(err error) error {
	if errors.Is(err, graph.ErrUnavailable) {
		s.schemaOK.Store(false)
	}
	return err
}

func (s *Store) createSchema(ctx context.Context) error {
	for _, q := range schema {
		// Schema commands run in auto-commit transactions, one each.
		_, err := neo4j.ExecuteQuery(ctx, s.driver, q, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db))
		if err != nil {
			return translate("create schema", err)
		}
	}
	_, err := neo4j.ExecuteQuery(ctx, s.driver, "CALL db.awaitIndexes(300)", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db))
	return translate("await indexes", err)
}

// Ping reports whether Neo4j answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		return s.failed(fmt.Errorf("neo4jstore: ping: %w: %v", graph.ErrUnavailable, err))
	}
	return nil
}

// Close closes the driver and its connections.
func (s *Store) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("neo4jstore: close: %w", err)
	}
	return nil
}

// Reset deletes every entity, relation and source, in transactions of
// 10,000 nodes so that large test graphs go too. For tests.
func (s *Store) Reset(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: s.db})
	defer session.Close(ctx)
	// CALL ... IN TRANSACTIONS needs an auto-commit transaction.
	res, err := session.Run(ctx, `
MATCH (n) WHERE n:Entity OR n:Source OR n:Chart OR n:Revision OR n:HistoryCounter OR n:Redirect
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return translate("reset", err)
}

// read runs f in a managed read transaction of a new session.
func read[T any](ctx context.Context, s *Store, op string, f func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	// Wait for a write in progress (a large import can take minutes) no
	// longer than the caller's context allows.
	for !s.mu.TryRLock() {
		select {
		case <-ctx.Done():
			return zero, fmt.Errorf("neo4jstore: %s: waiting for a write to finish: %w", op, ctx.Err())
		case <-time.After(2 * time.Millisecond):
		}
	}
	defer s.mu.RUnlock()
	if err := s.ensureSchema(ctx); err != nil {
		return zero, s.failed(fmt.Errorf("neo4jstore: %s: %w", op, err))
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.db})
	defer session.Close(ctx)
	v, err := neo4j.ExecuteRead(ctx, session, f)
	return v, s.failed(translate(op, err))
}

// write runs f in a managed write transaction of a new session.
func write[T any](ctx context.Context, s *Store, op string, f func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.ensureSchema(ctx); err != nil {
		var zero T
		return zero, s.failed(fmt.Errorf("neo4jstore: %s: %w", op, err))
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: s.db})
	defer session.Close(ctx)
	v, err := neo4j.ExecuteWrite(ctx, session, f)
	return v, s.failed(translate(op, err))
}

// profiled, when set (by the plan tests, never concurrently with queries),
// makes run and collect run every query under PROFILE and hand its plan
// here.
var profiled func(query string, plan neo4j.ProfiledPlan)

// run runs a query whose records are not needed.
func run(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) error {
	_, err := collect(ctx, tx, q, params)
	return err
}

// collect runs a query and returns its records.
func collect(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) ([]*neo4j.Record, error) {
	if profiled != nil {
		return collectProfiled(ctx, tx, q, params)
	}
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

func collectProfiled(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, "PROFILE "+q, params)
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		return nil, err
	}
	profiled(q, sum.Profile())
	return recs, nil
}

// translate wraps a driver error with the operation's name and maps it
// onto the graph errors: connectivity problems and exhausted retries of
// transient failures become graph.ErrUnavailable, uniqueness violations
// graph.ErrAlreadyExists. Errors already carrying a graph error pass through.
func translate(op string, err error) error {
	if err == nil {
		return nil
	}
	for _, e := range []error{graph.ErrNotFound, graph.ErrAlreadyExists, graph.ErrInvalid, graph.ErrUnavailable} {
		if errors.Is(err, e) {
			return fmt.Errorf("neo4jstore: %s: %w", op, err)
		}
	}
	var (
		conn  *neo4j.ConnectivityError
		limit *neo4j.TransactionExecutionLimit
		dbErr *neo4j.Neo4jError
	)
	switch {
	case errors.As(err, &dbErr):
		switch {
		case dbErr.Code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError":
			// Not an outage: the batch is too big for one transaction.
			return fmt.Errorf("neo4jstore: %s: the transaction needs more memory than Neo4j allows "+
				"(raise the heap or dbms.memory.transaction.total.max, or write smaller batches): %w: %w", op, graph.ErrTooLarge, err)
		case dbErr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return fmt.Errorf("neo4jstore: %s: %w: %v", op, graph.ErrAlreadyExists, err)
		case strings.HasPrefix(dbErr.Code, "Neo.TransientError."),
			dbErr.Code == "Neo.ClientError.Database.DatabaseNotFound",
			strings.HasPrefix(dbErr.Code, "Neo.ClientError.Cluster."):
			return fmt.Errorf("neo4jstore: %s: %w: %v", op, graph.ErrUnavailable, err)
		}
	case errors.As(err, &conn):
		return fmt.Errorf("neo4jstore: %s: %w: %v", op, graph.ErrUnavailable, err)
	case errors.As(err, &limit):
		// Retries ran out: translate the last failure.
		if n := len(limit.Errors); n > 0 {
			if e := translate(op, limit.Errors[n-1]); !errors.Is(e, graph.ErrUnavailable) {
				return e
			}
		}
		return fmt.Errorf("neo4jstore: %s: %w: %v", op, graph.ErrUnavailable, err)
	}
	return fmt.Errorf("neo4jstore: %s: %w", op, err)
}
