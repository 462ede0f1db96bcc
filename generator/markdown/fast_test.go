package markdown

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkFast fails when the fast renderer accepts src but renders it differently from goldmark.
func checkFast(t *testing.T, name string, render func(string) (string, string, bool), src string) bool {
	t.Helper()
	h, p, ok := render(src)
	if !ok {
		return false
	}
	gh, gp := renderGoldmark(src)
	if h != gh || p != gp {
		t.Fatalf("%s(%q):\nhtml  %q\nplain %q\ngoldmark:\nhtml  %q\nplain %q", name, src, h, p, gh, gp)
	}
	return true
}

// checkSame is checkFast of renderParagraphs.
func checkSame(t *testing.T, src string) bool {
	t.Helper()
	return checkFast(t, "renderParagraphs", renderParagraphs, src)
}

func TestRenderParagraphsMatchesGoldmark(t *testing.T) {
	t.Run("cases", func(t *testing.T) {
		tests := []struct {
			src  string
			fast bool
		}{
			{"一段。", true},
			{"一段。\n同一段。\n\n第二段。\n", true},
			{"\n\n首尾空行。\n\n\n", true},
			{"　全角空格开头。　", true},
			{"PM2.5浓度35µg/m3,2021-2025年,达到95%以上(含)。", true},
			{"Hello world: a/b; c? d-e+f=g 'h' @ $ ^", true},
			{"1. 列表", false},
			{"- 列表", false},
			{"# 标题", false},
			{"> 引用", false},
			{"    缩进", false},
			{"行尾两个空格  \n下一行", false},
			{"**加粗**", false},
			{"<b>标签</b>", false},
			{"a & b", false},
			{"引号\"", false},
			{"反斜杠\\", false},
			{"制表\t符", false},
			{"", false},
			{"\n\n", false},
			{"===", false},
			{"段落\n===", false},
			{"段落\n---", false},
			{"~~删除~~", false},
		}
		for _, tt := range tests {
			if got := checkSame(t, tt.src); got != tt.fast {
				t.Errorf("fast path for %q = %v, want %v", tt.src, got, tt.fast)
			}
		}
	})
	t.Run("bundled plans", func(t *testing.T) {
		files, _ := filepath.Glob("../../content/plans/*/plan.md")
		if len(files) == 0 {
			t.Skip("no bundled plans")
		}
		fast := 0
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// Every run of lines between headings and directives, as Parse hands them to Render.
			var buf []string
			flush := func() {
				if len(buf) > 0 && checkSame(t, strings.Join(buf, "\n")) {
					fast++
				}
				buf = nil
			}
			for _, line := range strings.Split(string(data), "\n") {
				line = strings.TrimRight(line, " \t\r")
				if strings.HasPrefix(line, "#") || strings.HasPrefix(line, ":::") || line == "+++" {
					flush()
					continue
				}
				buf = append(buf, line)
			}
			flush()
		}
		if fast == 0 {
			t.Error("the fast path took none of the bundled plans' text")
		}
	})
	t.Run("random", func(t *testing.T) {
		pieces := []string{"质量", "。", ",", " ", "  ", "\n", "\n\n", "1", "2.", "a", "Z", "-", "+", "=", "(", ")", "%", "/", ":", ";", "?", "'", "@", "$", "^", ".", "　", "\u00a0", "é", "*", "_", "<", "&", "\"", "#", ">", "`", "~", "|", "[", "]", "!", "{", "}", "\\", "\t", "\r"}
		rng := rand.New(rand.NewPCG(5, 6))
		for range 20000 {
			var b strings.Builder
			for range rng.IntN(12) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			checkSame(t, b.String())
		}
	})
}

func FuzzRenderParagraphs(f *testing.F) {
	f.Add("一段。\n同一段。\n\n第二段。")
	f.Add("a b\n\nc")
	f.Fuzz(func(t *testing.T, src string) { checkSame(t, src) })
}

// A part whose HTML is dropped gets it back from Body, byte for byte.
func TestBodyFromPlain(t *testing.T) {
	for _, kind := range []string{Text, Box} {
		for _, tt := range []struct {
			src  string
			drop bool // whether the HTML is dropped
		}{
			{"一段。", kind == Text}, {"一段。\n\n第二段。\n\n第三段。", kind == Text}, {"一段\n同一段。", false},
			{"　全角空格开头。", false}, {"1. 列表\n2. 二", true}, {"1. 一\n2. **二**", false},
			{"**加粗**\n\n第二段。", false}, {"- 甲\n- 乙", false}, {"3. 甲\n4. 乙", false},
		} {
			h, p := Render(tt.src)
			part := Part{Kind: kind, Plain: p}
			part.HTML, part.List = keepPlain(kind, h, p)
			if dropped := part.HTML == "" && h != ""; dropped != tt.drop {
				t.Errorf("%s part %q: HTML dropped = %v, want %v", kind, tt.src, dropped, tt.drop)
			}
			if got := part.Body(); got != h {
				t.Errorf("Body of %s part %q = %q, want %q", kind, tt.src, got, h)
			}
			var b strings.Builder
			part.WriteBody(&b)
			if got := b.String(); got != h {
				t.Errorf("WriteBody of %s part %q = %q, want %q", kind, tt.src, got, h)
			}
			if got := part.BodyLen(); got != len(h) {
				t.Errorf("BodyLen of %s part %q = %d, want %d", kind, tt.src, got, len(h))
			}
		}
	}
}

