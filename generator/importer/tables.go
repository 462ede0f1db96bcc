package importer

import (
	"regexp"
	"strconv"
	"strings"

	"qualityportal/generator/content"
	"qualityportal/generator/indicator"
)

// header is a table header found in the text.
type header struct {
	title  int // line index of the printed title, -1 if none
	start  int // first header line
	end    int // last header line
	cols   []column
	pipe   bool
	kind   string   // "indicator" or "project"
	merged []string // header cells printed over two lines ("2020年" / "数据"), joined
}

// headerAt reads a table header starting at line i.
func (p *parser) headerAt(i int) (header, bool) {
	h := header{title: -1, start: i, end: i}
	t := p.lines[i].text
	if strings.Contains(t, "|") {
		var cols []column
		for _, c := range strings.Split(t, "|") {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			col, ok := headerCell(c)
			if !ok {
				return h, false
			}
			cols = append(cols, col)
		}
		if len(cols) < 3 {
			return h, false
		}
		h.cols, h.pipe = cols, true
	} else {
		if _, ok := headerCell(t); !ok {
			return h, false
		}
		var cols []column
		for j := i; j >= 0 && j-i < 60; j = p.nextText(j) {
			c := p.lines[j].text
			if contColRE.MatchString(c) && len(cols) > 0 {
				prev := &cols[len(cols)-1]
				h.merged = append(h.merged, prev.Name+c)
				if merged, ok := headerCell(prev.Name + c); ok {
					*prev = merged
				} else {
					prev.Name += c
				}
				h.end = j
				continue
			}
			col, ok := headerCell(c)
			if !ok {
				break
			}
			cols = append(cols, col)
			h.end = j
		}
		if len(cols) < 3 {
			return h, false
		}
		h.cols = cols
	}
	kind, ok := resolveColumns(h.cols)
	if !ok {
		return h, false
	}
	h.kind = kind
	return h, true
}

// tableTitle: a short line right above a header names the table.
func tableTitle(s string) bool {
	if runes(s) > 60 || strings.Contains(s, "|") {
		return false
	}
	if strings.HasSuffix(s, "。") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "\uff1a") {
		return false
	}
	if _, _, _, _, ok := numbered(s); ok {
		return false
	}
	return true
}

