package search

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var tokenizeTests = []struct {
	in   string
	want []string
}{
	{"", nil},
	{"质量", []string{"质", "质量", "量"}},
	{"空气质量", []string{"空", "空气", "气", "气质", "质", "质量", "量"}},
	{"水", []string{"水"}},
	{"产品质量,服务质量。", []string{"产", "产品", "品", "品质", "质", "质量", "量", "服", "服务", "务", "务质", "质", "质量", "量"}},
	{"二〇三五年", []string{"二", "二〇", "〇", "〇三", "三", "三五", "五", "五年", "年"}},
	{"PM2.5", []string{"pm2.5"}},
	{"PM2.5浓度", []string{"pm2.5", "浓", "浓度", "度"}},
	{"ＰＭ２．５", []string{"pm2.5"}},
	{"ＰＭ２．５浓度下降", []string{"pm2.5", "浓", "浓度", "度", "度下", "下", "下降", "降"}},
	{"5G基站", []string{"5g", "基", "基站", "站"}},
	{"５Ｇ", []string{"5g"}},
	{"ISO14000", []string{"iso14000"}},
	{"ISO 9001", []string{"iso", "9001"}},
	{"GB/T 50375-2016", []string{"gb/t", "gb", "t", "50375-2016", "50375", "2016"}},
	{"《建筑工程施工质量评价标准 GB/T 50375-2016》", []string{"建", "建筑", "筑", "筑工", "工", "工程", "程", "程施", "施", "施工", "工", "工质", "质", "质量", "量", "量评", "评", "评价", "价", "价标", "标", "标准", "准", "gb/t", "gb", "t", "50375-2016", "50375", "2016"}},
	{"ＧＢ／Ｔ　５０３７５－２０１６", []string{"gb/t", "gb", "t", "50375-2016", "50375", "2016"}},
	{"2021—2025年", []string{"2021-2025", "2021", "2025", "年"}},
	{"2021-2025", []string{"2021-2025", "2021", "2025"}},
	{"93.2%", []string{"93.2"}},
	{"1.各领域", []string{"1", "各", "各领", "领", "领域", "域"}},
	{"a..b", []string{"a", "b"}},
	{"end.", []string{"end"}},
	{"-5", []string{"5"}},
	{"1133100200267413X7/2022-145457", []string{"1133100200267413x7/2022-145457", "1133100200267413x7", "2022", "145457"}},
	{"µg/m³", []string{"μg/m3", "μg", "m3"}},
	{"μg/m3", []string{"μg/m3", "μg", "m3"}},
	{"PM₂.₅", []string{"pm2.5"}},
	{"Ⅱ类水质", []string{"ii", "类", "类水", "水", "水质", "质"}},
	{"I类地区", []string{"i", "类", "类地", "地", "地区", "区"}},
	{"ÉCOLE Ünïcode", []string{"école", "ünïcode"}},
	{"ΑΒΓ", []string{"αβγ"}},
	{"Hello, World!", []string{"hello", "world"}},
	{"“品字标”", []string{"品", "品字", "字", "字标", "标"}},
	{"𠀀𠀁", []string{"𠀀", "𠀀𠀁", "𠀁"}},
	{"あいう한국", nil},
	{strings.Repeat("a", 60), []string{strings.Repeat("a", 48)}},
	{strings.Repeat("a", 47) + "-b", []string{strings.Repeat("a", 47)}},
	{"bad\xffutf8", []string{"bad", "utf8"}},
}

func TestTokenize(t *testing.T) {
	for _, tt := range tokenizeTests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Tokenize(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPlanQuery(t *testing.T) {
	tests := []struct {
		q     string
		units int
		want  []queryTerm
		runs  []uint32
	}{
		{"", 0, nil, nil},
		{"水", 1, []queryTerm{{"水", 1}}, nil},
		{"质量", 2, []queryTerm{{"质量", 3}}, []uint32{3}},
		{"空气优良", 4, []queryTerm{{"空气", 3}, {"气优", 6}, {"优良", 12}}, []uint32{15}},
		{"PM2.5", 1, []queryTerm{{"pm2.5", 1}}, nil},
		{"GB/T 50375-2016", 2, []queryTerm{{"gb/t", 1}, {"50375-2016", 2}}, nil},
		{"椒江 空气", 4, []queryTerm{{"椒江", 3}, {"空气", 12}}, []uint32{3, 12}},
		{"质量质量", 4, []queryTerm{{"质量", 3 | 12}, {"量质", 6}}, []uint32{15}},
		{"5G 水 a", 3, []queryTerm{{"5g", 1}, {"水", 2}, {"a", 4}}, nil},
		{"PM2.5平均浓度", 5, []queryTerm{{"pm2.5", 1}, {"平均", 6}, {"均浓", 12}, {"浓度", 24}}, []uint32{30}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			units, terms, runs := planQuery(tt.q)
			if units != tt.units || !slices.Equal(terms, tt.want) || !slices.Equal(runs, tt.runs) {
				t.Errorf("planQuery(%q) = %d, %v, %b; want %d, %v, %b", tt.q, units, terms, runs, tt.units, tt.want, tt.runs)
			}
		})
	}
}

func TestPlanQueryBounded(t *testing.T) {
	long := strings.Repeat("质量强区标准强区品牌强区", 10)
	units, terms, runs := planQuery(long + " pm2.5")
	if len(runs) != 1 || runs[0] != 1<<maxQueryUnits-1 {
		t.Errorf("planQuery(long) runs = %b; want one run of every unit", runs)
	}
	if units != maxQueryUnits {
		t.Errorf("planQuery(long) units = %d; want %d", units, maxQueryUnits)
	}
	var all uint32
	for _, qt := range terms {
		all |= qt.Mask
	}
	if want := uint32(1)<<maxQueryUnits - 1; all != want {
		t.Errorf("planQuery(long) covers %b; want every unit %b", all, want)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, tt := range tokenizeTests {
		f.Add(tt.in)
	}
	f.Add("ＰＭ２．５／ＧＢ－Ｔ\u3000Ⅻ\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokenize(s) {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("Tokenize(%q) gave token %q", s, tok)
			}
			if again := Tokenize(tok); len(again) == 0 {
				t.Fatalf("Tokenize(%q): token %q does not tokenize to itself", s, tok)
			}
		}
		units, terms, _ := planQuery(s)
		if units > maxQueryUnits || len(terms) > units {
			t.Fatalf("planQuery(%q) = %d units, %d terms", s, units, len(terms))
		}
	})
}

