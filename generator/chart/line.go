package chart

import (
	"html/template"
	"math"
	"sort"
	"strings"
)

// Line is a line chart of values over time (plan periods): Y[i][j] is the
// value of Series[i] at X[j]. Values that cannot be drawn break the line and
// are listed as text under the axis.
type Line struct {
	ID, Title, Desc, Unit string   // as in Bars
	Series                []Series // the series; if empty, one unnamed series per row of Y
	X                     []string // the x positions, e.g. "2015" "2020" "2025" or "十二五"
	Y                     [][]Value
	Lower                 bool    // lower is better: said in the desc and the axis caption
	Width                 float64 // viewBox width in user units; 0 means 320
}

const linePlotH = 180.0

func (l Line) seriesList() []Series {
	if len(l.Series) > 0 {
		return l.Series
	}
	s := make([]Series, len(l.Y))
	for i := range s {
		s[i].Pattern = i
	}
	return s
}

func (l Line) value(i, j int) Value {
	if i < len(l.Y) && j < len(l.Y[i]) {
		return l.Y[i][j]
	}
	return Value{}
}

// SVG returns the chart as a complete <svg> element.
func (l Line) SVG() template.HTML {
	series := l.seriesList()
	d := barData{series: series, sts: styles(series)}
	for i := range series {
		for j := range l.X {
			if v := l.value(i, j); v.Drawable() {
				if !d.hasData {
					d.lo, d.hi = v.Num, v.Num
				}
				d.lo, d.hi = math.Min(d.lo, v.Num), math.Max(d.hi, v.Num)
				d.hasData = true
			}
		}
	}
	// Start the axis at zero when the data are not far from it.
	if d.lo > 0 && d.lo <= d.hi/2 {
		d.lo = 0
	}
	if d.hi < 0 && d.hi >= d.lo/2 {
		d.hi = 0
	}
	d.width = l.Width
	if !(d.width >= 240 && d.width <= 4000) {
		d.width = defaultWidth
	}
	if hasNames(series) {
		for i, s := range series {
			d.legend = append(d.legend, legendItem{name: seriesName(s, i), st: d.sts[i]})
		}
	}
	d.caption = caption(l.Unit, l.Lower)
	d.desc = l.Desc
	if strings.TrimSpace(d.desc) == "" {
		d.desc = l.Summary()
	}
	d.desc = withLower(d.desc, l.Lower)
	d.id = cleanID(l.ID, l.Title+"\x00"+strings.Join(l.X, "\x00"))

	W := d.width
	_, _, legendH := legendLayout(d.legend, 26, W)
	top := pad
	if legendH > 0 {
		top += legendH + 8
	}
	capY := 0.0
	if d.caption != "" {
		capY = top + 12
		top += 20
	}
	plotTop := top + 22
	plotBottom := plotTop + linePlotH
	ticks, dec, lo, hi := d.axisTicks(linePlotH, false)
	y := func(v float64) float64 { return plotBottom - (v-lo)/(hi-lo)*linePlotH }
	axisW := 0.0
	for _, t := range ticks {
		axisW = math.Max(axisW, textWidth(formatTick(t, dec), smallSize))
	}
	X0, X1 := pad+axisW+8, W-pad
	nx := len(l.X)
	step := (X1 - X0) / math.Max(float64(nx), 1)
	x := func(j int) float64 { return X0 + (float64(j)+0.5)*step }

	labels := make([][]string, nx)
	cuts := make([]bool, nx)
	lines := 1
	for j, s := range l.X {
		labels[j], cuts[j] = wrap(s, step-6, labelSize, 2)
		lines = max(lines, len(labels[j]))
	}
	notesY := plotBottom + 6 + 14 + float64(lines)*lineHeight + 4
	var notes []string
	for i, s := range series {
		for j, xl := range l.X {
			if v := l.value(i, j); !v.Drawable() {
				notes = append(notes, strings.TrimSpace(xl+" "+seriesName(s, i))+":"+v.Label())
			}
		}
	}
	H := notesY - lineHeight + float64(len(notes))*lineHeight + pad
	if len(notes) == 0 {
		H = plotBottom + 6 + float64(lines)*lineHeight + pad
	}

	o := w{lines: true}
	o.open(d.id, "chart chart-line", W, H, l.Title, d.desc, "")
	writeLegend(&o, d, true)
	o.g("chart-grid", ` stroke="`+gridColor+`" stroke-width="1"`)
	for _, t := range ticks {
		o.s(`<line x1="`, n(X0), `" y1="`, n(y(t)), `" x2="`, n(X1), `" y2="`, n(y(t)), `"/>`)
	}
	o.s(`</g>`)

	// Lines, broken at undrawable values, then markers.
	for i, s := range series {
		st := d.sts[i]
		o.g("chart-series", "")
		var path strings.Builder
		run := 0
		for j := range l.X {
			v := l.value(i, j)
			if !v.Drawable() {
				run = 0
				continue
			}
			if run == 0 {
				path.WriteString("M")
			} else {
				path.WriteString("L")
			}
			path.WriteString(n(x(j)) + " " + n(y(v.Num)))
			run++
		}
		if p := path.String(); strings.Count(p, "L") > 0 {
			o.s(`<path d="`, p, `" fill="none" stroke="`, st.color, `" stroke-width="2.5"`, dashAttr(st), `/>`)
		}
		for j, xl := range l.X {
			if v := l.value(i, j); v.Drawable() {
				marker(&o, st, x(j), y(v.Num), 4.5, barTitle(xl, seriesName(s, i), v, l.Unit))
			}
		}
		o.s(`</g>`)
	}

	// Value labels: the highest point at each x is labelled above, the
	// lowest below, and any in between to the right of its point.
	o.g("chart-values", "")
	for j := range l.X {
		type pt struct {
			y    float64
			text string
		}
		var pts []pt
		for i := range series {
			if v := l.value(i, j); v.Drawable() {
				pts = append(pts, pt{y(v.Num), v.Label()})
			}
		}
		sort.SliceStable(pts, func(a, b int) bool { return pts[a].y < pts[b].y })
		for k, p := range pts {
			switch {
			case k == 0:
				o.text(x(j), p.y-9, p.text, valueSize, "middle", "", "chart-value", step-2)
			case k == len(pts)-1 && p.y+9+valueSize+4 < plotBottom:
				o.text(x(j), p.y+9+valueSize, p.text, valueSize, "middle", "", "chart-value", step-2)
			default:
				o.text(x(j)+8, p.y+4.5, p.text, valueSize, "", "", "chart-value", step/2-8)
			}
		}
	}
	o.s(`</g>`)

	o.g("chart-labels", "")
	for j := range l.X {
		o.s(`<text class="chart-label" x="`, n(x(j)), `" y="`, n(plotBottom+6+14), `" text-anchor="middle">`)
		if cuts[j] {
			o.s(`<title>`)
			o.esc(l.X[j])
			o.s(`</title>`)
		}
		for li, s := range labels[j] {
			if li == 0 {
				o.s(`<tspan x="`, n(x(j)), `">`)
			} else {
				o.s(`<tspan x="`, n(x(j)), `" dy="`, n(lineHeight), `">`)
			}
			o.esc(s)
			o.s(`</tspan>`)
		}
		o.s(`</text>`)
	}
	o.s(`</g>`)

	o.g("chart-axis", "")
	o.s(`<line x1="`, n(X0), `" y1="`, n(plotBottom), `" x2="`, n(X1), `" y2="`, n(plotBottom), `" stroke="`, axisColor, `" stroke-width="1.5"/>`)
	for j := range l.X {
		o.s(`<line x1="`, n(x(j)), `" y1="`, n(plotBottom), `" x2="`, n(x(j)), `" y2="`, n(plotBottom+4), `" stroke="`, axisColor, `"/>`)
	}
	for _, t := range ticks {
		o.text(X0-6, y(t)+4, formatTick(t, dec), smallSize, "end", mutedColor, "chart-tick", 0)
	}
	if d.caption != "" {
		o.text(pad, capY, d.caption, smallSize, "", mutedColor, "chart-caption", W-2*pad)
	}
	o.s(`</g>`)
	if len(notes) > 0 {
		o.g("chart-notes", "")
		for k, note := range notes {
			o.text(pad, notesY+float64(k)*lineHeight, note, smallSize, "", mutedColor, "chart-na", W-2*pad)
		}
		o.s(`</g>`)
	}
	o.s(`</svg>`)
	return o.html()
}

