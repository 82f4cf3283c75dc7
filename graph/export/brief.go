package export

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"linkchart/graph"
)

// brief is what the Markdown, HTML and PDF briefs show: the cover (title,
// author, date, product number, banner and its distribution rule), summary
// and key judgments, the answers on screen, entities grouped by kind,
// relations ordered by entity then date with numbered citations, and the
// numbered sources.
type brief struct {
	Title        string
	Banner       graph.Marking
	Rule         string // the TLP 2.0 distribution rule of Banner
	Generated    string
	Date         string // the day of Generated, for the cover
	Author       string
	Product      string // "Product 12", or ""
	Summary      []string
	KeyJudgments []string
	Notes        []string // "Kim Yong Bok: text", "On the chart: text"
	Truncated    bool
	Question     string
	Answers      []briefAnswer
	Kinds        []briefKind
	Entities     []briefEntity
	Relations    []briefRelation
	Sources      []briefSource
	// Time is the time bar, nil when no relation is dated.
	Time *briefTime
	// Measure and Keys are the analysis on screen: the top entities by
	// the measure, with their community (Keys is empty without one).
	Measure string
	Keys    []briefKey
}

// briefKey is one row of the key entities table.
type briefKey struct {
	N                            int
	Name, Kind, Score, Community string
}

// maxKeys is how many key entities a brief lists.
const maxKeys = 10

// keyEntities ranks g's nodes by a's scores, highest first (ties by name).
func keyEntities(g graph.Subgraph, a *Analysis) []briefKey {
	if a == nil || len(a.Scores) == 0 {
		return nil
	}
	var ns []graph.Node
	for _, n := range g.Nodes {
		if _, ok := a.Scores[n.ID]; ok {
			ns = append(ns, n)
		}
	}
	sort.SliceStable(ns, func(i, j int) bool {
		if si, sj := a.Scores[ns[i].ID], a.Scores[ns[j].ID]; si != sj {
			return si > sj
		}
		return nameKey(ns[i].Name) < nameKey(ns[j].Name)
	})
	var out []briefKey
	for i, n := range ns[:min(len(ns), maxKeys)] {
		k := briefKey{N: i + 1, Name: n.Name, Kind: styleOf(n.Kind).Label, Score: strconv.FormatFloat(a.Scores[n.ID], 'g', 4, 64)}
		if c, ok := a.Communities[n.ID]; ok {
			k.Community = strconv.Itoa(c)
		}
		out = append(out, k)
	}
	return out
}

// briefKind is one kind's group of entities.
type briefKind struct {
	Kind, Label, Color string
	Entities           []briefEntity
}

// briefAnswer is an answer on screen with its evidence: the hops of its
// path (relations with grade and citations) and the path's weakest grade.
type briefAnswer struct {
	N            int
	Label, Grade string
	Hops         []briefRelation
	MissingHops  int // hops not in the product (outside the caller's view)
}

type briefEntity struct {
	ID, Name, Kind, Aliases, Summary, Props string
	Marking                                 graph.Marking
}

type briefRelation struct {
	ID, From, Type, To, Dates, Grade, Note, Props string
	Marking                                       graph.Marking
	Cites                                         []int
	// FirstOfEntity is set on the first relation of each From entity.
	FirstOfEntity bool
	since         graph.Date
}

// CiteText is the citations as "[1][2]".
func (r briefRelation) CiteText() string {
	var b strings.Builder
	for _, n := range r.Cites {
		fmt.Fprintf(&b, "[%d]", n)
	}
	return b.String()
}

type briefSource struct {
	N                                                          int
	ID, Title, Publisher, Author, Date, URL, Reliability, Note string
	// Link is URL when it is an http(s) URL, else "" (shown as text only).
	Link string
}

