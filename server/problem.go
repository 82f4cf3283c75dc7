package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"linkchart/graph"
)

// problemType is the base of the problem type URIs; each problem names a
// fragment of the API documentation.
const problemType = "/api/openapi.json#problem-"

// FieldError names one bad field of a request and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Problem is an RFC 9457 problem detail.
type Problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail,omitempty"`
	Instance string       `json:"instance,omitempty"`
	Errors   []FieldError `json:"errors,omitempty"`
}

// requestError is a problem the handler found itself (bad input, access):
// it carries its status and the fields at fault.
type requestError struct {
	status int
	detail string
	fields []FieldError
}

func (e *requestError) Error() string {
	s := e.detail
	for _, f := range e.fields {
		s += fmt.Sprintf("; %s: %s", f.Field, f.Message)
	}
	return s
}

// badRequest is a 400 naming the fields at fault.
func badRequest(detail string, fields ...FieldError) error {
	return &requestError{status: http.StatusBadRequest, detail: detail, fields: fields}
}

// problemFor maps an error to its status and problem. Every handler error
// goes through here: one place decides what the client sees.
func problemFor(err error) Problem {
	var (
		re  *requestError
		amb *graph.AmbiguousError
		ve  *graph.ValidationError
		ae  *graph.AccessError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.As(err, &re):
		return newProblem(re.status, re.detail, re.fields)
	case errors.As(err, &ae):
		return accessProblem(ae)
	case errors.As(err, &mbe):
		return newProblem(http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", mbe.Limit), nil)
	case errors.As(err, &amb):
		fields := make([]FieldError, 0, len(amb.Candidates))
		for _, h := range amb.Candidates {
			fields = append(fields, FieldError{Field: amb.Ref, Message: fmt.Sprintf("candidate: %s (%s, %s)", h.ID, h.Name, h.Kind)})
		}
		return newProblem(http.StatusBadRequest, fmt.Sprintf("%q names more than one entity: give an id", amb.Ref), fields)
	case errors.As(err, &ve):
		fields := make([]FieldError, 0, len(ve.Problems))
		for _, p := range ve.Problems {
			fields = append(fields, FieldError{Field: problemField(p), Message: problemMessage(p)})
		}
		return newProblem(http.StatusBadRequest, "the data breaks the data model; nothing was written", fields)
	case errors.Is(err, graph.ErrNotFound):
		return newProblem(http.StatusNotFound, "no such record", nil)
	case errors.Is(err, graph.ErrForbidden):
		return newProblem(http.StatusForbidden, "the write would touch records marked above your clearance; nothing was written", nil)
	case errors.Is(err, graph.ErrTooLarge):
		return newProblem(http.StatusRequestEntityTooLarge, "the dataset does not fit in one of the store's transactions; nothing was written (linkchart import writes it in parts)", nil)
	case errors.Is(err, graph.ErrAlreadyExists):
		return newProblem(http.StatusConflict, "a record with this id already exists; nothing was written", nil)
	case errors.Is(err, graph.ErrInvalid):
		return newProblem(http.StatusBadRequest, strings.TrimPrefix(err.Error(), "invalid: "), nil)
	case errors.Is(err, graph.ErrConflict):
		return newProblem(http.StatusConflict, sanitize(err.Error()), nil)
	case errors.Is(err, graph.ErrUnavailable):
		return newProblem(http.StatusServiceUnavailable, "the graph store cannot be reached; try again shortly", nil)
	case errors.Is(err, context.DeadlineExceeded):
		return timeoutProblem()
	}
	return newProblem(http.StatusInternalServerError, "", nil)
}

// accessProblem is the 403 of a write the store refused within the
// caller's clearance; one problem without a record is the detail itself.
func accessProblem(ae *graph.AccessError) Problem {
	if len(ae.Problems) == 1 && ae.Problems[0].Record == "" {
		return newProblem(http.StatusForbidden, ae.Problems[0].Message, nil)
	}
	fields := make([]FieldError, 0, len(ae.Problems))
	for _, p := range ae.Problems {
		fields = append(fields, FieldError{Field: problemField(p), Message: p.Message})
	}
	return newProblem(http.StatusForbidden, "the write would touch records marked above your clearance; nothing was written", fields)
}

func timeoutProblem() Problem {
	return newProblem(http.StatusGatewayTimeout, "the query took too long; narrow it (depth, limit, types)", nil)
}

func newProblem(status int, detail string, fields []FieldError) Problem {
	return Problem{
		Type:   problemType + strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "-"),
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
		Errors: fields,
	}
}

