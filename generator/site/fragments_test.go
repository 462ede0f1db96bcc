package site

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
	"qualityportal/generator/markdown"
)

// The fragments written in Go must escape exactly as html/template did with
// the template markup they replace: these are those templates, as they were.
const oldFragments = `{{define "chart"}}{{$root := .Root}}{{with .C}}<figure class="chart-fig" id="fig-{{.ID}}">
{{.SVG}}
<details class="chart-data">
<summary>图表数据({{.Title}})</summary>
<div class="scroll" tabindex="0" role="group" aria-label="{{.Title}}:图表数据(可横向滚动)">
<table>
<thead><tr><th scope="col">项目</th>{{range .Series}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><th scope="row">{{if .Href}}<a href="{{$root}}{{.Href}}">{{.Label}}</a>{{else}}{{.Label}}{{end}}</th>{{range .Values}}<td class="num">{{if .}}{{.}}{{else}}—{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</div>
</details>
<figcaption class="chart-summary">{{.Summary}}</figcaption>
</figure>{{end}}{{end}}
{{define "value"}}{{if .}}{{.}}{{else}}<span class="na" title="原表无此项">—</span>{{end}}{{end}}
{{define "progress"}}{{with progress .}}{{if .Kind}}<span class="progress progress-{{.Kind}}"><span aria-hidden="true">{{.Symbol}}</span> {{.Words}}</span>{{end}}{{end}}{{end}}
{{define "table"}}{{range .Table.Rows}}<tr>
<td>{{.Category}}</td>{{if $.HasNo}}<td>{{.No}}</td>{{end}}
<th scope="row">{{with indicator .Indicator}}<a href="{{$.Root}}{{indicatorURL .}}">{{end}}{{.Label}}{{if indicator .Indicator}}</a>{{end}}</th>
<td>{{.Unit}}</td>
{{if $.HasBaseline}}<td class="num">{{template "value" .Baseline}}</td>{{end}}
{{if $.HasTarget}}<td class="num">{{template "value" .Target}}</td>{{end}}
{{if $.HasActual}}<td class="num">{{template "value" .Actual}}</td>{{end}}
{{if $.HasStatus}}<td>{{.Status}}</td>{{end}}
<td>{{template "progress" .}}</td>
{{if $.HasNote}}<td class="note">{{.Note}}</td>{{end}}
</tr>
{{end}}{{end}}
{{define "region"}}{{$root := .Root}}{{range .Inds}}{{$ind := .Ind}}{{range .Rows}}<tr><th scope="row"><a href="{{$root}}{{indicatorURL $ind}}">{{$ind.Name}}</a></th><td><a href="{{$root}}{{planURL .Plan}}#table-{{.Table.ID}}">{{.Plan.Stage}}</a>{{if eq .Table.Kind "review"}}(回顾){{end}}</td><td>{{.Row.Label}}</td><td>{{.Row.Unit}}</td><td class="num">{{template "value" .Row.Baseline}}</td><td class="num">{{template "value" .Row.Target}}</td><td class="num">{{template "value" .Row.Actual}}</td><td>{{.Row.Status}}</td><td>{{template "progress" .Row}}</td></tr>
{{end}}{{end}}{{end}}
{{define "indicator"}}{{$root := .Root}}{{range .Rows}}<tr><th scope="row">{{with .Plan.Region}}<a href="{{$root}}{{regionURL .}}">{{.Name}}</a>{{end}}</th><td><a href="{{$root}}{{planURL .Plan}}#table-{{.Table.ID}}">{{.Plan.Title}}</a></td><td>{{if .Table.Period}}{{.Table.Period}}{{else}}{{.Plan.Stage}}{{end}}</td><td>{{.Row.Label}}</td><td>{{.Row.Unit}}</td><td class="num">{{template "value" .Row.Baseline}}{{if and .Row.Baseline .Table.BaselineYear}}<span class="yr">({{.Table.BaselineYear}}年)</span>{{end}}</td><td class="num">{{template "value" .Row.Target}}{{if and .Row.Target .Table.TargetYear}}<span class="yr">({{.Table.TargetYear}}年)</span>{{end}}</td><td class="num">{{template "value" .Row.Actual}}{{if and .Row.Actual .Table.ActualYear}}<span class="yr">({{.Table.ActualYear}}年)</span>{{end}}</td><td>{{.Row.Status}}</td><td>{{template "progress" .Row}}</td><td class="note">{{.Row.Note}}{{if and .Row.Note .Table.Note}} {{end}}{{.Table.Note}}</td></tr>
{{end}}{{end}}
{{define "indicatorTable"}}{{/* . is a dict-like struct: Root, Table, Plan */}}
<figure class="data-table" id="table-{{.Table.ID}}">
<figcaption>{{if .Table.Title}}{{.Table.Title}}{{else}}{{if eq .Table.Source "prose"}}正文中的{{.Table.Period}}目标(本站据正文整理,原文无表){{else}}指标表(原文无表题){{end}}{{end}}</figcaption>
<div class="scroll" tabindex="0" role="group" aria-label="{{if .Table.Title}}{{.Table.Title}}{{else}}指标表{{end}}(可横向滚动)">
<table>
<thead><tr>
<th scope="col">类别</th>{{if .HasNo}}<th scope="col">序号</th>{{end}}<th scope="col">指标(原文名称)</th><th scope="col">单位</th>
{{if .HasBaseline}}<th scope="col">{{if .Table.BaselineYear}}{{.Table.BaselineYear}}年{{end}}基期值</th>{{end}}
{{if .HasTarget}}<th scope="col">{{if .Table.TargetYear}}{{.Table.TargetYear}}年{{end}}目标</th>{{end}}
{{if .HasActual}}<th scope="col">{{if .Table.ActualYear}}{{.Table.ActualYear}}年{{end}}实绩</th>{{end}}
{{if .HasStatus}}<th scope="col">完成情况</th>{{end}}
<th scope="col">进展(本站计算)</th>
{{if .HasNote}}<th scope="col">说明</th>{{end}}
</tr></thead>
<tbody>
{{tableRows .}}</tbody>
</table>
</div>
{{with .Table.Note}}<p class="table-note">{{.}}</p>{{end}}
</figure>
{{with .Charts}}<div class="chart-grid">{{range .}}{{chartFigure . $.Root}}{{end}}</div>{{end}}
{{end}}
{{define "projectTable"}}
<figure class="data-table projects" id="table-{{.Projects.ID}}">
<figcaption>{{.Projects.Title}}{{with .Projects.Unit}}(金额单位:{{.}}){{end}}</figcaption>
<div class="scroll" tabindex="0" role="group" aria-label="{{.Projects.Title}}(可横向滚动)">
<table>
<thead><tr>{{range .Projects.Columns}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Projects.Rows}}<tr><td>{{.No}}</td><th scope="row">{{.Name}}</th><td>{{.Nature}}</td><td>{{.Years}}</td><td class="long">{{.Content}}</td><td class="num">{{.Total}}</td><td class="num">{{.Planned}}</td><td>{{.Departments}}</td></tr>
{{end}}</tbody>
</table>
</div>
{{with .Projects.Note}}<p class="table-note">{{.}}</p>{{end}}
</figure>
{{end}}
{{define "toc"}}{{range .}}<li class="toc-l{{.Level}}"><a href="#{{.ID}}">{{.Title}}</a></li>{{end}}{{end}}
{{define "mentions"}}{{$root := .Root}}{{range .M}}<li><a href="{{$root}}{{planURL .Plan}}#{{.Section.ID}}">{{if eq .Section.ID "intro"}}导言{{else}}{{.Section.Title}}{{end}}</a> <span class="meta">{{.Plan.Title}}</span></li>{{end}}{{end}}
{{define "sections"}}{{$root := .Root}}{{range .Data.Sections}}<section class="sec sec-l{{.Level}}" id="{{.ID}}">
{{if ne .ID "intro"}}{{if eq .Level 2}}<h2 id="h-{{.ID}}">{{.Title}}</h2>{{else if eq .Level 3}}<h3 id="h-{{.ID}}">{{.Title}}</h3>{{else if eq .Level 4}}<h4 id="h-{{.ID}}">{{.Title}}</h4>{{else}}<h5 id="h-{{.ID}}">{{.Title}}</h5>{{end}}
{{if le .Level 3}}{{with .Themes}}<p class="sec-themes">主题:{{range .}}<a class="tag" href="{{$root}}{{themeURL .ID}}">{{.Name}}</a> {{end}}</p>{{end}}{{end}}{{end}}
{{range .Parts}}{{if eq .Kind "text"}}{{html .HTML}}
{{else if eq .Kind "box"}}<aside class="box" aria-label="{{.Number}} {{.Title}}">
<p class="box-title"><span class="box-no">{{.Number}}</span> {{.Title}}</p>
{{html .HTML}}
</aside>
{{else if .Table}}{{template "indicatorTable" .Table}}
{{else if .Projects}}{{template "projectTable" .Projects}}
{{end}}{{end}}
{{with .Resp}}<ul class="resp">{{range .}}<li><strong>{{.Task}}</strong> 责任单位:{{range $i, $u := .Units}}{{if $i}}、{{end}}{{if eq $i 0}}{{$u}}(牵头){{else}}{{$u}}{{end}}{{end}}</li>{{end}}</ul>{{end}}
</section>
{{end}}{{end}}`

