package export

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"

	"linkchart/graph"
)

//go:embed templates/brief.html.tmpl
var templateFS embed.FS

var briefHTML = template.Must(template.ParseFS(templateFS, "templates/brief.html.tmpl"))

type htmlBrief struct {
	brief
	BannerClass string
	// SVG is Graphviz's rendering of the subgraph. Graphviz escapes every
	// label, title and attribute it writes (checked by the tests on hostile
	// names), so the markup is inlined as it is.
	SVG template.HTML
	// TooLarge is set when the subgraph is above the drawing limits.
	TooLarge           bool
	MaxNodes, MaxEdges int
	// Map is the small map of the located entities, nil when none is.
	Map *briefMap
}

// writeHTML writes a self-contained brief: no script, and nothing loaded
// from elsewhere (styles inline, the picture an inline SVG).
func writeHTML(w io.Writer, g graph.Subgraph, opt Options) error {
	b := newBrief(g, opt)
	data := htmlBrief{
		brief:       b,
		BannerClass: "tlp-" + strings.ToLower(strings.TrimPrefix(string(b.Banner), "TLP:")),
		MaxNodes:    MaxPictureNodes,
		MaxEdges:    MaxPictureEdges,
		Map:         newBriefMap(g),
	}
	svg, err := SVG(context.Background(), g, opt)
	switch {
	case errors.Is(err, ErrTooLargeToDraw):
		data.TooLarge = true
	case err != nil:
		return err
	default:
		data.SVG = template.HTML(svg)
	}
	if err := briefHTML.Execute(w, data); err != nil {
		return fmt.Errorf("html template: %w", err)
	}
	return nil
}
