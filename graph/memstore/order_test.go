package memstore

import (
	"cmp"
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

// checkAdjacency verifies the adjacency invariants: each live edge has one
// pair at each end (one for a self loop), pairs at the edge's from end
// carry outBit and come first (nout of them), each of the two runs is
// sorted by (other end, edge), and the marking bits match.
func checkAdjacency(t *testing.T, s *Store) {
	t.Helper()
	seen := make(map[uint32]int)
	for n := range s.nodes {
		a := s.adjOf(uint32(n))
		out, in := s.runs(uint32(n))
		nout := len(out) / 2
		if len(a)%2 != 0 || len(out)+len(in) != len(a) {
			t.Fatalf("node %d: %d adjacency words, runs of %d and %d", n, len(a), len(out), len(in))
		}
		packed := 2*n+2 < len(s.adjIdx) && s.adjIdx[2*n+1]&movedFlag == 0
		if packed && s.moved[uint32(n)] != nil {
			t.Fatalf("node %d: packed %v, moved list %v", n, packed, s.moved[uint32(n)] != nil)
		}
		for i := 0; i < len(a); i += 2 {
			e, w := a[i], a[i+1]
			r := &s.edges[e]
			out := i < 2*nout
			if i > 0 && (i != 2*nout) {
				pv, pe := a[i-1]&endMask, a[i-2]
				if pv > w&endMask || (pv == w&endMask && pe >= e) {
					t.Fatalf("node %d pair %d (%d, %d) after (%d, %d): run out of order", n, i/2, w&endMask, e, pv, pe)
				}
			}
			if r.meta&edgeAlive == 0 {
				t.Fatalf("node %d lists dead edge %d", n, e)
			}
			if out != (w&outBit != 0) || out != (r.from == uint32(n)) {
				t.Fatalf("node %d pair %d (edge %d, from %d, to %d): outBit %v, in the from-end part %v", n, i/2, e, r.from, r.to, w&outBit != 0, out)
			}
			if other := map[bool]uint32{true: r.to, false: r.from}[out]; w&endMask != other || w>>endShift != uint32(r.meta&3) {
				t.Fatalf("node %d pair %d: other end %d marking %d, want %d, %d", n, i/2, w&endMask, w>>endShift, other, r.meta&3)
			}
			seen[e]++
		}
	}
	for e := range s.edges {
		r := &s.edges[e]
		if r.meta&edgeAlive == 0 {
			continue
		}
		want := 2
		if r.from == r.to {
			want = 1
		}
		if seen[uint32(e)] != want {
			t.Fatalf("edge %d listed %d times, want %d", e, seen[uint32(e)], want)
		}
	}
}

// TestSelectKeyed checks smallestNodes' key selection against a full sort,
// with and without ties on the keys.
func TestSelectKeyed(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{2, 17, 18, 40, 1000, 3000} {
		for _, spread := range []int{2, 50, 1 << 30} {
			for range 20 {
				ks := make([]keyed, n)
				for i := range ks {
					ks[i] = keyed{uint64(r.IntN(spread)), uint32(i)}
				}
				k := 1 + r.IntN(n-1)
				want := slices.Clone(ks)
				slices.SortFunc(want, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
				exact := selectKeyed(ks, k)
				got := make([]uint64, k)
				for i := range got {
					got[i] = ks[i].key
				}
				slices.Sort(got)
				for i := range got {
					if got[i] != want[i].key {
						t.Fatalf("n=%d k=%d: selected keys differ at %d", n, k, i)
					}
				}
				if wantExact := want[k].key != want[k-1].key; exact != wantExact {
					t.Fatalf("n=%d k=%d: exact %v, want %v", n, k, exact, wantExact)
				}
			}
		}
	}
}

// TestSmallest checks the selection of the walk against a sort.
func TestSmallest(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 2, 3, 17, 100, 1000} {
		for _, spread := range []int{1, 3, 1 << 30} {
			for range 20 {
				xs := make([]uint32, n)
				for i := range xs {
					xs[i] = uint32(r.IntN(spread))
				}
				k := r.IntN(n + 1)
				want := slices.Clone(xs)
				slices.Sort(want)
				smallestIndexes(&scratch{}, xs, k)
				got := slices.Clone(xs[:k])
				slices.Sort(got)
				if !slices.Equal(got, want[:k]) {
					t.Fatalf("n=%d k=%d spread=%d: smallest kept %v, want %v", n, k, spread, got, want[:k])
				}
			}
		}
	}
}

// TestSortIndexes checks the radix sort against the library sort.
func TestSortIndexes(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	sc := &scratch{}
	for _, n := range []int{0, 1, 127, 128, 129, 1000, 5000} {
		for _, spread := range []int{1, 256, 70000, 1 << 31} {
			xs := make([]uint32, n)
			for i := range xs {
				xs[i] = uint32(r.IntN(spread)) | uint32(spread&1)<<24
			}
			want := slices.Clone(xs)
			slices.Sort(want)
			sortIndexes(sc, xs)
			if !slices.Equal(xs, want) {
				t.Fatalf("n=%d spread=%d: sortIndexes differs from slices.Sort", n, spread)
			}
			// Sorted input (the fast path), then one pair out of place.
			sortIndexes(sc, xs)
			if !slices.Equal(xs, want) {
				t.Fatalf("n=%d spread=%d: sortIndexes changed a sorted list", n, spread)
			}
			if n > 1 && xs[0] != xs[n-1] {
				xs[0], xs[n-1] = xs[n-1], xs[0]
				sortIndexes(sc, xs)
				if !slices.Equal(xs, want) {
					t.Fatalf("n=%d spread=%d: sortIndexes missed a swapped pair", n, spread)
				}
			}
		}
	}
}
