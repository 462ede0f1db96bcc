package indicator

import "testing"

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
