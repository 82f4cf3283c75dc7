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
// take a view.
func withWindowSchemas(s obj) obj {
	for _, name := range []string{"ExportRequest", "AnalysisRequest", "ConnectRequest"} {
		props := s[name].(obj)["properties"].(obj)
		props["as_of"], props["from_date"], props["to_date"] = ref("PartialDate"), ref("PartialDate"), ref("PartialDate")
	}
	return s
}
