package serve

// Two builds answer a change:
//
//   - the quick build: when only plans changed (their plan.md or data.toml), the
//     generator's own Load and Render run over a small view of the site folder
//     that holds those plans, the plans they cite or are cited by, their regions
//     and ancestors, and the indicators their tables use. Its plans/SLUG/ files
//     are served at once, over the last full build: the page being edited is
//     updated in milliseconds whatever the size of the site, and content errors
//     in the plan are shown at once.
//   - the full build: site.Load and Render over the whole folder, exactly as
//     "generator build" does. It runs after every change, in the background,
//     and replaces everything, so the served site always ends up byte-identical
//     to a full build (the region, indicator, theme, index pages, feeds, search
//     index and downloads the plan touches come from it).
//
// The quick build needs no change to the generator: it feeds Load an fs.FS.

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
	"qualityportal/generator/site"
)

// graph is what a quick build needs to know of the whole site, kept from the
// last good full build (small: no text).
type graph struct {
	parent   map[string]string   // region → its parent region
	regionOf map[string]string   // plan → its region
	basisOf  map[string][]string // plan → plans that name it as their basis
	basis    map[string][]string // plan → its basis plans
}

func newGraph(cs *content.Site) *graph {
	g := &graph{parent: map[string]string{}, regionOf: map[string]string{}, basisOf: map[string][]string{}, basis: map[string][]string{}}
	for _, r := range cs.Regions {
		if r.ParentRegion != nil {
			g.parent[r.Slug] = r.ParentRegion.Slug
		}
	}
	for _, p := range cs.Plans {
		if p.Region != nil {
			g.regionOf[p.Slug] = p.Region.Slug
		}
		for _, b := range p.BasedOn {
			g.basis[p.Slug] = append(g.basis[p.Slug], b.Slug)
			g.basisOf[b.Slug] = append(g.basisOf[b.Slug], p.Slug)
		}
	}
	return g
}

// fullBuild loads and renders the whole site with the reload script.
func fullBuild(fsys fs.FS, workers int) ([]site.File, *graph, error) {
	files, _, gr, err := fullBuildGen(fsys, workers, false)
	return files, gr, err
}

// fullBuildGen is fullBuild that also returns the loaded generator, from
// which the next incremental build starts; keepSearch keeps its search index
// for those builds (site.Options.KeepSearch).
func fullBuildGen(fsys fs.FS, workers int, keepSearch bool) ([]site.File, *site.Generator, *graph, error) {
	g, errs := site.Load(fsys)
	if len(errs) > 0 {
		return nil, nil, nil, errs
	}
	g.Opts.Dev = true
	g.Opts.Workers = workers
	g.Opts.KeepSearch = keepSearch
	files, err := g.Render()
	if err != nil {
		return nil, nil, nil, err
	}
	return files, g, newGraph(g.Site), nil
}

// updateBuild is the incremental build that replaces a full build when only
// plans changed since the last good build (base, made by old): updatePages
// and then updateSearch. The result is the site a full build would give
// (TestUpdateMatchesFull here, TestUpdateMatchesFullBuild in package site).
func updateBuild(fsys fs.FS, old *site.Generator, base map[string][]byte, slugs []string) (map[string][]byte, *site.Generator, *graph, error) {
	m, g, gr, err := updatePages(fsys, old, base, slugs)
	if err != nil {
		return nil, nil, nil, err
	}
	if m, err = updateSearch(g, m); err != nil {
		return nil, nil, nil, err
	}
	return m, g, gr, nil
}

// updatePages reads the plans slugs again and renders the pages and
// downloads they reach (site.Affected) over base, the last good build made
// by old. The search index is left as it was in base: updateSearch follows.
func updatePages(fsys fs.FS, old *site.Generator, base map[string][]byte, slugs []string) (map[string][]byte, *site.Generator, *graph, error) {
	g, errs := old.Update(fsys, slugs)
	if len(errs) > 0 {
		return nil, nil, nil, errs
	}
	fp := site.Affected(old, g, slugs)
	keep := func(p string) bool { return fp.Has(p) && !isSearchIndex(p) }
	m, err := renderOver(g, base, keep)
	if err != nil {
		return nil, nil, nil, err
	}
	return m, g, newGraph(g.Site), nil
}

// updateSearch brings the search index in base up to date with g: only the
// documents of the changed plans are read again, and only the shards they
// reach are made again (site.Generator.UpdateSearch).
func updateSearch(g *site.Generator, base map[string][]byte) (map[string][]byte, error) {
	files, removed, whole, err := g.UpdateSearch()
	if err != nil {
		return nil, err
	}
	m := maps.Clone(base)
	if whole {
		maps.DeleteFunc(m, func(p string, _ []byte) bool { return isSearchIndex(p) })
	}
	for _, p := range removed {
		delete(m, p)
	}
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return m, nil
}

