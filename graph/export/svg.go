package export

import (
	"bytes"
	"context"
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

// SVG lays g out with Graphviz's dot engine (hierarchical, left to right)
// and returns the SVG document, without the XML prolog, for inlining.
func SVG(ctx context.Context, g graph.Subgraph, opt Options) ([]byte, error) {
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
