package server

// The time window (issue 18): from_date and to_date beside as_of, as query
// parameters of the GET questions (the POST bodies carry them as fields).

var windowParams = []obj{
	qp("from_date", "the window's start (a partial date stands for its whole range; empty: open)", false, ref("PartialDate")),
	qp("to_date", "the window's end, not before from_date (empty: open)", false, ref("PartialDate")),
}

func init() {
	for i, op := range operations {
		switch op.path {
		case "/api/v1/entities/{id}/neighborhood", "/api/v1/paths", "/api/v1/oversight":
			operations[i].params = append(append([]obj{}, op.params...), windowParams...)
		}
	}
}
