package imports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"linkchart/graph"
)

// FollowTheMoney entities, one JSON object a line ({"id", "schema",
// "properties": {name: [values]}}), as Aleph and the followthemoney library
// write them. Thing schemata become entities; interval schemata (a
// Membership, a Directorship …) become relations between their two ends;
// Documents are sources, cited through a relation's proof; sourceUrl and
// publisher of a relation make a source too.

var ftmKinds = map[string]graph.Kind{
	"Person": graph.Person, "Organization": graph.Organization, "Company": graph.Organization,
	"LegalEntity": graph.Organization, "PublicBody": graph.Organization, "Position": graph.Organization,
	"Address": graph.Place, "Event": graph.Event, "Vessel": graph.WeaponSystem, "Airplane": graph.WeaponSystem,
	"Vehicle": graph.WeaponSystem,
}

// ftmLinks are the interval schemata: the property of each end, and the
// relation type.
var ftmLinks = map[string]struct{ from, to, typ string }{
	"Membership":     {"member", "organization", graph.MemberOf},
	"Directorship":   {"director", "organization", graph.Directs},
	"Ownership":      {"owner", "asset", "OWNS"},
	"Family":         {"person", "relative", "FAMILY_OF"},
	"Associate":      {"person", "associate", "ASSOCIATE_OF"},
	"Employment":     {"employee", "employer", "EMPLOYED_BY"},
	"Representation": {"agent", "client", "REPRESENTS"},
	"Succession":     {"predecessor", "successor", "SUCCEEDED_BY"},
	"UnknownLink":    {"subject", "object", "LINKED_TO"},
	"Occupancy":      {"holder", "post", graph.HoldsPost},
}

type ftmEntity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	line       int
}

func (e ftmEntity) first(props ...string) string {
	for _, p := range props {
		if v := e.Properties[p]; len(v) > 0 && strings.TrimSpace(v[0]) != "" {
			return strings.TrimSpace(v[0])
		}
	}
	return ""
}

// ftmRead are the properties read into fields, not props.
var ftmRead = []string{"name", "alias", "weakAlias", "previousName", "description", "summary", "notes", "firstName", "lastName",
	"startDate", "endDate", "date", "sourceUrl", "publisher", "proof", "role", "relationship"}

func readFtM(bd *builder, files []File, opt Options) error {
	for _, f := range files {
		readFtMFile(bd, f)
	}
	return nil
}

func readFtMFile(bd *builder, f File) {
	var ents []ftmEntity
	sc := bufio.NewScanner(bytes.NewReader(f.Data))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var e ftmEntity
		if err := json.Unmarshal(text, &e); err != nil {
			bd.bad(f.Name, line, "", "", "not a FollowTheMoney entity (one JSON object a line): %v", err)
			continue
		}
		e.line = line
		if e.Schema == "" {
			bd.bad(f.Name, line, "", "schema", "an entity needs a schema (Person, Organization, Membership …)")
			continue
		}
		if e.ID == "" {
			bd.bad(f.Name, line, e.Schema, "id", "an entity needs an id")
			continue
		}
		ents = append(ents, e)
	}
	if err := sc.Err(); err != nil {
		bd.bad(f.Name, 0, "", "", "cannot read: %v", err)
	}
	ids := map[string]string{}
	docs := map[string]ftmEntity{}
	for _, e := range ents {
		if e.Schema == "Document" || e.Schema == "Article" || e.Schema == "Page" {
			docs[e.ID] = e
		}
		kind, ok := ftmKinds[e.Schema]
		if !ok {
			continue
		}
		rec := fmt.Sprintf("%s %s", e.Schema, e.ID)
		n := graph.Node{ID: idFor(e.ID), Kind: kind}
		all := e.Properties["name"]
		if len(all) == 0 {
			if full := strings.TrimSpace(e.first("firstName") + " " + e.first("lastName")); full != "" {
				all = []string{full}
			}
		}
		if len(all) == 0 {
			bd.bad(f.Name, e.line, rec, "name", "a %s needs a name property", e.Schema)
		} else {
			n.Name = all[0]
			n.Aliases = append(append(append(append([]string{}, all[1:]...), e.Properties["alias"]...), e.Properties["weakAlias"]...), e.Properties["previousName"]...)
		}
		n.Summary = e.first("description", "summary", "notes")
		n.Props = ftmProps(e)
		ids[e.ID] = n.ID
		bd.node(n, at{f.Name, e.line})
	}
	for _, e := range ents {
		link, ok := ftmLinks[e.Schema]
		if !ok {
			continue
		}
		rec := fmt.Sprintf("%s %s", e.Schema, e.ID)
		ed := graph.Edge{ID: idFor(e.ID), Type: link.typ}
		for _, end := range []struct {
			prop string
			dst  *string
		}{{link.from, &ed.From}, {link.to, &ed.To}} {
			ref := e.first(end.prop)
			switch {
			case ref == "":
				bd.bad(f.Name, e.line, rec, end.prop, "a %s needs %s", e.Schema, end.prop)
			case ids[ref] == "":
				bd.bad(f.Name, e.line, rec, end.prop, "no Person, Organization or other entity %q in the file", ref)
			default:
				*end.dst = ids[ref]
			}
		}
		ed.Since, ed.Until = dateOf(e.first("startDate", "date")), dateOf(e.first("endDate"))
		ed.Note = e.first("description", "summary", "relationship", "role")
		for _, p := range e.Properties["proof"] {
			if d, ok := docs[p]; ok {
				s := graph.Source{ID: idFor(d.ID), Title: d.first("title", "name", "fileName"), URL: d.first("sourceUrl"), Publisher: d.first("publisher"), Date: dateOf(d.first("publishedAt", "date"))}
				if s.Title == "" {
					s.Title = d.ID
				}
				bd.source(s, at{f.Name, d.line})
				ed.Sources = append(ed.Sources, s.ID)
			}
		}
		if u, pub := e.first("sourceUrl"), e.first("publisher"); u != "" || pub != "" {
			s := graph.Source{ID: Slug(pub + " " + u), Title: strings.TrimSpace(pub + " " + u), URL: u, Publisher: pub}
			bd.source(s, at{f.Name, e.line})
			ed.Sources = append(ed.Sources, s.ID)
		}
		if len(ed.Sources) == 0 {
			ed.Sources = []string{bd.fileSource(f.Name, "FollowTheMoney")}
		}
		ed.Props = ftmProps(e)
		delete(ed.Props, link.from)
		delete(ed.Props, link.to)
		if len(ed.Props) == 0 {
			ed.Props = nil
		}
		bd.edge(ed, at{f.Name, e.line})
	}
}

// ftmProps keeps the properties not read into fields, values joined by
// "; ", and the schema.
func ftmProps(e ftmEntity) map[string]string {
	p := map[string]string{"ftm_schema": e.Schema}
	keys := make([]string, 0, len(e.Properties))
	for k := range e.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !contains(ftmRead, k) && len(e.Properties[k]) > 0 {
			p[k] = strings.Join(e.Properties[k], "; ")
		}
	}
	return p
}
