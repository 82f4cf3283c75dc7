package neo4jstore

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// scans are the plan operators that read a whole label, relationship type,
// index or store instead of seeking an index: on a graph of millions of
// records each costs a pass over all of them, per query or (under an Apply)
// per row. (A CartesianProduct of two unique seeks, one row each, is as
// cheap as an Apply; one over a scan is caught by the scan.)
var scans = []string{
	"AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
	"DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan",
	"DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
	"DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan",
	"NodeIndexScan",
}

// scanning are the queries allowed to scan, by a piece of their text: Schema
// counts everything, Search's fallback ranks every node, and re-grading the
// edges of a source whose reliability changed looks at every edge.
var scanning = []string{
	"RETURN n.kind AS k, count(*)",
	"RETURN r.type AS k, count(*)",
	"RETURN count(DISTINCT src)",
	"MATCH (node:Entity)\nWHERE node.mlevel",
	"WHERE any(x IN r.sources WHERE x IN $changed)",
}

// planLines lists the operators of a profiled plan, indented by depth.
func planLines(p neo4j.ProfiledPlan, depth int, out *[]string) {
	op, _, _ := strings.Cut(p.Operator(), "@")
	details, _ := p.Arguments()["Details"].(string)
	if len(details) > 90 {
		details = details[:90] + "…"
	}
	*out = append(*out, fmt.Sprintf("%s%s %s  rows=%d dbhits=%d", strings.Repeat("  ", depth), op, details, p.Records(), p.DbHits()))
	for _, c := range p.Children() {
		planLines(c, depth+1, out)
	}
}

// operators lists the operators of a plan.
func operators(p neo4j.ProfiledPlan) []string {
	op, _, _ := strings.Cut(p.Operator(), "@")
	out := []string{op}
	for _, c := range p.Children() {
		out = append(out, operators(c)...)
	}
	return out
}

func dbHits(p neo4j.ProfiledPlan) int64 {
	n := p.DbHits()
	for _, c := range p.Children() {
		n += dbHits(c)
	}
	return n
}

// TestPlansSeekIndexes profiles every query that the writes and the
// questions of the benchmark run on a generated graph, and fails when one
// that should start from an id seeks no index but scans (see scans). With
// -v it logs every plan: operators, rows and db hits.
func TestPlansSeekIndexes(t *testing.T) {
	st := freshStore(t).(testStore).Store
	ctx := context.Background()
	g := gen.Generate(3_000, 30_000, 7)
	type profile struct {
		query string
		plan  neo4j.ProfiledPlan
	}
	var plans []profile
	step := ""
	profiled = func(q string, p neo4j.ProfiledPlan) { plans = append(plans, profile{step + ": " + q, p}) }
	defer func() { profiled = nil }()
	do := func(name string, err error) {
		t.Helper()
		step = name
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// A graph large enough that the planner's statistics favour seeks,
	// written without profiling; then every call profiled.
	profiled = nil
	half := len(g.Edges) / 2
	do("load", st.Upsert(ctx, graph.Batch{Sources: g.Sources, Nodes: g.Nodes, Edges: g.Edges[:half]}))
	profiled = func(q string, p neo4j.ProfiledPlan) { plans = append(plans, profile{step + ": " + q, p}) }

	step = "upsert new edges"
	do(step, st.Upsert(ctx, graph.Batch{Edges: g.Edges[half : half+2000]}))
	step = "upsert existing edges and nodes"
	do(step, st.Upsert(ctx, graph.Batch{Nodes: g.Nodes[:100], Edges: g.Edges[:2000]}))
	step = "create"
	do(step, st.Create(ctx, graph.Batch{Edges: g.Edges[half+2000 : half+4000]}))
	step = "upsert sources"
	src := g.Sources[0]
	src.Title += " (revised)"
	do(step, st.Upsert(ctx, graph.Batch{Sources: []graph.Source{src}}))
	n, e := g.Nodes[10], g.Edges[10]
	step = "entity"
	_, err := st.Entity(ctx, n.ID, graph.Red)
	do(step, err)
	step = "relation"
	_, err = st.Relation(ctx, e.ID, graph.Red)
	do(step, err)
	step = "search"
	_, err = st.Search(ctx, graph.SearchQuery{Text: n.Name, Clearance: graph.Red})
	do(step, err)
	step = "neighborhood 2 hops"
	_, err = st.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: n.ID, Depth: 2, Limit: 500, Clearance: graph.Red})
	do(step, err)
	step = "paths"
	_, err = st.Paths(ctx, graph.PathQuery{From: e.From, To: g.Edges[20].To, K: 2, Clearance: graph.Red})
	do(step, err)
	step = "subgraph"
	_, err = st.Subgraph(ctx, []string{e.From, e.To, n.ID}, graph.Red)
	do(step, err)
	for _, ov := range g.Edges {
		if graph.IsOversight(ov.Type) {
			step = "oversight who"
			_, err = st.Oversight(ctx, graph.OversightQuery{Who: ov.From, Clearance: graph.Red})
			do(step, err)
			step = "oversight what"
			_, err = st.Oversight(ctx, graph.OversightQuery{What: ov.To, Clearance: graph.Red})
			do(step, err)
			break
		}
	}
	step = "delete edge"
	do(step, st.DeleteEdge(ctx, e.ID))
	step = "delete node"
	do(step, st.DeleteNode(ctx, n.ID))
	step = "schema"
	_, err = st.Schema(ctx, graph.Red)
	do(step, err)

	if len(plans) < 15 {
		t.Fatalf("profiled %d queries; the hook missed some", len(plans))
	}
	for _, p := range plans {
		var lines []string
		planLines(p.plan, 1, &lines)
		t.Logf("%s\n  total dbhits=%d\n%s", p.query, dbHits(p.plan), strings.Join(lines, "\n"))
		allowed := false
		for _, s := range scanning {
			allowed = allowed || strings.Contains(p.query, s)
		}
		if allowed {
			continue
		}
		for _, op := range operators(p.plan) {
			for _, s := range scans {
				if op == s {
					t.Errorf("%s\nplans a %s:\n%s", p.query, op, strings.Join(lines, "\n"))
				}
			}
		}
	}
}
