package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"sort"
	"testing"

	"linkchart/graph"
)

// oracleGraph is what testdata/oracle.py answers for one graph.
type oracleGraph struct {
	Nodes    []string                      `json:"nodes"`
	Edges    [][2]string                   `json:"edges"`
	Measures map[string]map[string]float64 `json:"measures"`
	Louvain  []float64                     `json:"louvain"`
	Steiner  []struct {
		Terminals []string `json:"terminals"`
		Links     int      `json:"links"`
	} `json:"steiner"`
}

// runOracle runs testdata/oracle.py with args and stdin. Without python3 or
// networkx the test is skipped, or fails in CI.
func runOracle(t *testing.T, stdin []byte, args ...string) []byte {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err == nil {
		cmd := exec.Command(py, append([]string{"testdata/oracle.py"}, args...)...)
		cmd.Stdin = bytes.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		var out []byte
		if out, err = cmd.Output(); err == nil {
			return out
		}
		err = &oracleError{err, stderr.String()}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("networkx oracle: %v (pip install -r requirements-test.txt)", err)
	}
	t.Skipf("networkx oracle unavailable: %v", err)
	return nil
}

type oracleError struct {
	err    error
	stderr string
}

func (e *oracleError) Error() string { return e.err.Error() + ": " + e.stderr }

// oracleAnswer caches the oracle's graphs across tests (it takes seconds).
var oracleAnswer []byte

func loadOracle(t *testing.T) map[string]oracleGraph {
	t.Helper()
	if oracleAnswer == nil {
		oracleAnswer = runOracle(t, nil)
	}
	var graphs map[string]oracleGraph
	if err := json.Unmarshal(oracleAnswer, &graphs); err != nil {
		t.Fatalf("read oracle answer: %v", err)
	}
	if len(graphs) != 3 {
		t.Fatalf("oracle answered %d graphs, want 3", len(graphs))
	}
	return graphs
}

// subgraph turns an oracle graph into a chart subgraph. With doubled, each
// link is also given as a second edge the other way round, which Analyze
// must see as the same single link.
func (o oracleGraph) subgraph(doubled bool) graph.Subgraph {
	var g graph.Subgraph
	for _, id := range o.Nodes {
		g.Nodes = append(g.Nodes, graph.Node{ID: id})
	}
	for i, e := range o.Edges {
		g.Edges = append(g.Edges, graph.Edge{ID: fmt.Sprintf("e%d", i), From: e[0], To: e[1]})
		if doubled {
			g.Edges = append(g.Edges, graph.Edge{ID: fmt.Sprintf("f%d", i), From: e[1], To: e[0]})
		}
	}
	return g
}

func TestCentralitiesMatchNetworkx(t *testing.T) {
	for name, o := range loadOracle(t) {
		for _, doubled := range []bool{false, true} {
			res := Analyze(o.subgraph(doubled), Options{Measures: Measures})
			if len(res.Nodes) != len(o.Nodes) {
				t.Fatalf("%s: %d nodes scored, want %d", name, len(res.Nodes), len(o.Nodes))
			}
			if res.Sampled != nil {
				t.Errorf("%s: sampled %+v on a small graph", name, res.Sampled)
			}
			for _, m := range Measures {
				want := o.Measures[string(m)]
				worst := 0.0
				for _, ns := range res.Nodes {
					got, ok := ns.Scores[string(m)]
					if !ok {
						t.Fatalf("%s: %s: no %s score", name, ns.ID, m)
					}
					worst = math.Max(worst, math.Abs(got-want[ns.ID]))
				}
				if worst > 1e-6 {
					t.Errorf("%s (doubled %v): %s differs from networkx by up to %g", name, doubled, m, worst)
				}
			}
		}
	}
}

func TestCommunitiesWithinNetworkxLouvain(t *testing.T) {
	for name, o := range loadOracle(t) {
		res := Analyze(o.subgraph(false), Options{Communities: true})
		again := Analyze(o.subgraph(true), Options{Communities: true})
		for i := range res.Nodes {
			if *res.Nodes[i].Community != *again.Nodes[i].Community {
				t.Fatalf("%s: %s in community %d, then %d: not deterministic", name, res.Nodes[i].ID, *res.Nodes[i].Community, *again.Nodes[i].Community)
			}
		}
		groups := make([][]string, *res.Communities)
		for _, ns := range res.Nodes {
			groups[*ns.Community] = append(groups[*ns.Community], ns.ID)
		}
		for c, g := range groups {
			if len(g) == 0 {
				t.Fatalf("%s: community %d of %d is empty", name, c, len(groups))
			}
			if c > 0 && len(g) > len(groups[c-1]) {
				t.Errorf("%s: community %d (%d nodes) larger than %d (%d)", name, c, len(g), c-1, len(groups[c-1]))
			}
		}
		req, _ := json.Marshal(map[string]any{"graph": name, "communities": groups})
		var nxQ float64
		if err := json.Unmarshal(runOracle(t, req, "modularity"), &nxQ); err != nil {
			t.Fatal(err)
		}
		q := *res.Modularity
		if math.Abs(q-nxQ) > 1e-9 {
			t.Errorf("%s: modularity %g, networkx says %g for the same partition", name, q, nxQ)
		}
		lo := sort.Float64Slice(append([]float64(nil), o.Louvain...))
		lo.Sort()
		if q < lo[0]-1e-9 || q > lo[len(lo)-1]+1e-9 {
			t.Errorf("%s: modularity %g outside networkx Louvain's [%g, %g] over the oracle's seeds", name, q, lo[0], lo[len(lo)-1])
		}
		t.Logf("%s: %d communities, modularity %.4f (networkx Louvain %.4f..%.4f)", name, len(groups), q, lo[0], lo[len(lo)-1])
	}
}
