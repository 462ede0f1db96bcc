package site

import (
	"bytes"
	"html/template"
	"testing"

	"qualityportal/generator/content"
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
			for ri := range tab.Rows {
				r := &tab.Rows[ri]
				r.Base, r.Tgt, r.Act = mustParse(r.Baseline), mustParse(r.Target), mustParse(r.Actual)
			}
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
			if got, want := string(regionRows(cs, inds, root)), run("region", map[string]any{"Inds": inds, "Root": root}); got != want {
				t.Errorf("region rows (%q, root %q):\n%s\nwant:\n%s", s, root, got, want)
			}
			plan.Region = nil
			if got, want := string(indicatorRows(cs, refs, root)), run("indicator", map[string]any{"Rows": refs, "Root": root}); got != want {
				t.Errorf("indicator rows (%q, root %q):\n%s\nwant:\n%s", s, root, got, want)
			}
		}
	}
}