// nasty are strings that exercise every escape of html/template.
var nasty = []string{"", "≥99", "<97.1%>", "a&b \"c\" 'd' +1", "x\x00y", "bad\xffutf8", "完成上级下达任务", "{15}家", "--", "≤0.5µg/m3"}

// TestFragmentsMatchTemplates renders chart figures and table rows with
// values that need escaping, in Go and with the templates they replace,
// and requires the same bytes.
func TestFragmentsMatchTemplates(t *testing.T) {
	g := load(t, "../..")
	cs := g.Site
	tmpl := template.Must(template.New("").Funcs(Funcs(cs)).Parse(oldFragments))
	run := func(name string, data any) string {
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	ind := cs.Indicators[0]
	for i, s := range nasty {
		u := nasty[(i+3)%len(nasty)]
		for _, root := range []string{"", "../../", "../a b/", "javascript:x/"} {
			cv := &ChartView{ID: "c-" + s, Title: s, SVG: "<svg></svg>", Summary: u, Series: []string{s, u},
				Rows: []ChartRow{{Label: s, Href: "plans/x/index.html#table-" + u, Values: []string{s, ""}}, {Label: u, Values: []string{u, s}}}}
			if got, want := string(chartFigure(cv, root)), run("chart", map[string]any{"C": cv, "Root": root}); got != want {
				t.Errorf("chart figure (%q, root %q):\n%s\nwant:\n%s", s, root, got, want)
			}
			tab := &content.Table{ID: "t" + s, Kind: "review", Period: u, Note: s, BaselineYear: 2020, TargetYear: i, Rows: []content.Row{
				{Category: s, No: u, Label: s, Indicator: ind.ID, Unit: u, Baseline: s, Target: u, Actual: "", Status: s, Note: u},
				{Category: u, Label: u, Indicator: "no-such", Baseline: "", Target: s, Actual: u},
			}}
			tv := newTableView(root, tab)
			if got, want := string(tableRows(cs, tv)), run("table", tv); got != want {
				t.Errorf("table rows (%q, root %q):\n%s\nwant:\n%s", s, root, got, want)
			}
			plan := &content.Plan{Slug: "p", Region: cs.Regions[0]}
			plan.Title, plan.Stage = s, u
			var refs []*content.RowRef
			for ri := range tab.Rows {
				refs = append(refs, &content.RowRef{Plan: plan, Table: tab, Row: &tab.Rows[ri]})
			}
			inds := []IndicatorRows{{Ind: ind, Rows: refs}}
			intoPage(t, "region rows", func(out *bytes.Buffer) template.HTML { return regionRows(cs, inds, root, out) },
				run("region", map[string]any{"Inds": inds, "Root": root}))
			// A plan page's sections with every kind of part.
			pv := &PlanView{Sections: []SectionView{
				{Section: &markdown.Section{ID: "intro", Level: 1, Title: s}},
				{Section: &markdown.Section{ID: "s" + u, Level: 2 + i%4, Title: s}, Themes: []*config.Theme{{ID: "product", Name: u}},
					Parts: []PartView{
						{Part: markdown.Part{Kind: markdown.Text, HTML: "<p>" + s + "</p>"}},
						{Part: markdown.Part{Kind: markdown.Text, Plain: "甲乙\n丙丁"}},
						{Part: markdown.Part{Kind: markdown.Box, Number: s, Title: u, Plain: "一\n二", List: true}},
						{Part: markdown.Part{Kind: markdown.Box, Number: s, Title: u, HTML: "<ol><li>x</li></ol>"}},
						{Part: markdown.Part{Kind: markdown.Table}, Table: tv},
						{Part: markdown.Part{Kind: markdown.Table}, Projects: &ProjectsView{root, &content.ProjectTable{ID: "p" + s, Title: u, Unit: s, Note: u,
							Columns: []string{s, u}, Rows: []content.Project{{No: s, Name: u, Nature: s, Years: u, Content: s, Total: u, Planned: s, Departments: u}}}}},
					},
					Resp: []content.Responsibility{{Task: s, Units: []string{u, s, "x"}}}},
				{Section: &markdown.Section{ID: "s9", Level: 5, Title: u}},
			}}
			tv.Charts = []*ChartView{cv}
			if i%2 == 0 {
				tab.Title = ""
				tab.Source = "prose"
			}
			intoPage(t, "plan sections", func(out *bytes.Buffer) template.HTML { return planSections(cs, pv, root, out) },
				run("sections", map[string]any{"Data": pv, "Root": root}))
			var toc []*markdown.Section
			var ms []Mention
			for _, sv := range pv.Sections {
				toc = append(toc, sv.Section)
				ms = append(ms, Mention{plan, sv.Section})
			}
			if got, want := string(tocItems(toc)), run("toc", toc); got != want {
				t.Errorf("table of contents (%q):\n%s\nwant:\n%s", s, got, want)
			}
			if got, want := string(mentionItems(ms, root)), run("mentions", map[string]any{"M": ms, "Root": root}); got != want {
				t.Errorf("mentions (%q, root %q):\n%s\nwant:\n%s", s, root, got, want)
			}
			plan.Region = nil
			intoPage(t, "indicator rows", func(out *bytes.Buffer) template.HTML { return indicatorRows(cs, refs, root, out) },
				run("indicator", map[string]any{"Rows": refs, "Root": root}))
		}
	}
}

// intoPage checks a fragment that can write into its page both ways: made on
// its own (out nil), it returns want; written into a page buffer, it returns
// "" and the buffer has want after what it held.
func intoPage(t *testing.T, name string, frag func(out *bytes.Buffer) template.HTML, want string) {
	t.Helper()
	if got := string(frag(nil)); got != want {
		t.Errorf("%s:\n%s\nwant:\n%s", name, got, want)
	}
	page := bytes.NewBufferString("<p>before</p>")
	if got := frag(page); got != "" {
		t.Errorf("%s into a page printed %q; want nothing", name, got)
	}
	if got := page.String(); got != "<p>before</p>"+want {
		t.Errorf("%s into a page: page is\n%s\nwant:\n<p>before</p>%s", name, got, want)
	}
}

// escRef is esc one byte at a time, the reference for its eight-byte steps.
func escRef(s string) string {
	r := strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// TestEsc checks esc against escRef on text of Chinese runs of every length
// with the replaced bytes before, inside and after them.
func TestEsc(t *testing.T) {
	pieces := []string{"质", "质量发展规划", "a", "<", ">", "&", "'", `"`, "+", "\x00", "µ", " ", "2025年"}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		f := newFrag()
		f.WriteString("x")
		f.esc(s)
		if got, want := f.String(), "x"+escRef(s); got != want {
			t.Fatalf("esc(%q) = %q; want %q", s, got[1:], want[1:])
		}
	}
}
