package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-graphviz"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"linkchart/graph"
	"linkchart/graph/gen"
)

// walk calls f on every element of the tree under n.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key || (a.Namespace != "" && a.Namespace+":"+a.Key == key) {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

func byID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	walk(doc, func(n *html.Node) {
		if found == nil && attr(n, "id") == id {
			found = n
		}
	})
	return found
}

// TestHTMLBriefIsSelfContainedAndEscaped parses the brief as a browser
// would and checks banner, picture, tables, citations and that nothing is
// loaded from elsewhere or run.
func TestHTMLBriefIsSelfContainedAndEscaped(t *testing.T) {
	g := fixture(t, "tricky.json")
	out := export(t, "html", g, Options{Title: "Storm Corps <b>brief</b>"})
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}

	// Banner top and bottom: first and last element of the body.
	body := byID(doc, "banner-top").Parent
	var first, last *html.Node
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if first == nil {
				first = c
			}
			last = c
		}
	}
	for _, b := range []*html.Node{first, last} {
		if got := strings.TrimSpace(text(b)); got != "TLP:AMBER" || !strings.Contains(attr(b, "class"), "banner") {
			t.Errorf("body starts/ends with %q (class %q), want the TLP:AMBER banner", got, attr(b, "class"))
		}
	}

	var svgs, scripts int
	walk(doc, func(n *html.Node) {
		switch n.DataAtom {
		case atom.Svg:
			svgs++
		case atom.Script:
			scripts++
		}
		// Nothing fetched from elsewhere: no src at all, no href other than
		// a link to a source (a) or a fragment.
		if src := attr(n, "src"); src != "" {
			t.Errorf("<%s src=%q>: the brief must load nothing", n.Data, src)
		}
		for _, key := range []string{"href", "xlink:href"} {
			if h := attr(n, key); h != "" && !strings.HasPrefix(h, "#") && n.DataAtom != atom.A {
				t.Errorf("<%s %s=%q>: the brief must load nothing", n.Data, key, h)
			}
		}
		if n.DataAtom == atom.Link || n.DataAtom == atom.Iframe || n.DataAtom == atom.Object || n.DataAtom == atom.Embed {
			t.Errorf("<%s> in the brief", n.Data)
		}
		if n.DataAtom == atom.Style && regexp.MustCompile(`(?i)@import|url\(`).MatchString(text(n)) {
			t.Error("the style loads something")
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s %s>: event handler in the brief", n.Data, a.Key)
			}
		}
	})
	if svgs == 0 {
		t.Error("no inline <svg> picture")
	}
	if scripts != 0 {
		t.Errorf("%d <script> elements: names must be escaped, and the brief runs nothing", scripts)
	}
	fig := byID(doc, "picture")
	if fig == nil || !strings.Contains(text(fig), "<script>alert('xss')</script>") {
		t.Error("the picture does not show the <script> name as text")
	}
	for _, name := range []string{"Russian Pacific Fleet &amp; &lt;friends&gt;", "Deployment to Kursk & Tŏkch’ŏn, 2024"} {
		if !strings.Contains(text(fig), name) {
			t.Errorf("the picture does not show %q as written", name)
		}
	}
	if got := text(byID(doc, "entity-script-person")); !strings.Contains(got, "<script>alert('xss')</script>") {
		t.Errorf("entity row %q: want the name as text", got)
	}

	// Relations: one row per edge, each with numbered citations that point
	// into the numbered source list.
	rels := byID(doc, "relations")
	var rows int
	walk(rels, func(n *html.Node) {
		if n.DataAtom != atom.Tr || !strings.HasPrefix(attr(n, "id"), "relation-") {
			return
		}
		rows++
		var cites int
		walk(n, func(a *html.Node) {
			if a.DataAtom == atom.A {
				cites++
				target := strings.TrimPrefix(attr(a, "href"), "#")
				if byID(doc, target) == nil || text(a) != fmt.Sprintf("[%s]", strings.TrimPrefix(target, "source-")) {
					t.Errorf("citation %q → %q does not point at a numbered source", text(a), target)
				}
			}
		})
		if cites == 0 {
			t.Errorf("relation %s has no citation", attr(n, "id"))
		}
	})
	if rows != len(g.Edges) {
		t.Errorf("%d relation rows, want %d", rows, len(g.Edges))
	}
	src := byID(doc, "source-1")
	if src == nil {
		t.Fatal("no source [1]")
	}
	var links []string
	walk(byID(doc, "sources"), func(n *html.Node) {
		if n.DataAtom == atom.A {
			links = append(links, attr(n, "href"))
		}
	})
	if want := []string{"https://example.org/yonhap?a=1&b=2", "https://kcnawatch.example/content/83ad844b"}; strings.Join(links, " ") != strings.Join(want, " ") {
		t.Errorf("source links %v, want %v", links, want)
	}
	if !strings.Contains(text(doc), "Storm Corps <b>brief</b>") {
		t.Error("the title is not shown as text")
	}
}

