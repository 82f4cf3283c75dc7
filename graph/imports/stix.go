package imports

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"linkchart/graph"
)

// STIX 2.1 bundles as OpenCTI and the stix2 library write them. Entities:
// identity (individual → Person, organization → Organization; sectors
// defense → Unit, government-national → State), threat-actor and
// intrusion-set (Organization; an individual threat actor a Person),
// location (Place; a country a State), tool, malware and infrastructure
// (WeaponSystem), incident and campaign (Event). A linkchart label
// ("person") and a linkchart external reference (the id) win over these.
// relationship → a relation; report → a source cited by the
// relationships it refers to; a relationship's external references →
// sources it cites. Markings: TLP 1.0 and 2.0 marking definitions.

type stixObject struct {
	Type          string          `json:"type"`
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Description   string          `json:"description"`
	Aliases       []string        `json:"aliases"`
	Labels        []string        `json:"labels"`
	IdentityClass string          `json:"identity_class"`
	Sectors       []string        `json:"sectors"`
	ResourceLevel string          `json:"resource_level"`
	OpenCTIType   string          `json:"x_opencti_type"`
	LocationType  string          `json:"x_opencti_location_type"`
	Country       string          `json:"country"`
	Region        string          `json:"region"`
	Latitude      *float64        `json:"latitude"`
	Longitude     *float64        `json:"longitude"`
	Roles         []string        `json:"roles"`
	RelType       string          `json:"relationship_type"`
	SourceRef     string          `json:"source_ref"`
	TargetRef     string          `json:"target_ref"`
	StartTime     string          `json:"start_time"`
	StopTime      string          `json:"stop_time"`
	Confidence    *int            `json:"confidence"`
	Markings      []string        `json:"object_marking_refs"`
	ExternalRefs  []stixExtRef    `json:"external_references"`
	ObjectRefs    []string        `json:"object_refs"`
	Published     string          `json:"published"`
	CreatedBy     string          `json:"created_by_ref"`
	Definition    json.RawMessage `json:"definition"`
	Extensions    map[string]struct {
		TLP string `json:"tlp_2_0"`
	} `json:"extensions"`
}

type stixExtRef struct {
	SourceName  string `json:"source_name"`
	ExternalID  string `json:"external_id"`
	URL         string `json:"url"`
	Description string `json:"description"`
}

// TLP marking-definition ids: TLP 1.0 (stix2's TLP_WHITE …) and 2.0.
var stixTLP = map[string]graph.Marking{
	"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": graph.Clear,
	"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": graph.Green,
	"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": graph.Amber,
	"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": graph.Red,
	"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": graph.Clear,
	"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": graph.Green,
	"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": graph.Amber,
	"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": graph.Amber, // AMBER+STRICT
	"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": graph.Red,
}

func tlpOf(level string) (graph.Marking, bool) {
	switch strings.ToLower(strings.TrimPrefix(strings.ToUpper(level), "TLP:")) {
	case "white", "clear":
		return graph.Clear, true
	case "green":
		return graph.Green, true
	case "amber", "amber+strict":
		return graph.Amber, true
	case "red":
		return graph.Red, true
	}
	return "", false
}

func readSTIX(bd *builder, files []File, opt Options) error {
	for _, f := range files {
		readSTIXFile(bd, f)
	}
	return nil
}

// stixLines finds the line of each object id in the file, for messages.
func stixLines(data []byte) map[string]int {
	lines := map[string]int{}
	re := regexp.MustCompile(`"id"\s*:\s*"([^"]+)"`)
	for _, m := range re.FindAllSubmatchIndex(data, -1) {
		id := string(data[m[2]:m[3]])
		if _, ok := lines[id]; !ok {
			lines[id] = 1 + bytes.Count(data[:m[0]], []byte("\n"))
		}
	}
	return lines
}

