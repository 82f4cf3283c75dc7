package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"linkchart/graph"
	"linkchart/graph/dedupe"
	"linkchart/graph/imports"
)

// formatFlags are import's flags for other tools' formats.
type formatFlags struct {
	format  string
	mapping string
	dryRun  bool
}

func (f *formatFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.format, "format", "", "one of "+strings.Join(imports.Formats, ", ")+" (default: from the first file's extension)")
	fs.StringVar(&f.mapping, "map", "", "YAML mapping of a CSV with any headers (README, \"Importing a spreadsheet\")")
	fs.BoolVar(&f.dryRun, "dry-run", false, "list the problems and the duplicates the import would create, write nothing")
}

// load reads the files as one batch: linkchart's own YAML, JSON and CSV
// (without a mapping) as graph.Load reads them, across files; the other
// formats through graph/imports, their references checked against st.
func (f *formatFlags) load(ctx context.Context, st graph.Store, paths []string, allowUnsourced bool) (graph.Batch, error) {
	format := f.format
	if format == "" {
		format = imports.FormatOf(paths[0])
	}
	if format != "" && !slices.Contains(imports.Formats, format) {
		return graph.Batch{}, usageErr("--format %q: want one of %s", format, strings.Join(imports.Formats, ", "))
	}
	own := format == "yaml" || format == "csv" || format == "json" && len(paths) > 1
	if own && f.mapping == "" {
		// Several files of linkchart's own may refer to each other.
		return graph.Load(graph.LoadOptions{AllowUnsourced: allowUnsourced}, paths...)
	}
	var files []imports.File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return graph.Batch{}, fmt.Errorf("import %s: %w", p, err)
		}
		files = append(files, imports.File{Name: p, Data: data})
	}
	opt := imports.Options{Format: format, AllowUnsourced: allowUnsourced, HasNode: storeHas(ctx, st), HasSource: func(id string) bool {
		_, err := st.Source(ctx, id)
		return err == nil
	}, Resolve: func(name string) (string, error) { return graph.Resolve(ctx, st, name, graph.Red) }}
	if f.mapping != "" {
		data, err := os.ReadFile(f.mapping)
		if err != nil {
			return graph.Batch{}, fmt.Errorf("import: mapping %s: %w", f.mapping, err)
		}
		opt.Mapping = &imports.File{Name: f.mapping, Data: data}
	}
	return imports.Read(files, opt)
}

// storeHas finds an entity id in the store (any marking: the import
// writes as the operator).
func storeHas(ctx context.Context, st graph.Store) func(string) bool {
	return func(id string) bool {
		g, err := st.Subgraph(ctx, []string{id}, graph.Red)
		return err == nil && len(g.Nodes) == 1
	}
}

// report prints what a dry run found: the counts and the duplicates.
func report(ctx context.Context, st graph.Store, b graph.Batch, out io.Writer) error {
	cs, err := dedupe.Incoming(ctx, st, b, graph.Red, dedupe.Options{Limit: graph.MaxLimit})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "dry run: no problems; would import %d entities, %d relations, %d sources; nothing written\n", len(b.Nodes), len(b.Edges), len(b.Sources))
	fmt.Fprintf(out, "%d possible duplicates of entities in the store:\n", len(cs))
	printCandidates(out, cs)
	return nil
}

func printCandidates(out io.Writer, cs []dedupe.Candidate) {
	for _, c := range cs {
		fmt.Fprintf(out, "  %.2f  %s (%s) ~ %s (%s) [%s]: %s\n", c.Score, c.A.ID, c.A.Name, c.B.ID, c.B.Name, c.A.Kind, c.Reason)
	}
}
