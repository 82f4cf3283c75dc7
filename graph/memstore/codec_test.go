package memstore

import (
	"reflect"
	"testing"

	"linkchart/graph"
	"linkchart/internal/everyfield"
)

// TestCodecEveryField round-trips records with every field of the model
// set through the log's encoding: a field the codec forgets fails here
// (the index's own encoding is checked by storetest's EveryField case).
func TestCodecEveryField(t *testing.T) {
	var n graph.Node
	var e graph.Edge
	var s graph.Source
	for _, p := range []any{&n, &e, &s} {
		everyfield.Fill(p)
	}
	gotN, err := decodeNode(appendNode(nil, &n))
	if err != nil || !reflect.DeepEqual(gotN, n) {
		t.Errorf("node: %v\n got %+v\nwant %+v", err, gotN, n)
	}
	var block []string
	gotE, err := decodeEdge(appendEdgeWith(nil, &e, e.Credibility, e.Marking), &block)
	if err != nil || !reflect.DeepEqual(gotE, e) {
		t.Errorf("edge: %v\n got %+v\nwant %+v", err, gotE, e)
	}
	gotS, err := decodeSource(appendSource(nil, &s))
	if err != nil || !reflect.DeepEqual(gotS, s) {
		t.Errorf("source: %v\n got %+v\nwant %+v", err, gotS, s)
	}
}
