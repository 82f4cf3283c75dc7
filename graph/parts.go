package graph

import (
	"context"
	"errors"
	"fmt"
)

// BatchLimiter is a Store whose write transactions hold a limited number of
// records (Neo4j: its transaction memory).
type BatchLimiter interface {
	// BatchLimit estimates how many records one write transaction holds
	// (0: no limit).
	BatchLimit(ctx context.Context) (int, error)
}

// PartsError is a failure of UpsertInParts after some parts were
// committed.
type PartsError struct {
	Committed int // parts committed before the failure
	Records   int // records in them
	Err       error
}

func (e *PartsError) Error() string {
	return fmt.Sprintf("after %d transactions committing %d records: %v", e.Committed, e.Records, e.Err)
}

func (e *PartsError) Unwrap() error { return e.Err }

// UpsertInParts writes b with st.Upsert in as few transactions as the store
// takes. A batch within the store's BatchLimit is one transaction, all or
// nothing; a larger one is written in parts of that size (Batch.Split:
// sources and nodes before the edges that need them), and a part the store
// refuses with ErrTooLarge is halved and tried again, as are the parts
// after it. It returns how many transactions committed. When a part fails
// after others committed, the error is a *PartsError: the records before
// it are written, and since Upsert replaces records by id, running the
// same import again completes it.
func UpsertInParts(ctx context.Context, st Store, b Batch) (int, error) {
	size := 0 // records per part; 0: all
	if bl, ok := st.(BatchLimiter); ok {
		n, err := bl.BatchLimit(ctx)
		if err != nil {
			return 0, err
		}
		size = n
	}
	committed, records := 0, 0
	for rest := b; !rest.Empty(); {
		part := rest.Split(size)[0]
		n := part.records()
		err := st.Upsert(ctx, part)
		switch {
		case err == nil:
			committed++
			records += n
			rest = Batch{Sources: rest.Sources[len(part.Sources):], Nodes: rest.Nodes[len(part.Nodes):], Edges: rest.Edges[len(part.Edges):]}
		case errors.Is(err, ErrTooLarge) && n > 1 && n > len(part.Sources):
			// Split keeps the sources together: a part of sources alone
			// cannot shrink.
			size = max(1, n/2)
		case committed > 0:
			return committed, &PartsError{Committed: committed, Records: records, Err: err}
		default:
			return 0, err
		}
	}
	return committed, nil
}

func (b Batch) records() int { return len(b.Sources) + len(b.Nodes) + len(b.Edges) }