func dashAttr(st style) string {
	switch st.kind {
	case PatternHatch:
		return ` stroke-dasharray="7 4"`
	case PatternDots:
		return ` stroke-dasharray="2 3"`
	case PatternCross:
		return ` stroke-dasharray="8 3 2 3"`
	case PatternStripes:
		return ` stroke-dasharray="12 4"`
	}
	return ""
}

// marker draws the point marker of style st centred on (x, y) with an
// optional tooltip.
func marker(o *w, st style, x, y, r float64, title string) {
	c := st.color
	var el, tag string
	switch st.kind {
	case PatternSolid:
		el, tag = `<circle cx="`+n(x)+`" cy="`+n(y)+`" r="`+n(r)+`" fill="`+c+`"`, "circle"
	case PatternHatch:
		el, tag = `<rect x="`+n(x-r)+`" y="`+n(y-r)+`" width="`+n(2*r)+`" height="`+n(2*r)+`" fill="`+c+`"`, "rect"
	case PatternDots:
		h := r * 1.2
		el, tag = `<path d="M`+n(x)+" "+n(y-h)+"L"+n(x+h)+" "+n(y+h*0.8)+"L"+n(x-h)+" "+n(y+h*0.8)+`Z" fill="`+c+`"`, "path"
	case PatternOutline:
		el, tag = `<circle cx="`+n(x)+`" cy="`+n(y)+`" r="`+n(r)+`" fill="#fff" stroke="`+c+`" stroke-width="2"`, "circle"
	case PatternCross:
		h := r * 1.3
		el, tag = `<path d="M`+n(x)+" "+n(y-h)+"L"+n(x+h)+" "+n(y)+"L"+n(x)+" "+n(y+h)+"L"+n(x-h)+" "+n(y)+`Z" fill="`+c+`"`, "path"
	default:
		el, tag = `<path d="M`+n(x-r)+" "+n(y-r)+"L"+n(x+r)+" "+n(y+r)+"M"+n(x+r)+" "+n(y-r)+"L"+n(x-r)+" "+n(y+r)+`" stroke="`+c+`" stroke-width="2.5"`, "path"
	}
	o.s(el)
	if title == "" {
		o.s(`/>`)
		return
	}
	o.s(`><title>`)
	o.esc(title)
	o.s(`</title></`, tag, `>`)
}

