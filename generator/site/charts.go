package site

import (
	"bytes"
	"html/template"
	"slices"
	"sort"
	"strconv"

	"qualityportal/generator/chart"
	"qualityportal/generator/content"
	"qualityportal/generator/indicator"
)

// ChartView is a chart with its text alternative: a summary sentence and
// the same numbers as a table.
type ChartView struct {
	ID    string
	Title string
	SVG   template.HTML
	// draw, when set instead of SVG, writes the chart into the page where its
	// figure stands: a plan's charts are not made as strings first.
	draw    func(*bytes.Buffer)
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
	raw     func(*content.Row) string
}

var (
	serBase   = seriesDef{"基期值", chart.PatternOutline, func(r *content.Row) indicator.Value { return r.Base() }, func(r *content.Row) string { return r.Baseline }}
	serTarget = seriesDef{"目标值", chart.PatternSolid, func(r *content.Row) indicator.Value { return r.Tgt() }, func(r *content.Row) string { return r.Target }}
	serActual = seriesDef{"实绩", chart.PatternHatch, func(r *content.Row) indicator.Value { return r.Act() }, func(r *content.Row) string { return r.Actual }}
)

// barsOf draws rows as grouped bars, one bar per series that has any value.
// It returns nil when nothing in the rows can be drawn.
func barsOf(id, title, unit, noun string, lower bool, labels, hrefs []string, rows []*content.Row, root string) *ChartView {
	var sers []seriesDef
	for _, s := range []seriesDef{serBase, serTarget, serActual} {
		for _, r := range rows {
			if s.raw(r) != "" {
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
	b.Groups, cv.Rows = make([]chart.Group, 0, len(rows)), make([]ChartRow, 0, len(rows))
	vals, raws := valueSlabs(len(rows), len(sers))
	for i, r := range rows {
		k := i * len(sers)
		g, cr := chartGroup(labels[i], hrefs[i], root, r, sers, unit, &drawable, vals[k:k:k+len(sers)], raws[k:k:k+len(sers)])
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

// chartGroup is a row's bars (one per series, in the chart's unit) and the
// same values as printed for the data table; drawable counts the bars drawn.
// The values are appended to vals and raws (empty, with room for a value
// of each series: see valueSlabs).
func chartGroup(label, href, root string, r *content.Row, sers []seriesDef, unit string, drawable *int, vals []chart.Value, raws []string) (chart.Group, ChartRow) {
	g := chart.Group{Label: label, Values: vals}
	if href != "" {
		g.Href = root + href
	}
	cr := ChartRow{Label: label, Href: href, Values: raws}
	for _, s := range sers {
		pv := s.pick(r)
		v := chartValue(pv, r.Unit, unit)
		if v.Drawable() {
			*drawable++
		}
		g.Values = append(g.Values, v)
		cr.Values = append(cr.Values, pv.Raw)
	}
	return g, cr
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
		add(t.TargetYear, 0, r.Tgt())
		add(t.ActualYear, 1, r.Act())
		add(t.BaselineYear, 1, r.Base())
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

// valueSlabs are the values of a chart of n groups of k series, as drawn
// and as printed, in one allocation each instead of two for every group
// (a national site draws a chart of every plan table).
func valueSlabs(n, k int) ([]chart.Value, []string) {
	return make([]chart.Value, n*k), make([]string, n*k)
}

// panelRows is one panel of a panelsOf chart: rows that share an axis.
type panelRows struct {
	heading, unit string
	lower         bool
	labels, hrefs []string
	rows          []*content.Row
}

// panelsOf draws panels of rows in one chart (chart.Panels), one bar per
// series that has any value, each panel on its own axis. It returns nil
// when nothing in the rows can be drawn.
func panelsOf(id, title, noun string, panels []panelRows, root string) *ChartView {
	var sers []seriesDef
	for _, s := range []seriesDef{serBase, serTarget, serActual} {
	find:
		for _, p := range panels {
			for _, r := range p.rows {
				if s.raw(r) != "" {
					sers = append(sers, s)
					break find
				}
			}
		}
	}
	c := chart.Panels{ID: id, Title: title, Noun: noun}
	cv := &ChartView{ID: id, Title: title}
	for _, s := range sers {
		c.Series = append(c.Series, chart.Series{Name: s.name, Pattern: s.pattern})
		cv.Series = append(cv.Series, s.name)
	}
	drawable, n := 0, 0
	for _, p := range panels {
		n += len(p.rows)
	}
	c.Panels, cv.Rows = make([]chart.Panel, 0, len(panels)), make([]ChartRow, 0, n)
	groups := make([]chart.Group, 0, n)
	vals, raws := valueSlabs(n, len(sers))
	for _, p := range panels {
		cp := chart.Panel{Heading: p.heading, Unit: p.unit, Lower: p.lower}
		start := len(groups)
		for i, r := range p.rows {
			k := len(groups) * len(sers)
			g, cr := chartGroup(p.labels[i], p.hrefs[i], root, r, sers, p.unit, &drawable, vals[k:k:k+len(sers)], raws[k:k:k+len(sers)])
			groups = append(groups, g)
			cv.Rows = append(cv.Rows, cr)
		}
		cp.Groups = groups[start:len(groups):len(groups)]
		c.Panels = append(c.Panels, cp)
	}
	if drawable == 0 || len(sers) == 0 {
		return nil
	}
	cv.Summary = c.Summary()
	c.Desc = cv.Summary
	cv.draw = c.WriteSVG
	return cv
}

// tableCharts draws a plan table's rows in one chart, a panel (an axis) per
// theme and unit, since bars of different units cannot share an axis.
func (g *Generator) tableCharts(p *content.Plan, t *content.Table, root string) []*ChartView {
	// Every plan table of a national site is drawn: the rows are put in their
	// groups (a table has a few) in two passes, each group's slices cut from
	// one allocation of the table's size, rather than grown row by row.
	type key struct{ theme, unit string }
	var keys []key
	var counts []int
	n := 0                            // rows drawn
	group := make([]int, len(t.Rows)) // of each row, -1 for none
	for i := range t.Rows {
		r := &t.Rows[i]
		ind := g.Site.Indicator(r.Indicator)
		if ind == nil {
			group[i] = -1
			continue
		}
		unit := r.Unit
		if unit == "" {
			unit = ind.Unit
		}
		k := key{ind.Theme, unit}
		j := slices.Index(keys, k)
		if j < 0 {
			j = len(keys)
			keys, counts = append(keys, k), append(counts, 0)
		}
		group[i] = j
		counts[j]++
		n++
	}
	labels, rows := make([]string, n), make([]*content.Row, n)
	hrefs := make([]string, slices.Max(append(counts, 0))) // no links: the table just above the chart links every row to its indicator
	prs := make([]panelRows, len(keys))
	at := 0
	for j, k := range keys {
		name := k.theme
		if th := g.Site.Config.Theme(k.theme); th != nil {
			name = th.Name
		}
		prs[j] = panelRows{heading: name, unit: k.unit,
			labels: labels[at : at : at+counts[j]], hrefs: hrefs[:counts[j]], rows: rows[at : at : at+counts[j]]}
		at += counts[j]
	}
	for i := range t.Rows {
		if j := group[i]; j >= 0 {
			prs[j].labels = append(prs[j].labels, t.Rows[i].Label)
			prs[j].rows = append(prs[j].rows, &t.Rows[i])
		}
	}
	order := make([]int, len(keys))
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool {
		ti, tj := g.Site.Config.Theme(keys[order[a]].theme), g.Site.Config.Theme(keys[order[b]].theme)
		if ti != nil && tj != nil && ti.Order != tj.Order {
			return ti.Order < tj.Order
		}
		return false
	})
	panels := make([]panelRows, 0, len(keys))
	for _, j := range order {
		pr := prs[j]
		pr.lower = len(pr.rows) == 1 && g.Site.Indicator(pr.rows[0].Indicator).Lower()
		panels = append(panels, pr)
	}
	title := "本表指标(按主题与单位分组)"
	if t.Kind == "review" {
		title += ":目标与实绩"
	} else {
		title += ":基期值与目标值"
	}
	if cv := panelsOf("c-"+t.ID, title, "项指标", panels, root); cv != nil {
		return []*ChartView{cv}
	}
	return nil
}

func mustParse(s string) indicator.Value {
	v, _ := indicator.Parse(s)
	return v
}
