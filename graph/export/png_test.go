package export

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"linkchart/data"
	"linkchart/graph"
	"linkchart/graph/memstore"
)

// kimYongBok2Hop is the 2-hop neighborhood of Kim Yong Bok: from the
// bundled seed dataset through the embedded store when the seed has him,
// else the seed-like fixture in testdata.
func kimYongBok2Hop(t *testing.T) (graph.Subgraph, string) {
	t.Helper()
	if g, ok := seedView(t, "kim-yong-bok", 2); ok {
		return g, "the seed dataset"
	}
	return fixture(t, "kim-yong-bok-2hop.json"), "testdata/kim-yong-bok-2hop.json"
}

// seedView is the depth-hop neighborhood of id in the bundled seed
// dataset, loaded into the embedded store; ok is false when the seed does
// not have id.
func seedView(t testing.TB, id string, depth int) (graph.Subgraph, bool) {
	t.Helper()
	b, err := data.Seed()
	if err != nil {
		return graph.Subgraph{}, false
	}
	st, err := memstore.Open(filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if err := st.Upsert(ctx, b); err != nil {
		t.Fatalf("load seed: %v", err)
	}
	g, err := st.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: id, Depth: depth, Clearance: graph.Red})
	if err != nil || len(g.Edges) == 0 {
		return graph.Subgraph{}, false
	}
	return prepare(g), true
}

// TestBriefRendersInChromium renders the html brief of Kim Yong Bok's 2-hop
// neighborhood to PNG in headless Chromium and keeps the PNG (and the html)
// in test-output/.
func TestBriefRendersInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		unavailable(t, "chromium not found (apt-get install chromium)")
	}
	g, from := kimYongBok2Hop(t)
	t.Logf("neighborhood from %s: %d nodes, %d edges", from, len(g.Nodes), len(g.Edges))
	dir, err := filepath.Abs("test-output")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "kim-yong-bok-2hop.html")
	shot := filepath.Join(dir, "kim-yong-bok-2hop.png")
	os.Remove(shot)
	html := export(t, "html", g, Options{Title: "Kim Yong Bok: 2-hop neighborhood"})
	if err := os.WriteFile(page, html, 0o644); err != nil {
		t.Fatal(err)
	}
	// Tall enough for the whole brief, bottom banner included.
	height := min(1600+70*(len(g.Nodes)+len(g.Edges)+len(g.Sources)), 16000)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
		"--user-data-dir="+t.TempDir(), fmt.Sprintf("--window-size=1280,%d", height),
		"--screenshot="+shot, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	// The banner is drawn in black across the top: a blank page is not.
	b := img.Bounds()
	if b.Dx() < 1000 || b.Dy() < 1000 {
		t.Errorf("screenshot %v, want the window size", b)
	}
	x := b.Dx()/2 - 300 // inside the banner, clear of its centred text
	r, gg, bl, _ := img.At(x, 3).RGBA()
	if r > 0x2000 || gg > 0x2000 || bl > 0x2000 {
		t.Errorf("top of the page is not the black banner strip: %x %x %x", r, gg, bl)
	}
	// So is the bottom: the page ends with the banner, above the blank rest.
	bannerRows := 0
	for y := b.Dy() - 1; y > b.Dy()/2; y-- {
		if r, gg, bl, _ := img.At(x, y).RGBA(); r < 0x2000 && gg < 0x2000 && bl < 0x2000 {
			bannerRows++
		}
	}
	if bannerRows < 10 {
		t.Errorf("no bottom banner in the lower half of the screenshot (window too short?)")
	}
	t.Logf("kept %s", shot)
}
