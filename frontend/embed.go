// Package frontend holds the linkchart page: a Cytoscape.js graph explorer
// bundled with esbuild from the npm packages in package.json (see
// package-lock.json) into dist/, and embedded into the binary here.
//
// Build the bundle before `go build` so that it is embedded:
//
//	npm --prefix frontend ci && npm --prefix frontend run build
//
// dist/ is not committed apart from a placeholder (.gitkeep), so a binary
// built from a fresh clone without the npm step embeds no page: Built then
// reports false and the server can say so instead of serving an empty page.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the built page: index.html, app.js, app.css at its root.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only on an invalid path; "dist" is valid.
		panic(err)
	}
	return sub
}

// Built reports whether the bundle was built before the binary (index.html
// is present).
func Built() bool {
	_, err := fs.Stat(FS(), "index.html")
	return err == nil
}
