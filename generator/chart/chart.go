// Package chart draws deterministic, accessible inline SVG charts for the
// portal: bar charts (Bars), line charts over plan periods (Line) and small
// sparklines for region pages (Sparkline). No JavaScript is involved.
//
// Every chart is one complete <svg> element with role="img", a <title> and a
// <desc> referenced by aria-labelledby, and a viewBox so that it scales to its
// container's width (see CSS for a recommended stylesheet). A bar chart with
// links (Group.Href) is role="group" instead, with everything but the links
// aria-hidden, so that its links are reachable and named. Either way the page
// should show the same numbers in a data table. Series are told
// apart by fill pattern or marker shape as well as by colour, so a chart
// survives greyscale printing and colour blindness, and every colour has at
// least 3:1 contrast against white. A value that cannot be drawn (Value.OK
// false, such as "完成上级下达任务") is printed as text where its bar would
// be, never as a zero-length bar. All text is XML-escaped, and the same input
// always gives byte-identical output.
package chart

import (
	"math"
	"strconv"
	"strings"
)

// Value is one number to draw, or a reason it cannot be drawn.
type Value struct {
	Num  float64 // the number, used only when OK is true
	OK   bool    // false: not drawable (non-numeric, "-", a text target); Text is shown instead, never a zero bar
	Text string  // the value as printed, e.g. "≥99", "{15}家", "完成上级下达任务"; empty means Num formatted
}

// Number returns a drawable Value printed as text (or as num when text is empty).
func Number(num float64, text string) Value { return Value{Num: num, OK: true, Text: text} }

// NA returns a Value that cannot be drawn and is shown as text ("—" when empty).
func NA(text string) Value { return Value{Text: text} }

// MaxAbs is the largest magnitude drawn; larger, infinite or NaN numbers are
// treated as not drawable and shown as text.
const MaxAbs = 1e15

// Drawable reports whether v can be drawn as a bar or point.
func (v Value) Drawable() bool {
	return v.OK && !math.IsNaN(v.Num) && math.Abs(v.Num) <= MaxAbs
}

// Label returns the text printed for v: Text if set, otherwise the formatted
// number if OK and finite, otherwise "—".
func (v Value) Label() string {
	if t := strings.TrimSpace(v.Text); t != "" {
		return t
	}
	if v.OK && !math.IsNaN(v.Num) && !math.IsInf(v.Num, 0) {
		return FormatNum(v.Num)
	}
	return "—"
}

// FormatNum formats f in plain decimal notation with at most six decimals and
// no trailing zeros, e.g. 3.2 → "3.2", 59110 → "59110", 0.1+0.2 → "0.3".
func FormatNum(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > 6 {
		s = trimZeros(strconv.FormatFloat(f, 'f', 6, 64))
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// Series describes one series of values, e.g. 基期值, 目标值 or 实际值.
type Series struct {
	Name    string // shown in the legend and the summary
	Pattern int    // selects colour and fill pattern (bars) or marker and dash (lines); see the Pattern constants
}

// Pattern values for Series.Pattern. Each selects a colour and a fill
// pattern (bars) or a marker shape and dash style (lines), so that series
// remain distinguishable without colour. Values ≥ 6 repeat the fill with
// another colour. If two series share a Pattern, the later one gets the
// smallest unused Pattern.
const (
	PatternSolid   = iota // blue, solid fill; line: solid, filled circle
	PatternHatch          // orange, diagonal hatch; line: dashed, square
	PatternDots           // green, dots; line: dotted, triangle
	PatternOutline        // purple, white with thick outline; line: solid, hollow circle
	PatternCross          // red, cross hatch; line: dash-dot, diamond
	PatternStripes        // grey, horizontal stripes; line: long dash, cross
)

// Group is one category on the axis: a region, a plan period or an indicator.
type Group struct {
	Label  string  // shown next to (horizontal) or below (vertical) its bars
	Values []Value // Values[i] belongs to Series[i]; missing entries are shown as "—"
	Href   string  // optional link for the label, relative (or http/https); other schemes are ignored; makes the chart role="group"
}

// CSS is a recommended stylesheet for pages embedding these charts: charts
// fill their container but do not grow beyond a comfortable reading size,
// which scales with the page's font size (large-text mode).
const CSS = `svg.chart{display:block;width:100%;max-width:28rem;height:auto}
svg.chart-spark{display:inline-block;vertical-align:middle}
svg.chart a:hover text{fill:#0b3a6e}
svg.chart a:focus-visible{outline:2px solid #1a4f8b;outline-offset:1px}
@media print{svg.chart{max-width:16cm;break-inside:avoid}}
`
