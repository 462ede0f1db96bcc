package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"qualityportal/generator/content"
	"qualityportal/generator/indicator"
)

// role is what a table column holds.
type role int

const (
	roleNone role = iota
	roleCat
	roleNo
	roleLabel
	roleUnit
	roleYear // a year column not yet resolved to baseline, target or actual
	roleBase
	roleTarget
	roleActual
	roleStatus
	roleNote
	// project tables
	roleName
	roleNature
	roleYears
	roleContent
	roleTotal
	rolePlanned
	roleDept
)

type column struct {
	Name   string
	Role   role
	Year   int
	Suffix string // what follows the year: 目标, 实绩, 数据 …
}

var (
	yearColRE  = regexp.MustCompile(`^(\d{4})年(目标|目标值|实绩|实际|实际值|数据|规划值|预期目标|预期值|现状|现状值|基期值|基数|完成值|完成情况)?$`)
	stageColRE = regexp.MustCompile(`^“?(十[一二三四五]五)”?(?:时期|期末)?(?:指标)?(目标|目标值|规划值)$`)
	contColRE  = regexp.MustCompile(`^(数据|[(\x{FF08}][^()\x{FF08}\x{FF09}]{1,8}[)\x{FF09}])$`)
)

var headerWords = map[string]role{
	"类别": roleCat, "分类": roleCat, "类型": roleCat, "领域": roleCat,
	"序号": roleNo, "编号": roleNo,
	"指标名称": roleLabel, "指标": roleLabel, "工作内容及指标": roleLabel, "主要指标": roleLabel, "指标内容": roleLabel, "具体指标": roleLabel,
	"单位": roleUnit, "计量单位": roleUnit,
	"完成情况": roleStatus, "完成指标情况": roleStatus, "完成状态": roleStatus, "是否完成": roleStatus,
	"备注":   roleNote,
	"项目名称": roleName, "建设性质": roleNature, "建设期限": roleYears, "建设年限": roleYears, "建设时间": roleYears,
	"建设内容": roleContent, "建设内容及规模": roleContent, "主要建设内容": roleContent,
	"责任部门": roleDept, "责任单位": roleDept, "实施单位": roleDept,
}

// headerCell classifies a printed header cell.
func headerCell(s string) (column, bool) {
	s = strings.TrimSpace(s)
	c := column{Name: s}
	if r, ok := headerWords[squeeze(s)]; ok {
		c.Role = r
		return c, true
	}
	if m := yearColRE.FindStringSubmatch(s); m != nil {
		c.Role, c.Year, c.Suffix = roleYear, atoi(m[1]), m[2]
		return c, true
	}
	if m := stageColRE.FindStringSubmatch(s); m != nil {
		c.Role, c.Year, c.Suffix = roleTarget, stageEnd(m[1]), m[2]
		return c, true
	}
	switch {
	case strings.HasPrefix(s, "总投资"):
		c.Role = roleTotal
		return c, true
	case strings.Contains(s, "计划投资"):
		c.Role = rolePlanned
		return c, true
	}
	return c, false
}

// resolveColumns turns year columns into baseline, target and actual, and
// says whether the columns make an indicator table, a project table or neither.
func resolveColumns(cols []column) (kind string, ok bool) {
	has := map[role]bool{}
	for _, c := range cols {
		has[c.Role] = true
	}
	if has[roleName] && (has[roleTotal] || has[roleContent]) {
		return "project", true
	}
	if !has[roleLabel] {
		return "", false
	}
	target := -1
	for i, c := range cols {
		if c.Role == roleTarget || c.Role == roleYear && (strings.Contains(c.Suffix, "目标") || strings.Contains(c.Suffix, "规划") || strings.Contains(c.Suffix, "预期")) {
			target = i
		}
	}
	if target < 0 { // no column says 目标: the latest year is the target
		for i, c := range cols {
			if c.Role == roleYear && (target < 0 || c.Year >= cols[target].Year) {
				target = i
			}
		}
	}
	if target < 0 {
		return "", false
	}
	cols[target].Role = roleTarget
	for i := range cols {
		if cols[i].Role != roleYear {
			continue
		}
		if cols[i].Year < cols[target].Year {
			cols[i].Role = roleBase
		} else {
			cols[i].Role = roleActual
		}
	}
	return "indicator", true
}

// stageEnd: 十三五 → 2020.
func stageEnd(stage string) int {
	for i, s := range stageNames {
		if s == stage {
			return 2010 + 5*i
		}
	}
	return 0
}

