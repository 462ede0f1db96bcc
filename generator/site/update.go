package site

import (
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"

	"qualityportal/generator/content"
	"qualityportal/generator/diag"
)

// An incremental build answers a change to some plans without rendering the
// whole site: Update reads only those plans again, Affected says which output
// files can depend on them, and StreamSome renders just those. The files it
// renders, put over the previous build with the affected files that are no
// longer produced taken away, are the files a full build would write: the
// tests of package serve and update_test.go compare the two.
//
// What a plan's content reaches, and so what is rendered again:
//   - its own page, and the pages of the plans it names as its basis and of
//     the plans that name it (they print each other's titles);
//   - the page of its region, of every ancestor (they list the plans below
//     them) and of the region's children (they chart the parent's rows);
//   - the pages and downloads of the indicators its tables use;
//   - every page and file that is not a plan, region or indicator page: home,
//     index pages, themes, the search index, all-data downloads, sitemap,
//     feed and static files (few, and all of them national).
//
// When only the text of a plan changed (its front matter and data.toml are
// as they were), the usual edit, only its own page, the search index, the
// indicator pages whose list of sections mentioning them changed and, if the
// sections of a theme changed, the theme pages are rendered again.
//
// The footprint is taken from the old and from the new content, so that a
// plan moved to another region or stripped of an indicator also updates the
// pages it left.

// Update returns a generator for the site folder fsys after only the plans
// slugs changed, reusing the other plans g loaded (see content.Site.Update).
// Templates and static files are read again. g is left as it was; it must
// have loaded without errors.
func (g *Generator) Update(fsys fs.FS, slugs []string) (*Generator, diag.List) {
	cs, errs := g.Site.Update(fsys, slugs)
	ng := &Generator{Site: cs, Opts: g.Opts, Extra: g.Extra, kept: g.kept}
	errs.Append(ng.loadLayouts(fsys))
	// The sections of unchanged plans mention the same indicators as before,
	// as long as the registry's names are the same.
	if g.finder != nil && g.finder.names == registryNames(cs) {
		ng.finder = g.finder
		changed := map[string]bool{}
		for _, slug := range slugs {
			changed[slug] = true
		}
		ng.mentions = make(map[string][]mention, len(g.mentions))
		for slug, m := range g.mentions {
			if !changed[slug] {
				ng.mentions[slug] = m
			}
		}
	}
	errs.Sort()
	return ng, errs
}

// Footprint is the set of plan, region and indicator pages that the changed
// plans reach (see the comment at the top of this file), and whether their
// data or front matter changed (the all-data downloads and the feed).
type Footprint struct {
	Plans, Regions, Indicators map[string]bool
	// National: the home page, the index pages, the sitemap, the feed, the
	// all-data downloads (front matter or data changed, a plan came or went).
	National bool
	// Themes: the theme pages (National, or sections of a theme changed).
	Themes bool
}

// Affected returns the footprint of the plans slugs in the sites of the
// generators old and new (either may be nil). A plan whose front matter and data.toml are as
// they were, the usual edit of its text, reaches only its own page, the
// indicator pages whose list of mentioning sections changed, and the
// national pages.
func Affected(old, new *Generator, slugs []string) *Footprint {
	f := &Footprint{Plans: map[string]bool{}, Regions: map[string]bool{}, Indicators: map[string]bool{}}
	for _, slug := range slugs {
		f.Plans[slug] = true
		var a, b *content.Plan
		if old != nil {
			a = old.Site.Plan(slug)
		}
		if new != nil {
			b = new.Site.Plan(slug)
		}
		if a != nil && b != nil && reflect.DeepEqual(a.Meta, b.Meta) && reflect.DeepEqual(a.Data, b.Data) {
			was, is := mentionLists(old, a), mentionLists(new, b)
			for id := range was {
				if !slices.Equal(was[id], is[id]) {
					f.Indicators[id] = true
				}
			}
			for id := range is {
				if _, ok := was[id]; !ok {
					f.Indicators[id] = true
				}
			}
			if !maps.EqualFunc(themeLists(a), themeLists(b), slices.Equal) {
				f.Themes = true
			}
			continue
		}
		f.National, f.Themes = true, true
		for _, p := range []*content.Plan{a, b} {
			if p != nil {
				f.addPlan(p)
			}
		}
	}
	return f
}

// addPlan adds what a plan's front matter and tables reach.
func (f *Footprint) addPlan(p *content.Plan) {
	for _, b := range p.BasedOn {
		f.Plans[b.Slug] = true
	}
	for _, b := range p.BasisOf {
		f.Plans[b.Slug] = true
	}
	if r := p.Region; r != nil {
		f.Regions[r.Slug] = true
		for _, a := range r.Ancestors() {
			f.Regions[a.Slug] = true
		}
		for _, c := range r.Children {
			f.Regions[c.Slug] = true
		}
	}
	for ti := range p.Tables {
		for _, row := range p.Tables[ti].Rows {
			if row.Indicator != "" {
				f.Indicators[row.Indicator] = true
			}
		}
	}
}

// themeLists lists, per theme id, the sections of p its theme page shows.
func themeLists(p *content.Plan) map[string][]string {
	m := map[string][]string{}
	for t, secs := range themeSections(p) {
		for _, sec := range secs {
			m[t] = append(m[t], sec.ID+"\x00"+sec.Title)
		}
	}
	return m
}

// mentionLists lists, per indicator id, the sections of p that name it, as
// the indicator page prints them (anchor and heading).
func mentionLists(g *Generator, p *content.Plan) map[string][]string {
	m := map[string][]string{}
	for _, x := range g.mentionsOf(p) {
		sec := &p.Sections[x.sec]
		m[x.ind] = append(m[x.ind], sec.ID+"\x00"+sec.Title)
	}
	return m
}

// Has reports whether the output file at path (slash-separated, from the
// site root) is rendered again for this footprint.
func (f *Footprint) Has(path string) bool {
	kind, rest, ok := strings.Cut(path, "/")
	if !ok {
		return f.National // index.html, 404.html, sitemap.xml, feed.xml, favicon.ico
	}
	id, _, ok := strings.Cut(rest, "/")
	switch {
	case kind == "themes":
		return f.Themes
	case kind == "search" && path != "search/index.html":
		return true // the search index
	case !ok:
		return f.National // plans/index.html, data/indicators.csv, css/site.css, …
	case kind == "plans":
		return f.Plans[id]
	case kind == "regions":
		return f.Regions[id]
	case kind == "indicators" && (strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".json")):
		return f.National && f.Indicators[id] // downloads: the data, not the text
	case kind == "indicators":
		return f.Indicators[id]
	}
	return f.National
}
