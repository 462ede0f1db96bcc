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
	"bytes"
	"regexp"
	"strings"

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
	HTML   string // Text and Box: the rendered body
	Plain  string // Text and Box: the plain text, for search and indicator mentions
	Ref    string // Table: the table id
	Number string // Box: "专栏3-1"
	Title  string // Box: the heading after the number
	Line   int
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
	var b strings.Builder
	for _, p := range s.Parts {
		if p.Plain != "" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			if p.Kind == Box {
				b.WriteString(p.Number + " " + p.Title + "\n")
			}
			b.WriteString(p.Plain)
		}
	}
	return b.String()
}

var (
	headingRE = regexp.MustCompile(`^(#{2,6})\s+(.*?)\s*\{#([^\s}]*)((?:\s+[a-z]+="[^"]*")*)\s*\}\s*$`)
	bareHead  = regexp.MustCompile(`^#{1,6}\s`)
	attrRE    = regexp.MustCompile(`([a-z]+)="([^"]*)"`)
	slugRE    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

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
	lines := strings.Split(string(body), "\n")
	secs := []Section{{ID: "intro", Level: 1, Line: firstLine}}
	cur := &secs[0]
	ids := map[string]int{"intro": firstLine}

	var buf []string
	bufLine := 0
	flush := func() {
		if len(buf) == 0 {
			return
		}
		src := strings.Join(buf, "\n")
		if strings.TrimSpace(src) != "" {
			h, p := Render(src)
			cur.Parts = append(cur.Parts, Part{Kind: Text, HTML: h, Plain: p, Line: bufLine})
		}
		buf = nil
	}
	for i := 0; i < len(lines); i++ {
		ln := firstLine + i
		line := strings.TrimRight(lines[i], " \t\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#"):
			m := headingRE.FindStringSubmatch(line)
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
			s := Section{ID: id, Level: len(m[1]), Title: m[2], Line: ln}
			for _, a := range attrRE.FindAllStringSubmatch(m[4], -1) {
				switch a[1] {
				case "themes":
					for _, t := range strings.Split(a[2], ",") {
						if t = strings.TrimSpace(t); t != "" {
							s.Themes = append(s.Themes, t)
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
				cur.Parts = append(cur.Parts, Part{Kind: Table, Ref: arg, Line: ln})
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
				h, p := Render(strings.Join(inner, "\n"))
				cur.Parts = append(cur.Parts, Part{Kind: Box, Number: strings.TrimSpace(num), Title: strings.TrimSpace(title), HTML: h, Plain: p, Line: start})
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
	return secs, errs
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

// Render renders Markdown to HTML (raw HTML escaped) and extracts its plain text.
func Render(src string) (htmlOut, plain string) {
	source := []byte(src)
	doc := md.Parser().Parse(text.NewReader(source))
	var b bytes.Buffer
	if err := md.Renderer().Render(&b, source, doc); err != nil {
		// The renderer writes to memory; it cannot fail on any input.
		panic(err)
	}
	return b.String(), PlainText(doc, source)
}

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
