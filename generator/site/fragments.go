package site

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"qualityportal/generator/content"
	"qualityportal/generator/markdown"
)

// The hot fragments of the pages, the loops over table rows and chart data,
// are written here in Go instead of by html/template range loops, whose
// reflection cost about a third of the build's CPU time at national scale.
// The templates keep the page structure and call these functions
// (chartFigure, tableRows, regionRows, indicatorRows). The bytes are the
// ones html/template wrote for the same markup (the golden tests and the
// differential test in fragments_test.go prove it): text and attribute
// values are escaped as html/template escapes them (esc), URLs normalised as
// it normalises them (escURL).

// frag is the buffer of one fragment: its own, or the buffer of the page it
// is part of. The large fragments (a plan's body, the rows of a region's or
// an indicator's table) are written straight into the page being rendered
// (Page.out), where the template action that calls them stands, and the
// action prints nothing: a 10,000-plan build so makes about 1 GB less of
// strings that were copied into the pages. (text/template writes each text
// and value to the page buffer as it goes, so what a function writes there
// lands at its action.)
type frag struct {
	*bytes.Buffer
	page bool // Buffer is the page's
}

var fragPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// newFrag returns a fragment with a buffer of its own, from a pool (html
// gives it back).
func newFrag() frag {
	b := fragPool.Get().(*bytes.Buffer)
	b.Reset()
	return frag{Buffer: b}
}

// pageFrag returns a fragment written into out, the buffer of the page
// being rendered, or one of its own if out is nil.
func pageFrag(out *bytes.Buffer) frag {
	if out == nil {
		return newFrag()
	}
	return frag{Buffer: out, page: true}
}

func (f *frag) s(parts ...string) {
	for _, p := range parts {
		f.WriteString(p)
	}
}

// esc writes s escaped for a text node or a quoted attribute value, as
// html/template's htmlEscaper does (including "+" and NUL).
func (f *frag) esc(s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		if !htmlSpecial[s[i]] {
			continue // most bytes: one table load instead of the switch
		}
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		f.WriteString(s[written:i])
		f.WriteString(repl)
		written = i + 1
	}
	f.WriteString(s[written:])
}

// htmlSpecial marks the bytes esc replaces.
var htmlSpecial = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

