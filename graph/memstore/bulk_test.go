package memstore

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"linkchart/graph/gen"
)

// TestPlannedEndsWithFreeSlots deletes nodes (freeing slots) and then
// writes a bulk batch whose new nodes take those slots; apply checks the
// planned ends (checkPlan) and the answers must survive a reopen.
func TestPlannedEndsWithFreeSlots(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	b := gen.Generate(3000, 9000, 12)
	s := openLoaded(t, path, b)
	for i := 0; i < 40; i++ {
		if err := s.DeleteNode(ctx, b.Nodes[i*7].ID); err != nil {
			t.Fatal(err)
		}
	}
	more := gen.Generate(3000, 9000, 13)
	prefixIDs(&more, "m")
	for i := range more.Edges {
		if i%3 == 0 { // some edges end at old nodes
			more.Edges[i].To = b.Nodes[1+i%2000*7%2999].ID
			if (1+i%2000*7%2999)%7 == 0 {
				more.Edges[i].To = b.Nodes[1].ID
			}
		}
	}
	more.Sources = nil
	for i := range more.Edges {
		more.Edges[i].Sources = []string{"s1"}
	}
	if err := s.Upsert(ctx, more); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s, more)
	s.Close()
	s = openTemp(t, path)
	defer s.Close()
	if !reflect.DeepEqual(before, dump(t, s, more)) {
		t.Fatal("answers differ after reopen")
	}
}
