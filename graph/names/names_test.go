package names

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Kim Yong-bok", "kim yong bok"},
		{"Tŏkch'ŏn", "tokchon"},
		{"Chŏng Kyŏng-t'aek", "chong kyong taek"},
		{"김영복", "gim yeongbok"},
		{"평양", "pyeongyang"},
		{"Шойгу", "shoygu"},
		{"Сергей Шойгу", "sergey shoygu"},
		{"Владивосток", "vladivostok"},
		{"KN-23", "kn 23"},
		{"Hwasong-11Ga", "hwasong 11ga"},
		{"Ｋｉｍ", "kim"}, // full width, NFKD
		{"São  Tomé", "sao tome"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRomanize(t *testing.T) {
	for _, c := range []struct {
		in   string
		sys  System
		want string
	}{
		{"김정은", RevisedRomanization, "gimjeongeun"},
		{"김정은", McCuneReischauer, "kimjŏngŭn"},
		{"정", McCuneReischauer, "chŏng"},
		{"리", RevisedRomanization, "ri"},
		{"평양", McCuneReischauer, "p'yŏngyang"},
		{"복", McCuneReischauer, "pok"},
		{"영복", McCuneReischauer, "yŏngbok"},
	} {
		if got := Romanize(c.in, c.sys); got != c.want {
			t.Errorf("Romanize(%q, %d) = %q, want %q", c.in, c.sys, got, c.want)
		}
	}
}

// TestKeyFamilies: every spelling of a family has one key, and different
// names keep different keys.
func TestKeyFamilies(t *testing.T) {
	for _, fam := range [][]string{
		{"ri", "rhee", "lee", "yi", "li"},
		{"kim", "gim"},
		{"jong", "jeong", "chong", Fold("Chŏng")},
		{"bok", "pok"},
		{"un", "eun", Fold("Ŭn")},
		{"yong", "young", "yeong", Fold("yŏng")},
		{"shoigu", "shoygu", Fold("Шойгу")},
		{"sergei", "sergey"},
	} {
		for _, w := range fam[1:] {
			if Key(w) != Key(fam[0]) {
				t.Errorf("Key(%q) = %q, Key(%q) = %q: want equal", w, Key(w), fam[0], Key(fam[0]))
			}
		}
	}
	for _, p := range [][2]string{{"kim", "pak"}, {"23", "32"}, {"jong", "yong"}, {"un", "an"}} {
		if Key(p[0]) == Key(p[1]) {
			t.Errorf("Key(%q) == Key(%q) = %q: want different", p[0], p[1], Key(p[0]))
		}
	}
}

func TestScore(t *testing.T) {
	for _, c := range []struct {
		query, name string
		full        bool
		min         float64
		reason      string
	}{
		{"Kim Yong Bok", "Kim Yong Bok", true, Exact, "same name"},
		{"kim yongbok", "Kim Yong-bok", true, Exact, "same name"},
		{"KN 23", "KN-23", true, Exact, ""},
		{"kn23", "KN-23", true, Exact, ""},
		{"Hwasong 11 Ga", "Hwasong-11Ga", true, Exact, ""},
		{"Kim Young-bok", "Kim Yong Bok", true, Spelling, "spelling"},
		{"Bok Yong Kim", "Kim Yong Bok", true, Spelling, "order"},
		{"Rhee Chang Ho", "Ri Chang Ho", true, Spelling, ""},
		{"Li Chang Ho", "Ri Chang Ho", true, Spelling, ""},
		{"Chŏng Kyŏng-t'aek", "Jong Kyong Thaek", true, Spelling, ""},
		{"Kim Jong Eun", "Kim Jong Un", true, Spelling, ""},
		{"김영복", "Kim Yong Bok", true, Spelling, ""},
		{"Шойгу", "Sergei Shoigu", true, FullFloor, "shoygu ~ shoigu"},
		{"Kim Yong Bk", "Kim Yong Bok", true, FullFloor, "bk typo of bok"},
		{"Kim Yng Bok", "Kim Yong Bok", true, FullFloor, "typo"},
		{"Kym Yong Bok", "Kim Yong Bok", true, FullFloor, "kym typo of kim"},
		{"Kim Yo", "Kim Yong Bok", true, Prefix, "starts"},
		{"Kim Yong Xyzzy", "Kim Yong Bok", false, 0.3, "xyzzy unmatched"},
	} {
		m := Score(c.query, c.name)
		if m.Full != c.full || m.Score < c.min || !strings.Contains(m.Reason, c.reason) {
			t.Errorf("Score(%q, %q) = %+v; want full=%v, score >= %v, reason with %q", c.query, c.name, m, c.full, c.min, c.reason)
		}
		if !c.full && m.Score > PartialCeiling {
			t.Errorf("partial Score(%q, %q) = %v above %v", c.query, c.name, m.Score, PartialCeiling)
		}
	}
}

// TestScoreRejects: single short words carry no typo, other names no match.
func TestScoreRejects(t *testing.T) {
	for _, c := range [][2]string{{"Kim", "Lim"}, {"Pak", "Kim Yong Bok"}, {"", "Kim"}} {
		if m := Score(c[0], c[1]); m.Score != 0 {
			t.Errorf("Score(%q, %q) = %+v, want no match", c[0], c[1], m)
		}
	}
	if m := Score("KN-23", "KN-32"); m.Full {
		t.Errorf("Score(KN-23, KN-32) = %+v, want a partial match at most", m)
	}
}

// TestFullAbovePartial: a full match of the right name outranks a partial
// match of any other.
func TestFullAbovePartial(t *testing.T) {
	full := Score("Kym Yong Bk", "Kim Yong Bok")
	partial := Score("Kim Yong Bok", "Kim Yong Chol")
	if !full.Full || partial.Full || full.Score <= partial.Score {
		t.Errorf("full %+v, partial %+v: want full above partial", full, partial)
	}
}

func TestKeysShared(t *testing.T) {
	for _, p := range [][2]string{{"Kim Young-bok", "Kim Yong Bok"}, {"Kim Yongbok", "Kim Yong Bok"}, {"Bok Yong Kim", "Kim Yong Bok"}, {"김영복", "Kim Yong Bok"}} {
		a, b := Keys(p[0]), Keys(p[1])
		shared := false
		for _, k := range a {
			for _, l := range b {
				shared = shared || (k == l && k[0] == '=' || k == l && k[0] == '~')
			}
		}
		if !shared {
			t.Errorf("Keys(%q) = %v and Keys(%q) = %v share no whole-name key", p[0], a, p[1], b)
		}
	}
}

func TestBestAlias(t *testing.T) {
	m := Best("Kim Young-bok", "Kim Yong Bok", []string{"Kim Young-bok"})
	if m.Score != Exact*AliasWeight || !strings.Contains(m.Reason, "alias") {
		t.Errorf("Best = %+v, want the alias's exact match", m)
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
		if got, want := editsWithin([]byte(a), []byte(b), k), editsWithin([]rune(a), []rune(b), k); got != want {
			t.Fatalf("editsWithin(%q, %q, %d): bytes %v, runes %v", a, b, k, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { WithinEdits("kimyongbok", "kimyongbock", 2) }); n != 0 {
		t.Errorf("WithinEdits on short ASCII words allocates %v times", n)
	}
}

// TestOneEditAgreesWithTable: the one-edit shortcut answers as the edit
// table does.
func TestOneEditAgreesWithTable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		b := make([]byte, r.IntN(7))
		for i := range b {
			b[i] = "abc"[r.IntN(3)]
		}
		return string(b)
	}
	for range 50000 {
		a, b := word(), word()
		if got, want := oneEdit(a, b), editsWithin([]byte(a), []byte(b), 1); got != want {
			t.Fatalf("oneEdit(%q, %q) = %v, the table says %v", a, b, got, want)
		}
	}
}

// TestPreparerScoresAsPrepare: a Preparer reused from name to name (its
// pairs' keys left out) rates every name as Prepare does, allocating
// nothing once its buffers have grown.
func TestPreparerScoresAsPrepare(t *testing.T) {
	queries := []string{"Kim Yong Bok", "kim yongbok", "Ri Pak Hak", "O Nam Naa", "Kym Yong Bk", "KN 23", "Rhee Chang Ho", "oh", "i ri", "Yong Bok"}
	names := []string{"Kim Yong Bok", "Kim Yongbok", "Kim Yong-bok", "Ri Ale Hak", "Pak Ri", "O Nam Nam", "Lee Chang Ho",
		"KN-23", "Kim Young Bok", "Oh Hak", "I Ri Pak", "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh", "김영복", "Шойгу", ""}
	var p Preparer
	for _, qs := range queries {
		q := Prepare(qs)
		for _, ns := range names {
			want := q.Score(Prepare(ns))
			if got := q.Rate(p.Prepare(ns)); got.Score != want.Score || got.Full != want.Full {
				t.Errorf("%q against %q: Preparer %+v, Prepare %+v", qs, ns, got, want)
			}
		}
	}
	q := Prepare("ri pak hak")
	if n := testing.AllocsPerRun(100, func() { q.Rate(p.Prepare("ri ale hak")) }); n != 0 {
		t.Errorf("Rate of a prepared name allocates %v times", n)
	}
}

// TestFamiliesFitLookup: every family spelling fits familyOf's packing,
// and each is found.
func TestFamiliesFitLookup(t *testing.T) {
	for _, f := range families {
		for _, w := range f {
			if k, ok := familyOf(w); len(w) > maxFamilyLen || !ok || k != f[0] {
				t.Errorf("familyOf(%q) = %q, %v; want %q (at most %d letters)", w, k, ok, f[0], maxFamilyLen)
			}
		}
	}
	if _, ok := familyOf("kim"); ok {
		t.Error("kim is a family spelling")
	}
}

// TestScorerRatesAsRate: a Scorer, its memo of words full and emptied
// many times over, rates every name as the query's Rate does.
func TestScorerRatesAsRate(t *testing.T) {
	defer func(n int) { maxMemo = n }(maxMemo)
	maxMemo = maxWords + 3
	names := []string{"Kim Yong Bok", "kim yongbok", "Kim Yong-bok", "Ri Ale Hak", "Pak Ri", "O Nam Nam", "Lee Chang Ho", "KN 23",
		"Kim Young Bok", "Oh Hak", "I Ri Pak", "Ri Pak Hak", "yong bok kim", "ri pakhak", "ripak hak", "o h", "oh", "r i",
		"a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj", "kn23", ""}
	for _, qs := range []string{"Kim Yong Bok", "kim yongbok", "Ri Pak Hak", "O Nam Naa", "Kym Yong Bk", "KN 23", "Rhee Chang Ho", "oh", "i ri", "ri pak", "a b c d e f g h i"} {
		q := Prepare(qs)
		s := NewScorer(q)
		for range 3 {
			for _, ns := range names {
				want := q.Rate(Prepare(ns))
				if got := s.Rate(Fold(ns)); got.Score != want.Score || got.Full != want.Full {
					t.Errorf("%q against %q: Scorer %+v, Rate %+v", qs, ns, got, want)
				}
			}
		}
	}
}

// TestAppendKeysAsKeys: one Preparer reused for many names gives each
// name's keys: its WholeKeys and its units' keys.
func TestAppendKeysAsKeys(t *testing.T) {
	var p Preparer
	var got []string
	for _, n := range []string{"Kim Yong Bok", "kim yongbok", "Ri Pak Hak", "O H", "KN-23", "김영복", "", "Sergei Shoigu", "i ri"} {
		got = p.AppendKeys(got[:0], n)
		s := slices.Compact(slices.Sorted(slices.Values(got)))
		name := Prepare(n)
		want := name.WholeKeys()
		for _, u := range name.Units() {
			want = append(want, UnitKey+u.Key)
		}
		want = slices.Compact(slices.Sorted(slices.Values(want)))
		if !slices.Equal(s, want) {
			t.Errorf("AppendKeys(%q) = %q, want %q", n, s, want)
		}
	}
}
