// Package indicator understands indicator values as the plans print them
// ("≥99", "98.2以上", "{15}家", "<97.1%>", "-", "完成上级下达任务") and
// indicator names as they vary between plans.
//
// Content keeps every value as printed; Parse derives what the site needs to
// compare and draw: a number, a comparator, a qualifier and any unit suffix.
package indicator

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Qualifiers printed around a value.
const (
	FiveYearNew = "五年新增" // {15}家
	FiveYearAvg = "五年平均" // <97.1%>
)

// Value is one printed value and what it means.
type Value struct {
	Raw        string  // exactly as printed
	Num        float64 // the number, when HasNum
	HasNum     bool
	Comparator string // as printed: ≥ ≤ > < 大于 以上 左右 …, "" if none
	Cmp        string // normalised: ">=", ">", "<=", "<", "~" or ""
	Qualifier  string // FiveYearNew, FiveYearAvg or ""
	Suffix     string // what follows the number: "%", "家", "µg/m3", "%(AQI)"
	Text       string // a target in words ("完成上级下达任务"), when there is no number
	Dash       bool   // printed as "-": explicitly no value
}

// Empty reports whether nothing was printed.
func (v Value) Empty() bool { return v.Raw == "" }

var prefixCmp = []struct{ word, cmp string }{
	{"≥", ">="}, {"≤", "<="}, {">=", ">="}, {"<=", "<="}, {"＞", ">"}, {"＜", "<"},
	{">", ">"}, {"<", "<"}, {"不低于", ">="}, {"不少于", ">="}, {"不高于", "<="},
	{"大于", ">"}, {"超过", ">"}, {"小于", "<"}, {"低于", "<"}, {"达到", ">="},
}

var suffixCmp = []struct{ word, cmp string }{
	{"以上", ">="}, {"以下", "<="}, {"以内", "<="}, {"左右", "~"},
}

// Parse reads a printed value. It fails only on text that starts like a
// number but is not one ("9x9", "98..2"); words without digits are a text target.
func Parse(raw string) (Value, error) {
	v := Value{Raw: raw}
	s := strings.TrimSpace(raw)
	switch s {
	case "":
		return v, nil
	case "-", "—", "–", "/", "——":
		v.Dash = true
		return v, nil
	}
	if !hasDigit(s) {
		v.Text = s
		return v, nil
	}
	if inner, ok := wrapped(s, "{", "}"); ok {
		v.Qualifier, s = FiveYearNew, inner
	} else if inner, ok := wrapped(s, "<", ">"); ok {
		v.Qualifier, s = FiveYearAvg, inner
	}
	for _, p := range prefixCmp {
		if rest, ok := strings.CutPrefix(s, p.word); ok {
			v.Comparator, v.Cmp, s = p.word, p.cmp, strings.TrimSpace(rest)
			break
		}
	}
	n := 0
	for n < len(s) && (s[n] >= '0' && s[n] <= '9' || s[n] == '.' || s[n] == ',') {
		n++
	}
	if n == 0 {
		// Digits, but not where a number starts: prose with a figure in it.
		v.Text, v.Comparator, v.Cmp, v.Qualifier = strings.TrimSpace(raw), "", "", ""
		return v, nil
	}
	num, err := strconv.ParseFloat(strings.ReplaceAll(s[:n], ",", ""), 64)
	if err != nil {
		return v, fmt.Errorf("value %q: %q is not a number", raw, s[:n])
	}
	v.Num, v.HasNum = num, true
	rest := strings.TrimSpace(s[n:])
	for _, p := range suffixCmp {
		if r, ok := strings.CutSuffix(rest, p.word); ok && v.Comparator == "" {
			v.Comparator, v.Cmp, rest = p.word, p.cmp, strings.TrimSpace(r)
			break
		}
	}
	// The inner part of {15}家 may leave the unit outside the braces.
	v.Suffix = strings.TrimSpace(rest)
	unitless := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(v.Suffix, "m3"), "m2"), "m³")
	if strings.ContainsFunc(unitless, unicode.IsDigit) || strings.HasPrefix(v.Suffix, ".") {
		return v, fmt.Errorf("value %q does not parse as a number with a unit", raw)
	}
	return v, nil
}

// hasDigit reports whether s has a digit (unicode.IsDigit). Values are
// parsed again for every page, chart and download that shows them, and a
// target in words is Han characters, which unicode.IsDigit looks up in its
// tables one by one: the Han blocks have no digit.
func hasDigit(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= '0' && c <= '9' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(r >= 0x3400 && r <= 0x9FFF) && unicode.IsDigit(r) {
			return true
		}
		i += size
	}
	return false
}

// wrapped returns the inside of open…close at the start of s, with whatever
// follows the closing mark appended ("{15}家" → "15家").
func wrapped(s, open, close string) (string, bool) {
	if !strings.HasPrefix(s, open) {
		return "", false
	}
	i := strings.Index(s, close)
	if i < 0 {
		return "", false
	}
	inner := s[len(open):i]
	if inner == "" || !strings.ContainsFunc(inner, unicode.IsDigit) {
		return "", false
	}
	return inner + s[i+len(close):], true
}

// Format prints a number the way the plans do: no trailing zeros.
func Format(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// Normalize folds a printed indicator name to the key aliases are matched
// on: no spaces, half-width brackets, and no trailing unit in brackets.
func Normalize(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			continue
		case r == '(':
			r = '('
		case r == ')':
			r = ')'
		case r >= '！' && r <= '～':
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	s := b.String()
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, "("); i > 0 && utf8.RuneCountInString(s[i:]) <= 8 && isUnit(s[i+1:len(s)-1]) {
			s = s[:i]
		}
	}
	return s
}

func isUnit(s string) bool {
	switch s {
	case "%", "个", "项", "家", "件", "张", "万件", "亿元", "万元", "元", "天", "人", "µg/m3", "μg/m3", "微克/立方米", "吨", "万吨", "‰", "次", "座", "所", "条":
		return true
	}
	return false
}
