package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"qualityportal/generator/content"
)

var (
	boxRE  = regexp.MustCompile(`^专栏\s*[:\x{FF1A}]?\s*([0-9一二三四五六七八九十]{1,3}(?:\s*[-.\x{FF0D}\x{FF0E}—–]\s*[0-9]{1,3})?)\s*[:\x{FF1A}]?\s*(.*?)\s*[|\x{FF5C}]?\s*$`)
	noteRE = regexp.MustCompile(`^(注|备注|说明|数据来源)\s*[:\x{FF1A}]`)
	respRE = regexp.MustCompile(`[(\x{FF08}]\s*(责任单位\s*[:\x{FF1A}][^()\x{FF08}\x{FF09}]*?)\s*[)\x{FF09}]\s*$`)
)

// body reads the plan's text from line start to the end.
func (p *parser) body(start int) {
	for i := start; i < len(p.lines); i++ {
		l := p.lines[i]
		if l.text == "" || p.why[i] != "" {
			continue
		}
		if r := boilerplate(l.text); r != "" {
			p.drop(i, r)
			continue
		}
		if m := interpRE.FindStringSubmatch(l.text); m != nil {
			if p.meta.Interpretation == "" {
				p.meta.Interpretation = strings.TrimSpace(m[1])
				p.metaLine["interpretation"] = l.n
			}
			p.mark(i, whyMeta)
			continue
		}
		if fields := trailerMeta(l.text); fields != nil {
			p.setMeta(fields, i)
			p.mark(i, whyMeta)
			continue
		}
		if pageNumber.MatchString(l.text) {
			p.drop(i, whyPage)
			continue
		}
		if k := p.titleRepeat(i); k > 0 && p.section == "intro" && len(p.blocks) == 0 {
			for j, n := i, 0; n < k; j, n = p.nextText(j), n+1 {
				p.drop(j, whyTitleRep)
				i = j
			}
			continue
		}
		if j, ok := p.box(i); ok {
			i = j
			continue
		}
		if j, ok := p.table(i); ok {
			i = j
			continue
		}
		if h, ok := parseHeading(l.text, p.expect); ok {
			p.heading(h, i)
			continue
		}
		if p.listItem(i) {
			continue
		}
		p.para(l.text, i)
	}
}

// trailerMeta reads a metadata line below the text ("作者:", "信息来源:"):
// only the "label: value" layout, so that no sentence is taken for one.
func trailerMeta(s string) []metaField {
	t := strings.TrimSpace(strings.TrimLeft(s, "•·●▪ \u00a0\u3000"))
	if runes(t) > 60 {
		return nil
	}
	if _, _, ok := labelAt(t, true); !ok {
		return nil
	}
	return inlineMeta(t)
}

func (p *parser) expect(level int) int { return p.lastNum[level] + 1 }

func (p *parser) heading(h heading, i int) {
	for len(p.stack) > 0 && p.stack[len(p.stack)-1].level >= h.Level {
		p.stack = p.stack[:len(p.stack)-1]
	}
	for lv := range p.lastNum {
		if lv > h.Level {
			delete(p.lastNum, lv)
		}
	}
	p.lastNum[h.Level] = h.Num
	anchor := "s" + strconv.Itoa(h.Num)
	if len(p.stack) > 0 {
		anchor = p.stack[len(p.stack)-1].anchor + "-" + strconv.Itoa(h.Num)
	}
	if p.anchors[anchor] {
		base := anchor
		for c := 'b'; p.anchors[anchor]; c++ {
			anchor = base + string(c)
			if c == 'z' {
				anchor = base + "x" + strconv.Itoa(i)
				break
			}
		}
		p.rep.note("heading “%s” (line %d) repeats a number; its anchor is %s", h.Title, p.lines[i].n, anchor)
	}
	p.anchors[anchor] = true
	p.stack = append(p.stack, openHeading{h.Level, h.Num, anchor})
	p.blocks = append(p.blocks, block{Kind: bHeading, Line: p.lines[i].n, Level: h.Level, Anchor: anchor, Title: h.Title})
	p.section = anchor
	_, _, _, rest, _ := numbered(h.Title)
	p.task = rest
	p.mark(i, whyText)
	if h.Body != "" {
		p.leadIns++
		p.para(h.Body, i)
	}
}

