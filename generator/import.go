package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"qualityportal/generator/config"
	"qualityportal/generator/importer"
)

const importUsage = `usage: generator import FILE [-s SITE] [--region SLUG] [--slug SLUG] [--dry-run] [--force]

Turns the text of a plan's web page (copied from the government site, UTF-8)
into content/plans/SLUG/plan.md and data.toml, and prints a report of what it
recognised and of every line it could not place. It never overwrites
existing files without --force; --dry-run writes nothing and prints the files.
It does not change content/indicators.toml or content/regions.toml: unmatched
indicator names are printed with a suggested registry entry to add by hand.

flags:
`

func cmdImport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, importUsage)
		fs.PrintDefaults()
	}
	dir := fs.String("s", ".", "site folder")
	region := fs.String("region", "", "region slug from content/regions.toml (default: guessed from the text)")
	slug := fs.String("slug", "", "plan slug (default: REGION-START-END)")
	dry := fs.Bool("dry-run", false, "write nothing; print the report and the files that would be written")
	force := fs.Bool("force", false, "overwrite an existing plan.md and data.toml")
	// FILE may come before or after the flags.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "generator import: give exactly one FILE")
		fs.Usage()
		return 2
	}
	file := files[0]
	if *slug != "" && !config.SlugRE.MatchString(*slug) {
		fmt.Fprintf(stderr, "generator import: --slug %q is not a slug (lower-case letters, digits and single hyphens)\n", *slug)
		return 2
	}
	if *region != "" && !config.SlugRE.MatchString(*region) {
		fmt.Fprintf(stderr, "generator import: --region %q is not a slug\n", *region)
		return 2
	}
	src, err := readLimited(file)
	if err != nil {
		fmt.Fprintf(stderr, "generator import: %s: %v\n", file, err)
		return 1
	}
	opts, err := importer.LoadOptions(os.DirFS(*dir))
	if err != nil {
		printErrors(stderr, err)
		fmt.Fprintf(stderr, "generator import: cannot read the site folder %s\n", *dir)
		return 1
	}
	opts.Region, opts.Slug = *region, *slug
	res, err := importer.Import(file, src, opts)
	if err != nil {
		fmt.Fprintf(stderr, "generator import: %s: %v\n", file, err)
		return 1
	}
	fmt.Fprint(stdout, res.Report.String())
	out, err := res.Files()
	if err != nil {
		fmt.Fprintf(stderr, "generator import: %v\n", err)
		return 1
	}
	if *dry {
		fmt.Fprintln(stdout)
		for _, f := range out {
			state := "new"
			if _, err := os.Stat(filepath.Join(*dir, filepath.FromSlash(f.Path))); err == nil {
				state = "exists; --force would replace it"
			}
			fmt.Fprintf(stdout, "would write %s (%d bytes, %s):\n%s\n", f.Path, len(f.Data), state, f.Data)
		}
		fmt.Fprintln(stdout, "dry run: nothing written")
		return 0
	}
	if err := importer.Write(*dir, out, *force); err != nil {
		fmt.Fprintf(stderr, "generator import: %v\n", err)
		return 1
	}
	for _, f := range out {
		fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", f.Path, len(f.Data))
	}
	fmt.Fprintln(stdout, "next: review the report and the files, add any suggested indicators, then run: generator check")
	return 0
}

// readLimited reads a file, refusing one larger than the importer accepts
// without reading all of it.
func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, errors.New("is a folder, not a file")
	}
	data, err := io.ReadAll(io.LimitReader(f, importer.MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > importer.MaxSize {
		return nil, fmt.Errorf("file is larger than %d MB; the text of one plan is far smaller: is this the right file?", importer.MaxSize>>20)
	}
	return data, nil
}
