package match

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// The automaton finds exactly the names strings.Contains finds.
func TestNameMatcherAgreesWithContains(t *testing.T) {
	// With a character outside the BMP, U+FFFD itself, Latin and an empty name;
	// the texts have invalid bytes too, which match no name.
	names := []string{"空气质量优良天数比例", "空气质量", "优良天数", "PM2.5平均浓度", "合格率", "产品质量合格率", "制造业产品质量平均合格率", "a", "aa", "aab", "", "𠀀家", "合格\uFFFD"}
	ids := []int32{0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11}
	m := New(names, ids, 12)
	alphabet := []string{"空气", "质量", "优良", "天数", "比例", "PM2.5", "平均", "浓度", "合格率", "产品", "制造业", "a", "b", "。", "\n", "𠀀", "家", "合格", "\uFFFD", "\xff", "\xe4\xb8", "é"}
	rng := rand.New(rand.NewPCG(1, 2))
	var buf Set
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(20) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		text := b.String()
		buf = m.Find(text, buf)
		want := map[int32]bool{}
		for i, n := range names {
			if strings.Contains(text, n) {
				want[ids[i]] = true
			}
		}
		// The same text scanned in pieces, cut between code points (as
		// EachPlain gives a section's text).
		pieces := m.Start(nil)
		st := int32(0)
		for rest := text; rest != ""; {
			k := rng.IntN(len(rest) + 1)
			for k < len(rest) && !utf8.RuneStart(rest[k]) {
				k++
			}
			st = m.Scan(rest[:k], st, pieces)
			rest = rest[k:]
		}
		for id := int32(0); id < 12; id++ {
			if buf.Has(id) != want[id] {
				t.Fatalf("text %q: id %d found=%v, want %v", text, id, buf.Has(id), want[id])
			}
			if pieces.Has(id) != want[id] {
				t.Fatalf("text %q in pieces: id %d found=%v, want %v", text, id, pieces.Has(id), want[id])
			}
		}
	}
}

// For any text, valid UTF-8 or not, the automaton finds exactly the names
// strings.Contains finds.
func FuzzNameMatcher(f *testing.F) {
	names := []string{"空气质量优良天数比例", "空气质量", "合格率", "PM2.5平均浓度", "aab", "𠀀家", "合格\uFFFD", "é"}
	ids := []int32{0, 1, 2, 3, 4, 5, 6, 7}
	m := New(names, ids, 8)
	for _, s := range []string{"", "空气质量优良天数比例达到95%", "合格\xff率", "合格\uFFFD", "\xe4\xb8空气质量", "𠀀家PM2.5平均浓度", "aaab", "e\u0301é"} {
		f.Add(s)
	}
	var buf Set
	f.Fuzz(func(t *testing.T, text string) {
		buf = m.Find(text, buf)
		for i, n := range names {
			if got, want := buf.Has(ids[i]), strings.Contains(text, n); got != want {
				t.Fatalf("find(%q) has %q = %v; want %v", text, n, got, want)
			}
		}
	})
}
