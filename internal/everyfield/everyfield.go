// Package everyfield fills every field of a record, by reflection, with a
// value of its own, so that a test of an encoding of graph.Node, Edge or
// Source fails when the encoding forgets a field, including one added
// later. It imports nothing of linkchart, so that package graph's own
// tests can use it.
package everyfield

import (
	"fmt"
	"reflect"
	"strings"
)

// valid are values the model accepts for its named string types.
var valid = map[string]string{
	"Kind":        "Unit",
	"Marking":     "TLP:AMBER",
	"Reliability": "B",
}

// Fill sets every exported field of the struct p points to, except derived
// ones (yaml:"-", computed by the stores), to a non-empty value: a plain
// string "x-" and the field's name in lower case (a valid id), a Date a
// date later than the previous Date field's, the other named strings a
// valid value, an int 3 (a valid credibility), a []string two values and
// a map[string]string two entries. It panics on a type it does not know,
// so that its callers' tests fail until it learns it.
func Fill(p any) {
	v := reflect.ValueOf(p).Elem()
	t := v.Type()
	dates := 0
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() || sf.Tag.Get("yaml") == "-" {
			continue
		}
		f := v.Field(i)
		name := "x-" + strings.ToLower(sf.Name)
		switch {
		case sf.Type.Kind() == reflect.String && sf.Type.Name() == "Date":
			dates++
			f.SetString(fmt.Sprintf("20%02d-0%d-1%d", dates, dates, dates))
		case sf.Type.Kind() == reflect.String && valid[sf.Type.Name()] != "":
			f.SetString(valid[sf.Type.Name()])
		case sf.Type.Kind() == reflect.String:
			f.SetString(name)
		case sf.Type.Kind() == reflect.Int:
			f.SetInt(3)
		case sf.Type.Kind() == reflect.Bool:
			f.SetBool(true)
		case sf.Type == reflect.TypeFor[[]string]():
			f.Set(reflect.ValueOf([]string{name + "-1", name + "-2"}))
		case sf.Type == reflect.TypeFor[map[string]string]():
			f.Set(reflect.ValueOf(map[string]string{name + "-a": "first " + name, name + "-b": "second " + name}))
		default:
			panic(fmt.Sprintf("everyfield: %s.%s: no value for type %s", t.Name(), sf.Name, sf.Type))
		}
	}
}
