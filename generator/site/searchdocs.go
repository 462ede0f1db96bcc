package site

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"

	"qualityportal/generator/content"
	"qualityportal/generator/markdown"
	"qualityportal/generator/search"
)

// searchDocs lists the searchable units of the site: plans, their sections
// (with the labels of the tables they hold), indicators, regions and themes.
//
// cache, when not nil, holds the documents of each plan from the last call
// (the preview's kept index): an unchanged plan's are taken from it. buf, when
// large enough, is reused for the list (nothing else may refer to it).
func (g *Generator) searchDocs(cache map[string]planDocs, buf []search.Doc) []search.Doc {
	cs := g.Site
	n := len(cs.Indicators) + len(cs.Regions) + len(cs.Config.Themes)
	for _, p := range cs.Plans {
		n += 1 + len(p.Sections)
	}
	var docs []search.Doc
	if cap(buf) >= n {
		docs = buf[:0]
		defer func() { clear(buf[len(docs):cap(buf)]) }() // let go of what old documents held
	} else {
		docs = make([]search.Doc, 0, n)
		prefault(docs[:n])
	}
	byID := make(map[string]int32, len(cs.Indicators))
	for i, ind := range cs.Indicators {
		byID[ind.ID] = int32(i)
	}
	// Each plan's documents have their place in docs (a plan document, then
	// its sections but the intro), so plans are made in parallel: half a
	// second on one core for a national portal.
	at := make([]int, len(cs.Plans)+1)
	for pi, p := range cs.Plans {
		k := 1
		for i := range p.Sections {
			if p.Sections[i].ID != "intro" {
				k++
			}
		}
		at[pi+1] = at[pi] + k
	}
	docs = docs[:at[len(cs.Plans)]]
	planInds := make([][]int32, len(cs.Plans)) // the indicators of each plan's rows
	hit := make([]bool, len(cs.Plans))         // taken from cache
	parallel(len(cs.Plans), g.Opts.Workers, func(pi int) error {
		p := cs.Plans[pi]
		region, slug := "", ""
		if p.Region != nil {
			region, slug = p.Region.Name, p.Region.Slug
		}
		var first *markdown.Section
		if len(p.Sections) > 0 {
			first = &p.Sections[0]
		}
		pd := docs[at[pi]:at[pi+1]]
		if cache != nil {
			// Only read here: cache is written below, after.
			if c, ok := cache[p.Slug]; ok && first != nil && c.first == first && len(c.docs) == len(pd) && c.title == p.Title && c.region == region && c.slug == slug {
				copy(pd, c.docs)
				planInds[pi], hit[pi] = c.inds, true
				return nil
			}
		}
		planInds[pi] = indicatorsOf(p, byID)
		// The plan's document: its metadata and the text of its intro.
		spans := g.spill.spansOf(p) // nil: the text is in the sections
		body := strings.Join([]string{p.Stage, p.Period(), p.Publisher, p.Source}, " ") + "\n"
		if len(p.Sections) > 0 && isIntro(p, 0) {
			if spans != nil {
				body = string(g.spill.appendText([]byte(body), p, spans[0]))
			} else {
				body += searchText(p, 0)
			}
		}
		url := planURL(p)
		pd[0] = search.Doc{URL: url, Kind: "plan", Title: p.Title, Plan: p.Title, Region: region, RegionSlug: slug, Body: body}
		// The sections' URLs share one string, and their sources one slice: a
		// national site has half a million sections, each an object less for
		// the collector to mark.
		n, size := 0, 0
		for i := range p.Sections {
			if id := p.Sections[i].ID; id != "intro" {
				n++
				size += len(url) + 1 + len(id)
			}
		}
		var ub strings.Builder
		ub.Grow(size)
		srcs := make([]sectionSource, 0, n)
		for i := range p.Sections {
			if id := p.Sections[i].ID; id != "intro" {
				ub.WriteString(url)
				ub.WriteByte('#')
				ub.WriteString(id)
				at := span{n: -1}
				if spans != nil {
					at = spans[i]
				}
				srcs = append(srcs, sectionSource{p: p, i: i, spill: g.spill, at: at})
			}
		}
		urls := ub.String()
		k, off := 1, 0
		for i := range p.Sections {
			sec := &p.Sections[i]
			if sec.ID == "intro" {
				continue
			}
			end := off + len(url) + 1 + len(sec.ID)
			// The text is made when the index reads it, so that every section's text
			// is not held at once.
			pd[k] = search.Doc{
				URL: urls[off:end], Kind: "section", Title: sec.Title, Plan: p.Title,
				Region: region, RegionSlug: slug, Themes: p.SectionThemes[sec.ID],
				BodyOf: sectionBody,
				// An unchanged plan keeps its documents, and so their sources (cache).
				Source: &srcs[k-1],
			}
			off = end
			k++
		}
		return nil
	})
	if cache != nil {
		seen := make(map[string]bool, len(cs.Plans))
		for pi, p := range cs.Plans {
			seen[p.Slug] = true
			pd := docs[at[pi]:at[pi+1]:at[pi+1]] // the new slice, so the old one can go
			if hit[pi] {
				c := cache[p.Slug]
				c.docs = pd
				cache[p.Slug] = c
				continue
			}
			var first *markdown.Section
			if len(p.Sections) > 0 {
				first = &p.Sections[0]
			}
			cache[p.Slug] = planDocs{first: first, title: p.Title, region: pd[0].Region, slug: pd[0].RegionSlug, docs: pd, inds: planInds[pi]}
		}
		for slug := range cache {
			if !seen[slug] {
				delete(cache, slug)
			}
		}
	}
	// An indicator's body lists the names of the regions of its rows, in the
	// order of its rows (content links them plan by plan), each name once.
	bodies := make([]strings.Builder, len(cs.Indicators))
	for i, ind := range cs.Indicators {
		bodies[i].WriteString(ind.Description)
	}
	nameIdx := map[string]int{}
	regionName := make(map[*content.Region]int, len(cs.Regions))
	for _, r := range cs.Regions {
		if _, ok := nameIdx[r.Name]; !ok {
			nameIdx[r.Name] = len(nameIdx)
		}
		regionName[r] = nameIdx[r.Name]
	}
	listed := make([]uint64, (len(cs.Indicators)*len(nameIdx)+63)/64) // indicator × name
	for pi, p := range cs.Plans {
		if p.Region == nil {
			continue
		}
		name, ni := p.Region.Name, regionName[p.Region]
		for _, k := range planInds[pi] {
			if bit := int(k)*len(nameIdx) + ni; listed[bit/64]&(1<<(bit%64)) == 0 {
				listed[bit/64] |= 1 << (bit % 64)
				bodies[k].WriteString(" " + name)
			}
		}
	}
	for i, ind := range cs.Indicators {
		b := &bodies[i]
		var themes []string
		if ind.Theme != "" {
			themes = []string{ind.Theme}
		}
		docs = append(docs, search.Doc{URL: indicatorURL(ind), Kind: "indicator", Title: ind.Name, Keywords: ind.Aliases, Themes: themes, Body: b.String()})
	}
	for _, r := range cs.Regions {
		var b strings.Builder
		b.WriteString(r.FullName + " " + r.Code)
		for _, p := range r.Plans {
			b.WriteString("\n" + p.Title)
		}
		docs = append(docs, search.Doc{URL: regionURL(r), Kind: "region", Title: r.FullName, Region: r.Name, RegionSlug: r.Slug, Body: b.String()})
	}
	for _, th := range cs.Config.Themes {
		docs = append(docs, search.Doc{URL: themeURL(th.ID), Kind: "theme", Title: th.Name, Themes: []string{th.ID}, Keywords: th.Keywords, Body: th.Name + " " + strings.Join(th.Keywords, " ")})
	}
	return docs
}

