// Package markdown turns the body of a plan into sections ready to render.
//
// A plan body is Markdown with three additions, all line based so that every
// problem keeps its line number in the plan file:
//
//	## 一、发展基础 {#s1}                 a heading with its stable anchor
//	## (一)提升产品质量 {#s3-1 themes="product,brand"}   …and theme overrides
//	::: table t1                        the table t1 of the plan's data.toml
//	::: box 专栏3-1 | 标题               a 专栏 box, closed by a line ":::"
//
// Raw HTML is never passed through: it is shown as text.
package markdown

import (
	"bufio"
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"qualityportal/generator/diag"
)

// Kinds of Part.
const (
	Text  = "text"
	Table = "table"
	Box   = "box"
)

// Part is one block of a section: rendered Markdown, a table reference or a box.
type Part struct {
	Kind   string
	HTML   string // Text and Box: the rendered body; "" for a text part whose HTML Body makes from Plain
	Plain  string // Text and Box: the plain text, for search and indicator mentions
	Ref    string // Table: the table id
	Number string // Box: "专栏3-1"
	Title  string // Box: the heading after the number
	Line   int
	List   bool // HTML is "" and Body makes it from Plain as an ordered list, an item a line
}

// Body returns the part's HTML. A text part of one-line paragraphs, most of
// a plan, keeps only its plain text, and its HTML is made from it here when
// a page is rendered, so that a large site does not hold its text twice.
// A part that is a tight ordered list of plain items (most 专栏 boxes) keeps
// only its plain text too (List).
func (p Part) Body() string {
	if p.HTML != "" || p.Plain == "" || !p.List && p.Kind != Text {
		return p.HTML
	}
	var b strings.Builder
	b.Grow(p.BodyLen())
	p.WriteBody(&b)
	return b.String()
}

// WriteBody writes Body to w without making it as one string first.
func (p Part) WriteBody(w io.StringWriter) {
	open, sep, end := "", "", ""
	switch {
	case p.HTML != "" || p.Plain == "":
		w.WriteString(p.HTML)
		return
	case p.List:
		open, sep, end = "<ol>\n<li>", "</li>\n<li>", "</li>\n</ol>\n"
	case p.Kind == Text:
		open, sep, end = "<p>", "</p>\n<p>", "</p>\n"
	default:
		w.WriteString(p.HTML)
		return
	}
	w.WriteString(open)
	for rest := p.Plain; ; {
		line, more, found := strings.Cut(rest, "\n")
		w.WriteString(line)
		if !found {
			break
		}
		w.WriteString(sep)
		rest = more
	}
	w.WriteString(end)
}

// BodyLen is len(Body()), without making it.
func (p Part) BodyLen() int {
	n := strings.Count(p.Plain, "\n")
	switch {
	case p.HTML != "" || p.Plain == "":
		return len(p.HTML)
	case p.List:
		return len(p.Plain) + 9 + 9*n + 12
	case p.Kind == Text:
		return len(p.Plain) + 3 + 7*n + 5
	}
	return len(p.HTML)
}

// keepPlain returns the part's HTML as it is to be kept: "" (and list set)
// when Body makes h again from p.
func keepPlain(kind, h, p string) (html string, list bool) {
	switch {
	case p == "":
		return h, false
	case kind == Text && fromPlain(h, p):
		return "", false
	case strings.HasPrefix(h, "<ol>\n<li>") && h == (Part{Plain: p, List: true}).Body():
		return "", true
	}
	return h, false
}

// fromPlain reports whether h is what Body makes from p.
func fromPlain(h, p string) bool {
	if p == "" || !strings.HasPrefix(h, "<p>") || !strings.HasSuffix(h, "</p>\n") {
		return false
	}
	h = h[len("<p>") : len(h)-len("</p>\n")]
	const sep = "</p>\n<p>"
	for {
		i := strings.IndexByte(p, '\n')
		if i < 0 {
			return h == p
		}
		if !strings.HasPrefix(h, p[:i]) || !strings.HasPrefix(h[i:], sep) {
			return false
		}
		h, p = h[i+len(sep):], p[i+1:]
	}
}

