package memstore

// SetCheckPlan turns the planned-ends check of apply (on in this package's
// tests) on or off, and returns the previous setting. Benchmarks turn it
// off so that imports are timed as they run in production.
func SetCheckPlan(on bool) bool {
	was := checkPlan
	checkPlan = on
	return was
}
