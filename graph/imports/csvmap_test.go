package imports

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linkchart/graph"
)

func testdata(t *testing.T, names ...string) []File {
	t.Helper()
	var out []File
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, File{Name: n, Data: data})
	}
	return out
}

// TestMappedCSV reads the README's example: columns, props, constants,
// values, ends by id or by name, sources by id, by URL and by constant.
func TestMappedCSV(t *testing.T) {
	m := testdata(t, "mapping.yaml")[0]
	b, err := Read(testdata(t, "people.csv", "links.csv"), Options{Format: "csv", Mapping: &m})
	if err != nil {
		t.Fatal(err)
	}
	x := indexOf(b)
	kim := x.nodes["kim-yong-bok"]
	if kim.Kind != graph.Person || kim.Props["rank"] != "Colonel General" || len(kim.Aliases) != 2 || kim.Marking != graph.Green {
		t.Errorf("kim: %+v", kim)
	}
	if c := x.nodes["storm-corps"]; c.Kind != graph.Unit || c.Name != "Storm Corps" {
		t.Errorf("corps: %+v (nodes %v)", c, x.nodes)
	}
	cmd, ok := x.edges[[3]string{"kim-yong-bok", "COMMANDS", "storm-corps"}]
	if !ok || cmd.Since != "2020" || cmd.Until != "2024-10" || cmd.Credibility != 2 || len(cmd.Sources) != 1 || x.sources[cmd.Sources[0]].URL == "" {
		t.Errorf("commands: %+v", cmd)
	}
	dep, ok := x.edges[[3]string{"storm-corps", "DEPLOYED_TO", "russia"}]
	if !ok || len(dep.Sources) != 1 || dep.Sources[0] != "analyst-sheet-2024" || x.sources["analyst-sheet-2024"].Reliability != "C" {
		t.Errorf("deployed: %+v", dep)
	}
}

