package site

import (
	"errors"
	"sync/atomic"

	"qualityportal/generator/content"
	"qualityportal/generator/markdown"
)

// textRelease lets go of the text of a plan's sections once every reader
// of it is done, in a one-shot build (Options.ReleaseText): the text of the
// plans is most of the loaded content (about 300 MB at 10,000 plans), and
// without this it is all held until the search index, the last thing built,
// has read it.
//
// A section's text is read by its plan's page, by the mention scan of the
// plan (mentionsOf, whose result is kept) and by the search: the plan
// document takes the intro when the documents are made, and the index reads
// every other section's body once, in an order spread over the whole site
// (docRank), so the text goes section by section, not plan by plan. Each
// section counts its readers still to come; the page runs the mention scan
// before it counts itself done, and the reader that brings a count to zero
// clears the text of the section's parts.
type textRelease struct {
	left map[*content.Plan][]atomic.Int32 // by section index
}

// errSpent is returned by a second build of a generator whose text a
// one-shot build let go of.
var errSpent = errors.New("site: this generator's plan text was released by an earlier build (Options.ReleaseText)")

// newTextRelease counts two readers of every section: the page, and the
// search (the making of the documents for the intro, the index for the rest).
func newTextRelease(g *Generator) *textRelease {
	r := &textRelease{left: make(map[*content.Plan][]atomic.Int32, len(g.Site.Plans))}
	n := 0
	for _, p := range g.Site.Plans {
		n += len(p.Sections)
	}
	counts := make([]atomic.Int32, n)
	for i := range counts {
		counts[i].Store(2)
	}
	for _, p := range g.Site.Plans {
		r.left[p], counts = counts[:len(p.Sections):len(p.Sections)], counts[len(p.Sections):]
	}
	return r
}

// pageDone records that p's page, and the mention scan, which it runs now
// if it has not run, are done with the text of p. It is safe to call on a
// nil *textRelease (no release: the text is kept), as are the others.
func (r *textRelease) pageDone(g *Generator, p *content.Plan) {
	if r == nil {
		return
	}
	g.mentionsOf(p)
	for si := range p.Sections {
		r.done(p, si)
	}
}

// done records that one reader of section si of p is done with its text.
func (r *textRelease) done(p *content.Plan, si int) {
	if r == nil {
		return
	}
	if c := r.left[p]; si < len(c) && c[si].Add(-1) == 0 {
		clearText(&p.Sections[si])
	}
}

// clearText drops the text of a section's parts, keeping what names them
// (kind, table reference, box number and title, line).
func clearText(s *markdown.Section) {
	for i := range s.Parts {
		s.Parts[i].Plain = ""
		s.Parts[i].HTML = ""
	}
}