// Section is a heading and what follows it up to the next heading.
// The text before the first heading is the section "intro" at level 1.
type Section struct {
	ID     string
	Level  int // 2 for 一、, 3 for (一), 4 for 1., …
	Title  string
	Themes []string // explicit overrides from the heading, nil if none
	Line   int
	Parts  []Part
}

// Plain returns the section's text without markup.
func (s *Section) Plain() string {
	n := 0
	s.EachPlain(func(t string) { n += len(t) })
	var b strings.Builder
	b.Grow(n)
	s.EachPlain(func(t string) { b.WriteString(t) })
	return b.String()
}

// EachPlain calls f with the pieces of Plain, in order, without joining them.
func (s *Section) EachPlain(f func(string)) {
	started := false
	for _, p := range s.Parts {
		if p.Plain != "" {
			if started {
				f("\n")
			}
			started = true
			if p.Kind == Box {
				f(p.Number)
				f(" ")
				f(p.Title)
				f("\n")
			}
			f(p.Plain)
		}
	}
}

var (
	headingRE = regexp.MustCompile(`^(#{2,6})\s+(.*?)\s*\{#([^\s}]*)((?:\s+[a-z]+="[^"]*")*)\s*\}\s*$`)
	bareHead  = regexp.MustCompile(`^#{1,6}\s`)
	attrRE    = regexp.MustCompile(`([a-z]+)="([^"]*)"`)
	slugRE    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// matchHeading is headingRE.FindStringSubmatch(line), by hand: every plan
// has dozens of headings, and the regexp was a tenth of loading a plan.
func matchHeading(line string) []string {
	h := 0
	for h < len(line) && line[h] == '#' {
		h++
	}
	if h < 2 || h > 6 || h >= len(line) || !isSpace(line[h]) {
		return nil
	}
	i := h
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	// The title is lazy: it ends at the first place where the rest matches.
	for k := i; k < len(line); k++ {
		if k > i && line[k-1] == '\n' {
			break // "." does not match a line break (Parse's lines have none)
		}
		if c := line[k]; c != '{' && !isSpace(c) {
			continue
		}
		if id, attrs, ok := headingTail(line[k:]); ok {
			return []string{line, line[:h], line[i:k], id, attrs}
		}
	}
	return nil
}

// headingTail matches `\s*\{#([^\s}]*)((?:\s+[a-z]+="[^"]*")*)\s*\}\s*$` at
// the start of s. Every part of it is deterministic: no backtracking needed.
func headingTail(s string) (id, attrs string, ok bool) {
	j := skipSpace(s, 0)
	if !strings.HasPrefix(s[j:], "{#") {
		return "", "", false
	}
	j += 2
	st := j
	for j < len(s) && !isSpace(s[j]) && s[j] != '}' {
		j++
	}
	id = s[st:j]
	as := j
	for {
		m := skipSpace(s, j)
		if m == j {
			break
		}
		n := m
		for n < len(s) && s[n] >= 'a' && s[n] <= 'z' {
			n++
		}
		if n == m || n+1 >= len(s) || s[n] != '=' || s[n+1] != '"' {
			break
		}
		q := strings.IndexByte(s[n+2:], '"')
		if q < 0 {
			break
		}
		j = n + 2 + q + 1
	}
	attrs = s[as:j]
	j = skipSpace(s, j)
	if j >= len(s) || s[j] != '}' {
		return "", "", false
	}
	if skipSpace(s, j+1) != len(s) {
		return "", "", false
	}
	return id, attrs, true
}

// isSpace is the regexp class \s: ASCII white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

var md = goldmark.New(
	goldmark.WithExtensions(extension.Strikethrough),
	goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(escapeRaw{}, 100)),
	),
)

