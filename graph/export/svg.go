package export

import "linkchart/graph"

// The largest subgraph the briefs draw: beyond it a picture is a hairball,
// and GraphML or GEXF in Gephi or yEd suits better. Larger briefs say so
// instead of drawing.
const (
	MaxPictureNodes = 120
	MaxPictureEdges = 300
)

// drawable reports whether the briefs draw g.
func drawable(g graph.Subgraph) bool {
	return len(g.Nodes) <= MaxPictureNodes && len(g.Edges) <= MaxPictureEdges
}
