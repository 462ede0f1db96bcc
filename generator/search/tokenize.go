package search

import (
	"bytes"
	"unicode/utf8"
)

// Tokenisation rules (mirrored exactly by static/js/search.js):
//
//  1. Folding, per code point: full-width ASCII U+FF01–U+FF5E → ASCII, U+3000 → space,
//     µ (U+00B5) → μ (U+03BC), the dashes U+2010–U+2015, U+2212, U+FE63 → "-",
//     superscript and subscript digits → digits, Roman numerals Ⅰ–Ⅻ / ⅰ–ⅻ → "i".."xii";
//     A–Z, À–Þ and Greek capitals are lowercased.
//  2. Han characters (U+3007 〇, U+3400–U+4DBF, U+4E00–U+9FFF, U+F900–U+FAFF,
//     U+20000–U+2FA1F, U+30000–U+323AF) form runs; a run gives, for each position, the
//     single character followed by the bigram starting there.
//  3. Word characters (a–z, 0–9, Latin-1 and Latin Extended-A/B letters, Greek
//     lowercase letters) form words; ".", "-" and "/" stay inside a word when they stand
//     between two word characters. A word is cut to 48 code points (trailing joiners
//     removed). A word gives itself and, when it contains "-" or "/", the pieces between
//     them: "GB/T 50375-2016" → "gb/t", "gb", "t", "50375-2016", "50375", "2016";
//     "PM2.5" → "pm2.5"; "ISO14000" → "iso14000"; "5G" → "5g".
//  4. Everything else separates tokens.

const maxWordRunes = 48

var romanNumerals = [12]string{"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}

// foldRune applies the single-code-point folds of rule 1 (Roman numerals excepted).
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	case r == 0x3000:
		return ' '
	case r == 0xB5:
		return 0x3BC
	case r >= 0xC0 && r <= 0xDE && r != 0xD7:
		return r + 32
	case r >= 0x391 && r <= 0x3A9 && r != 0x3A2:
		return r + 32
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE63:
		return '-'
	case r == 0xB9:
		return '1'
	case r == 0xB2:
		return '2'
	case r == 0xB3:
		return '3'
	case r == 0x2070:
		return '0'
	case r >= 0x2074 && r <= 0x2079:
		return '4' + (r - 0x2074)
	case r >= 0x2080 && r <= 0x2089:
		return '0' + (r - 0x2080)
	}
	return r
}

func isHan(r rune) bool {
	switch {
	case r < 0x3007:
		return false
	case r == 0x3007:
		return true
	case r < 0x3400:
		return false
	case r <= 0x4DBF:
		return true
	case r < 0x4E00:
		return false
	case r <= 0x9FFF:
		return true
	case r < 0xF900:
		return false
	case r <= 0xFAFF:
		return true
	case r < 0x20000:
		return false
	case r <= 0x2FA1F:
		return true
	}
	return r >= 0x30000 && r <= 0x323AF
}

// isWordRune reports whether a folded, lowercased code point belongs in a word.
func isWordRune(r rune) bool {
	switch {
	case r < 0x80:
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
	case r >= 0xDF && r <= 0x24F:
		return r != 0xF7
	}
	return r >= 0x3B1 && r <= 0x3C9
}

func isJoiner(r rune) bool { return r == '.' || r == '-' || r == '/' }

// Valid second bytes of three-byte UTF-8 sequences, by first byte E0–EF (no overlong
// forms, no surrogates).
var (
	lo3 = [16]byte{0xA0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80}
	hi3 = [16]byte{0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF, 0x9F, 0xBF, 0xBF}
)

// sink receives the runs found by scan.
type sink interface {
	han(run []rune)
	word(w []byte) // only valid during the call
}

// scanner splits text into Han runs and words (rules 1–4). It reuses its buffers.
type scanner struct {
	run  []rune
	wb   []byte
	join byte // a joiner seen right after a word character, kept if a word character follows
}

func (sc *scanner) flushHan(out sink) {
	if len(sc.run) > 0 {
		out.han(sc.run)
		sc.run = sc.run[:0]
	}
}

func (sc *scanner) flushWord(out sink) {
	sc.join = 0
	if len(sc.wb) == 0 {
		return
	}
	w := sc.wb
	if n := utf8.RuneCount(w); n > maxWordRunes {
		i := 0
		for k := 0; k < maxWordRunes; k++ {
			_, size := utf8.DecodeRune(w[i:])
			i += size
		}
		w = w[:i]
		for len(w) > 0 && isJoiner(rune(w[len(w)-1])) {
			w = w[:len(w)-1]
		}
	}
	sc.wb = sc.wb[:0]
	if len(w) == 0 {
		return
	}
	out.word(w)
}

func (sc *scanner) wordRune(r rune, out sink) {
	sc.flushHan(out)
	if sc.join != 0 {
		sc.wb = append(sc.wb, sc.join)
		sc.join = 0
	}
	sc.wb = utf8.AppendRune(sc.wb, r)
}

