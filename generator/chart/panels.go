package chart

import (
	"bytes"
	"html/template"
	"math"
	"strconv"
	"strings"
	"sync"
)

// Panels is one horizontal bar chart of several panels stacked under one
// legend, each panel with its own axis: the rows of a plan's indicator table,
// whose indicators have different units and scales, or a region's indicators
// of one theme. One chart instead of one per unit keeps pages small (the
// markup of a chart costs more than its bars) while no axis mixes units.
//
// Bars carry no tooltip of their own: every value is printed beside its
// bar, and the page shows the same numbers in a table.
type Panels struct {
	ID     string   // unique id prefix inside the page; derived from the content if empty
	Title  string   // becomes <title>
	Desc   string   // becomes <desc>; Summary() is used if empty
	Series []Series // shared by every panel
	Panels []Panel
	Noun   string  // what one group is, used by Summary; default "项"
	Width  float64 // viewBox width; 0 means 320
}

// Panel is one axis of a Panels chart.
type Panel struct {
	Heading string // printed above the panel, e.g. "产品质量"; the unit is said in its axis caption
	Unit    string
	Lower   bool // lower is better: said in the axis caption
	Groups  []Group
}

// bars is the panel as a bar chart of its own, for measuring and summaries.
func (c Panels) bars(p Panel) Bars {
	return Bars{ID: c.ID, Title: c.Title, Unit: p.Unit, Series: c.Series, Groups: p.Groups, Lower: p.Lower, Horizontal: true, Noun: c.Noun, Width: c.Width, Desc: "-"}
}

// Summary says how many groups the chart draws in how many panels, and for
// each panel with numbers which group is highest (and lowest) by the first
// series that has any, e.g. "共5项、2组(按单位分轴)。单位:%:甲最高(99%),乙最低(90%)。".
func (c Panels) Summary() string {
	noun := or(strings.TrimSpace(c.Noun), "项")
	total, na := 0, 0
	for _, p := range c.Panels {
		total += len(p.Groups)
		for _, g := range p.Groups {
			drawable := false
			for _, v := range g.Values {
				drawable = drawable || v.Drawable()
			}
			if !drawable {
				na++
			}
		}
	}
	// One builder for the sentence, not a string per part joined (every
	// plan table of a national site is summarised).
	var b strings.Builder
	b.WriteString("共")
	b.WriteString(strconv.Itoa(total))
	b.WriteString(count(noun))
	if len(c.Panels) > 1 {
		b.WriteString(",分")
		b.WriteString(strconv.Itoa(len(c.Panels)))
		b.WriteString("组作图,每组一条坐标轴")
	}
	b.WriteString("。")
	for _, p := range c.Panels {
		for si := range c.Series {
			s := Summary(p.Groups, si, strings.TrimSpace(c.Series[si].Name), p.Unit, c.Noun)
			if strings.HasPrefix(s, "没有") {
				continue
			}
			head := strings.TrimSpace(p.Heading)
			if u := strings.TrimSpace(p.Unit); u != "" {
				head = strings.TrimSpace(head + "(单位:" + u + ")")
			}
			if head != "" {
				b.WriteString(head)
				b.WriteString(":")
			}
			b.WriteString(s)
			break
		}
	}
	if na > 0 {
		b.WriteString(strconv.Itoa(na))
		b.WriteString(count(noun))
		b.WriteString("没有可以作图的数值,以文字标出。")
	}
	return b.String()
}

// SVG returns the chart as one <svg> element.
func (c Panels) SVG() template.HTML {
	var b bytes.Buffer
	c.WriteSVG(&b)
	return template.HTML(b.String())
}

// panelLayers are the layers of a panel chart, kept from chart to chart:
// charts are drawn by the ten thousand on a national site.
type panelLayers struct {
	heads, values, labels, ticks, caps, grid, zeros, axes w
	bars                                                  []w
}

var layerPool = sync.Pool{New: func() any { return new(panelLayers) }}

