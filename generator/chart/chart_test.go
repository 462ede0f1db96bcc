package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// node is a generic XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// child returns the first direct child element called name.
func (n node) child(name string) (node, bool) {
	for _, c := range n.Nodes {
		if c.XMLName.Local == name {
			return c, true
		}
	}
	return node{}, false
}

// walk calls f for n and every descendant, in document order.
func (n node) walk(f func(node)) {
	f(n)
	for _, c := range n.Nodes {
		c.walk(f)
	}
}

// find returns every element called name whose class list contains class ("" for any).
func (n node) find(name, class string) []node {
	var out []node
	n.walk(func(c node) {
		if c.XMLName.Local == name && (class == "" || hasClass(c, class)) {
			out = append(out, c)
		}
	})
	return out
}

func hasClass(n node, class string) bool {
	for _, c := range strings.Fields(n.attr("class")) {
		if c == class {
			return true
		}
	}
	return false
}

// shown is the visible text of a <text> element: its character data and
// its <tspan>s, without <title> children.
func shown(n node) string {
	var b strings.Builder
	b.WriteString(n.Text)
	for _, c := range n.Nodes {
		if c.XMLName.Local == "tspan" {
			b.WriteString(shown(c))
		}
	}
	return b.String()
}

// full is the full text of a <text> element: its <title> if it was
// truncated, else its visible text.
func full(n node) string {
	if t, ok := n.child("title"); ok {
		return t.Text
	}
	return shown(n)
}

// parse checks that svg is well-formed XML with a single <svg> root.
func parse(t testing.TB, svg template.HTML) node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(svg)))
	d.Strict = true
	var root node
	if err := d.Decode(&root); err != nil {
		t.Fatalf("SVG is not well-formed: %v\n%s", err, svg)
	}
	// Nothing but whitespace may follow the root element.
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); !ok || len(bytes.TrimSpace(cd)) > 0 {
			t.Fatalf("content after </svg>: %#v", tok)
		}
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root element = %q; want svg", root.XMLName.Local)
	}
	return root
}

func TestGolden(t *testing.T) {
	for _, ex := range examples() {
		t.Run(ex.name, func(t *testing.T) {
			path := filepath.Join("testdata", ex.name+".svg")
			got := []byte(string(ex.svg) + "\n")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run go test -update and review the diff\ngot:\n%s", path, got)
			}
		})
	}
}

var fontSizeRE = regexp.MustCompile(`font-size="([^"]*)"`)