var stageNames = []string{"十一五", "十二五", "十三五", "十四五", "十五五"}

// stageOf: the five-year period a year belongs to (2020 → 十三五).
func stageOf(year int) string {
	i := (year - 2006) / 5
	if year < 2006 || i >= len(stageNames) {
		return ""
	}
	return stageNames[i]
}

// cell is one printed table cell and the line it came from.
type cell struct {
	Text  string
	Line  int
	First bool // the first cell of its line (pipe tables: a row starts here)
}

// Predicates on cells.
var units = map[string]bool{
	"%": true, "\uff05": true, "‰": true, "个": true, "项": true, "家": true, "张": true, "件": true, "万件": true, "亿元": true,
	"万元": true, "元": true, "天": true, "人": true, "µg/m3": true, "μg/m3": true, "µg/m³": true, "μg/m³": true, "微克/立方米": true,
	"吨": true, "万吨": true, "次": true, "座": true, "所": true, "条": true, "分": true, "万人": true, "平方米": true,
	"万平方米": true, "公里": true, "亩": true, "户": true, "人次": true, "万人次": true, "台": true, "套": true, "辆": true,
	"倍": true, "年": true, "岁": true, "小时": true, "m3": true, "立方米": true, "万立方米": true, "千克": true, "公斤": true,
}

func isUnit(s string) bool { return units[s] }

func hasDigit(s string) bool { return strings.ContainsFunc(s, unicode.IsDigit) }

func isDash(s string) bool {
	switch s {
	case "-", "—", "–", "/", "——", "--", "\uff0d", "\uff0f":
		return true
	}
	return false
}

// valueCost: 0 for a number or a dash, 1 for words (a text target), 3 for
// something that starts like a number but does not parse.
func valueCost(s string) int {
	if isDash(s) {
		return 0
	}
	v, err := indicator.Parse(s)
	switch {
	case err != nil:
		return 3
	case v.HasNum:
		return 0
	}
	return 1
}

func looksValue(s string) bool {
	if isDash(s) {
		return true
	}
	v, err := indicator.Parse(s)
	return err != nil || v.HasNum
}

func labelOK(s string) bool { return runes(s) >= 2 && !looksValue(s) && !isUnit(s) && !isNo(s) }
func catOK(s string) bool {
	return runes(squeeze(s)) <= 8 && !hasDigit(s) && !isDash(s) && !isUnit(s) && !isStatus(s)
}
func isNo(s string) bool { return len(s) <= 3 && len(s) > 0 && strings.Trim(s, "0123456789") == "" }
func isStatus(s string) bool {
	return runes(s) <= 6 && (strings.Contains(s, "完成") || s == "达标" || s == "未达标")
}
func subOK(s string) bool {
	return runes(s) <= 10 && !hasDigit(s) && !isDash(s) && !isUnit(s) && !isStatus(s)
}

// rowParse is one way of reading a row from the cells.
type rowParse struct {
	n    int // cells consumed
	cost int
	rows []content.Row
	cat  string // the category this row sets ("" = inherited)
	proj *content.Project
	skip bool
}

// Costs of the choices the row parser makes: the cheapest reading of the
// whole table wins.
const (
	costSkip       = 20 // a cell that fits no row
	costNoCategory = 6  // a first row without a category cell in a table that has the column
	costSplitCat   = 1  // a category printed over two lines (产品 / 质量)
	costNoUnit     = 1  // an omitted unit cell (三门)
	costNoStatus   = 6
	costNoNumber   = 8
)

