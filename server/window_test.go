package server

// windowCases are the time window's API cases (from_date, to_date): the
// fixture's COMMANDS and DEPLOYED_TO edges start 2024-10, so a window ending
// 2024-09 leaves them out and one from 2024-10 keeps them.
func windowCases() []apiCase {
	const hood = "/api/v1/entities/corps-11/neighborhood"
	return []apiCase{
		{endpoint: "GET /entities/{id}/neighborhood", column: colOK, name: "window before the deployment", r: req{method: "GET", path: hood + "?to_date=2024-09"}, want: 200,
			check: all(has("brigade-1"), hasNot("kim-yong-bok--commands--corps-11", "corps-11--deployed-to--kursk"))},
		{endpoint: "GET /entities/{id}/neighborhood", column: colOK, name: "window from the deployment", r: req{method: "GET", path: hood + "?from_date=2024-10&to_date=2024-10-31"}, want: 200,
			check: has("kim-yong-bok--commands--corps-11", "corps-11--deployed-to--kursk")},
		{endpoint: "GET /entities/{id}/neighborhood", column: colBad, name: "window ends before it starts", r: req{method: "GET", path: hood + "?from_date=2024-10&to_date=2024-09"}, want: 400,
			check: all(fields("to_date"), has("ends before from_date"))},
		{endpoint: "GET /entities/{id}/neighborhood", column: colBad, name: "window bad dates", r: req{method: "GET", path: hood + "?from_date=2024-13&to_date=soon"}, want: 400,
			check: fields("from_date", "to_date")},
		{endpoint: "GET /paths", column: colOK, name: "window", r: req{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&to=russia&to_date=2024-09"}, want: 200,
			check: hasNot("kim-yong-bok--commands--corps-11")},
		{endpoint: "GET /paths", column: colBad, name: "window ends before it starts", r: req{method: "GET", path: "/api/v1/paths?from=kim-yong-bok&to=russia&from_date=2025&to_date=2024"}, want: 400,
			check: fields("to_date")},
		{endpoint: "GET /oversight", column: colOK, name: "window", r: req{method: "GET", path: "/api/v1/oversight?who=kim-yong-bok&to_date=2024-09"}, want: 200,
			check: hasNot(`"target":"corps-11"`)},
		{endpoint: "GET /oversight", column: colBad, name: "window ends before it starts", r: req{method: "GET", path: "/api/v1/oversight?who=kim-yong-bok&from_date=2024-10-02&to_date=2024-10-01"}, want: 400,
			check: fields("to_date")},
		{endpoint: "POST /analysis", column: colBad, name: "window ends before it starts", r: req{method: "POST", path: "/api/v1/analysis", body: `{"ids": ["kursk"], "from_date": "2025", "to_date": "2024"}`}, want: 400,
			check: fields("to_date")},
		{endpoint: "POST /connect", column: colOK, name: "window", r: req{method: "POST", path: "/api/v1/connect", body: `{"ids": ["kim-yong-bok", "kursk"], "to_date": "2024-09"}`}, want: 200,
			check: all(has(`"joined":false`), hasNot("corps-11--deployed-to--kursk"))},
		{endpoint: "POST /export", column: colOK, name: "window", r: req{method: "POST", path: "/api/v1/export?format=json", body: `{"seed": "corps-11", "to_date": "2024-09"}`}, want: 200,
			check: all(has("brigade-1"), hasNot("corps-11--deployed-to--kursk"))},
		{endpoint: "POST /export", column: colBad, name: "window ends before it starts", r: req{method: "POST", path: "/api/v1/export?format=json", body: `{"seed": "corps-11", "from_date": "2024-10", "to_date": "2024-09"}`}, want: 400,
			check: fields("to_date")},
	}
}

// geoCases: editors set an entity's coordinates (with their source) on
// PATCH (and POST, same geoBody); out-of-range or unsourced coordinates
// are a 400 naming the field.
func geoCases() []apiCase {
	return []apiCase{
		{endpoint: "POST /entities", column: colBad, name: "geo out of range", r: req{method: "POST", path: "/api/v1/entities", token: "editor-amber",
			body: `{"id": "geo-bad", "kind": "Place", "name": "Geo Bad", "geo": {"lat": 91, "lon": 200}}`}, want: 400,
			check: fields("geo.lat", "geo.lon", "geo.source")},
		{endpoint: "PATCH /entities/{id}", column: colOK, name: "set geo", r: req{method: "PATCH", path: "/api/v1/entities/kursk", token: "editor-amber",
			body: `{"geo": {"lat": 51.73, "lon": 36.19, "source": "GeoNames 538560"}}`}, want: 200,
			check: has(`"geo":{"lat":51.73,"lon":36.19,"source":"GeoNames 538560"}`)},
	}
}