// table reads a table at line i (its title line or its header), places it in
// the text and returns the last line it used.
func (p *parser) table(i int) (int, bool) {
	h, ok := p.headerAt(i)
	if !ok {
		j := p.nextText(i)
		if j < 0 || !tableTitle(p.lines[i].text) {
			return i, false
		}
		if h, ok = p.headerAt(j); !ok {
			return i, false
		}
		h.title = i
	}
	// Collect the cells.
	var cells []cell
	last := h.end
	if h.pipe {
		for j := p.nextText(h.end); j >= 0 && strings.Contains(p.lines[j].text, "|"); j = p.nextText(j) {
			first := true
			for _, c := range strings.Split(p.lines[j].text, "|") {
				if c = strings.TrimSpace(c); c != "" {
					cells = append(cells, cell{Text: c, Line: p.lines[j].n, First: first})
					first = false
				}
			}
			last = j
		}
	} else {
		for j := h.end + 1; j < len(p.lines); j++ {
			l := p.lines[j]
			if l.spacer && len(cells) > 0 {
				break
			}
			if l.text == "" {
				continue
			}
			if p.endsTable(l.text, h.kind) {
				break
			}
			cells = append(cells, cell{Text: l.text, Line: l.n})
			last = j
		}
	}
	var names []string
	for _, c := range h.cols {
		names = append(names, c.Name)
	}
	title := ""
	if h.title >= 0 {
		title = p.lines[h.title].text
		p.mark(h.title, whyTable)
	}
	for j := h.start; j <= h.end; j++ {
		p.mark(j, whyTable)
	}
	for j := h.end + 1; j <= last; j++ {
		p.mark(j, whyTable)
	}
	// The note printed under the table belongs to it.
	note := ""
	if j := p.nextText(last); j >= 0 && noteRE.MatchString(p.lines[j].text) {
		note = p.lines[j].text
		p.mark(j, whyTable)
		last = j
	}
	rows, projects, left, stats := parseRows(h.cols, h.kind, cells, h.pipe)
	for _, c := range left {
		p.rep.unplaced(c.Line, c.Text, "a table cell that fits no row")
		p.why[c.Line-1] = "unplaced" // lines[k].n == k+1
	}
	tr := TableReport{Title: title, Line: p.lines[h.start].n, Note: note != "", Left: len(left), Pipe: h.pipe,
		NoUnit: stats.NoUnit, SplitCat: stats.SplitCat, Shared: stats.Shared, Merged: h.merged}
	if h.kind == "project" {
		id := "p" + strconv.Itoa(len(p.data.Projects)+1)
		pt := content.ProjectTable{ID: id, Title: title, Columns: names, Note: note, Rows: projects}
		for _, c := range h.cols {
			if m := unitInHeader.FindStringSubmatch(c.Name); m != nil && (c.Role == roleTotal || c.Role == rolePlanned) {
				pt.Unit = m[1]
			}
		}
		p.data.Projects = append(p.data.Projects, pt)
		tr.ID, tr.Kind, tr.Rows = id, "project", len(projects)
		for _, pr := range projects {
			if pr.No == "" {
				tr.Totals++
			}
		}
		p.blocks = append(p.blocks, block{Kind: bTable, Line: p.lines[i].n, Ref: id})
		p.rep.Tables = append(p.rep.Tables, tr)
		return last, true
	}
	id := "t" + strconv.Itoa(len(p.data.Tables)+1)
	t := content.Table{ID: id, Title: title, Columns: names, Note: note}
	hasUnit := false
	yearCol := 0
	for _, c := range h.cols {
		switch c.Role {
		case roleBase:
			t.BaselineYear = c.Year
			if c.Suffix == "" {
				yearCol = c.Year
			}
		case roleTarget:
			t.TargetYear = c.Year
		case roleActual:
			t.ActualYear = c.Year
		case roleUnit:
			hasUnit = true
		}
	}
	t.Kind = "target"
	for _, c := range h.cols {
		if c.Role == roleActual || c.Role == roleStatus {
			t.Kind = "review"
		}
	}
	t.Period = stageOf(t.TargetYear)
	for ri := range rows {
		r := &rows[ri]
		if !hasUnit {
			r.Unit = unitFromLabel(r.Label)
			if r.Unit == "" {
				r.Unit = unitFromValues(r)
			}
		} else if r.Unit == "" && r.Note == "" {
			r.Note = "原表此行无单位单元格。"
		}
	}
	t.Rows = rows
	p.data.Tables = append(p.data.Tables, t)
	p.yearCols = append(p.yearCols, yearCol)
	tr.ID, tr.Kind, tr.Rows, tr.Period = id, t.Kind, len(rows), t.Period
	for _, r := range rows {
		for _, v := range []string{r.Baseline, r.Target, r.Actual} {
			pv, err := indicator.Parse(v)
			switch {
			case err != nil:
				tr.BadValues = append(tr.BadValues, v)
			case pv.Qualifier == indicator.FiveYearNew:
				tr.New++
			case pv.Qualifier == indicator.FiveYearAvg:
				tr.Avg++
			}
		}
	}
	p.blocks = append(p.blocks, block{Kind: bTable, Line: p.lines[i].n, Ref: id})
	p.rep.Tables = append(p.rep.Tables, tr)
	return last, true
}

var unitInHeader = regexp.MustCompile(`[(\x{FF08}]([^()\x{FF08}\x{FF09}]{1,6})[)\x{FF09}]$`)

// endsTable: a line that cannot be a cell of a one-cell-per-line table.
func (p *parser) endsTable(s, kind string) bool {
	if noteRE.MatchString(s) || boilerplate(s) != "" || boxRE.MatchString(s) && !isNo(s) {
		return true
	}
	if h, ok := parseHeading(s, func(int) int { return 0 }); ok && h.Level <= 3 {
		return true
	}
	if kind == "indicator" && (runes(s) > 60 || strings.HasSuffix(s, "。") && runes(s) > 30) {
		return true
	}
	if strings.Contains(s, "|") {
		return true
	}
	return false
}

// unitFromValues: with no unit column and none in the label, the unit the
// values print ("10家", "{15}家" → 家; "大于85%(AQI)", "94.8%" → %).
func unitFromValues(r *content.Row) string {
	for _, v := range []string{r.Target, r.Actual, r.Baseline} {
		pv, err := indicator.Parse(v)
		if err == nil && pv.HasNum && isUnit(pv.Suffix) {
			return pv.Suffix
		}
	}
	return ""
}
