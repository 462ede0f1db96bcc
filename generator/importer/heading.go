package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A heading as printed: 一、 (level 2), (一) (level 3), 1. / 1、 (level 4),
// (1) / 1) (level 5). Title is the printed heading with its number; Body is
// the text that followed a lead-in ("1.创新突破。把创新摆在……" → title
// "1.创新突破", body "把创新摆在……").
type heading struct {
	Level int
	Num   int
	Title string
	Body  string
}

var (
	h2RE = regexp.MustCompile(`^([一二三四五六七八九十]{1,3})、\s*(.+)$`)
	h3RE = regexp.MustCompile(`^[(\x{FF08}]([一二三四五六七八九十]{1,3})[)\x{FF09}]\s*(.+)$`)
	h4RE = regexp.MustCompile(`^([0-9]{1,2})[.、\x{FF0E}]\s*(.+)$`)
	h5RE = regexp.MustCompile(`^(?:[(\x{FF08}]([0-9]{1,2})[)\x{FF09}]|([0-9]{1,2})[)\x{FF09}])\s*(.+)$`)
)

// Limits that tell a heading from a paragraph: a title alone on its line is
// short and has no sentence punctuation; a lead-in ends with "。" early.
const (
	maxTitleRunes  = 40
	maxLeadInRunes = 24
)

// numbered splits a line that starts with a heading number: its level, number,
// the marker as printed ("1、") and the rest.
func numbered(s string) (level, num int, marker, rest string, ok bool) {
	if m := h2RE.FindStringSubmatch(s); m != nil {
		if n := chineseNum(m[1]); n > 0 {
			return 2, n, s[:len(s)-len(m[2])], m[2], true
		}
	}
	if m := h3RE.FindStringSubmatch(s); m != nil {
		if n := chineseNum(m[1]); n > 0 {
			return 3, n, s[:len(s)-len(m[2])], m[2], true
		}
	}
	if m := h5RE.FindStringSubmatch(s); m != nil {
		d := m[1] + m[2]
		n, _ := strconv.Atoi(d)
		if n > 0 {
			return 5, n, s[:len(s)-len(m[3])], m[3], true
		}
	}
	if m := h4RE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n > 0 {
			return 4, n, s[:len(s)-len(m[2])], m[2], true
		}
	}
	return 0, 0, "", "", false
}

// parseHeading reads a heading line. expect(level) is the number the next
// heading of that level would have; it lets "2.2035年远景目标" be a heading
// (the 2. is its number) while a paragraph opening with "3.2万件" is not.
func parseHeading(s string, expect func(level int) int) (heading, bool) {
	level, num, marker, rest, ok := numbered(s)
	if !ok {
		return heading{}, false
	}
	if level >= 4 {
		first, _ := utf8.DecodeRuneInString(rest)
		if first >= '0' && first <= '9' && num != expect(level) {
			return heading{}, false
		}
	}
	marker = strings.TrimRight(marker, " \t\u3000")
	if !strings.ContainsAny(rest, "。;\uff1b:\uff1a!?\uff01\uff1f") && runes(rest) <= maxTitleRunes && !strings.HasSuffix(rest, ",") && !strings.HasSuffix(rest, "\uff0c") {
		return heading{Level: level, Num: num, Title: marker + rest}, true
	}
	// A lead-in: "1.创新突破。把创新摆在……".
	if i := strings.Index(rest, "。"); i > 0 && runes(rest[:i]) <= maxLeadInRunes && !strings.ContainsAny(rest[:i], ",\uff0c;\uff1b:\uff1a") {
		body := strings.TrimSpace(rest[i+len("。"):])
		if body != "" {
			return heading{Level: level, Num: num, Title: marker + rest[:i], Body: body}, true
		}
	}
	return heading{}, false
}

// chineseNum reads 一 … 九十九; 0 if s is not such a numeral.
func chineseNum(s string) int {
	digit := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch len(r) {
	case 1:
		if r[0] == '十' {
			return 10
		}
		return digit[r[0]]
	case 2:
		if r[0] == '十' && digit[r[1]] > 0 {
			return 10 + digit[r[1]]
		}
		if r[1] == '十' && digit[r[0]] > 0 {
			return digit[r[0]] * 10
		}
	case 3:
		if r[1] == '十' && digit[r[0]] > 0 && digit[r[2]] > 0 {
			return digit[r[0]]*10 + digit[r[2]]
		}
	}
	return 0
}

// listItem reads a numbered list line ("1)《……》;", "1、深化……;", "1.医药健康:……"):
// its number, the delimiter written in Markdown ("." or ")") and the text.
func listItem(s string) (num int, delim, text string, ok bool) {
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		if !strings.HasPrefix(s, "(") && !strings.HasPrefix(s, "\uff08") {
			return 0, "", "", false
		}
		_, size := utf8.DecodeRuneInString(s)
		j := size
		for j < len(s) && j-size < 3 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == size {
			return 0, "", "", false
		}
		num, _ = strconv.Atoi(s[size:j])
		r, sz := utf8.DecodeRuneInString(s[j:])
		if r != ')' && r != '\uff09' {
			return 0, "", "", false
		}
		text = strings.TrimSpace(s[j+sz:])
		return num, ")", text, num > 0 && text != ""
	}
	num, _ = strconv.Atoi(s[:i])
	r, sz := utf8.DecodeRuneInString(s[i:])
	switch r {
	case '.', '、', '\uff0e':
		delim = "."
	case ')', '\uff09':
		delim = ")"
	default:
		return 0, "", "", false
	}
	text = strings.TrimSpace(s[i+sz:])
	if num == 0 || text == "" {
		return 0, "", "", false
	}
	return num, delim, text, true
}
