package storetest

import (
	"fmt"

	"linkchart/graph"
)

// coreGraph is the graph of the Entity, Neighborhood, Subgraph, Schema and
// write cases. Arrows point from an edge's From to its To; [src] are the
// cited sources.
//
//	         aa MET (self loop) [src-3]
//	          ╭─╮
//	  fa ───> (a)Person ── ab COMMANDS A2 since 2024-01 [src-1] ──> (b)Unit ══ bx1 OPERATES [src-1] ══> (x)WeaponSystem
//	 (f)Person │ ^  ╲                                                 │   ══ bx2 OPERATES [src-2] ══>
//	 [src-1]   │ │   ╲ ad VISITED, TLP:AMBER [src-3]                  │ bc PART_OF A3 [src-2, src-1]
//	           │ │    ╲                                               v
//	           │ ╰──── ca TRANSPORTED [src-2] ───────────────── (c)Organization
//	           │        ╲                                             │ cd PART_OF [src-2]
//	           │         ╰──────────────────────────────────────> (d)Unit ── de BASED_IN [src-3] ──> (e)Place
//	           │
//	           ╰── ar MET [src-red] ──> (r)Person TLP:RED ── rs VISITED [src-red] ──> (s)Place
//
//	(u)Organization stands alone. src-unused is cited by nothing.
//
// So: the seed a has a self loop, an edge in (fa) and out (ab), a cycle
// a→b→c→a, parallel edges b⇉x, an AMBER shortcut a→d, and a CLEAR edge to a
// RED node r behind which s hides.
func coreGraph() graph.Batch {
	a := node("a", graph.Person, "Alpha")
	a.Aliases = []string{"Al"}
	a.Summary = "The seed of most neighborhood cases.\nSecond line: Tŏkch’ŏn — “quoted”."
	a.Props = map[string]string{"role": "commander", "rank": "général", "unit": "11th Corps (Storm)"}
	ca := edge("ca", "c", "TRANSPORTED", "a", "src-2")
	ca.Props = map[string]string{"from": "Pyongyang", "to": "Kursk"}
	ca.Note = "Moved the staff by train."
	fa := edge("fa", "f", "AFFILIATED_WITH", "a", "src-1")
	de := edge("de", "d", "BASED_IN", "e", "src-3")
	de.Grade = "A1"
	src1 := source("src-1", "A")
	src1.Publisher, src1.Author, src1.Date, src1.URL, src1.Note = "Agency", "Writer", "2024-10-18", "https://example.org/1", "first"
	return graph.Batch{
		Sources: []graph.Source{
			src1,
			source("src-2", "C"),
			source("src-3", ""),
			source("src-red", "B"),
			source("src-unused", "D"),
		},
		Nodes: []graph.Node{
			a,
			node("b", graph.Unit, "Bravo"),
			node("c", graph.Organization, "Charlie"),
			node("d", graph.Unit, "Delta"),
			node("e", graph.Place, "Echo"),
			node("f", graph.Person, "Foxtrot"),
			node("x", graph.WeaponSystem, "X-ray"),
			markedNode(graph.Red, node("r", graph.Person, "Romeo")),
			node("s", graph.Place, "Sierra"),
			node("u", graph.Organization, "Uniform"),
		},
		Edges: []graph.Edge{
			edge("aa", "a", "MET", "a", "src-3"),
			datedEdge("2024-01", "", credEdge(2, edge("ab", "a", "COMMANDS", "b", "src-1"))),
			credEdge(3, edge("bc", "b", "PART_OF", "c", "src-2", "src-1")),
			ca,
			edge("cd", "c", "PART_OF", "d", "src-2"),
			de, // its Grade is ignored on writes
			fa,
			edge("bx1", "b", "OPERATES", "x", "src-1"),
			edge("bx2", "b", "OPERATES", "x", "src-2"),
			edge("ar", "a", "MET", "r", "src-red"),
			edge("rs", "r", "VISITED", "s", "src-red"),
			markedEdge(graph.Amber, edge("ad", "a", "VISITED", "d", "src-3")),
		},
	}
}

