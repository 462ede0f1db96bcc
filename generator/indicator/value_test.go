package indicator

import (
	"strings"
	"testing"
	"unicode"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in                      string
		num                     float64
		hasNum                  bool
		cmp, qual, suffix, text string
		dash                    bool
	}{
		{in: "99", num: 99, hasNum: true},
		{in: "≥99", num: 99, hasNum: true, cmp: ">="},
		{in: "98.2以上", num: 98.2, hasNum: true, cmp: ">="},
		{in: "60%以上", num: 60, hasNum: true, cmp: ">=", suffix: "%"},
		{in: "大于85%(AQI)", num: 85, hasNum: true, cmp: ">", suffix: "%(AQI)"},
		{in: "{15}家", num: 15, hasNum: true, qual: FiveYearNew, suffix: "家"},
		{in: "<97.1%>", num: 97.1, hasNum: true, qual: FiveYearAvg, suffix: "%"},
		{in: "35µg/m3", num: 35, hasNum: true, suffix: "µg/m3"},
		{in: "3.2 万件", num: 3.2, hasNum: true, suffix: "万件"},
		{in: "-", dash: true},
		{in: "完成上级下达任务", text: "完成上级下达任务"},
		{in: "重大质量安全零事故", text: "重大质量安全零事故"},
		{in: "", text: ""},
		{in: "95左右", num: 95, hasNum: true, cmp: "~"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q) error %v", tt.in, err)
			}
			if v.Num != tt.num || v.HasNum != tt.hasNum || v.Cmp != tt.cmp || v.Qualifier != tt.qual || v.Suffix != tt.suffix || v.Text != tt.text || v.Dash != tt.dash {
				t.Errorf("Parse(%q) = %+v; want num=%v has=%v cmp=%q qual=%q suffix=%q text=%q dash=%v", tt.in, v, tt.num, tt.hasNum, tt.cmp, tt.qual, tt.suffix, tt.text, tt.dash)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"9x9", "98..2", "1.2.3"} {
		if v, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %+v, nil; want an error", in, v)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"制造业产品质量合格率(%)", "制造业产品质量合格率"},
		{"市政府质量奖企业(个)", "市政府质量奖企业"},
		{"浙江省政府质量奖企业(累计)", "浙江省政府质量奖企业(累计)"},
		{"标 准 建 设", "标准建设"},
		{"细颗粒物(PM2.5)浓度", "细颗粒物(PM2.5)浓度"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"≥99", "{15}家", "<97.1%>", "3.2 万件", "-", "完成", "9x9", "大于85%(AQI)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err == nil && v.Raw != s {
			t.Errorf("Parse(%q).Raw = %q", s, v.Raw)
		}
	})
}

func TestAssess(t *testing.T) {
	p := func(s string) Value { v, _ := Parse(s); return v }
	tests := []struct {
		name                 string
		base, target, actual string
		status               string
		lower                bool
		kind, symbol, words  string
	}{
		{"review done", "", "90", "93.2", "完成", false, "done", "✔", "完成(实绩高于目标 3.2个百分点)"},
		{"review equal", "", "100", "100", "完成", false, "done", "✔", "完成(实绩等于目标)"},
		{"review missed computed", "", "95", "94", "", false, "missed", "✘", "未完成(实绩低于目标 1个百分点)"},
		{"pm25 lower is better", "", "35µg/m3", "27µg/m3", "完成", true, "done", "✔", "完成(实绩低于目标 8µg/m3)"},
		{"target rise", "93.2", "≥95", "", "", false, "change", "▲", "需提高 1.8个百分点"},
		{"target below base", "100", "96", "", "", false, "change", "▼", "目标低于基期 4个百分点"},
		{"text target", "", "完成上级下达任务", "", "", true, "text", "·", "文字目标"},
		{"five-year new is not a level", "19", "{15}家", "", "", false, "", "", ""},
		{"status only", "", "重大质量安全零事故", "重大质量安全零事故", "完成", false, "done", "✔", "完成"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Assess(p(tt.base), p(tt.target), p(tt.actual), tt.status, "%", tt.lower)
			if got.Kind != tt.kind || got.Symbol != tt.symbol || got.Words != tt.words {
				t.Errorf("Assess(%q, %q, %q, %q) = %q %q %q; want %q %q %q", tt.base, tt.target, tt.actual, tt.status, got.Kind, got.Symbol, got.Words, tt.kind, tt.symbol, tt.words)
			}
		})
	}
}

// hasDigit agrees with strings.ContainsFunc(s, unicode.IsDigit).
func FuzzHasDigit(f *testing.F) {
	for _, s := range []string{"", "完成上级下达任务", "≥95%", "１２", "٣", "〇", "\xff9", "\u3400\u9fff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasDigit(s), strings.ContainsFunc(s, unicode.IsDigit); got != want {
			t.Fatalf("hasDigit(%q) = %v; want %v", s, got, want)
		}
	})
}

// hasDigit skips unicode.IsDigit for U+3400–U+9FFF: none of them is a digit.
func TestHanBlocksHaveNoDigit(t *testing.T) {
	for r := rune(0x3400); r <= 0x9FFF; r++ {
		if unicode.IsDigit(r) {
			t.Fatalf("unicode.IsDigit(%U) = true; hasDigit skips it", r)
		}
	}
}

// BenchmarkParse parses values as the plans print them, numbers and words.
func BenchmarkParse(b *testing.B) {
	values := []string{"≥95%", "98.5", "完成上级下达任务", "{15}家", "<35>µg/m3", "-", "重大质量安全零事故", "90%以上", "1,200亿元", "持续提升"}
	for b.Loop() {
		for _, v := range values {
			Parse(v)
		}
	}
}