// checkSameList is checkFast of renderList.
func checkSameList(t *testing.T, src string) bool {
	t.Helper()
	return checkFast(t, "renderList", renderList, src)
}

func TestRenderListMatchesGoldmark(t *testing.T) {
	tests := []struct {
		src  string
		fast bool
	}{
		{"1. 台州湾数字经济产业园。以物联网、大数据、5G为产业方向。", true},
		{"1. 甲\n2. 乙\n3. 丙", true},
		{"1. a b\n2. Hello: world", true},
		{"1. 甲\n3. 乙", false},
		{"2. 甲\n3. 乙", false},
		{"1. 甲\n2. 乙\n", false},
		{"1. 甲\n\n2. 乙", false},
		{"1.甲", false},
		{"1.  甲", false},
		{"1) 甲", false},
		{"01. 甲", false},
		{"1. 甲\n续行", false},
		{"1. - 甲", false},
		{"1. 2025年", false},
		{"1. **甲**", false},
		{"1. 甲 ", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := checkSameList(t, tt.src); got != tt.fast {
			t.Errorf("fast path for %q = %v, want %v", tt.src, got, tt.fast)
		}
	}
	plain := []string{"质量", "。", "a", "Z", "1", ".", "(", ")", " 字"}
	odd := []string{"1. ", "2. ", "10. ", " ", "\n", "-", "*", "<", "&", "\t", "#"}
	rng := rand.New(rand.NewPCG(7, 8))
	fast := 0
	for range 20000 {
		var b strings.Builder
		items := 1 + rng.IntN(4)
		for i := range items {
			if i > 0 {
				b.WriteString("\n")
			}
			if rng.IntN(10) > 0 {
				b.WriteString(strconv.Itoa(i+1) + ". ")
			}
			for range 1 + rng.IntN(4) {
				if rng.IntN(8) == 0 {
					b.WriteString(odd[rng.IntN(len(odd))])
				} else {
					b.WriteString(plain[rng.IntN(len(plain))])
				}
			}
		}
		if checkSameList(t, b.String()) {
			fast++
		}
	}
	if fast < 1000 {
		t.Errorf("the fast path took %d of 20000 random lists", fast)
	}
}

func FuzzRenderList(f *testing.F) {
	f.Add("1. 甲\n2. 乙")
	f.Fuzz(func(t *testing.T, src string) { checkSameList(t, src) })
}

// renderText gives what Render and keepPlain give.
func TestRenderTextMatchesRender(t *testing.T) {
	pieces := []string{"质量", "。", " ", "\n", "\n\n", "1. ", "a", "　", "*", "<", "2. ", "-", "\t"}
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range 30000 {
		var b strings.Builder
		for range 1 + rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		src := b.String()
		if i < 4 {
			src = []string{"一段。", "一段。\n\n二段。", "一段\n同段。", "　开头全角空格。"}[i]
		}
		h, p := Render(src)
		wh, wlist := keepPlain(Text, h, p)
		gh, gp, glist := renderText(src, true)
		if gh != wh || gp != p || glist != wlist {
			t.Fatalf("renderText(%q) = %q, %q, %v; want %q, %q, %v", src, gh, gp, glist, wh, p, wlist)
		}
	}
}

// checkPlainParagraphs: plainParagraphs(lines) is renderText of the joined
// lines when that is one-line paragraphs whose HTML Body makes again, and
// declines everything else.
func checkPlainParagraphs(t *testing.T, lines []string) {
	t.Helper()
	src := strings.Join(lines, "\n")
	h, p, list := renderText(src, utf8.ValidString(src))
	got, ok := plainParagraphs(lines)
	if ok && (h != "" || list || got != p) {
		t.Errorf("plainParagraphs(%q) = %q, true; renderText gives HTML %q, plain %q, list %v", lines, got, h, p, list)
	}
	if !ok && h == "" && !list && p != "" && utf8.ValidString(src) {
		if _, _, fast := paragraphs(src, true); fast {
			t.Errorf("plainParagraphs(%q) declined what paragraphs makes plain (%q)", lines, p)
		}
	}
}

func TestPlainParagraphs(t *testing.T) {
	for _, lines := range [][]string{
		{"一段。"}, {"一段。", "", "第二段。"}, {"一段。", "同一段。"}, {"", "一段。", ""},
		{"　全角空格开头。"}, {"1. 列表"}, {"**加粗**"}, {"a b", "", "c"}, {"", ""}, {"段落。 "},
	} {
		checkPlainParagraphs(t, lines)
	}
	pieces := []string{"质量", "。", "", " ", "1", "2.", "a", "Z", "-", "　", "\u00a0", "*", "#", ">", "`", "\t", "\r"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		lines := make([]string, rng.IntN(5))
		for i := range lines {
			var b strings.Builder
			for range rng.IntN(4) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			lines[i] = b.String()
		}
		checkPlainParagraphs(t, lines)
	}
}

func FuzzPlainParagraphs(f *testing.F) {
	f.Add("一段。\n\n第二段。")
	f.Add("a b\nc")
	f.Fuzz(func(t *testing.T, src string) { checkPlainParagraphs(t, strings.Split(src, "\n")) })
}
