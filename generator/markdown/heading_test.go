package markdown

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func checkHeading(t *testing.T, line string) {
	t.Helper()
	if got, want := matchHeading(line), headingRE.FindStringSubmatch(line); !slices.Equal(got, want) {
		t.Fatalf("matchHeading(%q) = %q; want %q", line, got, want)
	}
}

// matchHeading finds what headingRE finds.
func TestMatchHeadingMatchesRegexp(t *testing.T) {
	for _, line := range []string{
		"## 一、总体要求 {#s1}", "##  标题  {#a-b}  ", "### 标题 {#s2 themes=\"product,brand\"}", "####### 七 {#x}",
		"# 一级 {#a}", "##标题 {#a}", "## {#a}", "## 标题 {#}", "## a {#b} {#c}", "## a {#b c}", "## a {#b}x",
		"## a {#b themes=\"x\" extra=\"y\" }", "## a {#b themes=\"x\"", "## a {#b\tthemes=\"x\"}", "## a{#b}",
		"## a {#b}}", "## a {#{#b}", "## \xff {#b}", "##\t\t标题\t{#s}\t", "## a {#b themes=x}", "## a {# b}", "## a\nb {#c}", "##\n{#a}", "## a \n{#b}",
	} {
		checkHeading(t, line)
	}
	pieces := []string{"#", "##", "###", " ", "\t", "标题", "a", "{", "}", "{#", "#s1", "s-2", "themes", "=", `"`,
		`themes="x"`, `"product,brand"`, "Z", "\f", "\r", "\xff"}
	rng := rand.New(rand.NewPCG(4, 4))
	for range 100000 {
		var b strings.Builder
		b.WriteString([]string{"##", "###", "######", "#", "#######"}[rng.IntN(5)])
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkHeading(t, b.String())
	}
}

func FuzzMatchHeading(f *testing.F) {
	f.Add(`## 标题 {#s2 themes="product,brand"}`)
	f.Fuzz(checkHeading)
}