// parseRows reads cells into rows of the columns: the reading with the lowest
// total cost, found by dynamic programming over (cell, category seen), linear
// in the number of cells. Cells that fit no row are returned as leftovers.
func parseRows(cols []column, kind string, cells []cell, pipe bool) (rows []content.Row, projects []content.Project, left []cell) {
	n := len(cells)
	const inf = 1 << 30
	type state struct {
		cost int
		prev int // previous cell index
		ps   int // previous seen-flag
		p    rowParse
	}
	// dp[i][s]: best reading of cells[:i]; s = 1 when a category has been set.
	dp := make([][2]state, n+1)
	for i := range dp {
		dp[i] = [2]state{{cost: inf}, {cost: inf}}
	}
	dp[0][0].cost = 0
	for i := 0; i < n; i++ {
		for s := 0; s < 2; s++ {
			cur := dp[i][s]
			if cur.cost >= inf {
				continue
			}
			relax := func(p rowParse) {
				j := i + p.n
				if j > n {
					return
				}
				if pipe && !p.skip && j < n && !cells[j].First {
					return // a row of a pipe table is one line
				}
				ns := s
				if p.cat != "" {
					ns = 1
				}
				if c := cur.cost + p.cost; c < dp[j][ns].cost {
					dp[j][ns] = state{cost: c, prev: i, ps: s, p: p}
				}
			}
			relax(rowParse{n: 1, cost: costSkip, skip: true})
			if pipe && !cells[i].First {
				continue
			}
			if kind == "project" {
				for _, p := range projectRows(cols, cells[i:]) {
					relax(p)
				}
				continue
			}
			for _, p := range indicatorRows(cols, cells[i:], s == 1) {
				relax(p)
			}
		}
	}
	best := 0
	if dp[n][1].cost < dp[n][0].cost {
		best = 1
	}
	var chain []state
	for i, s := n, best; i > 0; {
		st := dp[i][s]
		chain = append(chain, st)
		i, s = st.prev, st.ps
	}
	cat := ""
	for k := len(chain) - 1; k >= 0; k-- {
		st := chain[k]
		switch {
		case st.p.skip:
			left = append(left, cells[st.prev])
		case st.p.proj != nil:
			projects = append(projects, *st.p.proj)
		default:
			if st.p.cat != "" {
				cat = st.p.cat
			}
			for _, r := range st.p.rows {
				r.Category = cat
				rows = append(rows, r)
			}
		}
	}
	return rows, projects, left
}

// indicatorRows lists the ways a row of an indicator table can start at c[0].
func indicatorRows(cols []column, c []cell, catSeen bool) []rowParse {
	var out []rowParse
	hasCat := false
	for _, col := range cols {
		if col.Role == roleCat {
			hasCat = true
		}
	}
	var walk func(ci, k int, r content.Row, cat string, cost int)
	walk = func(ci, k int, r content.Row, cat string, cost int) {
		if ci == len(cols) {
			out = append(out, rowParse{n: k, cost: cost, rows: []content.Row{r}, cat: cat})
			return
		}
		col := cols[ci]
		at := func(i int) (string, bool) {
			if k+i < len(c) {
				return c[k+i].Text, true
			}
			return "", false
		}
		switch col.Role {
		case roleCat:
			if t, ok := at(0); ok && catOK(t) {
				walk(ci+1, k+1, r, squeeze(t), cost)
				if t2, ok := at(1); ok && catOK(t2) {
					walk(ci+1, k+2, r, squeeze(t)+squeeze(t2), cost+costSplitCat)
				}
			}
			if catSeen || !hasCat {
				walk(ci+1, k, r, "", cost)
			} else {
				walk(ci+1, k, r, "", cost+costNoCategory)
			}
		case roleNo:
			if t, ok := at(0); ok && isNo(t) {
				r.No = t
				walk(ci+1, k+1, r, cat, cost)
				r.No = ""
			}
			walk(ci+1, k, r, cat, cost+costNoNumber)
		case roleLabel:
			if t, ok := at(0); ok && labelOK(t) {
				r.Label = t
				r.Line = c[k].Line
				walk(ci+1, k+1, r, cat, cost)
				// 瑞安: one label over several sub-rows sharing the value cells.
				if ci+1 < len(cols) {
					if g, ok := groupRows(cols[ci+1:], c[k+1:], r); ok {
						out = append(out, rowParse{n: k + 1 + g.n, cost: cost + g.cost, rows: g.rows, cat: cat})
					}
				}
			}
		case roleUnit:
			if t, ok := at(0); ok && isUnit(t) {
				r.Unit = t
				walk(ci+1, k+1, r, cat, cost)
				r.Unit = ""
			}
			walk(ci+1, k, r, cat, cost+costNoUnit)
		case roleBase, roleTarget, roleActual, roleNote:
			t, ok := at(0)
			if !ok || isStatus(t) && col.Role != roleNote {
				return
			}
			switch col.Role {
			case roleBase:
				r.Baseline = t
			case roleTarget:
				r.Target = t
			case roleActual:
				r.Actual = t
			case roleNote:
				r.Note = t
			}
			walk(ci+1, k+1, r, cat, cost+valueCost(t))
		case roleStatus:
			if t, ok := at(0); ok && isStatus(t) {
				r.Status = t
				walk(ci+1, k+1, r, cat, cost)
				r.Status = ""
			}
			walk(ci+1, k, r, cat, cost+costNoStatus)
		default:
			walk(ci+1, k+1, r, cat, cost)
		}
	}
	walk(0, 0, content.Row{}, "", 0)
	return out
}

