// Package gen makes synthetic link charts for benchmarks and demos: a
// deterministic power-law graph with every node kind, plausible names
// (so that search meets realistic words and duplicates), the relation
// vocabulary of DESIGN.md, dates, grades, sources and a few markings.
package gen

import (
	"math"
	"math/rand/v2"
	"strconv"

	"linkchart/graph"
)

// Share of nodes per kind, in graph.Kinds order (Person, Unit,
// Organization, State, WeaponSystem, Place, Event).
var kindShare = []float64{0.40, 0.20, 0.10, 0.02, 0.08, 0.12, 0.08}

// rule is a relation type with the kinds it joins and its relative weight.
type rule struct {
	typ      string
	from, to []graph.Kind
	weight   float64
}

const (
	pe, un, or, st = graph.Person, graph.Unit, graph.Organization, graph.State
	ws, pl, ev     = graph.WeaponSystem, graph.Place, graph.Event
)

var rules = []rule{
	{graph.Commands, []graph.Kind{pe}, []graph.Kind{un}, 6},
	{graph.Directs, []graph.Kind{pe}, []graph.Kind{or}, 2},
	{graph.Leads, []graph.Kind{pe}, []graph.Kind{st, or}, 1},
	{graph.HoldsPost, []graph.Kind{pe}, []graph.Kind{un, or}, 4},
	{graph.Oversaw, []graph.Kind{pe}, []graph.Kind{ev, ws, un}, 2},
	{graph.MemberOf, []graph.Kind{pe}, []graph.Kind{un, or}, 10},
	{graph.AffiliatedWith, []graph.Kind{pe}, []graph.Kind{or}, 3},
	{graph.PartOf, []graph.Kind{un, or}, []graph.Kind{un, or, st}, 8},
	{graph.DeployedTo, []graph.Kind{un, pe}, []graph.Kind{pl, st}, 6},
	{graph.BasedIn, []graph.Kind{un, or}, []graph.Kind{pl}, 4},
	{graph.LocatedIn, []graph.Kind{pl, ev}, []graph.Kind{pl, st}, 4},
	{graph.TrainedIn, []graph.Kind{un, pe}, []graph.Kind{pl}, 2},
	{graph.TrainedOn, []graph.Kind{un, pe}, []graph.Kind{ws}, 2},
	{graph.ProducedBy, []graph.Kind{ws}, []graph.Kind{st, or}, 2},
	{graph.Supplied, []graph.Kind{st}, []graph.Kind{st}, 1},
	{graph.SuppliedTo, []graph.Kind{ws}, []graph.Kind{st}, 1},
	{graph.Operates, []graph.Kind{un, st, or}, []graph.Kind{ws}, 4},
	{graph.Tested, []graph.Kind{un, st, or}, []graph.Kind{ws}, 1},
	{graph.Transported, []graph.Kind{un}, []graph.Kind{un}, 1},
	{graph.Visited, []graph.Kind{pe}, []graph.Kind{pl, st, ev}, 4},
	{graph.ParticipatedIn, graph.Kinds, []graph.Kind{ev}, 8},
	{graph.Vetoed, []graph.Kind{st}, []graph.Kind{ev}, 0.3},
	{graph.AtWarWith, []graph.Kind{st}, []graph.Kind{st}, 0.3},
}

