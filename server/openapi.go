package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"linkchart/graph/export"
)

// The OpenAPI 3.1 document is built here, by hand, next to the routes;
// TestOpenAPIMatchesRoutes keeps the two equal.

type obj = map[string]any

// operation describes one route for the document.
type operation struct {
	method, path, summary string
	params                []obj
	body                  string // schema name of the JSON body, "" for none
	ok                    int
	okSchema              string
	okType                string // content type of the answer when not JSON
	auth                  bool   // needs a token (editor) beyond the default viewer
	api                   bool   // under /api/v1: problem answers, bearer auth
}

func qp(name, typ, desc string, required bool) obj {
	schema := obj{"type": typ}
	if typ == "array" {
		schema = obj{"type": "array", "items": obj{"type": "string"}}
	}
	return obj{"name": name, "in": "query", "required": required, "description": desc, "schema": schema}
}

var idParam = obj{"name": "id", "in": "path", "required": true, "schema": obj{"$ref": "#/components/schemas/Id"}}

var operations = []operation{
	{method: "GET", path: "/healthz", summary: "Liveness", ok: 200, okSchema: "Status"},
	{method: "GET", path: "/readyz", summary: "Readiness: 503 when the store cannot be reached", ok: 200, okSchema: "Status"},
	{method: "GET", path: "/metrics", summary: "Prometheus metrics", ok: 200, okType: "text/plain"},
	{method: "GET", path: "/api/openapi.json", summary: "This document", ok: 200, okSchema: "Any"},
	{method: "GET", path: "/", summary: "The page", ok: 200, okType: "text/html"},
	{method: "GET", path: "/api/v1/entities", summary: "Search entities by name or alias", api: true, ok: 200, okSchema: "SearchResults",
		params: []obj{qp("q", "string", "name or alias (case-, accent- and punctuation-blind, prefixes, small typos)", true),
			qp("kind", "array", "kinds, repeated or comma-separated", false), qp("limit", "integer", "1-5000, default 20", false)}},
	{method: "GET", path: "/api/v1/entities/{id}", summary: "An entity, its relations and their sources", api: true, params: []obj{idParam}, ok: 200, okSchema: "Subgraph"},
	{method: "GET", path: "/api/v1/entities/{id}/neighborhood", summary: "The neighborhood of an entity", api: true, ok: 200, okSchema: "Subgraph",
		params: []obj{idParam, qp("depth", "integer", "1-3, default 1", false), qp("kinds", "array", "kinds to enter", false),
			qp("types", "array", "relation types to walk", false), qp("as_of", "string", "partial ISO date", false),
			qp("min_grade", "string", "grade floor: B, 3 or B3", false), qp("limit", "integer", "1-5000, default 500", false)}},
	{method: "GET", path: "/api/v1/relations/{id}", summary: "A relation, its ends and its sources", api: true, params: []obj{idParam}, ok: 200, okSchema: "Subgraph"},
	{method: "GET", path: "/api/v1/paths", summary: "The k shortest paths between two entities", api: true, ok: 200, okSchema: "PathAnswer",
		params: []obj{qp("from", "string", "id, name or alias", true), qp("to", "string", "id, name or alias", true),
			qp("max_depth", "integer", "1-10, default 6", false), qp("k", "integer", "1-10, default 1", false), qp("types", "array", "relation types to walk", false),
			qp("direction", "string", "any (default), out (along the arrows) or in", false), qp("exclude", "array", "ids no path goes through", false),
			qp("max_degree", "integer", "no path through a node with more visible relations", false),
			qp("consistent", "boolean", "only paths whose hops all hold at one common date", false),
			qp("rank", "string", "length (default) or grade: best weakest grade first", false)}},
	{method: "GET", path: "/api/v1/oversight", summary: "Who oversaw what (exactly one of who, what)", api: true, ok: 200, okSchema: "OversightAnswer",
		params: []obj{qp("who", "string", "id, name or alias of a person", false), qp("what", "string", "id, name or alias", false), qp("as_of", "string", "partial ISO date", false),
			qp("direct", "boolean", "only answers through an oversight edge alone (no unit hierarchy)", false)}},
	{method: "POST", path: "/api/v1/subgraph", summary: "The induced subgraph of ids", api: true, body: "SubgraphRequest", ok: 200, okSchema: "Subgraph"},
	{method: "POST", path: "/api/v1/export", summary: "A file download of ids, or of a seed's neighborhood", api: true, body: "ExportRequest", ok: 200, okType: "application/octet-stream",
		params: []obj{{"name": "format", "in": "query", "required": true, "schema": obj{"type": "string", "enum": export.Formats}}}},
	{method: "GET", path: "/api/v1/schema", summary: "Counts of visible kinds, types and records", api: true, ok: 200, okSchema: "Schema"},
	{method: "POST", path: "/api/v1/entities", summary: "Create an entity (editor)", api: true, auth: true, body: "Entity", ok: 201, okSchema: "Subgraph"},
	{method: "PATCH", path: "/api/v1/entities/{id}", summary: "Change fields of an entity (editor)", api: true, auth: true, params: []obj{idParam}, body: "EntityPatch", ok: 200, okSchema: "Subgraph"},
	{method: "DELETE", path: "/api/v1/entities/{id}", summary: "Delete an entity and its relations (editor)", api: true, auth: true, params: []obj{idParam}, ok: 204},
	{method: "POST", path: "/api/v1/relations", summary: "Create a relation (editor)", api: true, auth: true, body: "Relation", ok: 201, okSchema: "Subgraph"},
	{method: "PATCH", path: "/api/v1/relations/{id}", summary: "Change fields of a relation (editor)", api: true, auth: true, params: []obj{idParam}, body: "RelationPatch", ok: 200, okSchema: "Subgraph"},
	{method: "DELETE", path: "/api/v1/relations/{id}", summary: "Delete a relation (editor)", api: true, auth: true, params: []obj{idParam}, ok: 204},
	{method: "POST", path: "/api/v1/import", summary: "Import a dataset, all or nothing (editor)", api: true, auth: true, body: "Dataset", ok: 200, okSchema: "ImportResult",
		params: []obj{qp("allow_unsourced", "boolean", "CSV edges without sources cite 'unsourced'", false)}},
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
		responses := obj{}
		switch {
		case op.ok == 204:
			responses["204"] = obj{"description": "done"}
		case op.okType != "":
			responses[strconv.Itoa(op.ok)] = obj{"description": "ok", "content": obj{op.okType: obj{}}}
		default:
			responses[strconv.Itoa(op.ok)] = obj{"description": "ok", "content": obj{"application/json": obj{"schema": ref(op.okSchema)}}}
		}
		o := obj{"summary": op.summary, "operationId": operationID(op), "responses": responses}
		if op.api {
			for _, s := range []int{400, 401, 403, 404, 413, 429, 503, 504} {
				responses[strconv.Itoa(s)] = obj{"$ref": "#/components/responses/Problem"}
			}
			o["security"] = []obj{{"bearer": []string{}}, {}}
		}
		if op.auth {
			o["security"] = []obj{{"bearer": []string{}}}
			responses["409"] = obj{"$ref": "#/components/responses/Problem"}
		}
		if strings.HasPrefix(op.path, "/api/v1/relations/") {
			responses["501"] = obj{"$ref": "#/components/responses/Problem", "description": "the store cannot find a relation by this id"}
		}
		if op.body == "Dataset" {
			responses["415"] = obj{"$ref": "#/components/responses/Problem"}
		}
		if len(op.params) > 0 {
			o["parameters"] = op.params
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
		item[strings.ToLower(op.method)] = o
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "linkchart API", "version": "1",
			"description": "Entity-relationship graph explorer. Errors are RFC 9457 application/problem+json. A request without a token is a viewer cleared for TLP:CLEAR unless the server requires auth."},
		"paths": paths,
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"}},
			"responses":       obj{"Problem": obj{"description": "a problem", "content": obj{"application/problem+json": obj{"schema": ref("Problem")}}}},
			"schemas":         withChartSchemas(schemas()),
		},
	}
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func operationID(op operation) string {
	s := strings.ToLower(op.method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_").Replace(op.path)
	return strings.TrimSuffix(s, "_")
}

func str() obj                { return obj{"type": "string"} }
func strs() obj               { return obj{"type": "array", "items": str()} }
func object(props obj) obj    { return obj{"type": "object", "properties": props} }
func arrayOf(name string) obj { return obj{"type": "array", "items": ref(name)} }

func schemas() obj {
	node := object(obj{"id": ref("Id"), "kind": ref("Kind"), "name": str(), "aliases": strs(), "summary": str(),
		"props": obj{"type": "object", "additionalProperties": str()}, "marking": ref("Marking")})
	edge := object(obj{"id": ref("Id"), "type": obj{"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"}, "from": str(), "to": str(),
		"since": ref("PartialDate"), "until": ref("PartialDate"), "credibility": obj{"type": "integer", "minimum": 1, "maximum": 6},
		"grade": str(), "sources": strs(), "note": str(), "props": obj{"type": "object", "additionalProperties": str()}, "marking": ref("Marking")})
	source := object(obj{"id": ref("Id"), "title": str(), "publisher": str(), "author": str(), "date": ref("PartialDate"), "url": str(),
		"reliability": obj{"type": "string", "enum": []string{"A", "B", "C", "D", "E", "F"}}, "note": str()})
	subgraph := object(obj{"nodes": arrayOf("Node"), "edges": arrayOf("Edge"), "sources": arrayOf("Source"), "truncated": obj{"type": "boolean"}})
	path := object(obj{"nodes": strs(), "edges": strs()})
	withSubgraph := func(extra obj) obj { return obj{"allOf": []obj{ref("Subgraph"), object(extra)}} }
	return obj{
		"Any":         obj{},
		"Id":          obj{"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,127}$"},
		"Kind":        obj{"type": "string", "enum": kindNames()},
		"Marking":     obj{"type": "string", "enum": []string{"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:RED"}},
		"PartialDate": obj{"type": "string", "pattern": "^$|^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
		"Status":      object(obj{"status": str()}),
		"Node":        node,
		"Edge":        edge,
		"Source":      source,
		"Subgraph":    subgraph,
		"Path":        path,
		"SearchResults": object(obj{"results": obj{"type": "array", "items": obj{"allOf": []obj{ref("Node"),
			object(obj{"score": obj{"type": "number"}})}}}}),
		"PathAnswer": withSubgraph(obj{"paths": arrayOf("Path")}),
		"OversightAnswer": withSubgraph(obj{"answers": obj{"type": "array", "items": object(obj{"overseer": str(), "target": str(), "path": ref("Path"),
			"window": object(obj{"since": ref("PartialDate"), "until": ref("PartialDate"), "never": obj{"type": "boolean"}})})}}),
		"Schema": object(obj{"kinds": obj{"type": "object", "additionalProperties": obj{"type": "integer"}},
			"types":  obj{"type": "object", "additionalProperties": obj{"type": "integer"}},
			"counts": object(obj{"nodes": obj{"type": "integer"}, "edges": obj{"type": "integer"}, "sources": obj{"type": "integer"}})}),
		"SubgraphRequest": obj{"type": "object", "required": []string{"ids"}, "properties": obj{"ids": obj{"type": "array", "items": ref("Id"), "minItems": 1, "maxItems": 5000}}},
		"ExportRequest": object(obj{"ids": obj{"type": "array", "items": ref("Id")}, "seed": str(), "depth": obj{"type": "integer", "minimum": 1, "maximum": 3},
			"title": str(), "positions": obj{"type": "object", "additionalProperties": object(obj{"x": obj{"type": "number"}, "y": obj{"type": "number"}})},
			"edges": obj{"type": "array", "items": ref("Id"), "description": "with ids: only these relations among them"}}),
		"Entity":        obj{"allOf": []obj{node, obj{"required": []string{"id", "kind", "name"}}}},
		"EntityPatch":   object(obj{"kind": ref("Kind"), "name": str(), "aliases": strs(), "summary": str(), "props": obj{"type": "object"}, "marking": ref("Marking")}),
		"Relation":      obj{"allOf": []obj{edge, obj{"required": []string{"type", "from", "to", "sources"}}}},
		"RelationPatch": edge,
		"Dataset":       object(obj{"sources": arrayOf("Source"), "entities": arrayOf("Node"), "relations": arrayOf("Edge")}),
		"ImportResult":  object(obj{"imported": object(obj{"nodes": obj{"type": "integer"}, "edges": obj{"type": "integer"}, "sources": obj{"type": "integer"}})}),
		"Problem": object(obj{"type": str(), "title": str(), "status": obj{"type": "integer"}, "detail": str(), "instance": str(),
			"errors": obj{"type": "array", "items": object(obj{"field": str(), "message": str()})}}),
	}
}

func kindNames() []string {
	return strings.Split(strings.ReplaceAll(kindList(), " ", ""), ",")
}

// openAPI serves the document.
func (h *handler) openAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.JSON(http.StatusOK, openAPIDocument())
}

// ---- saved charts (DESIGN.md "Charts"; server/charts.go) ----

var chartOperations = []operation{
	{method: "GET", path: "/api/v1/charts", summary: "The saved charts the caller may see", api: true, ok: 200, okSchema: "ChartList"},
	{method: "GET", path: "/api/v1/charts/{id}", summary: "A saved chart (404 above the caller's clearance)", api: true, params: []obj{idParam}, ok: 200, okSchema: "Chart"},
	{method: "POST", path: "/api/v1/charts", summary: "Save a chart; marked by the server with the highest marking it shows (editor)", api: true, auth: true, body: "ChartRequest", ok: 201, okSchema: "Chart"},
	{method: "PUT", path: "/api/v1/charts/{id}", summary: "Replace a chart whole, e.g. to rename it (editor)", api: true, auth: true, params: []obj{idParam}, body: "ChartRequest", ok: 200, okSchema: "Chart"},
	{method: "DELETE", path: "/api/v1/charts/{id}", summary: "Delete a chart (editor)", api: true, auth: true, params: []obj{idParam}, ok: 204},
}

func init() { operations = append(operations, chartOperations...) }

func withChartSchemas(s obj) obj {
	num := obj{"type": "number"}
	body := obj{"title": str(), "filters": obj{"type": "object", "additionalProperties": str(), "description": "the page's URL parameters of its filters"},
		"entities":    obj{"type": "array", "items": object(obj{"id": ref("Id"), "x": num, "y": num, "hidden": obj{"type": "boolean"}, "pinned": obj{"type": "boolean"}})},
		"time_window": object(obj{"as_of": ref("PartialDate"), "since": ref("PartialDate"), "until": ref("PartialDate")}),
		"selection":   obj{"type": "array", "items": ref("Id")},
		"annotations": obj{"type": "array", "items": object(obj{"id": ref("Id"), "text": str(), "on": ref("Id"), "x": num, "y": num})}}
	chart := obj{"id": ref("Id"), "marking": ref("Marking"), "updated": str()}
	for k, v := range body {
		chart[k] = v
	}
	s["ChartRequest"] = obj{"type": "object", "required": []string{"title"}, "properties": body}
	s["Chart"] = object(chart)
	s["ChartList"] = object(obj{"charts": obj{"type": "array", "items": object(obj{"id": ref("Id"), "title": str(), "marking": ref("Marking"),
		"updated": str(), "entities": obj{"type": "integer"}})}})
	return s
}
