package chart

import (
	"bytes"
	"hash/fnv"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Layout constants in SVG user units.
const (
	defaultWidth = 320.0 // about 1:1 on a 320 CSS px phone
	pad          = 8.0   // outer margin
	labelSize    = 14.0  // group labels, legend, x labels
	valueSize    = 13.0  // value labels and undrawable values
	smallSize    = 12.0  // ticks, captions, notes (never below 12)
	lineHeight   = 19.0
)

// Colours. Every graphic colour has ≥ 3:1 contrast against white and every
// text colour ≥ 4.5:1 (WCAG 2.1 AA).
const (
	textColor  = "#1a1a1a"
	mutedColor = "#595959" // ticks, captions, undrawable values
	linkColor  = "#1a4f8b"
	gridColor  = "#d9d9d9" // decorative only
	axisColor  = "#595959"
)

var palette = [...]string{"#1f5fa8", "#b34700", "#2d7a2d", "#6b3fa0", "#a6192e", "#3d3d3d"}

const fontFamily = `'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',system-ui,sans-serif`

// style is the visual identity of one series.
type style struct {
	p     int    // effective pattern number (≥ 0)
	kind  int    // 0..5, see the Pattern constants
	color string // stroke/fill colour
}

func styleOf(p int) style {
	k := p % len(palette)
	return style{p: p, kind: k, color: palette[(k+p/len(palette))%len(palette)]}
}

// styles assigns each series a distinct style, in order.
func styles(series []Series) []style {
	out := make([]style, len(series))
	used := make([]bool, 0, len(series))
	isUsed := func(p int) bool { return p < len(used) && used[p] }
	mark := func(p int) {
		for len(used) <= p {
			used = append(used, false)
		}
		used[p] = true
	}
	for i, s := range series {
		p := s.Pattern
		if p < 0 || p > 1000 {
			p = 0
		}
		if isUsed(p) {
			p = 0
			for isUsed(p) {
				p++
			}
		}
		mark(p)
		out[i] = styleOf(p)
	}
	return out
}

// w accumulates SVG markup. It is a byte slice, not a strings.Builder, so that
// a panel chart's layers can be kept and reused from chart to chart (layerPool)
// and the chart written into the page it is part of (Panels.WriteSVG).
type w struct {
	buf []byte
	// links is set for a chart with links in it. Such a chart cannot be
	// role="img", whose children are hidden from assistive technology (the
	// links would be focusable yet unnamed), so it becomes role="group":
	// its title and desc still name it, the links are exposed, and
	// everything else is aria-hidden.
	links bool
	// lines is set for a chart's own builder (not its layers): graphic
	// elements are put on lines of their own as they are written, which is
	// what breakLines does to the whole afterwards, without that copy.
	lines bool
	held  string // the end of the last write, which may begin a tag of lineTags
}

// WriteString, WriteByte and Write append to the markup as they stand: put
// and s are the writes that break lines.
func (b *w) WriteString(s string) { b.buf = append(b.buf, s...) }

// WriteByte appends c (as io.ByteWriter, which go vet holds it to).
func (b *w) WriteByte(c byte) error {
	b.buf = append(b.buf, c)
	return nil
}

// Write appends p.
func (b *w) Write(p []byte) { b.buf = append(b.buf, p...) }

// Len is the length of the markup so far.
func (b *w) Len() int { return len(b.buf) }

// Grow makes room for n more bytes.
func (b *w) Grow(n int) { b.buf = slices.Grow(b.buf, n) }

// String returns a copy of the markup.
func (b *w) String() string { return string(b.buf) }

// reset empties b for another chart, keeping its buffer.
func (b *w) reset(links, lines bool) {
	b.buf, b.links, b.lines, b.held = b.buf[:0], links, lines, ""
}

// layer appends l as put would write it: l is a layer written with lines
// set, so its line breaks are in it already, or path data, which has no tags.
func (b *w) layer(l *w) {
	l.release()
	if len(l.buf) == 0 {
		return
	}
	b.release() // a layer begins with a line break or a digit: what b held is no tag
	b.buf = append(b.buf, l.buf...)
}

// g opens a <g> of the given class; attrs are extra attributes.
func (b *w) g(class, attrs string) {
	b.s(`<g class="`, class, `"`, attrs)
	if b.links && class != "chart-labels" {
		b.s(` aria-hidden="true"`)
	}
	b.s(`>`)
}

// hidden returns the attribute hiding a non-link element of a linked chart.
func (b *w) hidden() string {
	if b.links {
		return ` aria-hidden="true"`
	}
	return ""
}

func (b *w) s(parts ...string) {
	for _, p := range parts {
		if b.lines {
			b.put(p)
		} else {
			b.WriteString(p)
		}
	}
}

// put writes p, with a line break before every tag of lineTags, as
// breakLines would put it in the whole. A tag may be cut between two writes
// ("<g" + " fill=…"): the end of p that may begin one is held until the next
// write shows whether it does.
func (b *w) put(p string) {
	if h := b.held; h != "" {
		// Decided by p's first bytes, without joining h and p (a chart's
		// layers write "<text" and its attributes apart).
		b.held = ""
		cands := lineTags
		if len(h) > 1 {
			cands = tagsAfter[h[1]]
		}
		tagged := false
		for _, t := range cands {
			if !strings.HasPrefix(t, h) {
				continue
			}
			need := t[len(h):]
			if strings.HasPrefix(p, need) {
				tagged = true
				break
			}
			if len(p) < len(need) && strings.HasPrefix(need, p) {
				b.held = h + p // still undecided (rare)
				return
			}
		}
		if tagged {
			b.WriteByte('\n')
		}
		b.WriteString(h)
	}
	last := 0
	for i := 0; i < len(p); i++ {
		j := strings.IndexByte(p[i:], '<')
		if j < 0 {
			break
		}
		i += j
		cands := lineTags // "<" at the end: any tag may follow
		if i+1 < len(p) {
			if cands = tagsAfter[p[i+1]]; cands == nil {
				continue
			}
		}
		rest := p[i:]
		for _, t := range cands {
			if strings.HasPrefix(rest, t) {
				b.WriteString(p[last:i])
				b.WriteByte('\n')
				last = i
				break
			}
			if len(rest) < len(t) && strings.HasPrefix(t, rest) {
				b.WriteString(p[last:i])
				b.held = rest // the next write decides
				return
			}
		}
	}
	b.WriteString(p[last:])
}

// release writes what put holds: before a write that bypasses put.
func (b *w) release() {
	if b.held != "" {
		h := b.held
		b.held = ""
		b.WriteString(h)
	}
}

// esc writes text XML-escaped; invalid UTF-8 and characters not allowed in
// XML become U+FFFD. It writes what xml.EscapeText writes, without copying
// text into a byte slice and writing it a rune at a time.
func (b *w) esc(text string) {
	if b.held != "" {
		// The escaped text decides the held tag: make it first (rare).
		b.put(string(appendEscapeXML(nil, text)))
		return
	}
	b.buf = appendEscapeXML(b.buf, text)
}

// appendEscapeXML appends s to b as xml.EscapeText writes it.
func appendEscapeXML(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && !xmlSpecial[c] {
			i++
			continue
		}
		// Three-byte characters U+1000–U+CFFF and U+E000–U+EFFF (leads E1–EC,
		// EE): valid and allowed in XML whatever follows the lead, most text.
		if (c >= 0xE1 && c <= 0xEC || c == 0xEE) && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		var esc string
		width := 1
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				esc = "&#34;"
			case '\'':
				esc = "&#39;"
			case '&':
				esc = "&amp;"
			case '<':
				esc = "&lt;"
			case '>':
				esc = "&gt;"
			case '\t':
				esc = "&#x9;"
			case '\n':
				esc = "&#xA;"
			case '\r':
				esc = "&#xD;"
			default:
				if c < 0x20 {
					esc = "\uFFFD"
				} else {
					i++
					continue
				}
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			if r == utf8.RuneError && n == 1 || !inXMLRange(r) {
				esc = "\uFFFD"
			} else {
				i += n
				continue
			}
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// xmlSpecial marks the ASCII bytes escapeXML replaces.
var xmlSpecial = func() (m [utf8.RuneSelf]bool) {
	for c := range 0x20 {
		m[c] = true
	}
	for _, c := range `"'&<>` {
		m[c] = true
	}
	return m
}()

// inXMLRange reports whether r may appear in XML text (the Char production).
func inXMLRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// attr writes ` name="value"` with value escaped.
func (b *w) attr(name, value string) {
	b.s(" ", name, `="`)
	b.esc(value)
	b.s(`"`)
}

// lines puts graphic elements on lines of their own, so that golden files
// and built pages diff well. It never breaks inside a <text> element, where
// a line break could change the rendering. Text content is escaped, so "<"
// only ever starts a tag.
var lineTags = []string{"<g ", "</g>", "<defs>", "<pattern ", "<rect ", "<line ", "<path ", "<circle ", "<text ", "<a ", "</svg>"}

// tagsAfter lists, by the byte after "<", the tags of lineTags that begin so: put
// compares each "<" with one or two tags, not all of them ("</text>" is most of a chart).
var tagsAfter = func() (m [256][]string) {
	for _, t := range lineTags {
		m[t[1]] = append(m[t[1]], t)
	}
	return m
}()

func (b *w) html() template.HTML {
	if b.lines {
		b.release() // nothing follows: not a tag
		return template.HTML(b.buf)
	}
	return template.HTML(breakLines(string(b.buf)))
}

// breakLines puts a line break before every tag of lineTags. (It is what a
// strings.Replacer of each tag by "\n"+tag does, in one pass: charts are
// drawn by the thousand on a large site.)
func breakLines(s string) string {
	var out strings.Builder
	out.Grow(len(s) + len(s)/16)
	last := 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if i+1 < len(s) {
			for _, t := range tagsAfter[s[i+1]] {
				if strings.HasPrefix(s[i:], t) {
					out.WriteString(s[last:i])
					out.WriteByte('\n')
					last = i
					break
				}
			}
		}
		i++
	}
	out.WriteString(s[last:])
	return out.String()
}

// n formats a coordinate with at most two decimals.
func n(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.Itoa(int(x)) // most coordinates; -0 is "0"
	}
	var tmp [40]byte
	return string(appendNum(tmp[:0], x))
}

