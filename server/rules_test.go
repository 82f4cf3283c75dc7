package server

import (
	"net/http"
	"reflect"
	"testing"

	"linkchart/graph"
)

// TestSchemaCarriesRules: GET /schema gives the page the model's rules
// (the default credibility, the upward relation types) from package graph.
func TestSchemaCarriesRules(t *testing.T) {
	e := newEnv(t, storeKind{"memstore", openMem}, nil)
	w := e.do(req{method: "GET", path: "/api/v1/schema", token: "viewer-red"})
	if w.Code != http.StatusOK {
		t.Fatalf("GET /schema: %d %s", w.Code, w.Body)
	}
	got := decode[struct {
		Rules struct {
			DefaultCredibility int      `json:"default_credibility"`
			UpwardTypes        []string `json:"upward_types"`
		} `json:"rules"`
		Counts graph.Counts `json:"counts"`
	}](t, w)
	if got.Rules.DefaultCredibility != graph.CredibilityUnknown || !reflect.DeepEqual(got.Rules.UpwardTypes, graph.UpwardTypes) {
		t.Errorf("rules = %+v, want credibility %d and upward types %v", got.Rules, graph.CredibilityUnknown, graph.UpwardTypes)
	}
	if got.Counts.Nodes == 0 {
		t.Errorf("counts = %+v: the schema's own fields are gone", got.Counts)
	}
}
