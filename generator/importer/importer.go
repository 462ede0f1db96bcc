// Package importer turns the text of a plan's web page, as staff copy it from
// a government site, into portal content: plan.md (front matter and Markdown
// body) and data.toml (indicator tables, project tables, 责任单位), with a
// report of what it recognised and of every line it could not place.
//
// It understands the layouts of the five bundled seeds: web-page boilerplate,
// disclosure metadata (pipe table, bullet list, inline labels, labels glued
// to values), the title printed twice, a printed table of contents, the
// heading hierarchy 一、/(一)/1./1、/(1)/1) with lead-in sentences, 专栏 boxes
// on one line or one item per line, indicator tables as pipe rows or one cell
// per line (omitted category and unit cells, categories over two lines, a
// cell shared by four rows), project tables with their 总计, 责任单位 after
// tasks and targets stated in prose.
//
// Parsing is a few linear passes over the lines; nothing backtracks over the
// whole input, so any input ends quickly.
package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
	"qualityportal/generator/indicator"
)

// Options are what the importer knows about the site.
type Options struct {
	Regions    []*content.Region    // content/regions.toml
	Indicators []*content.Indicator // content/indicators.toml
	Themes     []config.Theme       // site.toml
	Region     string               // --region: the region slug; guessed from the text when ""
	Slug       string               // --slug: the plan slug; <region>-<start>-<end> when ""
}

// Result is an imported plan.
type Result struct {
	Slug     string
	Meta     content.Meta
	Data     content.Data
	Body     string // the Markdown body
	PlanMD   []byte // front matter and body
	DataTOML []byte
	Report   *Report
}

// Import reads the text of a plan's web page. name is used in messages only.
// An error means the input cannot be imported at all (empty, binary, not
// UTF-8, too big, no region); everything else is in the report.
func Import(name string, src []byte, opts Options) (*Result, error) {
	if err := checkInput(src); err != nil {
		return nil, err
	}
	p := &parser{
		opts:     &opts,
		lines:    splitLines(src),
		metaLine: map[string]int{},
		lastNum:  map[int]int{},
		anchors:  map[string]bool{"intro": true},
		section:  "intro",
		rep:      &Report{File: name},
	}
	p.why = make([]string, len(p.lines))
	p.rep.Lines = len(p.lines)
	start := p.head()
	p.body(start)
	if len(p.blocks) == 0 {
		return nil, &InputError{"no plan text found: every line is web-page furniture or metadata"}
	}
	p.period()
	p.proseTargets()
	if err := p.region(); err != nil {
		return nil, err
	}
	p.inferTitle()
	p.matchIndicators()
	slug, err := p.slug()
	if err != nil {
		return nil, err
	}
	p.finishMeta()
	body := renderBody(p.blocks)
	res := &Result{Slug: slug, Meta: p.meta, Data: p.data, Body: body, Report: p.rep}
	res.PlanMD = renderPlan(&p.meta, p.extraKeys, body)
	res.DataTOML = renderData(&p.data, p.rep.File)
	p.summarise(res)
	return res, nil
}

// period settles the plan period, stage and base year from what was read.
func (p *parser) period() {
	m := &p.meta
	stageInTitle := ""
	for _, s := range stageNames {
		if strings.Contains(p.title, s) {
			stageInTitle = s
		}
	}
	if m.PeriodStart == 0 {
		switch {
		case stageInTitle != "":
			m.PeriodEnd = stageEnd(stageInTitle)
			m.PeriodStart = m.PeriodEnd - 4
			p.rep.note("period %d–%d from “%s” in the title", m.PeriodStart, m.PeriodEnd, stageInTitle)
		default:
			// The targets "到2020年" name the end of the period.
			if y := p.targetYear(); y > 0 {
				m.PeriodStart, m.PeriodEnd = y-4, y
				p.rep.note("period %d–%d inferred from the targets “到%d年”", y-4, y, y)
			}
		}
	}
	if m.PeriodStart == 0 {
		// Any span of five years printed in the text.
		for _, b := range p.blocks {
			if b.Kind != bPara {
				continue
			}
			if mm := spanRE.FindStringSubmatch(b.Text); mm != nil && atoi(mm[2])-atoi(mm[1]) == 4 {
				m.PeriodStart, m.PeriodEnd = atoi(mm[1]), atoi(mm[2])
				p.rep.note("period %d–%d from “%s” (line %d)", m.PeriodStart, m.PeriodEnd, mm[0], b.Line)
				break
			}
		}
	}
	m.Stage = stageOf(m.PeriodEnd)
	if stageInTitle != "" && m.Stage != stageInTitle {
		p.rep.note("the title says %s but the period %d–%d is %s; stage is %s", stageInTitle, m.PeriodStart, m.PeriodEnd, m.Stage, stageInTitle)
		m.Stage = stageInTitle
	}
	m.BaseYear = p.baseYear
	if m.BaseYear == 0 {
		// A target table whose baseline column is headed by the year alone ("2020年").
		for ti, t := range p.data.Tables {
			if t.Kind == "target" && t.BaselineYear > 0 && t.Period == m.Stage && p.yearCols[ti] == t.BaselineYear {
				m.BaseYear = t.BaselineYear
				p.rep.note("base_year %d from the baseline column “%d年” of table %s", m.BaseYear, m.BaseYear, t.ID)
				break
			}
		}
	}
}