func readSTIXFile(bd *builder, f File) {
	var bundle struct {
		Type    string       `json:"type"`
		Objects []stixObject `json:"objects"`
	}
	if err := json.Unmarshal(f.Data, &bundle); err != nil {
		line := 0
		if se, ok := err.(*json.SyntaxError); ok {
			line = 1 + bytes.Count(f.Data[:se.Offset], []byte("\n"))
		}
		bd.bad(f.Name, line, "", "", "not a STIX bundle: %v", err)
		return
	}
	if bundle.Type != "bundle" {
		bd.bad(f.Name, 1, "", "type", "want a STIX 2.1 bundle (type \"bundle\"), got %q", bundle.Type)
		return
	}
	lines := stixLines(f.Data)
	markings := map[string]graph.Marking{}
	identities := map[string]string{}
	for id, m := range stixTLP {
		markings[id] = m
	}
	for _, o := range bundle.Objects {
		switch o.Type {
		case "marking-definition":
			var def struct {
				TLP string `json:"tlp"`
			}
			_ = json.Unmarshal(o.Definition, &def)
			if m, ok := tlpOf(def.TLP); ok {
				markings[o.ID] = m
			} else if m, ok := tlpOf(o.Name); ok {
				markings[o.ID] = m
			}
			for _, ext := range o.Extensions {
				if m, ok := tlpOf(ext.TLP); ok {
					markings[o.ID] = m
				}
			}
		case "identity":
			identities[o.ID] = o.Name
		}
	}
	markingOf := func(o stixObject) graph.Marking {
		m := graph.Clear
		for _, ref := range o.Markings {
			if v, ok := markings[ref]; ok && v.Level() > m.Level() {
				m = v
			}
		}
		return m
	}
	// Entities first: relationships refer to them by STIX id.
	ids := map[string]string{}
	taken := map[string]bool{}
	for _, o := range bundle.Objects {
		kind := stixKind(o)
		if kind == "" {
			continue
		}
		line := lines[o.ID]
		rec := o.Type + " " + o.ID
		n := graph.Node{Kind: kind, Name: o.Name, Marking: markingOf(o), Aliases: o.Aliases, Summary: o.Description}
		ours := false
		for _, r := range o.ExternalRefs {
			if r.SourceName == "linkchart" && graph.ValidID(r.ExternalID) {
				n.ID, ours = r.ExternalID, true
			}
		}
		if ours {
			readOurDescription(&n, o)
		}
		n.Geo = stixGeo(bd, f.Name, line, rec, o, ours)
		if n.ID == "" {
			n.ID = Slug(o.Name)
			if n.ID == "" || taken[n.ID] {
				n.ID = Slug(o.Name + " " + strings.TrimPrefix(o.ID, o.Type+"--")[:8])
			}
		}
		if o.Name == "" {
			bd.bad(f.Name, line, rec, "name", "a %s needs a name", o.Type)
		}
		taken[n.ID] = true
		ids[o.ID] = n.ID
		bd.node(n, at{f.Name, line})
	}
	// Reports cite what they refer to; linkchart's own export report only
	// gathers the export and is not a source.
	reports := map[string][]string{}
	for _, o := range bundle.Objects {
		if o.Type != "report" || strings.HasPrefix(o.Description, "linkchart export") {
			continue
		}
		s := graph.Source{ID: Slug("report " + o.Name), Title: o.Name, Date: dateOf(o.Published), Publisher: identities[o.CreatedBy], Note: o.Description}
		for _, r := range o.ExternalRefs {
			if r.URL != "" && s.URL == "" {
				s.URL = r.URL
			}
		}
		bd.source(s, at{f.Name, lines[o.ID]})
		for _, ref := range o.ObjectRefs {
			reports[ref] = append(reports[ref], s.ID)
		}
	}
	for _, o := range bundle.Objects {
		if o.Type != "relationship" {
			continue
		}
		line := lines[o.ID]
		rec := "relationship " + o.ID
		from, to := ids[o.SourceRef], ids[o.TargetRef]
		if from == "" || to == "" {
			// A relationship to an object linkchart has no kind for
			// (an indicator, an attack pattern) is left out with it.
			if _, ok := lines[o.SourceRef]; !ok || lines[o.TargetRef] == 0 {
				bd.bad(f.Name, line, rec, "source_ref", "refers to %s and %s; one is not in the bundle", o.SourceRef, o.TargetRef)
			}
			continue
		}
		e := graph.Edge{From: from, To: to, Type: typeOf(o.RelType), Marking: markingOf(o)}
		if o.RelType == "" {
			bd.bad(f.Name, line, rec, "relationship_type", "a relationship needs a relationship_type")
		}
		e.Since, e.Until = stixDate(o.StartTime, false), stixDate(o.StopTime, true)
		if len(e.Since) == 7 && string(e.Since[5:]) == "12" && string(e.Since[:4]) == string(e.Until) {
			// A stop on 31 December is read as the year, unless the
			// span starts that December: then it is the month.
			e.Until = e.Since
		}
		if o.Confidence != nil {
			e.Credibility = credibilityOf(*o.Confidence)
		}
		for _, r := range o.ExternalRefs {
			switch {
			case r.SourceName == "linkchart":
				e.ID = r.ExternalID
			case r.SourceName == "linkchart-source" && r.Description == "":
				e.Sources = append(e.Sources, r.ExternalID)
			default:
				s := sourceOfRef(r)
				bd.source(s, at{f.Name, line})
				e.Sources = append(e.Sources, s.ID)
			}
		}
		if e.ID != "" {
			readOurEdgeDescription(&e, o.Description)
		} else {
			e.Note = o.Description
		}
		e.Sources = append(e.Sources, reports[o.ID]...)
		if len(e.Sources) == 0 {
			e.Sources = []string{bd.fileSource(f.Name, "STIX")}
		}
		bd.edge(e, at{f.Name, line})
	}
}

