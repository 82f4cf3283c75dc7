package export

import (
	"bytes"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"linkchart/data"
	"linkchart/graph"
)

// poppler runs one of poppler-utils' tools and returns its output.
func poppler(t *testing.T, tool string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		unavailable(t, "%s not found (apt-get install poppler-utils)", tool)
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return string(out)
}

// keep writes data to test-output/name, to look at after the test, and
// returns its absolute path.
func keep(t *testing.T, name string, data []byte) string {
	t.Helper()
	dir, err := filepath.Abs("test-output")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// noSpace drops all white space, so text wrapped across lines compares.
func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

// corpsView is the seed's 11th Corps depth-2 view with one relation raised
// to TLP:AMBER, the answers of an oversight question, and the brief's parts.
func corpsView(t testing.TB) (graph.Subgraph, Options) {
	t.Helper()
	g, ok := seedView(t, "kpa-11th-corps", 2)
	if !ok {
		t.Fatal("the seed has no kpa-11th-corps")
	}
	g.Edges[0].Marking = graph.Amber
	// A Japanese source title, cited by the second relation.
	b, err := data.Seed()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range b.Sources {
		if regexp.MustCompile(`\p{Hiragana}`).MatchString(s.Title) {
			g.Sources = append(g.Sources, s)
			g.Edges[1].Sources = append(g.Edges[1].Sources, s.ID)
			break
		}
	}
	var overseen []Answer
	for _, e := range g.Edges {
		if oversightTypes[e.Type] && len(overseen) < 2 {
			overseen = append(overseen, Answer{Nodes: []string{e.From, e.To}, Edges: []string{e.ID}})
		}
	}
	opt := Options{
		Title:   "The 11th (Storm) Corps in Kursk: command and deployment",
		Author:  "J. Analyst, Eastern Europe desk",
		Summary: "North Korea's 11th Corps (폭풍군단) deployed to Kursk in autumn 2024.\n\nThis brief draws the corps' two-hop neighbourhood.",
		KeyJudgments: []string{
			"The 11th Corps deployed to Kursk Oblast under Russian command (high confidence).",
			"Kim Yong Bok oversaw the deployment on the ground (moderate confidence).",
		},
		Product: 42,
		Answers: &Answers{Question: "Who oversaw the 11th Corps?", Items: overseen},
	}
	return g, opt
}

type pdfWord struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

type pdfPage struct {
	w, h  float64
	words []pdfWord
}

var (
	bboxPage = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// pdfWords reads every word with its box, page by page (pdftotext -bbox).
func pdfWords(t *testing.T, path string) []pdfPage {
	t.Helper()
	out := poppler(t, "pdftotext", "-bbox", path, "-")
	var pages []pdfPage
	for _, line := range strings.Split(out, "\n") {
		if m := bboxPage.FindStringSubmatch(line); m != nil {
			w, _ := strconv.ParseFloat(m[1], 64)
			h, _ := strconv.ParseFloat(m[2], 64)
			pages = append(pages, pdfPage{w: w, h: h})
		} else if m := bboxWord.FindStringSubmatch(line); m != nil && len(pages) > 0 {
			var v [4]float64
			for i := range v {
				v[i], _ = strconv.ParseFloat(m[i+1], 64)
			}
			p := &pages[len(pages)-1]
			p.words = append(p.words, pdfWord{strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'").Replace(m[5]), v[0], v[1], v[2], v[3]})
		}
	}
	return pages
}

// TestPDFBriefReadsBackWithPoppler writes the 11th Corps brief and reads it
// with poppler: the marking at the top and bottom of every page at the
// level of its AMBER relation, the cover's parts, every entity and cited
// source, Korean and Japanese text, embedded subset fonts, chart text of
// at least 7 pt. It keeps the PDF and PNGs of its first pages in
// test-output/.
func TestPDFBriefReadsBackWithPoppler(t *testing.T) {
	g, opt := corpsView(t)
	path := keep(t, "11th-corps-2hop.pdf", export(t, "pdf", g, opt))
	dir := filepath.Dir(path)

	info := poppler(t, "pdfinfo", path)
	for _, want := range []string{`Title:\s+` + regexp.QuoteMeta(opt.Title), `Author:\s+` + regexp.QuoteMeta(opt.Author), `595 x 842 pts \(A4\)`} {
		if !regexp.MustCompile(want).MatchString(info) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}

	pages := pdfWords(t, path)
	if len(pages) < 4 {
		t.Fatalf("%d pages, want cover, chart and sections", len(pages))
	}
	checkBanners(t, pages, graph.Amber, 45)

	// Chart pages: every word at least MinLabelPt high.
	charts := 0
	for i, p := range pages {
		chart := false
		for _, w := range p.words {
			chart = chart || strings.HasPrefix(w.text, "Chart") && w.yMin > 50 && w.yMin < 80
		}
		if !chart {
			continue
		}
		charts++
		for _, w := range p.words {
			if h := w.yMax - w.yMin; h < MinLabelPt-0.01 {
				t.Errorf("page %d: %q is %.2f pt high, below %v", i+1, w.text, h, MinLabelPt)
			}
		}
	}
	if charts == 0 {
		t.Error("no chart page")
	}

	// Raw text (content order: a wrapped cell's lines stay together).
	text := noSpace(poppler(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-"))
	want := []string{opt.Title, opt.Author, "Product 42", "Who oversaw the 11th Corps?", "weakest grade",
		"limited disclosure; recipients can only spread this on a need-to-know basis", "폭풍군단"}
	want = append(want, opt.KeyJudgments...)
	for _, n := range g.Nodes {
		want = append(want, n.Name)
	}
	cited := map[string]bool{}
	for _, e := range g.Edges {
		for _, s := range e.Sources {
			cited[s] = true
		}
	}
	japanese := false
	for _, s := range g.Sources {
		if cited[s.ID] {
			want = append(want, s.Title)
			japanese = japanese || regexp.MustCompile(`\p{Hiragana}|\p{Katakana}`).MatchString(s.Title)
		}
	}
	if !japanese {
		t.Error("no Japanese source title in this view")
	}
	for _, w := range want {
		if !strings.Contains(text, noSpace(w)) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
	if strings.Contains(text, "??") {
		t.Error("characters printed as ?: a font is missing")
	}

	fonts := poppler(t, "pdffonts", path)
	rows := strings.Split(strings.TrimSpace(fonts), "\n")[2:]
	for _, r := range rows {
		f := strings.Fields(r)
		// name type... emb sub uni object ID: emb and sub are the 5th and 4th from the end.
		if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" {
			t.Errorf("font not embedded as a subset: %s", r)
		}
	}
	if !strings.Contains(fonts, "Nanum") {
		t.Errorf("no Korean font embedded:\n%s", fonts)
	}

	if err := os.WriteFile(filepath.Join(dir, "11th-corps-2hop.html"), export(t, "html", g, opt), 0o644); err != nil {
		t.Fatal(err)
	}
	// The markdown brief's picture of the same view, kept to look at.
	chart := unzip(t, export(t, "markdown", g, opt))["chart.svg"]
	if err := os.WriteFile(filepath.Join(dir, "11th-corps-2hop-chart.svg"), chart, 0o644); err != nil {
		t.Fatal(err)
	}
	shots := filepath.Join(dir, "11th-corps-2hop")
	poppler(t, "pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "4", path, shots)
	t.Logf("kept %s and %s-*.png", path, shots)
}

// checkBanners checks that every page has the marking within edge points
// of its top and of its bottom, and no other marking there.
func checkBanners(t *testing.T, pages []pdfPage, m graph.Marking, edge float64) {
	t.Helper()
	for i, p := range pages {
		var top, bottom bool
		for _, w := range p.words {
			inMargin := w.yMax < edge || w.yMin > p.h-edge
			if w.text == string(m) {
				top = top || w.yMax < edge
				bottom = bottom || w.yMin > p.h-edge
			} else if strings.HasPrefix(w.text, "TLP:") && inMargin {
				t.Errorf("page %d: banner %q, want %s", i+1, w.text, m)
			}
		}
		if !top || !bottom {
			t.Errorf("page %d: %s at top %v, at bottom %v; want both", i+1, m, top, bottom)
		}
	}
}

func wordsText(p pdfPage) string {
	var b strings.Builder
	for _, w := range p.words {
		b.WriteString(w.text + " ")
	}
	return b.String()
}

// TestPDFLetterAndClear checks the Letter page size and the TLP:CLEAR
// banner of a view without marked records.
func TestPDFLetterAndClear(t *testing.T) {
	g, _ := seedView(t, "kim-yong-bok", 1)
	out := export(t, "pdf", g, Options{Title: "Kim Yong Bok", Paper: "letter"})
	path := writeTemp(t, "kyb.pdf", out)
	if info := poppler(t, "pdfinfo", path); !strings.Contains(info, "612 x 792 pts (letter)") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	checkBanners(t, pdfWords(t, path), graph.Clear, 45)
	var buf strings.Builder
	err := Write(&buf, "pdf", g, Options{Paper: "a3"})
	if err == nil || !strings.Contains(err.Error(), "a4 or letter") {
		t.Errorf("paper a3: %v", err)
	}
}

// TestPDFNamesAMissingFont checks that text needing a font that is not
// installed is an error naming the package, not empty boxes.
func TestPDFNamesAMissingFont(t *testing.T) {
	saved := pdfFonts
	defer func() { pdfFonts = saved }()
	pdfFonts = []fontSpec{saved[0], {family: "LCKOR", regular: []string{"no-such-font.ttf"}, pkg: "fonts-nanum", scripts: "Korean"}}
	g := fixture(t, "tricky.json")
	var buf strings.Builder
	err := Write(&buf, "pdf", g, Options{Title: "폭풍군단"})
	if !errors.Is(err, ErrNoFont) || !strings.Contains(err.Error(), "fonts-nanum") {
		t.Errorf("err = %v, want ErrNoFont naming fonts-nanum", err)
	}
}

// TestChartLayoutKeepsLabelsLegible lays out the 11th Corps view from
// cramped screen positions: labels keep their size, the screen's
// arrangement is kept (left stays left), and no two label boxes overlap.
func TestChartLayoutKeepsLabelsLegible(t *testing.T) {
	g, _ := corpsView(t)
	tests := []struct {
		name string
		pos  func(i int) Point
	}{
		{"cramped grid", func(i int) Point { return Point{X: float64(i%5) * 12, Y: float64(i/5) * 9} }},
		{"screen", func(i int) Point { return Point{X: float64(i%6)*90 + float64(i%2)*20, Y: float64(i/6) * 70} }},
		{"wide line", func(i int) Point { return Point{X: float64(i) * 400, Y: 0} }},
		{"no positions", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pos := map[string]Point{}
			if tt.pos != nil {
				for i, n := range g.Nodes {
					pos[n.ID] = tt.pos(i)
				}
			}
			l := layoutChart(g, pos, approxWidth, 700, 450)
			if l.LabelPt < MinLabelPt || l.EdgeLabelPt < MinLabelPt {
				t.Errorf("label sizes %v, %v below %v", l.LabelPt, l.EdgeLabelPt, MinLabelPt)
			}
			for i, a := range l.Nodes {
				al, at, ar, ab := a.box()
				if al < -0.01 || at < -0.01 || ar > l.W+0.01 || ab > l.H+0.01 {
					t.Errorf("%s outside the drawing %vx%v", a.ID, l.W, l.H)
				}
				for j := i + 1; j < len(l.Nodes); j++ {
					b := l.Nodes[j]
					bl, bt, br, bb := b.box()
					if al < br-0.01 && bl < ar-0.01 && at < bb-0.01 && bt < ab-0.01 {
						t.Errorf("%s and %s overlap", a.ID, b.ID)
					}
					if tt.pos != nil {
						// Swapped by more than a point: nodes stacked one above
						// the other may sit a point apart either way.
						pa, pb := pos[a.ID], pos[b.ID]
						if math.Abs(pa.X-pb.X) >= 80 && (pa.X < pb.X) != (a.X < b.X) && math.Abs(a.X-b.X) > 1.5 {
							t.Errorf("%s and %s swapped sides", a.ID, b.ID)
						}
					}
				}
			}
		})
	}
}

// TestChartWrapsLongNames: a name longer than a line wraps to a second
// line at a space instead of being cut; only what does not fit in two
// lines ends in "…", in the html brief's chart and the PDF's.
func TestChartWrapsLongNames(t *testing.T) {
	for _, c := range []struct {
		name string
		want []string
	}{
		{"11th Corps", []string{"11th Corps"}},
		{"Deployment of North Korean troops to Russia and Kursk", []string{"Deployment of North Korean", "troops to Russia and Kursk"}},
		{"A very long organisation name that goes on and on and on and on and on", []string{"A very long organisation name", "that goes on and on and on an…"}},
		{strings.Repeat("x", 40), []string{strings.Repeat("x", 30), strings.Repeat("x", 10)}},
	} {
		got := wrapLabel(c.name)
		if !slices.Equal(got, c.want) {
			t.Errorf("wrapLabel(%q) = %q, want %q", c.name, got, c.want)
		}
		for _, line := range got {
			if n := len([]rune(line)); n > labelMax {
				t.Errorf("%q: a line of %d runes", line, n)
			}
		}
	}
	g, opt := corpsView(t)
	page := string(export(t, "html", g, opt))
	for _, line := range []string{">Deployment of North Korean<", ">troops to Russia and Kursk<"} {
		if !strings.Contains(page, line) {
			t.Errorf("the html brief's chart lacks the line %q", line)
		}
	}
	pdf := writeTemp(t, "brief.pdf", export(t, "pdf", g, opt))
	if text := noSpace(poppler(t, "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")); strings.Contains(text, "DeploymentofNorthKoreantr…") {
		t.Error("the PDF's chart still cuts the name")
	}
}

// TestHTMLBriefPrintsLikeThePDF prints the html brief of the 11th Corps
// view to PDF in headless Chromium and reads it with poppler: the marking
// at the top and bottom of every printed page, the chart on a landscape
// page of its own, the key judgments in the text.
func TestHTMLBriefPrintsLikeThePDF(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		unavailable(t, "chromium not found (apt-get install chromium)")
	}
	g, opt := corpsView(t)
	page := writeTemp(t, "brief.html", export(t, "html", g, opt))
	printed := filepath.Join(t.TempDir(), "printed.pdf")
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--user-data-dir="+t.TempDir(), "--no-pdf-header-footer", "--print-to-pdf="+printed, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	pages := pdfWords(t, printed)
	if len(pages) < 3 {
		t.Fatalf("%d printed pages", len(pages))
	}
	checkBanners(t, pages, graph.Amber, 60)
	if p := pages[1]; p.w <= p.h || !strings.HasPrefix(wordsText(p), "TLP:AMBER Chart") && !strings.Contains(wordsText(p), " Chart ") {
		t.Errorf("page 2 (%vx%v) is not the landscape chart page: %.80s", p.w, p.h, wordsText(p))
	}
	text := noSpace(poppler(t, "pdftotext", "-enc", "UTF-8", printed, "-"))
	for _, want := range append([]string{opt.Title, opt.Author, "폭풍군단"}, opt.KeyJudgments...) {
		if !strings.Contains(text, noSpace(want)) {
			t.Errorf("the printed brief lacks %q", want)
		}
	}
}

// BenchmarkPDFBrief writes the 11th Corps brief (23 entities, 54
// relations, fonts parsed and subset each time).
func BenchmarkPDFBrief(b *testing.B) {
	g, opt := corpsView(b)
	opt.Generated = generated
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, "pdf", g, opt); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}

// TestPDFWrapBreaksLongWordsAtTheirJoints: a relation type wider than its
// table column breaks after an underscore, never inside a word part.
func TestPDFWrapBreaksLongWordsAtTheirJoints(t *testing.T) {
	d, err := newPDFDoc(Options{}, graph.Clear, "wrap")
	if err != nil {
		t.Fatal(err)
	}
	const pt = pdfTablePt
	for _, tc := range []struct {
		word  string
		width string // the text that must fit the line
		want  []string
	}{
		{"FORMERLY_COMMANDED", "FORMERLY_COM", []string{"FORMERLY_", "COMMANDED"}},
		{"EXPECTS_ASSISTANCE_FROM", "EXPECTS_ASSISTANCE_", []string{"EXPECTS_ASSISTANCE_", "FROM"}},
		{"Hwasong-11Ga", "Hwasong-1", []string{"Hwasong-", "11Ga"}},
		{"ABCDEFGHIJKLMNOP", "ABCDEFGH", []string{"ABCDEFGH", "IJKLMNOP"}}, // no joint: cut where it must
	} {
		got := d.wrap(tc.word, pt, false, d.width(tc.width, pt, false)+0.1)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrap(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