// webLink returns u when it is an absolute http or https URL.
func webLink(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

func propsText(p map[string]string) string {
	var parts []string
	for _, k := range sortedKeys(p) {
		parts = append(parts, k+": "+p[k])
	}
	return strings.Join(parts, "; ")
}

// newBrief numbers the sources in the order the relations table first cites
// them; sources no relation cites follow in id order.
func newBrief(g graph.Subgraph, opt Options) brief {
	b := brief{
		Title:     title(opt),
		Banner:    Banner(g),
		Generated: opt.Generated.UTC().Format("2006-01-02 15:04 UTC"),
		Date:      opt.Generated.UTC().Format("2 January 2006"),
		Author:    strings.TrimSpace(opt.Author),
		Truncated: g.Truncated,
	}
	b.Rule = tlpRules[b.Banner]
	b.Generated += revisionNote(opt)
	b.Time = newBriefTime(g, opt)
	if b.Keys = keyEntities(g, opt.Analysis); len(b.Keys) > 0 {
		b.Measure = opt.Analysis.Measure
	}
	if opt.Product > 0 {
		b.Product = fmt.Sprintf("Product %d", opt.Product)
	}
	for _, p := range strings.Split(strings.ReplaceAll(opt.Summary, "\r\n", "\n"), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			b.Summary = append(b.Summary, p)
		}
	}
	for _, k := range opt.KeyJudgments {
		if k = strings.Join(strings.Fields(k), " "); k != "" {
			b.KeyJudgments = append(b.KeyJudgments, k)
		}
	}
	nodes := nodeIndex(g)
	b.Notes = briefNotes(opt.Notes, g, nodes)
	srcs := sourceIndex(g)
	ents := append([]graph.Node(nil), g.Nodes...)
	sort.SliceStable(ents, func(i, j int) bool {
		if ri, rj := kindRank(ents[i].Kind), kindRank(ents[j].Kind); ri != rj {
			return ri < rj
		}
		if ents[i].Kind != ents[j].Kind {
			return ents[i].Kind < ents[j].Kind
		}
		return nameKey(ents[i].Name) < nameKey(ents[j].Name)
	})
	for _, n := range ents {
		e := briefEntity{
			ID: n.ID, Name: n.Name, Kind: string(n.Kind), Aliases: strings.Join(n.Aliases, "; "),
			Summary: n.Summary, Props: propsText(n.Props), Marking: n.Marking,
		}
		b.Entities = append(b.Entities, e)
		if k := len(b.Kinds); k == 0 || b.Kinds[k-1].Kind != e.Kind {
			st := styleOf(n.Kind)
			b.Kinds = append(b.Kinds, briefKind{Kind: e.Kind, Label: st.Label, Color: st.Color})
		}
		b.Kinds[len(b.Kinds)-1].Entities = append(b.Kinds[len(b.Kinds)-1].Entities, e)
	}
	number := map[string]int{}
	cite := func(id string) int {
		if n, ok := number[id]; ok {
			return n
		}
		n := len(number) + 1
		number[id] = n
		s, ok := srcs[id]
		if !ok {
			s = graph.Source{ID: id, Title: id}
		}
		b.Sources = append(b.Sources, briefSource{
			N: n, ID: s.ID, Title: s.Title, Publisher: s.Publisher, Author: s.Author, Date: string(s.Date),
			URL: s.URL, Link: webLink(s.URL), Reliability: string(s.Reliability), Note: s.Note,
		})
		return n
	}
	rels := make([]briefRelation, 0, len(g.Edges))
	byID := map[string]graph.Edge{}
	for _, e := range g.Edges {
		byID[e.ID] = e
		rels = append(rels, briefRelation{
			ID: e.ID, From: nodes[e.From].Name, Type: e.Type, To: nodes[e.To].Name,
			Dates: dateRange(e.Since, e.Until), Grade: e.Grade, Note: e.Note,
			Props: propsText(e.Props), Marking: e.Marking, since: e.Since,
		})
	}
	// By entity (its name), then date (undated last), type and the other end.
	sort.SliceStable(rels, func(i, j int) bool {
		a, c := rels[i], rels[j]
		if ka, kc := nameKey(a.From), nameKey(c.From); ka != kc {
			return ka < kc
		}
		if (a.since == "") != (c.since == "") {
			return c.since == ""
		}
		if a.since != c.since {
			return a.since < c.since
		}
		if a.Type != c.Type {
			return a.Type < c.Type
		}
		return nameKey(a.To) < nameKey(c.To)
	})
	for i := range rels {
		for _, id := range byID[rels[i].ID].Sources {
			rels[i].Cites = append(rels[i].Cites, cite(id))
		}
		rels[i].FirstOfEntity = i == 0 || rels[i-1].From != rels[i].From
	}
	b.Relations = rels
	if opt.Answers != nil {
		b.Question = strings.TrimSpace(opt.Answers.Question)
		for i, a := range opt.Answers.Items {
			ba := briefAnswer{N: i + 1, Label: strings.TrimSpace(a.Label)}
			var weakest *graph.Grade
			for _, id := range a.Edges {
				e, ok := byID[id]
				if !ok {
					ba.MissingHops++
					continue
				}
				hop := briefRelation{ID: e.ID, From: nodes[e.From].Name, Type: e.Type, To: nodes[e.To].Name,
					Dates: dateRange(e.Since, e.Until), Grade: e.Grade, Marking: e.Marking}
				for _, s := range e.Sources {
					hop.Cites = append(hop.Cites, cite(s))
				}
				ba.Hops = append(ba.Hops, hop)
				gr := graph.GradeOf(e.Credibility, e.Sources, srcs)
				if weakest == nil {
					weakest = &gr
				} else {
					w := weakest.Weakest(gr)
					weakest = &w
				}
			}
			if weakest != nil {
				ba.Grade = weakest.String()
			}
			if ba.Label == "" && len(ba.Hops) > 0 {
				ba.Label = ba.Hops[0].From + " → " + ba.Hops[len(ba.Hops)-1].To
			}
			b.Answers = append(b.Answers, ba)
		}
	}
	for _, s := range g.Sources {
		cite(s.ID)
	}
	return b
}

