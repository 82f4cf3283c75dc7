package export

import (
	"embed"
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
	// PageCSS is the @page rules (pageCSS): the brief prints as the PDF does.
	PageCSS template.CSS
	// How says where the chart's arrangement came from.
	How string
	// SVG is chartSVG's picture; chartSVG escapes every name it writes
	// (checked by the tests on hostile names), so it is inlined as it is.
	SVG template.HTML
	// TooLarge is set when the subgraph is above the drawing limits.
	TooLarge           bool
	MaxNodes, MaxEdges int
	// Map is the small map of the located entities, nil when none is.
	Map *briefMap
	// MapSVG and TimeSVG are the map and the time bar (escaped by their
	// writers), "" when there is none.
	MapSVG, TimeSVG template.HTML
}

// writeHTML writes a self-contained brief: no script, and nothing loaded
// from elsewhere (styles inline, the picture an inline SVG). Printed, it
// takes the PDF's layout: the banner at the top and bottom of every page,
// the cover, the chart on a page of its own, then the tables.
func writeHTML(w io.Writer, g graph.Subgraph, opt Options) error {
	if err := checkEnds(g); err != nil {
		return err
	}
	b := newBrief(g, opt)
	data := htmlBrief{
		brief:       b,
		BannerClass: "tlp-" + strings.ToLower(strings.TrimPrefix(string(b.Banner), "TLP:")),
		PageCSS:     pageCSS(b, opt.Paper),
		How:         chartHow(g, opt),
		MaxNodes:    MaxPictureNodes,
		MaxEdges:    MaxPictureEdges,
		Map:         newBriefMap(g),
	}
	if err := checkPaper(opt.Paper); err != nil {
		return err
	}
	if data.Map != nil {
		data.MapSVG = template.HTML(data.Map.svg())
	}
	if b.Time != nil {
		data.TimeSVG = template.HTML(b.Time.svg())
	}
	if drawable(g) {
		// The chart's printed page: landscape, less margins, heading and legend.
		paper := paperSize(opt.Paper)
		data.SVG = template.HTML(chartSVG(g, opt, b, false, paper.H-2*17*mm, paper.W-41*mm-90))
	} else {
		data.TooLarge = true
	}
	if err := briefHTML.Execute(w, data); err != nil {
		return fmt.Errorf("html template: %w", err)
	}
	return nil
}

// pageCSS is the printed pages' @page rules: size and margins, the marking
// in its colour in the top and bottom margin of every page, the title and
// "Page n of N" in the footer, and the chart's landscape page. (The
// template's CSS escaper does not know margin at-rules, so the strings are
// escaped here.)
func pageCSS(b brief, paper string) template.CSS {
	size := "A4"
	if strings.EqualFold(paper, "letter") {
		size = "letter"
	}
	const font = `font: bold 10pt "Liberation Sans", Arial, sans-serif; letter-spacing: .06em; text-align: center; vertical-align: middle; width: 34mm; height: 7mm;`
	const small = `font: 7.5pt "Liberation Sans", Arial, sans-serif; color: #555; vertical-align: middle; margin-bottom: 7mm;`
	banner := fmt.Sprintf(`content: %s; background: #000; color: %s; %s`, cssString(string(b.Banner)), tlpColor(b.Banner), font)
	return template.CSS(fmt.Sprintf(`@page {
  size: %s; margin: 20mm 17mm 21mm;
  @top-center { %s margin-top: 5mm; }
  @bottom-center { %s margin-bottom: 7mm; }
  @bottom-left { content: %s; %s }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); %s }
}
@page chart { size: %s landscape; }
`, size, banner, banner, cssString(truncate(b.Title, 48)), small, small, size))
}

// cssString quotes s as a CSS string: every rune but letters, digits,
// space and a few marks is a hex escape.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == ' ', r == ':', r == '.', r == ',', r == '-':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "\\%x ", r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
