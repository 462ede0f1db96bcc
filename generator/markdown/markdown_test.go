package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseSections(t *testing.T) {
	body := `导言第一段。

## 一、发展基础 {#s1}

### (一)现实基础 {#s1-1 themes="product,brand"}

正文 **加粗**。

::: table t1

::: box 专栏3-1 | 重点产业
1. 医药健康:立足现有基础。
2. 智能马桶。
:::
`
	secs, errs := Parse("p.md", []byte(body), 5)
	if errs != nil {
		t.Fatalf("Parse errors: %v", errs)
	}
	if len(secs) != 3 {
		t.Fatalf("Parse gave %d sections; want 3", len(secs))
	}
	if s := secs[0]; s.ID != "intro" || s.Parts[0].Plain != "导言第一段。" || s.Parts[0].Line != 5 {
		t.Errorf("intro = %+v", s)
	}
	s := secs[2]
	if s.ID != "s1-1" || s.Level != 3 || s.Title != "(一)现实基础" || s.Line != 9 {
		t.Errorf("section = %q level %d %q line %d; want s1-1 3 (一)现实基础 9", s.ID, s.Level, s.Title, s.Line)
	}
	if strings.Join(s.Themes, ",") != "product,brand" {
		t.Errorf("themes = %q", s.Themes)
	}
	if len(s.Parts) != 3 || s.Parts[1].Kind != Table || s.Parts[1].Ref != "t1" || s.Parts[1].Line != 13 {
		t.Fatalf("parts = %+v", s.Parts)
	}
	box := s.Parts[2]
	if box.Kind != Box || box.Number != "专栏3-1" || box.Title != "重点产业" || !strings.Contains(box.Body(), "<li>医药健康:立足现有基础。</li>") {
		t.Errorf("box = %+v", box)
	}
}

func TestParseErrors(t *testing.T) {
	body := "## 无锚点\n## 一、A {#s1}\n## 二、B {#s1}\n::: box 专栏1\nx\n::: frame\n## C {#Bad_ID}\n"
	_, errs := Parse("p.md", []byte(body), 10)
	want := []string{
		`p.md:10: heading needs an anchor and level ## or deeper: "## 无锚点" (write "## 标题 {#s1}")`,
		`p.md:12: duplicate anchor "s1" (first at line 11)`,
		`p.md:13: box is not closed by a line ":::"`,
		`p.md:15: boxes cannot be nested or hold tables`,
	}
	errs.Sort()
	got := strings.Split(errs.Error(), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRawHTMLEscaped(t *testing.T) {
	for _, src := range []string{"<script>alert(1)</script>", "文字 <b onclick=x>粗</b> 文字", "[x](javascript:alert(1))"} {
		h, _ := Render(src)
		if strings.Contains(h, "<script") || strings.Contains(h, "<b ") || strings.Contains(h, "javascript:") {
			t.Errorf("Render(%q) = %q; raw HTML passed through", src, h)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("## 一、A {#s1}\n::: box 专栏 | t\n1. x\n:::\n::: table t1\n")
	f.Add("<div>\n# x\n:::")
	f.Fuzz(func(t *testing.T, body string) {
		secs, _ := Parse("f.md", []byte(body), 1)
		for _, s := range secs {
			for _, p := range s.Parts {
				if strings.Contains(p.HTML, "<script") {
					t.Errorf("raw script passed through: %q", body)
				}
			}
		}
	})
}

// TestValidUTF8 compares validUTF8 with utf8.Valid on text cut and spliced
// at every byte, and on bytes at random.
func TestValidUTF8(t *testing.T) {
	pieces := []string{"a", "质量", "\xef\xbf\xbd", "\xed\x9f\xbf", "\xed\xa0\x80", "\xe0\xa0\x80", "\xe0\x80\x80", "\xf0\x90\x80\x80", "\xf4\x90\x80\x80", "\xc2\x80", "\xc0\x80", "\x80", "\xff", "µ", "😀"}
	rng := rand.New(rand.NewPCG(9, 9))
	for range 20000 {
		var b []byte
		for range rng.IntN(6) {
			p := pieces[rng.IntN(len(pieces))]
			if rng.IntN(4) == 0 {
				p = p[:rng.IntN(len(p)+1)] // cut
			}
			b = append(b, p...)
		}
		if rng.IntN(8) == 0 {
			for range rng.IntN(8) {
				b = append(b, byte(rng.Uint32()))
			}
		}
		if got, want := validUTF8(b), utf8.Valid(b); got != want {
			t.Fatalf("validUTF8(%q) = %v; want %v", b, got, want)
		}
	}
}