// renderOver renders the files keep accepts and puts them over base, whose
// files keep accepts are dropped first (a removed plan's pages, a search
// shard no longer made).
func renderOver(g *site.Generator, base map[string][]byte, keep func(string) bool) (map[string][]byte, error) {
	files, err := g.RenderSome(keep)
	if err != nil {
		return nil, err
	}
	m := make(map[string][]byte, len(base)+len(files))
	for p, data := range base {
		if !keep(p) {
			m[p] = data
		}
	}
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return m, nil
}

// isSearchIndex reports whether p is a file of the search index (search/meta.js
// and its shards), not the search page.
func isSearchIndex(p string) bool {
	return strings.HasPrefix(p, "search/") && p != "search/index.html"
}

// planSlugOf returns SLUG for a site-relative path content/plans/SLUG[/…].
func planSlugOf(rel string) (string, bool) {
	rest, ok := strings.CutPrefix(rel, content.PlansDir+"/")
	if !ok {
		return "", false
	}
	slug, _, _ := strings.Cut(rest, "/")
	return slug, config.SlugRE.MatchString(slug)
}

// quickPlans returns the plans a batch of changed paths touches, or ok false
// when the batch changes anything else (then only a full build will do).
func quickPlans(root string, paths []string) (slugs []string, ok bool) {
	seen := map[string]bool{}
	for _, p := range paths {
		slug, isPlan := planSlugOf(p)
		if !isPlan {
			return nil, false
		}
		if seen[slug] {
			continue
		}
		seen[slug] = true
		// A plan removed or renamed away: the full build takes its pages down.
		if _, err := os.Stat(root + "/" + content.PlansDir + "/" + slug + "/plan.md"); err == nil {
			slugs = append(slugs, slug)
		}
	}
	sort.Strings(slugs)
	return slugs, true
}

// quickBuild renders the pages of the plans slugs (their plans/SLUG/ files)
// from a view of the site folder reduced to what those pages show.
func quickBuild(root string, gr *graph, slugs []string) ([]site.File, error) {
	base := os.DirFS(root)
	plans := map[string]bool{}
	regions := map[string]bool{}
	var indicators map[string]bool // nil: all of them
	addRegion := func(r string) {
		for n := 0; r != "" && !regions[r] && n < 64; n++ {
			regions[r] = true
			r = gr.parent[r]
		}
	}
	addPlan := func(slug, region string) bool {
		if _, err := fs.Stat(base, content.PlansDir+"/"+slug+"/plan.md"); err != nil {
			return false
		}
		plans[slug] = true
		addRegion(region)
		return true
	}
	// The changed plans, the plans their pages link by title (their basis, and
	// the plans based on them), and, for Load's checks, every basis plan of
	// those, transitively.
	changed := map[string]bool{}
	for _, s := range slugs {
		changed[s] = true
	}
	var queue []string
	for _, s := range slugs {
		fm := readFront(base, s)
		if addPlan(s, fm.Region) {
			queue = append(queue, s)
		}
		for _, q := range gr.basisOf[s] {
			if !plans[q] && addPlan(q, gr.regionOf[q]) {
				queue = append(queue, q)
			}
		}
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		bs := gr.basis[p]
		if changed[p] {
			bs = readFront(base, p).Basis
		}
		for _, b := range bs {
			if config.SlugRE.MatchString(b) && !plans[b] && addPlan(b, gr.regionOf[b]) {
				queue = append(queue, b)
			}
		}
	}
	// The indicators the plans' tables use; all of them if a table cannot be read.
	indicators = map[string]bool{}
	for p := range plans {
		ids, ok := tableIndicators(base, p)
		if !ok {
			indicators = nil
			break
		}
		for _, id := range ids {
			indicators[id] = true
		}
	}
	mfs := &miniFS{base: base, plans: plans}
	var err error
	if mfs.regions, err = filterBlocks(base, content.RegionsFile, "[[region]]", "slug", regions); err != nil {
		return nil, err
	}
	if indicators != nil {
		if mfs.indicators, err = filterBlocks(base, content.IndicatorsFile, "[[indicator]]", "id", indicators); err != nil {
			return nil, err
		}
	}
	g, errs := site.Load(mfs)
	if len(errs) > 0 {
		return nil, errs
	}
	g.Opts.Dev = true
	files, err := g.Render()
	if err != nil {
		return nil, err
	}
	var out []site.File
	for _, f := range files {
		for _, s := range slugs {
			if strings.HasPrefix(f.Path, "plans/"+s+"/") {
				out = append(out, f)
				break
			}
		}
	}
	return out, nil
}

