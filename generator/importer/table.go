package importer

import (
	"regexp"
	"strings"
	"unicode"

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
