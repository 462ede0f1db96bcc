package importer

import (
	"regexp"
	"strconv"
	"strings"

	"qualityportal/generator/content"
)

// Kinds of body blocks, in the order they are written to plan.md.
const (
	bPara = iota
	bHeading
	bList
	bBox
	bTable
)

// block is one piece of the plan body.
type block struct {
	Kind   int
	Line   int    // the input line it comes from
	Text   string // bPara
	Level  int    // bHeading
	Anchor string // bHeading
	Title  string // bHeading, bBox (as written: "专栏3-1 | 标题")
	Items  []item // bList, bBox
	Ref    string // bTable
}

// item is one numbered list item: its printed number, the Markdown delimiter and its text.
type item struct {
	Num   int
	Delim string
	Text  string
}

type openHeading struct {
	level  int
	num    int
	anchor string
}

// parser holds the state of one import.
type parser struct {
	opts  *Options
	lines []line
	// why[i] records what became of line i: "" = not placed (reported).
	why []string

	meta      content.Meta
	extraKeys []string
	metaLine  map[string]int // field → input line it was read from
	title     string

	blocks []block
	data   content.Data

	stack    []openHeading
	lastNum  map[int]int // level → last number seen under the current parent
	anchors  map[string]bool
	section  string // anchor of the current section ("intro" before the first heading)
	task     string // its title without the number (for 责任单位)
	boxes    []string
	rep      *Report
	baseYear int
	yearCols []int          // the year columns of target tables (base_year)
	boxFixed int            // box titles written differently from print
	leadIns  int            // headings split from a lead-in sentence
	lastAt   map[string]int // text → index of its last line (tables of contents)
}

// Reasons a line is dropped, as the report prints them.
const (
	whyText     = "text"
	whyMeta     = "metadata"
	whyTitle    = "title"
	whyTitleRep = "title printed again"
	whyTOC      = "printed table of contents"
	whyPage     = "stray page number"
	whyBox      = "专栏"
	whyTable    = "table"
	whyCover    = "cover"
)

func (p *parser) mark(i int, why string) {
	if i >= 0 && i < len(p.why) && p.why[i] == "" {
		p.why[i] = why
	}
}

// nextText returns the index of the next line with text after i, or -1.
func (p *parser) nextText(i int) int {
	for j := i + 1; j < len(p.lines); j++ {
		if p.lines[j].text != "" {
			return j
		}
	}
	return -1
}

// setMeta records metadata fields read from line i.
func (p *parser) setMeta(fields []metaField, i int) {
	for _, f := range fields {
		field := metaLabels[f.Label]
		v := strings.TrimSpace(f.Value)
		switch field {
		case "":
			continue
		case "extra":
			if p.meta.Extra == nil {
				p.meta.Extra = map[string]string{}
			}
			old, seen := p.meta.Extra[f.Label]
			if !seen {
				p.extraKeys = append(p.extraKeys, f.Label)
				p.meta.Extra[f.Label] = v
				p.metaLine["extra."+f.Label] = p.lines[i].n
			} else if old == "" && v != "" {
				p.meta.Extra[f.Label] = v
			} else if v != "" && v != old {
				p.rep.note("%s is printed twice with different values (%q and %q, line %d); the first is kept", f.Label, old, v, p.lines[i].n)
			}
			continue
		}
		ptr := p.metaField(field)
		if field == "written" || field == "published" {
			if v != "" {
				d, ok := normDate(v)
				if !ok {
					p.rep.unplaced(p.lines[i].n, f.Label+": "+v, "not a date")
					continue
				}
				if d != v {
					p.rep.note("%s printed “%s” (line %d) is written %s", f.Label, v, p.lines[i].n, d)
				}
				v = d
			}
		}
		if _, seen := p.metaLine[field]; !seen || *ptr == "" && v != "" {
			if !seen || v != "" {
				*ptr = v
				p.metaLine[field] = p.lines[i].n
			}
		} else if v != "" && v != *ptr {
			p.rep.note("%s is printed twice with different values (%q and %q, line %d); the first is kept", f.Label, *ptr, v, p.lines[i].n)
		}
	}
}

func (p *parser) metaField(name string) *string {
	m := &p.meta
	switch name {
	case "index_no":
		return &m.IndexNo
	case "doc_no":
		return &m.DocNo
	case "publisher":
		return &m.Publisher
	case "written":
		return &m.Written
	case "published":
		return &m.Published
	case "source":
		return &m.Source
	case "validity":
		return &m.Validity
	case "url":
		return &m.URL
	}
	panic("unknown field " + name)
}

func isBullet(raw string) bool {
	t := strings.TrimLeft(raw, " \t\u00a0\u3000")
	return strings.HasPrefix(t, "•") || strings.HasPrefix(t, "●") || strings.HasPrefix(t, "▪")
}

func indent(raw string) int {
	n := 0
	for _, r := range raw {
		switch r {
		case ' ', '\u00a0':
			n++
		case '\t', '\u3000':
			n += 2
		default:
			return n
		}
	}
	return n
}

var (
	titleWords     = regexp.MustCompile(`(规划|计划|纲要|方案)(\s*[(\x{FF08}]\d{4}[-—–\x{FF0D}]\d{4}年?[)\x{FF09}])?$`)
	publisherLike  = regexp.MustCompile(`(办公室|领导小组|委员会|人民政府|局|委|中心|办)$`)
	pageNumberTail = regexp.MustCompile(`^(.*?)\s+[0-9]{1,3}$`)
	interpRE       = regexp.MustCompile(`^(?:规划)?解读\s*[:\x{FF1A}]\s*(.+)$`)
)

