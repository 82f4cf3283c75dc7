package imports

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"linkchart/graph"
)

// writeWithTool runs testdata/write_tools.py, which writes a file of the
// format with the real tool's Python library. A missing python or library
// skips locally and fails in CI (CI=true).
func writeWithTool(t *testing.T, format string) File {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		unavailable(t, "python3 not found")
	}
	out := filepath.Join(t.TempDir(), "tool."+format)
	cmd := exec.Command(py, filepath.Join("testdata", "write_tools.py"), format, out)
	msg, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 3 {
		unavailable(t, "%s", msg)
	}
	if err != nil {
		t.Fatalf("write_tools.py %s: %v\n%s", format, err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return File{Name: "tool." + format, Data: data}
}

func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true but "+format, args...)
	}
	t.Skipf(format, args...)
}

// index gives a batch's records by id.
type index struct {
	nodes   map[string]graph.Node
	edges   map[[3]string]graph.Edge // from, type, to
	sources map[string]graph.Source
}

func indexOf(b graph.Batch) index {
	x := index{nodes: map[string]graph.Node{}, edges: map[[3]string]graph.Edge{}, sources: map[string]graph.Source{}}
	for _, n := range b.Nodes {
		x.nodes[n.ID] = n
	}
	for _, e := range b.Edges {
		x.edges[[3]string{e.From, e.Type, e.To}] = e
	}
	for _, s := range b.Sources {
		x.sources[s.ID] = s
	}
	return x
}

func read(t *testing.T, f File, format string) index {
	t.Helper()
	b, err := Read([]File{f}, Options{Format: format})
	if err != nil {
		t.Fatal(err)
	}
	return indexOf(b)
}

// TestNetworkX reads GraphML and GEXF written by networkx: attributes to
// fields, other attributes to props, the file as the source.
func TestNetworkX(t *testing.T) {
	for _, format := range []string{"graphml", "gexf"} {
		t.Run(format, func(t *testing.T) {
			x := read(t, writeWithTool(t, format), format)
			kim, ok := x.nodes["kim-young-bok"]
			if !ok || kim.Kind != graph.Person || kim.Name != "Kim Young-bok" || kim.Props["rank"] != "Colonel General" {
				t.Errorf("Kim: %+v (nodes %v)", kim, x.nodes)
			}
			corps := x.nodes["storm-corps"]
			if corps.Kind != graph.Unit || corps.Name != "11th Corps" || strings.Join(corps.Aliases, "|") != "Storm Corps|폭풍군단" {
				t.Errorf("corps: %+v", corps)
			}
			if x.nodes["kursk"].Summary != "Region of Russia" {
				t.Errorf("kursk: %+v", x.nodes["kursk"])
			}
			cmd, ok := x.edges[[3]string{"kim-young-bok", "COMMANDS", "storm-corps"}]
			if !ok || cmd.Since != "2020" || cmd.Until != "2024-10" || cmd.Credibility != 2 {
				t.Errorf("commands: %+v (edges %v)", cmd, x.edges)
			}
			dep, ok := x.edges[[3]string{"storm-corps", "DEPLOYED_TO", "kursk"}]
			if !ok || dep.Since != "2024-10-18" || dep.Props["weight"] != "" && format == "gexf" {
				t.Errorf("deployed: %+v", dep)
			}
			if len(cmd.Sources) != 1 || x.sources[cmd.Sources[0]].Reliability != graph.ReliabilityUnknown {
				t.Errorf("want the file as the one source, reliability F: %v %v", cmd.Sources, x.sources)
			}
		})
	}
}

// TestYEd reads a GraphML of yEd's shape: labels inside y:NodeLabel.
func TestYEd(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "yed.graphml"))
	if err != nil {
		t.Fatal(err)
	}
	x := read(t, File{Name: "yed.graphml", Data: data}, "")
	if n := x.nodes["n0"]; n.Name != "Kim Jong Un" || n.Kind != graph.Person {
		t.Errorf("n0: %+v", n)
	}
	if _, ok := x.edges[[3]string{"n0", "LEADS", "n1"}]; !ok {
		t.Errorf("edges: %v", x.edges)
	}
}

