package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// The disclosure labels printed on government pages and where each goes.
// field "" means boilerplate (浏览次数, 字体 …): recognised and dropped.
// field "extra" keeps the label as printed in the front matter's extra table.
var metaLabels = map[string]string{
	"信息索引号": "index_no", "索引号": "index_no",
	"文号": "doc_no", "发文字号": "doc_no",
	"发布机构": "publisher", "发文机关": "publisher",
	"成文日期": "written",
	"发布日期": "published", "发布时间": "published", "公开日期": "published",
	"信息来源": "source", "来源": "source",
	"有效性":  "validity",
	"原文链接": "url", "网址": "url",
	"主题分类": "extra", "体裁分类": "extra", "公开方式": "extra", "公开范围": "extra",
	"组配分类": "extra", "规范性文件登记号": "extra", "文件登记号": "extra", "服务对象": "extra",
	"公开时限": "extra", "文件编号": "extra",
	"浏览次数": "", "访问次数": "", "点击数": "", "字体": "", "作者": "", "打印": "", "分享": "", "分享至": "",
}

// labelsByLength lists the labels longest first, so 信息索引号 wins over 索引号.
var labelsByLength = func() []string {
	var l []string
	for k := range metaLabels {
		l = append(l, k)
	}
	sort.Slice(l, func(i, j int) bool {
		if len(l[i]) != len(l[j]) {
			return len(l[i]) > len(l[j])
		}
		return l[i] < l[j]
	})
	return l
}()

// metaField is one label/value pair found on a line.
type metaField struct {
	Label string
	Value string
}

func isColon(r rune) bool { return r == ':' || r == '\uff1a' }

// labelAt returns the label that starts s (followed by a colon when colon is
// set), and the rest after the label and its colon.
func labelAt(s string, colon bool) (label, rest string, ok bool) {
	for _, l := range labelsByLength {
		if !strings.HasPrefix(s, l) {
			continue
		}
		r := s[len(l):]
		rr, size := utf8.DecodeRuneInString(r)
		if colon {
			if !isColon(rr) {
				continue
			}
			return l, r[size:], true
		}
		return l, r, true
	}
	return "", "", false
}

// parseMetaLine reads a line made of "label: value" pairs in any of the
// layouts the seeds use. It returns nil if the line is not all metadata.
//
//	信息索引号: | 1133100200267413X7/2022-145457 | 主题分类: | |      the pipe table
//	• 发布时间: 2021-11-19 11: 36                                 the bullet list
//	发布日期: 2023- 06- 27 16: 50: 12 浏览次数: 来源: 瑞安市人民政府 字体:[ ]
//	2025-06-06 10:55 来源:县发改局(县粮食和物资储备局)浏览次数:     a date, then labels
//	索引号11331022741025061F/2025-107946 文号                     labels glued to values
func parseMetaLine(s string) []metaField {
	s = strings.TrimSpace(strings.TrimLeft(s, "•·●▪ \u00a0\u3000"))
	if s == "" {
		return nil
	}
	if strings.Contains(s, "|") {
		return pipeMeta(s)
	}
	if f := inlineMeta(s); f != nil {
		return f
	}
	return gluedMeta(s)
}

func pipeMeta(s string) []metaField {
	var cells []string
	for _, c := range strings.Split(s, "|") {
		cells = append(cells, strings.TrimSpace(c))
	}
	var out []metaField
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if c == "" {
			continue
		}
		label, rest, ok := labelAt(c, true)
		if !ok {
			return nil // a value cell without a label: not a metadata table
		}
		f := metaField{Label: label, Value: strings.TrimSpace(rest)}
		if f.Value == "" && i+1 < len(cells) && cells[i+1] != "" && !isLabelCell(cells[i+1]) {
			f.Value = cells[i+1]
			i++
		}
		out = append(out, f)
	}
	return out
}

