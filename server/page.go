package server

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"
)

// notBuilt is served at / when Options.Page is nil.
const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>linkchart</title></head>
<body><h1>linkchart</h1>
<p>The page is not built: run <code>make frontend</code> and rebuild the binary.
The API answers at <a href="/api/openapi.json">/api/v1</a>.</p></body></html>
`

// hashedAsset matches bundler output names carrying a content hash, such as
// app-5KQ2JX7A.js: those never change and are cached for a year.
var hashedAsset = regexp.MustCompile(`[-.][A-Za-z0-9_]{8,}\.(js|css|map|woff2?|png|svg|jpg|webp)$`)

// page serves index.html at /.
func (h *handler) page(c *gin.Context) {
	if h.opt.Page == nil {
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(notBuilt))
		return
	}
	if !h.serveFile(c, "index.html") {
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(notBuilt))
	}
}

// servePageFile serves a file of the page for an unmatched GET path; false
// when there is none.
func (h *handler) servePageFile(c *gin.Context) bool {
	if h.opt.Page == nil || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) {
		return false
	}
	name := strings.TrimPrefix(path.Clean("/"+c.Request.URL.Path), "/")
	if name == "" || !fs.ValidPath(name) {
		return false
	}
	return h.serveFile(c, name)
}

// serveFile serves one regular file of the page with its cache policy.
func (h *handler) serveFile(c *gin.Context, name string) bool {
	st, err := fs.Stat(h.opt.Page, name)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	data, err := fs.ReadFile(h.opt.Page, name)
	if err != nil {
		return false
	}
	if hashedAsset.MatchString(name) {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "no-cache")
	}
	c.Status(http.StatusOK)
	http.ServeContent(c.Writer, c.Request, path.Base(name), st.ModTime(), bytes.NewReader(data))
	return true
}

func isAPI(p string) bool { return strings.HasPrefix(p, "/api/") || p == "/api" }
