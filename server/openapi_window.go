package server

// The time window (issue 18): from_date and to_date beside as_of, as query
// parameters of the GET questions and fields of the POST bodies.

var windowParams = []obj{
	qp("from_date", "string", "partial ISO date: the window's start (a partial date stands for its whole range; empty: open)", false),
	qp("to_date", "string", "partial ISO date: the window's end, not before from_date (empty: open)", false),
}

func init() {
	for i, op := range operations {
		switch op.path {
		case "/api/v1/entities/{id}/neighborhood", "/api/v1/paths", "/api/v1/oversight":
			operations[i].params = append(append([]obj{}, op.params...), windowParams...)
		}
	}
}

// withWindowSchemas adds as_of, from_date and to_date to the bodies that
// take a view, and an entity's geo (places, also issue 18).
func withWindowSchemas(s obj) obj {
	num := func(lo, hi int) obj { return obj{"type": "number", "minimum": lo, "maximum": hi} }
	geo := object(obj{"lat": num(-90, 90), "lon": num(-180, 180), "source": obj{"type": "string", "description": "the gazetteer and its record id, such as GeoNames 2044757"}})
	geo["required"] = []string{"lat", "lon", "source"}
	s["Geo"] = geo
	for _, name := range []string{"Node", "EntityPatch"} {
		s[name].(obj)["properties"].(obj)["geo"] = ref("Geo")
	}
	for _, name := range []string{"ExportRequest", "AnalysisRequest", "ConnectRequest"} {
		props := s[name].(obj)["properties"].(obj)
		props["as_of"], props["from_date"], props["to_date"] = ref("PartialDate"), ref("PartialDate"), ref("PartialDate")
	}
	return s
}