// groupRows reads the 瑞安 shared cell: a label, its first part, the unit and
// the value, then the other parts alone on their lines
// (主要污染物排放总量 / 化学需氧量 / 万吨 / 完成上级下达任务 / 二氧化硫 / 氮氧化物 / 氨氮).
// Every part becomes a row with the shared unit and values.
func groupRows(rest []column, c []cell, head content.Row) (rowParse, bool) {
	if len(c) == 0 || !subOK(c[0].Text) {
		return rowParse{}, false
	}
	first := c[0]
	k := 1
	shared := head
	for _, col := range rest {
		if k >= len(c) {
			return rowParse{}, false
		}
		t := c[k].Text
		switch col.Role {
		case roleUnit:
			if isUnit(t) {
				shared.Unit = t
				k++
			}
			continue
		case roleBase:
			shared.Baseline = t
		case roleTarget:
			shared.Target = t
		case roleActual:
			shared.Actual = t
		case roleStatus:
			if !isStatus(t) {
				return rowParse{}, false
			}
			shared.Status = t
		default:
			return rowParse{}, false
		}
		k++
	}
	parts := []cell{first}
	for k < len(c) && len(parts) < maxGroup && subOK(c[k].Text) && !isNo(c[k].Text) && !c[k].First {
		parts = append(parts, c[k])
		k++
	}
	if len(parts) < 2 {
		return rowParse{}, false
	}
	var rows []content.Row
	for i, p := range parts {
		r := shared
		r.Label = groupLabel(head.Label, p.Text)
		r.Line = p.Line
		r.Note = groupNote(head.Label, parts, i)
		rows = append(rows, r)
	}
	return rowParse{n: k, rows: rows}, true
}

// maxGroup bounds the rows of one shared cell (and keeps parsing linear).
const maxGroup = 12

// groupLabel names one part of a shared cell.
func groupLabel(label, part string) string { return label + " " + part }

func groupNote(label string, parts []cell, i int) string {
	var names []string
	for _, p := range parts {
		names = append(names, p.Text)
	}
	return "“" + label + "”" + "一格分" + strconv.Itoa(len(parts)) + "行(" + strings.Join(names, "、") + "),单位与数值共用一格"
}

// projectRows lists the ways a project row can start at c[0]: all its cells,
// or the 总计 row (the word and the sums).
func projectRows(cols []column, c []cell) []rowParse {
	var out []rowParse
	if len(c) == 0 {
		return nil
	}
	if t := squeeze(c[0].Text); t == "总计" || t == "合计" {
		sums := []role{}
		for _, col := range cols {
			if col.Role == roleTotal || col.Role == rolePlanned {
				sums = append(sums, col.Role)
			}
		}
		p := content.Project{Name: c[0].Text, Line: c[0].Line}
		k := 1
		for _, r := range sums {
			if k >= len(c) || !looksValue(c[k].Text) {
				break
			}
			if r == roleTotal {
				p.Total = c[k].Text
			} else {
				p.Planned = c[k].Text
			}
			k++
			pp := p
			out = append(out, rowParse{n: k, proj: &pp})
		}
		return out
	}
	if len(c) < len(cols) {
		return nil
	}
	p := content.Project{Line: c[0].Line}
	cost := 0
	for i, col := range cols {
		t := c[i].Text
		switch col.Role {
		case roleNo:
			if !isNo(t) {
				return nil
			}
			p.No = t
		case roleName:
			if looksValue(t) {
				return nil
			}
			p.Name = t
		case roleNature:
			p.Nature = t
		case roleYears:
			p.Years = t
		case roleContent:
			p.Content = t
		case roleTotal:
			p.Total = t
			cost += valueCost(t)
		case rolePlanned:
			p.Planned = t
			cost += valueCost(t)
		case roleDept:
			p.Departments = t
		default:
			cost++
		}
	}
	return []rowParse{{n: len(cols), cost: cost, proj: &p}}
}

// unitFromLabel: "制造业产品质量合格率(%)" → "%".
func unitFromLabel(label string) string {
	l := strings.TrimSpace(label)
	for _, pair := range [][2]string{{"(", ")"}, {"\uff08", "\uff09"}} {
		if strings.HasSuffix(l, pair[1]) {
			if i := strings.LastIndex(l, pair[0]); i > 0 {
				u := l[i+len(pair[0]) : len(l)-len(pair[1])]
				if isUnit(u) {
					return u
				}
			}
		}
	}
	return ""
}
