package chart

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// withUnit appends unit to a printed value that ends in a digit:
// "95" → "95%", "≥99" → "≥99%", but "{15}家" and "60%以上" stay as they are.
func withUnit(label, unit string) string {
	unit = strings.TrimSpace(unit)
	if unit == "" || strings.HasSuffix(label, unit) {
		return label
	}
	r, _ := utf8.DecodeLastRuneInString(label)
	if r >= '0' && r <= '9' {
		return label + unit
	}
	return label
}

// Summary returns a one-sentence plain-Chinese summary of series number si
// over groups, naming the groups with the highest and lowest drawable values
// and counting the values that cannot be drawn, e.g. with name "目标",
// unit "%" and noun "地区":
//
//	椒江区目标最高(95%),海盐县最低(85%);2个地区的值无法作图。
//
// An empty noun means "项".
func Summary(groups []Group, si int, name, unit, noun string) string {
	if noun = strings.TrimSpace(noun); noun == "" {
		noun = "项"
	}
	name = strings.TrimSpace(name)
	// The first group at the max and at the min, and how many are there:
	// counts, not lists (a national site summarises every plan table).
	hi, lo, nhi, nlo := -1, -1, 0, 0
	drawn, na := 0, 0
	for gi, g := range groups {
		var v Value
		if si >= 0 && si < len(g.Values) {
			v = g.Values[si]
		}
		if !v.Drawable() {
			na++
			continue
		}
		drawn++
		if hi < 0 {
			hi, lo, nhi, nlo = gi, gi, 1, 1
			continue
		}
		switch m := groups[hi].Values[si].Num; {
		case v.Num > m:
			hi, nhi = gi, 1
		case v.Num == m:
			nhi++
		}
		switch m := groups[lo].Values[si].Num; {
		case v.Num < m:
			lo, nlo = gi, 1
		case v.Num == m:
			nlo++
		}
	}
	val := func(gi int) string { return withUnit(groups[gi].Values[si].Label(), unit) }
	who := func(first, n int) string {
		l := label(groups[first].Label)
		if n > 1 {
			l += "等" + strconv.Itoa(n) + "个" + noun
		}
		return l
	}
	var s string
	switch {
	case drawn == 0 && len(groups) == 0:
		s = "没有数据"
	case drawn == 0:
		s = "没有可以作图的" + or(name, "数值")
	case drawn == 1:
		s = "只有" + label(groups[hi].Label) + "的" + or(name, "数值") + "可以作图(" + val(hi) + ")"
	case nhi == drawn:
		s = strconv.Itoa(drawn) + "个" + noun + "的" + or(name, "数值") + "相同(" + val(hi) + ")"
	default:
		s = who(hi, nhi) + name + "最高(" + val(hi) + ")," + who(lo, nlo) + "最低(" + val(lo) + ")"
	}
	if na > 0 && drawn > 0 {
		s += ";" + strconv.Itoa(na) + "个" + noun + "的值无法作图"
	} else if na > 0 {
		s += "(" + strconv.Itoa(na) + "个" + noun + "的值为文字)"
	}
	return s + "。"
}

func label(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return "(无名称)"
	}
	return s
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Summary returns the default <desc> of b: one Summary sentence per series
// (each naming its series), plus "数值越低越好。" when Lower is set.
func (b Bars) Summary() string {
	var out strings.Builder
	ns := len(b.Series)
	if ns == 0 {
		ns = 1
		for _, g := range b.Groups {
			if len(g.Values) > ns {
				ns = len(g.Values)
			}
		}
	}
	for si := 0; si < ns; si++ {
		name := ""
		if si < len(b.Series) {
			name = strings.TrimSpace(b.Series[si].Name)
		}
		out.WriteString(Summary(b.Groups, si, name, b.Unit, b.Noun))
	}
	return withLower(out.String(), b.Lower)
}

// trend describes one series over time: "实际值从2015年的90%升至2020年的95%".
func trend(name string, x []string, y []Value, unit string) string {
	first, last, na := -1, -1, 0
	for j := range x {
		var v Value
		if j < len(y) {
			v = y[j]
		}
		if !v.Drawable() {
			na++
			continue
		}
		if first < 0 {
			first = j
		}
		last = j
	}
	name = or(strings.TrimSpace(name), "数值")
	var s string
	switch {
	case first < 0:
		s = name + "没有可以作图的值"
	case first == last:
		s = name + "只有" + label(x[first]) + "的值可以作图(" + withUnit(y[first].Label(), unit) + ")"
	default:
		a, b := y[first], y[last]
		verb := "持平于"
		switch {
		case b.Num > a.Num:
			verb = "升至"
		case b.Num < a.Num:
			verb = "降至"
		}
		s = name + "从" + label(x[first]) + "的" + withUnit(a.Label(), unit) + verb + label(x[last]) + "的" + withUnit(b.Label(), unit)
	}
	if na > 0 && first >= 0 {
		s += "," + strconv.Itoa(na) + "个值无法作图"
	}
	return s
}

// Summary returns the default <desc> of l: how each series moved from its
// first to its last drawable value, e.g. "目标值从十三五的90%升至十四五的95%。".
func (l Line) Summary() string {
	var parts []string
	for i, s := range l.seriesList() {
		var y []Value
		if i < len(l.Y) {
			y = l.Y[i]
		}
		parts = append(parts, trend(seriesName(s, i), l.X, y, l.Unit))
	}
	if len(parts) == 0 || len(l.X) == 0 {
		return withLower("没有数据。", l.Lower)
	}
	return withLower(strings.Join(parts, ";")+"。", l.Lower)
}
