package server

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"linkchart/graph"
	"linkchart/graph/dedupe"
	"linkchart/graph/export"
)

// The OpenAPI 3.1 document is built here, by hand, next to the routes;
// TestOpenAPIMatchesRoutes keeps the two equal, and scripts/apifuzz.sh has
// a fuzzer check the server against it. Ranges come from the same table as
// the request tags (ranges), the record schemas from graph's types.

type obj = map[string]any

// operation describes one route for the document.
type operation struct {
	method, path, summary string
	params                []obj
	body                  string // schema name of the JSON body, "" for none
	ok                    int
	okSchema              string
	okTypes               []string // content types of the answer when not JSON
	write                 bool     // needs a token with the editor role
	api                   bool     // under /api/v1: problem answers, bearer auth
	notes                 string   // added to the description
}

// recordETag reports whether the operation answers one entity or
// relation with its ETag (GET, POST, PATCH).
func (op operation) recordETag() bool {
	switch op.path {
	case "/api/v1/entities/{id}", "/api/v1/relations/{id}":
		return op.method == "GET" || op.method == "PATCH"
	case "/api/v1/entities", "/api/v1/relations":
		return op.method == "POST"
	}
	return false
}

// Query parameters.

func qp(name, desc string, required bool, schema obj) obj {
	return obj{"name": name, "in": "query", "required": required, "description": desc, "schema": schema}
}

// listParam is a list given repeated or comma-separated.
func listParam(name, desc, item string) obj {
	return qp(name, desc+", repeated or comma-separated", false, obj{"type": "array", "items": ref(item)})
}

// rangeParam is an integer within ranges[rng].
func rangeParam(name, rng string, def int) obj {
	r := ranges[rng]
	return qp(name, fmt.Sprintf("%d-%d, default %d", r.min, r.max, def), false, intRange(rng, def))
}

func intRange(rng string, def int) obj {
	r := ranges[rng]
	s := obj{"type": "integer", "minimum": r.min, "maximum": r.max}
	if def > 0 {
		s["default"] = def
	}
	return s
}

var idParam = obj{"name": "id", "in": "path", "required": true, "schema": ref("Id")}

// oversightParam is who or what (exactly one) with as_of: one object
// parameter exploded into the query string, so that oneOf can say it.
var oversightParam = obj{"name": "question", "in": "query", "required": true, "style": "form", "explode": true,
	"description": "who=ID (what a person oversaw) or what=ID (who oversaw it), exactly one, and as_of",
	"schema":      obj{"oneOf": []obj{oversightBranch("who", "id, name or alias of a person"), oversightBranch("what", "id, name or alias")}}}

func oversightBranch(key, desc string) obj {
	return obj{"type": "object", "required": []string{key}, "additionalProperties": false,
		"properties": obj{key: withDesc(ref("Ref"), desc), "as_of": ref("PartialDate")}}
}

func withDesc(s obj, desc string) obj { return obj{"allOf": []obj{s}, "description": desc} }

