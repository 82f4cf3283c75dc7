package export

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"linkchart/graph"
)

type stixRead struct {
	ID      string           `json:"id"`
	Counts  map[string]int   `json:"counts"`
	Objects []map[string]any `json:"objects"`
}

// TestSTIXBundleParsesWithStix2 validates the bundle with the stix2 library
// (allow_custom=False) and checks counts, references and markings.
func TestSTIXBundleParsesWithStix2(t *testing.T) {
	for _, ng := range graphs(t) {
		t.Run(ng.name, func(t *testing.T) { checkSTIX(t, ng.g) })
	}
}

func checkSTIX(t *testing.T, g graph.Subgraph) {
	t.Helper()
	data := export(t, "stix", g, Options{Title: "Storm Corps"})
	var got stixRead
	python(t, "stix", writeTemp(t, "bundle.json", data), &got)

	markings := map[graph.Marking]bool{Banner(g): true}
	for _, n := range g.Nodes {
		markings[n.Marking] = true
	}
	for _, e := range g.Edges {
		markings[e.Marking] = true
	}
	want := map[string]int{"relationship": len(g.Edges), "report": 1, "marking-definition": len(markings)}
	for _, n := range g.Nodes {
		want[STIXType(n.Kind)]++
	}
	for typ, n := range want {
		if got.Counts[typ] != n {
			t.Errorf("%d %s objects, want %d (all: %v)", got.Counts[typ], typ, n, got.Counts)
		}
	}
	if len(got.Counts) != len(want) {
		t.Errorf("object types %v, want %v", got.Counts, want)
	}

	byID := map[string]map[string]any{}
	for _, o := range got.Objects {
		byID[o["id"].(string)] = o
	}
	nodes := nodeIndex(g)
	for _, n := range g.Nodes {
		o := byID[STIXID(STIXType(n.Kind), "node", n.ID)]
		if o == nil {
			t.Errorf("node %s: no STIX object", n.ID)
			continue
		}
		if o["name"] != n.Name {
			t.Errorf("node %s: name %q, want %q", n.ID, o["name"], n.Name)
		}
		refs := o["object_marking_refs"].([]any)
		if len(refs) != 1 || refs[0] != TLPMarkingID[n.Marking] || byID[refs[0].(string)] == nil {
			t.Errorf("node %s: markings %v, want the %s definition, in the bundle", n.ID, refs, n.Marking)
		}
		if g := n.Geo; g != nil && n.Kind == graph.Place && (o["latitude"] != g.Lat || o["longitude"] != g.Lon || !hasGeoRef(o, g.Source)) {
			t.Errorf("node %s: latitude %v, longitude %v, references %v; want %v", n.ID, o["latitude"], o["longitude"], o["external_references"], *g)
		}
	}
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, e := range g.Edges {
		o := byID[STIXID("relationship", "edge", e.ID)]
		if o == nil {
			t.Errorf("edge %s: no relationship", e.ID)
			continue
		}
		rt, _ := o["relationship_type"].(string)
		if !kebab.MatchString(rt) || rt != RelationshipType(e.Type) {
			t.Errorf("edge %s: relationship_type %q", e.ID, rt)
		}
		if o["source_ref"] != STIXID(STIXType(nodes[e.From].Kind), "node", e.From) ||
			o["target_ref"] != STIXID(STIXType(nodes[e.To].Kind), "node", e.To) {
			t.Errorf("edge %s: refs %v → %v", e.ID, o["source_ref"], o["target_ref"])
		}
		for _, ref := range []string{o["source_ref"].(string), o["target_ref"].(string)} {
			if byID[ref] == nil {
				t.Errorf("edge %s: %s is not in the bundle", e.ID, ref)
			}
		}
		// Every cited source is an external reference with its URL.
		cited := map[string]bool{}
		for _, r := range o["external_references"].([]any) {
			ref := r.(map[string]any)
			cited[ref["external_id"].(string)] = true
			if s, ok := sourceIndex(g)[ref["external_id"].(string)]; ok && s.URL != "" && ref["url"] != s.URL {
				t.Errorf("edge %s: source %s url %v, want %s", e.ID, s.ID, ref["url"], s.URL)
			}
		}
		for _, s := range e.Sources {
			if !cited[s] {
				t.Errorf("edge %s: source %s not in external_references", e.ID, s)
			}
		}
		if start, _ := StartDate(e.Since); start != "" && o["start_time"] != start+"T00:00:00Z" {
			t.Errorf("edge %s: start_time %v, want %s", e.ID, o["start_time"], start)
		}
		if e.Credibility == 2 && o["confidence"] != float64(70) {
			t.Errorf("edge %s: confidence %v, want 70 for credibility 2", e.ID, o["confidence"])
		}
	}
	for _, o := range got.Objects {
		if o["type"] == "report" {
			if o["object_marking_refs"].([]any)[0] != TLPMarkingID[Banner(g)] {
				t.Errorf("report marking %v, want the banner %s", o["object_marking_refs"], Banner(g))
			}
			if len(o["object_refs"].([]any)) != len(g.Nodes)+len(g.Edges) {
				t.Errorf("report refs %d objects, want %d", len(o["object_refs"].([]any)), len(g.Nodes)+len(g.Edges))
			}
		}
	}
}

func TestSTIXIDsAreDeterministic(t *testing.T) {
	g := fixture(t, "tricky.json")
	ids := func(at time.Time) map[string]bool {
		var b struct {
			Objects []struct {
				ID   string `json:"id"`
				Type string `json:"type"`
			} `json:"objects"`
		}
		if err := json.Unmarshal(export(t, "stix", g, Options{Generated: at}), &b); err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, o := range b.Objects {
			if o.Type != "report" { // the report is one export, named by its time
				out[o.ID] = true
			}
		}
		return out
	}
	a, b := ids(generated), ids(generated.Add(48*time.Hour))
	if len(a) != len(g.Nodes)+len(g.Edges)+3 {
		t.Fatalf("%d ids, want one per node, edge and marking", len(a))
	}
	for id := range a {
		if !b[id] {
			t.Errorf("id %s changed between two exports", id)
		}
	}
	if got := uuid5([16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}, "python.org"); got != "886313e1-3b8a-5372-9b90-0c9aee199e5d" {
		t.Errorf("uuid5(DNS, python.org) = %s, want RFC 9562's 886313e1-3b8a-5372-9b90-0c9aee199e5d", got)
	}
}

// hasGeoRef reports whether a STIX object names its coordinates' gazetteer
// record in a linkchart-geo external reference.
func hasGeoRef(o map[string]any, source string) bool {
	refs, _ := o["external_references"].([]any)
	for _, r := range refs {
		if m, _ := r.(map[string]any); m["source_name"] == STIXGeoSource && m["description"] == source {
			return true
		}
	}
	return false
}
