package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"linkchart/graph/export/exporttest"
)

// TestExportPDFBrief asks a real HTTP server for the PDF brief of a view
// holding an AMBER unit, as a caller cleared for AMBER (the brief is marked
// TLP:AMBER and shows the unit, the dialog's parts and the answers) and as
// one cleared for CLEAR (TLP:CLEAR, no unit); bad dialog input is a 400
// naming the field.
func TestExportPDFBrief(t *testing.T) {
	for _, sk := range stores(t) {
		t.Run(sk.name, func(t *testing.T) {
			srv := httptest.NewServer(newEnv(t, sk, nil).h)
			defer srv.Close()
			post := func(token string, body any) (*http.Response, []byte) {
				t.Helper()
				data, _ := json.Marshal(body)
				r, _ := http.NewRequest("POST", srv.URL+"/api/v1/export?format=pdf", bytes.NewReader(data))
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("Authorization", "Bearer "+token)
				resp, err := http.DefaultClient.Do(r)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				raw, _ := io.ReadAll(resp.Body)
				return resp, raw
			}
			body := map[string]any{
				"ids":           []string{"amber-unit", "corps-11", "kim-yong-bok", "kursk"},
				"title":         "Amber brief",
				"author":        "Desk 7",
				"summary":       "Two paragraphs.\n\nThe second.",
				"key_judgments": []string{"The unit is part of the corps."},
				"product":       12,
				"paper":         "letter",
				"answers": map[string]any{"question": "What is the corps made of?", "items": []map[string]any{
					{"label": "First answer", "nodes": []string{"amber-unit", "corps-11"}, "edges": []string{"amber-unit--part-of--corps-11"}}}},
				"notes": []map[string]any{{"on": "kim-yong-bok", "text": "Named first\non the list."}, {"text": "Check the dates."}, {"on": "ghost", "text": "Not here."}},
			}
			resp, raw := post("editor-amber", body)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" ||
				!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="linkchart-amber-brief-`) || // named by its title
				!strings.HasSuffix(resp.Header.Get("Content-Disposition"), `.pdf"`) {
				t.Fatalf("amber: %d %s %s: %.300s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), raw)
			}
			text := exporttest.Text(t, "pdf", raw)
			for _, want := range []string{"TLP:AMBER", "Amber brief", "Desk 7", "Product 12", "The unit is part of the corps.", "Amber Unit", "What is the corps made of?", "weakest grade",
				"Analyst's notes", "Kim Yong Bok: Named first on the list.", "On the chart: Check the dates."} {
				if !strings.Contains(text, want) {
					t.Errorf("amber brief lacks %q", want)
				}
			}
			if strings.Contains(text, "Not here.") {
				t.Error("a note on a record the export does not hold is printed")
			}
			if strings.Contains(text, "TLP:RED") {
				t.Error("amber brief says TLP:RED")
			}

			resp, raw = post("viewer-clear", body)
			if resp.StatusCode != 200 {
				t.Fatalf("clear: %d %.300s", resp.StatusCode, raw)
			}
			text = exporttest.Text(t, "pdf", raw)
			if !strings.Contains(text, "TLP:CLEAR") || strings.Contains(text, "TLP:AMBER") || strings.Contains(text, "Amber Unit") {
				t.Errorf("the brief for a CLEAR caller shows the AMBER unit or marking:\n%.400s", text)
			}

			// The analysis on screen: its key entities, ranked by the measure.
			body["analysis"] = map[string]any{"measure": "betweenness",
				"scores": map[string]float64{"corps-11": 0.5, "kursk": 0.25, "kim-yong-bok": 0}, "communities": map[string]int{"corps-11": 1, "kursk": 2}}
			resp, raw = post("viewer-clear", body)
			if resp.StatusCode != 200 {
				t.Fatalf("analysis: %d %.300s", resp.StatusCode, raw)
			}
			if text = exporttest.Text(t, "pdf", raw); !regexp.MustCompile(`Key entities[\s\S]*1\s+11th Corps[\s\S]*2\s+Kursk`).MatchString(text) {
				t.Errorf("the brief lacks the key entities ranked by betweenness:\n%.2000s", text)
			}
			for field, bad := range map[string]any{
				"analysis.measure":            map[string]any{"measure": "fame", "scores": map[string]float64{"kursk": 1}},
				"analysis.scores":             map[string]any{"measure": "degree"},
				"analysis.scores[kursk]":      map[string]any{"measure": "degree", "scores": map[string]float64{"kursk": -1}},
				"analysis.communities[kursk]": map[string]any{"measure": "degree", "scores": map[string]float64{"kursk": 1}, "communities": map[string]int{"kursk": 0}},
			} {
				resp, raw := post("viewer-clear", map[string]any{"ids": []string{"kursk"}, "analysis": bad})
				if resp.StatusCode != 400 || !strings.Contains(string(raw), `"field":"`+field+`"`) {
					t.Errorf("%s = %v: %d %s, want 400 naming %s", field, bad, resp.StatusCode, raw, field)
				}
			}

			for field, bad := range map[string]any{"paper": "a3", "key_judgments[0]": []string{"bell\x07"}, "product": -1} {
				b := map[string]any{"ids": []string{"kursk"}, strings.TrimSuffix(field, "[0]"): bad}
				resp, raw := post("viewer-clear", b)
				if resp.StatusCode != 400 || !strings.Contains(string(raw), `"field":"`+field+`"`) {
					t.Errorf("%s = %v: %d %s, want 400 naming %s", field, bad, resp.StatusCode, raw, field)
				}
			}
		})
	}
}
