package chart

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var preview = flag.String("preview", "", "write every example chart into this HTML file, for looking at, and each one into <file>.<name>.html")

// TestPreview writes HTML pages with the examples when -preview is set.
func TestPreview(t *testing.T) {
	if *preview == "" {
		t.Skip("no -preview file")
	}
	var b strings.Builder
	b.WriteString("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><style>body{margin:8px;font-family:sans-serif}" + CSS + "figure{margin:0 0 24px}</style><body>\n")
	head := b.String()
	for _, ex := range examples() {
		one := head + "<figure>" + string(ex.svg) + "</figure>"
		if strings.HasPrefix(ex.name, "sparkline") {
			one = head + "<p>优良天数比例 95% " + string(ex.svg) + "</p>"
		}
		if err := os.WriteFile(*preview+"."+ex.name+".html", []byte(one), 0o644); err != nil {
			t.Fatal(err)
		}
		b.WriteString("<figure><figcaption>" + ex.name + "</figcaption>")
		if strings.HasPrefix(ex.name, "sparkline") {
			b.WriteString("<p>优良天数比例 95% ")
		}
		b.WriteString(string(ex.svg))
		b.WriteString("</figure>\n")
	}
	if err := os.WriteFile(*preview, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