// Parse splits a plan body into sections. file and firstLine place the
// body in its file (firstLine is the file line of body's first line).
func Parse(file string, body []byte, firstLine int) ([]Section, diag.List) {
	var errs diag.List
	valid := validUTF8(body) // once, not for every part
	lines := strings.Split(string(body), "\n")
	heads := 0 // at most one section a line that starts with '#'
	for _, l := range lines {
		if strings.HasPrefix(l, "#") {
			heads++
		}
	}
	secs := make([]Section, 1, 1+heads)
	secs[0] = Section{ID: "intro", Level: 1, Line: firstLine}
	cur := &secs[0]
	ids := map[string]int{"intro": firstLine}

	var buf []string
	bufLine := 0
	flush := func() {
		if len(buf) == 0 {
			return
		}
		if valid {
			// Most blocks: one-line paragraphs, without joining them first.
			if p, ok := plainParagraphs(buf); ok {
				cur.Parts = append(cur.Parts, Part{Kind: Text, Plain: p, Line: bufLine})
				buf = nil
				return
			}
		}
		src := strings.Join(buf, "\n")
		if strings.TrimSpace(src) != "" {
			h, p, list := renderText(src, valid) // "" for HTML that Body makes again when it is needed
			cur.Parts = append(cur.Parts, Part{Kind: Text, HTML: h, Plain: p, Line: bufLine, List: list})
		}
		buf = nil
	}
	for i := 0; i < len(lines); i++ {
		ln := firstLine + i
		line := strings.TrimRight(lines[i], " \t\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#"):
			m := matchHeading(line)
			if m == nil {
				if bareHead.MatchString(line) {
					errs.Add(file, ln, "heading needs an anchor and level ## or deeper: %q (write \"## 标题 {#s1}\")", trimmed)
				} else {
					buf = appendLine(buf, &bufLine, line, ln)
				}
				continue
			}
			flush()
			id := m[3]
			if !slugRE.MatchString(id) {
				errs.Add(file, ln, "anchor %q is not a slug ([a-z0-9-])", id)
			} else if prev, dup := ids[id]; dup {
				errs.Add(file, ln, "duplicate anchor %q (first at line %d)", id, prev)
			}
			ids[id] = ln
			// Clones, so that the plan's text is not kept alive by its headings.
			s := Section{ID: strings.Clone(id), Level: len(m[1]), Title: strings.Clone(m[2]), Line: ln}
			for _, a := range attrRE.FindAllStringSubmatch(m[4], -1) {
				switch a[1] {
				case "themes":
					for _, t := range strings.Split(a[2], ",") {
						if t = strings.TrimSpace(t); t != "" {
							s.Themes = append(s.Themes, strings.Clone(t))
						}
					}
				default:
					errs.Add(file, ln, "unknown heading attribute %q", a[1])
				}
			}
			if s.Title == "" {
				errs.Add(file, ln, "empty heading")
			}
			secs = append(secs, s)
			cur = &secs[len(secs)-1]
		case strings.HasPrefix(trimmed, ":::"):
			flush()
			dir := strings.TrimSpace(strings.TrimPrefix(trimmed, ":::"))
			kind, arg, _ := strings.Cut(dir, " ")
			arg = strings.TrimSpace(arg)
			switch kind {
			case "table":
				if arg == "" {
					errs.Add(file, ln, "::: table needs a table id")
				}
				cur.Parts = append(cur.Parts, Part{Kind: Table, Ref: strings.Clone(arg), Line: ln})
			case "box":
				start := ln
				var inner []string
				closed := false
				for i++; i < len(lines); i++ {
					if strings.TrimSpace(lines[i]) == ":::" {
						closed = true
						break
					}
					if strings.HasPrefix(strings.TrimSpace(lines[i]), ":::") {
						errs.Add(file, firstLine+i, "boxes cannot be nested or hold tables")
					}
					inner = append(inner, lines[i])
				}
				if !closed {
					errs.Add(file, start, "box is not closed by a line \":::\"")
				}
				num, title, ok := strings.Cut(arg, "|")
				if !ok {
					num, title = "", arg
				}
				h, p := render(strings.Join(inner, "\n"), valid)
				h, list := keepPlain(Box, h, p)
				cur.Parts = append(cur.Parts, Part{Kind: Box, Number: strings.Clone(strings.TrimSpace(num)), Title: strings.Clone(strings.TrimSpace(title)), HTML: h, Plain: p, Line: start, List: list})
			case "":
				errs.Add(file, ln, "\":::\" closes nothing")
			default:
				errs.Add(file, ln, "unknown directive %q (want ::: table ID or ::: box TITLE)", kind)
			}
		default:
			buf = appendLine(buf, &bufLine, line, ln)
		}
	}
	flush()
	if len(secs[0].Parts) == 0 && len(secs) > 1 {
		secs = secs[1:]
	}
	// Exact lengths, and the parts of all sections in one slice: a site holds
	// the sections of every plan while it builds, and the collector marks
	// each object on every cycle.
	if len(secs) < cap(secs) {
		secs = append(make([]Section, 0, len(secs)), secs...)
	}
	n := 0
	for i := range secs {
		n += len(secs[i].Parts)
	}
	parts := make([]Part, 0, n)
	for i := range secs {
		at := len(parts)
		parts = append(parts, secs[i].Parts...)
		if len(secs[i].Parts) > 0 {
			secs[i].Parts = parts[at:len(parts):len(parts)]
		}
	}
	return secs, errs
}

