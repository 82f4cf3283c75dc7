package export

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"linkchart/graph"
)

// The STIX 2.1 mapping is documented in STIX.md beside this file.

// stixNamespace is the UUID namespace of linkchart's STIX ids: an object's
// id is uuid v5 of "<what>:<linkchart id>" under it, so the same record
// always gets the same STIX id.
var stixNamespace = [16]byte{0x6c, 0x69, 0x6e, 0x6b, 0x63, 0x68, 0x61, 0x72, 0x74, 0x2d, 0x73, 0x74, 0x69, 0x78, 0x2d, 0x31}

// uuid5 is RFC 9562's name-based UUID (SHA-1).
func uuid5(ns [16]byte, name string) string {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = (u[6] & 0x0f) | 0x50
	u[8] = (u[8] & 0x3f) | 0x80
	x := hex.EncodeToString(u[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// STIXID is the deterministic STIX id of a linkchart record: what is
// "node", "edge" or "report".
func STIXID(stixType, what, id string) string {
	return stixType + "--" + uuid5(stixNamespace, what+":"+id)
}

// TLP 2.0 marking definitions as published by the OASIS CTI TC (STIX 2.1
// property extension extension-definition--60a3c5c5-...).
const tlp2Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

// TLPMarkingID maps a marking to its standard TLP 2.0 marking-definition id.
var TLPMarkingID = map[graph.Marking]string{
	graph.Clear: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	graph.Green: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	graph.Amber: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	graph.Red:   "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

func tlpMarkingObject(m graph.Marking) map[string]any {
	level := strings.ToLower(strings.TrimPrefix(string(m), "TLP:"))
	return map[string]any{
		"type":           "marking-definition",
		"spec_version":   "2.1",
		"id":             TLPMarkingID[m],
		"created":        "2022-10-01T00:00:00.000Z",
		"created_by_ref": "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01",
		"name":           string(m),
		"extensions": map[string]any{
			tlp2Extension: map[string]any{"extension_type": "property-extension", "tlp_2_0": level},
		},
	}
}

// stixConfidence maps Admiralty credibility to STIX confidence (STIX 2.1
// appendix, Admiralty Credibility scale); 6 (cannot be judged) has none.
var stixConfidence = map[int]int{1: 90, 2: 70, 3: 50, 4: 30, 5: 10}

// RelationshipType is the STIX relationship_type of a linkchart type:
// lower-kebab, HOLDS_POST → holds-post.
func RelationshipType(t string) string {
	return strings.ReplaceAll(strings.ToLower(t), "_", "-")
}

// STIXType is the STIX object type of a node kind.
func STIXType(k graph.Kind) string {
	switch k {
	case graph.Person, graph.Unit, graph.Organization, graph.State:
		return "identity"
	case graph.Place:
		return "location"
	case graph.WeaponSystem:
		return "infrastructure"
	case graph.Event:
		return "incident"
	}
	return ""
}

// nodeDescription writes a node's summary, aliases and props as text, for
// STIX types that have no place for them.
func nodeDescription(n graph.Node, withAliases bool) string {
	var lines []string
	if n.Summary != "" {
		lines = append(lines, n.Summary)
	}
	if withAliases && len(n.Aliases) > 0 {
		lines = append(lines, "Also known as: "+strings.Join(n.Aliases, "; "))
	}
	for _, k := range sortedKeys(n.Props) {
		lines = append(lines, k+": "+n.Props[k])
	}
	return strings.Join(lines, "\n")
}

func isAlpha2(s string) bool {
	if len(s) != 2 {
		return false
	}
	for _, c := range []byte(strings.ToUpper(s)) {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// STIXGeoSource is the source_name of the external reference naming the
// gazetteer record a location's latitude and longitude come from.
const STIXGeoSource = "linkchart-geo"

func stixNode(n graph.Node, ts string) (map[string]any, error) {
	typ := STIXType(n.Kind)
	if typ == "" {
		return nil, fmt.Errorf("node %q: kind %q has no STIX mapping", n.ID, n.Kind)
	}
	o := map[string]any{
		"type":                typ,
		"spec_version":        "2.1",
		"id":                  STIXID(typ, "node", n.ID),
		"created":             ts,
		"modified":            ts,
		"name":                n.Name,
		"labels":              []string{strings.ToLower(string(n.Kind))},
		"object_marking_refs": []string{TLPMarkingID[n.Marking]},
		"external_references": []map[string]any{{"source_name": "linkchart", "external_id": n.ID}},
	}
	withAliases := true
	switch n.Kind {
	case graph.Person:
		o["identity_class"] = "individual"
		if r := n.Props["role"]; r != "" {
			o["roles"] = []string{r}
		}
	case graph.Unit:
		o["identity_class"] = "organization"
		o["sectors"] = []string{"defense"}
	case graph.Organization:
		o["identity_class"] = "organization"
	case graph.State:
		o["identity_class"] = "organization"
		o["sectors"] = []string{"government-national"}
	case graph.Place:
		lat, errLat := strconv.ParseFloat(n.Props["latitude"], 64)
		lon, errLon := strconv.ParseFloat(n.Props["longitude"], 64)
		switch {
		case n.Geo != nil:
			// The gazetteer record the point comes from rides in an
			// external reference, which stix2 accepts without custom
			// properties.
			o["latitude"], o["longitude"] = n.Geo.Lat, n.Geo.Lon
			o["external_references"] = append(o["external_references"].([]map[string]any),
				map[string]any{"source_name": STIXGeoSource, "description": n.Geo.Source})
		case errLat == nil && errLon == nil && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180:
			o["latitude"], o["longitude"] = lat, lon
		case isAlpha2(n.Props["country"]):
			o["country"] = strings.ToUpper(n.Props["country"])
		case n.Props["region"] != "":
			o["region"] = n.Props["region"]
		default:
			// STIX needs one of region, country or coordinates; ZZ is the
			// user-assigned ISO 3166 code for an unknown country.
			o["country"] = "ZZ"
		}
	case graph.WeaponSystem:
		if len(n.Aliases) > 0 {
			o["aliases"] = n.Aliases
			withAliases = false
		}
	}
	if d := nodeDescription(n, withAliases); d != "" {
		o["description"] = d
	}
	return o, nil
}

// stixTime writes a date expansion as a STIX timestamp.
func stixTime(day string, end bool) string {
	if end {
		return day + "T23:59:59.999Z"
	}
	return day + "T00:00:00.000Z"
}

func stixEdge(e graph.Edge, nodes map[string]graph.Node, srcs map[string]graph.Source, ts string) (map[string]any, error) {
	o := map[string]any{
		"type":                "relationship",
		"spec_version":        "2.1",
		"id":                  STIXID("relationship", "edge", e.ID),
		"created":             ts,
		"modified":            ts,
		"relationship_type":   RelationshipType(e.Type),
		"source_ref":          STIXID(STIXType(nodes[e.From].Kind), "node", e.From),
		"target_ref":          STIXID(STIXType(nodes[e.To].Kind), "node", e.To),
		"object_marking_refs": []string{TLPMarkingID[e.Marking]},
	}
	if c, ok := stixConfidence[e.Credibility]; ok {
		o["confidence"] = c
	}
	var desc []string
	if e.Note != "" {
		desc = append(desc, e.Note)
	}
	desc = append(desc, "Grade "+e.Grade)
	// The dates as written: start_time and stop_time lose their precision
	// ("2024-11" and "2024-11-01" start alike); graph/imports reads these.
	if e.Since != "" {
		desc = append(desc, "Since "+string(e.Since))
	}
	if e.Until != "" {
		desc = append(desc, "Until "+string(e.Until))
	}
	for _, k := range sortedKeys(e.Props) {
		desc = append(desc, k+": "+e.Props[k])
	}
	o["description"] = strings.Join(desc, "\n")
	start, err := StartDate(e.Since)
	if err != nil {
		return nil, fmt.Errorf("edge %q since: %w", e.ID, err)
	}
	end, err := EndDate(e.Until)
	if err != nil {
		return nil, fmt.Errorf("edge %q until: %w", e.ID, err)
	}
	if start != "" {
		o["start_time"] = stixTime(start, false)
	}
	if end != "" {
		o["stop_time"] = stixTime(end, true)
	}
	refs := []map[string]any{{"source_name": "linkchart", "external_id": e.ID}}
	for _, id := range e.Sources {
		s, ok := srcs[id]
		if !ok {
			refs = append(refs, map[string]any{"source_name": "linkchart-source", "external_id": id})
			continue
		}
		name := s.Publisher
		if name == "" {
			name = "linkchart-source"
		}
		ref := map[string]any{
			"source_name": name,
			"external_id": s.ID,
			"description": citation(s) + " [reliability " + string(s.Reliability) + "]",
		}
		if s.URL != "" {
			ref["url"] = s.URL
		}
		refs = append(refs, ref)
	}
	o["external_references"] = refs
	return o, nil
}

func writeSTIX(w io.Writer, g graph.Subgraph, opt Options) error {
	if err := checkEnds(g); err != nil {
		return err
	}
	ts := opt.Generated.UTC().Format("2006-01-02T15:04:05.000Z")
	srcs := sourceIndex(g)
	nodes := nodeIndex(g)
	used := map[graph.Marking]bool{}
	var objects, refs []any
	for _, n := range g.Nodes {
		o, err := stixNode(n, ts)
		if err != nil {
			return err
		}
		used[n.Marking] = true
		objects = append(objects, o)
		refs = append(refs, o["id"])
	}
	for _, e := range g.Edges {
		o, err := stixEdge(e, nodes, srcs, ts)
		if err != nil {
			return err
		}
		used[e.Marking] = true
		objects = append(objects, o)
		refs = append(refs, o["id"])
	}
	banner := Banner(g)
	used[banner] = true
	if len(refs) > 0 {
		// The report gathers the export under its title and banner.
		objects = append(objects, map[string]any{
			"type":                "report",
			"spec_version":        "2.1",
			"id":                  STIXID("report", "report", title(opt)+"@"+ts),
			"created":             ts,
			"modified":            ts,
			"name":                title(opt),
			"description":         fmt.Sprintf("linkchart export, %s: %d entities, %d relations, %d sources", banner, len(g.Nodes), len(g.Edges), len(g.Sources)),
			"published":           ts,
			"report_types":        []string{"threat-report"},
			"object_refs":         refs,
			"object_marking_refs": []string{TLPMarkingID[banner]},
		})
	}
	for _, m := range graph.Markings {
		if used[m] {
			objects = append(objects, tlpMarkingObject(m))
		}
	}
	bundle := map[string]any{
		"type":    "bundle",
		"id":      "bundle--" + uuid5(stixNamespace, "bundle:"+title(opt)+"@"+ts),
		"objects": objects,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(bundle)
}
