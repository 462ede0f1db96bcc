package importer

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSize is the largest input accepted. The text of one plan is well under
// 1 MB (the seeds are 20–80 kB); anything bigger is not the text of a web page.
const MaxSize = 8 << 20

// line is one input line: its 1-based number, the raw text and the text with
// surrounding white space (blanks, no-break and ideographic spaces) removed.
type line struct {
	n      int
	raw    string
	text   string
	spacer bool // a line holding only no-break or ideographic spaces: the web page's paragraph spacer
}

// InputError is a problem with the file as a whole: it cannot be imported.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// checkInput rejects what is not the UTF-8 text of a plan, with a message that
// says what to do about it.
func checkInput(src []byte) error {
	if len(src) > MaxSize {
		return &InputError{fmt.Sprintf("file is %.1f MB; the text of one plan is far smaller (limit %d MB): is this the right file?", float64(len(src))/(1<<20), MaxSize>>20)}
	}
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return &InputError{"file is UTF-16; save it as UTF-8 (for example: iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8)"}
	}
	if len(bytes.TrimFunc(src, unicode.IsSpace)) == 0 {
		return &InputError{"file is empty: copy the text of the plan's web page into it"}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return &InputError{fmt.Sprintf("file is binary (a NUL byte at offset %d), not the text of a web page", i)}
	}
	if !utf8.Valid(src) {
		if looksGBK(src) {
			return &InputError{"file is not UTF-8: it looks like GBK/GB18030; convert it first: iconv -f GB18030 -t UTF-8 FILE > FILE.utf8"}
		}
		off := firstInvalid(src)
		return &InputError{fmt.Sprintf("file is not UTF-8 text (invalid byte 0x%02x at offset %d); binary files cannot be imported", src[off], off)}
	}
	ctrl := 0
	for _, r := range string(src) {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			ctrl++
		}
	}
	if ctrl > 16 && ctrl*100 > utf8.RuneCount(src) {
		return &InputError{"file holds control characters: it looks binary, not the text of a web page"}
	}
	return nil
}

func firstInvalid(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

// looksGBK reports whether the non-ASCII bytes mostly pair up as GBK double-byte characters.
func looksGBK(src []byte) bool {
	pairs, bad := 0, 0
	for i := 0; i < len(src); i++ {
		b := src[i]
		if b < 0x80 {
			continue
		}
		if b >= 0x81 && b <= 0xFE && i+1 < len(src) {
			t := src[i+1]
			if t >= 0x40 && t <= 0xFE && t != 0x7F {
				pairs++
				i++
				continue
			}
		}
		bad++
	}
	return pairs >= 2 && bad*10 <= pairs
}

// splitLines splits the text into numbered lines; CRLF and CR are line ends too.
func splitLines(src []byte) []line {
	s := string(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")))
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	raw := strings.Split(s, "\n")
	if len(raw) > 0 && raw[len(raw)-1] == "" {
		raw = raw[:len(raw)-1]
	}
	lines := make([]line, len(raw))
	for i, r := range raw {
		t := strings.TrimFunc(r, isBlank)
		lines[i] = line{n: i + 1, raw: r, text: t, spacer: t == "" && strings.ContainsAny(r, "\u00a0\u3000")}
	}
	return lines
}

func isBlank(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' }

// squeeze removes all white space (category cells printed "标 准 建 设").
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if isBlank(r) {
			return -1
		}
		return r
	}, s)
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// excerpt shortens s for the report.
func excerpt(s string, n int) string {
	if runes(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
