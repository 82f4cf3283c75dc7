package storetest

// PartOfPaths lets the reference store (package storetest_test) walk
// PART_OF edges as the suite's brute force does.
var PartOfPaths = partOfPaths
