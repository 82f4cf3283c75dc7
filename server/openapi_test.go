package server

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes walks gin's routes: every route is documented
// and every documented path and method is a route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	r, err := newRouter(e.optionsForTest())
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:([a-z_]+)`)
	routes := map[string]bool{}
	for _, ri := range r.Routes() {
		routes[ri.Method+" "+param.ReplaceAllString(ri.Path, "{$1}")] = true
	}

	w := e.do(req{method: "GET", path: "/api/openapi.json"})
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("document: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths {
		for method := range item {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	for _, k := range sortedKeys(routes) {
		if !documented[k] {
			t.Errorf("route %s is not documented", k)
		}
	}
	for _, k := range sortedKeys(documented) {
		if !routes[k] {
			t.Errorf("documented %s is not a route", k)
		}
	}
	if len(routes) < 20 {
		t.Errorf("only %d routes", len(routes))
	}
}

// TestOpenAPIRefs checks that every $ref in the document resolves.
func TestOpenAPIRefs(t *testing.T) {
	data, err := json.Marshal(openAPIDocument())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	_ = json.Unmarshal(data, &doc)
	comps := doc["components"].(map[string]any)
	for _, m := range regexp.MustCompile(`"\$ref":"#/components/([a-zA-Z]+)/([a-zA-Z]+)"`).FindAllStringSubmatch(string(data), -1) {
		sec, _ := comps[m[1]].(map[string]any)
		if _, ok := sec[m[2]]; !ok {
			t.Errorf("$ref %s/%s does not resolve", m[1], m[2])
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOpenAPIValidates has a real validator (Python's openapi-spec-validator)
// read the document, when it is installed.
func TestOpenAPIValidates(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import openapi_spec_validator").Run() != nil {
		t.Skip("python3 with openapi-spec-validator is not installed")
	}
	data, err := json.Marshal(openAPIDocument())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-m", "openapi_spec_validator", path).CombinedOutput()
	if err != nil {
		t.Errorf("openapi-spec-validator: %v\n%s", err, out)
	}
}