// TestMayWord checks the worker's shortcut: a rune that is not Han makes a
// token, alone, exactly when mayWord says it may, and text of runes that may
// not (punctuation, spaces, symbols) makes none.
func TestMayWord(t *testing.T) {
	var silent []rune
	for r := rune(0); r < 0x30000; r++ {
		if isHan(r) || r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		toks := Tokenize(string(r))
		if got := mayWord(r); got != (len(toks) > 0) {
			t.Fatalf("mayWord(%U) = %v; Tokenize(%q) = %q", r, got, string(r), toks)
		}
		if !mayWord(r) && r < 0x10000 {
			silent = append(silent, r)
		}
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for range 2000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteRune(silent[rng.IntN(len(silent))])
		}
		if toks := Tokenize(b.String()); len(toks) > 0 {
			t.Fatalf("Tokenize(%q) = %q; want no token", b.String(), toks)
		}
	}
}

// workerTerms returns the terms the index worker makes of s as field, with
// how many times the body counts each (a title's terms count once).
func workerTerms(s string, field int) map[string]int {
	dict := &dictionary{ids: map[string]uint32{}}
	w := newWorker(dict)
	w.gen++
	w.scanField(field, s)
	got := map[string]int{}
	for _, h := range w.touched {
		v := w.tab[h]
		n := int(v & valTF)
		if field != fieldBody {
			n = 1
		}
		got[keyText(uint32(v>>16), dict.strs)] = n
	}
	return got
}

// tokenizeTerms is what workerTerms should give: Tokenize's tokens, without
// single Han characters in the body, counted.
func tokenizeTerms(s string, field int) map[string]int {
	want := map[string]int{}
	for _, tok := range Tokenize(s) {
		if r := []rune(tok); field == fieldBody && len(r) == 1 && isHan(r[0]) {
			continue
		}
		if field == fieldBody {
			want[tok] = min(want[tok]+1, valTF)
		} else {
			want[tok] = 1
		}
	}
	return want
}

// TestWorkerMatchesTokenize checks the index worker's own scan of text (its
// fast loop over Han characters and the punctuation between them) against
// Tokenize, the reference the client mirrors.
func TestWorkerMatchesTokenize(t *testing.T) {
	pieces := []string{"质量", "强区", "建设", "〇", "㐀", "𠀀", "豈", "，", "。", "、", "：", "；", "（", "）",
		"《", "》", "「", "」", "【", "】", "“", "”", "！", "？", "　", "…", "．", "－", "／", "—",
		"PM2.5", "ＰＭ２．５", "GB/T 50375-2016", "5G", " ", "\n", "-", ".", "/", "a", "7", "é", "Ⅳ",
		"µg", "\xe4\xb8", "\xef\xbc", "\xe3\x80", "x\xe4"}
	tests := []string{
		"推进质量强区建设，提升产品质量。",
		"空气质量优良天数比例（％）：≥85",
		"“十四五”时期，PM2.5浓度下降、品牌建设……",
		"质量，5G、ＰＭ２．５；GB/T 50375-2016》标准",
		"〇，㐀。豈、𠀀",
	}
	rng := rand.New(rand.NewPCG(5, 8))
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(16) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		tests = append(tests, b.String())
	}
	for _, s := range tests {
		checkWorkerTerms(t, s)
	}
}

// checkWorkerTerms compares workerTerms with tokenizeTerms for a body and a title.
func checkWorkerTerms(t *testing.T, s string) {
	t.Helper()
	for _, field := range []int{fieldBody, fieldTitle} {
		if got, want := workerTerms(s, field), tokenizeTerms(s, field); !maps.Equal(got, want) {
			t.Fatalf("worker terms of %q (field %d) = %v; want %v", s, field, got, want)
		}
	}
}

func FuzzWorkerMatchesTokenize(f *testing.F) {
	f.Add("推进质量强区建设，提升产品质量。PM2.5、ＰＭ２．５")
	f.Add("“十四五”，〇㐀。GB/T 50375-2016")
	f.Fuzz(checkWorkerTerms)
}

// TestSepMarks checks that the common punctuation of Chinese text is what
// hanLoop steps over, and nothing that is Han or joins a word.
func TestSepMarks(t *testing.T) {
	in := func(r rune) bool {
		b := utf8.AppendRune(nil, r)
		for k, lead := range [3][2]byte{{0xE2, 0x80}, {0xE3, 0x80}, {0xEF, 0xBC}} {
			if len(b) == 3 && b[0] == lead[0] && b[1] == lead[1] {
				return sepMarks[k]>>(b[2]&0x3F)&1 != 0
			}
		}
		return false
	}
	for _, r := range "，。、：；（）“”‘’《》「」【】！？　…" {
		if !in(r) {
			t.Errorf("sepMarks lacks %q (%U)", r, r)
		}
	}
	for _, r := range "〇．－／‐—ＡＰ０５" { // Han, joiners (folded to . - /), word characters
		if in(r) {
			t.Errorf("sepMarks has %q (%U)", r, r)
		}
	}
}
