package memstore

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"linkchart/graph"
)

// Charts live in a bucket of their own beside the log (one key per chart,
// the chart's JSON): they are few and small, read from the file each time,
// and untouched by the log's compaction, which rewrites only the log bucket.
var bucketCharts = []byte("charts")

var _ graph.ChartStore = (*Store)(nil)

// viewCharts runs f in a read transaction of the charts bucket (nil when
// no chart was ever saved), under the store's read lock (not closed).
func (s *Store) viewCharts(op string, f func(b *bolt.Bucket) error) error {
	if err := s.rlock(op); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	return s.db.View(func(tx *bolt.Tx) error { return f(tx.Bucket(bucketCharts)) })
}

func (s *Store) updateCharts(op string, f func(b *bolt.Bucket) error) error {
	if err := s.rlock(op); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketCharts)
		if err != nil {
			return err
		}
		return f(b)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// visibleChart decodes the chart under id when it is there and within clearance.
func visibleChart(b *bolt.Bucket, id string, clearance graph.Marking) (graph.Chart, error) {
	var raw []byte
	if b != nil {
		raw = b.Get([]byte(id))
	}
	if raw == nil {
		return graph.Chart{}, graph.ErrNotFound
	}
	c, err := graph.DecodeChart(raw)
	if err != nil {
		return graph.Chart{}, err
	}
	if !clearance.Allows(c.Marking) {
		return graph.Chart{}, graph.ErrNotFound
	}
	return c, nil
}

// Charts lists the charts within clearance, by id.
func (s *Store) Charts(ctx context.Context, clearance graph.Marking) ([]graph.Chart, error) {
	out := []graph.Chart{}
	err := s.viewCharts("charts", func(b *bolt.Bucket) error {
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			c, err := graph.DecodeChart(v)
			if err != nil {
				return fmt.Errorf("chart %s: %w", k, err)
			}
			if clearance.Allows(c.Marking) {
				out = append(out, c)
			}
			return nil
		})
	})
	return out, err
}

// Chart returns one chart within clearance.
func (s *Store) Chart(ctx context.Context, id string, clearance graph.Marking) (graph.Chart, error) {
	var c graph.Chart
	err := s.viewCharts("chart "+id, func(b *bolt.Bucket) error {
		var err error
		c, err = visibleChart(b, id, clearance)
		return err
	})
	if err != nil {
		return graph.Chart{}, fmt.Errorf("chart %s: %w", id, err)
	}
	return c, nil
}

// CreateChart stores a new chart; ErrAlreadyExists when the id is taken.
func (s *Store) CreateChart(ctx context.Context, c graph.Chart) error {
	raw, err := graph.EncodeChart(c)
	if err != nil {
		return err
	}
	return s.updateCharts("create chart "+c.ID, func(b *bolt.Bucket) error {
		if b.Get([]byte(c.ID)) != nil {
			return graph.ErrAlreadyExists
		}
		return b.Put([]byte(c.ID), raw)
	})
}

// ReplaceChart replaces a chart visible within clearance.
func (s *Store) ReplaceChart(ctx context.Context, c graph.Chart, clearance graph.Marking) error {
	raw, err := graph.EncodeChart(c)
	if err != nil {
		return err
	}
	return s.updateCharts("replace chart "+c.ID, func(b *bolt.Bucket) error {
		if _, err := visibleChart(b, c.ID, clearance); err != nil {
			return err
		}
		return b.Put([]byte(c.ID), raw)
	})
}

// DeleteChart removes a chart visible within clearance.
func (s *Store) DeleteChart(ctx context.Context, id string, clearance graph.Marking) error {
	return s.updateCharts("delete chart "+id, func(b *bolt.Bucket) error {
		if _, err := visibleChart(b, id, clearance); err != nil {
			return err
		}
		return b.Delete([]byte(id))
	})
}
