// Command generator builds the quality-plan portal from a site folder.
//
//	generator build  [-s SITE] [-o OUT]    content → a complete site in OUT (default SITE/public)
//	generator check  [-s SITE]             everything build validates, without writing
//	generator serve  [-s SITE] [--port N]  preview on 127.0.0.1, rebuilt on every change
//	generator import FILE [flags]          a plan's web-page text → content
//
// Problems are printed as "path:line: message", all of them, and the exit status is 1.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"qualityportal/generator/diag"
	"qualityportal/generator/site"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: generator <command> [flags]

commands:
  build   render the site into the output folder
  check   validate the content without writing the site
  serve   preview the site on 127.0.0.1 and rebuild on changes
  import  turn the text of a published plan into content

run "generator <command> -h" for the flags of a command
`

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build":
		return cmdBuild(args, stdout, stderr)
	case "check":
		return cmdCheck(args, stdout, stderr)
	case "serve":
		return cmdServe(args, stdout, stderr)
	case "import":
		return cmdImport(args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "generator: unknown command %q\n%s", cmd, usage)
	return 2
}

// load reads and checks a site folder, printing every problem, for the
// commands that build once (site.LoadOnce).
func load(dir string, stderr io.Writer) (*site.Generator, bool) {
	g, errs := site.LoadOnce(os.DirFS(dir))
	if errs != nil {
		printErrors(stderr, errs)
		return g, false
	}
	return g, true
}

func printErrors(w io.Writer, err error) {
	var l diag.List
	if errors.As(err, &l) {
		for _, e := range l {
			fmt.Fprintln(w, e)
		}
		fmt.Fprintf(w, "%d problem(s) found\n", len(l))
		return
	}
	fmt.Fprintln(w, err)
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("s", ".", "site folder")
	if fs.Parse(args) != nil {
		return 2
	}
	g, ok := load(*dir, stderr)
	if !ok {
		return 1
	}
	// Rendering catches template errors that depend on data; nothing is
	// written, and each file is dropped as soon as it is made.
	res, err := g.Stream(func(site.File) error { return nil })
	if err != nil {
		printErrors(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "ok: %d plans, %d regions, %d indicators, %d files would be written\n",
		len(g.Site.Plans), len(g.Site.Regions), len(g.Site.Indicators), res.Files)
	return 0
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("s", ".", "site folder")
	out := fs.String("o", "", "output folder (default: output in site.toml, relative to the site folder)")
	if fs.Parse(args) != nil {
		return 2
	}
	start := time.Now()
	g, ok := load(*dir, stderr)
	if !ok {
		fmt.Fprintln(stderr, "build failed; the previous site was left in place")
		return 1
	}
	target := *out
	if target == "" {
		target = filepath.Join(*dir, g.Site.Config.Output)
	}
	if isTerminal(stderr) {
		g.Opts.Progress = stderr
	}
	res, err := g.Build(target)
	if err != nil {
		printErrors(stderr, err)
		fmt.Fprintln(stderr, "build failed; the previous site was left in place")
		return 1
	}
	// The whole command's time: loading and checking the content is a fifth of it at 10,000 plans.
	total := time.Since(start)
	fmt.Fprintf(stdout, "built %d pages, %d files (%.1f MB) in %.2fs (loading %.2fs) → %s\n",
		res.Pages, res.Files, float64(res.Bytes)/1e6, total.Seconds(), (total - res.Duration).Seconds(), target)
	return 0
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
