package graph

import (
	"math/rand/v2"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Tŏkch’ŏn", "tokchon"},
		{"Kim Young-bok", "kim young bok"},
		{"  KN-23 ", "kn 23"},
		{"Hwasong-11Ga", "hwasong 11ga"},
		{"Pok Pung [Storm] Corps", "pok pung storm corps"},
		{"...", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		query, name string
		aliases     []string
		want        float64
	}{
		{"kn23", "KN-23", nil, ScoreExact},
		{"Tokchon", "Tŏkch’ŏn", nil, ScoreExact},
		{"kim yong", "Kim Yong Bok", nil, ScorePrefix},
		{"yong bok", "Kim Yong Bok", nil, ScoreTokenPrefix},
		{"kim yong bock", "Kim Yong Bok", nil, ScoreTypo},
		{"storm corps", "11th Corps", []string{"Storm Corps"}, ScoreExact * AliasWeight},
		{"xyz", "Kim Yong Bok", nil, 0},
		{"", "Kim Yong Bok", nil, 0},
		{"kim", "Ri Chang Ho", nil, 0},
	}
	for _, tt := range tests {
		if got := Score(tt.query, tt.name, tt.aliases); got != tt.want {
			t.Errorf("Score(%q, %q) = %v, want %v", tt.query, tt.name, got, tt.want)
		}
	}
}

func TestWithinEdits(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want bool
	}{
		{"bock", "bok", 1, true},
		{"chnag", "chang", 1, true},
		{"kim", "kin", 0, false},
		{"abcdefgh", "abcdefhgx", 2, true},
		{"abcd", "wxyz", 2, false},
	}
	for _, tt := range tests {
		if got := WithinEdits(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("WithinEdits(%q, %q, %d) = %v", tt.a, tt.b, tt.k, got)
		}
	}
}

func TestWithinEditsByteAndRunePathsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, 1+r.IntN(9))
		for i := range b {
			b[i] = "abcde"[r.IntN(5)]
		}
		return string(b)
	}
	for range 20000 {
		a, b, k := word(), word(), 1+r.IntN(2)
		if got, want := withinEdits([]byte(a), []byte(b), k), withinEdits([]rune(a), []rune(b), k); got != want {
			t.Fatalf("withinEdits(%q, %q, %d): bytes %v, runes %v", a, b, k, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { WithinEdits("kimyongbok", "kimyongbock", 2) }); n != 0 {
		t.Errorf("WithinEdits on short ASCII words allocates %v times", n)
	}
}

// TestNormalizeMatchesGraph checks AppendNormalized's ASCII path against
// the general one.
func TestNormalizeMatchesGraph(t *testing.T) {
	for _, s := range []string{"Kim Yong-bok", "  KN-23 ", "O'Brien", "a`b", "Hwasong-11Ga", "...", "x_y.z", "Tŏkch’ŏn", "ÀÉ", "A  B\tC", ""} {
		if got, want := Normalize(s), string(appendFolded(nil, s)); got != want {
			t.Errorf("normalize(%q) = %q, want %q", s, got, want)
		}
	}
}