// stixGeoSource is the source_name of the external reference linkchart's
// export gives a location's coordinates: its description is the gazetteer
// record (export.STIXGeoSource).
const stixGeoSource = "linkchart-geo"

// stixGeo reads a location's latitude and longitude. linkchart's export
// names their gazetteer record in a linkchart-geo reference, and writes
// coordinates without one only from props (read back as props); another
// tool's coordinates are sourced to the STIX object.
func stixGeo(bd *builder, file string, line int, rec string, o stixObject, ours bool) *graph.Geo {
	src := ""
	for _, r := range o.ExternalRefs {
		if r.SourceName == stixGeoSource {
			src = r.Description
		}
	}
	if ours && src == "" {
		return nil
	}
	if src == "" && (o.Latitude != nil || o.Longitude != nil) {
		src = o.ID
	}
	text := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'g', -1, 64)
	}
	return geoOf(bd, file, line, rec, text(o.Latitude), text(o.Longitude), src, "latitude", "longitude")
}

// stixKind is the kind of a STIX object, "" for objects that are not
// entities.
func stixKind(o stixObject) graph.Kind {
	for _, l := range o.Labels {
		if k, ok := kindOf(l); ok && strings.EqualFold(l, string(k)) {
			return k
		}
	}
	switch o.Type {
	case "identity":
		switch {
		case o.IdentityClass == "individual":
			return graph.Person
		case contains(o.Sectors, "defense"):
			return graph.Unit
		case contains(o.Sectors, "government-national"):
			return graph.State
		}
		return graph.Organization
	case "threat-actor":
		if o.ResourceLevel == "individual" || o.OpenCTIType == "Threat-Actor-Individual" {
			return graph.Person
		}
		return graph.Organization
	case "intrusion-set":
		return graph.Organization
	case "location":
		if strings.EqualFold(o.LocationType, "country") {
			return graph.State
		}
		return graph.Place
	case "tool", "malware", "infrastructure":
		return graph.WeaponSystem
	case "incident", "campaign":
		return graph.Event
	}
	return ""
}

// readOurDescription reads back what linkchart's export wrote into a
// description: the summary, "Also known as: a; b", then "key: value" props.
func readOurDescription(n *graph.Node, o stixObject) {
	lines := strings.Split(o.Description, "\n")
	var summary []string
	props := map[string]string{}
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "Also known as: "):
			n.Aliases = splitList(strings.TrimPrefix(l, "Also known as: "))
		case propLine.MatchString(l):
			m := propLine.FindStringSubmatch(l)
			props[m[1]] = m[2]
		default:
			summary = append(summary, l)
		}
	}
	n.Summary = strings.Join(summary, "\n")
	if len(props) > 0 {
		n.Props = props
	}
}

var propLine = regexp.MustCompile(`^([a-z][a-z0-9_]{0,39}): (.*)$`)

