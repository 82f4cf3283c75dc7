package names

import "testing"

// BenchmarkRate scores one query against many names the way a search scan
// does: each name prepared into reused buffers, then rated.
func BenchmarkRate(b *testing.B) {
	q := Prepare("ri pak hak")
	ns := []string{"ri ale hak", "pak ri", "belov bok ri", "jong ko ros", "kim yong bok", "o myong vo", "ri pak pak", "sokolov il tri"}
	var p Preparer
	for i := 0; b.Loop(); i++ {
		q.Rate(p.Prepare(ns[i%len(ns)]))
	}
}

func BenchmarkPrepare(b *testing.B) {
	ns := []string{"ri ale hak", "pak ri", "belov bok ri", "jong ko ros", "kim yong bok", "o myong vo", "ri pak pak", "sokolov il tri"}
	var p Preparer
	for i := 0; b.Loop(); i++ {
		p.Prepare(ns[i%len(ns)])
	}
}

func BenchmarkAlign(b *testing.B) {
	q := Prepare("ri pak hak")
	var ns []Name
	for _, s := range []string{"ri ale hak", "pak ri", "belov bok ri", "jong ko ros", "kim yong bok", "o myong vo", "ri pak pak", "sokolov il tri"} {
		ns = append(ns, Prepare(s))
	}
	for i := 0; b.Loop(); i++ {
		q.Rate(ns[i%len(ns)])
	}
}

// BenchmarkScorer is BenchmarkRate through a Scorer: the words' rules
// remembered.
func BenchmarkScorer(b *testing.B) {
	s := NewScorer(Prepare("ri pak hak"))
	ns := []string{"ri ale hak", "pak ri", "belov bok ri", "jong ko ros", "kim yong bok", "o myong vo", "ri pak pak", "sokolov il tri"}
	for i := 0; b.Loop(); i++ {
		s.Rate(ns[i%len(ns)])
	}
}