var (
	syllables = []string{"ko", "kim", "yong", "bok", "chang", "ho", "ri", "pak", "sung", "chol",
		"min", "jun", "hyon", "su", "il", "nam", "dong", "gwang", "myong", "hak",
		"vo", "lod", "ser", "gei", "ana", "tol", "mir", "ova", "lev", "dmi",
		"tri", "kov", "pet", "ros", "ale", "xan", "nik", "ola", "vik", "tor"}
	families = []string{"Kim", "Ri", "Pak", "Choe", "Jong", "Kang", "Han", "O", "Sin", "Yun",
		"Ivanov", "Petrov", "Sidorov", "Volkov", "Smirnov", "Kuznetsov", "Popov", "Sokolov",
		"Morozov", "Novikov", "Fedorov", "Orlov", "Belov", "Gerasimov", "Shoigu", "Lavrov"}
	ranks      = []string{"Colonel General", "Lieutenant General", "Major General", "Colonel", "Lieutenant Colonel", "Major", "Captain"}
	unitTypes  = []string{"Brigade", "Regiment", "Division", "Battalion", "Corps", "Company", "Artillery Brigade", "Motor Rifle Brigade", "Guards Tank Division"}
	orgTypes   = []string{"Bureau", "Department", "Institute", "Committee", "Agency", "Directorate", "Academy", "Commission"}
	placeTails = []string{"", "", " Oblast", "-ri", "-dong", " Airbase", " Port", " District"}
	eventTypes = []string{"Battle of", "Offensive at", "Summit in", "Exercise near", "Strike on", "Visit to", "Launch at"}
	statePre   = []string{"Republic of", "Kingdom of", "Federation of", "", "", ""}
	wsPre      = []string{"KN", "KS", "Hwasong", "Iskander", "Koksan", "Bulsae", "Pukguksong", "Tor", "Buk", "Pantsir"}
	publishers = []string{"Wire Service", "Defence Review", "Ministry Press Office", "Open Source Collective", "Satellite Monitor", "Regional Daily"}
)

