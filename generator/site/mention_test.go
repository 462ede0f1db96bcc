package site

import (
	"os"
	"strings"
	"testing"

	"qualityportal/generator/match"
)

// BenchmarkNameMatcher scans the bundled plans' text for the bundled
// registry's indicator names, as the index of mentions does for every section.
func BenchmarkNameMatcher(b *testing.B) {
	g, errs := Load(os.DirFS("../.."))
	if errs != nil {
		b.Fatal(errs)
	}
	mf := newMentionFinder(g.Site)
	var text strings.Builder
	for _, p := range g.Site.Plans {
		for si := range p.Sections {
			text.WriteString(p.Sections[si].Plain())
		}
	}
	s := text.String()
	var buf match.Set
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = mf.matcher.Start(buf)
		mf.matcher.Scan(s, 0, buf)
	}
}
