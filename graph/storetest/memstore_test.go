package storetest_test

import (
	"path/filepath"
	"testing"

	"linkchart/graph"
	"linkchart/graph/memstore"
	"linkchart/graph/storetest"
)

// The embedded store must pass the suite.
var _ graph.Store = (*memstore.Store)(nil)

func TestMemstore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store {
		s, err := memstore.Open(filepath.Join(t.TempDir(), "db"))
		if err != nil {
			t.Fatalf("memstore.Open: %v", err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	})
}
