package server

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"linkchart/graph"
)

// TestSchemaLimitsAndRules: GET /schema carries graph's limits and rules in
// the shape the page reads.
func TestSchemaLimitsAndRules(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	w := e.do(req{method: "GET", path: "/api/v1/schema"})
	var got struct {
		Limits map[string]int  `json:"limits"`
		Rules  json.RawMessage `json:"rules"`
		Counts graph.Counts    `json:"counts"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"max_depth": 3, "max_path_depth": 10, "default_path_depth": 6, "max_k": 10, "max_limit": 5000, "default_limit": 500, "default_hits": 20}
	if !reflect.DeepEqual(got.Limits, want) {
		t.Errorf("limits = %v, want %v", got.Limits, want)
	}
	const wantRules = `{"default_credibility":6,"default_reliability":"F","upward_types":["PART_OF","MEMBER_OF","AFFILIATED_WITH","LOCATED_IN","BASED_IN"],` +
		`"oversight_types":["COMMANDS","DIRECTS","LEADS","OVERSAW"],"markings":["TLP:CLEAR","TLP:GREEN","TLP:AMBER","TLP:RED"]}`
	if string(got.Rules) != wantRules {
		t.Errorf("rules = %s\nwant    %s", got.Rules, wantRules)
	}
	if got.Counts.Nodes == 0 {
		t.Errorf("the counts are gone: %s", w.Body.String())
	}
}

// TestRangesComeFromGraph: no request tag spells a numeric range of its
// own (min=/max= on a number); ranges name graph's limits (within=).
func TestRangesComeFromGraph(t *testing.T) {
	num := regexp.MustCompile(`\b(min|max|gte|lte|gt|lt)=`)
	for _, v := range []any{searchRequest{}, neighborhoodRequest{}, pathsRequest{}, oversightRequest{}, subgraphRequest{}, exportRequest{},
		entityRequest{}, entityPatch{}, relationRequest{}, relationPatch{}} {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			f := rt.Field(i)
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			tag := f.Tag.Get("binding")
			if before, _, _ := strings.Cut(tag, "dive"); ft.Kind() == reflect.Int && num.MatchString(before) {
				t.Errorf("%s.%s: binding %q spells its range; use within=NAME (ranges)", rt.Name(), f.Name, tag)
			}
			if strings.Contains(tag, "=5000") || strings.Contains(tag, fmt.Sprintf("=%d,", graph.MaxLimit)) {
				t.Errorf("%s.%s: binding %q spells graph.MaxLimit", rt.Name(), f.Name, tag)
			}
		}
	}
	for name, r := range ranges {
		if r.min > r.max || r.min < 1 {
			t.Errorf("range %s = %+v", name, r)
		}
	}
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	for _, tt := range []struct{ path, field string }{
		{fmt.Sprintf("/api/v1/entities?q=kim&limit=%d", graph.MaxLimit+1), "limit"},
		{fmt.Sprintf("/api/v1/entities/corps-11/neighborhood?depth=%d", graph.MaxDepth+1), "depth"},
		{fmt.Sprintf("/api/v1/paths?from=kim-yong-bok&to=russia&max_depth=%d", graph.MaxPathDepth+1), "max_depth"},
		{fmt.Sprintf("/api/v1/paths?from=kim-yong-bok&to=russia&k=%d", graph.MaxK+1), "k"},
	} {
		w := e.do(req{method: "GET", path: tt.path})
		if w.Code != 400 || !strings.Contains(w.Body.String(), `"field":"`+tt.field+`"`) {
			t.Errorf("GET %s = %d %s, want 400 naming %s", tt.path, w.Code, w.Body.String(), tt.field)
		}
	}
}

// TestOpenAPIRecordFieldsComplete: a struct field without a schema, or a
// schema without a field, stops the document from being built.
func TestOpenAPIRecordFieldsComplete(t *testing.T) {
	type rec struct {
		A string `json:"a"`
		B int    `json:"b,omitempty"`
		C string `json:"-"`
	}
	for _, tt := range []struct {
		props     obj
		wantPanic bool
	}{
		{obj{"a": str(), "b": str()}, false},
		{obj{"a": str()}, true},
		{obj{"a": str(), "b": str(), "c": str()}, true},
	} {
		func() {
			defer func() {
				if r := recover(); (r != nil) != tt.wantPanic {
					t.Errorf("fieldsOf(%v): panic %v, want panic %v", tt.props, r, tt.wantPanic)
				}
			}()
			fieldsOf(reflect.TypeFor[rec](), tt.props)
		}()
	}
	doc := openAPIDocument()
	schemas := doc["components"].(obj)["schemas"].(obj)
	for name, v := range map[string]any{"Node": graph.Node{}, "Edge": graph.Edge{}, "Source": graph.Source{}} {
		props := schemas[name].(obj)["properties"].(obj)
		data, _ := json.Marshal(v)
		var fields map[string]any
		_ = json.Unmarshal(data, &fields)
		for f := range fields {
			if props[f] == nil {
				t.Errorf("schema %s lacks field %q", name, f)
			}
		}
	}
}

// goPattern turns a document pattern (ECMA-262) into Go's RE2 syntax.
func goPattern(p string) *regexp.Regexp {
	return regexp.MustCompile(regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`).ReplaceAllString(p, `\x{$1}`))
}

