package neo4jstore

import (
	"errors"
	"io"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"linkchart/graph"
)

func TestTranslate(t *testing.T) {
	memory := &neo4j.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "too big"}
	for _, tt := range []struct {
		name string
		err  error
		want error // nil: none of the graph errors
	}{
		{"connectivity", &neo4j.ConnectivityError{Inner: io.EOF}, graph.ErrUnavailable},
		{"database unavailable", &neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, graph.ErrUnavailable},
		{"retries exhausted", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&neo4j.ConnectivityError{Inner: io.EOF}}}, graph.ErrUnavailable},
		{"constraint", &neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, graph.ErrAlreadyExists},
		{"syntax", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, nil},
		{"memory", memory, nil},
		{"memory after retries", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{memory}}, nil},
		{"not found passes", graph.ErrNotFound, graph.ErrNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := translate("op", tt.err)
			for _, e := range []error{graph.ErrUnavailable, graph.ErrAlreadyExists, graph.ErrNotFound, graph.ErrInvalid} {
				if errors.Is(got, e) != (e == tt.want) {
					t.Errorf("translate(%v) = %v: errors.Is %v = %v", tt.err, got, e, !(e == tt.want))
				}
			}
		})
	}
	if translate("op", nil) != nil {
		t.Error("translate(nil) != nil")
	}
}
