package main

import "testing"

func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, maxGCPercent},
		{1 << 20, maxGCPercent},         // a seed-sized graph: capped
		{gcHeadroom / 10, maxGCPercent}, // exactly at the cap
		{gcHeadroom / 4, 400},           // a collection every 4 live heaps
		{93 << 20, 100 * 256 / 93},      // ~1M edges: 275
		{gcHeadroom, 100},               // headroom = live heap: the default
		{600 << 20, 100},                // ~5M edges: never under the default
	} {
		if got := gcPercent(c.live); got != c.want {
			t.Errorf("gcPercent(%d MB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
}