// TestOpenAPIPatternsAreTheValidation: the date, text and ref patterns of
// the document accept exactly what the server's checks accept.
func TestOpenAPIPatternsAreTheValidation(t *testing.T) {
	date := goPattern(datePattern)
	for _, y := range []string{"0000", "1900", "1996", "2000", "2023", "2024", "2100", "2400", "9999"} {
		for m := 0; m <= 13; m++ {
			for d := -1; d <= 32; d++ {
				s := fmt.Sprintf("%s-%02d", y, m)
				if d >= 0 {
					s += fmt.Sprintf("-%02d", d)
				}
				if got, want := date.MatchString(s), graph.Date(s).Check() == nil; got != want {
					t.Errorf("date %q: pattern %v, Check %v", s, got, want)
				}
			}
		}
	}
	for _, s := range []string{"", "2024", "24", "20244", "2024-1", "abcd"} {
		if got, want := date.MatchString(s), graph.Date(s).Check() == nil; got != want {
			t.Errorf("date %q: pattern %v, Check %v", s, got, want)
		}
	}
	text, ref := goPattern(textPattern), goPattern(refPattern)
	for _, s := range []string{"", " ", "a", " a ", "Kim\tYong", "line\nline", "\x00", "a\x1fb", "a\x7f", "a\u0085", "김영복", "\u00a0x", "ok\r\n"} {
		if got, want := text.MatchString(s), validText(s, maxTextLen); got != want {
			t.Errorf("text %q: pattern %v, validText %v", s, got, want)
		}
		if got, want := ref.MatchString(s), validRef(s); got != want && s != "\u00a0x" {
			t.Errorf("ref %q: pattern %v, validRef %v", s, got, want)
		}
	}
	if !validText(strings.Repeat("김", maxTextLen), maxTextLen) || validText(strings.Repeat("김", maxTextLen+1), maxTextLen) {
		t.Error("validText counts bytes, not characters (JSON Schema's maxLength counts characters)")
	}
}

// TestWholeNumbersMayHaveAZeroFraction: 2.0 is an integer to JSON Schema,
// so to the server too; 2.5 and "2" are not.
func TestWholeNumbersMayHaveAZeroFraction(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{{"2", 2, true}, {"2.0", 2, true}, {"-0.0", 0, true}, {"2e0", 2, true}, {"2.5", 0, false}, {`"2"`, 0, false}, {"1e300", 0, false}, {"true", 0, false}} {
		var n wholeNumber
		err := json.Unmarshal([]byte(tt.in), &n)
		if (err == nil) != tt.ok || tt.ok && int(n) != tt.want {
			t.Errorf("%s: got %d, %v; want %d, ok %v", tt.in, n, err, tt.want, tt.ok)
		}
	}
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	w := e.do(req{method: "POST", path: "/api/v1/export?format=json", body: `{"seed": "corps-11", "depth": 2.0}`})
	if w.Code != 200 {
		t.Errorf("export with depth 2.0 = %d: %s", w.Code, w.Body.String())
	}
}

// TestImportLongParallelIDs: parallel relations without ids between long
// ids once made POST /import spin forever.
func TestImportLongParallelIDs(t *testing.T) {
	data, err := os.ReadFile("../graph/testdata/long-parallel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	done := make(chan int, 1)
	go func() {
		done <- e.do(req{method: "POST", path: "/api/v1/import", token: "editor-red", body: data, contentType: "application/yaml"}).Code
	}()
	select {
	case code := <-done:
		if code != 200 {
			t.Errorf("import = %d, want 200", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("POST /import of parallel relations between long ids did not answer")
	}
}