var targetYearRE = regexp.MustCompile(`(?:到|至)(\d{4})年`)

// targetYear is the year most often named in "到YYYY年".
func (p *parser) targetYear() int {
	count := map[int]int{}
	for _, b := range p.blocks {
		for _, m := range targetYearRE.FindAllStringSubmatch(b.Text, -1) {
			if y := atoi(m[1]); y >= 2000 && y <= 2100 {
				count[y]++
			}
		}
	}
	best := 0
	for y, c := range count {
		if c > count[best] || c == count[best] && y < best {
			best = y
		}
	}
	return best
}

// slug validates or builds the plan slug.
func (p *parser) slug() (string, error) {
	s := p.opts.Slug
	if s == "" {
		if p.meta.PeriodStart == 0 {
			return "", &InputError{"cannot tell the plan period from the text; give --slug (and check period_start/period_end)"}
		}
		s = fmt.Sprintf("%s-%d-%d", p.meta.Region, p.meta.PeriodStart, p.meta.PeriodEnd)
	}
	if !config.SlugRE.MatchString(s) {
		return "", &InputError{fmt.Sprintf("slug %q is not a slug (lower-case letters, digits and single hyphens)", s)}
	}
	return s, nil
}

func (p *parser) finishMeta() {
	m := &p.meta
	m.Title = p.title
	if m.Basis == nil {
		m.Basis = []string{}
	}
	if m.BasisTitles == nil {
		m.BasisTitles = []string{}
	}
	if m.Extra == nil {
		m.Extra = map[string]string{}
	}
	m.Notes = append(m.Notes, "Imported from "+baseName(p.rep.File)+" by generator import; review the report before building.")
	m.Notes = append(m.Notes, p.rep.Notes...)
}

func baseName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		return s[i+1:]
	}
	return s
}

// matchIndicators gives every row its registry id, or a suggested new entry.
func (p *parser) matchIndicators() {
	byName := map[string]*content.Indicator{}
	ids := map[string]bool{}
	for _, ind := range p.opts.Indicators {
		ids[ind.ID] = true
		for _, n := range append([]string{ind.Name}, ind.Aliases...) {
			if _, dup := byName[indicator.Normalize(n)]; !dup {
				byName[indicator.Normalize(n)] = ind
			}
		}
	}
	// Names without their qualifier, for a second, looser lookup.
	for _, ind := range p.opts.Indicators {
		for _, n := range append([]string{ind.Name}, ind.Aliases...) {
			k := unqualified(indicator.Normalize(n))
			if _, dup := byName[k]; !dup {
				byName[k] = ind
			}
		}
	}
	suggested := map[string]*content.Indicator{}
	for ti := range p.data.Tables {
		t := &p.data.Tables[ti]
		for ri := range t.Rows {
			r := &t.Rows[ri]
			key := indicator.Normalize(r.Label)
			if ind := byName[key]; ind != nil {
				r.Indicator = ind.ID
				p.rep.Matched = append(p.rep.Matched, Match{Table: t.ID, Row: ri + 1, Label: r.Label, ID: ind.ID, Line: r.Line})
				continue
			}
			// The same indicator printed with another qualifier ((累计) / (新增)).
			if ind := byName[unqualified(key)]; ind != nil && unqualified(key) != key {
				r.Indicator = ind.ID
				p.rep.Matched = append(p.rep.Matched, Match{Table: t.ID, Row: ri + 1, Label: r.Label, ID: ind.ID, Line: r.Line, Loose: true})
				continue
			}
			s := suggested[key]
			if s == nil {
				s = p.suggest(t, r, ids)
				suggested[key] = s
				ids[s.ID] = true
				p.rep.Suggestions = append(p.rep.Suggestions, s)
			}
			r.Indicator = s.ID
			p.rep.Unmatched = append(p.rep.Unmatched, Match{Table: t.ID, Row: ri + 1, Label: r.Label, ID: s.ID, Line: r.Line})
		}
	}
}

