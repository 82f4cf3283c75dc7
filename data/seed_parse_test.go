package data

import "testing"

func TestSeedParses(t *testing.T) {
	b, err := Seed()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d sources, %d entities, %d relations", len(b.Sources), len(b.Nodes), len(b.Edges))
}
