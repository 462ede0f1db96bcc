package site

import (
	"html/template"
	"sort"
	"strconv"

	"qualityportal/generator/chart"
	"qualityportal/generator/content"
	"qualityportal/generator/indicator"
)

// ChartView is a chart with its text alternative: a summary sentence and
// the same numbers as a table.
type ChartView struct {
	ID      string
	Title   string
	SVG     template.HTML
	Summary string
	Unit    string
	Series  []string
	Rows    []ChartRow
}

// ChartRow is one group of a chart, as a table row.
type ChartRow struct {
	Label  string
	Href   string // from the site root, "" for none
	Values []string
}

// chartValue turns a printed value into something a chart can draw.
// A value in another unit than the chart's is shown as text, never drawn.
func chartValue(v indicator.Value, rowUnit, unit string) chart.Value {
	if v.Empty() {
		return chart.NA("")
	}
	if v.HasNum && (rowUnit == "" || rowUnit == unit) && (v.Suffix == "" || v.Suffix == unit || v.Suffix == "%" && unit == "%") {
		return chart.Number(v.Num, v.Raw)
	}
	return chart.NA(v.Raw)
}

type seriesDef struct {
	name    string
	pattern int
	pick    func(*content.Row) indicator.Value
}

var (
	serBase   = seriesDef{"基期值", chart.PatternOutline, func(r *content.Row) indicator.Value { return r.Base }}
	serTarget = seriesDef{"目标值", chart.PatternSolid, func(r *content.Row) indicator.Value { return r.Tgt }}
	serActual = seriesDef{"实绩", chart.PatternHatch, func(r *content.Row) indicator.Value { return r.Act }}
)

// barsOf draws rows as grouped bars, one bar per series that has any value.
// It returns nil when nothing in the rows can be drawn.
func barsOf(id, title, unit, noun string, lower bool, labels, hrefs []string, rows []*content.Row, root string) *ChartView {
	var sers []seriesDef
	for _, s := range []seriesDef{serBase, serTarget, serActual} {
		for _, r := range rows {
			if !s.pick(r).Empty() {
				sers = append(sers, s)
				break
			}
		}
	}
	b := chart.Bars{ID: id, Title: title, Unit: unit, Lower: lower, Horizontal: true, Noun: noun}
	cv := &ChartView{ID: id, Title: title, Unit: unit}
	for _, s := range sers {
		b.Series = append(b.Series, chart.Series{Name: s.name, Pattern: s.pattern})
		cv.Series = append(cv.Series, s.name)
	}
	drawable := 0
	for i, r := range rows {
		g := chart.Group{Label: labels[i]}
		if hrefs[i] != "" {
			g.Href = root + hrefs[i]
		}
		cr := ChartRow{Label: labels[i], Href: hrefs[i]}
		for _, s := range sers {
			v := chartValue(s.pick(r), r.Unit, unit)
			if v.Drawable() {
				drawable++
			}
			g.Values = append(g.Values, v)
			cr.Values = append(cr.Values, s.pick(r).Raw)
		}
		b.Groups = append(b.Groups, g)
		cv.Rows = append(cv.Rows, cr)
	}
	if drawable == 0 || len(sers) == 0 {
		return nil
	}
	cv.Summary = b.Summary()
	b.Desc = cv.Summary
	cv.SVG = b.SVG()
	return cv
}

func regionLabel(ref *content.RowRef) string {
	name := ""
	if ref.Plan.Region != nil {
		name = ref.Plan.Region.Name
	}
	period := ref.Table.Period
	if period == "" {
		period = ref.Plan.Stage
	}
	return name + " " + period
}

// indicatorChart is the indicator page's chart: every region and period.
func indicatorChart(ind *content.Indicator, refs []*content.RowRef, root, id string) *ChartView {
	var labels, hrefs []string
	var rows []*content.Row
	for _, ref := range refs {
		labels = append(labels, regionLabel(ref))
		hrefs = append(hrefs, planURL(ref.Plan)+"#table-"+ref.Table.ID)
		rows = append(rows, ref.Row)
	}
	return barsOf(id, ind.Name+":各地区基期值、目标值与实绩", ind.Unit, "项", ind.Lower(), labels, hrefs, rows, root)
}