// suggest drafts a registry entry for an unmatched name.
func (p *parser) suggest(t *content.Table, r *content.Row, taken map[string]bool) *content.Indicator {
	name := strings.TrimSpace(r.Label)
	if u := unitFromLabel(name); u != "" {
		name = strings.TrimSpace(name[:strings.LastIndexAny(name, "(\uff08")])
	}
	// (累计) and (新增) qualify the values, not the indicator: the printed
	// label becomes an alias of the plain name.
	aliases := []string{}
	for _, q := range []string{"(累计)", "(新增)", "\uff08累计\uff09", "\uff08新增\uff09"} {
		if base, ok := strings.CutSuffix(name, q); ok && strings.TrimSpace(base) != "" {
			aliases = append(aliases, name)
			name = strings.TrimSpace(base)
			break
		}
	}
	unit := r.Unit
	if unit == "" {
		for _, v := range []string{r.Target, r.Baseline, r.Actual} {
			if pv, err := indicator.Parse(v); err == nil && pv.HasNum && pv.Suffix != "" {
				unit = strings.TrimPrefix(pv.Suffix, "(AQI)")
				break
			}
		}
	}
	dir := "higher"
	if strings.ContainsAny(r.Target, "≤<") || strings.Contains(r.Target, "以下") || strings.Contains(name, "浓度") || strings.Contains(name, "排放") {
		dir = "lower"
	}
	id := suggestID(name)
	for k := 2; taken[id]; k++ {
		id = fmt.Sprintf("%s-%d", suggestID(name), k)
	}
	return &content.Indicator{
		ID: id, Name: name, Aliases: aliases, Unit: unit, Theme: p.guessTheme(r.Category, name),
		Direction: dir, Description: "",
	}
}

// guessTheme picks the theme whose keywords the row's category names, else its label.
func (p *parser) guessTheme(category, name string) string {
	for _, s := range []string{category, name} {
		if s == "" {
			continue
		}
		for _, th := range p.opts.Themes {
			for _, k := range th.Keywords {
				if strings.Contains(s, k) {
					return th.ID
				}
			}
		}
	}
	return ""
}

// Glossary for suggested ids: the usual words of indicator names.
var glossary = []struct{ zh, en string }{
	{"合格率", "pass-rate"}, {"满意度", "satisfaction"}, {"优良天数", "good-days"}, {"达标率", "compliance"},
	{"覆盖率", "coverage"}, {"认证", "certified"}, {"质量奖", "quality-award"}, {"标准", "standards"}, {"品牌", "brands"},
	{"商标", "trademarks"}, {"名牌", "famous-brands"}, {"企业", "enterprises"}, {"产品", "products"}, {"工程", "projects"},
	{"服务", "services"}, {"农产品", "agri-products"}, {"食品", "food"}, {"药品", "drugs"}, {"空气", "air"},
	{"水质", "water"}, {"地表水", "surface-water"}, {"饮用水", "drinking-water"}, {"浓度", "concentration"},
	{"排放", "emissions"}, {"比例", "share"}, {"比重", "share"}, {"数量", "count"}, {"新产品", "new-products"},
	{"产值", "output"}, {"出口", "export"}, {"绿色", "green"}, {"建筑", "buildings"}, {"专利", "patents"},
	{"地理标志", "geo-indications"}, {"国际", "international"}, {"国家", "national"}, {"省级", "provincial"},
	{"市级", "city"}, {"县级", "county"}, {"地方", "local"}, {"示范", "demo"}, {"试点", "pilot"},
	{"检测", "testing"}, {"抽查", "inspection"}, {"投诉", "complaints"}, {"医疗", "medical"}, {"教育", "education"},
	{"旅游", "tourism"}, {"交通", "transport"}, {"污水", "sewage"}, {"垃圾", "waste"}, {"森林", "forest"},
	{"节能", "energy-saving"}, {"制造", "manufacturing"}, {"浙江制造", "zhejiang-made"}, {"品字标", "pinzibiao"},
	{"安全", "safety"}, {"平台", "platforms"}, {"组织", "organisations"}, {"基地", "bases"}, {"人才", "talent"},
}

// suggestID builds an id from the glossary words found in the name, in order.
func suggestID(name string) string {
	type hit struct {
		at int
		en string
	}
	var hits []hit
	used := map[string]bool{}
	// Longer words first, so 农产品 wins over 产品.
	g := append(glossary[:0:0], glossary...)
	sort.SliceStable(g, func(i, j int) bool { return len(g[i].zh) > len(g[j].zh) })
	taken := make([]bool, len(name))
	for _, w := range g {
		for from := 0; ; {
			k := strings.Index(name[from:], w.zh)
			if k < 0 {
				break
			}
			k += from
			from = k + len(w.zh)
			free := true
			for x := k; x < k+len(w.zh); x++ {
				free = free && !taken[x]
			}
			if !free || used[w.en] {
				continue
			}
			for x := k; x < k+len(w.zh); x++ {
				taken[x] = true
			}
			used[w.en] = true
			hits = append(hits, hit{k, w.en})
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	var parts []string
	for _, h := range hits {
		parts = append(parts, h.en)
	}
	id := strings.Join(parts, "-")
	if len(parts) > 4 {
		id = strings.Join(parts[len(parts)-4:], "-")
	}
	if id == "" || !config.SlugRE.MatchString(id) {
		id = "indicator"
	}
	return "new-" + id
}

// unqualified drops a trailing (累计) or (新增) from a normalised name.
func unqualified(key string) string {
	for _, q := range []string{"(累计)", "(新增)"} {
		if base, ok := strings.CutSuffix(key, q); ok && base != "" {
			return base
		}
	}
	return key
}