// validUTF8 is utf8.Valid, with a shortcut for the three-byte characters
// whose lead byte allows any continuation (Chinese text): utf8.Valid took
// 14 instructions a byte of a plan's body.
func validUTF8(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if (c >= 0xE1 && c <= 0xEC || c == 0xEE || c == 0xEF) && i+2 < len(b) && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return false
		}
		i += n
	}
	return true
}

func appendLine(buf []string, first *int, line string, ln int) []string {
	if len(buf) == 0 {
		if strings.TrimSpace(line) == "" {
			return buf
		}
		*first = ln
	}
	return append(buf, line)
}

// plainParagraphs is what renderText(strings.Join(lines, "\n"), true) makes
// of lines that are paragraphs of one plainLine each (the HTML "", Body
// makes it), made without joining the lines first; ok is false for any
// other lines (TestPlainParagraphs).
func plainParagraphs(lines []string) (plain string, ok bool) {
	n, size, prev := 0, 0, false
	for _, l := range lines {
		if l == "" {
			prev = false
			continue
		}
		if prev || !plainLine(l) {
			return "", false
		}
		prev = true
		n++
		size += len(l)
	}
	if n == 0 {
		return "", false
	}
	var b strings.Builder
	b.Grow(size + n - 1)
	for _, l := range lines {
		if l != "" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(l)
		}
	}
	plain = b.String()
	if strings.TrimSpace(plain) != plain {
		return "", false
	}
	return plain, true
}

// renderText is Render and keepPlain for a text part of Parse; valid says
// src is known to be valid UTF-8.
func renderText(src string, valid bool) (htmlOut, plain string, list bool) {
	if valid {
		if h, p, ok := paragraphs(src, true); ok {
			return h, p, false
		}
	}
	h, p := renderOther(src, valid)
	h, list = keepPlain(Text, h, p)
	return h, p, list
}

// Render renders Markdown to HTML (raw HTML escaped) and extracts its plain text.
func Render(src string) (htmlOut, plain string) {
	return render(src, utf8.ValidString(src))
}

// render is Render of src, which valid says is valid UTF-8 or not (Parse
// checks a plan's body once; the fast paths need it).
func render(src string, valid bool) (htmlOut, plain string) {
	if valid {
		if h, p, ok := paragraphs(src, false); ok {
			return h, p
		}
	}
	return renderOther(src, valid)
}