var operations = []operation{
	{method: "GET", path: "/healthz", summary: "Liveness", ok: 200, okSchema: "Status"},
	{method: "GET", path: "/readyz", summary: "Readiness: 503 when the store cannot be reached", ok: 200, okSchema: "Status"},
	{method: "GET", path: "/metrics", summary: "Prometheus metrics", ok: 200, okTypes: []string{"text/plain"}},
	{method: "GET", path: "/api/openapi.json", summary: "This document", ok: 200, okSchema: "Any"},
	{method: "GET", path: "/", summary: "The page", ok: 200, okTypes: []string{"text/html"}},
	{method: "GET", path: "/api/v1/entities", summary: "Search entities by name or alias", api: true, ok: 200, okSchema: "SearchResults",
		params: []obj{qp("q", "name or alias (case-, accent- and punctuation-blind, prefixes, small typos)", true, ref("Ref")),
			listParam("kind", "kinds", "Kind"), rangeParam("limit", "limit", graph.DefaultHits)}},
	{method: "GET", path: "/api/v1/entities/{id}", summary: "An entity, its relations and their sources", api: true, params: []obj{idParam}, ok: 200, okSchema: "Subgraph"},
	{method: "GET", path: "/api/v1/entities/{id}/neighborhood", summary: "The neighborhood of an entity", api: true, ok: 200, okSchema: "Subgraph",
		params: []obj{idParam, rangeParam("depth", "depth", 1), listParam("kinds", "kinds to enter", "Kind"),
			listParam("types", "relation types to walk", "RelType"), qp("as_of", "partial ISO date", false, ref("PartialDate")),
			qp("min_grade", "grade floor: B, 3 or B3", false, ref("MinGrade")), rangeParam("limit", "limit", graph.DefaultLimit)}},
	{method: "GET", path: "/api/v1/relations/{id}", summary: "A relation, its ends and its sources", api: true, params: []obj{idParam}, ok: 200, okSchema: "Subgraph"},
	{method: "GET", path: "/api/v1/paths", summary: "The k shortest paths between two entities", api: true, ok: 200, okSchema: "PathAnswer",
		params: []obj{qp("from", "id, name or alias", true, ref("Ref")), qp("to", "id, name or alias", true, ref("Ref")),
			rangeParam("max_depth", "path_depth", graph.DefaultPathDepth), rangeParam("k", "k", 1), listParam("types", "relation types to walk", "RelType"),
			qp("direction", "any (default), out (along the arrows) or in", false, obj{"type": "string", "enum": []string{"any", "out", "in"}}),
			qp("exclude", "entities no path goes through: ids, names or aliases (resolved as from and to), repeated or comma-separated", false, obj{"type": "array", "maxItems": 100, "items": ref("Ref")}),
			qp("max_degree", "no path through a node with more visible relations", false, intRange("max_degree", 0)),
			qp("consistent", "only paths whose hops all hold at one common date (within from_date..to_date when given)", false, obj{"type": "boolean"}),
			qp("rank", "length (default) or grade: best weakest grade first", false, obj{"type": "string", "enum": []string{"length", "grade"}})},
		notes: "A name or alias that fits several entities is 400, listing them."},
	{method: "GET", path: "/api/v1/oversight", summary: "Who oversaw what (exactly one of who, what)", api: true, ok: 200, okSchema: "OversightAnswer",
		params: []obj{oversightParam, qp("direct", "only answers through an oversight edge alone (no unit hierarchy)", false, obj{"type": "boolean"})}},
	{method: "POST", path: "/api/v1/subgraph", summary: "The induced subgraph of ids", api: true, body: "SubgraphRequest", ok: 200, okSchema: "Subgraph"},
	{method: "POST", path: "/api/v1/export", summary: "A file download of ids, or of a seed's neighborhood", api: true, body: "ExportRequest", ok: 200, okTypes: exportTypes(),
		params: []obj{qp("format", "export format", true, obj{"type": "string", "enum": export.Formats})}},
	{method: "GET", path: "/api/v1/schema", summary: "Counts of visible kinds, types and records; the query limits and data rules", api: true, ok: 200, okSchema: "Schema"},
	{method: "GET", path: "/api/v1/overview", summary: "The most connected entities: most relations visible to the caller first, then by id", api: true, ok: 200, okSchema: "Overview",
		params: []obj{rangeParam("top", "top", graph.DefaultTop), qp("kind", "only entities of this kind", false, ref("Kind"))}},
	{method: "GET", path: "/api/v1/whoami", summary: "The caller's name, role and clearance (anonymous without a token)", api: true, ok: 200, okSchema: "Whoami"},
	{method: "POST", path: "/api/v1/entities", summary: "Create an entity (editor)", api: true, write: true, body: "Entity", ok: 201, okSchema: "Subgraph"},
	{method: "PATCH", path: "/api/v1/entities/{id}", summary: "Change fields of an entity (editor)", api: true, write: true, params: []obj{idParam}, body: "EntityPatch", ok: 200, okSchema: "Subgraph"},
	{method: "DELETE", path: "/api/v1/entities/{id}", summary: "Delete an entity and its relations (editor)", api: true, write: true, params: []obj{idParam}, ok: 204},
	{method: "POST", path: "/api/v1/relations", summary: "Create a relation (editor)", api: true, write: true, body: "Relation", ok: 201, okSchema: "Subgraph",
		notes: "400 also when a cited source does not exist or until is before since."},
	{method: "PATCH", path: "/api/v1/relations/{id}", summary: "Change fields of a relation (editor)", api: true, write: true, params: []obj{idParam}, body: "RelationPatch", ok: 200, okSchema: "Subgraph",
		notes: "400 also when a cited source does not exist or until is before since."},
	{method: "DELETE", path: "/api/v1/relations/{id}", summary: "Delete a relation (editor)", api: true, write: true, params: []obj{idParam}, ok: 204},
	{method: "POST", path: "/api/v1/import", summary: "Import a dataset, all or nothing (editor)", api: true, write: true, body: "Dataset", ok: 200, okSchema: "ImportResult",
		params: []obj{qp("allow_unsourced", "CSV edges without sources cite 'unsourced'", false, obj{"type": "boolean"}),
			qp("format", "the body's format (body, or multipart files with a 'map' part for CSV); default: yaml, or the files' extensions", false,
				obj{"type": "string", "enum": []string{"yaml", "json", "csv", "graphml", "gexf", "stix", "ftm"}}),
			qp("dry_run", "answer the problems and the duplicates it would create; write nothing", false, obj{"type": "boolean"})},
		notes: "The dataset is checked whole (references, duplicates, dates); 400 lists every problem with its file, line and field."},
	{method: "GET", path: "/api/v1/duplicates", summary: "Candidate duplicate entities, best first, with score and reason", api: true, ok: 200, okSchema: "Duplicates",
		params: []obj{rangeParam("limit", "limit", graph.DefaultHits), qp("kind", "only entities of this kind", false, ref("Kind"))}},
}