// TestMarkdownBrief reads the markdown zip: brief.md with the banner as its
// first and last lines and the picture as chart.svg beside it, an SVG that
// carries the banner, a node per entity and names as text.
func TestMarkdownBrief(t *testing.T) {
	g := fixture(t, "tricky.json")
	files := unzip(t, export(t, "markdown", g, Options{Title: "Storm Corps", Author: "A. Analyst", KeyJudgments: []string{"Judgment <one>"}}))
	out := string(files["brief.md"])
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "**TLP:AMBER**" || lines[len(lines)-1] != "**TLP:AMBER**" {
		t.Errorf("first and last lines %q, %q: want the banner", lines[0], lines[len(lines)-1])
	}
	if !strings.Contains(out, "](chart.svg)") {
		t.Error("brief.md does not show chart.svg")
	}
	for _, want := range []string{"| **Author** | A. Analyst |", "1. Judgment \\<one\\>", "## Key judgments", "> **TLP:AMBER** (Traffic Light Protocol 2.0): limited disclosure"} {
		if !strings.Contains(out, want) {
			t.Errorf("brief.md lacks %q", want)
		}
	}
	var svg struct {
		Texts []string `xml:"g>text"`
		Nodes []struct {
			Title string `xml:"title"`
		} `xml:"g>g"`
	}
	if err := xml.Unmarshal(files["chart.svg"], &svg); err != nil {
		t.Fatalf("chart.svg: %v", err)
	}
	if len(svg.Texts) < 2 || svg.Texts[0] != "TLP:AMBER" || svg.Texts[len(svg.Texts)-1] != "TLP:AMBER" {
		t.Errorf("chart.svg banners: %q", svg.Texts)
	}
	var titles []string
	for _, n := range svg.Nodes {
		titles = append(titles, n.Title)
	}
	for _, n := range g.Nodes {
		if !slices.Contains(titles, n.Name+" ("+string(n.Kind)+")") {
			t.Errorf("chart.svg has no node %q (titles %q)", n.Name, titles)
		}
	}
	if bytes.Contains(files["chart.svg"], []byte("<script")) {
		t.Error("raw <script> in chart.svg")
	}
	if strings.Contains(out, "<script>") {
		t.Error("raw <script> in the markdown")
	}
	// Every relation row has as many columns as the header and its citations.
	var relRows int
	inRel := false
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "## Relations"):
			inRel = true
		case strings.HasPrefix(l, "## "):
			inRel = false
		case inRel && strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| From"):
			relRows++
			cells := regexp.MustCompile(`[^\\]\|`).FindAllString(l, -1)
			if len(cells) != 8 {
				t.Errorf("row has %d cells, want 8: %s", len(cells), l)
			}
			if !regexp.MustCompile(`\| (\[\d+\])+ \|`).MatchString(l) {
				t.Errorf("row without numbered citations: %s", l)
			}
		}
	}
	if relRows != len(g.Edges) {
		t.Errorf("%d relation rows, want %d", relRows, len(g.Edges))
	}
	for _, want := range []string{"] North Korea’s “Storm Corps” in Kursk", "<https://example.org/yonhap?a=1&b=2>", "<https://kcnawatch.example/content/83ad844b>"} {
		if !strings.Contains(out, want) {
			t.Errorf("sources lack %q", want)
		}
	}
}

// TestDOTParsesInGraphviz reads the DOT export with Graphviz's own parser
// (go-graphviz, WASM) and, when the dot binary is installed, with dot too.
func TestDOTParsesInGraphviz(t *testing.T) {
	g := fixture(t, "tricky.json")
	out := export(t, "dot", g, Options{Title: `title with "quotes" \ and newline` + "\n"})
	parsed, err := graphviz.ParseBytes(out)
	if err != nil {
		t.Fatalf("graphviz cannot parse the export: %v\n%s", err, out)
	}
	defer parsed.Close()
	nn, err := parsed.NodeNum()
	if err != nil {
		t.Fatal(err)
	}
	ne, err := parsed.EdgeNum()
	if err != nil {
		t.Fatal(err)
	}
	if nn != len(g.Nodes) || ne != len(g.Edges) {
		t.Errorf("graphviz read %d nodes, %d edges; want %d, %d", nn, ne, len(g.Nodes), len(g.Edges))
	}
	for _, n := range g.Nodes {
		node, err := parsed.NodeByName(n.ID)
		if err != nil || node == nil {
			t.Errorf("node %s not found: %v", n.ID, err)
			continue
		}
		// The DOT parser undoes \" and keeps label escapes such as \\ and \n.
		quoted := DOTString(n.Name)
		want := strings.ReplaceAll(quoted[1:len(quoted)-1], `\"`, `"`)
		if label := node.GetStr("label"); !strings.HasPrefix(label, want+`\n`) {
			t.Errorf("node %s label %q, want it to start with %q", n.ID, label, want)
		}
	}
	if !bytes.Contains(out, []byte("rankdir=LR")) {
		t.Error("no rankdir=LR")
	}
	if dot, err := exec.LookPath("dot"); err == nil {
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = bytes.NewReader(out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("dot -Tsvg: %v\n%s", err, msg)
		}
	}
}

