package memstore_test

import (
	"path/filepath"
	"testing"

	"linkchart/graph"
	"linkchart/graph/memstore"
	"linkchart/graph/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store {
		s, err := memstore.Open(filepath.Join(t.TempDir(), "db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