// TestBadInput: every format names the file, the line or element, and the
// field of what is wrong, and gives no batch.
func TestBadInput(t *testing.T) {
	mapping := func(s string) *File { return &File{Name: "map.yaml", Data: []byte(s)} }
	good := testdata(t, "mapping.yaml")[0]
	for _, c := range []struct {
		name  string
		files []File
		opt   Options
		want  []string // each in the error
	}{
		{"graphml not xml", []File{{"a.graphml", []byte("<graphml><node id='a'>")}}, Options{}, []string{"a.graphml:", "XML"}},
		{"graphml no kind", []File{{"a.graphml", []byte(`<graphml><key id="d0" for="node" attr.name="name"/><graph><node id="a"><data key="d0">A</data></node></graph></graphml>`)}}, Options{},
			[]string{"a.graphml:1", `<node id="a">`, "kind: no kind"}},
		{"graphml bad kind and end", []File{{"b.graphml", []byte("<graphml>\n<key id=\"k\" for=\"node\" attr.name=\"kind\"/>\n<graph>\n<node id=\"a\"><data key=\"k\">Wizard</data></node>\n<edge source=\"a\" target=\"zz\"/>\n</graph></graphml>")}}, Options{},
			[]string{"b.graphml:4", `"Wizard" is not a kind`, "b.graphml:5", `target: no node "zz"`, "type: no relation type"}},
		{"graphml lat without lon", []File{{"g.graphml", []byte("<graphml>\n<key id=\"k\" for=\"node\" attr.name=\"kind\"/><key id=\"la\" for=\"node\" attr.name=\"lat\"/><key id=\"gs\" for=\"node\" attr.name=\"geo_source\"/>\n<graph>\n<node id=\"a\"><data key=\"k\">Place</data><data key=\"la\">41.8</data><data key=\"gs\">GeoNames 1</data></node>\n</graph></graphml>")}}, Options{},
			[]string{"g.graphml:4", `<node id="a">`, "lon", "want a longitude"}},
		{"gexf bad lat", []File{{"g.gexf", []byte("<gexf>\n<graph><attributes class=\"node\"><attribute id=\"0\" title=\"kind\"/><attribute id=\"1\" title=\"lat\"/><attribute id=\"2\" title=\"lon\"/></attributes>\n<nodes>\n<node id=\"a\" label=\"A\"><attvalues><attvalue for=\"0\" value=\"Place\"/><attvalue for=\"1\" value=\"north\"/><attvalue for=\"2\" value=\"129.8\"/></attvalues></node>\n</nodes></graph></gexf>")}}, Options{},
			[]string{"g.gexf:4", `<node id="a">`, "lat", `"north"`}},
		{"stix latitude without longitude", []File{{"g.json", []byte(`{"type": "bundle", "objects": [
{"type": "location", "id": "location--1", "name": "A", "latitude": 41.8}]}`)}}, Options{Format: "stix"},
			[]string{"g.json:2", "location--1", "longitude"}},
		{"gexf not gexf", []File{{"a.gexf", []byte("<graphml/>")}}, Options{}, []string{"a.gexf:1", "not GEXF"}},
		{"stix not a bundle", []File{{"a.stix.json", []byte(`{"type": "report"}`)}}, Options{}, []string{"a.stix.json:1", "type", "bundle"}},
		{"stix bad json", []File{{"a.stix.json", []byte("{\n\"type\": \"bundle\",\n\"objects\": [}")}}, Options{}, []string{"a.stix.json:3", "not a STIX bundle"}},
		{"stix bad date", []File{{"a.json", []byte(`{"type": "bundle", "objects": [
{"type": "identity", "id": "identity--1", "name": "A", "identity_class": "individual"},
{"type": "identity", "id": "identity--2", "name": "B"},
{"type": "relationship", "id": "relationship--3", "relationship_type": "knows", "source_ref": "identity--1", "target_ref": "identity--2", "start_time": "soon"}]}`)}}, Options{Format: "stix"},
			[]string{"a.json:4", "since", `"soon"`}},
		{"ftm bad line", []File{{"a.ftm", []byte("{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"A\"]}}\nnot json\n{\"id\": \"m\", \"schema\": \"Membership\", \"properties\": {\"member\": [\"a\"]}}")}}, Options{},
			[]string{"a.ftm:2", "not a FollowTheMoney entity", "a.ftm:3", "organization: a Membership needs organization"}},
		{"ftm no name", []File{{"a.ftm", []byte(`{"id": "a", "schema": "Person", "properties": {}}`)}}, Options{}, []string{"a.ftm:1", "name"}},
		{"mapping unknown field", testdata(t, "people.csv"), Options{Format: "csv", Mapping: mapping("tables:\n  - file: people.csv\n    rows: entities\n    columns: {name: Full name, colour: Category}\n    constants: {kind: Person}\n")},
			[]string{"map.yaml", "tables[0].colour", "not a field of entities"}},
		{"mapping missing column", testdata(t, "people.csv"), Options{Format: "csv", Mapping: mapping("tables:\n  - file: people.csv\n    rows: entities\n    columns: {name: Name}\n    constants: {kind: Person}\n")},
			[]string{"people.csv:1", "name", `no column "Name"`}},
		{"mapping no kind", testdata(t, "people.csv"), Options{Format: "csv", Mapping: mapping("tables:\n  - file: people.csv\n    rows: entities\n    columns: {name: Full name}\n")},
			[]string{"tables[0].columns.kind", "entities need a kind"}},
		{"mapped csv bad cell", []File{testdata(t, "people.csv")[0], {"links.csv", []byte("Who,Whom,Link,Start,End,Conf,Source\nkim-yong-bok,Nobody,commands,2020-13,,9,x\n")}}, Options{Format: "csv", Mapping: &good},
			[]string{"links.csv:2", "credibility", "since", `no entity "nobody"`}},
		{"no format", []File{{"a.txt", nil}}, Options{}, []string{"a.txt", "cannot tell the format"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := Read(c.files, c.opt)
			if err == nil {
				t.Fatalf("no error; batch %+v", b)
			}
			if !b.Empty() {
				t.Errorf("a batch came with the error: %+v", b)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			var ve *graph.ValidationError
			if strings.Contains(c.name, "format") != !errors.As(err, &ve) {
				t.Errorf("error %T: want a *graph.ValidationError for problems in files", err)
			}
		})
	}
}