// calendarGraph is a star for the as_of cases: hub has one edge to each
// spoke, each edge with its own dates (partial dates compared at the coarser
// precision, see graph.Date).
//
//	          h-s1 since 2024-10
//	          h-s2 since 2024-10-19
//	          h-s3 until 2024
//	(hub) ──  h-s4 until 2024-10-17        ──> (s1) … (s9)
//	          h-s5 2023 … 2023-12
//	          h-s6 no dates
//	          h-s7 since 2024-11
//	          h-s8 2024-10-18 … 2024-10-18
//	          h-s9 2022 … 2022
func calendarGraph() graph.Batch {
	b := graph.Batch{
		Sources: []graph.Source{source("src-cal", "B")},
		Nodes:   []graph.Node{node("hub", graph.Event, "Hub")},
	}
	dates := [][2]graph.Date{
		{"2024-10", ""}, {"2024-10-19", ""}, {"", "2024"}, {"", "2024-10-17"}, {"2023", "2023-12"},
		{"", ""}, {"2024-11", ""}, {"2024-10-18", "2024-10-18"}, {"2022", "2022"},
	}
	for i, d := range dates {
		id := fmt.Sprintf("s%d", i+1)
		b.Nodes = append(b.Nodes, node(id, graph.Place, "Spoke "+id))
		b.Edges = append(b.Edges, datedEdge(d[0], d[1], edge("h-"+id, "hub", "VISITED", id, "src-cal")))
	}
	return b
}

// gradeGraph is a star for the min_grade cases: hub gh has one edge to each
// spoke, graded from its credibility and the best reliability among the
// sources it cites.
//
//	         g1 cred 1 [rel-c C, rel-a A]  → A1
//	         g2 cred 2 [rel-b B]           → B2
//	(gh) ──  g3 cred 3 [rel-c C]           → C3     ──> (g1) … (g6)
//	         g4 cred 6 (default) [rel-a A] → A6
//	         g5 cred 2 [rel-f F (default)] → F2
//	         g6 cred 1 [rel-c C, rel-b B]  → B1
func gradeGraph() graph.Batch {
	b := graph.Batch{
		Sources: []graph.Source{source("rel-a", "A"), source("rel-b", "B"), source("rel-c", "C"), source("rel-f", "")},
		Nodes:   []graph.Node{node("gh", graph.State, "Grade hub")},
	}
	spokes := []struct {
		cred    int
		sources []string
	}{
		{1, []string{"rel-c", "rel-a"}},
		{2, []string{"rel-b"}},
		{3, []string{"rel-c"}},
		{0, []string{"rel-a"}},
		{2, []string{"rel-f"}},
		{1, []string{"rel-c", "rel-b"}},
	}
	for i, s := range spokes {
		id := fmt.Sprintf("g%d", i+1)
		b.Nodes = append(b.Nodes, node(id, graph.State, "Spoke "+id))
		b.Edges = append(b.Edges, credEdge(s.cred, edge("gh-"+id, "gh", "SUPPLIED", id, s.sources...)))
	}
	return b
}

// limitGraph is for limit and truncation: five nodes within two hops of t,
// where a0 (two hops) sorts before every one-hop id.
//
//	(n2) ── n2-t ──> (t) ── t-n1 ──> (n1)      n1-n2: n1 ──> n2
//	                  │
//	                  ╰── t-n3 ──> (n3) ── n3-a0 ──> (a0)
func limitGraph() graph.Batch {
	return graph.Batch{
		Sources: []graph.Source{source("src-lim", "C")},
		Nodes: []graph.Node{
			node("t", graph.Unit, "Tango"),
			node("n3", graph.Unit, "N3"),
			node("n1", graph.Unit, "N1"),
			node("n2", graph.Unit, "N2"),
			node("a0", graph.Unit, "A0"),
		},
		Edges: []graph.Edge{
			edge("t-n1", "t", "LINK", "n1", "src-lim"),
			edge("n2-t", "n2", "LINK", "t", "src-lim"),
			edge("t-n3", "t", "LINK", "n3", "src-lim"),
			edge("n1-n2", "n1", "LINK", "n2", "src-lim"),
			edge("n3-a0", "n3", "LINK", "a0", "src-lim"),
		},
	}
}

