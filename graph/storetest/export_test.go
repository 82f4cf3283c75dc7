package storetest

import "linkchart/graph"

// PartOfPaths lets the reference store (package storetest_test) walk
// PART_OF edges as the suite's brute force does.
var PartOfPaths = partOfPaths

// TopOf lets the reference store answer a TopQuery from its maps as the
// suite's model does.
func TopOf(nodes map[string]graph.Node, edges map[string]graph.Edge, q graph.TopQuery) []graph.Ranked {
	return modelTop(&fixture{nodes: nodes, edges: edges}, q)
}
