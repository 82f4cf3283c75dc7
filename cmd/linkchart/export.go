package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"linkchart/graph"
	"linkchart/graph/export"
)

// exportCmd writes the neighborhood of an entity in an export format.
func exportCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("export", out)
	var sf storeFlags
	sf.register(fs)
	seed := fs.String("seed", "", "id, name or alias of the entity at the centre")
	depth := fs.Int("depth", 1, "hops from the seed (1-3)")
	format := fs.String("format", "json", "one of "+strings.Join(export.Formats, ", "))
	output := fs.String("o", "", "output file (default: standard output)")
	clearance := fs.String("clearance", "clear", "highest marking to include: clear, green, amber or red")
	title := fs.String("title", "", "title of the export (default: the seed's name)")
	author := fs.String("author", "", "author on a brief's cover (markdown, html, pdf)")
	paper := fs.String("paper", "a4", "a brief's paper: a4 or letter")
	if err := fs.Parse(args); err != nil {
		return err
	}
	clr, err := graph.ParseClearance(*clearance)
	switch {
	case err != nil:
		return usageErr("%v", err)
	case *seed == "":
		return usageErr("--seed is required")
	case *depth < 1 || *depth > graph.MaxDepth:
		return usageErr("--depth %d: want 1 to %d", *depth, graph.MaxDepth)
	case !slices.Contains(export.Formats, *format):
		return usageErr("--format %q: want one of %s", *format, strings.Join(export.Formats, ", "))
	case *paper != "a4" && *paper != "letter":
		return usageErr("--paper %q: want a4 or letter", *paper)
	}
	st, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	id, err := graph.Resolve(ctx, st, *seed, clr)
	if err != nil {
		return err
	}
	g, err := st.Neighborhood(ctx, graph.NeighborhoodQuery{Seed: id, Depth: *depth, Limit: graph.MaxLimit, Clearance: clr})
	if err != nil {
		return err
	}
	opt := export.Options{Title: *title, Author: *author, Paper: *paper, Generated: time.Now().UTC(), Revision: graph.RevisionOf(ctx, st)}
	if opt.Title == "" {
		for _, n := range g.Nodes {
			if n.ID == id {
				opt.Title = fmt.Sprintf("%s: %d-hop neighborhood", n.Name, *depth)
			}
		}
	}
	if *output == "" {
		return export.Write(out, *format, g, opt)
	}
	return writeFileAtomic(*output, func(w io.Writer) error { return export.Write(w, *format, g, opt) })
}

// writeFileAtomic writes through a temporary file renamed into place, so a
// failed export leaves no half-written file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