func TestEscapers(t *testing.T) {
	tests := []struct {
		name, in, cypher, dot string
	}{
		{"plain", "Kim Yong Bok", `'Kim Yong Bok'`, `"Kim Yong Bok"`},
		{"entities", "a & b &lt;", `'a & b &lt;'`, `"a &amp; b &amp;lt;"`},
		{"injection", `'}) DETACH DELETE n //`, `'\'}) DETACH DELETE n //'`, `"'}) DETACH DELETE n //"`},
		{"quotes and backslash", `a"b\c'`, `'a\"b\\c\''`, `"a\"b\\c'"`},
		{"newline tab", "a\nb\tc\r", `'a\nb\tc\r'`, `"a\nb c "`},
		{"unicode kept", "폭풍군단 Tŏkch’ŏn", `'폭풍군단 Tŏkch’ŏn'`, `"폭풍군단 Tŏkch’ŏn"`},
		{"literal unicode escape", `\u0027`, `'\\u0027'`, `"\\u0027"`},
		{"control and separators", "a\x00b\u2028c", `'a\u0000b\u2028c'`, `"a b` + "\u2028" + `c"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CypherString(tt.in); got != tt.cypher {
				t.Errorf("CypherString = %s, want %s", got, tt.cypher)
			}
			if got := DOTString(tt.in); got != tt.dot {
				t.Errorf("DOTString = %s, want %s", got, tt.dot)
			}
		})
	}
}

// TestLargeBriefsSkipThePicture checks that a subgraph above the drawing
// limits still gets a brief, quickly, with a note instead of a picture.
func TestLargeBriefsSkipThePicture(t *testing.T) {
	b := gen.Generate(MaxPictureNodes+30, 2*MaxPictureNodes, 7)
	g := prepare(graph.Subgraph{Nodes: b.Nodes, Edges: b.Edges, Sources: b.Sources})
	start := time.Now()
	out := export(t, "html", g, Options{})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("html brief took %v", d)
	}
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	fig := byID(doc, "picture")
	if !strings.Contains(text(fig), "No picture") {
		t.Errorf("picture %q: want the note", text(fig))
	}
	walk(fig, func(n *html.Node) {
		if n.DataAtom == atom.Svg {
			t.Error("an svg above the limits")
		}
	})
	pdf := writeTemp(t, "large.pdf", export(t, "pdf", g, Options{}))
	if _, err := exec.LookPath("pdftotext"); err == nil {
		if out, err := exec.Command("pdftotext", pdf, "-").Output(); err != nil || !strings.Contains(string(out), "No picture") {
			t.Errorf("pdf: want the note instead of a chart (%v)", err)
		}
	}
	files := unzip(t, export(t, "markdown", g, Options{}))
	if _, ok := files["chart.svg"]; ok || !strings.Contains(string(files["brief.md"]), "No picture") {
		t.Error("markdown: want the note instead of chart.svg")
	}
}

// TestHTMLBriefsConcurrently renders html and pdf briefs from several
// goroutines, as the server does (the PDF's font files are shared): each
// render is the same as the sequential one.
func TestHTMLBriefsConcurrently(t *testing.T) {
	g := fixture(t, "tricky.json")
	for _, format := range []string{"html", "pdf"} {
		want := export(t, format, g, Options{})
		errs := make(chan error, 6)
		outs := make(chan []byte, 6)
		for range 6 {
			go func() {
				var buf bytes.Buffer
				errs <- Write(&buf, format, g, Options{Generated: generated})
				outs <- buf.Bytes()
			}()
		}
		for range 6 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
			if got := <-outs; !bytes.Equal(got, want) {
				t.Errorf("%s: a concurrent render differs from the sequential one", format)
			}
		}
	}
}