// timeCharts are, for every region with values of the indicator in more
// than one year, a line of its targets and actual values over the years.
func timeCharts(ind *content.Indicator, refs []*content.RowRef, idPrefix string) []*ChartView {
	type point struct {
		year   int
		series int // 0 target, 1 actual or baseline (a measured value)
		v      indicator.Value
	}
	byRegion := map[*content.Region][]point{}
	var order []*content.Region
	for _, ref := range refs {
		r, t := ref.Row, ref.Table
		if r.Unit != "" && r.Unit != ind.Unit {
			continue
		}
		reg := ref.Plan.Region
		if _, ok := byRegion[reg]; !ok {
			order = append(order, reg)
		}
		add := func(year, s int, v indicator.Value) {
			if year > 0 && v.Qualifier == "" && chartValue(v, r.Unit, ind.Unit).Drawable() {
				byRegion[reg] = append(byRegion[reg], point{year, s, v})
			}
		}
		add(t.TargetYear, 0, r.Tgt)
		add(t.ActualYear, 1, r.Act)
		add(t.BaselineYear, 1, r.Base)
	}
	var out []*ChartView
	for i, reg := range order {
		pts := byRegion[reg]
		years := map[int]bool{}
		for _, p := range pts {
			years[p.year] = true
		}
		if len(years) < 2 || reg == nil {
			continue
		}
		var ys []int
		for y := range years {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		l := chart.Line{ID: idPrefix + "-" + strconv.Itoa(i), Title: reg.Name + ind.Name + "历年目标与实绩", Unit: ind.Unit,
			Series: []chart.Series{{Name: "目标值", Pattern: chart.PatternSolid}, {Name: "实绩/基期值", Pattern: chart.PatternHatch}}}
		cv := &ChartView{ID: l.ID, Title: l.Title, Unit: ind.Unit, Series: []string{"目标值", "实绩/基期值"}}
		l.Y = make([][]chart.Value, 2)
		for _, y := range ys {
			l.X = append(l.X, strconv.Itoa(y)+"年")
			cr := ChartRow{Label: strconv.Itoa(y) + "年", Values: []string{"", ""}}
			for s := 0; s < 2; s++ {
				v := chart.NA("")
				for _, p := range pts {
					if p.year == y && p.series == s {
						v = chart.Number(p.v.Num, p.v.Raw)
						cr.Values[s] = p.v.Raw
						break
					}
				}
				l.Y[s] = append(l.Y[s], v)
			}
			cv.Rows = append(cv.Rows, cr)
		}
		cv.Summary = l.Summary()
		l.Desc = cv.Summary
		cv.SVG = l.SVG()
		out = append(out, cv)
	}
	return out
}

// tableCharts draws a plan table's rows by theme and unit, since bars of
// different units cannot share an axis.
func (g *Generator) tableCharts(p *content.Plan, t *content.Table, root string) []*ChartView {
	type key struct{ theme, unit string }
	groups := map[key][]*content.Row{}
	var keys []key
	for i := range t.Rows {
		r := &t.Rows[i]
		ind := g.Site.Indicator(r.Indicator)
		if ind == nil {
			continue
		}
		unit := r.Unit
		if unit == "" {
			unit = ind.Unit
		}
		k := key{ind.Theme, unit}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ti, tj := g.Site.Config.Theme(keys[i].theme), g.Site.Config.Theme(keys[j].theme)
		if ti != nil && tj != nil && ti.Order != tj.Order {
			return ti.Order < tj.Order
		}
		return false
	})
	var out []*ChartView
	for n, k := range keys {
		rows := groups[k]
		var labels, hrefs []string
		for _, r := range rows {
			labels = append(labels, r.Label)
			hrefs = append(hrefs, indicatorURL(g.Site.Indicator(r.Indicator)))
		}
		name := k.theme
		if th := g.Site.Config.Theme(k.theme); th != nil {
			name = th.Name
		}
		title := name + "指标"
		if k.unit != "" {
			title += "(单位:" + k.unit + ")"
		}
		if t.Kind == "review" {
			title += ":目标与实绩"
		} else {
			title += ":基期值与目标值"
		}
		lower := len(rows) == 1 && g.Site.Indicator(rows[0].Indicator).Lower()
		if cv := barsOf("c-"+t.ID+"-"+strconv.Itoa(n), title, k.unit, "项指标", lower, labels, hrefs, rows, root); cv != nil {
			out = append(out, cv)
		}
	}
	return out
}

func mustParse(s string) indicator.Value {
	v, _ := indicator.Parse(s)
	return v
}