// pathGraph is for the path cases. LINK and ALLY are the edge types.
//
//	           ╭── s-m1 LINK ──> (m1) <── t-m1 LINK ──╮
//	           │                                       │
//	 s-s ╭─╮   ├── s-m2 LINK ──> (m2) ══ m2-t-a LINK ══> (t)
//	     (s) ──┤                      ══ m2-t-b LINK ══>  ^
//	           │                                          │
//	           ├── s-n ALLY ──> (n) <── o-n ALLY ── (o) ── o-t ALLY
//	           │
//	           ├── s-h LINK ──> (h) TLP:RED ── h-t LINK ──> (t)
//	           │                 ╰── h-q LINK ──> (q)
//	           ╰── s-t-red LINK, TLP:RED edge ──> (t)
//
//	(iso) stands alone.
//
// From s to t there are three paths of two hops at CLEAR (via m1, and via m2
// over either parallel edge), one of three hops (ALLY), and one more of two
// hops through the RED node h, which sorts first; at RED the one-hop RED
// edge s-t-red is shortest of all. q is reachable only through h.
func pathGraph() graph.Batch {
	var nodes []graph.Node
	for _, id := range []string{"s", "m1", "m2", "n", "o", "t", "q", "iso"} {
		nodes = append(nodes, node(id, graph.Unit, "Unit "+id))
	}
	nodes = append(nodes, markedNode(graph.Red, node("h", graph.Unit, "Unit h")))
	return graph.Batch{
		Sources: []graph.Source{source("src-p1", "B"), source("src-p2", "D")},
		Nodes:   nodes,
		Edges: []graph.Edge{
			edge("s-s", "s", "LINK", "s", "src-p1"),
			edge("s-m1", "s", "LINK", "m1", "src-p1"),
			edge("t-m1", "t", "LINK", "m1", "src-p2"),
			edge("s-m2", "s", "LINK", "m2", "src-p1"),
			edge("m2-t-a", "m2", "LINK", "t", "src-p1"),
			edge("m2-t-b", "m2", "LINK", "t", "src-p2"),
			edge("s-n", "s", "ALLY", "n", "src-p2"),
			edge("o-n", "o", "ALLY", "n", "src-p2"),
			edge("o-t", "o", "ALLY", "t", "src-p2"),
			edge("s-h", "s", "LINK", "h", "src-p1"),
			edge("h-t", "h", "LINK", "t", "src-p1"),
			edge("h-q", "h", "LINK", "q", "src-p1"),
			markedEdge(graph.Red, edge("s-t-red", "s", "LINK", "t", "src-p2")),
		},
	}
}

// tieGraph separates the two readings of "hop by hop by the next node's id,
// then the edge's id". Four paths of three hops lead from s2 to z; they
// share the node u and differ in the first edge (w0 or w1) and the second
// node (v0 or v1).
//
//	       ══ hop-w1: s2 ──> u ══
//	(s2) ══                       ══ (u) ── u-v1: u ──> v1 ── (v1) ── v1-z: v1 ──> z ── (z)
//	       ══ hop-w0: u ──> s2 ══        ── u-v0: v0 ──> u ── (v0) ── v0-z: z ──> v0 ──
//
// The suite's reading: paths are compared hop by hop, each hop by its next
// node's id and then its edge's id, and the first hop that differs decides.
// So both paths over hop-w0 come before both over hop-w1.
func tieGraph() graph.Batch {
	var nodes []graph.Node
	for _, id := range []string{"s2", "u", "v0", "v1", "z"} {
		nodes = append(nodes, node(id, graph.Place, "Place "+id))
	}
	return graph.Batch{
		Sources: []graph.Source{source("src-tie", "A")},
		Nodes:   nodes,
		Edges: []graph.Edge{
			edge("hop-w1", "s2", "ROAD", "u", "src-tie"),
			edge("hop-w0", "u", "ROAD", "s2", "src-tie"),
			edge("u-v1", "u", "ROAD", "v1", "src-tie"),
			edge("u-v0", "v0", "ROAD", "u", "src-tie"),
			edge("v1-z", "v1", "ROAD", "z", "src-tie"),
			edge("v0-z", "z", "ROAD", "v0", "src-tie"),
		},
	}
}