// front is the part of a plan's front matter a quick build needs.
type front struct {
	Region string   `toml:"region"`
	Basis  []string `toml:"basis"`
}

// readFront reads a plan's front matter leniently: a plan that does not parse
// is reported by Load, with its line.
func readFront(fsys fs.FS, slug string) front {
	var f front
	src, err := fs.ReadFile(fsys, content.PlansDir+"/"+slug+"/plan.md")
	if err != nil {
		return f
	}
	fm, _, _, ok := content.SplitFrontMatter(src)
	if !ok {
		return f
	}
	toml.Decode(string(fm), &f)
	return f
}

// tableIndicators lists the indicator ids of a plan's data.toml.
func tableIndicators(fsys fs.FS, slug string) ([]string, bool) {
	data, err := fs.ReadFile(fsys, content.PlansDir+"/"+slug+"/data.toml")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, true
	}
	if err != nil {
		return nil, false
	}
	var d struct {
		Table []struct {
			Row []struct {
				Indicator string `toml:"indicator"`
			} `toml:"row"`
		} `toml:"table"`
	}
	if _, err := toml.Decode(string(data), &d); err != nil {
		return nil, false
	}
	var ids []string
	for _, t := range d.Table {
		for _, r := range t.Row {
			ids = append(ids, r.Indicator)
		}
	}
	return ids, true
}

var keyRE = regexp.MustCompile(`^\s*"?([a-z_]+)"?\s*=\s*"([^"]*)"`)

// filterBlocks keeps, from a registry file of [[header]] blocks, the text
// before the first block and the blocks whose key is in keep. It works on the
// text, so the kept blocks are byte-identical to the file's; it gives up
// (returning the whole file) when a block's key cannot be read simply.
func filterBlocks(fsys fs.FS, name, header, key string, keep map[string]bool) ([]byte, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	var block bytes.Buffer
	inBlock, keepBlock, keyed := false, false, false
	flush := func() {
		if inBlock && keepBlock {
			out.Write(block.Bytes())
		}
		block.Reset()
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), len(data)+1)
	for sc.Scan() {
		line := sc.Text()
		t := strings.TrimSpace(line)
		if t == header {
			if inBlock && !keyed {
				return data, nil
			}
			flush()
			inBlock, keepBlock, keyed = true, false, false
		} else if strings.HasPrefix(t, "[") && !strings.HasPrefix(t, header[:len(header)-2]+".") {
			return data, nil // another table: not a plain registry
		}
		if inBlock && !keyed {
			if m := keyRE.FindStringSubmatch(line); m != nil && m[1] == key {
				keyed, keepBlock = true, keep[m[2]]
			}
		}
		if inBlock {
			block.WriteString(line + "\n")
		} else {
			out.WriteString(line + "\n")
		}
	}
	if inBlock && !keyed {
		return data, nil
	}
	flush()
	return out.Bytes(), sc.Err()
}

// miniFS is the site folder with only some plans, and registries reduced to
// the regions and indicators those plans need.
type miniFS struct {
	base       fs.FS
	plans      map[string]bool
	regions    []byte
	indicators []byte // nil: the file as is
}

func (m *miniFS) override(name string) []byte {
	switch name {
	case content.RegionsFile:
		return m.regions
	case content.IndicatorsFile:
		return m.indicators
	}
	return nil
}

func (m *miniFS) hidden(name string) bool {
	slug, ok := planSlugOf(name)
	return ok && !m.plans[slug] || strings.HasPrefix(name, content.PlansDir+"/") && !ok
}

func (m *miniFS) Open(name string) (fs.File, error) {
	if m.hidden(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if data := m.override(name); data != nil {
		return &memFile{name: path.Base(name), r: bytes.NewReader(data), size: int64(len(data))}, nil
	}
	return m.base.Open(name)
}

func (m *miniFS) ReadFile(name string) ([]byte, error) {
	if m.hidden(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	if data := m.override(name); data != nil {
		return append([]byte(nil), data...), nil
	}
	return fs.ReadFile(m.base, name)
}

func (m *miniFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if m.hidden(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	if name != content.PlansDir {
		return fs.ReadDir(m.base, name)
	}
	var out []fs.DirEntry
	for slug := range m.plans {
		fi, err := fs.Stat(m.base, name+"/"+slug)
		if err != nil {
			continue
		}
		out = append(out, fs.FileInfoToDirEntry(fi))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// memFile is a registry file held in memory.
type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f.name, f.size}, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

var _ io.Reader = (*memFile)(nil)

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
