// Package exporttest reads exports back as text for tests that look for
// words in them (marking leaks): zips are unpacked, PDFs read by poppler's
// pdftotext.
package exporttest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Text is the readable text of an export in format: the files of a zip
// (csv, markdown) one after the other, a PDF's text, or raw as it is. A
// missing pdftotext skips the test, or fails it in CI.
func Text(t testing.TB, format string, raw []byte) string {
	t.Helper()
	switch format {
	case "csv", "markdown":
		zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
		if err != nil {
			t.Fatalf("%s export is not a zip: %v", format, err)
		}
		var all bytes.Buffer
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			all.WriteString(f.Name + "\n")
			if _, err := io.Copy(&all, rc); err != nil {
				t.Fatal(err)
			}
			rc.Close()
			all.WriteString("\n")
		}
		return all.String()
	case "pdf":
		tool, err := exec.LookPath("pdftotext")
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("CI=true but pdftotext not found (apt-get install poppler-utils)")
			}
			t.Skip("pdftotext not found (apt-get install poppler-utils)")
		}
		p := filepath.Join(t.TempDir(), "export.pdf")
		if err := os.WriteFile(p, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, "-enc", "UTF-8", p, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		return string(out)
	}
	return string(raw)
}