// oversightGraph is for the oversight cases. Every PART_OF edge points from
// the child to its parent; oversight walks it downwards.
//
//	                        (army)
//	                          ^ corps-part-of-army
//	(kim) ─ kim-commands-corps COMMANDS 2023-06…2024-12 ─>
//	(kim) ─ kim-oversaw-corps OVERSAW since 2024-10 ────────> (corps) <─ han-commands-corps COMMANDS 2020…2023 ─ (han)
//	                ╭─────────────┬──────────────────┬───────────┴──────────────╮
//	  div1-part-of-corps   div2-part-of-corps   div3-part-of-corps     secret-part-of-corps
//	                │        since 2025          TLP:AMBER edge               │
//	             (div1) <─ ri-commands-div1 ─ (ri)  (div2)   (div3)    (secret-unit) TLP:RED
//	                                                                        ^ cell-part-of-secret
//	                                                                     (cell)
//	                ^   <─ spy-commands-div1 ─ (spy) TLP:RED
//	       bde1-part-of-div1
//	             (bde1) <─ kim-oversaw-bde1 OVERSAW since 2024-03 ─ (kim)
//	                ^ bn1-part-of-bde1
//	             (bn1) ── bn1-participated PARTICIPATED_IN ──> (test-launch)Event <── choe-oversaw-launch OVERSAW ── (choe)
//
//	(park) ─ park-directs-agency DIRECTS ─> (agency) <─ dept-part-of-agency ─ (dept)
//	(kim) ── kim-holds-post-agency HOLDS_POST ──> (agency)      (not oversight)
//	(lee) ── lee-leads-party LEADS ──> (party) <── kim-member-of-party MEMBER_OF ── (kim)
//	(boss) ─ boss-commands-cyc-a COMMANDS ─> (cyc-a) ⇄ (cyc-b)   (cyc-a-part-of-cyc-b, cyc-b-part-of-cyc-a)
//	(idle) has no edge.
func oversightGraph() graph.Batch {
	var nodes []graph.Node
	for _, id := range []string{"kim", "han", "ri", "park", "lee", "choe", "boss", "idle"} {
		nodes = append(nodes, node(id, graph.Person, "Person "+id))
	}
	for _, id := range []string{"army", "corps", "div1", "div2", "div3", "bde1", "bn1", "cyc-a", "cyc-b"} {
		nodes = append(nodes, node(id, graph.Unit, "Unit "+id))
	}
	nodes = append(nodes,
		markedNode(graph.Red, node("spy", graph.Person, "Person spy")),
		markedNode(graph.Red, node("secret-unit", graph.Unit, "Unit secret")),
		node("agency", graph.Organization, "Agency"),
		node("dept", graph.Organization, "Department"),
		node("party", graph.Organization, "Party"),
		node("test-launch", graph.Event, "Test launch"),
		node("cell", graph.Unit, "Cell"),
	)
	po := func(child, parent string) graph.Edge {
		return edge(child+"-part-of-"+parent, child, graph.PartOf, parent, "src-o2")
	}
	return graph.Batch{
		Sources: []graph.Source{source("src-o1", "A"), source("src-o2", "B"), source("src-o3", "E")},
		Nodes:   nodes,
		Edges: []graph.Edge{
			datedEdge("2023-06", "2024-12", edge("kim-commands-corps", "kim", graph.Commands, "corps", "src-o1")),
			datedEdge("2024-10", "", edge("kim-oversaw-corps", "kim", graph.Oversaw, "corps", "src-o3")),
			datedEdge("2020", "2023", edge("han-commands-corps", "han", graph.Commands, "corps", "src-o1")),
			edge("ri-commands-div1", "ri", graph.Commands, "div1", "src-o1"),
			datedEdge("2024-03", "", edge("kim-oversaw-bde1", "kim", graph.Oversaw, "bde1", "src-o2")),
			edge("spy-commands-div1", "spy", graph.Commands, "div1", "src-o3"),
			po("corps", "army"),
			po("div1", "corps"),
			datedEdge("2025", "", po("div2", "corps")),
			markedEdge(graph.Amber, po("div3", "corps")),
			edge("secret-part-of-corps", "secret-unit", graph.PartOf, "corps", "src-o3"),
			edge("cell-part-of-secret", "cell", graph.PartOf, "secret-unit", "src-o3"),
			po("bde1", "div1"),
			po("bn1", "bde1"),
			edge("bn1-participated", "bn1", graph.ParticipatedIn, "test-launch", "src-o3"),
			edge("choe-oversaw-launch", "choe", graph.Oversaw, "test-launch", "src-o1"),
			edge("park-directs-agency", "park", graph.Directs, "agency", "src-o1"),
			po("dept", "agency"),
			edge("kim-holds-post-agency", "kim", graph.HoldsPost, "agency", "src-o1"),
			edge("lee-leads-party", "lee", graph.Leads, "party", "src-o1"),
			edge("kim-member-of-party", "kim", graph.MemberOf, "party", "src-o1"),
			edge("boss-commands-cyc-a", "boss", graph.Commands, "cyc-a", "src-o1"),
			po("cyc-a", "cyc-b"),
			po("cyc-b", "cyc-a"),
		},
	}
}

