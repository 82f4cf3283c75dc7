// Command linkchart is the one binary of linkchart: it serves the explorer
// (API and page), imports and exports datasets, validates dataset files and
// generates synthetic graphs for benchmarks.
//
//	linkchart serve    [--addr 127.0.0.1:8080] [--db PATH | --neo4j-uri URI] [--seed=true] [--auth-required]
//	linkchart import   [--db PATH | --neo4j-uri URI] [--format F] [--map MAPPING.yaml] [--dry-run] [--allow-unsourced] [--batch N] FILE...
//	linkchart duplicates [--db PATH | --neo4j-uri URI] [--kind K] [--limit N]
//	linkchart export   [--db PATH | --neo4j-uri URI] --seed ID --depth N --format F [-o FILE] [--clearance C]
//	linkchart validate [--allow-unsourced] FILE...
//	linkchart gen      --nodes N --edges M --seed S --out DIR
//
// SIGINT or SIGTERM stops any command within 2 s (exit code 130; serve
// shuts down and exits 0); a second signal kills at once.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// stopGrace is how long a command may take to wind down after SIGINT or
// SIGTERM before the process exits anyway (DESIGN: within 2 s).
const stopGrace = time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal kills at once
		time.Sleep(stopGrace)
		fmt.Fprintln(os.Stderr, "linkchart: interrupted; exiting without waiting further")
		os.Exit(exitInterrupted)
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitInterrupted is the exit code of a command stopped by a signal.
const exitInterrupted = 130

const usage = `usage: linkchart COMMAND [flags]

commands:
  serve     run the explorer (API and page) on a store
  import    load dataset files into a store: yaml, json, csv (nodes.csv edges.csv [sources.csv],
            or any headers with --map), graphml, gexf, stix, ftm; --dry-run lists problems and duplicates
  duplicates  list candidate duplicate entities, best first, with the reason
  export    write the neighborhood of an entity in an export format
  validate  check dataset files and list every problem
  history   list the recorded writes, newest first
  gen       write a synthetic power-law graph as CSV, for benchmarks

Run 'linkchart COMMAND -h' for the flags of a command.
`

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	commands := map[string]func(context.Context, []string, io.Writer) error{
		"serve":      serve,
		"import":     importFiles,
		"duplicates": duplicatesCmd,
		"export":     exportCmd,
		"validate":   validate,
		"history":    historyCmd,
		"gen":        genCmd,
	}
	cmd, ok := commands[args[0]]
	if !ok {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "linkchart: unknown command %q\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, args[1:], stdout)
	switch {
	case err == nil:
		return 0
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "linkchart %s: interrupted: %v\n", args[0], err)
		return exitInterrupted
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "linkchart %s: %v\n", args[0], err)
		return 2
	}
	fmt.Fprintf(stderr, "linkchart %s: %v\n", args[0], err)
	return 1
}

var errUsage = errors.New("usage")

// usageErr is an error in how a command was called (exit code 2).
func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("linkchart "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}