// appendNum appends n(x) to dst.
func appendNum(dst []byte, x float64) []byte {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.AppendInt(dst, int64(x), 10)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(dst, '0')
	}
	if math.Abs(x) < 1e6 {
		// Hundredths by integer arithmetic. x*100 is within 1.2e-8 of its exact
		// value here, so away from a tie (…5 exactly, where FormatFloat rounds
		// half to even on the exact binary value) the rounding is FormatFloat's.
		y := x * 100
		r := math.Round(y)
		if d := math.Abs(y - math.Trunc(y)); math.Abs(d-0.5) > 1e-6 {
			v := int64(r)
			if v == 0 {
				return append(dst, '0')
			}
			if v < 0 {
				dst = append(dst, '-')
				v = -v
			}
			dst = strconv.AppendInt(dst, v/100, 10)
			switch f := v % 100; {
			case f == 0:
			case f%10 == 0:
				dst = append(dst, '.', byte('0'+f/10))
			default:
				dst = append(dst, '.', byte('0'+f/10), byte('0'+f%10))
			}
			return dst
		}
	}
	return appendFixed(dst, x, 2)
}

// appendFixed appends FormatFloat(x, 'f', dec) without the trailing zeros
// of its fraction, and "-0" as "0".
func appendFixed(dst []byte, x float64, dec int) []byte {
	start := len(dst)
	dst = strconv.AppendFloat(dst, x, 'f', dec, 64)
	if bytes.IndexByte(dst[start:], '.') >= 0 {
		for dst[len(dst)-1] == '0' {
			dst = dst[:len(dst)-1]
		}
		if dst[len(dst)-1] == '.' {
			dst = dst[:len(dst)-1]
		}
	}
	if len(dst)-start == 2 && dst[start] == '-' && dst[start+1] == '0' {
		dst = append(dst[:start], '0')
	}
	return dst
}

