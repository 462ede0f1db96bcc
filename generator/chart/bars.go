package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Bars is a grouped bar chart: one group of bars per category (a region, a
// plan period, an indicator) and one bar per series in each group.
type Bars struct {
	ID         string   // unique id prefix inside the page (for <title>/<desc> ids and pattern defs); derived from the content if empty
	Title      string   // becomes <title>
	Desc       string   // becomes <desc>: a one-sentence plain-Chinese summary; Summary() is used if empty
	Unit       string   // axis unit, e.g. "%", "家", "µg/m³"
	Series     []Series // the series; if empty, one unnamed series per value column
	Groups     []Group  // the categories, drawn in order
	Lower      bool     // lower is better (PM2.5): said in the desc and the axis caption
	Horizontal bool     // horizontal bars with labels on the left: best for long Chinese labels, many groups and 320px phones; vertical bars fall back to horizontal when they would not fit in Width
	Noun       string   // what one group is, e.g. "地区" or "规划期", used by Summary; default "项"
	Width      float64  // viewBox width in user units; 0 means 320, about 1:1 on a 320 CSS px phone
}

// Bar geometry in user units.
const (
	barThick = 15.0 // bar thickness in horizontal charts
	barGap   = 3.0  // between bars of one group
	groupGap = 12.0 // between groups
	swatch   = 14.0 // legend swatch
	plotH    = 200.0
)

// barData is what both orientations need.
type barData struct {
	id      string
	series  []Series
	sts     []style
	vals    [][]Value // vals[g][s]
	lo, hi  float64   // data extent including zero
	hasData bool
	width   float64
	legend  []legendItem
	caption string
	desc    string
	links   bool // some group has a usable Href
}

// setGroups takes the values of groups, ns per group, and their extent
// (with zero) and whether any group links.
func (d *barData) setGroups(groups []Group, ns int) {
	d.vals = make([][]Value, len(groups))
	slab := make([]Value, len(groups)*ns) // one allocation for the rows
	for gi, g := range groups {
		if safeHref(g.Href) != "" {
			d.links = true
		}
		row := slab[gi*ns : (gi+1)*ns : (gi+1)*ns]
		copy(row, g.Values)
		d.vals[gi] = row
		for _, v := range row {
			if v.Drawable() {
				d.lo, d.hi = math.Min(d.lo, v.Num), math.Max(d.hi, v.Num)
				d.hasData = true
			}
		}
	}
}

func (b Bars) prepare() barData {
	d := barData{series: b.Series}
	ns := len(b.Series)
	for _, g := range b.Groups {
		if len(g.Values) > ns && len(b.Series) == 0 {
			ns = len(g.Values)
		}
	}
	if ns == 0 {
		ns = 1
	}
	if len(d.series) == 0 {
		d.series = make([]Series, ns)
		for i := range d.series {
			d.series[i].Pattern = i
		}
	}
	d.sts = styles(d.series)
	d.setGroups(b.Groups, ns)
	d.width = b.Width
	if !(d.width >= 240 && d.width <= 4000) {
		d.width = defaultWidth
	}
	if hasNames(d.series) {
		for i, s := range d.series {
			d.legend = append(d.legend, legendItem{name: seriesName(s, i), st: d.sts[i]})
		}
	}
	d.caption = caption(b.Unit, b.Lower)
	d.desc = b.Desc
	if strings.TrimSpace(d.desc) == "" {
		d.desc = b.Summary()
	}
	d.desc = withLower(d.desc, b.Lower)
	var seed strings.Builder
	seed.WriteString(b.Title)
	for _, g := range b.Groups {
		seed.WriteString("\x00" + g.Label)
	}
	d.id = cleanID(b.ID, seed.String())
	return d
}

func seriesName(s Series, i int) string {
	if t := strings.TrimSpace(s.Name); t != "" {
		return t
	}
	return "系列" + strconv.Itoa(i+1)
}

// SVG returns the chart as a complete <svg> element.
func (b Bars) SVG() template.HTML {
	d := b.prepare()
	if !b.Horizontal {
		if svg, ok := b.vertical(d); ok {
			return svg
		}
	}
	return b.horizontal(d)
}

// writeLegend draws the legend at the top and returns its height.
func writeLegend(o *w, d barData, line bool) float64 {
	sw := swatch
	if line {
		sw = 26
	}
	xs, ys, h := legendLayout(d.legend, sw, d.width)
	if len(d.legend) == 0 {
		return 0
	}
	o.g("chart-legend", "")
	maxName := d.width - 2*pad - sw - 6
	for i, it := range d.legend {
		x, y := xs[i], ys[i]
		if line {
			lineSwatch(o, d.id, it.st, x, y+lineHeight/2-2, sw)
		} else {
			o.s(`<rect x="`, n(x), `" y="`, n(y+1), `" width="`, n(swatch), `" height="`, n(swatch), `"`, fillAttrs(d.id, it.st), `/>`)
		}
		o.text(x+sw+6, y+13, it.name, labelSize, "", "", "", maxName)
	}
	o.s(`</g>`)
	return h
}

// barTitle is the tooltip of one bar.
func barTitle(group, series string, v Value, unit string) string {
	return strings.TrimSpace(group+" "+series) + ":" + withUnit(v.Label(), unit)
}

func (b Bars) horizontal(d barData) template.HTML {
	W := d.width
	ns := len(d.series)
	o := w{links: d.links, lines: true}
	// Measure first, draw afterwards.
	_, _, legendH := legendLayout(d.legend, swatch, W)
	top := pad
	if legendH > 0 {
		top += legendH + 10
	}
	maxLab := 0.0
	for _, g := range b.Groups {
		maxLab = math.Max(maxLab, textWidth(g.Label, labelSize))
	}
	lp, rp := d.valuePads(0, 0)
	lp, rp = math.Min(lp, 0.3*W), math.Min(rp, 0.3*W)
	rp = math.Max(rp, 10) // room for the last tick label
	lw := math.Min(maxLab, 0.4*W)
	if avail := W - 2*pad - 8 - lp - rp - 0.3*W; lw > avail {
		lw = math.Max(avail, 36)
	}
	x0 := pad + lw + 8
	X0, X1 := x0+lp, W-pad-rp

	ticks, dec, lo, hi := d.axisTicks(X1-X0, true)
	x := func(v float64) float64 { return X0 + (v-lo)/(hi-lo)*(X1-X0) }
	zero := x(0)

	gh := float64(ns)*barThick + float64(ns-1)*barGap
	gh = math.Max(gh, lineHeight)
	plotTop := top
	bottom := top + float64(len(b.Groups))*(gh+groupGap)
	if len(b.Groups) == 0 {
		bottom += lineHeight
	}
	capY := bottom + 4 + 14 + 20
	H := capY + pad
	if d.caption == "" {
		H = bottom + 4 + 14 + pad
	}

	o.open(d.id, "chart chart-bars", W, H, b.Title, d.desc, "")
	o.defs(d.id, d.sts)
	writeLegend(&o, d, false)

	// Grid and axis.
	o.g("chart-grid", ` stroke="`+gridColor+`" stroke-width="1"`)
	for _, t := range ticks {
		if t != 0 {
			o.s(`<line x1="`, n(x(t)), `" y1="`, n(plotTop-2), `" x2="`, n(x(t)), `" y2="`, n(bottom), `"/>`)
		}
	}
	o.s(`</g>`)

	// Bars, value labels and undrawable texts.
	o.g("chart-bars", "")
	for gi, g := range b.Groups {
		gy := top + groupGap/2 + float64(gi)*(gh+groupGap)
		for si, v := range d.vals[gi] {
			by := gy + float64(si)*(barThick+barGap)
			cy := by + barThick/2 + 4.5
			if !v.Drawable() {
				o.text(zero+4, cy, v.Label(), valueSize, "", mutedColor, "chart-na", W-pad-zero-4)
				continue
			}
			xv := x(v.Num)
			left, right := math.Min(zero, xv), math.Max(zero, xv)
			if right-left < 1 {
				right = left + 1
			}
			o.s(`<rect class="chart-bar" x="`, n(left), `" y="`, n(by), `" width="`, n(right-left), `" height="`, n(barThick), `"`, fillAttrs(d.id, d.sts[si]), `><title>`)
			o.esc(barTitle(g.Label, seriesName(d.series[si], si), v, b.Unit))
			o.s(`</title></rect>`)
			if v.Num < 0 {
				o.text(left-4, cy, v.Label(), valueSize, "end", "", "chart-value", math.Max(left-4-pad, 1))
			} else {
				o.text(right+4, cy, v.Label(), valueSize, "", "", "chart-value", math.Max(W-pad-right-4, 1))
			}
		}
	}
	o.s(`</g>`)

	// Group labels.
	o.g("chart-labels", "")
	for gi, g := range b.Groups {
		gy := top + groupGap/2 + float64(gi)*(gh+groupGap)
		labelAt(&o, g, pad+lw, gy+gh/2+5, "end", lw)
	}
	o.s(`</g>`)

	// Axis: zero line, baseline, ticks, caption.
	o.g("chart-axis", "")
	o.s(`<line x1="`, n(zero), `" y1="`, n(plotTop-2), `" x2="`, n(zero), `" y2="`, n(bottom), `" stroke="`, axisColor, `" stroke-width="1.5"/>`)
	if len(ticks) > 0 {
		o.s(`<line x1="`, n(X0), `" y1="`, n(bottom), `" x2="`, n(X1), `" y2="`, n(bottom), `" stroke="`, axisColor, `"/>`)
	}
	for _, t := range ticks {
		lab := formatTick(t, dec)
		xt := x(t)
		o.s(`<line x1="`, n(xt), `" y1="`, n(bottom), `" x2="`, n(xt), `" y2="`, n(bottom+4), `" stroke="`, axisColor, `"/>`)
		half := textWidth(lab, smallSize) / 2
		xt = clamp(xt, pad+half, W-pad-half)
		o.text(xt, bottom+4+13, lab, smallSize, "middle", mutedColor, "chart-tick", 0)
	}
	if d.caption != "" {
		cw := math.Min(textWidth(d.caption, smallSize), W-2*pad)
		cx := clamp((X0+X1)/2, pad+cw/2, W-pad-cw/2)
		o.text(cx, capY-4, d.caption, smallSize, "middle", mutedColor, "chart-caption", W-2*pad)
	}
	o.s(`</g></svg>`)
	return o.html()
}

// labelAt draws a group label, truncated to maxW, wrapped in a link if the
// group has a usable Href.
func labelAt(o *w, g Group, x, y float64, anchor string, maxW float64) {
	href := safeHref(g.Href)
	if href == "" {
		o.textAttrs(x, y, g.Label, labelSize, anchor, "", "chart-label", maxW, o.hidden())
		return
	}
	o.s(`<a`)
	o.attr("href", href)
	o.s(`>`)
	shown, cut := fit(g.Label, maxW, labelSize)
	o.s(`<text class="chart-label" x="`, n(x), `" y="`, n(y), `" text-anchor="`, anchor, `" fill="`, linkColor, `" text-decoration="underline">`)
	if cut {
		o.s(`<title>`)
		o.esc(g.Label)
		o.s(`</title>`)
	}
	o.esc(shown)
	o.s(`</text></a>`)
}

// axisTicks chooses ticks for the data extent so that their labels do not
// collide along an axis of the given length (horizontal axis: label widths;
// vertical axis: line height). It also returns the axis domain [lo, hi]:
// the outer ticks, unless reaching a tick would waste more than a fifth of
// the axis, in which case the axis ends at the data and the tick is dropped
// (59110 gets 0, 50000 and a full-length bar rather than an axis to 100000).
func (d barData) axisTicks(length float64, horizontal bool) (ticks []float64, dec int, lo, hi float64) {
	if !d.hasData {
		return nil, 0, 0, 1
	}
	for k := 8; k >= 3; k-- {
		t, dc := niceTicks(d.lo, d.hi, k)
		if len(t) < 2 {
			return t, dc, d.lo, d.hi
		}
		l, h := t[0], t[len(t)-1]
		span := d.hi - d.lo
		if span > 0 && h-d.hi > 0.2*span {
			h = d.hi
			for len(t) > 0 && t[len(t)-1] > h {
				t = t[:len(t)-1]
			}
		}
		if span > 0 && d.lo-l > 0.2*span {
			l = d.lo
			for len(t) > 0 && t[0] < l {
				t = t[1:]
			}
		}
		ticks, dec, lo, hi = t, dc, l, h
		if len(t) < 2 {
			continue
		}
		space := length * (t[1] - t[0]) / (h - l)
		need := lineHeight + 8
		if horizontal {
			need = 0
			for _, v := range t {
				need = math.Max(need, tickWidth(v, dc, smallSize))
			}
			need += 10
		}
		if space >= need {
			break
		}
	}
	if hi <= lo { // cannot happen with data; keep the scale finite anyway
		hi = lo + 1
	}
	return ticks, dec, lo, hi
}

// vertical draws vertical bars; it reports false if they would not fit in
// the chart width with every value label readable.
func (b Bars) vertical(d barData) (template.HTML, bool) {
	ns := len(d.series)
	ng := len(b.Groups)
	_, _, legendH := legendLayout(d.legend, swatch, d.width)
	top := pad
	if legendH > 0 {
		top += legendH + 8
	}
	capY := 0.0
	if d.caption != "" {
		capY = top + 12
		top += 20
	}
	plotTop := top + 16 // room for value labels above the tallest bar
	plotBottom := plotTop + plotH

	ticks, dec, lo, hi := d.axisTicks(plotH, false)
	y := func(v float64) float64 { return plotBottom - (v-lo)/(hi-lo)*plotH }
	zero := y(0)
	axisW := 0.0
	for _, t := range ticks {
		axisW = math.Max(axisW, textWidth(formatTick(t, dec), smallSize))
	}
	X0 := pad + axisW + 8

	// Slot width per bar: wide enough for its value label, within limits.
	slot := 24.0
	for _, row := range d.vals {
		for _, v := range row {
			slot = math.Max(slot, textWidth(v.Label(), valueSize)+3)
		}
	}
	const gpad = 10.0
	groupW := float64(ns)*slot + gpad
	W := d.width
	if need := X0 + float64(ng)*groupW + pad; need > W*1.1 {
		return "", false
	} else if need > W {
		W = need
	} else if ng > 0 {
		groupW = (W - pad - X0) / float64(ng)
	}
	barW := math.Min(slot-4, 32)

	// Group labels wrap to at most two lines.
	labels := make([][]string, ng)
	cuts := make([]bool, ng)
	lines := 1
	for gi, g := range b.Groups {
		labels[gi], cuts[gi] = wrap(g.Label, groupW-6, labelSize, 2)
		if len(labels[gi]) > lines {
			lines = len(labels[gi])
		}
	}
	H := plotBottom + 6 + float64(lines)*lineHeight + pad

	o := w{links: d.links, lines: true}
	o.open(d.id, "chart chart-bars", W, H, b.Title, d.desc, "")
	o.defs(d.id, d.sts)
	writeLegend(&o, d, false)
	o.g("chart-grid", ` stroke="`+gridColor+`" stroke-width="1"`)
	for _, t := range ticks {
		if t != 0 {
			o.s(`<line x1="`, n(X0), `" y1="`, n(y(t)), `" x2="`, n(W-pad), `" y2="`, n(y(t)), `"/>`)
		}
	}
	o.s(`</g>`)

	o.g("chart-bars", "")
	for gi, g := range b.Groups {
		gx := X0 + float64(gi)*groupW
		used := float64(ns) * slot
		sx0 := gx + (groupW-used)/2
		for si, v := range d.vals[gi] {
			cx := sx0 + (float64(si)+0.5)*slot
			if !v.Drawable() {
				o.text(cx, zero-5, v.Label(), valueSize, "middle", mutedColor, "chart-na", slot)
				continue
			}
			yv := y(v.Num)
			t, bt := math.Min(zero, yv), math.Max(zero, yv)
			if bt-t < 1 {
				t = bt - 1
			}
			o.s(`<rect class="chart-bar" x="`, n(cx-barW/2), `" y="`, n(t), `" width="`, n(barW), `" height="`, n(bt-t), `"`, fillAttrs(d.id, d.sts[si]), `><title>`)
			o.esc(barTitle(g.Label, seriesName(d.series[si], si), v, b.Unit))
			o.s(`</title></rect>`)
			if v.Num < 0 {
				o.text(cx, bt+14, v.Label(), valueSize, "middle", "", "chart-value", 0)
			} else {
				o.text(cx, t-4, v.Label(), valueSize, "middle", "", "chart-value", 0)
			}
		}
	}
	o.s(`</g>`)

	o.g("chart-labels", "")
	for gi, g := range b.Groups {
		cx := X0 + (float64(gi)+0.5)*groupW
		href := safeHref(g.Href)
		fill, deco := "", ""
		if href != "" {
			o.s(`<a`)
			o.attr("href", href)
			o.s(`>`)
			fill, deco = ` fill="`+linkColor+`"`, ` text-decoration="underline"`
		} else {
			fill = o.hidden()
		}
		o.s(`<text class="chart-label" x="`, n(cx), `" y="`, n(plotBottom+6+14), `" text-anchor="middle"`, fill, deco, `>`)
		if cuts[gi] {
			o.s(`<title>`)
			o.esc(g.Label)
			o.s(`</title>`)
		}
		for li, l := range labels[gi] {
			if li == 0 {
				o.s(`<tspan x="`, n(cx), `">`)
			} else {
				o.s(`<tspan x="`, n(cx), `" dy="`, n(lineHeight), `">`)
			}
			o.esc(l)
			o.s(`</tspan>`)
		}
		o.s(`</text>`)
		if href != "" {
			o.s(`</a>`)
		}
	}
	o.s(`</g>`)

	o.g("chart-axis", "")
	o.s(`<line x1="`, n(X0), `" y1="`, n(zero), `" x2="`, n(W-pad), `" y2="`, n(zero), `" stroke="`, axisColor, `" stroke-width="1.5"/>`)
	if len(ticks) > 0 {
		o.s(`<line x1="`, n(X0), `" y1="`, n(plotTop), `" x2="`, n(X0), `" y2="`, n(plotBottom), `" stroke="`, axisColor, `"/>`)
	}
	for _, t := range ticks {
		o.s(`<line x1="`, n(X0-4), `" y1="`, n(y(t)), `" x2="`, n(X0), `" y2="`, n(y(t)), `" stroke="`, axisColor, `"/>`)
		o.text(X0-6, y(t)+4, formatTick(t, dec), smallSize, "end", mutedColor, "chart-tick", 0)
	}
	if d.caption != "" {
		o.text(pad, capY, d.caption, smallSize, "", mutedColor, "chart-caption", W-2*pad)
	}
	o.s(`</g></svg>`)
	return o.html(), true
}

// wrap breaks s into at most maxLines lines of width ≤ maxW (Chinese text
// may break between any two characters); the last line is truncated with an
// ellipsis if needed. It reports whether text was cut.
func wrap(s string, maxW, size float64, maxLines int) ([]string, bool) {
	if maxW <= 0 {
		return []string{s}, false
	}
	var lines []string
	rest := s
	for len(lines) < maxLines-1 && textWidth(rest, size) > maxW {
		var em float64
		cut := len(rest)
		for i, r := range rest {
			em += runeWidth(r)
			if em*size > maxW {
				cut = i
				break
			}
		}
		if cut == 0 {
			break
		}
		lines = append(lines, rest[:cut])
		rest = strings.TrimLeft(rest[cut:], " ")
	}
	last, cut := fit(rest, maxW, size)
	return append(lines, last), cut
}

// valuePads returns the room the value labels need left of the axis (negative
// values) and right of it, at least lp and rp.
func (d *barData) valuePads(lp, rp float64) (float64, float64) {
	for _, row := range d.vals {
		for _, v := range row {
			if !v.Drawable() {
				continue
			}
			wv := textWidth(v.Label(), valueSize) + 6
			if v.Num < 0 {
				lp = math.Max(lp, wv)
			} else {
				rp = math.Max(rp, wv)
			}
		}
	}
	return lp, rp
}
