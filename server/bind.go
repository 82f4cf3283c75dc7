package server

import (
	"bytes"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"

	"linkchart/graph"
)

// bindQuery binds and validates the query string into obj (a pointer to a
// request struct). Numbers that do not parse are reported by field name
// before binding, which would only say "invalid syntax".
func bindQuery(c *gin.Context, obj any) error {
	q := c.Request.URL.Query()
	var fields []FieldError
	t := reflect.TypeOf(obj).Elem()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("form"), ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		for _, v := range q[name] {
			var err error
			switch ft.Kind() {
			case reflect.Int:
				_, err = strconv.Atoi(v)
			case reflect.Bool:
				_, err = strconv.ParseBool(v)
			default:
				if len(v) > maxTextLen {
					fields = append(fields, FieldError{Field: name, Message: "too long"})
				}
				continue
			}
			if err != nil {
				want := "a whole number"
				if ft.Kind() == reflect.Bool {
					want = "true or false"
				}
				fields = append(fields, FieldError{Field: name, Message: "want " + want})
			}
		}
	}
	if len(fields) > 0 {
		return badRequest("the request has invalid fields", fields...)
	}
	// What c.ShouldBindQuery does, on the query string parsed above
	// (it would parse it again).
	if err := binding.MapFormWithTag(obj, q, "form"); err != nil {
		return bindError(err)
	}
	if binding.Validator != nil {
		if err := binding.Validator.ValidateStruct(obj); err != nil {
			return bindError(err)
		}
	}
	return nil
}

// bindJSON binds and validates the JSON body into obj. A body that is not
// valid UTF-8 is refused rather than silently repaired.
func bindJSON(c *gin.Context, obj any) error {
	data, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return readErr(err)
	}
	if !utf8.Valid(data) {
		return badRequest("the body is not valid UTF-8", FieldError{Field: "body", Message: "not valid UTF-8"})
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(data))
	if err := c.ShouldBindJSON(obj); err != nil {
		return bindError(err)
	}
	return nil
}

// bindID binds and validates the {id} of the path. A valid id (the
// common case) is taken as it is; binding reports what is wrong with any
// other.
func bindID(c *gin.Context) (string, error) {
	if id := c.Param("id"); graph.ValidID(id) {
		return id, nil
	}
	var u idURI
	if err := c.ShouldBindUri(&u); err != nil {
		return "", bindError(err)
	}
	return u.ID, nil
}
