package importer

import (
	"regexp"
	"strconv"
	"strings"

	"qualityportal/generator/content"
)

var (
	// A target at the end of a clause: "达到70%以上", "2家", "150万平方米以上".
	proseValRE = regexp.MustCompile(`(达到|达|不低于|不少于|超过|控制在)?\s*([0-9]+(?:\.[0-9]+)?)\s*(%|\x{FF05}|‰|万平方米|平方米|万件|万吨|万人次|个|家|项|分|件|张|座|所|条|天|人|亿元|万元|元|吨|倍|µg/m3|μg/m3)?\s*(以上|以下|左右|以内)?$`)
	proseVerbs = []string{"累计完成制定", "推动制定", "共创建", "创建", "培育", "新增", "制定", "实现", "力争", "确保", "建成"}
)

// proseTargets offers the targets a plan states only in sentences
// ("到2020年,……合格率达到95%以上") as a table of kind target with
// source = "prose": every sentence from "到YYYY年" (or "至YYYY年") to the
// end of its paragraph, a row per clause that ends in a number. They are
// suggestions: the report says so, and each row's note quotes its sentence.
func (p *parser) proseTargets() {
	if len(p.data.Tables) > 0 || p.meta.PeriodEnd == 0 {
		return
	}
	year := strconv.Itoa(p.meta.PeriodEnd)
	markers := []string{"到" + year + "年", "至" + year + "年"}
	var rows []content.Row
	place, placeSection := -1, ""
	section := "intro"
	for bi, b := range p.blocks {
		if b.Kind == bHeading {
			section = b.Anchor
		}
		if b.Kind != bPara {
			continue
		}
		from := -1
		for _, m := range markers {
			if k := strings.Index(b.Text, m); k >= 0 && (from < 0 || k < from) {
				from = k
			}
		}
		if from < 0 {
			continue
		}
		// Back to the start of the sentence holding the marker.
		start := strings.LastIndex(b.Text[:from], "。")
		if start < 0 {
			start = 0
		} else {
			start += len("。")
		}
		n := len(rows)
		for _, sentence := range splitKeep(b.Text[start:], "。") {
			for _, cl := range clauses(sentence) {
				if r, ok := proseRow(cl); ok {
					r.Line = b.Line
					r.Note = "原文:“" + strings.TrimSpace(sentence) + "”"
					rows = append(rows, r)
				}
			}
		}
		if len(rows) > n && (placeSection == "" || placeSection == section) {
			place, placeSection = bi, section
		}
	}
	if len(rows) == 0 {
		return
	}
	t := content.Table{
		ID: "t1", Kind: "target", Period: p.meta.Stage, TargetYear: p.meta.PeriodEnd, Source: "prose",
		Columns: []string{}, Rows: rows,
		Note: "原文无表格:本表由正文中“到" + year + "年”“至" + year + "年”起的目标语句整理而成(generator import 建议行),每行备注引用原句;请核对并补充正文其他量化目标。",
	}
	p.data.Tables = append(p.data.Tables, t)
	p.yearCols = append(p.yearCols, 0)
	p.blocks = append(p.blocks[:place+1], append([]block{{Kind: bTable, Line: p.blocks[place].Line, Ref: "t1"}}, p.blocks[place+1:]...)...)
	p.rep.Tables = append(p.rep.Tables, TableReport{ID: "t1", Kind: "target", Period: t.Period, Rows: len(rows), Prose: true, Line: p.blocks[place].Line})
	p.rep.note("the plan prints no indicator table: table t1 (source = \"prose\") holds %d targets read from sentences starting “到%s年”; they are suggestions, check them", len(rows), year)
}

// splitKeep splits s after every sep, keeping sep on each piece.
func splitKeep(s, sep string) []string {
	var out []string
	for s != "" {
		k := strings.Index(s, sep)
		if k < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:k+len(sep)])
		s = s[k+len(sep):]
	}
	return out
}

// clauses splits a sentence at commas and semicolons, and at 、 only between
// two targets ("……“鲁班奖”2个以上、省建设工程……"), not inside a name ("省、市级").
func clauses(sentence string) []string {
	s := strings.TrimSuffix(strings.TrimSpace(sentence), "。")
	var out []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\uff0c' || r == ';' || r == '\uff1b' }) {
		parts := strings.Split(c, "、")
		cur := ""
		for i, part := range parts {
			if cur != "" {
				cur += "、"
			}
			cur += part
			if i == len(parts)-1 || proseValRE.MatchString(cur) {
				out = append(out, cur)
				cur = ""
			}
		}
	}
	return out
}

// proseRow reads one clause: the label before the number, the value as printed.
func proseRow(cl string) (content.Row, bool) {
	cl = strings.TrimSpace(cl)
	m := proseValRE.FindStringSubmatchIndex(cl)
	if m == nil {
		return content.Row{}, false
	}
	label := strings.TrimSpace(cl[:m[0]])
	for _, pre := range []string{"到", "至"} {
		if strings.HasPrefix(label, pre) && strings.HasSuffix(label, "年") {
			return content.Row{}, false
		}
	}
	for _, v := range proseVerbs {
		if rest, ok := strings.CutPrefix(label, v); ok && rest != "" {
			label = rest
			break
		}
	}
	if runes(label) < 2 || strings.HasSuffix(label, "年") || !strings.ContainsFunc(label, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		return content.Row{}, false
	}
	sub := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return cl[m[2*i]:m[2*i+1]]
	}
	verb, num, unit, cmp := sub(1), sub(2), sub(3), sub(4)
	target := num + unit + cmp
	if cmp == "" && verb == "达到" {
		target = "达到" + target
	}
	return content.Row{Label: label, Unit: unit, Target: target}, true
}
