package server

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/go-playground/validator/v10"

	"linkchart/graph"
	"linkchart/graph/export"
)

// maxRefLen bounds a name given where an id is expected.
const maxRefLen = 256

// maxTextLen bounds free-text fields (names, summaries, notes).
const maxTextLen = 10000

var registerOnce sync.Once

// registerValidators adds linkchart's validators to gin's validator engine,
// once per process, makes field errors carry json/form names, refuses
// unknown JSON fields and puts gin in release mode.
func registerValidators() {
	registerOnce.Do(func() {
		gin.SetMode(gin.ReleaseMode)
		binding.EnableDecoderDisallowUnknownFields = true
		v, ok := binding.Validator.Engine().(*validator.Validate)
		if !ok {
			panic("server: gin's validator engine is not validator/v10")
		}
		v.RegisterTagNameFunc(func(f reflect.StructField) string {
			if f.Anonymous {
				return embedded // left out of field paths (fieldPath)
			}
			for _, tag := range []string{"json", "form", "uri"} {
				name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
				if name == "-" {
					return ""
				}
				if name != "" {
					return name
				}
			}
			return f.Name
		})
		for tag, fn := range map[string]validator.Func{
			"slug":     func(fl validator.FieldLevel) bool { return graph.ValidID(fl.Field().String()) },
			"kind":     func(fl validator.FieldLevel) bool { return graph.Kind(fl.Field().String()).Valid() },
			"reltype":  func(fl validator.FieldLevel) bool { return graph.ValidType(fl.Field().String()) },
			"pdate":    func(fl validator.FieldLevel) bool { return graph.Date(fl.Field().String()).Check() == nil },
			"mingrade": validMinGrade,
			"marking":  func(fl validator.FieldLevel) bool { return graph.Marking(fl.Field().String()).Valid() },
			"reliability": func(fl validator.FieldLevel) bool {
				r := graph.Reliability(fl.Field().String())
				return r == "" || r.Valid()
			},
			"ref":          func(fl validator.FieldLevel) bool { return validRef(fl.Field().String()) },
			"text":         func(fl validator.FieldLevel) bool { return validText(fl.Field().String(), maxTextLen) },
			"kinds":        listOf(func(s string) bool { return graph.Kind(s).Valid() }),
			"reltypes":     listOf(graph.ValidType),
			"slugs":        listOf(graph.ValidID),
			"exportformat": func(fl validator.FieldLevel) bool { return validFormat(fl.Field().String()) },
			"within":       validWithin,
			"score": func(fl validator.FieldLevel) bool {
				v := fl.Field().Float()
				return v >= 0 && v <= maxScore
			},
		} {
			if err := v.RegisterValidation(tag, fn); err != nil {
				panic(fmt.Sprintf("server: register validator %s: %v", tag, err))
			}
		}
		v.RegisterStructValidation(oversightLevel, oversightRequest{})
		v.RegisterStructValidation(viewLevel, viewRequest{})
		v.RegisterStructValidation(windowLevel, windowFields{})
		v.RegisterStructValidation(relationLevel, relationRequest{})
	})
}

// maxScore bounds a centrality score an export carries (the largest is a
// degree, below graph.MaxLimit; the rest are at most 1 or PageRank's).
const maxScore = 1e9

// fieldRange is the range of a numeric request field.
type fieldRange struct{ min, max int }

// ranges are the ranges of the numeric request fields, from graph's limits.
// A field tagged within=NAME takes a number in ranges[NAME]; a list or map
// so tagged holds at most its max items.
var ranges = map[string]fieldRange{
	"depth":       {1, graph.MaxDepth},
	"path_depth":  {1, graph.MaxPathDepth},
	"k":           {1, graph.MaxK},
	"limit":       {1, graph.MaxLimit},
	"credibility": {1, graph.CredibilityUnknown},
	// POST /connect's max_depth and an export's product number.
	"connect_depth": {1, MaxConnectDepth},
	"product":       {1, 999999999},
	// An export's analysis: community numbers as the page shows them (from 1).
	"community": {1, graph.MaxLimit},
	// GET /paths' hub limit: the most relations a node passed through may have.
	"max_degree": {1, 1000000},
	// GET /overview: how many of the most connected entities.
	"top": {1, graph.MaxTop},
}

func validWithin(fl validator.FieldLevel) bool {
	r, ok := ranges[fl.Param()]
	if !ok {
		panic("server: within=" + fl.Param() + ": no such range")
	}
	f := fl.Field()
	switch f.Kind() {
	case reflect.Int:
		return f.Int() >= int64(r.min) && f.Int() <= int64(r.max)
	case reflect.Slice, reflect.Map:
		return f.Len() <= r.max
	}
	return false
}

// oversightLevel wants exactly one of who and what.
func oversightLevel(sl validator.StructLevel) {
	r := sl.Current().Interface().(oversightRequest)
	if (r.Who == "") == (r.What == "") {
		sl.ReportError(r.Who, "who", "Who", "oneofwhowhat", "")
		sl.ReportError(r.What, "what", "What", "oneofwhowhat", "")
	}
}

// relationLevel wants a new relation's sources, or unsourced: true, not
// both.
func relationLevel(sl validator.StructLevel) {
	r := sl.Current().Interface().(relationRequest)
	switch {
	case !r.Unsourced && r.Sources == nil:
		sl.ReportError(r.Sources, "sources", "Sources", "sourcesorunsourced", "")
	case r.Unsourced && r.Sources != nil:
		sl.ReportError(r.Unsourced, "unsourced", "Unsourced", "unsourcedcites", "")
	}
}