// readOurEdgeDescription reads back a linkchart relationship description:
// the note, "Grade B2", "Since …" and "Until …" (the dates as written,
// over what the timestamps say), then "key: value" props.
func readOurEdgeDescription(e *graph.Edge, desc string) {
	var note []string
	props := map[string]string{}
	afterGrade := false
	for _, l := range strings.Split(desc, "\n") {
		switch {
		case strings.HasPrefix(l, "Grade ") && len(l) <= 8:
			afterGrade = true
		case afterGrade && strings.HasPrefix(l, "Since ") && graph.Date(l[6:]).Check() == nil:
			e.Since = graph.Date(l[6:])
		case afterGrade && strings.HasPrefix(l, "Until ") && graph.Date(l[6:]).Check() == nil:
			e.Until = graph.Date(l[6:])
		case afterGrade && propLine.MatchString(l):
			m := propLine.FindStringSubmatch(l)
			props[m[1]] = m[2]
		default:
			note = append(note, l)
		}
	}
	e.Note = strings.Join(note, "\n")
	if len(props) > 0 {
		e.Props = props
	}
}

// reliabilityRE is the end of the description linkchart's export gives a
// cited source: "title (publisher, date) url [reliability B]".
var reliabilityRE = regexp.MustCompile(` \[reliability ([A-F])\]$`)

// sourceOfRef makes a source of an external reference, reading back the
// citation of linkchart's export (the publisher is the source_name).
func sourceOfRef(r stixExtRef) graph.Source {
	s := graph.Source{ID: r.ExternalID, URL: r.URL, Publisher: r.SourceName, Title: r.Description}
	if r.SourceName == "linkchart-source" {
		s.Publisher = ""
	}
	if m := reliabilityRE.FindStringSubmatchIndex(r.Description); m != nil {
		s.Reliability = graph.Reliability(r.Description[m[2]:m[3]])
		text := strings.TrimSuffix(r.Description[:m[0]], " "+r.URL)
		var meta string
		if s.Publisher != "" {
			if i := strings.LastIndex(text, " ("+s.Publisher); i >= 0 && strings.HasSuffix(text, ")") {
				text, meta = text[:i], strings.TrimPrefix(text[i+2+len(s.Publisher):len(text)-1], ", ")
			}
		} else if i := strings.LastIndex(text, " ("); i >= 0 && strings.HasSuffix(text, ")") && graph.Date(text[i+2:len(text)-1]).Check() == nil {
			text, meta = text[:i], text[i+2:len(text)-1]
		}
		if meta != "" && graph.Date(meta).Check() == nil {
			s.Date = graph.Date(meta)
		}
		s.Title = text
	}
	if s.Title == "" {
		s.Title = strings.TrimSpace(r.SourceName + " " + r.ExternalID + " " + r.URL)
	}
	if !graph.ValidID(s.ID) {
		s.ID = Slug(r.SourceName + " " + r.ExternalID + " " + r.URL)
	}
	return s
}

// stixDate reads a STIX timestamp as a partial date. linkchart's export
// writes a month or year as its first day at 00:00 (start) or last day at
// 23:59:59.999 (stop); those read back at that precision.
func stixDate(ts string, stop bool) graph.Date {
	if ts == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return graph.Date(ts) // the checks name it
	}
	t = t.UTC()
	day := t.Format("2006-01-02")
	switch {
	case !stop && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 && t.Day() == 1:
		if t.Month() == 1 {
			return graph.Date(day[:4])
		}
		return graph.Date(day[:7])
	case stop && t.Hour() == 23 && t.Minute() == 59 && t.Nanosecond() >= 999e6 && t.AddDate(0, 0, 1).Day() == 1:
		if t.Month() == 12 {
			return graph.Date(day[:4])
		}
		return graph.Date(day[:7])
	}
	return graph.Date(day)
}

// credibilityOf maps STIX confidence to Admiralty credibility (STIX 2.1
// appendix scale): 80-100 → 1 … 0-19 → 5.
func credibilityOf(c int) int {
	switch {
	case c >= 80:
		return 1
	case c >= 60:
		return 2
	case c >= 40:
		return 3
	case c >= 20:
		return 4
	}
	return 5
}