// problemField names the field of a dataset problem: "entities[3].kind".
func problemField(p graph.Problem) string {
	switch {
	case p.Record != "" && p.Field != "":
		return p.Record + "." + p.Field
	case p.Record != "":
		return p.Record
	case p.Field != "":
		return p.Field
	}
	return "body"
}

func problemMessage(p graph.Problem) string {
	if p.File != "" && p.Line > 0 {
		return fmt.Sprintf("%s (%s line %d)", p.Message, p.File, p.Line)
	}
	return p.Message
}

// fail answers err as problem+json and logs server-side failures once. A
// store failure after the request's deadline passed is a timeout (504),
// whatever the store made of it.
func (h *handler) fail(c *gin.Context, err error) {
	p := problemFor(err)
	if p.Status >= 500 && errors.Is(c.Request.Context().Err(), context.DeadlineExceeded) {
		p = timeoutProblem()
	}
	if p.Status >= 500 {
		h.log.ErrorContext(c.Request.Context(), "request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "status", p.Status, "err", err)
	}
	_ = c.Error(err)
	writeProblem(c, p)
}

// writeProblem writes p and aborts the chain.
func writeProblem(c *gin.Context, p Problem) {
	if p.Instance == "" {
		p.Instance = sanitize(c.Request.URL.Path)
	}
	if p.Status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "5")
	}
	c.Header("Content-Type", "application/problem+json")
	c.Header("Cache-Control", "no-store")
	body, _ := json.Marshal(p)
	c.Status(p.Status)
	_, _ = c.Writer.Write(body)
	c.Abort()
}

// bindError turns a ShouldBind error into a 400 (or 413) naming the fields.
func bindError(err error) error {
	var (
		verrs validator.ValidationErrors
		ute   *json.UnmarshalTypeError
		se    *json.SyntaxError
		mbe   *http.MaxBytesError
	)
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.As(err, &verrs):
		fields := make([]FieldError, 0, len(verrs))
		for _, fe := range verrs {
			fields = append(fields, FieldError{Field: fieldPath(fe), Message: validationMessage(fe)})
		}
		return badRequest("the request has invalid fields", fields...)
	case errors.As(err, &ute):
		field := ute.Field
		if field == "" {
			field = "body"
		}
		return badRequest("the request has invalid fields", FieldError{Field: field, Message: "want " + jsonKind(ute.Type.Kind().String())})
	case errors.As(err, &se):
		return badRequest("the body is not valid JSON", FieldError{Field: "body", Message: fmt.Sprintf("syntax error at byte %d: %s", se.Offset, se.Error())})
	case errors.Is(err, io.EOF):
		return badRequest("a JSON body is required", FieldError{Field: "body", Message: "empty"})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("the body is not valid JSON", FieldError{Field: "body", Message: "ends too early"})
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return badRequest("the request has unknown fields", FieldError{Field: strings.Trim(f, `"`), Message: "unknown field"})
	}
	return badRequest("the request could not be read", FieldError{Field: "body", Message: sanitize(msg)})
}

func jsonKind(k string) string {
	switch k {
	case "int", "int64", "int32", "float64":
		return "a number"
	case "string":
		return "a string"
	case "slice":
		return "a list"
	case "map", "struct":
		return "an object"
	case "bool":
		return "true or false"
	}
	return k
}

// sanitize keeps a message printable and short.
func sanitize(s string) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