// sectionSource is what a section's search document is made from.
type sectionSource struct {
	p     *content.Plan
	i     int        // in p.Sections
	spill *textSpill // where the text is once the page is made, if not nil
	at    span       // and where in it (n < 0: not there)
}

// sectionBody is the BodyOf of every section document: it appends the
// section's text to dst (its source is a *sectionSource).
func sectionBody(dst []byte, src any) []byte {
	s := src.(*sectionSource)
	if s.at.n >= 0 {
		return s.spill.appendSection(dst, s.p, s.at)
	}
	eachSearchText(s.p, s.i, func(t string) { dst = append(dst, t...) })
	return dst
}

// searchText is what the search reads of section i of p: the plain text of
// the intro (for the plan document), the section's text with the labels and
// values of its tables for the others, so that a search for an indicator
// finds the section that prints it.
//
// It is made once for every section of the site, so it is written in one
// allocation of its exact size: measured first, then written.
func searchText(p *content.Plan, i int) string {
	n := 0
	eachSearchText(p, i, func(t string) { n += len(t) })
	var b strings.Builder
	b.Grow(n)
	eachSearchText(p, i, func(t string) { b.WriteString(t) })
	return b.String()
}

// eachSearchText calls f with the pieces of searchText, without joining them.
func eachSearchText(p *content.Plan, i int, f func(string)) {
	sec := &p.Sections[i]
	sec.EachPlain(f)
	if !isIntro(p, i) {
		eachTableText(p, sec, f)
	}
}

// isIntro reports whether section i of p is the text before its first heading.
func isIntro(p *content.Plan, i int) bool { return i == 0 && p.Sections[0].ID == "intro" }

