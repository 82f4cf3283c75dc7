package names_test

import (
	"sort"
	"testing"

	"linkchart/data"
	"linkchart/graph/names"
)

// TestSeedVariants ranks every seed entity for each spelling the issue
// names (and a few more) and wants the right one first, with a full match:
// what search will answer once it calls the matcher.
func TestSeedVariants(t *testing.T) {
	b, err := data.Seed()
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		id      string
		name    names.Name
		aliases []names.Name
	}
	var ents []entry
	for _, n := range b.Nodes {
		e := entry{id: n.ID, name: names.Prepare(n.Name)}
		for _, a := range n.Aliases {
			e.aliases = append(e.aliases, names.Prepare(a))
		}
		ents = append(ents, e)
	}
	for _, c := range []struct{ query, want string }{
		{"Kim Yong Bk", "kim-yong-bok"},
		{"Kim Yng Bok", "kim-yong-bok"},
		{"Kym Yong Bok", "kim-yong-bok"},
		{"Kim Young-bok", "kim-yong-bok"},
		{"kim yongbok", "kim-yong-bok"},
		{"김영복", "kim-yong-bok"},
		{"Rhee Chang Ho", "ri-chang-ho"},
		{"Li Chang Ho", "ri-chang-ho"},
		{"Lee Chang-ho", "ri-chang-ho"},
		{"Kim Jong Eun", "kim-jong-un"},
		{"KN 23", "kn-23"},
		{"Hwasong 11 Ga", "kn-23"},
		{"Шойгу", "sergei-shoigu"},
		{"Сергей Шойгу", "sergei-shoigu"},
		{"Shoygu", "sergei-shoigu"},
		{"Владивосток", "vladivostok"},
	} {
		q := names.Prepare(c.query)
		type hit struct {
			id string
			m  names.Match
		}
		var hits []hit
		for _, e := range ents {
			best := q.Score(e.name)
			for _, a := range e.aliases {
				if m := q.Score(a); m.Score*names.AliasWeight > best.Score {
					best, best.Score = m, m.Score*names.AliasWeight
				}
			}
			if best.Score > 0 {
				hits = append(hits, hit{e.id, best})
			}
		}
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].m.Score > hits[j].m.Score })
		if len(hits) == 0 || hits[0].id != c.want || !hits[0].m.Full {
			top := hits[:min(3, len(hits))]
			t.Errorf("%q: first %+v, want %s", c.query, top, c.want)
		}
	}
}