// para adds a paragraph, and reads what it says about the plan: its period,
// its base year, the 编制依据 and a 责任单位.
func (p *parser) para(text string, i int) {
	p.blocks = append(p.blocks, block{Kind: bPara, Line: p.lines[i].n, Text: text})
	if suspicious(text) {
		p.rep.Check = append(p.rep.Check, Unplaced{p.lines[i].n, text, "a short line kept as a paragraph: a heading, a table cell or page furniture?"})
	}
	p.mark(i, whyText)
	p.facts(text, i)
	if m := respRE.FindStringSubmatch(text); m != nil && p.section != "intro" {
		p.responsibility(m[1])
	}
}

// responsibility records "(责任单位:区市场监管局、区科技局,排位第一的为牵头单位,下同)".
func (p *parser) responsibility(text string) {
	text = strings.TrimSpace(text)
	_, list, _ := strings.Cut(text, "责任单位")
	list = strings.TrimLeft(list, " :\uff1a")
	if i := strings.IndexAny(list, ",\uff0c;\uff1b。"); i >= 0 {
		list = list[:i]
	}
	list = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(list), "等"))
	var units []string
	for _, u := range strings.Split(list, "、") {
		if u = strings.TrimSpace(u); u != "" {
			units = append(units, u)
		}
	}
	p.data.Responsibilities = append(p.data.Responsibilities, content.Responsibility{
		Section: p.section, Task: p.task, Units: units, Text: text,
	})
}

// listItem adds a numbered line to a list when it continues one or follows a
// line ending in a colon ("编制依据:" then "1)《……》;").
func (p *parser) listItem(i int) bool {
	num, delim, text, ok := listItem(p.lines[i].text)
	if !ok || len(p.blocks) == 0 {
		return false
	}
	last := &p.blocks[len(p.blocks)-1]
	switch {
	case last.Kind == bList && last.Items[len(last.Items)-1].Num+1 == num && last.Items[0].Delim == delim:
		last.Items = append(last.Items, item{num, delim, text})
	case num == 1 && last.Kind == bPara && (strings.HasSuffix(last.Text, ":") || strings.HasSuffix(last.Text, "\uff1a")):
		p.blocks = append(p.blocks, block{Kind: bList, Line: p.lines[i].n, Items: []item{{num, delim, text}}})
	default:
		return false
	}
	p.mark(i, whyText)
	p.facts(text, i)
	return true
}

// box reads a 专栏 at line i: its title line, then its numbered items, either
// one per line or all on one line ("1.… 2.… |").
func (p *parser) box(i int) (int, bool) {
	m := boxRE.FindStringSubmatch(p.lines[i].text)
	if m == nil || m[2] == "" || runes(m[2]) > maxTitleRunes || strings.Contains(m[2], "。") {
		return i, false
	}
	num := squeeze(m[1])
	title := "专栏" + num + " | " + strings.TrimSpace(m[2])
	if p.lines[i].text != "专栏"+num+" | "+strings.TrimSpace(m[2]) {
		p.boxFixed++
	}
	b := block{Kind: bBox, Line: p.lines[i].n, Title: title}
	p.mark(i, whyBox)
	last := i
	j := p.nextText(i)
	if j < 0 {
		p.blocks = append(p.blocks, b)
		p.boxes = append(p.boxes, title)
		return i, true
	}
	first := p.lines[j].text
	if n, _, _, ok := listItem(first); ok && n == 1 && (strings.HasSuffix(first, "|") || itemStart(first, 2) > 0) {
		b.Items = splitItems(first)
		p.mark(j, whyBox)
		last = j
	} else {
		want := 1
		for k := j; k >= 0; k = p.nextText(k) {
			n, _, text, ok := listItem(p.lines[k].text)
			if !ok || n != want {
				break
			}
			b.Items = append(b.Items, item{n, ".", trimBar(text)})
			p.mark(k, whyBox)
			last = k
			want++
		}
	}
	if len(b.Items) == 0 {
		// A box without numbered items: its one paragraph.
		if _, ok := parseHeading(first, p.expect); !ok {
			b.Items = []item{{0, "", trimBar(first)}}
			p.mark(j, whyBox)
			last = j
			p.rep.note("专栏 “%s” (line %d) has no numbered items; line %d is taken as its text", title, p.lines[i].n, p.lines[j].n)
		}
	}
	for _, it := range b.Items {
		p.facts(it.Text, j)
	}
	p.blocks = append(p.blocks, b)
	p.boxes = append(p.boxes, title)
	return last, true
}

