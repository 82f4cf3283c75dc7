package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

// Neo4j holds a transaction's changes in memory, within the limits of
// these settings (0B: none): all transactions together, those of one
// database, and each one.
var txMemorySettings = []string{
	"dbms.memory.transaction.total.max",
	"db.memory.transaction.total.max",
	"db.memory.transaction.max",
}

// txRecordBytes is a generous estimate of the transaction memory one
// written record takes (an edge, its index entries, its UNWIND row, and a
// share of what the server's other transactions hold of the same pool);
// BatchLimit divides the limit by it. Too generous only costs a few more
// transactions; too small is caught by the halving of graph.UpsertInParts,
// at the price of the refused attempts (README's benchmark section).
const txRecordBytes = 16 << 10

// BatchLimit estimates how many records one write transaction holds from
// the smallest transaction memory limit Neo4j is configured with (0: no
// limit).
func (s *Store) BatchLimit(ctx context.Context) (int, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver,
		"SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
		map[string]any{"names": txMemorySettings}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return 0, translate("read the transaction memory limit", err)
	}
	var limit int64
	for _, rec := range res.Records {
		v, err := value[string](rec, "value")
		if err != nil {
			return 0, err
		}
		n, err := parseBytes(v)
		if err != nil {
			return 0, fmt.Errorf("neo4jstore: transaction memory limit: %w", err)
		}
		if n > 0 && (limit == 0 || n < limit) {
			limit = n
		}
	}
	if limit == 0 {
		return 0, nil
	}
	return int(max(1, limit/txRecordBytes)), nil
}

// parseBytes reads a byte size as SHOW SETTINGS writes it: "0B",
// "512.00KiB", "346.46MiB", "1.00GiB".
func parseBytes(v string) (int64, error) {
	num := strings.TrimRight(v, "BKMGTiib")
	unit := strings.TrimPrefix(v, num)
	scale := map[string]float64{"": 1, "B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}[unit]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || scale == 0 {
		return 0, fmt.Errorf("size %q: not a number of bytes", v)
	}
	return int64(f * scale), nil
}

// memoryLimitCodes are Neo4j's refusals of a transaction that outgrew a
// transaction memory limit.
var memoryLimitCodes = []string{
	"Neo.TransientError.General.MemoryPoolOutOfMemoryError",
	"Neo.TransientError.General.TransactionOutOfMemoryError",
	"Neo.TransientError.General.TransactionMemoryLimit",
}

// tooLargeError is Neo4j's memory-limit refusal as graph.ErrTooLarge. It
// keeps only the message: the driver retries transient errors, and this
// one would fail the same way again.
type tooLargeError struct{ msg string }

func (e *tooLargeError) Error() string {
	return "the transaction needs more memory than Neo4j allows (raise the heap or dbms.memory.transaction.total.max, or write smaller batches): " + e.msg
}

func (e *tooLargeError) Unwrap() error { return graph.ErrTooLarge }

// tooLarge turns a memory-limit refusal into a *tooLargeError, inside the
// transaction function so that the driver does not retry it.
func tooLarge(err error) error {
	var dbErr *neo4j.Neo4jError
	if errors.As(err, &dbErr) {
		for _, code := range memoryLimitCodes {
			if dbErr.Code == code {
				return &tooLargeError{msg: dbErr.Code + ": " + dbErr.Msg}
			}
		}
	}
	return err
}

// onceRecords is the largest batch written with the driver's retries;
// larger ones go through writeOnce.
const onceRecords = 1000

// writeOnce is write without the driver's retries, for large batches: a
// retry runs the whole batch again, and one that outgrew Neo4j's
// transaction memory (a transient error to Neo4j, at any query or at the
// commit) fails the same way each time.
func writeOnce(ctx context.Context, s *Store, op string, f func(tx neo4j.ManagedTransaction) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.ensureSchema(ctx); err != nil {
		return s.failed(fmt.Errorf("neo4jstore: %s: %w", op, err))
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: s.db})
	defer session.Close(ctx)
	tx, err := session.BeginTransaction(ctx)
	if err == nil {
		defer tx.Close(ctx) // rolls back unless committed
		if err = f(tx); err == nil {
			err = tx.Commit(ctx)
		}
	}
	return s.failed(translate(op, tooLarge(err)))
}
