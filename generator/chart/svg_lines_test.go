package chart

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// breakLines does what a strings.Replacer of every tag by "\n"+tag does.
func TestBreakLinesMatchesReplacer(t *testing.T) {
	var pairs []string
	for _, tag := range lineTags {
		pairs = append(pairs, tag, "\n"+tag)
	}
	r := strings.NewReplacer(pairs...)
	pieces := append([]string{"<", ">", "a", " ", "g", "/", "text", "质量", "\n"}, lineTags...)
	rng := rand.New(rand.NewPCG(1, 1))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(15) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := breakLines(s), r.Replace(s); got != want {
			t.Fatalf("breakLines(%q) = %q, want %q", s, got, want)
		}
	}
}