// nameKey is the sort key of a name: case-blind.
func nameKey(s string) string { return strings.ToLower(s) }

// tlpRules are the TLP 2.0 distribution rules (FIRST), one per marking.
var tlpRules = map[graph.Marking]string{
	graph.Clear: "TLP:CLEAR: recipients can spread this to the world; there is no limit on disclosure (subject to copyright).",
	graph.Green: "TLP:GREEN: limited disclosure; recipients can spread this within their community, but not via publicly accessible channels.",
	graph.Amber: "TLP:AMBER: limited disclosure; recipients can only spread this on a need-to-know basis within their organization and its clients.",
	graph.Red:   "TLP:RED: for the eyes and ears of individual recipients only; no further disclosure.",
}

// tlpColor is the TLP 2.0 colour of a marking's label (on black).
func tlpColor(m graph.Marking) string {
	switch m {
	case graph.Green:
		return "#33ff00"
	case graph.Amber:
		return "#ffc000"
	case graph.Red:
		return "#ff2b2b"
	}
	return "#ffffff"
}

// briefNotes writes the notes as the briefs list them, each after what it
// is on; a note on a record the export does not hold is left out (it may
// be filtered out, or above the reader's clearance).
func briefNotes(notes []Note, g graph.Subgraph, nodes map[string]graph.Node) []string {
	name := func(id string) string {
		if n, ok := nodes[id]; ok {
			return n.Name
		}
		return id
	}
	var out []string
	for _, n := range notes {
		text := strings.Join(strings.Fields(n.Text), " ")
		if text == "" {
			continue
		}
		on := ""
		if n.On == "" {
			on = "On the chart"
		} else if node, ok := nodes[n.On]; ok {
			on = node.Name
		} else {
			for _, e := range g.Edges {
				if e.ID == n.On {
					on = fmt.Sprintf("%s %s %s", name(e.From), e.Type, name(e.To))
					break
				}
			}
		}
		if on != "" {
			out = append(out, on+": "+text)
		}
	}
	return out
}