// zipf draws an index in [0, n) with a heavy head: index i is drawn with
// probability about proportional to i^-0.55, so the first nodes of a kind
// are hubs and most nodes have few edges.
func zipf(r *rand.Rand, n int) int {
	i := int(float64(n) * math.Pow(r.Float64(), 2.2))
	return min(i, n-1)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func capital(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func word(r *rand.Rand, n int) string {
	w := ""
	for range n {
		w += pick(r, syllables)
	}
	return capital(w)
}

func ordinal(n int) string {
	suf := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return strconv.Itoa(n) + suf
}

func marking(r *rand.Rand) graph.Marking {
	switch x := r.IntN(100); {
	case x == 0:
		return graph.Red
	case x < 3:
		return graph.Green
	case x < 6:
		return graph.Amber
	}
	return graph.Clear
}

func date(r *rand.Rand) graph.Date {
	y := 2014 + r.IntN(12)
	s := strconv.Itoa(y)
	switch r.IntN(3) {
	case 1:
		s += "-" + pad2(1+r.IntN(12))
	case 2:
		s += "-" + pad2(1+r.IntN(12)) + "-" + pad2(1+r.IntN(28))
	}
	return graph.Date(s)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Generate makes a graph of about the given numbers of nodes and edges
// (exactly, when nodes ≥ 7 and there is room for the edges), the same for
// the same seed. Node ids are n0.., edge ids e0.., source ids s0...
func Generate(nodes, edges int, seed int64) graph.Batch {
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	var b graph.Batch

	nsrc := min(max(edges/2000, 20), 400)
	b.Sources = make([]graph.Source, nsrc)
	for i := range b.Sources {
		b.Sources[i] = graph.Source{
			ID:          "s" + strconv.Itoa(i),
			Title:       word(r, 2) + " report " + strconv.Itoa(i),
			Publisher:   pick(r, publishers),
			Date:        date(r),
			URL:         "https://example.org/reports/" + strconv.Itoa(i),
			Reliability: graph.Reliability(rune('A' + r.IntN(6))),
		}
	}

	// Kinds: each kind gets its share, at least one node.
	byKind := make([][]int, len(graph.Kinds))
	b.Nodes = make([]graph.Node, nodes)
	for i := range b.Nodes {
		x, k := r.Float64(), 0
		for k < len(kindShare)-1 && x >= kindShare[k] {
			x -= kindShare[k]
			k++
		}
		if i < len(graph.Kinds) {
			k = i
		}
		byKind[k] = append(byKind[k], i)
		b.Nodes[i] = makeNode(r, i, graph.Kinds[k], len(byKind[k]))
	}

	// Hubs are drawn from the head of each kind's list; shuffle the lists
	// so that a node's degree has nothing to do with its id.
	for _, ns := range byKind {
		r.Shuffle(len(ns), func(i, j int) { ns[i], ns[j] = ns[j], ns[i] })
	}

	weights := 0.0
	for _, ru := range rules {
		weights += ru.weight
	}
	b.Edges = make([]graph.Edge, 0, edges)
	if nodes < 2 {
		return b
	}
	for i := 0; len(b.Edges) < edges && i < edges*4; i++ {
		x, ru := r.Float64()*weights, rules[0]
		for _, c := range rules {
			if x < c.weight {
				ru = c
				break
			}
			x -= c.weight
		}
		fk, tk := kindIndex(pick(r, ru.from)), kindIndex(pick(r, ru.to))
		if len(byKind[fk]) == 0 || len(byKind[tk]) == 0 {
			continue
		}
		from, to := byKind[fk][zipf(r, len(byKind[fk]))], byKind[tk][zipf(r, len(byKind[tk]))]
		if from == to {
			continue
		}
		e := graph.Edge{
			ID:          "e" + strconv.Itoa(len(b.Edges)),
			Type:        ru.typ,
			From:        b.Nodes[from].ID,
			To:          b.Nodes[to].ID,
			Credibility: 1 + r.IntN(6),
			Marking:     marking(r),
		}
		s1 := zipf(r, nsrc)
		e.Sources = []string{b.Sources[s1].ID}
		if r.IntN(4) == 0 {
			if s2 := r.IntN(nsrc); s2 != s1 {
				e.Sources = append(e.Sources, b.Sources[s2].ID)
			}
		}
		if r.IntN(5) < 2 {
			e.Since = date(r)
			if r.IntN(4) == 0 {
				if u := date(r); u.Compare(e.Since) >= 0 {
					e.Until = u
				}
			}
		}
		if r.IntN(10) == 0 {
			e.Note = "Reported by " + pick(r, publishers) + "."
		}
		b.Edges = append(b.Edges, e)
	}
	return b
}

func kindIndex(k graph.Kind) int {
	for i, v := range graph.Kinds {
		if v == k {
			return i
		}
	}
	return 0
}

// makeNode names node i, the nth of its kind.
func makeNode(r *rand.Rand, i int, k graph.Kind, nth int) graph.Node {
	n := graph.Node{ID: "n" + strconv.Itoa(i), Kind: k, Marking: marking(r)}
	switch k {
	case graph.Person:
		given := capital(pick(r, syllables)) + " " + capital(pick(r, syllables))
		n.Name = pick(r, families) + " " + given
		if r.IntN(5) == 0 {
			n.Aliases = []string{pick(r, families) + " " + word(r, 2)}
		}
		if r.IntN(3) == 0 {
			n.Props = map[string]string{"rank": pick(r, ranks)}
		}
		n.Summary = "A person in the synthetic graph."
	case graph.Unit:
		n.Name = ordinal(1+zipf(r, 400)) + " " + pick(r, unitTypes)
		if r.IntN(3) == 0 {
			n.Aliases = []string{"Military Unit " + strconv.Itoa(10000+r.IntN(90000))}
		}
		n.Summary = "A military unit."
	case graph.Organization:
		n.Name = word(r, 2) + " " + pick(r, orgTypes)
		n.Summary = "An organization."
	case graph.State:
		n.Name = pick(r, statePre) + " " + word(r, 2)
		if n.Name[0] == ' ' {
			n.Name = n.Name[1:]
		}
		n.Summary = "A state."
	case graph.WeaponSystem:
		n.Name = pick(r, wsPre) + "-" + strconv.Itoa(1+r.IntN(40))
		n.Props = map[string]string{"designation": strconv.Itoa(nth)}
		n.Summary = "A weapon system."
	case graph.Place:
		n.Name = word(r, 1+r.IntN(2)) + pick(r, placeTails)
		n.Summary = "A place."
	case graph.Event:
		n.Name = pick(r, eventTypes) + " " + word(r, 2) + " " + strconv.Itoa(2014+r.IntN(12))
		n.Summary = "An event."
	}
	return n
}
