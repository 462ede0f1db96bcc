package chart

import (
	"bytes"
	"encoding/xml"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// breakLines does what a strings.Replacer of every tag by "\n"+tag does.
func TestBreakLinesMatchesReplacer(t *testing.T) {
	var pairs []string
	for _, tag := range lineTags {
		pairs = append(pairs, tag, "\n"+tag)
	}
	r := strings.NewReplacer(pairs...)
	pieces := append([]string{"<", ">", "a", " ", "g", "/", "text", "质量", "\n"}, lineTags...)
	rng := rand.New(rand.NewPCG(1, 1))
	for range 5000 {
		s := randomText(rng, pieces, 15)
		if got, want := breakLines(s), r.Replace(s); got != want {
			t.Fatalf("breakLines(%q) = %q, want %q", s, got, want)
		}
	}
}

// oldN is how n formatted a coordinate before its fast paths.
func oldN(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	s := trimZeros(strconv.FormatFloat(x, 'f', 2, 64))
	if s == "-0" {
		return "0"
	}
	return s
}

func checkNum(t *testing.T, x float64) {
	t.Helper()
	want := oldN(x)
	if got := n(x); got != want {
		t.Fatalf("n(%v) = %q; want %q", x, got, want)
	}
	var b w
	b.num(x)
	if got := b.String(); got != want {
		t.Fatalf("num(%v) = %q; want %q", x, got, want)
	}
}

// n and num write FormatFloat(x, 'f', 2) without trailing zeros, "-0" as "0".
func TestNumMatchesFormatFloat(t *testing.T) {
	for _, x := range []float64{0, math.Copysign(0, -1), -0.001, 0.004, 0.005, 1.005, 2.675, -2.675, 99.995, 99.999,
		1e14, 1e15, -1e15, 1e300, 0.125, 0.375, -0.125, 0.005, 0.015, 1.115, 999999.995, 999999.994, -999999.999, 1e6 - 0.001, 0.0049999999, math.Inf(1), math.Inf(-1), math.NaN(), 0.1, 123.456, -7, 1 << 53} {
		checkNum(t, x)
	}
	rng := rand.New(rand.NewPCG(2, 2))
	for range 200000 {
		x := (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(8)))
		switch rng.IntN(4) {
		case 0:
			x = math.Round(x*100) / 100
		case 1:
			x = (math.Round(x*1000) + 0.5) / 1000 // near and at ties of the hundredths
		}
		checkNum(t, x)
	}
}

func FuzzNum(f *testing.F) {
	f.Add(1.005)
	f.Fuzz(func(t *testing.T, x float64) { checkNum(t, x) })
}

func checkEscape(t *testing.T, s string) {
	t.Helper()
	var want bytes.Buffer
	xml.EscapeText(&want, []byte(s))
	var b w
	b.esc(s)
	if got := b.String(); got != want.String() {
		t.Fatalf("esc(%q) = %q; want %q", s, got, want.String())
	}
}

// esc writes what xml.EscapeText writes.
func TestEscMatchesEscapeText(t *testing.T) {
	pieces := []string{"a", "质量", "<", ">", "&", `"`, "'", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", "\xff", "\xe8\xb4",
		"\uFFFE", "\uFFFF", "\uFFFD", "\U0001F600", "\u2028", "≥", "\ud7ff", "\ue000"}
	for _, p := range pieces {
		checkEscape(t, p)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for range 20000 {
		checkEscape(t, randomText(rng, pieces, 10))
	}
}

func FuzzEsc(f *testing.F) {
	f.Add("质量<&>\"'\t\xff")
	f.Fuzz(checkEscape)
}

// formatTick and tickWidth are what they were as FormatFloat and textWidth.
func TestFormatTickMatchesFormatFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for i := range 100000 {
		x := (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(8)-2))
		if i < 6 {
			x = []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), -0.004, 1e21}[i]
		}
		dec := rng.IntN(5)
		want := trimZeros(strconv.FormatFloat(x, 'f', dec, 64))
		if want == "-0" {
			want = "0"
		}
		if got := formatTick(x, dec); got != want {
			t.Fatalf("formatTick(%v, %d) = %q; want %q", x, dec, got, want)
		}
		if got, want := tickWidth(x, dec, smallSize), textWidth(want, smallSize); got != want {
			t.Fatalf("tickWidth(%v, %d) = %v; want %v", x, dec, got, want)
		}
	}
}

// textWidth is the sum of runeWidth over the runes of s, whatever the bytes.
func TestTextWidthMatchesRunes(t *testing.T) {
	pieces := []string{"质量", "a", "1", " ", "≥", "µ", "\u3000", "\u9fff", "\ua000", "\uac00", "\xe8\xb4", "\xe3\x80", "\xff", "PM2.5", "％"}
	rng := rand.New(rand.NewPCG(6, 6))
	for range 20000 {
		s := randomText(rng, pieces, 8)
		var want float64
		for _, r := range s {
			want += runeWidth(r)
		}
		if got := textWidth(s, 1); got != want {
			t.Fatalf("textWidth(%q) = %v; want %v", s, got, want)
		}
	}
}

// A chart's own builder puts elements on lines as it is written: the same
// bytes as breakLines of the same writes, tags cut between writes included.
func TestLinesAsWritten(t *testing.T) {
	pieces := append([]string{"<", "g", " ", "</", "g>", "<pat", "tern ", "<pa", "th ", "<a", "<t", "ext ", "itle>",
		"</sv", "g>", "x=\"1\"", ">", "/>", "质量", "\n"}, lineTags...)
	texts := []string{"", "a<b", "g ", "质量&", "ext "}
	rng := rand.New(rand.NewPCG(8, 8))
	for range 20000 {
		streamed, plain := w{lines: true}, w{}
		for range rng.IntN(12) {
			switch rng.IntN(5) {
			case 0:
				x := texts[rng.IntN(len(texts))]
				streamed.esc(x)
				plain.esc(x)
			case 1:
				x := float64(rng.IntN(2000)-1000) / 8
				streamed.num(x)
				plain.num(x)
			case 2:
				name, value := "fill", texts[rng.IntN(len(texts))]
				streamed.attr(name, value)
				plain.attr(name, value)
			default:
				p := pieces[rng.IntN(len(pieces))]
				streamed.s(p)
				plain.s(p)
			}
		}
		if got, want := streamed.html(), plain.html(); got != want {
			t.Fatalf("written as lines:\n%q\nbreakLines:\n%q", got, want)
		}
	}
}

// randomText joins fewer than n pieces picked by rng.
func randomText(rng *rand.Rand, pieces []string, n int) string {
	var b strings.Builder
	for range rng.IntN(n) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}