// titleLike: a short line naming a plan, without sentence punctuation.
func titleLike(s string) bool {
	if runes(s) < 6 || runes(s) > 80 || strings.ContainsAny(s, "。;\uff1b,\uff0c:\uff1a|") {
		return false
	}
	if _, _, _, _, ok := numbered(s); ok {
		return false
	}
	return titleWords.MatchString(s)
}

// titleRepeat returns how many lines from i repeat the title (it is often
// printed again, sometimes over two lines), or 0.
func (p *parser) titleRepeat(i int) int {
	if p.title == "" {
		return 0
	}
	want := squeeze(p.title)
	got := ""
	for k, j := 0, i; k < 3 && j >= 0; k, j = k+1, p.nextText(j) {
		got += squeeze(p.lines[j].text)
		if got == want {
			return k + 1
		}
		if !strings.HasPrefix(want, got) {
			return 0
		}
	}
	return 0
}

// head reads everything above the plan's text: web-page furniture, the
// disclosure metadata, the title (and its repetitions), the cover and a
// printed table of contents. It returns the first line of the text.
func (p *parser) head() int {
	for i := 0; i < len(p.lines); i++ {
		l := p.lines[i]
		if l.text == "" || p.why[i] != "" {
			continue
		}
		if r := boilerplate(l.text); r != "" {
			p.drop(i, r)
			continue
		}
		if fields := parseMetaLine(l.text); fields != nil {
			if len(fields) == 1 && fields[0].Value == "" && isBullet(l.raw) {
				// • 信息索引号:  … the value on the next, deeper-indented line.
				if j := p.nextText(i); j > 0 && !isBullet(p.lines[j].raw) && indent(p.lines[j].raw) > indent(l.raw) {
					fields[0].Value = p.lines[j].text
					p.mark(j, whyMeta)
				}
			}
			p.setMeta(fields, i)
			p.mark(i, whyMeta)
			continue
		}
		if p.title == "" && titleLike(l.text) {
			p.title = l.text
			p.metaLine["title"] = l.n
			p.mark(i, whyTitle)
			continue
		}
		if k := p.titleRepeat(i); k > 0 {
			for j, n := i, 0; n < k; j, n = p.nextText(j), n+1 {
				p.drop(j, whyTitleRep)
				i = j
			}
			continue
		}
		if pageNumber.MatchString(l.text) {
			p.drop(i, whyPage)
			continue
		}
		if y, m, d, ok := cnDate(l.text); ok {
			if d > 0 && p.meta.Written == "" {
				p.meta.Written = strconv.Itoa(y) + "-" + pad2(m) + "-" + pad2(d)
				p.metaLine["written"] = l.n
			} else {
				p.setExtra("编制日期", l.text, i)
				p.rep.note("the cover date “%s” (line %d) has no day: kept as extra 编制日期, written is empty", l.text, l.n)
			}
			p.mark(i, whyCover)
			continue
		}
		if p.title != "" && runes(l.text) <= 30 && publisherLike.MatchString(l.text) && !strings.ContainsAny(l.text, "。,\uff0c;\uff1b:\uff1a") {
			if p.meta.Publisher == "" {
				p.meta.Publisher = l.text
				p.metaLine["publisher"] = l.n
				p.rep.note("publisher is the author line of the cover, “%s” (line %d)", l.text, l.n)
			} else {
				p.setExtra("编制单位", l.text, i)
			}
			p.mark(i, whyCover)
			continue
		}
		if n := p.toc(i); n > i {
			i = n
			continue
		}
		return i
	}
	return len(p.lines)
}

func (p *parser) setExtra(key, v string, i int) {
	if p.meta.Extra == nil {
		p.meta.Extra = map[string]string{}
	}
	if _, ok := p.meta.Extra[key]; !ok {
		p.extraKeys = append(p.extraKeys, key)
	}
	p.meta.Extra[key] = v
	p.metaLine["extra."+key] = p.lines[i].n
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func (p *parser) drop(i int, why string) {
	p.mark(i, "dropped:"+why)
}

// toc recognises a printed table of contents starting at line i: a run of
// heading lines (page numbers allowed) whose first heading is printed again
// below. It marks the run and returns its last line, or i when there is none.
func (p *parser) toc(i int) int {
	entry := func(s string) (string, bool) {
		if m := pageNumberTail.FindStringSubmatch(s); m != nil {
			s = m[1]
		}
		if strings.HasPrefix(s, "附表") || strings.HasPrefix(s, "附件") {
			return s, true
		}
		_, _, _, rest, ok := numbered(s)
		return s, ok && runes(rest) <= maxTitleRunes && !strings.ContainsAny(rest, "。;\uff1b")
	}
	first, ok := entry(p.lines[i].text)
	if !ok {
		return i
	}
	if lvl, _, _, _, _ := numbered(first); lvl != 2 {
		return i
	}
	last, entries := i, 0
	for j := i; j < len(p.lines); j++ {
		t := p.lines[j].text
		if t == "" {
			continue
		}
		if _, ok := entry(t); ok || pageNumber.MatchString(t) {
			if !pageNumber.MatchString(t) {
				entries++
			}
			last = j
			continue
		}
		break
	}
	if entries < 3 {
		return i
	}
	if p.lastAt == nil {
		p.lastAt = map[string]int{}
		for j, l := range p.lines {
			p.lastAt[l.text] = j
		}
	}
	if p.lastAt[first] <= last {
		return i
	}
	for j := i; j <= last; j++ {
		if p.lines[j].text != "" {
			p.drop(j, whyTOC)
		}
	}
	p.rep.note("lines %d–%d are a printed table of contents (%d entries): skipped", p.lines[i].n, p.lines[last].n, entries)
	return last
}
