package export

import (
	"net/url"
	"strings"

	"linkchart/graph"
)

// brief is what the Markdown and HTML briefs show: title, banner, the
// entity and relation tables, and the numbered sources the relations cite.
type brief struct {
	Title     string
	Banner    graph.Marking
	Generated string
	Truncated bool
	Entities  []briefEntity
	Relations []briefRelation
	Sources   []briefSource
}

type briefEntity struct {
	ID, Name, Kind, Aliases, Summary, Props string
	Marking                                 graph.Marking
}

type briefRelation struct {
	ID, From, Type, To, Dates, Grade, Note, Props string
	Marking                                       graph.Marking
	Cites                                         []int
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
		Truncated: g.Truncated,
	}
	nodes := nodeIndex(g)
	srcs := sourceIndex(g)
	for _, n := range g.Nodes {
		b.Entities = append(b.Entities, briefEntity{
			ID: n.ID, Name: n.Name, Kind: string(n.Kind), Aliases: strings.Join(n.Aliases, "; "),
			Summary: n.Summary, Props: propsText(n.Props), Marking: n.Marking,
		})
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
	for _, e := range g.Edges {
		r := briefRelation{
			ID: e.ID, From: nodes[e.From].Name, Type: e.Type, To: nodes[e.To].Name,
			Dates: dateRange(e.Since, e.Until), Grade: e.Grade, Note: e.Note,
			Props: propsText(e.Props), Marking: e.Marking,
		}
		for _, id := range e.Sources {
			r.Cites = append(r.Cites, cite(id))
		}
		b.Relations = append(b.Relations, r)
	}
	for _, s := range g.Sources {
		cite(s.ID)
	}
	return b
}
