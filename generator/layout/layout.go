// Package layout loads the html/template files of layouts/ and renders pages
// with them. Each page template (home.html, plan.html, …) is parsed together
// with every partial (files whose names start with "_"), so partials can
// define the skeleton blocks the page templates fill.
//
// Every template can call {{cached "name" DATA KEY...}}: it executes the
// template "name" (defined in a partial) with DATA once per distinct list of
// KEYs (up to four comparable values) and inserts the same HTML wherever the
// keys are equal again. The keys must determine everything "name" reads of
// DATA: it is for the parts of the skeleton that every page repeats (the
// header and navigation depend on the page's kind and depth only), which
// otherwise cost html/template's per-action work on every one of thousands
// of pages.
package layout

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"qualityportal/generator/diag"
)

// Dir is where the templates live in a site folder.
const Dir = "layouts"

// Set is the parsed templates, by page name ("plan" for layouts/plan.html).
type Set struct {
	pages    map[string]*template.Template
	partials *template.Template // the partials alone, for cached
	cache    sync.Map           // cacheKey → template.HTML
}

// cacheKey identifies a result of cached.
type cacheKey struct {
	name string
	keys [4]any
}

// maxCacheKeys is how many keys cached takes.
const maxCacheKeys = 4

// cached executes the partial template name with data, once per name and keys.
func (s *Set) cached(name string, data any, keys ...any) (template.HTML, error) {
	if len(keys) > maxCacheKeys {
		return "", fmt.Errorf("cached %q: at most %d keys, not %d", name, maxCacheKeys, len(keys))
	}
	k := cacheKey{name: name}
	for i, v := range keys {
		if v != nil && !reflect.TypeOf(v).Comparable() {
			return "", fmt.Errorf("cached %q: key %d (%T) cannot be compared", name, i+1, v)
		}
		k.keys[i] = v
	}
	if h, ok := s.cache.Load(k); ok {
		return h.(template.HTML), nil
	}
	t := s.partials.Lookup(name)
	if t == nil {
		return "", fmt.Errorf("cached: no template %q", name)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	s.cache.Store(k, h)
	return h, nil
}

var tmplErrRE = regexp.MustCompile(`template: ([^:]+):(\d+):(?:\d+:)?\s*(.*)`)

// Load parses every template in layouts/. Errors carry the template's file and line.
func Load(fsys fs.FS, funcs template.FuncMap) (*Set, diag.List) {
	var errs diag.List
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		errs.Add(Dir, 0, "cannot read: %v", err)
		return nil, errs
	}
	var partials, pages []string
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".html" {
			continue
		}
		if strings.HasPrefix(e.Name(), "_") {
			partials = append(partials, e.Name())
		} else {
			pages = append(pages, e.Name())
		}
	}
	sort.Strings(partials)
	sort.Strings(pages)
	s := &Set{pages: map[string]*template.Template{}}
	base := template.New("").Funcs(funcs).Funcs(template.FuncMap{"cached": s.cached})
	for _, name := range partials {
		if e := parse(fsys, base, name); e != nil {
			errs.Append(e)
		}
	}
	if errs != nil {
		return nil, errs
	}
	var err2 error
	if s.partials, err2 = base.Clone(); err2 != nil {
		errs.Add(Dir, 0, "%v", err2)
		return nil, errs
	}
	for _, name := range pages {
		t, err := base.Clone()
		if err != nil {
			errs.Add(Dir+"/"+name, 0, "%v", err)
			continue
		}
		if e := parse(fsys, t, name); e != nil {
			errs.Append(e)
			continue
		}
		s.pages[strings.TrimSuffix(name, ".html")] = t.Lookup(name)
	}
	return s, errs
}

func parse(fsys fs.FS, t *template.Template, name string) diag.List {
	var errs diag.List
	data, err := fs.ReadFile(fsys, Dir+"/"+name)
	if err != nil {
		errs.Add(Dir+"/"+name, 0, "cannot read: %v", err)
		return errs
	}
	if _, err := t.New(name).Parse(string(data)); err != nil {
		errs = append(errs, templateError(err))
	}
	return errs
}

// templateError turns "template: plan.html:12: …" into a path:line error.
func templateError(err error) *diag.Error {
	m := tmplErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &diag.Error{Pos: diag.Pos{File: Dir}, Msg: err.Error()}
	}
	line, _ := strconv.Atoi(m[2])
	return &diag.Error{Pos: diag.Pos{File: Dir + "/" + m[1], Line: line}, Msg: m[3]}
}

// Has reports whether the page template exists.
func (s *Set) Has(page string) bool { return s.pages[page] != nil }

// Render executes the page template with data. Nothing is written to w if it fails.
func (s *Set) Render(w io.Writer, page string, data any) error {
	var b bytes.Buffer
	if err := s.Execute(&b, page, data); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Execute executes the page template with data, appending to b. If it
// fails, b holds part of the page.
func (s *Set) Execute(b *bytes.Buffer, page string, data any) error {
	t := s.pages[page]
	if t == nil {
		return fmt.Errorf("%s/%s.html: no such template", Dir, page)
	}
	if err := t.Execute(b, data); err != nil {
		if e := templateError(err); e.Pos.Line > 0 {
			return e
		}
		return err
	}
	return nil
}
