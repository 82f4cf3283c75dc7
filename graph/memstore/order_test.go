package memstore

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSortKeyed checks the key sort against the library sort of the ids,
// with many ids sharing their first eight bytes and sizes on both sides of
// the insertion-sort cut.
func TestSortKeyed(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 15, 16, 17, 100, 1000, 5000} {
		for _, prefixes := range []int{1, 3, 1000} {
			ids := make([]string, n)
			for i := range ids {
				ids[i] = "p" + strconv.Itoa(r.IntN(prefixes)) + "-long-" + strconv.Itoa(r.IntN(n+1))
				if r.IntN(3) == 0 {
					ids[i] = ids[i][:min(len(ids[i]), 1+r.IntN(9))]
				}
			}
			ks := make([]keyed, n)
			for i, id := range ids {
				ks[i] = keyed{prefixKey(id), uint32(i)}
			}
			sortKeyed(ks, func(i uint32) string { return ids[i] })
			got := make([]string, n)
			for i, k := range ks {
				got[i] = ids[k.idx]
			}
			want := slices.Clone(ids)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d prefixes=%d: sortKeyed order differs:\n%s", n, prefixes, strings.Join(got[:min(n, 20)], " "))
			}
		}
	}
}
