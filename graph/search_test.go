package graph

import "testing"

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
		{"yong bok", "Kim Yong Bok", nil, ScoreWordExact},
		{"young bok", "Kim Yong Bok", nil, ScoreWords},
		{"yong bo", "Kim Yong Bok", nil, ScoreWordPrefix},
		{"Rhee Chang-ho", "Ri Chang Ho", nil, ScoreSpelling},
		{"Ri Chang Ho", "Ri Chang Ho", []string{"Rhee Chang Ho"}, ScoreExact},
		{"Kim Yong Xyzzy", "Kim Yong Bok", nil, ScorePartial * 2 / 3},
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

// TestNormalizeMatchesGraph checks AppendNormalized's ASCII path against
// the general one.
func TestNormalizeMatchesGraph(t *testing.T) {
	for _, s := range []string{"Kim Yong-bok", "  KN-23 ", "O'Brien", "a`b", "Hwasong-11Ga", "...", "x_y.z", "Tŏkch’ŏn", "ÀÉ", "A  B\tC", ""} {
		if got, want := Normalize(s), string(appendFolded(nil, s)); got != want {
			t.Errorf("normalize(%q) = %q, want %q", s, got, want)
		}
	}
}
