package indicator

import "strings"

// Progress is how a row stands, computed from its printed values in the
// spirit of Open SDG's progress status. It is shown as words and a symbol,
// never by colour alone.
type Progress struct {
	Kind   string // "done", "missed", "change", "text" or "" (nothing to say)
	Symbol string // ✔ ✘ ▲ ▼ ＝ ·
	Words  string // 完成(高于目标 3.2) / 需提高 2 / …
	Margin float64
}

// Assess compares a row's values. lower is true when smaller is better.
// status is the printed 完成情况, which wins over the computed one; rowUnit
// is the unit column of the row.
func Assess(base, target, actual Value, status, rowUnit string, lower bool) Progress {
	unit := func(v Value) string {
		u := v.Suffix
		if u == "" {
			u = rowUnit
		}
		if strings.HasPrefix(u, "%") {
			return "个百分点"
		}
		return u
	}
	switch {
	case actual.HasNum && target.HasNum && !actual.Dash:
		m := actual.Num - target.Num
		better := m >= 0
		if lower {
			better = m <= 0
		}
		words := "完成"
		p := Progress{Kind: "done", Symbol: "✔", Margin: m}
		if !better {
			words, p.Kind, p.Symbol = "未完成", "missed", "✘"
		}
		if strings.Contains(status, "未完成") {
			words, p.Kind, p.Symbol = "未完成", "missed", "✘"
		} else if status == "完成" {
			words, p.Kind, p.Symbol = "完成", "done", "✔"
		}
		switch {
		case m > 0:
			words += "(实绩高于目标 " + Format(round(m)) + unit(target) + ")"
		case m < 0:
			words += "(实绩低于目标 " + Format(round(-m)) + unit(target) + ")"
		default:
			words += "(实绩等于目标)"
		}
		p.Words = words
		return p
	case status != "":
		if strings.Contains(status, "未完成") {
			return Progress{Kind: "missed", Symbol: "✘", Words: status}
		}
		if strings.Contains(status, "完成") {
			return Progress{Kind: "done", Symbol: "✔", Words: status}
		}
		return Progress{Kind: "text", Symbol: "·", Words: status}
	case base.HasNum && target.HasNum && base.Qualifier == "" && target.Qualifier == "":
		m := target.Num - base.Num
		p := Progress{Kind: "change", Margin: m}
		switch {
		case m > 0:
			p.Symbol, p.Words = "▲", "需提高 "+Format(round(m))+unit(target)
		case m < 0:
			p.Symbol, p.Words = "▼", "需降低 "+Format(round(-m))+unit(target)
			if !lower {
				p.Words = "目标低于基期 " + Format(round(-m)) + unit(target)
			}
		default:
			p.Symbol, p.Words = "＝", "保持基期水平"
		}
		if lower && m > 0 {
			p.Words = "目标高于基期 " + Format(round(m)) + unit(target)
		}
		return p
	case target.Text != "":
		return Progress{Kind: "text", Symbol: "·", Words: "文字目标"}
	}
	return Progress{}
}

func round(f float64) float64 {
	if f < 0 {
		return -round(-f)
	}
	return float64(int64(f*100+0.5)) / 100
}