func trimBar(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "|"), "\uff5c"))
		if t == s {
			return s
		}
		s = t
	}
}

// itemStart finds item n inside a line: " n." or " n、" after a blank, not a decimal.
func itemStart(s string, n int) int {
	num := strconv.Itoa(n)
	from := 0
	for {
		k := strings.Index(s[from:], num)
		if k < 0 {
			return -1
		}
		k += from
		from = k + len(num)
		before, _ := utf8.DecodeLastRuneInString(s[:k])
		if k == 0 || !isBlank(before) {
			continue
		}
		after, size := utf8.DecodeRuneInString(s[k+len(num):])
		if after != '.' && after != '、' && after != '\uff0e' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[k+len(num)+size:])
		if next >= '0' && next <= '9' {
			continue
		}
		return k
	}
}

// splitItems splits "1.医药健康:… 2.缝制设备:… |" into its items.
func splitItems(s string) []item {
	s = trimBar(s)
	var items []item
	for n := 1; ; n++ {
		_, _, _, ok := listItem(s)
		if !ok {
			break
		}
		_, _, text, _ := listItem(s)
		k := itemStart(text, n+1)
		if k < 0 {
			items = append(items, item{n, ".", trimBar(text)})
			break
		}
		items = append(items, item{n, ".", trimBar(text[:k])})
		// text[k:] starts with the next number; listItem needs it at the start.
		s = strings.TrimSpace(text[k:])
	}
	return items
}

// Facts read from the text.
var (
	periodRE  = regexp.MustCompile(`规划期限?(?:为|是|:|\x{FF1A})?\s*(\d{4})\s*(?:年)?\s*(?:-|—|–|\x{FF0D}|至|到|~|\x{FF5E})\s*(\d{4})\s*年`)
	baseRE    = regexp.MustCompile(`以(\d{4})年为基(?:准|期)年`)
	spanRE    = regexp.MustCompile(`(\d{4})\s*(?:-|—|–|\x{FF0D}|至)\s*(\d{4})年`)
	basisRE   = regexp.MustCompile(`(?:依据|根据|按照)((?:《[^《》]+》[、和及与,\x{FF0C}]?\s*)+)`)
	bookRE    = regexp.MustCompile(`《[^《》]+》`)
	basisHead = regexp.MustCompile(`^编制依据\s*[:\x{FF1A}]?$`)
)

// facts reads the period, the base year and the 编制依据 from a line of text.
func (p *parser) facts(text string, i int) {
	n := p.lines[i].n
	if p.meta.PeriodStart == 0 {
		if m := periodRE.FindStringSubmatch(text); m != nil {
			a, b := atoi(m[1]), atoi(m[2])
			if b > a && b-a < 20 {
				p.meta.PeriodStart, p.meta.PeriodEnd = a, b
				p.metaLine["period"] = n
			}
		}
	}
	if p.baseYear == 0 {
		if m := baseRE.FindStringSubmatch(text); m != nil {
			p.baseYear = atoi(m[1])
			p.metaLine["base_year"] = n
		}
	}
	if p.section == "intro" {
		if len(p.blocks) >= 2 && p.blocks[len(p.blocks)-1].Kind == bList {
			prev := p.blocks[len(p.blocks)-2]
			if prev.Kind == bPara && basisHead.MatchString(prev.Text) {
				for _, b := range bookRE.FindAllString(text, 1) {
					p.meta.BasisTitles = append(p.meta.BasisTitles, b)
				}
				p.metaLine["basis_titles"] = n
				return
			}
		}
		if len(p.meta.BasisTitles) == 0 {
			if m := basisRE.FindStringSubmatch(text); m != nil {
				p.meta.BasisTitles = bookRE.FindAllString(m[1], -1)
				p.metaLine["basis_titles"] = n
			}
		}
	}
}

// suspicious: a short line that is not a sentence. Plan text is sentences;
// such a line is often a heading of a style the importer does not know
// ("第一章 总则"), a stray table cell or page furniture.
func suspicious(s string) bool {
	if runes(s) > 30 || strings.HasPrefix(s, "——") {
		return false
	}
	last := []rune(s)[runes(s)-1]
	return !strings.ContainsRune("。;:!?…”)》\uff1b\uff1a\uff01\uff1f\uff09", last)
}