// escURL writes the URL s in an attribute as html/template does for a URL
// before its query or fragment: unsafe schemes are refused, bytes outside
// the URL alphabet percent-encoded, then the result attribute-escaped.
// frag is true after a "#" or "?" in the attribute, where reserved
// characters are encoded as well.
func (f *frag) escURL(s string, frag bool) {
	if !frag {
		if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
			if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
				f.WriteString("#ZgotmplZ")
				return
			}
		}
	}
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if !frag {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if !frag && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte("0123456789abcdef"[c>>4])
		b.WriteByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	if written == 0 {
		f.esc(s)
		return
	}
	b.WriteString(s[written:])
	f.esc(b.String())
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// scrollTable opens a table in its focusable scroll box, up to its first
// header row: label (escaped) and suffix name the box for screen readers.
func (f *frag) scrollTable(label, suffix string) {
	f.s(`<div class="scroll" tabindex="0" role="group" aria-label="`)
	f.esc(label)
	f.s(suffix, "\">\n<table>\n<thead><tr>")
}

// colHeads writes a column header cell for each name.
func (f *frag) colHeads(names []string) {
	for _, n := range names {
		f.s(`<th scope="col">`)
		f.esc(n)
		f.s(`</th>`)
	}
}

// html returns what the template action prints: nothing for a fragment
// written into its page, else the fragment (and its buffer goes back to the
// pool).
func (f *frag) html() template.HTML {
	if f.page {
		return ""
	}
	h := template.HTML(f.String())
	fragPool.Put(f.Buffer)
	f.Buffer = nil
	return h
}

// value writes a printed value, or a dash that says the table has none.
func (f *frag) value(v string) {
	if v != "" {
		f.esc(v)
		return
	}
	f.WriteString(`<span class="na" title="原表无此项">—</span>`)
}

// valueCell writes the cell of an optional value column, when the table has it,
// and the line break the template puts after it either way.
func (f *frag) valueCell(shown bool, v string) {
	if shown {
		f.s(`<td class="num">`)
		f.value(v)
		f.s(`</td>`)
	}
	f.s("\n")
}

// progress writes a row's progress: a symbol and words, never colour alone.
func (f *frag) progress(cs *content.Site, r *content.Row) {
	ind := cs.Indicator(r.Indicator)
	if ind == nil {
		return
	}
	p := RowProgress(ind, r)
	if p.Kind == "" {
		return
	}
	f.s(`<span class="progress progress-`)
	f.esc(p.Kind)
	f.s(`"><span aria-hidden="true">`)
	f.esc(p.Symbol)
	f.s(`</span> `)
	f.esc(p.Words)
	f.s(`</span>`)
}

// chartFigure is a chart with its data table and summary sentence: the
// figure every chart of the site is shown in. root is the page's root.
func chartFigure(cv *ChartView, root string) template.HTML {
	if cv == nil {
		return ""
	}
	f := newFrag()
	f.chartFigure(cv, root)
	return f.html()
}

// chartFigure writes the figure of the chart cv.
func (f *frag) chartFigure(cv *ChartView, root string) {
	size := len(cv.SVG) + 600
	for _, r := range cv.Rows {
		size += 80 + len(r.Label) + len(r.Href)
		for _, v := range r.Values {
			size += 20 + len(v)
		}
	}
	f.Grow(size)
	f.s(`<figure class="chart-fig" id="fig-`)
	f.esc(cv.ID)
	f.s("\">\n")
	if cv.draw != nil {
		cv.draw(f.Buffer)
	} else {
		f.s(string(cv.SVG))
	}
	f.s("\n<details class=\"chart-data\">\n<summary>图表数据(")
	f.esc(cv.Title)
	f.s(")</summary>\n")
	f.scrollTable(cv.Title, ":图表数据(可横向滚动)")
	f.s(`<th scope="col">项目</th>`)
	f.colHeads(cv.Series)
	f.s("</tr></thead>\n<tbody>")
	for _, r := range cv.Rows {
		f.s(`<tr><th scope="row">`)
		if r.Href != "" {
			f.s(`<a href="`)
			f.escURL(root, false)
			f.escURL(r.Href, strings.ContainsAny(root, "#?"))
			f.s(`">`)
			f.esc(r.Label)
			f.s(`</a>`)
		} else {
			f.esc(r.Label)
		}
		f.s(`</th>`)
		for _, v := range r.Values {
			f.s(`<td class="num">`)
			if v != "" {
				f.esc(v)
			} else {
				f.s("—")
			}
			f.s(`</td>`)
		}
		f.s("</tr>\n")
	}
	f.s("</tbody>\n</table>\n</div>\n</details>\n<figcaption class=\"chart-summary\">")
	f.esc(cv.Summary)
	f.s("</figcaption>\n</figure>")
}

// tableRows are the rows of a plan's indicator table (the body of the
// "indicatorTable" template of layouts/_base.html).
func tableRows(cs *content.Site, v *TableView) template.HTML {
	f := newFrag()
	f.tableRows(cs, v)
	return f.html()
}

// tableRows writes the rows of a plan's indicator table.
func (f *frag) tableRows(cs *content.Site, v *TableView) {
	f.Grow(len(v.Table.Rows) * 400)
	for i := range v.Table.Rows {
		r := &v.Table.Rows[i]
		f.s("<tr>\n<td>")
		f.esc(r.Category)
		f.s(`</td>`)
		if v.HasNo {
			f.s(`<td>`)
			f.esc(r.No)
			f.s(`</td>`)
		}
		f.s("\n<th scope=\"row\">")
		ind := cs.Indicator(r.Indicator)
		if ind != nil {
			f.s(`<a href="`)
			f.escURL(v.Root, false)
			f.escURL(indicatorURL(ind), strings.ContainsAny(v.Root, "#?"))
			f.s(`">`)
		}
		f.esc(r.Label)
		if ind != nil {
			f.s(`</a>`)
		}
		f.s("</th>\n<td>")
		f.esc(r.Unit)
		f.s("</td>\n")
		f.valueCell(v.HasBaseline, r.Baseline)
		f.valueCell(v.HasTarget, r.Target)
		f.valueCell(v.HasActual, r.Actual)
		if v.HasStatus {
			f.s(`<td>`)
			f.esc(r.Status)
			f.s(`</td>`)
		}
		f.s("\n<td>")
		f.progress(cs, r)
		f.s("</td>\n")
		if v.HasNote {
			f.s(`<td class="note">`)
			f.esc(r.Note)
			f.s(`</td>`)
		}
		f.s("\n</tr>\n")
	}
}

// planTableHref writes the link to a row's table on its plan page.
func (f *frag) planTableHref(root string, ref *content.RowRef) {
	f.s(`<a href="`)
	f.escURL(root, false)
	f.escURL(planURL(ref.Plan), strings.ContainsAny(root, "#?"))
	f.s(`#table-`)
	f.escURL(ref.Table.ID, true)
	f.s(`">`)
}

// regionRows are the rows of a region page's indicator table.
func regionRows(cs *content.Site, inds []IndicatorRows, root string, out *bytes.Buffer) template.HTML {
	f := pageFrag(out)
	n := 0
	for _, ir := range inds {
		n += len(ir.Rows)
	}
	f.Grow(n * 500)
	for _, ir := range inds {
		for _, ref := range ir.Rows {
			f.s(`<tr><th scope="row"><a href="`)
			f.escURL(root, false)
			f.escURL(indicatorURL(ir.Ind), strings.ContainsAny(root, "#?"))
			f.s(`">`)
			f.esc(ir.Ind.Name)
			f.s(`</a></th><td>`)
			f.planTableHref(root, ref)
			f.esc(ref.Plan.Stage)
			f.s(`</a>`)
			if ref.Table.Kind == "review" {
				f.s(`(回顾)`)
			}
			f.s(`</td><td>`)
			f.esc(ref.Row.Label)
			f.s(`</td><td>`)
			f.esc(ref.Row.Unit)
			f.s(`</td><td class="num">`)
			f.value(ref.Row.Baseline)
			f.s(`</td><td class="num">`)
			f.value(ref.Row.Target)
			f.s(`</td><td class="num">`)
			f.value(ref.Row.Actual)
			f.s(`</td><td>`)
			f.esc(ref.Row.Status)
			f.s(`</td><td>`)
			f.progress(cs, ref.Row)
			f.s("</td></tr>\n")
		}
	}
	return f.html()
}

// indicatorRows are the rows of an indicator page's table of every region and period.
func indicatorRows(cs *content.Site, rows []*content.RowRef, root string, out *bytes.Buffer) template.HTML {
	f := pageFrag(out)
	f.Grow(len(rows) * 700)
	year := func(v string, y int) {
		if v != "" && y != 0 {
			f.s(`<span class="yr">(`, strconv.Itoa(y), `年)</span>`)
		}
	}
	for _, ref := range rows {
		p, t, r := ref.Plan, ref.Table, ref.Row
		f.s(`<tr><th scope="row">`)
		if p.Region != nil {
			f.s(`<a href="`)
			f.escURL(root, false)
			f.escURL(regionURL(p.Region), strings.ContainsAny(root, "#?"))
			f.s(`">`)
			f.esc(p.Region.Name)
			f.s(`</a>`)
		}
		f.s(`</th><td>`)
		f.planTableHref(root, ref)
		f.esc(p.Title)
		f.s(`</a></td><td>`)
		if t.Period != "" {
			f.esc(t.Period)
		} else {
			f.esc(p.Stage)
		}
		f.s(`</td><td>`)
		f.esc(r.Label)
		f.s(`</td><td>`)
		f.esc(r.Unit)
		f.s(`</td><td class="num">`)
		f.value(r.Baseline)
		year(r.Baseline, t.BaselineYear)
		f.s(`</td><td class="num">`)
		f.value(r.Target)
		year(r.Target, t.TargetYear)
		f.s(`</td><td class="num">`)
		f.value(r.Actual)
		year(r.Actual, t.ActualYear)
		f.s(`</td><td>`)
		f.esc(r.Status)
		f.s(`</td><td>`)
		f.progress(cs, r)
		f.s(`</td><td class="note">`)
		f.esc(r.Note)
		if r.Note != "" && t.Note != "" {
			f.s(" ")
		}
		f.esc(t.Note)
		f.s("</td></tr>\n")
	}
	return f.html()
}

// planSections is the body of a plan page: every section with its heading,
// theme links, text, 专栏 boxes, tables with their charts, and 责任单位.
func planSections(cs *content.Site, v *PlanView, root string, out *bytes.Buffer) template.HTML {
	f := pageFrag(out)
	size := 4096
	for _, sv := range v.Sections {
		for _, p := range sv.Parts {
			size += p.BodyLen() + 64
			if p.Table != nil {
				size += len(p.Table.Table.Rows) * 400
				for _, c := range p.Table.Charts {
					size += len(c.Rows) * 200 // and the chart makes room for itself (Panels.WriteSVG)
				}
			}
		}
	}
	f.Grow(size)
	frag := strings.ContainsAny(root, "#?")
	for _, sv := range v.Sections {
		f.s(`<section class="sec sec-l`, strconv.Itoa(sv.Level), `" id="`)
		f.esc(sv.ID)
		f.s("\">\n")
		if sv.ID != "intro" {
			h := "h5"
			switch sv.Level {
			case 2:
				h = "h2"
			case 3:
				h = "h3"
			case 4:
				h = "h4"
			}
			f.s(`<`, h, ` id="h-`)
			f.esc(sv.ID)
			f.s(`">`)
			f.esc(sv.Title)
			f.s(`</`, h, ">\n")
			if sv.Level <= 3 && len(sv.Themes) > 0 {
				f.s(`<p class="sec-themes">主题:`)
				for _, th := range sv.Themes {
					f.s(`<a class="tag" href="`)
					f.escURL(root, false)
					f.escURL(themeURL(th.ID), frag)
					f.s(`">`)
					f.esc(th.Name)
					f.s(`</a> `)
				}
				f.s(`</p>`)
			}
		}
		f.s("\n")
		for _, p := range sv.Parts {
			switch {
			case p.Kind == markdown.Text:
				p.WriteBody(f.Buffer)
				f.s("\n")
			case p.Kind == markdown.Box:
				f.s(`<aside class="box" aria-label="`)
				f.esc(p.Number)
				f.s(" ")
				f.esc(p.Title)
				f.s("\">\n<p class=\"box-title\"><span class=\"box-no\">")
				f.esc(p.Number)
				f.s("</span> ")
				f.esc(p.Title)
				f.s("</p>\n")
				p.WriteBody(f.Buffer)
				f.s("\n</aside>\n")
			case p.Table != nil:
				f.indicatorTable(cs, p.Table)
				f.s("\n")
			case p.Projects != nil:
				f.projectTable(p.Projects)
				f.s("\n")
			}
		}
		f.s("\n")
		if len(sv.Resp) > 0 {
			f.s(`<ul class="resp">`)
			for _, r := range sv.Resp {
				f.s(`<li><strong>`)
				f.esc(r.Task)
				f.s(`</strong> 责任单位:`)
				for i, u := range r.Units {
					if i > 0 {
						f.s(`、`)
					}
					f.esc(u)
					if i == 0 {
						f.s(`(牵头)`)
					}
				}
				f.s(`</li>`)
			}
			f.s(`</ul>`)
		}
		f.s("\n</section>\n")
	}
	return f.html()
}

// indicatorTable is a plan's indicator table as printed, then its chart.
func (f *frag) indicatorTable(cs *content.Site, v *TableView) {
	t := v.Table
	f.s("\n<figure class=\"data-table\" id=\"table-")
	f.esc(t.ID)
	f.s("\">\n<figcaption>")
	switch {
	case t.Title != "":
		f.esc(t.Title)
	case t.Source == "prose":
		f.s("正文中的")
		f.esc(t.Period)
		f.s("目标(本站据正文整理,原文无表)")
	default:
		f.s("指标表(原文无表题)")
	}
	f.s("</figcaption>\n")
	label := t.Title
	if label == "" {
		label = "指标表"
	}
	f.scrollTable(label, "(可横向滚动)")
	f.s("\n<th scope=\"col\">类别</th>")
	if v.HasNo {
		f.s(`<th scope="col">序号</th>`)
	}
	f.s("<th scope=\"col\">指标(原文名称)</th><th scope=\"col\">单位</th>\n")
	col := func(has bool, year int, name string) {
		if has {
			f.s(`<th scope="col">`)
			if year != 0 {
				f.s(strconv.Itoa(year), "年")
			}
			f.s(name, `</th>`)
		}
		f.s("\n")
	}
	col(v.HasBaseline, t.BaselineYear, "基期值")
	col(v.HasTarget, t.TargetYear, "目标")
	col(v.HasActual, t.ActualYear, "实绩")
	if v.HasStatus {
		f.s(`<th scope="col">完成情况</th>`)
	}
	f.s("\n<th scope=\"col\">进展(本站计算)</th>\n")
	if v.HasNote {
		f.s(`<th scope="col">说明</th>`)
	}
	f.s("\n</tr></thead>\n<tbody>\n")
	f.tableRows(cs, v)
	f.s("</tbody>\n</table>\n</div>\n")
	if t.Note != "" {
		f.s(`<p class="table-note">`)
		f.esc(t.Note)
		f.s(`</p>`)
	}
	f.s("\n</figure>\n")
	if len(v.Charts) > 0 {
		f.s(`<div class="chart-grid">`)
		for _, c := range v.Charts {
			f.chartFigure(c, v.Root)
		}
		f.s(`</div>`)
	}
	f.s("\n")
}

// projectTable is a plan's table of major projects, as printed.
func (f *frag) projectTable(v *ProjectsView) {
	t := v.Projects
	f.s("\n<figure class=\"data-table projects\" id=\"table-")
	f.esc(t.ID)
	f.s("\">\n<figcaption>")
	f.esc(t.Title)
	if t.Unit != "" {
		f.s("(金额单位:")
		f.esc(t.Unit)
		f.s(")")
	}
	f.s("</figcaption>\n")
	f.scrollTable(t.Title, "(可横向滚动)")
	f.colHeads(t.Columns)
	f.s("</tr></thead>\n<tbody>\n")
	for _, r := range t.Rows {
		f.s(`<tr><td>`)
		f.esc(r.No)
		f.s(`</td><th scope="row">`)
		f.esc(r.Name)
		f.s(`</th><td>`)
		f.esc(r.Nature)
		f.s(`</td><td>`)
		f.esc(r.Years)
		f.s(`</td><td class="long">`)
		f.esc(r.Content)
		f.s(`</td><td class="num">`)
		f.esc(r.Total)
		f.s(`</td><td class="num">`)
		f.esc(r.Planned)
		f.s(`</td><td>`)
		f.esc(r.Departments)
		f.s("</td></tr>\n")
	}
	f.s("</tbody>\n</table>\n</div>\n")
	if t.Note != "" {
		f.s(`<p class="table-note">`)
		f.esc(t.Note)
		f.s(`</p>`)
	}
	f.s("\n</figure>\n")
}

// tocItems are the entries of a plan's table of contents.
func tocItems(toc []*markdown.Section) template.HTML {
	f := newFrag()
	f.Grow(len(toc) * 120)
	for _, s := range toc {
		f.s(`<li class="toc-l`, strconv.Itoa(s.Level), `"><a href="#`)
		f.escURL(s.ID, true)
		f.s(`">`)
		f.esc(s.Title)
		f.s(`</a></li>`)
	}
	return f.html()
}

// mentionItems are the plan sections an indicator page lists as naming it.
func mentionItems(ms []Mention, root string) template.HTML {
	f := newFrag()
	f.Grow(len(ms) * 300)
	frag := strings.ContainsAny(root, "#?")
	for _, m := range ms {
		f.s(`<li><a href="`)
		f.escURL(root, false)
		f.escURL(planURL(m.Plan), frag)
		f.s(`#`)
		f.escURL(m.Section.ID, true)
		f.s(`">`)
		if m.Section.ID == "intro" {
			f.s(`导言`)
		} else {
			f.esc(m.Section.Title)
		}
		f.s(`</a> <span class="meta">`)
		f.esc(m.Plan.Title)
		f.s(`</span></li>`)
	}
	return f.html()
}