// renderOther is render of src that is not plain paragraphs.
func renderOther(src string, valid bool) (htmlOut, plain string) {
	if valid {
		if h, p, ok := orderedList(src); ok {
			return h, p
		}
	}
	return renderGoldmark(src)
}

func renderGoldmark(src string) (htmlOut, plain string) {
	source := []byte(src)
	doc := md.Parser().Parse(text.NewReader(source))
	var b bytes.Buffer
	// A writer of the pool: the renderer makes a 4 KB one for each call
	// when given a plain io.Writer.
	w := bufWriters.Get().(*bufio.Writer)
	w.Reset(&b)
	err := md.Renderer().Render(w, source, doc)
	if err == nil {
		err = w.Flush()
	}
	w.Reset(nil)
	bufWriters.Put(w)
	if err != nil {
		// The renderer writes to memory; it cannot fail on any input.
		panic(err)
	}
	return b.String(), PlainText(doc, source)
}

// bufWriters are the buffered writers renderGoldmark renders through.
var bufWriters = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// PlainText collects the text of a Markdown tree, a line per block.
func PlainText(doc ast.Node, source []byte) string {
	var b strings.Builder
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock && !entering && n.Kind() != ast.KindList && n.Kind() != ast.KindListItem && n.Kind() != ast.KindDocument {
			b.WriteByte('\n')
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(util.UnescapePunctuations(t.Segment.Value(source)))
			if t.SoftLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan, *ast.RawHTML:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if s, ok := c.(*ast.Text); ok {
					b.Write(s.Segment.Value(source))
				}
			}
			if r, ok := n.(*ast.RawHTML); ok {
				for i := 0; i < r.Segments.Len(); i++ {
					seg := r.Segments.At(i)
					b.Write(seg.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			for i := 0; i < t.Lines().Len(); i++ {
				seg := t.Lines().At(i)
				b.Write(seg.Value(source))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// escapeRaw renders raw HTML as visible text instead of dropping or passing it.
type escapeRaw struct{}

func (escapeRaw) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			hb := n.(*ast.HTMLBlock)
			w.WriteString("<p>")
			for i := 0; i < hb.Lines().Len(); i++ {
				seg := hb.Lines().At(i)
				html.DefaultWriter.RawWrite(w, util.EscapeHTML(seg.Value(source)))
			}
			if hb.HasClosure() {
				html.DefaultWriter.RawWrite(w, util.EscapeHTML(hb.ClosureLine.Value(source)))
			}
			w.WriteString("</p>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			r := n.(*ast.RawHTML)
			for i := 0; i < r.Segments.Len(); i++ {
				seg := r.Segments.At(i)
				w.Write(util.EscapeHTML(seg.Value(source)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// renderParagraphs renders src without goldmark when it is nothing but
// paragraphs of text in which no character has a meaning in Markdown, which
// is most of a plan's text. The output is the same as goldmark's
// (TestRenderParagraphsMatchesGoldmark); anything else is left to goldmark.
func renderParagraphs(src string) (htmlOut, plain string, ok bool) {
	if !utf8.ValidString(src) {
		return "", "", false
	}
	return paragraphs(src, false)
}

// paragraphs is renderParagraphs of valid UTF-8. With drop set, it returns
// "" for the HTML when Body makes it again from the plain text (every
// paragraph one line, nothing trimmed): Parse does not make what it drops.
func paragraphs(src string, drop bool) (htmlOut, plain string, ok bool) {
	// Check first, so that the common case allocates only its results.
	n := 0 // paragraphs
	oneLine := true
	inPara := false
	for i := 0; i < len(src); {
		var line string
		line, i = lineAt(src, i)
		if line == "" {
			inPara = false
			continue
		}
		if !plainLine(line) {
			return "", "", false
		}
		if !inPara {
			n++
			inPara = true
		} else {
			oneLine = false
		}
	}
	if n == 0 {
		return "", "", false
	}
	if drop && oneLine {
		// What the loop below writes to p; plainLine lines have no white space
		// at either end, so TrimSpace would change nothing but a leading or
		// trailing non-ASCII space, which Body could not make again.
		var p strings.Builder
		p.Grow(len(src))
		for i := 0; i < len(src); {
			var line string
			if line, i = lineAt(src, i); line != "" {
				if p.Len() > 0 {
					p.WriteByte('\n')
				}
				p.WriteString(line)
			}
		}
		plain := p.String()
		if strings.TrimSpace(plain) == plain {
			return "", plain, true
		}
		return paragraphs(src, false)
	}
	var h, p strings.Builder
	h.Grow(len(src) + 8*n)
	p.Grow(len(src))
	inPara = false
	for i := 0; i < len(src); {
		var line string
		line, i = lineAt(src, i)
		switch {
		case line == "":
			if inPara {
				h.WriteString("</p>\n")
				inPara = false
			}
			continue
		case inPara:
			h.WriteByte('\n')
		default:
			h.WriteString("<p>")
			inPara = true
		}
		if p.Len() > 0 {
			p.WriteByte('\n')
		}
		h.WriteString(line)
		p.WriteString(line)
	}
	if inPara {
		h.WriteString("</p>\n")
	}
	return h.String(), strings.TrimSpace(p.String()), true
}

// lineAt returns the line of src that starts at i, without its line break,
// and where the next one starts.
func lineAt(src string, i int) (line string, next int) {
	end := strings.IndexByte(src[i:], '\n')
	if end < 0 {
		return src[i:], len(src) + 1
	}
	return src[i : i+end], i + end + 1
}

// plainLine reports whether a line is paragraph text that Markdown leaves
// as it is: it starts with a letter or a non-ASCII character (no list
// marker, heading, quote, fence or indentation), does not end in white space
// (a hard line break), and holds no ASCII character with a meaning in
// Markdown or HTML (* _ ` [ ] < > & " \ ! # ~ | { }), no tab and no control character.
// renderList renders, without goldmark, a tight ordered list whose every
// line is an item "N. text" (numbered 1, 2, … in order, one space, the text
// a plainLine): the shape of most 专栏 boxes. The output is goldmark's
// (TestRenderListMatchesGoldmark); anything else is left to goldmark.
func renderList(src string) (htmlOut, plain string, ok bool) {
	if !utf8.ValidString(src) {
		return "", "", false
	}
	return orderedList(src)
}

// orderedList is renderList of valid UTF-8.
func orderedList(src string) (htmlOut, plain string, ok bool) {
	if src == "" {
		return "", "", false
	}
	items := 0
	for rest := src; ; {
		line, more, found := strings.Cut(rest, "\n")
		num := strconv.Itoa(items + 1)
		if !strings.HasPrefix(line, num) || !strings.HasPrefix(line[len(num):], ". ") {
			return "", "", false
		}
		if text := line[len(num)+2:]; text == "" || !plainLine(text) {
			return "", "", false
		}
		items++
		if !found {
			break
		}
		rest = more
	}
	var h, p strings.Builder
	h.Grow(len(src) + 10*items + 12)
	p.Grow(len(src))
	h.WriteString("<ol>\n")
	for i, line := range strings.Split(src, "\n") {
		text := line[len(strconv.Itoa(i+1))+2:]
		h.WriteString("<li>")
		h.WriteString(text)
		h.WriteString("</li>\n")
		if i > 0 {
			p.WriteByte('\n')
		}
		p.WriteString(text)
	}
	h.WriteString("</ol>\n")
	return h.String(), p.String(), true
}

func plainLine(line string) bool {
	c := line[0]
	if c < 0x80 && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false
	}
	if e := line[len(line)-1]; e == ' ' {
		return false
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		switch c {
		case ' ', '.', ',', '%', '(', ')', '/', ':', ';', '?', '-', '+', '=', '\'', '@', '$', '^':
			continue
		}
		return false
	}
	return true
}
