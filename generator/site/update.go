package site

import (
	"io/fs"
	"reflect"
	"slices"
	"strings"

	"qualityportal/generator/content"
	"qualityportal/generator/diag"
	"qualityportal/generator/layout"
	"qualityportal/generator/markdown"
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
//   - the all-data downloads and the feed;
//   - every other page, file and folder of the site that is not a plan,
//     region or indicator page: home, index pages, themes, search, sitemap
//     and static files (few, and all of them national).
//
// When only the text of a plan changed (its front matter and data.toml are
// as they were), the plan pages of its basis, the region pages, the
// downloads and the feed stay, and of the indicator pages only those whose
// list of sections mentioning them changed are rendered again.
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
// plans reach (see the comment at the top of this file), and whether their
// data or front matter changed (the all-data downloads and the feed).
type Footprint struct {
	Plans, Regions, Indicators map[string]bool
	Data                       bool
}

// Affected returns the footprint of the plans slugs in the contents old and
// new (either may be nil). A plan whose front matter and data.toml are as
// they were, the usual edit of its text, reaches only its own page, the
// indicator pages whose list of mentioning sections changed, and the
// national pages.
func Affected(old, new *content.Site, slugs []string) *Footprint {
	f := &Footprint{Plans: map[string]bool{}, Regions: map[string]bool{}, Indicators: map[string]bool{}}
	var oldMF, newMF *mentionFinder
	for _, slug := range slugs {
		f.Plans[slug] = true
		var a, b *content.Plan
		if old != nil {
			a = old.Plan(slug)
		}
		if new != nil {
			b = new.Plan(slug)
		}
		if a != nil && b != nil && reflect.DeepEqual(a.Meta, b.Meta) && reflect.DeepEqual(a.Data, b.Data) {
			if oldMF == nil {
				oldMF, newMF = newMentionFinder(old), newMentionFinder(new)
			}
			was, is := mentionsOf(oldMF, a), mentionsOf(newMF, b)
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
			continue
		}
		f.Data = true
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

// mentionsOf lists, per indicator id, the sections of p that name it, as the
// indicator page prints them (anchor and heading).
func mentionsOf(mf *mentionFinder, p *content.Plan) map[string][]string {
	m := map[string][]string{}
	mf.each(p, func(ind *content.Indicator, sec *markdown.Section) {
		m[ind.ID] = append(m[ind.ID], sec.ID+"\x00"+sec.Title)
	})
	return m
}

// Has reports whether the output file at path (slash-separated, from the
// site root) is rendered again for this footprint.
func (f *Footprint) Has(path string) bool {
	kind, rest, ok := strings.Cut(path, "/")
	if !ok {
		return path != "feed.xml" || f.Data
	}
	if kind == "data" {
		return f.Data // the all-data downloads
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