func isLabelCell(c string) bool {
	r, size := utf8.DecodeLastRuneInString(c)
	if !isColon(r) {
		return false
	}
	_, ok := metaLabels[c[:len(c)-size]]
	return ok
}

var leadingDate = regexp.MustCompile(`^(\d{4}\s*-\s*\d{1,2}\s*-\s*\d{1,2}(?:\s+\d{1,2}\s*[:\x{FF1A}]\s*\d{2}(?:\s*[:\x{FF1A}]\s*\d{2})?)?)\s*`)

// inlineMeta reads "label: value label: value …" on one line, the labels
// followed by colons; a leading date is the publication date.
func inlineMeta(s string) []metaField {
	var out []metaField
	if m := leadingDate.FindStringSubmatch(s); m != nil {
		rest := s[len(m[0]):]
		if _, _, ok := labelAt(rest, true); !ok {
			return nil
		}
		out = append(out, metaField{"发布日期", m[1]})
		s = rest
	}
	label, rest, ok := labelAt(s, true)
	if !ok {
		return nil
	}
	cur := metaField{Label: label}
	var val strings.Builder
	for i := 0; i < len(rest); {
		if l, r, ok := labelAt(rest[i:], true); ok && (i == 0 || isBoundary(rest[:i], l)) {
			cur.Value = strings.TrimSpace(val.String())
			out = append(out, cur)
			cur, val = metaField{Label: l}, strings.Builder{}
			rest, i = r, 0
			continue
		}
		_, size := utf8.DecodeRuneInString(rest[i:])
		val.WriteString(rest[i : i+size])
		i += size
	}
	cur.Value = strings.TrimSpace(val.String())
	return append(out, cur)
}

// isBoundary: a label inside a line starts after a blank, or right after a
// value for the boilerplate labels pasted onto it ("…储备局)浏览次数:").
func isBoundary(before, label string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	return isBlank(r) || metaLabels[label] == ""
}

// gluedMeta reads tokens that each start with a label and no colon:
// "成文日期2025-06-06 发布机构县发改局(县粮食和物资储备局)".
func gluedMeta(s string) []metaField {
	toks := strings.Fields(s)
	var out []metaField
	for _, t := range toks {
		if l, rest, ok := labelAt(t, false); ok && metaLabels[l] != "" {
			out = append(out, metaField{l, rest})
			continue
		}
		if len(out) == 0 {
			return nil
		}
		out[len(out)-1].Value += " " + t
	}
	return out
}

var (
	dateRE    = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2})\s*[:\x{FF1A}]\s*(\d{2})(?:\s*[:\x{FF1A}]\s*(\d{2}))?)?$`)
	cnDateRE  = regexp.MustCompile(`^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?$`)
	cnDigitOf = map[rune]int{'〇': 0, '○': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
)

// normDate turns a printed date ("2022- 07- 15", "2021-11-19 11: 36") into
// YYYY-MM-DD[ HH:MM[:SS]]; ok is false when it is not a date.
func normDate(s string) (string, bool) {
	m := dateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	d := fmt.Sprintf("%s-%02d-%02d", m[1], atoi(m[2]), atoi(m[3]))
	if m[4] != "" {
		d += fmt.Sprintf(" %02d:%s", atoi(m[4]), m[5])
		if m[6] != "" {
			d += ":" + m[6]
		}
	}
	return d, true
}

// cnDate reads a cover date in Chinese numerals ("二〇一一年十一月"): the year,
// month and day (0 when not printed).
func cnDate(s string) (y, m, d int, ok bool) {
	mm := cnDateRE.FindStringSubmatch(s)
	if mm == nil {
		return 0, 0, 0, false
	}
	for _, r := range mm[1] {
		y = y*10 + cnDigitOf[r]
	}
	m = chineseNum(mm[2])
	if mm[3] != "" {
		d = chineseNum(mm[3])
	}
	return y, m, d, m >= 1 && m <= 12
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
		if n > 1e6 {
			return 0
		}
	}
	return n
}
