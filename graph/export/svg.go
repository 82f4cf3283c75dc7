package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/goccy/go-graphviz"
	"linkchart/graph"
)

// Graphviz runs as WebAssembly inside the process (go-graphviz, no cgo).
// Its module holds global state, so renders are serialized.
var (
	gvMu   sync.Mutex
	gvInst *graphviz.Graphviz
)

// The largest subgraph the briefs draw. Graphviz's dot layout grows much
// faster than linearly with the graph's size, so larger briefs say so
// instead of drawing; GraphML or GEXF in Gephi or yEd suits them better.
const (
	MaxPictureNodes = 120
	MaxPictureEdges = 300
)

// ErrTooLargeToDraw is returned by SVG for a subgraph above MaxPictureNodes
// or MaxPictureEdges.
var ErrTooLargeToDraw = errors.New("too large to draw")

// drawable reports whether the briefs draw g.
func drawable(g graph.Subgraph) bool {
	return len(g.Nodes) <= MaxPictureNodes && len(g.Edges) <= MaxPictureEdges
}

// SVG lays g out with Graphviz's dot engine (hierarchical, left to right)
// and returns the SVG document, without the XML prolog, for inlining.
func SVG(ctx context.Context, g graph.Subgraph, opt Options) ([]byte, error) {
	if !drawable(g) {
		return nil, fmt.Errorf("svg: %d entities, %d relations (at most %d and %d are drawn): %w",
			len(g.Nodes), len(g.Edges), MaxPictureNodes, MaxPictureEdges, ErrTooLargeToDraw)
	}
	var dot bytes.Buffer
	if err := writeDOT(&dot, g, opt); err != nil {
		return nil, fmt.Errorf("svg: %w", err)
	}
	gvMu.Lock()
	defer gvMu.Unlock()
	if gvInst == nil {
		gv, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("svg: start graphviz: %w", err)
		}
		gvInst = gv
	}
	parsed, err := graphviz.ParseBytes(dot.Bytes())
	if err != nil {
		return nil, fmt.Errorf("svg: parse dot: %w", err)
	}
	defer parsed.Close()
	var out bytes.Buffer
	if err := gvInst.SetLayout(graphviz.DOT).Render(ctx, parsed, graphviz.SVG, &out); err != nil {
		return nil, fmt.Errorf("svg: render: %w", err)
	}
	svg := out.Bytes()
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	} else {
		return nil, fmt.Errorf("svg: graphviz wrote no <svg> element")
	}
	return svg, nil
}
