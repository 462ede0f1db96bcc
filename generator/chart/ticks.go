package chart

import (
	"math"
)

// Ticks returns at most n (at least 3) evenly spaced "nice" tick values —
// multiples of 1, 2 or 5 × 10^k such as 0, 20, 40, 60 — whose range covers
// [lo, hi]. If lo equals hi the range is widened to include zero (or [0, 1]
// when both are zero). It returns nil if lo or hi is NaN or infinite.
func Ticks(lo, hi float64, n int) []float64 {
	t, _ := niceTicks(lo, hi, n)
	return t
}

// TickLabels formats ticks as Ticks would print them on an axis: with the
// decimals the step needs and no trailing zeros, e.g. 0, 0.5, 1, 1.5 or
// 0, 20000, 40000.
func TickLabels(lo, hi float64, n int) []string {
	t, dec := niceTicks(lo, hi, n)
	out := make([]string, len(t))
	for i, v := range t {
		out[i] = formatTick(v, dec)
	}
	return out
}

func formatTick(v float64, dec int) string {
	var tmp [40]byte
	return string(appendFixed(tmp[:0], v, dec))
}

// tickWidth is textWidth(formatTick(v, dec), size), without making the string.
func tickWidth(v float64, dec int, size float64) float64 {
	var tmp [40]byte
	var em float64
	for _, c := range appendFixed(tmp[:0], v, dec) {
		em += runeWidth(rune(c)) // ASCII only
	}
	return em * size
}

// niceTicks implements Ticks and also returns the decimals needed to print them.
func niceTicks(lo, hi float64, n int) ([]float64, int) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, 0
	}
	if n < 3 {
		n = 3
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi-lo <= math.Max(math.Abs(lo), math.Abs(hi))*1e-12 {
		switch {
		case hi > 0:
			lo = 0
		case lo < 0:
			hi = 0
		default:
			lo, hi = 0, 1
		}
	}
	if math.IsInf(hi-lo, 0) { // only for values near ±MaxFloat64
		lo, hi = lo/4, hi/4
		t, dec := niceTicks(lo, hi, n)
		for i := range t {
			t[i] *= 4
		}
		return t, dec
	}
	// Start from the smallest nice step ≥ range/(n-1) and grow it until the
	// ticks fit in n.
	raw := (hi - lo) / float64(n-1)
	e := int(math.Floor(math.Log10(raw)))
	mant := []float64{1, 2, 5}
	mi := 0
	for mi < len(mant) && mant[mi]*math.Pow(10, float64(e)) < raw*(1-1e-9) {
		mi++
	}
	if mi == len(mant) {
		mi, e = 0, e+1
	}
	for iter := 0; ; iter++ {
		m := mant[mi]
		step := m * math.Pow(10, float64(e))
		k0 := math.Floor(lo/step + 1e-9)
		k1 := math.Ceil(hi/step - 1e-9)
		if int(k1-k0)+1 <= n || iter > 20 {
			count := int(k1-k0) + 1
			if count > 2*n || count < 2 { // numerically degenerate; fall back to the bounds
				return []float64{lo, hi}, decimalsFor(hi - lo)
			}
			out := make([]float64, count)
			for i := range out {
				k := k0 + float64(i)
				if e < 0 {
					out[i] = k * m / math.Pow(10, float64(-e))
				} else {
					out[i] = k * m * math.Pow(10, float64(e))
				}
				if out[i] == 0 {
					out[i] = 0 // no -0
				}
			}
			dec := 0
			if e < 0 {
				dec = -e
			}
			return out, dec
		}
		mi++
		if mi == len(mant) {
			mi, e = 0, e+1
		}
	}
}

func decimalsFor(span float64) int {
	if span <= 0 || span >= 1 {
		return 0
	}
	d := int(math.Ceil(-math.Log10(span))) + 1
	if d > 12 {
		d = 12
	}
	return d
}
