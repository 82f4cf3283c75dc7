package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ErrNoFont is wrapped by the error a PDF export returns when the text needs
// a font that is not installed (the error names the Debian package).
var ErrNoFont = errors.New("no font installed for the text")

// fontSpec is one family of the PDF's fallback chain: the first file found
// of each list is embedded (subset). Runes the first family lacks are drawn
// with the next one that has them. family is the five-letter start of the
// subset tag the PDF names the font with ("LCLAT" + R or B).
type fontSpec struct {
	family       string
	regular      []string
	bold         []string // empty: bold text uses the regular face
	pkg, scripts string
}

// pdfFonts is the chain: Latin, Greek and Cyrillic, then Korean (Hangul and
// the KS X 1001 Hanja), then Japanese (kana and the kanji Nanum lacks).
var pdfFonts = []fontSpec{
	{family: "LCLAT", regular: []string{"LiberationSans-Regular.ttf", "DejaVuSans.ttf"},
		bold: []string{"LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"}, pkg: "fonts-liberation", scripts: "Latin, Greek, Cyrillic"},
	{family: "LCKOR", regular: []string{"NanumGothic.ttf"}, bold: []string{"NanumGothicBold.ttf"}, pkg: "fonts-nanum", scripts: "Korean"},
	{family: "LCJPN", regular: []string{"ipagp.ttf", "ipag.ttf"}, pkg: "fonts-ipafont-gothic", scripts: "Japanese"},
}

// FontDirs are searched, in order, for the PDF's font files: the
// directories in LINKCHART_FONT_DIR (a path list) first, then the system's.
func FontDirs() []string {
	var dirs []string
	if env := os.Getenv("LINKCHART_FONT_DIR"); env != "" {
		dirs = append(dirs, filepath.SplitList(env)...)
	}
	return append(dirs, "/usr/share/fonts", "/usr/local/share/fonts")
}

var (
	fontMu    sync.Mutex
	fontFound map[string]string // file name -> path, from one walk of FontDirs
	fontData  = map[string][]byte{}
)

// findFont returns the contents of the first of names found in FontDirs,
// or nil when none is installed. Files are read once and kept.
func findFont(names []string) ([]byte, string, error) {
	fontMu.Lock()
	defer fontMu.Unlock()
	if fontFound == nil {
		fontFound = map[string]string{}
		for _, dir := range FontDirs() {
			_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return nil // unreadable or absent directory: skip it
				}
				if _, dup := fontFound[d.Name()]; !d.IsDir() && !dup && strings.HasSuffix(strings.ToLower(d.Name()), ".ttf") {
					fontFound[d.Name()] = p
				}
				return nil
			})
		}
	}
	for _, n := range names {
		p, ok := fontFound[n]
		if !ok {
			continue
		}
		base := strings.TrimSuffix(n, filepath.Ext(n))
		if b, ok := fontData[p]; ok {
			return b, base, nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, "", fmt.Errorf("read font %s: %w", p, err)
		}
		fontData[p] = b
		return b, base, nil
	}
	return nil, "", nil
}

// missingFontError names the fonts to install for r.
func missingFontError(r rune, missing []fontSpec) error {
	var pkgs, scripts []string
	for _, m := range missing {
		pkgs = append(pkgs, m.pkg)
		scripts = append(scripts, m.scripts)
	}
	return fmt.Errorf("%q (U+%04X) needs a font for %s: install %s (Debian packages; or put %s in LINKCHART_FONT_DIR): %w",
		r, r, strings.Join(scripts, " or "), strings.Join(pkgs, ", "), missing[0].regular[0], ErrNoFont)
}