func trimZeros(s string) string {
	if strings.IndexByte(s, '.') < 0 {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// open writes the root <svg> element with its <title> and <desc>.
func (b *w) open(id, class string, width, height float64, title, desc string, size string) {
	role := "img"
	if b.links {
		role = "group"
	}
	b.s(`<svg xmlns="http://www.w3.org/2000/svg" class="`, class, `" role="`, role, `" aria-labelledby="`, id, `-title `, id, `-desc"`)
	b.s(` viewBox="0 0 `, n(width), ` `, n(height), `"`)
	if size != "" {
		b.s(size)
	} else {
		b.s(` width="100%"`)
	}
	b.s(` font-family="`, fontFamily, `" font-size="`, n(labelSize), `" fill="`, textColor, `">`)
	b.s(`<title id="`, id, `-title">`)
	b.esc(title)
	b.s(`</title><desc id="`, id, `-desc">`)
	b.esc(desc)
	b.s(`</desc>`)
}

// text writes a <text> element. If the label does not fit in maxW it is
// truncated with an ellipsis and the full label goes into a <title> child.
func (b *w) text(x, y float64, label string, size float64, anchor, fill, class string, maxW float64) {
	b.textAttrs(x, y, label, size, anchor, fill, class, maxW, "")
}

// textAttrs is text with extra attributes.
func (b *w) textAttrs(x, y float64, label string, size float64, anchor, fill, class string, maxW float64, attrs string) {
	shown, cut := fit(label, maxW, size)
	b.s(`<text`, attrs)
	if class != "" {
		b.s(` class="`, class, `"`)
	}
	b.s(` x="`)
	b.num(x)
	b.s(`" y="`)
	b.num(y)
	b.s(`"`)
	if size != labelSize {
		b.s(` font-size="`)
		b.num(size)
		b.s(`"`)
	}
	if anchor != "" && anchor != "start" {
		b.s(` text-anchor="`, anchor, `"`)
	}
	if fill != "" && fill != textColor {
		b.s(` fill="`, fill, `"`)
	}
	b.s(`>`)
	if cut {
		b.s(`<title>`)
		b.esc(label)
		b.s(`</title>`)
	}
	b.esc(shown)
	b.s(`</text>`)
}

// runeWidth estimates the advance of r in ems.
func runeWidth(r rune) float64 {
	switch {
	case r < 0x20:
		return 0
	case r == ' ':
		return 0.3
	case r >= '0' && r <= '9', r == '.', r == '-', r == '+':
		return 0.58
	case r >= 'A' && r <= 'Z', r == '%', r == '@', r == '&':
		return 0.72
	case r == 'm', r == 'w', r == 'M', r == 'W':
		return 0.85
	case r < 0x80:
		return 0.56
	case isWide(r):
		return 1
	default:
		return 0.8 // conservative for ≥, µ, ³, — and the like
	}
}

func isWide(r rune) bool {
	return (r >= 0x1100 && r <= 0x115F) || (r >= 0x2E80 && r <= 0xA4CF) ||
		(r >= 0xAC00 && r <= 0xD7A3) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) ||
		(r >= 0xFFE0 && r <= 0xFFE6) || r >= 0x20000
}

// textWidth estimates the rendered width of s at the given font size.
func textWidth(s string, size float64) float64 {
	var em float64
	for i := 0; i < len(s); {
		// U+3000–U+9FFF (leads E3–E9), most labels: wide, without decoding.
		if c := s[i]; c >= 0xE3 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			em++
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		em += runeWidth(r)
		i += n
	}
	return em * size
}

// fit truncates s with an ellipsis so that it is at most maxW wide.
// maxW ≤ 0 means no limit. It reports whether s was truncated.
func fit(s string, maxW, size float64) (string, bool) {
	if maxW <= 0 || textWidth(s, size) <= maxW {
		return s, false
	}
	limit := maxW - textWidth("…", size)
	var em float64
	for i, r := range s {
		em += runeWidth(r)
		if em*size > limit {
			return strings.TrimRight(s[:i], " ") + "…", true
		}
	}
	return s, false
}

// cleanID turns id into a safe XML id/IDREF token. An empty id is derived
// from seed, so distinct charts on one page still get distinct ids.
func cleanID(id, seed string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := b.String()
	if out == "" {
		h := fnv.New32a()
		h.Write([]byte(seed))
		return "chart-" + strconv.FormatUint(uint64(h.Sum32()), 16)
	}
	if c := out[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		out = "c" + out
	}
	return out
}

// safeHref returns href if it is a relative or http(s) URL, else "".
func safeHref(href string) string {
	h := strings.TrimSpace(href)
	if h == "" || !utf8.ValidString(h) {
		return ""
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c < 0x20 || c == 0x7f {
			return ""
		}
	}
	if i := strings.IndexAny(h, ":/?#"); i >= 0 && h[i] == ':' {
		scheme := strings.ToLower(h[:i])
		if scheme != "http" && scheme != "https" {
			return ""
		}
	}
	return h
}

// defs writes the <pattern> definitions needed by sts.
func (b *w) defs(id string, sts []style) {
	opened := false
	for _, st := range sts {
		if st.kind == PatternSolid || st.kind == PatternOutline {
			continue
		}
		if !opened {
			b.s(`<defs>`)
			opened = true
		}
		pid := id + "-p" + strconv.Itoa(st.p)
		c := st.color
		switch st.kind {
		case PatternHatch:
			b.s(`<pattern id="`, pid, `" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`,
				`<rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="`, c, `"/></pattern>`)
		case PatternDots:
			b.s(`<pattern id="`, pid, `" width="5" height="5" patternUnits="userSpaceOnUse">`,
				`<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.5" fill="`, c, `"/></pattern>`)
		case PatternCross:
			b.s(`<pattern id="`, pid, `" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`,
				`<rect width="6" height="6" fill="#fff"/><path d="M3 0V6M0 3H6" stroke="`, c, `" stroke-width="1.6"/></pattern>`)
		case PatternStripes:
			b.s(`<pattern id="`, pid, `" width="4" height="4" patternUnits="userSpaceOnUse">`,
				`<rect width="4" height="4" fill="#fff"/><rect width="4" height="2" fill="`, c, `"/></pattern>`)
		}
	}
	if opened {
		b.s(`</defs>`)
	}
}

// fillAttrs returns the fill/stroke attributes of a bar or swatch in style st.
func fillAttrs(id string, st style) string {
	switch st.kind {
	case PatternSolid:
		return ` fill="` + st.color + `"`
	case PatternOutline:
		return ` fill="#fff" stroke="` + st.color + `" stroke-width="2"`
	default:
		return ` fill="url(#` + id + `-p` + strconv.Itoa(st.p) + `)" stroke="` + st.color + `" stroke-width="1.5"`
	}
}

// legendItem is one entry of a legend.
type legendItem struct {
	name string
	st   style
}

// legendLayout places legend items in rows within width and returns the x,y
// of each item (top-left of the swatch) and the total height.
func legendLayout(items []legendItem, swatch, width float64) (xs, ys []float64, height float64) {
	x, y := pad, pad
	maxName := width - 2*pad - swatch - 6
	for i, it := range items {
		nameW := math.Min(textWidth(it.name, labelSize), maxName)
		itemW := swatch + 6 + nameW
		if i > 0 && x+itemW > width-pad {
			x = pad
			y += lineHeight + 2
		}
		xs = append(xs, x)
		ys = append(ys, y)
		x += itemW + 16
	}
	if len(items) == 0 {
		return nil, nil, 0
	}
	return xs, ys, y + lineHeight - pad
}

func hasNames(series []Series) bool {
	for _, s := range series {
		if strings.TrimSpace(s.Name) != "" {
			return true
		}
	}
	return false
}

// caption returns the axis caption: the unit and, if lower is set, a note that lower is better.
func caption(unit string, lower bool) string {
	var parts []string
	if u := strings.TrimSpace(unit); u != "" {
		parts = append(parts, "单位:"+u)
	}
	if lower {
		parts = append(parts, "数值越低越好")
	}
	return strings.Join(parts, ",")
}

// withLower appends "数值越低越好。" to desc when lower is set and desc does not say so.
func withLower(desc string, lower bool) string {
	if !lower || strings.Contains(desc, "越低越好") {
		return desc
	}
	if desc != "" && !strings.HasSuffix(desc, "。") {
		desc += "。"
	}
	return desc + "数值越低越好。"
}

func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}
