package export

import (
	"strconv"
	"strings"
	"testing"

	"linkchart/graph"
)

// TestPDFBriefMapTimeAndKeys writes the brief of the seed's
// nk-forces-in-russia depth-2 view with a window and an analysis, and
// reads it with poppler: a Map section naming the located places, a Time
// section with the window, every word of that page at least 7 pt, and the
// Key entities table in the order of the scores. The HTML and Markdown
// briefs carry the time bar and the key entities too.
func TestPDFBriefMapTimeAndKeys(t *testing.T) {
	g, ok := seedView(t, "nk-forces-in-russia", 2)
	if !ok {
		t.Fatal("the seed has no nk-forces-in-russia")
	}
	scores := map[string]float64{}
	comms := map[string]int{}
	for i, n := range g.Nodes {
		scores[n.ID] = float64(i) / 100
		comms[n.ID] = i % 3
	}
	top := g.Nodes[len(g.Nodes)-1]
	opt := Options{Title: "North Korean forces in Russia", Window: graph.Window{From: "2024-06", To: "2024-12"},
		Analysis: &Analysis{Measure: "betweenness", Scores: scores, Communities: comms}}
	path := keep(t, "nk-forces-in-russia-2hop.pdf", export(t, "pdf", g, opt))
	pages := pdfWords(t, path)
	checkBanners(t, pages, Banner(g), 45)
	place := -1
	for i, p := range pages {
		txt := wordsText(p)
		if strings.Contains(txt, " Map ") && strings.Contains(txt, "Coordinates from the gazetteer") {
			place = i
			break
		}
	}
	if place < 0 {
		t.Fatal("no page with the Map and Time sections")
	}
	txt := wordsText(pages[place])
	for _, want := range []string{"Map", "Chongjin", "Vladivostok", "Kursk Oblast", "Time", "Dated relations per month", "window 2024-06 to 2024-12", "2024"} {
		if !strings.Contains(txt, want) {
			t.Errorf("map and time page lacks %q:\n%s", want, txt)
		}
	}
	for _, w := range pages[place].words {
		if h := w.yMax - w.yMin; h < MinLabelPt-0.01 {
			t.Errorf("map and time page: %q is %.2f pt high, below %v", w.text, h, MinLabelPt)
		}
	}
	text := noSpace(poppler(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-"))
	if !strings.Contains(text, "Keyentities") || !strings.Contains(text, noSpace("1 "+top.Name)) {
		t.Errorf("no Key entities table ranking %q first", top.Name)
	}
	shots := strings.TrimSuffix(path, ".pdf")
	poppler(t, "pdftoppm", "-png", "-r", "80", "-f", strconv.Itoa(place+1), "-l", strconv.Itoa(place+1), path, shots)
	t.Logf("kept %s and %s-*.png", path, shots)

	html := string(export(t, "html", g, opt))
	keep(t, "nk-forces-in-russia-2hop.html", []byte(html))
	for _, want := range []string{`id="time"`, "Dated relations per month", `id="key-entities"`, "Key entities"} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML brief lacks %q", want)
		}
	}
	files := unzip(t, export(t, "markdown", g, opt))
	md := string(files["brief.md"])
	for _, want := range []string{"![Map", "map.svg", "![Time", "timeline.svg", "## Key entities"} {
		if !strings.Contains(md, want) {
			t.Errorf("brief.md lacks %q", want)
		}
	}
	for _, f := range []string{"map.svg", "timeline.svg"} {
		if !strings.Contains(string(files[f]), "<svg") {
			t.Errorf("the markdown zip has no %s", f)
		}
	}
	if !strings.Contains(string(files["map.svg"]), "Vladivostok") {
		t.Error("map.svg does not name Vladivostok")
	}
}