// TestStructure checks the accessibility skeleton of every example.
func TestStructure(t *testing.T) {
	for _, ex := range examples() {
		t.Run(ex.name, func(t *testing.T) {
			root := parse(t, ex.svg)
			wantRole := "img"
			if len(root.find("a", "")) > 0 {
				wantRole = "group"
				checkLinkedChart(t, root, false)
			}
			if got := root.attr("role"); got != wantRole {
				t.Errorf("role = %q; want %q", got, wantRole)
			}
			ids := map[string]int{}
			root.walk(func(n node) {
				if id := n.attr("id"); id != "" {
					ids[id]++
				}
			})
			for id, c := range ids {
				if c > 1 {
					t.Errorf("id %q used %d times", id, c)
				}
			}
			refs := strings.Fields(root.attr("aria-labelledby"))
			if len(refs) != 2 {
				t.Fatalf("aria-labelledby = %q; want two ids", root.attr("aria-labelledby"))
			}
			title, ok := root.child("title")
			if !ok || title.attr("id") != refs[0] || strings.TrimSpace(title.Text) == "" {
				t.Errorf("<title> = %+v; want a non-empty <title id=%q>", title, refs[0])
			}
			desc, ok := root.child("desc")
			if !ok || desc.attr("id") != refs[1] || !strings.HasSuffix(desc.Text, "。") {
				t.Errorf("<desc> = %q (id %q); want a sentence with id %q", desc.Text, desc.attr("id"), refs[1])
			}
			if len(root.Nodes) < 2 || root.Nodes[0].XMLName.Local != "title" || root.Nodes[1].XMLName.Local != "desc" {
				t.Errorf("<title> and <desc> must be the first children")
			}
			vb := strings.Fields(root.attr("viewBox"))
			if len(vb) != 4 || vb[0] != "0" || vb[1] != "0" {
				t.Errorf("viewBox = %q; want 0 0 W H", root.attr("viewBox"))
			}
			if !strings.Contains(ex.name, "spark") && root.attr("width") != "100%" {
				t.Errorf("width = %q; want 100%%", root.attr("width"))
			}
			for _, m := range fontSizeRE.FindAllStringSubmatch(string(ex.svg), -1) {
				if f, err := strconv.ParseFloat(m[1], 64); err != nil || f < 12 {
					t.Errorf("font-size=%q; want ≥ 12", m[1])
				}
			}
			for _, bad := range []string{"NaN", "Inf", "e+", "e-0"} {
				if strings.Contains(string(ex.svg), bad) {
					t.Errorf("SVG contains %q", bad)
				}
			}
			for _, m := range regexp.MustCompile(`url\(#([^)]*)\)`).FindAllStringSubmatch(string(ex.svg), -1) {
				if ids[m[1]] != 1 {
					t.Errorf("url(#%s) refers to no element", m[1])
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	first := examples()
	for i := 0; i < 5; i++ {
		for j, ex := range examples() {
			if ex.svg != first[j].svg {
				t.Fatalf("%s: second rendering differs from the first", ex.name)
			}
		}
	}
}

// values returns the visible texts of elements with the given class, in order.
func values(root node, class string) []string {
	var out []string
	for _, n := range root.find("text", class) {
		out = append(out, shown(n))
	}
	return out
}

func TestPrintedNumbers(t *testing.T) {
	tests := []struct {
		name string
		svg  template.HTML
		want []string // chart-value texts in document order
	}{
		{"air", exAirQuality().SVG(), []string{"92.1", "≥95", "96.4", "93以上", "94.8", "85%以上"}},
		{"investment", exInvestment().SVG(), []string{"59110", "12000", "3.2", "<800>"}},
		{"negative", exChange().SVG(), []string{"-3.5", "1.25", "0"}},
		{"periods", exPeriods().SVG(), []string{"96", "97", "97.1", "97.1", "≥98"}},
		{"line", exLine().SVG(), []string{"86.3", "85", "92.1", "≥90", "95"}}, // per period, top to bottom
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := values(parse(t, tt.svg), "chart-value")
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("value labels = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestUndrawable checks that values with OK false appear as text and never as bars.
func TestUndrawable(t *testing.T) {
	for _, horizontal := range []bool{true, false} {
		t.Run(fmt.Sprintf("horizontal=%v", horizontal), func(t *testing.T) {
			b := Bars{
				ID:         "na",
				Title:      "t",
				Series:     []Series{{Name: "目标值"}, {Name: "实际值", Pattern: 1}},
				Horizontal: horizontal,
				Groups: []Group{
					{Label: "甲", Values: []Value{NA("完成上级下达任务"), Number(5, "")}},
					{Label: "乙", Values: []Value{NA(""), {Num: 7, OK: false, Text: "7(未核实)"}}},
					{Label: "丙", Values: []Value{Number(math.NaN(), "n/a"), Number(math.Inf(1), "")}},
					{Label: "丁", Values: []Value{Number(2e16, "")}}, // too large; second value missing
				},
			}
			root := parse(t, b.SVG())
			bars := root.find("rect", "chart-bar")
			if len(bars) != 1 {
				t.Errorf("got %d bars; want 1 (only 甲 实际值 is drawable)", len(bars))
			}
			for _, r := range bars {
				if title, _ := r.child("title"); !strings.Contains(title.Text, "甲") {
					t.Errorf("bar title = %q; want the bar of 甲", title.Text)
				}
			}
			got := values(root, "chart-na")
			want := []string{"完成上级下达任务", "—", "7(未核实)", "n/a", "—", "20000000000000000", "—"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("undrawable texts = %q; want %q", got, want)
			}
		})
	}
}

func TestNoDataAtAll(t *testing.T) {
	for _, b := range []Bars{
		{},
		{Title: "空", Groups: []Group{{Label: "甲"}}},
		{Title: "空", Series: []Series{{Name: "目标值"}}, Groups: []Group{{Label: "甲", Values: []Value{NA("待定")}}}, Horizontal: true},
	} {
		root := parse(t, b.SVG())
		if got := len(root.find("rect", "chart-bar")); got != 0 {
			t.Errorf("Bars%+v drew %d bars; want 0", b, got)
		}
		if got := len(root.find("text", "chart-tick")); got != 0 {
			t.Errorf("Bars%+v drew %d ticks; want none without data", b, got)
		}
	}
	parse(t, Line{}.SVG())
	parse(t, Sparkline{}.SVG())
}

func TestEscaping(t *testing.T) {
	nasty := `<97.1%> & "q" 'a' </svg><script>`
	b := Bars{
		ID:     `x" onload="alert(1)`,
		Title:  nasty,
		Desc:   nasty,
		Unit:   "<u>",
		Series: []Series{{Name: nasty}},
		Groups: []Group{{Label: nasty, Href: `a.html?x="1"&y=<2>`, Values: []Value{Number(1, nasty), NA(nasty)}}},
	}
	for _, horizontal := range []bool{true, false} {
		b.Horizontal = horizontal
		svg := b.SVG()
		if strings.Contains(string(svg), "<script") || strings.Contains(string(svg), "onload=") {
			t.Fatalf("unescaped markup in %s", svg)
		}
		root := parse(t, svg)
		if title, _ := root.child("title"); title.Text != nasty {
			t.Errorf("title = %q; want %q", title.Text, nasty)
		}
		links := root.find("a", "")
		if len(links) != 1 || links[0].attr("href") != `a.html?x="1"&y=<2>` {
			t.Errorf("links = %+v; want one with the href intact", links)
		}
		if v := root.find("text", "chart-value"); len(v) != 1 || full(v[0]) != nasty {
			t.Errorf("value label = %+v; want %q", v, nasty)
		}
	}
	// Invalid UTF-8 and control characters still give well-formed XML.
	parse(t, Bars{Title: "a\x00b\xffc\x1b", Groups: []Group{{Label: "\ufffe\x01"}}}.SVG())
}

func TestLinks(t *testing.T) {
	tests := []struct {
		href, want string
	}{
		{"../regions/jiaojiang/index.html", "../regions/jiaojiang/index.html"},
		{"index.html#air", "index.html#air"},
		{"https://example.gov.cn/a", "https://example.gov.cn/a"},
		{"javascript:alert(1)", ""},
		{" JavaScript:alert(1)", ""},
		{"data:text/html,x", ""},
		{"a\nb", ""},
		{"", ""},
		{"x/y:z", "x/y:z"},
	}
	for _, tt := range tests {
		if got := safeHref(tt.href); got != tt.want {
			t.Errorf("safeHref(%q) = %q; want %q", tt.href, got, tt.want)
		}
		svg := Bars{ID: "l", Groups: []Group{{Label: "甲", Href: tt.href, Values: []Value{Number(1, "")}}}}.SVG()
		links := parse(t, svg).find("a", "")
		if tt.want == "" && len(links) != 0 {
			t.Errorf("Href %q: got a link; want none", tt.href)
		}
		if tt.want != "" && (len(links) != 1 || links[0].attr("href") != tt.want || links[0].attr("tabindex") != "") {
			t.Errorf("Href %q: links = %+v; want one to %q", tt.href, links, tt.want)
		}
	}
}

// checkLinkedChart checks a chart with links: it is a group (children of
// role="img" are hidden from assistive technology, so links there would be
// focusable but unnamed), and everything but the links is aria-hidden.
func checkLinkedChart(t *testing.T, n node, hidden bool) {
	t.Helper()
	hidden = hidden || n.attr("aria-hidden") == "true"
	switch n.XMLName.Local {
	case "defs", "title", "desc":
		return
	case "a":
		if hidden {
			t.Errorf("link %q is inside aria-hidden content", n.attr("href"))
		}
		return
	case "text", "rect", "path", "circle", "line":
		if !hidden {
			t.Errorf("<%s> %q in a linked chart is not aria-hidden", n.XMLName.Local, shown(n))
		}
		return
	}
	for _, c := range n.Nodes {
		checkLinkedChart(t, c, hidden)
	}
}

func TestLinkedChartRole(t *testing.T) {
	for _, horizontal := range []bool{true, false} {
		b := Bars{ID: "r", Horizontal: horizontal, Groups: []Group{
			{Label: "甲", Href: "a.html", Values: []Value{Number(1, "")}},
			{Label: "乙", Values: []Value{NA("无")}},
		}}
		root := parse(t, b.SVG())
		if root.attr("role") != "group" {
			t.Errorf("horizontal=%v: role = %q; want group", horizontal, root.attr("role"))
		}
		checkLinkedChart(t, root, false)
		b.Groups[0].Href = ""
		if root := parse(t, b.SVG()); root.attr("role") != "img" || strings.Contains(string(b.SVG()), "aria-hidden") {
			t.Errorf("horizontal=%v: chart without links: role = %q; want img and no aria-hidden", horizontal, root.attr("role"))
		}
	}
}

func TestTruncatedLabelKeepsFullText(t *testing.T) {
	long := "瑞安市产品质量检验检测中心综合大楼建设项目(一期、二期)"
	for _, horizontal := range []bool{true, false} {
		b := Bars{ID: "long", Horizontal: horizontal, Groups: []Group{{Label: long, Values: []Value{Number(1, "")}}, {Label: "乙"}, {Label: "丙"}}}
		root := parse(t, b.SVG())
		labels := root.find("text", "chart-label")
		if len(labels) != 3 {
			t.Fatalf("got %d labels; want 3", len(labels))
		}
		title, ok := labels[0].child("title")
		if !ok || title.Text != long {
			t.Errorf("horizontal=%v: label <title> = %q; want %q", horizontal, title.Text, long)
		}
		if s := shown(labels[0]); !strings.HasSuffix(s, "…") || len([]rune(s)) >= len([]rune(long)) {
			t.Errorf("horizontal=%v: shown label = %q; want a shorter text ending in …", horizontal, s)
		}
	}
}

func TestVerticalFallsBackToHorizontal(t *testing.T) {
	b := exAirQuality()
	b.Horizontal = false
	h := exAirQuality()
	h.Horizontal = true
	if b.SVG() != h.SVG() {
		t.Errorf("vertical chart with long texts did not fall back to horizontal bars")
	}
	// A chart that fits stays vertical: its labels are centred under the bars.
	root := parse(t, exPeriods().SVG())
	for _, l := range root.find("text", "chart-label") {
		if l.attr("text-anchor") != "middle" {
			t.Errorf("periods chart label anchor = %q; want middle (vertical)", l.attr("text-anchor"))
		}
	}
}

func TestLongValueLabelStaysInside(t *testing.T) {
	long := "完成目标值95%以上并力争达到全省领先水平"
	b := Bars{ID: "lv", Horizontal: true, Groups: []Group{{Label: "甲", Values: []Value{Number(95, long)}}}}
	root := parse(t, b.SVG())
	v := root.find("text", "chart-value")
	if len(v) != 1 {
		t.Fatalf("got %d value labels; want 1", len(v))
	}
	x, _ := strconv.ParseFloat(v[0].attr("x"), 64)
	if end := x + textWidth(shown(v[0]), valueSize); end > defaultWidth {
		t.Errorf("value label %q ends at %v; want ≤ %v", shown(v[0]), end, defaultWidth)
	}
	if title, _ := v[0].child("title"); title.Text != long {
		t.Errorf("value label <title> = %q; want %q", title.Text, long)
	}
}

func TestManyGroupsGrowHeight(t *testing.T) {
	height := func(ng int) float64 {
		b := Bars{ID: "many", Horizontal: true, Series: []Series{{Name: "目标值"}}}
		for i := 0; i < ng; i++ {
			b.Groups = append(b.Groups, Group{Label: "地区" + strconv.Itoa(i), Values: []Value{Number(float64(i), "")}})
		}
		vb := strings.Fields(parse(t, b.SVG()).attr("viewBox"))
		w, _ := strconv.ParseFloat(vb[2], 64)
		h, _ := strconv.ParseFloat(vb[3], 64)
		if w != defaultWidth {
			t.Errorf("%d groups: width = %v; want %v", ng, w, defaultWidth)
		}
		return h
	}
	h10, h100 := height(10), height(100)
	if d := (h100 - h10) / 90; d < 2*labelSize {
		t.Errorf("height grows by %v per group; want ≥ %v", d, 2*labelSize)
	}
}

func TestLineBreaksAtUndrawable(t *testing.T) {
	l := Line{ID: "gap", X: []string{"a", "b", "c", "d", "e"}, Y: [][]Value{{Number(1, ""), Number(2, ""), NA("无"), Number(4, ""), Number(5, "")}}}
	root := parse(t, l.SVG())
	paths := root.find("path", "")
	var d string
	for _, p := range paths {
		if p.attr("fill") == "none" {
			d = p.attr("d")
		}
	}
	if strings.Count(d, "M") != 2 || strings.Count(d, "L") != 2 {
		t.Errorf("line path = %q; want two segments of two points", d)
	}
	if got := values(root, "chart-na"); len(got) != 1 || got[0] != "c 系列1:无" {
		t.Errorf("notes = %q; want [c 系列1:无]", got)
	}
}

func TestSparkline(t *testing.T) {
	s := exSpark()
	root := parse(t, s.SVG())
	if root.attr("width") != "7.5em" || root.attr("height") != "2em" {
		t.Errorf("size = %s×%s; want 7.5em×2em", root.attr("width"), root.attr("height"))
	}
	desc, _ := root.child("desc")
	if want := "数值从十二五的86.3%升至十四五的≥95%。"; desc.Text != want {
		t.Errorf("desc = %q; want %q", desc.Text, want)
	}
}

func TestPatternsDistinct(t *testing.T) {
	tests := []struct {
		in   []int
		want []int
	}{
		{[]int{0, 1, 2}, []int{0, 1, 2}},
		{[]int{2, 2, 2}, []int{2, 0, 1}},
		{[]int{-1, 0}, []int{0, 1}},
		{[]int{5, 11}, []int{5, 11}},
	}
	for _, tt := range tests {
		var s []Series
		for _, p := range tt.in {
			s = append(s, Series{Pattern: p})
		}
		var got []int
		for _, st := range styles(s) {
			got = append(got, st.p)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("styles(%v) = %v; want %v", tt.in, got, tt.want)
		}
	}
	if a, b := styleOf(5), styleOf(11); a.kind != b.kind || a.color == b.color {
		t.Errorf("styleOf(5) = %+v, styleOf(11) = %+v; want the same fill in another colour", a, b)
	}
}

// luminance is the WCAG relative luminance of #rrggbb.
func luminance(hex string) float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func contrast(hex string) float64 { return 1.05 / (luminance(hex) + 0.05) }

func TestContrast(t *testing.T) {
	for _, c := range palette {
		if r := contrast(c); r < 3 {
			t.Errorf("contrast(%q) = %.2f; want ≥ 3 for graphics", c, r)
		}
	}
	for _, c := range []string{textColor, mutedColor, linkColor, axisColor} {
		if r := contrast(c); r < 4.5 {
			t.Errorf("contrast(%q) = %.2f; want ≥ 4.5 for text", c, r)
		}
	}
	// Patterns survive greyscale: neighbouring solid and pattern colours differ in lightness.
	for i := 1; i < len(palette); i++ {
		if palette[i] == palette[i-1] {
			t.Errorf("palette[%d] repeats", i)
		}
	}
}

func TestTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   string
	}{
		{0, 95, 6, "[0 20 40 60 80 100]"},
		{0, 100, 6, "[0 20 40 60 80 100]"},
		{0, 59110, 6, "[0 20000 40000 60000]"},
		{0, 3.2, 6, "[0 1 2 3 4]"},
		{0, 3.2, 8, "[0 0.5 1 1.5 2 2.5 3 3.5]"},
		{0, 0.3, 5, "[0 0.1 0.2 0.3]"},
		{-3.5, 1.25, 7, "[-4 -3 -2 -1 0 1 2]"},
		{-3.5, 1.25, 6, "[-4 -2 0 2]"},
		{95, 95, 6, "[0 20 40 60 80 100]"},
		{-5, -5, 6, "[-5 -4 -3 -2 -1 0]"},
		{0, 0, 6, "[0 0.2 0.4 0.6 0.8 1]"},
		{100, 0, 6, "[0 20 40 60 80 100]"},
		{84.5, 96.4, 8, "[84 86 88 90 92 94 96 98]"},
		{0, 1e15, 6, "[0 200000000000000 400000000000000 600000000000000 800000000000000 1000000000000000]"},
		{0, 1, 2, "[0 0.5 1]"},
		{0.001, 0.0042, 5, "[0.001 0.002 0.003 0.004 0.005]"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.lo, "_", tt.hi, "_", tt.n), func(t *testing.T) {
			got := TickLabels(tt.lo, tt.hi, tt.n)
			if fmt.Sprint(got) != tt.want {
				t.Errorf("TickLabels(%v, %v, %d) = %v; want %s", tt.lo, tt.hi, tt.n, got, tt.want)
			}
			ticks := Ticks(tt.lo, tt.hi, tt.n)
			if len(ticks) > max(tt.n, 3) {
				t.Errorf("Ticks(%v, %v, %d) gave %d ticks; want at most %d", tt.lo, tt.hi, tt.n, len(ticks), max(tt.n, 3))
			}
			lo, hi := math.Min(tt.lo, tt.hi), math.Max(tt.lo, tt.hi)
			if ticks[0] > lo || ticks[len(ticks)-1] < hi {
				t.Errorf("Ticks(%v, %v, %d) = %v; want them to cover the range", tt.lo, tt.hi, tt.n, ticks)
			}
		})
	}
	for _, bad := range [][2]float64{{math.NaN(), 1}, {0, math.Inf(1)}} {
		if got := Ticks(bad[0], bad[1], 5); got != nil {
			t.Errorf("Ticks(%v, %v, 5) = %v; want nil", bad[0], bad[1], got)
		}
	}
	if got := Ticks(-math.MaxFloat64, math.MaxFloat64, 5); len(got) < 2 {
		t.Errorf("Ticks(-Max, Max, 5) = %v; want at least two ticks", got)
	}
}

func TestFormatNum(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{95, "95"},
		{3.2, "3.2"},
		{59110, "59110"},
		{0.1 + 0.2, "0.3"},
		{-3.5, "-3.5"},
		{math.Copysign(0, -1), "0"},
		{1e15, "1000000000000000"},
		{0.0000001, "0"},
		{math.NaN(), "—"},
	}
	for _, tt := range tests {
		if got := FormatNum(tt.in); got != tt.want {
			t.Errorf("FormatNum(%v) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestValueLabel(t *testing.T) {
	tests := []struct {
		in   Value
		want string
	}{
		{Number(99, "≥99"), "≥99"},
		{Number(15, "{15}家"), "{15}家"},
		{Number(3.2, ""), "3.2"},
		{NA("完成上级下达任务"), "完成上级下达任务"},
		{NA("  "), "—"},
		{Value{}, "—"},
		{Number(math.Inf(-1), ""), "—"},
	}
	for _, tt := range tests {
		if got := tt.in.Label(); got != tt.want {
			t.Errorf("%+v.Label() = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSummary(t *testing.T) {
	g := func(label string, v Value) Group { return Group{Label: label, Values: []Value{v}} }
	tests := []struct {
		name   string
		groups []Group
		want   string
	}{
		{"brief example", []Group{g("椒江区", Number(95, "")), g("海盐县", Number(85, "")), g("三门县", Number(90, "")), g("余杭区", NA("-")), g("瑞安市", NA("完成上级下达任务"))},
			"椒江区目标最高(95%),海盐县最低(85%);2个地区的值无法作图。"},
		{"printed text", []Group{g("椒江区", Number(99, "≥99")), g("海盐县", Number(60, "60%以上"))},
			"椒江区目标最高(≥99%),海盐县最低(60%以上)。"},
		{"ties", []Group{g("甲", Number(95, "")), g("乙", Number(95, "")), g("丙", Number(80, ""))},
			"甲等2个地区目标最高(95%),丙最低(80%)。"},
		{"all equal", []Group{g("甲", Number(100, "")), g("乙", Number(100, ""))},
			"2个地区的目标相同(100%)。"},
		{"one", []Group{g("甲", Number(7, "")), g("乙", NA(""))},
			"只有甲的目标可以作图(7%);1个地区的值无法作图。"},
		{"none", []Group{g("甲", NA("完成上级下达任务"))},
			"没有可以作图的目标(1个地区的值为文字)。"},
		{"empty", nil, "没有数据。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summary(tt.groups, 0, "目标", "%", "地区"); got != tt.want {
				t.Errorf("Summary(%s) = %q; want %q", tt.name, got, tt.want)
			}
		})
	}
	if got, want := Summary([]Group{{Label: "甲"}}, 3, "", "", ""), "没有可以作图的数值(1个项的值为文字)。"; got != want {
		t.Errorf("Summary(series out of range) = %q; want %q", got, want)
	}
}

func TestDefaultDescs(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"pm25", exPM25().Summary(), "海盐县实际值最高(27µg/m³),三门县最低(24µg/m³)。数值越低越好。"},
		{"line", exLine().Summary(), "目标值从十二五的85%升至十四五的95%;实际值从十二五的86.3%升至十三五的92.1%,1个值无法作图。"},
		{"withLower keeps desc", withLower("PM2.5浓度逐年下降", true), "PM2.5浓度逐年下降。数值越低越好。"},
		{"withLower no repeat", withLower("越低越好。", true), "越低越好。"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, tt.got, tt.want)
		}
	}
	// Lower is said in the axis caption too.
	root := parse(t, exPM25().SVG())
	if c := values(root, "chart-caption"); len(c) != 1 || !strings.Contains(c[0], "越低越好") || !strings.Contains(c[0], "µg/m³") {
		t.Errorf("caption = %q; want the unit and 越低越好", c)
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		in   string
		maxW float64
		want string
	}{
		{"椒江区", 100, "椒江区"},
		{"空气质量优良天数比例", 14 * 5, "空气质量…"},
		{"abc", 0, "abc"},
		{"空气", 1, "…"},
	}
	for _, tt := range tests {
		if got, _ := fit(tt.in, tt.maxW, 14); got != tt.want {
			t.Errorf("fit(%q, %v) = %q; want %q", tt.in, tt.maxW, got, tt.want)
		}
	}
	lines, cut := wrap("一次验收合格率", 80, 14, 2)
	if fmt.Sprint(lines) != "[一次验收合 格率]" || cut {
		t.Errorf("wrap(%q) = %q, %v; want [一次验收合 格率], false", "一次验收合格率", lines, cut)
	}
}

func TestCleanID(t *testing.T) {
	tests := []struct {
		id, want string
	}{
		{"air", "air"},
		{"air quality", "air-quality"},
		{"2020", "c2020"},
		{"空气", "c--"},
		{`a"b`, "a-b"},
	}
	for _, tt := range tests {
		if got := cleanID(tt.id, "seed"); got != tt.want {
			t.Errorf("cleanID(%q) = %q; want %q", tt.id, got, tt.want)
		}
	}
	if a, b := cleanID("", "a"), cleanID("", "b"); a == b || !strings.HasPrefix(a, "chart-") {
		t.Errorf("cleanID(\"\", seed) = %q, %q; want distinct chart-… ids", a, b)
	}
}

func FuzzBars(f *testing.F) {
	f.Add("椒江区", "≥99", 95.0, true, "%", true, 0)
	f.Add("<97.1%>", "完成上级下达任务", -3.5, false, "µg/m³", false, 2)
	f.Add("a&b\"c'", "", 59110.0, true, "", false, 7)
	f.Add("\x00\xff", "\ufffe", 1e300, true, "万元", true, -1)
	f.Fuzz(func(t *testing.T, label, text string, num float64, ok bool, unit string, horizontal bool, pattern int) {
		b := Bars{
			ID:         label,
			Title:      label + text,
			Unit:       unit,
			Lower:      ok,
			Horizontal: horizontal,
			Series:     []Series{{Name: text, Pattern: pattern}, {Name: label, Pattern: pattern}},
			Groups: []Group{
				{Label: label, Href: text, Values: []Value{{Num: num, OK: ok, Text: text}, Number(num/3, "")}},
				{Label: text, Values: []Value{Number(-num, label)}},
				{Label: label + label, Values: []Value{NA(text), Number(1, ""), Number(2, "extra")}},
			},
		}
		svg := b.SVG()
		parse(t, svg)
		if svg != b.SVG() {
			t.Fatalf("not deterministic")
		}
		parse(t, Line{ID: label, Title: text, Unit: unit, X: []string{label, text}, Y: [][]Value{{{Num: num, OK: ok, Text: text}, Number(num*2, "")}}}.SVG())
		parse(t, Sparkline{ID: text, Title: label, X: []string{label}, Values: []Value{{Num: num, OK: ok, Text: text}, Number(-num, "")}, Pattern: pattern}.SVG())
		parse(t, Bars{Width: num, Groups: []Group{{Label: label, Values: []Value{{Num: num, OK: true}}}}}.SVG())
	})
}

// TestPanels checks a chart of several units: one axis and caption per
// panel, every printed value shown once, a bar for each drawable value and
// none for the others, and a summary that counts what it cannot draw.
func TestPanels(t *testing.T) {
	c := exPanels()
	root := parse(t, c.SVG())
	axis := root.find("g", "chart-axis")
	if len(axis) != 1 {
		t.Fatalf("%d axis groups; want 1", len(axis))
	}
	zeros := axis[0].find("path", "")[0].attr("d") // the zero line of every panel
	if got := strings.Count(zeros, "M"); got != len(c.Panels) {
		t.Errorf("zero lines %q: %d; want one per panel (%d)", zeros, got, len(c.Panels))
	}
	var caps []string
	for _, g := range root.find("g", "chart-caption") {
		for _, n := range g.find("text", "") {
			caps = append(caps, shown(n))
		}
	}
	if want := []string{"单位:%", "单位:家", "单位:µg/m³,数值越低越好"}; fmt.Sprint(caps) != fmt.Sprint(want) {
		t.Errorf("axis captions = %q; want %q", caps, want)
	}
	var printed []string
	for _, g := range root.find("g", "chart-values") {
		for _, n := range g.find("text", "") {
			printed = append(printed, shown(n))
		}
	}
	want := []string{"≥95", "96.4", "98以上", "完成上级下达任务", "{21}家", "11", "35", "-2", "-", "—"}
	if fmt.Sprint(printed) != fmt.Sprint(want) {
		t.Errorf("printed values = %q; want %q", printed, want)
	}
	bars := 0
	for _, g := range root.find("g", "chart-bars") {
		bars += len(g.find("rect", ""))
	}
	if bars != 7 {
		t.Errorf("%d bars; want 7 (one per drawable value)", bars)
	}
	desc, _ := root.child("desc")
	for _, s := range []string{"共5项指标", "分3组作图", "1项指标没有可以作图的数值"} {
		if !strings.Contains(desc.Text, s) {
			t.Errorf("desc %q does not say %q", desc.Text, s)
		}
	}
	if got := root.attr("role"); got != "img" {
		t.Errorf("role = %q; want img (no links)", got)
	}
}

// bigPanels is exPanels grown to 12 panels, about the size of a synthetic
// plan's table.
func bigPanels() Panels {
	c := exPanels()
	for k := 0; len(c.Panels) < 12; k++ {
		p := c.Panels[k%3]
		p.Heading += strconv.Itoa(k)
		c.Panels = append(c.Panels, p)
	}
	return c
}

// TestPanelsWriteSVG checks that WriteSVG appends to what the page holds
// already, whether the page has room for the chart or not, and that the
// layers kept from chart to chart carry nothing over: a small chart drawn
// after a large linked one is what it is when drawn alone.
func TestPanelsWriteSVG(t *testing.T) {
	small, big := exPanels(), bigPanels()
	big.ID = "big"
	big.Panels[1].Groups[0].Href = "../../indicators/x/index.html"
	want := string(small.SVG())
	for _, room := range []int{0, 64, 1 << 20} {
		for _, first := range []Panels{small, big} {
			var page bytes.Buffer
			page.Grow(room)
			page.WriteString("<p>before</p>\n")
			first.WriteSVG(&bytes.Buffer{})
			small.WriteSVG(&page)
			if got := page.String(); got != "<p>before</p>\n"+want {
				t.Errorf("room %d, after %s: WriteSVG wrote\n%s\nwant the page, then\n%s", room, first.ID, got, want)
			}
		}
	}
}

// BenchmarkPanelsSVG draws a plan table's chart into a page, as the site
// does: the chart every plan page has (15,000 of them on a 10,000-plan site).
func BenchmarkPanelsSVG(b *testing.B) {
	c := bigPanels()
	var page bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		page.Reset()
		c.WriteSVG(&page)
	}
}