// WriteSVG writes the chart as one <svg> element to dst, the page it is
// part of, without making a string of it.
func (c Panels) WriteSVG(dst *bytes.Buffer) {
	var seed strings.Builder
	seed.WriteString(c.Title)
	ds := make([]barData, 0, len(c.Panels))
	links := false
	maxLab := 0.0
	var lp, rp float64
	W := 0.0
	for _, p := range c.Panels {
		var d barData
		if len(ds) == 0 {
			d = c.bars(p).prepare() // series styles, legend and width, shared by every panel
		} else {
			d = ds[0].panel(p)
		}
		ds = append(ds, d)
		links = links || d.links
		W = d.width
		for _, g := range p.Groups {
			seed.WriteByte(0)
			seed.WriteString(g.Label)
			maxLab = math.Max(maxLab, textWidth(g.Label, labelSize))
		}
		lp, rp = d.valuePads(lp, rp)
	}
	if len(ds) == 0 {
		return
	}
	id := cleanID(c.ID, seed.String())
	head := ds[0]
	head.id = id
	ns := len(head.series)
	desc := c.Desc
	if strings.TrimSpace(desc) == "" {
		desc = c.Summary()
	}

	lp, rp = math.Min(lp, 0.3*W), math.Min(rp, 0.3*W)
	rp = math.Max(rp, 10)
	lw := math.Min(maxLab, 0.4*W)
	if avail := W - 2*pad - 8 - lp - rp - 0.3*W; lw > avail {
		lw = math.Max(avail, 36)
	}
	x0 := pad + lw + 8
	X0, X1 := x0+lp, W-pad-rp
	gh := math.Max(float64(ns)*barThick+float64(ns-1)*barGap, lineHeight)

	// Measure: legend, then per panel a heading line, its groups, its axis and caption.
	_, _, legendH := legendLayout(head.legend, swatch, W)
	top := pad
	if legendH > 0 {
		top += legendH + 10
	}
	tops := make([]float64, len(ds))
	y := top
	for i, d := range ds {
		tops[i] = y
		if strings.TrimSpace(c.Panels[i].Heading) != "" {
			y += lineHeight + 4
		}
		y += float64(len(c.Panels[i].Groups))*(gh+groupGap) + 4 + 14
		if d.caption != "" {
			y += 20
		}
		y += 12
	}
	H := y - 12 + pad

	// Each layer (grid, bars of a series, values, labels, axes, ticks,
	// captions) is one element for all the panels, not one per panel.
	// The layers are written with lines set: copied into the chart, they
	// need no scan.
	ly := layerPool.Get().(*panelLayers)
	defer layerPool.Put(ly)
	grid, zeros, axes := &ly.grid, &ly.zeros, &ly.axes
	heads, values, labels, ticksW, caps := &ly.heads, &ly.values, &ly.labels, &ly.ticks, &ly.caps
	for _, l := range []*w{grid, zeros, axes, heads, values, labels, ticksW, caps} {
		l.reset(links, true)
	}
	for len(ly.bars) < ns {
		ly.bars = append(ly.bars, w{})
	}
	bars := make([]*w, ns)
	for si := range bars {
		bars[si] = &ly.bars[si]
		bars[si].reset(links, true)
	}
	// Sized from the counts, so that few layers grow by doubling: about one
	// and a half times the mean bytes per panel, group or value of the
	// 1,000-plan synthetic corpus (kept layers only grow when a chart is
	// larger than any before).
	groups := 0
	for _, p := range c.Panels {
		groups += len(p.Groups)
	}
	np := len(c.Panels)
	heads.Grow(60 * np)
	grid.Grow(64 * np)
	zeros.Grow(24 * np)
	axes.Grow(96 * np)
	ticksW.Grow(180 * np)
	caps.Grow(72 * np)
	values.Grow(60 * groups * ns)
	labels.Grow(140 * groups)
	for _, b := range bars {
		b.Grow(64 * groups)
	}
	for i, d := range ds {
		p := c.Panels[i]
		top := tops[i]
		if h := strings.TrimSpace(p.Heading); h != "" {
			heads.textAttrs(pad, top+14, h, labelSize, "", "", "", W-2*pad, "")
			top += lineHeight + 4
		}
		ticks, dec, lo, hi := d.axisTicks(X1-X0, true)
		x := func(v float64) float64 { return X0 + (v-lo)/(hi-lo)*(X1-X0) }
		zero := x(0)
		bottom := top + float64(len(p.Groups))*(gh+groupGap)
		for _, t := range ticks {
			if t != 0 {
				moveTo(grid, x(t), top-2, "V", bottom)
			}
		}
		for gi, g := range p.Groups {
			gy := top + groupGap/2 + float64(gi)*(gh+groupGap)
			for si := 0; si < ns; si++ {
				v := d.vals[gi][si]
				by := gy + float64(si)*(barThick+barGap)
				cy := by + barThick/2 + 4.5
				if !v.Drawable() {
					valueText(values, zero+4, cy, v.Label(), "", mutedColor, W-pad-zero-4)
					continue
				}
				xv := x(v.Num)
				left, right := math.Min(zero, xv), math.Max(zero, xv)
				if right-left < 1 {
					right = left + 1
				}
				b := bars[si]
				b.s(`<rect x="`)
				b.num(left)
				b.s(`" y="`)
				b.num(by)
				b.s(`" width="`)
				b.num(right - left)
				b.s(`" height="15"/>`)
				if v.Num < 0 {
					valueText(values, left-4, cy, v.Label(), "end", "", math.Max(left-4-pad, 1))
				} else {
					valueText(values, right+4, cy, v.Label(), "", "", math.Max(W-pad-right-4, 1))
				}
			}
			if safeHref(g.Href) != "" {
				labelAt(labels, g, pad+lw, gy+gh/2+5, "end", lw)
			} else {
				labels.textAttrs(pad+lw, gy+gh/2+5, g.Label, labelSize, "", "", "", lw, labels.hidden())
			}
		}
		moveTo(zeros, zero, top-2, "V", bottom)
		if len(ticks) > 0 {
			moveTo(axes, X0, bottom, "H", X1)
			for _, t := range ticks {
				moveTo(axes, x(t), bottom, "v", 4)
				lab := formatTick(t, dec)
				half := textWidth(lab, smallSize) / 2
				ticksW.s(`<text x="`)
				ticksW.num(clamp(x(t), pad+half, W-pad-half))
				ticksW.s(`" y="`)
				ticksW.num(bottom + 4 + 13)
				ticksW.s(`">`)
				ticksW.esc(lab)
				ticksW.s(`</text>`)
			}
		}
		if d.caption != "" {
			cw := math.Min(textWidth(d.caption, smallSize), W-2*pad)
			cx := clamp((X0+X1)/2, pad+cw/2, W-pad-cw/2)
			caps.textAttrs(cx, bottom+4+14+20-4, d.caption, smallSize, "", "", "", W-2*pad, "")
		}
	}
	// The layers are drawn: dst can be made room in for the chart, which
	// is then written in place.
	size := 2048 + 2*len(desc) + 2*len(c.Title) + 200*ns + heads.Len() + grid.Len() + zeros.Len() + axes.Len() +
		ticksW.Len() + caps.Len() + values.Len() + labels.Len()
	for _, b := range bars {
		size += b.Len()
	}
	dst.Grow(size)
	o := w{buf: dst.AvailableBuffer(), links: links, lines: true}
	o.open(id, "chart chart-bars chart-panels", W, H, c.Title, desc, "")
	o.defs(id, head.sts)
	writeLegend(&o, head, false)
	o.g("chart-panel-titles", ` font-weight="bold"`)
	o.layer(heads)
	o.s(`</g>`)
	if grid.Len() > 0 {
		o.s(`<path class="chart-grid" stroke="`, gridColor, `" stroke-width="1" fill="none"`, o.hidden(), ` d="`)
		o.layer(grid)
		o.s(`"/>`)
	}
	o.g("chart-bars", "")
	for si, b := range bars {
		o.s(`<g`, fillAttrs(id, head.sts[si]), `>`)
		o.layer(b)
		o.s(`</g>`)
	}
	o.s(`</g>`)
	o.g("chart-values", ` font-size="`+n(valueSize)+`"`)
	o.layer(values)
	o.s(`</g>`)
	o.g("chart-labels", ` text-anchor="end"`)
	o.layer(labels)
	o.s(`</g>`)
	o.g("chart-axis", "")
	o.s(`<path stroke="`, axisColor, `" stroke-width="1.5" d="`)
	o.layer(zeros)
	o.s(`"/>`)
	if axes.Len() > 0 {
		o.s(`<path stroke="`, axisColor, `" fill="none" d="`)
		o.layer(axes)
		o.s(`"/>`)
	}
	o.s(`<g class="chart-ticks" font-size="`, n(smallSize), `" text-anchor="middle" fill="`, mutedColor, `">`)
	o.layer(ticksW)
	o.s(`</g>`)
	o.s(`<g class="chart-caption" font-size="`, n(smallSize), `" text-anchor="middle" fill="`, mutedColor, `">`)
	o.layer(caps)
	o.s(`</g>`)
	o.s(`</g>`)
	o.s(`</svg>`)
	o.release()
	dst.Write(o.buf) // in place, unless the chart outgrew its room
}

