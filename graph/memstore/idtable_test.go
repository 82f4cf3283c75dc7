package memstore

import (
	"fmt"
	"testing"
)

func TestIDTable(t *testing.T) {
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = fmt.Sprintf("e%d", i)
	}
	idOf := func(i uint32) string { return ids[i] }
	tab := newIDTable(0)
	for i, id := range ids {
		tab.insert(id, uint32(i), idOf)
	}
	for i := 0; i < len(ids); i += 2 {
		tab.remove(ids[i], idOf)
	}
	for i, id := range ids {
		got, ok := tab.find(id, idOf)
		if want := i%2 == 1; ok != want || (ok && got != uint32(i)) {
			t.Fatalf("find(%s) = %d, %v; want %d, %v", id, got, ok, i, want)
		}
	}
	if tab.used != len(ids)/2 {
		t.Errorf("used = %d, want %d", tab.used, len(ids)/2)
	}
}