// readProblems and writeProblems are the problem statuses of API reads and
// writes: 401 is a token the server does not know (or none, when the server
// requires one; always for writes), 403 a role or clearance too low.
var (
	readProblems  = []int{400, 401, 404, 413, 503, 504}
	writeProblems = []int{400, 401, 403, 404, 409, 413, 429, 503, 504}
)

func exportTypes() []string {
	var types []string
	for _, f := range export.Formats {
		if t := export.ContentType(f); !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	return types
}

// openAPIDocument builds the document.
func openAPIDocument() obj {
	paths := obj{}
	for _, op := range operations {
		item, _ := paths[op.path].(obj)
		if item == nil {
			item = obj{}
			paths[op.path] = item
		}
		item[strings.ToLower(op.method)] = op.document()
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "linkchart API", "version": "1",
			"description": "Entity-relationship graph explorer. Errors are RFC 9457 application/problem+json. A request without a token is a viewer cleared for TLP:CLEAR unless the server requires auth; writes need a token with the editor role (401 without one)."},
		"paths": paths,
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"}},
			"responses": obj{
				"Problem": obj{"description": "a problem", "content": obj{"application/problem+json": obj{"schema": ref("Problem")}}},
				"Unauthorized": obj{"description": "no token where one is needed, or a token the server does not know",
					"headers": obj{"WWW-Authenticate": obj{"required": true, "schema": obj{"type": "string", "pattern": "^Bearer"}}},
					"content": obj{"application/problem+json": obj{"schema": ref("Problem")}}},
			},
			"schemas": withChartSchemas(withMergeSchemas(withHistorySchemas(withAnalysisSchemas(schemas())))),
		},
	}
}