// moveTo writes the path data "M x y" cmd z, the numbers as n formats them
// without making strings of them.
func moveTo(b *w, x, y float64, cmd string, z float64) {
	var tmp [96]byte
	d := append(tmp[:0], 'M')
	d = appendNum(d, x)
	d = append(d, ' ')
	d = appendNum(d, y)
	d = append(d, cmd...)
	b.Write(appendNum(d, z))
}

// count is the measure word and noun after a number: "项指标" as is, "地区" as "个地区".
func count(noun string) string {
	if strings.HasPrefix(noun, "项") {
		return noun
	}
	return "个" + noun
}

// valueText is a printed value inside a group that sets its font size.
func valueText(o *w, x, y float64, label, anchor, fill string, maxW float64) {
	shown, cut := fit(label, maxW, valueSize)
	o.s(`<text x="`)
	o.num(x)
	o.s(`" y="`)
	o.num(y)
	o.s(`"`)
	if anchor != "" {
		o.s(` text-anchor="`, anchor, `"`)
	}
	if fill != "" {
		o.s(` fill="`, fill, `"`)
	}
	o.s(`>`)
	if cut {
		o.s(`<title>`)
		o.esc(label)
		o.s(`</title>`)
	}
	o.esc(shown)
	o.s(`</text>`)
}

// num writes n(x) without making a string of it: charts are drawn by the
// ten thousand on a national site.
func (b *w) num(x float64) {
	var tmp [40]byte
	if b.held != "" {
		b.put(string(appendNum(tmp[:0], x))) // rare: a number after a cut tag
		return
	}
	b.Write(appendNum(tmp[:0], x))
}

// panel is the data of another panel of a chart whose first panel is d:
// the same series, styles and width; its own values, extent and caption.
func (d barData) panel(p Panel) barData {
	e := barData{id: d.id, series: d.series, sts: d.sts, width: d.width, legend: d.legend}
	e.setGroups(p.Groups, len(d.series))
	e.caption = caption(p.Unit, p.Lower)
	return e
}