// TestSTIX2 reads a bundle written by the stix2 library.
func TestSTIX2(t *testing.T) {
	x := read(t, writeWithTool(t, "stix"), "stix")
	for id, kind := range map[string]graph.Kind{
		"kim-young-bok": graph.Person, "storm-corps": graph.Unit, "lazarus-group": graph.Organization,
		"andariel": graph.Organization, "kursk": graph.Place, "kn-23": graph.WeaponSystem, "applejeus": graph.WeaponSystem,
	} {
		if n, ok := x.nodes[id]; !ok || n.Kind != kind {
			t.Errorf("%s: %+v, want kind %s", id, n, kind)
		}
	}
	if m := x.nodes["kim-young-bok"].Marking; m != graph.Amber {
		t.Errorf("Kim marked %s, want TLP:AMBER", m)
	}
	if a := x.nodes["lazarus-group"].Aliases; len(a) != 1 || a[0] != "Hidden Cobra" {
		t.Errorf("aliases %v", a)
	}
	cmd, ok := x.edges[[3]string{"kim-young-bok", "COMMANDS", "storm-corps"}]
	if !ok || cmd.Since != "2020" || cmd.Until != "2024-10" || cmd.Credibility != 2 {
		t.Errorf("commands: %+v", cmd)
	}
	if s := x.sources["ytn-2024-10-28"]; len(cmd.Sources) != 1 || cmd.Sources[0] != "ytn-2024-10-28" || s.URL == "" || s.Publisher != "YTN" {
		t.Errorf("commands cites %v; source %+v", cmd.Sources, s)
	}
	loc, ok := x.edges[[3]string{"storm-corps", "LOCATED_AT", "kursk"}]
	if !ok || len(loc.Sources) != 1 || x.sources[loc.Sources[0]].Title != "Storm Corps in Kursk" || x.sources[loc.Sources[0]].Date != "2024-11-01" {
		t.Errorf("located-at should cite the report: %+v %v", loc, x.sources)
	}
	if _, ok := x.edges[[3]string{"andariel", "ATTRIBUTED_TO", "lazarus-group"}]; !ok {
		t.Errorf("attributed-to missing: %v", x.edges)
	}
}

// TestFollowTheMoney reads JSON lines written by the followthemoney
// library: things to entities, interval schemata to relations.
func TestFollowTheMoney(t *testing.T) {
	b, err := Read([]File{writeWithTool(t, "ftm")}, Options{Format: "ftm"})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]graph.Node{}
	for _, n := range b.Nodes {
		byName[n.Name] = n
	}
	kim, ri, gsd, co := byName["Kim Young-bok"], byName["Ri Chang Ho"], byName["General Staff Department"], byName["Korea Mining Development Trading Corporation"]
	if kim.Kind != graph.Person || len(kim.Aliases) != 1 || kim.Aliases[0] != "Kim Yong-bok" || kim.Props["birthDate"] != "1960" {
		t.Errorf("kim: %+v", kim)
	}
	if gsd.Kind != graph.Organization || co.Kind != graph.Organization || len(co.Aliases) != 1 {
		t.Errorf("orgs: %+v %+v", gsd, co)
	}
	x := indexOf(b)
	mem, ok := x.edges[[3]string{kim.ID, graph.MemberOf, gsd.ID}]
	if !ok || mem.Since != "2024-06" || len(mem.Sources) != 1 || x.sources[mem.Sources[0]].Title != "Panel of Experts report" {
		t.Errorf("membership: %+v", mem)
	}
	if d, ok := x.edges[[3]string{ri.ID, graph.Directs, co.ID}]; !ok || d.Since != "2019-03-01" || d.Until != "2023" {
		t.Errorf("directorship: %+v", d)
	}
	if o, ok := x.edges[[3]string{gsd.ID, "OWNS", co.ID}]; !ok || o.Props["percentage"] != "100" {
		t.Errorf("ownership: %+v", o)
	}
	if f, ok := x.edges[[3]string{kim.ID, "FAMILY_OF", ri.ID}]; !ok || f.Note != "brother-in-law" {
		t.Errorf("family: %+v", f)
	}
}