// windowLevel refuses a window that ends before it starts (graph.Window).
func windowLevel(sl validator.StructLevel) {
	r := sl.Current() // embedded unexported: read by reflection, as viewLevel
	w := windowFields{FromDate: r.FieldByName("FromDate").String(), ToDate: r.FieldByName("ToDate").String()}
	if w.FromDate != "" && w.ToDate != "" && graph.Date(w.ToDate).Check() == nil && graph.Date(w.FromDate).Check() == nil &&
		w.window().Check() != nil {
		sl.ReportError(w.ToDate, "to_date", "ToDate", "afterfrom", "")
	}
}

// viewLevel wants ids, or a seed (with an optional depth). viewRequest is
// embedded unexported, so its fields are read by reflection (Interface
// would panic).
func viewLevel(sl validator.StructLevel) {
	r := sl.Current()
	ids, seed, depth := r.FieldByName("IDs"), r.FieldByName("Seed").String(), r.FieldByName("Depth")
	if (ids.Len() == 0) == (seed == "") {
		sl.ReportError(ids.Len(), "ids", "IDs", "idsorseed", "")
		sl.ReportError(seed, "seed", "Seed", "idsorseed", "")
	}
	if !depth.IsNil() && seed == "" {
		sl.ReportError(depth.Elem().Int(), "depth", "Depth", "withseed", "")
	}
}

func validMinGrade(fl validator.FieldLevel) bool {
	_, err := graph.ParseMinGrade(fl.Field().String())
	return err == nil
}

// validRef accepts an id, or a name or alias: printable text of modest size.
func validRef(s string) bool {
	return strings.TrimSpace(s) != "" && validText(s, maxRefLen)
}

// validText accepts valid UTF-8 without control characters (newlines and
// tabs aside) of at most max characters (what JSON Schema's maxLength
// counts).
func validText(s string, max int) bool {
	if len(s) > max && (len(s) > utf8.UTFMax*max || utf8.RuneCountInString(s) > max) || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return false
		}
	}
	return true
}

// listOf validates a []string query field whose items may also be
// comma-separated ("kinds=Person,Unit" or "kinds=Person&kinds=Unit").
func listOf(ok func(string) bool) validator.Func {
	return func(fl validator.FieldLevel) bool {
		f := fl.Field()
		if f.Kind() != reflect.Slice {
			return false
		}
		for i := 0; i < f.Len(); i++ {
			for _, item := range splitList(f.Index(i).String()) {
				if !ok(item) {
					return false
				}
			}
		}
		return true
	}
}

// splitList splits comma-separated items, trimming and dropping empties.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// flatten turns a list query field into its items.
func flatten(vals []string) []string {
	var out []string
	for _, v := range vals {
		out = append(out, splitList(v)...)
	}
	return out
}

// embedded names an embedded struct in a validation namespace.
const embedded = "~"

// fieldPath names a field as the client wrote it: "aliases[2]", "depth".
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return strings.ReplaceAll(rest, embedded+".", "")
	}
	return fe.Field()
}

// validationMessage says in words what a failed rule wants.
func validationMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "required"
	case "min", "gte":
		if fe.Kind() == reflect.Slice || fe.Kind() == reflect.String {
			return "want at least " + fe.Param() + " items or characters"
		}
		return "want at least " + fe.Param()
	case "max", "lte":
		if fe.Kind() == reflect.Slice || fe.Kind() == reflect.String {
			return "want at most " + fe.Param() + " items or characters"
		}
		return "want at most " + fe.Param()
	case "slug", "slugs":
		return "want an id: lower-case letters, digits and '-', starting with a letter or digit, at most 128 characters"
	case "kind", "kinds":
		return "want a kind: " + kindList()
	case "reltype", "reltypes":
		return "want a relation type in UPPER_SNAKE_CASE, such as COMMANDS"
	case "pdate":
		return "want a partial date: YYYY, YYYY-MM or YYYY-MM-DD"
	case "mingrade":
		return "want a grade: a reliability A-F, a credibility 1-6, or both, such as B2"
	case "marking":
		return "want TLP:CLEAR, TLP:GREEN, TLP:AMBER or TLP:RED"
	case "reliability":
		return "want a reliability letter A-F"
	case "ref":
		return fmt.Sprintf("want an id, name or alias: printable text, at most %d characters", maxRefLen)
	case "text":
		return fmt.Sprintf("want printable text, at most %d characters", maxTextLen)
	case "within":
		r := ranges[fe.Param()]
		if fe.Kind() == reflect.Slice || fe.Kind() == reflect.Map {
			return fmt.Sprintf("want at most %d items", r.max)
		}
		return fmt.Sprintf("want %d to %d", r.min, r.max)
	case "score":
		return fmt.Sprintf("want a score from 0 to %g", float64(maxScore))
	case "sourcesorunsourced":
		return "required: cite at least one source, or set unsourced to true"
	case "unsourcedcites":
		return "an unsourced relation cites no sources: leave out sources or unsourced"
	case "oneofwhowhat":
		return "give exactly one of who and what"
	case "idsorseed":
		return "give exactly one of ids and seed"
	case "afterfrom":
		return "ends before from_date"
	case "withseed":
		return "depth goes with seed"
	case "exportformat":
		return "want one of " + strings.Join(export.Formats, ", ")
	case "oneof":
		return "want one of " + fe.Param()
	case "dive":
		return "invalid item"
	}
	return "invalid (" + fe.Tag() + ")"
}

func kindList() string {
	ks := make([]string, len(graph.Kinds))
	for i, k := range graph.Kinds {
		ks[i] = string(k)
	}
	return strings.Join(ks, ", ")
}