func (sc *scanner) scan(s string, out sink) {
	sc.run = sc.run[:0]
	sc.wb = sc.wb[:0]
	sc.join = 0
	for i := 0; i < len(s); {
		var r rune
		if c := s[i]; c < utf8.RuneSelf {
			r = rune(c)
			i++
		} else if c >= 0xE0 && c <= 0xEF && i+2 < len(s) && s[i+2]&0xC0 == 0x80 && s[i+1] >= lo3[c-0xE0] && s[i+1] <= hi3[c-0xE0] {
			// three-byte sequences (all BMP Han) without the general decoder
			r = rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			i += 3
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size
		}
		if r >= 0x4E00 && r <= 0x9FFF { // fast path: CJK Unified Ideographs
			if len(sc.wb) > 0 {
				sc.flushWord(out)
			}
			sc.run = append(sc.run, r)
			continue
		}
		r = foldRune(r)
		switch {
		case isHan(r):
			sc.flushWord(out)
			sc.run = append(sc.run, r)
		case isWordRune(r):
			sc.wordRune(r, out)
		case isJoiner(r) && len(sc.wb) > 0 && sc.join == 0:
			sc.join = byte(r)
		case r >= 0x2160 && r <= 0x216B, r >= 0x2170 && r <= 0x217B:
			for _, c := range romanNumerals[(r-0x2160)%16] {
				sc.wordRune(c, out)
			}
		default:
			sc.flushHan(out)
			sc.flushWord(out)
		}
	}
	sc.flushHan(out)
	sc.flushWord(out)
}

// wordParts calls f for each piece of w between "-" and "/" when w has any.
func wordParts(w []byte, f func([]byte)) {
	if bytes.IndexAny(w, "-/") < 0 {
		return
	}
	for len(w) > 0 {
		j := bytes.IndexAny(w, "-/")
		if j < 0 {
			f(w)
			return
		}
		if j > 0 {
			f(w[:j])
		}
		w = w[j+1:]
	}
}

type tokenSink struct{ toks []string }

func (t *tokenSink) han(run []rune) {
	for i, r := range run {
		t.toks = append(t.toks, string(r))
		if i+1 < len(run) {
			t.toks = append(t.toks, string(run[i:i+2]))
		}
	}
}

func (t *tokenSink) word(w []byte) {
	t.toks = append(t.toks, string(w))
	wordParts(w, func(p []byte) { t.toks = append(t.toks, string(p)) })
}

// Tokenize splits s into search tokens in text order, duplicates kept: for Han text
// each character and each overlapping bigram, for Latin text and numbers the whole
// lowercased word and its "-"/"/" pieces. Full-width forms are folded to half-width.
// The rules are listed at the top of tokenize.go; static/js/search.js implements the
// same function as QPSearch.tokenize.
func Tokenize(s string) []string {
	var sc scanner
	var t tokenSink
	sc.scan(s, &t)
	return t.toks
}

// Query planning (mirrored by QPSearch.analyze in the client). A query is made of
// units: each Han character and each whole word. Terms are what is looked up: a
// single-character Han run looks up its character, a longer run its bigrams (each
// covering two units), a word itself. A document covers the units of the terms it
// contains; ranking puts documents covering every unit first.

// maxQueryUnits bounds a query (and so the shards it loads); later units are ignored.
// Every term adds at least one unit, so there are never more terms than units.
const maxQueryUnits = 30

// queryTerm is one term to look up and the units (bit mask) it covers.
type queryTerm struct {
	Term string
	Mask uint32
}

type querySink struct {
	units int
	terms []queryTerm
	runs  []uint32 // the units of each Han run of two or more characters
}

func (q *querySink) add(term string, mask uint32) {
	for i := range q.terms {
		if q.terms[i].Term == term {
			q.terms[i].Mask |= mask
			return
		}
	}
	q.terms = append(q.terms, queryTerm{term, mask})
}

func (q *querySink) han(run []rune) {
	if len(run) == 1 {
		if q.units < maxQueryUnits {
			q.add(string(run), 1<<q.units)
			q.units++
		}
		return
	}
	start := q.units
	for i := 0; i+1 < len(run) && q.units+1 < maxQueryUnits; i++ {
		q.add(string(run[i:i+2]), 3<<q.units)
		q.units++
	}
	if q.units < maxQueryUnits {
		q.units++ // the run's last character, covered by the last bigram
	}
	if q.units-start >= 2 {
		q.runs = append(q.runs, (1<<q.units-1)&^(1<<start-1))
	}
}

func (q *querySink) word(w []byte) {
	if q.units < maxQueryUnits {
		q.add(string(w), 1<<q.units)
		q.units++
	}
}

// planQuery returns the number of units of q, the terms to look up and the units of
// each Han run of two or more characters. Ranking counts a run as present in a
// document when the document has every one of the run's bigrams whose postings are
// complete and there is at least one such bigram: the common bigrams of a phrase may
// have been cut to MaxPostings, its rarer bigrams identify it.
func planQuery(q string) (units int, terms []queryTerm, runs []uint32) {
	var sc scanner
	var qs querySink
	sc.scan(q, &qs)
	return qs.units, qs.terms, qs.runs
}
