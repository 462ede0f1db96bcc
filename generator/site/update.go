package site

import (
	"io/fs"
	"strings"

	"qualityportal/generator/content"
	"qualityportal/generator/diag"
	"qualityportal/generator/layout"
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
//   - every page, file and folder of the site that is not a plan, region or
//     indicator page: home, index pages, themes, search, all-data downloads,
//     sitemap, feed and static files (few, and all of them national).
//
// The affected set is taken from the old and from the new content, so that a
// plan moved to another region or stripped of an indicator also updates the
// pages it left.

// Update returns a generator for the site folder fsys after only the plans
// slugs changed, reusing the other plans g loaded (see content.Site.Update).
// Templates and static files are read again. g is left as it was; it must
// have loaded without errors.
func (g *Generator) Update(fsys fs.FS, slugs []string) (*Generator, diag.List) {
	cs, errs := g.Site.Update(fsys, slugs)
	ng := &Generator{Site: cs, Opts: g.Opts, Extra: g.Extra}
	ng.funcs = Funcs(cs)
	set, lerrs := layout.Load(fsys, ng.funcs)
	errs.Append(lerrs)
	for _, kind := range pageKinds {
		if set != nil && !set.Has(kind) {
			errs.Add(layout.Dir+"/"+kind+".html", 0, "missing page template")
		}
	}
	ng.Layouts = set
	if sub, err := fs.Sub(fsys, "static"); err == nil {
		ng.Static = sub
	}
	errs.Sort()
	return ng, errs
}

// Footprint is the set of plan, region and indicator pages that the changed
// plans reach (see the comment at the top of this file).
type Footprint struct {
	Plans, Regions, Indicators map[string]bool
}

// Affected returns the footprint of the plans slugs in the contents old and
// new (either may be nil).
func Affected(old, new *content.Site, slugs []string) *Footprint {
	f := &Footprint{Plans: map[string]bool{}, Regions: map[string]bool{}, Indicators: map[string]bool{}}
	for _, cs := range []*content.Site{old, new} {
		if cs == nil {
			continue
		}
		for _, slug := range slugs {
			f.Plans[slug] = true
			p := cs.Plan(slug)
			if p == nil {
				continue
			}
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
	}
	return f
}

// Has reports whether the output file at path (slash-separated, from the
// site root) is rendered again for this footprint.
func (f *Footprint) Has(path string) bool {
	kind, rest, ok := strings.Cut(path, "/")
	if !ok {
		return true
	}
	id, _, ok := strings.Cut(rest, "/")
	if !ok {
		return true // plans/index.html and the like
	}
	switch kind {
	case "plans":
		return f.Plans[id]
	case "regions":
		return f.Regions[id]
	case "indicators":
		return f.Indicators[id]
	}
	return true
}