// eachTableText calls f with the pieces of the text of sec's tables.
func eachTableText(p *content.Plan, sec *markdown.Section, f func(string)) {
	for _, part := range sec.Parts {
		if part.Kind != markdown.Table {
			continue
		}
		if t := p.Table(part.Ref); t != nil {
			f("\n")
			f(t.Title)
			for _, r := range t.Rows {
				f("\n")
				f(r.Label)
				f(" ")
				f(r.Baseline)
				f(" ")
				f(r.Target)
				f(" ")
				f(r.Actual)
			}
		}
		if t := p.ProjectTable(part.Ref); t != nil {
			f("\n")
			f(t.Title)
			for _, r := range t.Rows {
				f("\n")
				f(r.Name)
				f(" ")
				f(r.Departments)
			}
		}
	}
}

// keptSearch is the search index a preview keeps (Options.KeepSearch).
type keptSearch struct {
	mu    sync.Mutex
	ix    *search.Index
	plans map[string]planDocs // by slug
	// The documents ix holds, and the list before them, which nothing holds
	// any more: the next list is made in it (a fresh one costs page faults).
	docs, spare []search.Doc
}

// planDocs are the search documents made of a plan, and the indicators of its
// rows. An unchanged plan keeps its sections and tables (content.Site.Update),
// so first is the same.
type planDocs struct {
	first               *markdown.Section
	title, region, slug string
	docs                []search.Doc
	inds                []int32
}

// indicatorsOf returns the positions (byID) of the indicators of p's rows, each once.
func indicatorsOf(p *content.Plan, byID map[string]int32) []int32 {
	var out []int32
	for ti := range p.Tables {
		rows := p.Tables[ti].Rows
		for ri := range rows {
			if k, ok := byID[rows[ri].Indicator]; ok && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// searchFiles builds the search index, handing each file to out (called from
// several goroutines at once) as soon as it is made, its bytes in a pooled
// buffer when it gives one. With Options.KeepSearch the index is kept for
// UpdateSearch.
//
// made, when not nil, is called once the documents are made, before the
// index is built.
func (g *Generator) searchFiles(out func(File, *bytes.Buffer) error, made func()) error {
	emit := func(f search.File) error { return out(File{Path: f.Path, Data: f.Data}, nil) }
	if g.Opts.KeepSearch && g.kept != nil {
		g.kept.mu.Lock()
		defer g.kept.mu.Unlock()
		g.kept.plans = map[string]planDocs{}
		docs := g.searchDocs(g.kept.plans, nil)
		ix, _, err := search.BuildIndex(docs, g.searchOptions(), emit)
		g.kept.ix, g.kept.docs, g.kept.spare = ix, docs, nil
		return err
	}
	g.spill.wait()
	docs, opt := g.searchDocs(nil, nil), g.searchOptions()
	if made != nil {
		made()
	}
	// BuildTo reuses a file's bytes once emit returns: they are copied into
	// a buffer of the pool the writers give back. It has read every section
	// when it emits its first file: the text put aside goes then, beside the
	// index's files (freeing its 200 MB took 27 ms of one core at the end of
	// a national build).
	var read sync.Once
	copied := func(f search.File) error {
		read.Do(func() { go g.spill.close() })
		buf := getBuf()
		buf.Write(f.Data)
		return out(File{Path: f.Path, Data: buf.Bytes()}, buf)
	}
	if _, err := search.BuildTo(docs, opt, copied); err != nil {
		return err
	}
	return g.spill.readErr()
}

// UpdateSearch brings the search index kept by the generator this one was
// updated from (Options.KeepSearch) up to date with this generator's content,
// reading only the documents that changed, and returns the files that changed
// and the paths of the index files no longer made. Without a kept index it
// builds one and returns all its files, with whole true.
func (g *Generator) UpdateSearch() (files []File, removed []string, whole bool, err error) {
	var mu sync.Mutex
	emit := func(f search.File) error {
		mu.Lock()
		files = append(files, File{Path: f.Path, Data: f.Data})
		mu.Unlock()
		return nil
	}
	if g.kept == nil {
		g.kept = &keptSearch{}
	}
	g.kept.mu.Lock()
	defer g.kept.mu.Unlock()
	if g.kept.plans == nil {
		g.kept.plans = map[string]planDocs{}
	}
	docs := g.searchDocs(g.kept.plans, g.kept.spare)
	g.kept.spare = nil
	if g.kept.ix == nil {
		whole = true
		g.kept.ix, _, err = search.BuildIndex(docs, g.searchOptions(), emit)
	} else {
		removed, _, err = g.kept.ix.Update(docs, g.searchOptions(), emit)
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("search index: %w", err)
	}
	g.kept.docs, g.kept.spare = docs, g.kept.docs
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, removed, whole, nil
}

// searchOptions are the index's options for the site.
func (g *Generator) searchOptions() search.Options {
	cs := g.Site
	opt := search.Options{MaxFiles: cs.Config.SearchMaxFiles}
	for _, th := range cs.Config.Themes {
		opt.Themes = append(opt.Themes, search.Theme{ID: th.ID, Name: th.Name})
	}
	for _, r := range cs.Regions {
		opt.Regions = append(opt.Regions, search.Region{Slug: r.Slug, Name: r.Name, Parent: r.Parent})
	}
	return opt
}