// lineSwatch draws a legend swatch for a line series: a short line with its
// dash style and marker.
func lineSwatch(o *w, id string, st style, x, y, width float64) {
	o.s(`<line x1="`, n(x), `" y1="`, n(y), `" x2="`, n(x+width), `" y2="`, n(y), `" stroke="`, st.color, `" stroke-width="2.5"`, dashAttr(st), `/>`)
	marker(o, st, x+width/2, y, 4, "")
}

// Sparkline is a small inline line chart of one series over plan periods,
// for tables on region pages. It has no text of its own: the numbers belong
// in the table cell next to it; its <title> and <desc> carry them for
// assistive technology.
type Sparkline struct {
	ID, Title, Desc, Unit string   // as in Bars; Desc defaults to a summary of the trend
	X                     []string // the periods, used in the summary
	Values                []Value  // Values[j] is the value at X[j]
	Pattern               int      // colour and marker, as Series.Pattern
	Lower                 bool     // lower is better: said in the desc
}

// SVG returns the sparkline as an <svg> element 7.5em × 2em in size.
func (s Sparkline) SVG() template.HTML {
	const Wd, Ht, m = 120.0, 32.0, 6.0
	st := styles([]Series{{Pattern: s.Pattern}})[0]
	xs := s.X
	if len(xs) < len(s.Values) {
		xs = append(append([]string(nil), xs...), make([]string, len(s.Values)-len(xs))...)
	}
	desc := s.Desc
	if strings.TrimSpace(desc) == "" {
		desc = trend("", xs, s.Values, s.Unit) + "。"
	}
	desc = withLower(desc, s.Lower)
	id := cleanID(s.ID, s.Title+"\x00"+strings.Join(xs, "\x00"))

	lo, hi, has := 0.0, 0.0, false
	for _, v := range s.Values {
		if v.Drawable() {
			if !has {
				lo, hi = v.Num, v.Num
			}
			lo, hi, has = math.Min(lo, v.Num), math.Max(hi, v.Num), true
		}
	}
	nx := len(xs)
	x := func(j int) float64 {
		if nx <= 1 {
			return Wd / 2
		}
		return m + float64(j)*(Wd-2*m)/float64(nx-1)
	}
	y := func(v float64) float64 {
		if hi == lo {
			return Ht / 2
		}
		return Ht - m - (v-lo)/(hi-lo)*(Ht-2*m)
	}

	o := w{lines: true}
	o.open(id, "chart-spark", Wd, Ht, s.Title, desc, ` width="7.5em" height="2em"`)
	o.s(`<line x1="0" y1="`, n(Ht-1), `" x2="`, n(Wd), `" y2="`, n(Ht-1), `" stroke="`, gridColor, `"/>`)
	var path strings.Builder
	run, last := 0, -1
	for j := 0; j < nx; j++ {
		var v Value
		if j < len(s.Values) {
			v = s.Values[j]
		}
		if !v.Drawable() {
			run = 0
			o.s(`<line x1="`, n(x(j)-3), `" y1="`, n(Ht-4), `" x2="`, n(x(j)+3), `" y2="`, n(Ht-4), `" stroke="`, mutedColor, `" stroke-width="1.5"/>`)
			continue
		}
		if run == 0 {
			path.WriteString("M")
		} else {
			path.WriteString("L")
		}
		path.WriteString(n(x(j)) + " " + n(y(v.Num)))
		run++
		last = j
	}
	if p := path.String(); strings.Contains(p, "L") {
		o.s(`<path d="`, p, `" fill="none" stroke="`, st.color, `" stroke-width="2"`, dashAttr(st), `/>`)
	}
	for j := 0; j < nx && j < len(s.Values); j++ {
		if v := s.Values[j]; v.Drawable() {
			r := 2.5
			if j == last {
				r = 3.5
			}
			marker(&o, st, x(j), y(v.Num), r, "")
		}
	}
	o.s(`</svg>`)
	return o.html()
}