// chainGraph is a PART_OF chain one hop longer than graph.MaxPartOfHops:
//
//	(top) ── COMMANDS ──> (l0) <── (l1) <── … <── (l11)     each lN PART_OF l(N-1)
func chainGraph() graph.Batch {
	b := graph.Batch{
		Sources: []graph.Source{source("src-chain", "C")},
		Nodes:   []graph.Node{node("top", graph.Person, "Top")},
		Edges:   []graph.Edge{edge("top-commands-l0", "top", graph.Commands, "l0", "src-chain")},
	}
	for i := 0; i <= graph.MaxPartOfHops+1; i++ {
		id := fmt.Sprintf("l%d", i)
		b.Nodes = append(b.Nodes, node(id, graph.Unit, "Level "+id))
		if i > 0 {
			b.Edges = append(b.Edges, edge(fmt.Sprintf("l%d-part-of-l%d", i, i-1), id, graph.PartOf, fmt.Sprintf("l%d", i-1), "src-chain"))
		}
	}
	return b
}

// searchGraph is for the search cases: names with accents, apostrophes and
// punctuation, aliases, two nodes of the same name, a RED node.
func searchGraph() graph.Batch {
	kyb := node("kim-yong-bok", graph.Person, "Kim Yong Bok")
	kyb.Aliases = []string{"Kim Yŏng-bok"}
	kn23 := node("kn-23", graph.WeaponSystem, "KN-23")
	kn23.Aliases = []string{"Hwasong-11Ga"}
	storm := node("storm-corps", graph.Unit, "11th Corps")
	storm.Aliases = []string{"Storm Corps", "Pok Pung Corps"}
	return graph.Batch{
		Nodes: []graph.Node{
			kyb,
			node("tokchon", graph.Place, "Tŏkch’ŏn"),
			kn23,
			storm,
			node("corps-command", graph.Unit, "Corps Command"),
			node("kim-jong-un", graph.Person, "Kim Jong Un"),
			node("kim-aa", graph.Person, "Kim Young-sik"), // first by id, last by name
			node("kim-chol-2", graph.Unit, "Kim Chol"),
			node("kim-chol-1", graph.Person, "Kim Chol"),
			node("ri-chang-ho", graph.Person, "Ri Chang Ho"),
			markedNode(graph.Red, node("kim-secret", graph.Person, "Kim Secret")),
			markedNode(graph.Amber, node("storm-cell", graph.Unit, "Storm Cell")),
			node("sergei-shoigu", graph.Person, "Sergei Shoigu"),
			node("vladivostok", graph.Place, "Vladivostok"),
		},
	}
}