// document is op's operation object.
func (op operation) document() obj {
	responses := obj{}
	switch {
	case op.ok == 204:
		responses["204"] = obj{"description": "done"}
	case len(op.okTypes) > 0:
		content := obj{}
		for _, t := range op.okTypes {
			content[t] = obj{}
		}
		responses[strconv.Itoa(op.ok)] = obj{"description": "ok", "content": content}
	default:
		responses[strconv.Itoa(op.ok)] = obj{"description": "ok", "content": obj{"application/json": obj{"schema": ref(op.okSchema)}}}
	}
	o := obj{"summary": op.summary, "operationId": operationID(op), "responses": responses}
	if op.notes != "" {
		o["description"] = op.notes
	}
	if op.api {
		problems := readProblems
		o["security"] = []obj{{"bearer": []string{}}, {}}
		if op.write {
			problems = writeProblems
			o["security"] = []obj{{"bearer": []string{}}}
		}
		for _, s := range problems {
			responses[strconv.Itoa(s)] = obj{"$ref": "#/components/responses/Problem"}
		}
		responses["401"] = obj{"$ref": "#/components/responses/Unauthorized"}
	}
	if strings.HasPrefix(op.path, "/api/v1/relations/") {
		responses["501"] = obj{"$ref": "#/components/responses/Problem", "description": "the store cannot find a relation by this id"}
	}
	if op.body == "Dataset" {
		responses["415"] = obj{"$ref": "#/components/responses/Problem"}
	}
	params := op.params
	if op.recordETag() {
		// One record's answers carry its ETag; a PATCH may send it back in
		// If-Match and is refused with 412 when the record has changed.
		ok := responses[strconv.Itoa(op.ok)].(obj)
		ok["headers"] = obj{"ETag": obj{"description": "the record's version", "schema": str()}}
		if op.method == "PATCH" {
			params = append(slices.Clone(params), obj{"name": "If-Match", "in": "header", "required": false,
				"description": "the ETag the change was made from: 412 when the record has changed since", "schema": str()})
			responses["412"] = obj{"$ref": "#/components/responses/Problem"}
		}
	}
	if len(params) > 0 {
		o["parameters"] = params
	}
	if op.body != "" {
		content := obj{"application/json": obj{"schema": ref(op.body)}}
		if op.body == "Dataset" {
			content["application/yaml"] = obj{"schema": ref("Dataset")}
			content["multipart/form-data"] = obj{"schema": obj{"type": "object", "properties": obj{
				"nodes": obj{"type": "string", "contentMediaType": "text/csv"}, "edges": obj{"type": "string", "contentMediaType": "text/csv"},
				"sources": obj{"type": "string", "contentMediaType": "text/csv"}}}}
		}
		o["requestBody"] = obj{"required": true, "content": content}
	}
	return o
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func operationID(op operation) string {
	s := strings.ToLower(op.method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_").Replace(op.path)
	return strings.TrimSuffix(s, "_")
}

// Patterns of what validText and validRef accept: no control character
// but tab, newline and return; a ref also has a character that is not a
// space.
const (
	controls    = `\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F`
	textPattern = `^[^` + controls + `]*$`
	refPattern  = `^[^` + controls + `]*[^\s\u0000-\u001F\u007F-\u009F][^` + controls + `]*$`
	// datePattern is exactly what graph.Date.Check accepts.
	datePattern = `^$|^[0-9]{4}$|^[0-9]{4}-(0[1-9]|1[0-2])$` +
		`|^[0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$` +
		`|^([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29$`
)

func str() obj                { return obj{"type": "string"} }
func strs() obj               { return obj{"type": "array", "items": str()} }
func object(props obj) obj    { return obj{"type": "object", "properties": props} }
func arrayOf(name string) obj { return obj{"type": "array", "items": ref(name)} }

// closed is an object that refuses unknown properties (the server does).
func closed(props obj, required ...string) obj {
	o := obj{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func text(max int) obj {
	return obj{"type": "string", "maxLength": max, "pattern": textPattern}
}

// propsSchema is a record's props as written: at most 100 keys of 1-64
// characters; nullable values are a patch's (null removes the key).
func propsSchema(nullable bool) obj {
	val := text(maxTextLen)
	if nullable {
		val = obj{"oneOf": []obj{val, {"type": "null"}}}
	}
	return obj{"type": "object", "maxProperties": 100, "additionalProperties": val,
		"propertyNames": obj{"minLength": 1, "maxLength": 64, "pattern": textPattern}}
}

// fieldsOf returns props after checking that they are exactly the JSON
// fields of struct t: a field without a schema, or a schema for no field,
// panics (TestOpenAPIRefs builds the document), so the document cannot
// forget a new field of a graph record or a request.
func fieldsOf(t reflect.Type, props obj) obj {
	if n := countFields(t, props); n != len(props) {
		panic(fmt.Sprintf("server: openapi: %s has %d JSON fields, its schema %d properties", t, n, len(props)))
	}
	return props
}

// countFields counts t's JSON fields (an embedded struct's fields are its
// own, as encoding/json sees them), panicking on one props lacks.
func countFields(t reflect.Type, props obj) int {
	n := 0
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			n += countFields(f.Type, props)
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if _, ok := props[name]; !ok {
			panic(fmt.Sprintf("server: openapi: field %q of %s has no schema", name, t))
		}
		n++
	}
	return n
}

func schemas() obj {
	ids := func(maxItems int) obj {
		return obj{"type": "array", "items": ref("Id"), "minItems": 1, "maxItems": maxItems}
	}
	// Requests: what the server's validation accepts.
	nodeIn := obj{"id": ref("Id"), "kind": ref("Kind"), "name": ref("Ref"), "aliases": obj{"type": "array", "maxItems": 100, "items": ref("Ref")},
		"summary": text(maxTextLen), "props": propsSchema(false), "marking": ref("Marking"), "geo": ref("Geo")}
	edgeIn := obj{"id": ref("Id"), "type": ref("RelType"), "from": ref("Ref"), "to": ref("Ref"),
		"since": ref("PartialDate"), "until": ref("PartialDate"), "credibility": intRange("credibility", 0),
		"sources": ids(100), "note": text(maxTextLen), "props": propsSchema(false), "marking": ref("Marking")}
	// A relation's new sources (POST and PATCH), written with it in one batch.
	newSources := withDesc(obj{"type": "array", "maxItems": 10, "items": closed(fieldsOf(reflect.TypeFor[sourceRequest](), obj{
		"id": ref("Id"), "title": merged(text(500), obj{"minLength": 1}), "publisher": text(200), "author": text(200),
		"date": ref("PartialDate"), "url": text(2000), "reliability": ref("Reliability"), "note": text(maxTextLen)}), "id", "title")},
		"sources created with the relation in one write; each id must be cited in sources")
	// A new relation cites sources, or says unsourced: true instead.
	unsourced := obj{"unsourced": obj{"const": true}}
	relationIn := merged(closed(fieldsOf(reflect.TypeFor[relationRequest](), merged(edgeIn, obj{"new_sources": newSources,
		"unsourced": withDesc(obj{"type": "boolean"}, "true instead of sources: the relation cites the reserved source 'unsourced'")})), "type", "from", "to"),
		obj{"oneOf": []obj{{"required": []string{"sources"}, "not": obj{"required": []string{"unsourced"}, "properties": unsourced}},
			{"required": []string{"unsourced"}, "properties": unsourced, "not": obj{"required": []string{"sources"}}}}})
	patch := func(t reflect.Type, props obj) obj {
		p := merged(props, obj{"props": propsSchema(true)})
		delete(p, "id")
		return closed(fieldsOf(t, p))
	}
	exportBranch := func(key string, extra obj) obj {
		return closed(fieldsOf(reflect.TypeFor[exportRequest](), merged(obj{"ids": false, "seed": false, "depth": false,
			"as_of": ref("PartialDate"), "from_date": ref("PartialDate"), "to_date": ref("PartialDate"),
			"title": obj{"type": "string", "maxLength": 200, "pattern": textPattern},
			"edges": obj{"type": "array", "maxItems": 20000, "items": ref("Id"), "description": "with ids: only these relations among them"},
			"positions": obj{"type": "object", "maxProperties": graph.MaxLimit, "propertyNames": ref("Id"),
				"additionalProperties": closed(obj{"x": coord, "y": coord})},
			// The briefs' parts (markdown, html, pdf): the export dialog's fields and the answers on screen.
			"author": text(200), "summary": text(8000), "key_judgments": obj{"type": "array", "maxItems": 30, "items": text(1000)},
			"product": intRange("product", 0), "paper": obj{"type": "string", "enum": []string{"a4", "letter"}},
			"answers": closed(fieldsOf(reflect.TypeFor[answersRequest](), obj{"question": text(500),
				"items": obj{"type": "array", "maxItems": 100, "items": closed(fieldsOf(reflect.TypeFor[answerRequest](), obj{"label": text(500),
					"nodes": obj{"type": "array", "maxItems": 100, "items": ref("Id")}, "edges": obj{"type": "array", "maxItems": 100, "items": ref("Id")}}))}})),
			// The notes on the chart: the briefs' analyst's notes.
			"notes": obj{"type": "array", "maxItems": 200, "items": closed(fieldsOf(reflect.TypeFor[exportNote](), obj{"on": ref("Id"), "text": text(2000)}), "text")},
			// The analysis on screen: the briefs' key entities.
			"analysis": closed(fieldsOf(reflect.TypeFor[analysisShown](), obj{
				"measure": obj{"type": "string", "enum": []string{"degree", "betweenness", "closeness", "pagerank", "eigenvector"}},
				"scores": obj{"type": "object", "maxProperties": graph.MaxLimit, "propertyNames": ref("Id"),
					"additionalProperties": obj{"type": "number", "minimum": 0, "maximum": maxScore}},
				"communities": obj{"type": "object", "maxProperties": graph.MaxLimit, "propertyNames": ref("Id"), "description": "community numbers as the page shows them, from 1",
					"additionalProperties": intRange("community", 0)}}), "measure", "scores")}, extra)), key)
	}
	// Answers: the records as stored.
	strMap := obj{"type": "object", "additionalProperties": str()}
	node := fieldsOf(reflect.TypeFor[graph.Node](), obj{"id": ref("Id"), "kind": ref("Kind"), "name": str(), "aliases": strs(),
		"summary": str(), "props": strMap, "marking": ref("Marking"), "geo": ref("Geo")})
	edge := fieldsOf(reflect.TypeFor[graph.Edge](), obj{"id": ref("Id"), "type": ref("RelType"), "from": ref("Id"), "to": ref("Id"),
		"since": ref("PartialDate"), "until": ref("PartialDate"), "credibility": intRange("credibility", 0),
		"grade": obj{"type": "string", "pattern": "^[A-F][1-6]$"}, "sources": strs(), "note": str(), "props": strMap, "marking": ref("Marking")})
	source := fieldsOf(reflect.TypeFor[graph.Source](), obj{"id": ref("Id"), "title": str(), "publisher": str(), "author": str(),
		"date": ref("PartialDate"), "url": str(), "reliability": ref("Reliability"), "note": str()})
	withSubgraph := func(extra obj) obj { return obj{"allOf": []obj{ref("Subgraph"), object(extra)}} }
	marks := make([]string, len(graph.Markings))
	for i, m := range graph.Markings {
		marks[i] = string(m)
	}
	intMap := obj{"type": "object", "additionalProperties": obj{"type": "integer", "minimum": 0}}
	return obj{
		"Any":         obj{},
		"Id":          obj{"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,127}$"},
		"Ref":         obj{"type": "string", "minLength": 1, "maxLength": maxRefLen, "pattern": refPattern, "description": "an id, or a name or alias that fits one entity"},
		"Kind":        obj{"type": "string", "enum": kindNames()},
		"RelType":     obj{"type": "string", "pattern": "^[A-Z][A-Z0-9_]{0,63}$"},
		"Marking":     obj{"type": "string", "enum": marks},
		"Reliability": obj{"type": "string", "enum": []string{"A", "B", "C", "D", "E", "F"}},
		"PartialDate": obj{"type": "string", "pattern": datePattern},
		"MinGrade":    obj{"type": "string", "pattern": "^([A-Fa-f][1-6]?|[1-6])$"},
		"Status":      object(obj{"status": str()}),
		"Geo": closed(fieldsOf(reflect.TypeFor[graph.Geo](), obj{"lat": obj{"type": "number", "minimum": -90, "maximum": 90},
			"lon":    obj{"type": "number", "minimum": -180, "maximum": 180},
			"source": withDesc(merged(text(200), obj{"minLength": 1}), "the gazetteer and its record id, such as GeoNames 2044757")}), "lat", "lon", "source"),
		"Node":     object(node),
		"Edge":     object(edge),
		"Source":   object(source),
		"Subgraph": object(obj{"nodes": arrayOf("Node"), "edges": arrayOf("Edge"), "sources": arrayOf("Source"), "truncated": obj{"type": "boolean"}}),
		"Path":     object(obj{"nodes": strs(), "edges": strs()}),
		"SearchResults": object(obj{"results": obj{"type": "array", "items": obj{"allOf": []obj{ref("Node"),
			object(obj{"score": obj{"type": "number"}})}}}}),
		"PathAnswer": withSubgraph(obj{"paths": arrayOf("Path")}),
		"OversightAnswer": withSubgraph(obj{"answers": obj{"type": "array", "items": object(obj{"overseer": str(), "target": str(), "path": ref("Path"),
			"window": object(obj{"since": ref("PartialDate"), "until": ref("PartialDate"), "never": obj{"type": "boolean"}})})}}),
		"Schema": obj{"type": "object", "required": []string{"kinds", "types", "counts", "limits", "rules"}, "properties": obj{
			"kinds": intMap, "types": intMap,
			"counts": object(obj{"nodes": obj{"type": "integer"}, "edges": obj{"type": "integer"}, "sources": obj{"type": "integer"}}),
			"limits": constSchema(queryLimits), "rules": constSchema(dataRules),
			"revision": obj{"type": "integer", "minimum": 0, "description": "the store's latest revision (0: none recorded)"}}},
		"Overview": closed(fieldsOf(reflect.TypeFor[overviewAnswer](), obj{"connected": obj{"type": "array", "maxItems": graph.MaxTop,
			"items": obj{"allOf": []obj{ref("Node"), object(obj{"degree": obj{"type": "integer", "minimum": 1}})}}}}), "connected"),
		"Whoami": closed(fieldsOf(reflect.TypeFor[whoamiAnswer](), obj{"name": str(), "role": obj{"type": "string", "enum": []string{RoleViewer, RoleEditor, RoleAdmin}},
			"clearance": ref("Marking")}), "name", "role", "clearance"),
		"SubgraphRequest": closed(fieldsOf(reflect.TypeFor[subgraphRequest](), obj{"ids": ids(graph.MaxLimit)}), "ids"),
		"ExportRequest": obj{"description": "ids, or a seed (and depth): exactly one of the two",
			"oneOf": []obj{exportBranch("ids", obj{"ids": ids(graph.MaxLimit)}), exportBranch("seed", obj{"seed": ref("Ref"), "depth": intRange("depth", 1)})}},
		"Entity":        closed(fieldsOf(reflect.TypeFor[entityRequest](), nodeIn), "id", "kind", "name"),
		"EntityPatch":   patch(reflect.TypeFor[entityPatch](), nodeIn),
		"Relation":      relationIn,
		"RelationPatch": patch(reflect.TypeFor[relationPatch](), merged(edgeIn, obj{"new_sources": newSources})),
		"Dataset":       object(obj{"sources": arrayOf("Source"), "entities": arrayOf("Node"), "relations": arrayOf("Edge")}),
		"Duplicates":    object(obj{"candidates": obj{"type": "array", "items": candidate}}),
		"ImportResult": obj{"oneOf": []obj{
			closed(obj{"imported": object(obj{"nodes": obj{"type": "integer"}, "edges": obj{"type": "integer"}, "sources": obj{"type": "integer"}})}, "imported"),
			closed(obj{"dry_run": obj{"const": true}, "problems": obj{"type": "array", "items": object(obj{"file": str(), "line": obj{"type": "integer"}, "field": str(), "message": str()})},
				"would_import": object(obj{"nodes": obj{"type": "integer"}, "edges": obj{"type": "integer"}, "sources": obj{"type": "integer"}}),
				"duplicates":   obj{"type": "array", "items": candidate},
				"resolved": obj{"type": "array", "description": "relation ends given by name, resolved to entities of the store",
					"items": object(obj{"file": str(), "line": obj{"type": "integer"}, "field": str(), "name": str(), "id": str()})}}, "dry_run")}},
		"Problem": object(obj{"type": str(), "title": str(), "status": obj{"type": "integer"}, "detail": str(), "instance": str(),
			"errors": obj{"type": "array", "items": object(obj{"field": str(), "message": str()})}}),
	}
}

// candidate is a pair of likely duplicates (dedupe.Candidate).
var candidate = object(fieldsOf(reflect.TypeFor[dedupe.Candidate](), obj{"a": candidateRef, "b": candidateRef,
	"score": obj{"type": "number"}, "reason": str(), "shared_neighbours": obj{"type": "integer", "minimum": 0}}))

var candidateRef = object(fieldsOf(reflect.TypeFor[dedupe.Ref](), obj{"id": str(), "name": str(), "kind": str(),
	"relations": obj{"type": "integer", "minimum": 0, "description": "visible relations (GET /duplicates; 0 in a dry run)"}}))

// coord bounds a position's coordinates to what JSON numbers of the page
// take (the server reads them as float64).
var coord = obj{"type": "number", "minimum": -1e12, "maximum": 1e12}

// merged is a copy of a with b's keys set over it.
func merged(a, b obj) obj {
	out := make(obj, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// constSchema is the schema of a constant answer value v: each field is
// required and takes exactly v's value.
func constSchema(v any) obj {
	rv := reflect.ValueOf(v)
	props := obj{}
	var required []string
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		props[name] = obj{"const": rv.Field(i).Interface()}
		required = append(required, name)
	}
	return closed(props, required...)
}

func kindNames() []string {
	return strings.Split(strings.ReplaceAll(kindList(), " ", ""), ",")
}

// openAPI serves the document.
func (h *handler) openAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.JSON(http.StatusOK, openAPIDocument())
}

// Network analysis (issue 22): its operations and schemas, in one block.
func init() {
	operations = append(operations,
		operation{method: "POST", path: "/api/v1/analysis", summary: "Centralities and communities of ids, or of a seed's neighborhood", api: true, body: "AnalysisRequest", ok: 200, okSchema: "AnalysisAnswer"},
		operation{method: "POST", path: "/api/v1/connect", summary: "The smallest subgraph found joining ids, and their common neighbours", api: true, body: "ConnectRequest", ok: 200, okSchema: "ConnectAnswer"})
}

func withAnalysisSchemas(s obj) obj {
	num, integer := obj{"type": "number"}, obj{"type": "integer"}
	filters := obj{"kinds": obj{"type": "array", "maxItems": 20, "items": ref("Kind")},
		"types": obj{"type": "array", "maxItems": 100, "items": ref("RelType")}, "as_of": ref("PartialDate"),
		"min_grade": ref("MinGrade"), "limit": intRange("limit", 0), "from_date": ref("PartialDate"), "to_date": ref("PartialDate")}
	measure := obj{"type": "string", "enum": []string{"degree", "betweenness", "closeness", "pagerank", "eigenvector"}}
	branch := func(key string, extra obj) obj {
		return closed(fieldsOf(reflect.TypeFor[analysisRequest](), merged(merged(filters, obj{"ids": false, "seed": false, "depth": false,
			"measures": obj{"type": "array", "maxItems": 5, "items": measure}, "communities": obj{"type": "boolean"}}), extra)), key)
	}
	s["AnalysisRequest"] = obj{"description": "ids, or a seed (and depth): exactly one of the two",
		"oneOf": []obj{branch("ids", obj{"ids": obj{"type": "array", "items": ref("Id"), "minItems": 1, "maxItems": graph.MaxLimit}}),
			branch("seed", obj{"seed": ref("Ref"), "depth": intRange("depth", 1)})}}
	s["ConnectRequest"] = closed(fieldsOf(reflect.TypeFor[connectRequest](), merged(filters, obj{
		"ids": obj{"type": "array", "items": ref("Id"), "minItems": 2, "maxItems": 25}, "max_depth": intRange("connect_depth", DefaultConnectDepth)})), "ids")
	s["AnalysisAnswer"] = object(obj{
		"nodes":      obj{"type": "array", "items": object(obj{"id": ref("Id"), "scores": obj{"type": "object", "additionalProperties": num}, "community": integer})},
		"modularity": obj{"type": []string{"number", "null"}}, "communities": obj{"type": []string{"integer", "null"}},
		"sampled": obj{"oneOf": []obj{{"type": "null"}, object(obj{"measures": obj{"type": "array", "items": measure},
			"sources": integer, "nodes": integer, "seed": integer})}},
		"truncated": obj{"type": "boolean"}})
	s["ConnectAnswer"] = obj{"allOf": []obj{ref("Subgraph"), object(obj{"joined": obj{"type": "boolean"}, "common_neighbors": obj{"type": "array", "items": ref("Id")}})}}
	return s
}

// Saved charts (DESIGN.md "Charts"; server/charts.go): operations and
// schemas, in one block.
func init() {
	operations = append(operations,
		operation{method: "GET", path: "/api/v1/charts", summary: "The saved charts the caller may see", api: true, ok: 200, okSchema: "ChartList"},
		operation{method: "GET", path: "/api/v1/charts/{id}", summary: "A saved chart (404 above the caller's clearance)", api: true, params: []obj{idParam}, ok: 200, okSchema: "Chart"},
		operation{method: "POST", path: "/api/v1/charts", summary: "Save a chart; marked by the server with the highest marking it shows (editor)", api: true, write: true, body: "ChartRequest", ok: 201, okSchema: "Chart"},
		operation{method: "PUT", path: "/api/v1/charts/{id}", summary: "Replace a chart whole, e.g. to rename it (editor)", api: true, write: true, params: []obj{idParam}, body: "ChartRequest", ok: 200, okSchema: "Chart"},
		operation{method: "DELETE", path: "/api/v1/charts/{id}", summary: "Delete a chart (editor)", api: true, write: true, params: []obj{idParam}, ok: 204})
}

func withChartSchemas(s obj) obj {
	flag := obj{"type": "boolean"}
	body := obj{"title": merged(text(200), obj{"minLength": 1}),
		"filters": obj{"type": "object", "maxProperties": 32, "propertyNames": obj{"minLength": 1, "maxLength": 32},
			"additionalProperties": obj{"type": "string", "maxLength": 2000}, "description": "the page's URL parameters of its filters"},
		"entities": obj{"type": "array", "maxItems": graph.MaxLimit, "items": closed(fieldsOf(reflect.TypeFor[chartEntityRequest](),
			obj{"id": ref("Id"), "x": coord, "y": coord, "hidden": flag, "pinned": flag}), "id")},
		"time_window": closed(fieldsOf(reflect.TypeFor[chartWindowRequest](), obj{"as_of": ref("PartialDate"), "since": ref("PartialDate"), "until": ref("PartialDate")})),
		"selection":   obj{"type": "array", "maxItems": graph.MaxLimit, "items": ref("Id")},
		"annotations": obj{"type": "array", "maxItems": 500, "items": closed(fieldsOf(reflect.TypeFor[annotationRequest](),
			obj{"id": ref("Id"), "text": merged(text(2000), obj{"minLength": 1}), "on": ref("Id"), "x": coord, "y": coord}), "id", "text")}}
	chart := merged(body, obj{"id": ref("Id"), "marking": ref("Marking"), "updated": str()})
	s["ChartRequest"] = closed(fieldsOf(reflect.TypeFor[chartRequest](), body), "title")
	s["Chart"] = object(chart)
	s["ChartList"] = object(obj{"charts": obj{"type": "array", "items": object(obj{"id": ref("Id"), "title": str(), "marking": ref("Marking"),
		"updated": str(), "entities": obj{"type": "integer"}})}})
	return s
}
