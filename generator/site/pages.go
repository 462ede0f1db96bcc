package site

import (
	"cmp"
	"html/template"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
	"qualityportal/generator/indicator"
	"qualityportal/generator/markdown"
	"qualityportal/generator/match"
)

// URLs of pages, from the site root. Templates prefix them with .Root.
func planURL(p *content.Plan) string           { return "plans/" + p.Slug + "/index.html" }
func regionURL(r *content.Region) string       { return "regions/" + r.Slug + "/index.html" }
func indicatorURL(i *content.Indicator) string { return "indicators/" + i.ID + "/index.html" }
func themeURL(id string) string                { return "themes/" + id + "/index.html" }

// Funcs are the template functions every layout can use.
func Funcs(cs *content.Site) template.FuncMap {
	return template.FuncMap{
		"planURL":      planURL,
		"regionURL":    regionURL,
		"indicatorURL": indicatorURL,
		"themeURL":     themeURL,
		"indicator":    cs.Indicator,
		"region":       cs.Region,
		"theme": func(id string) *config.Theme {
			if cs.Config == nil {
				return nil
			}
			return cs.Config.Theme(id)
		},
		// html marks HTML the generator made itself (Markdown with raw HTML escaped, SVG charts).
		"html": func(s string) template.HTML { return template.HTML(s) },
		"join": strings.Join,
		"inc":  func(i int) int { return i + 1 },
		"progress": func(r *content.Row) indicator.Progress {
			ind := cs.Indicator(r.Indicator)
			if ind == nil {
				return indicator.Progress{}
			}
			return RowProgress(ind, r)
		},
		// Fragments written in Go (fragments.go): the row loops of the pages.
		"chartFigure": chartFigure,
		"tableRows":   func(v *TableView) template.HTML { return tableRows(cs, v) },
		// These three write into the page being rendered ($, the Page) where
		// their action stands, and print nothing (see frag).
		"regionRows":    func(pg *Page, v []IndicatorRows) template.HTML { return regionRows(cs, v, pg.Root, pg.out) },
		"planSections":  func(pg *Page, v *PlanView) template.HTML { return planSections(cs, v, pg.Root, pg.out) },
		"tocItems":      tocItems,
		"mentionItems":  mentionItems,
		"indicatorRows": func(pg *Page, v []*content.RowRef) template.HTML { return indicatorRows(cs, v, pg.Root, pg.out) },
		// dict builds the argument of a partial from key, value pairs.
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				k, _ := kv[i].(string)
				m[k] = kv[i+1]
			}
			return m
		},
	}
}

// SectionView is a section with what the plan page shows beside it.
type SectionView struct {
	*markdown.Section
	Themes []*config.Theme
	Parts  []PartView
	Resp   []content.Responsibility
}

// PartView is a block of a section, resolved.
type PartView struct {
	markdown.Part
	Table    *TableView
	Projects *ProjectsView
}

// HTML is the part's rendered body (markdown.Part.Body): a text part that the
// content keeps as plain text only is made HTML when a template asks
// (planSections writes it into the page without making it).
func (p PartView) HTML() string { return p.Part.Body() }

// TableView is an indicator table with the columns it needs.
type TableView struct {
	Root                                                         string
	Table                                                        *content.Table
	HasNo, HasBaseline, HasTarget, HasActual, HasStatus, HasNote bool
	Charts                                                       []*ChartView
}

// ProjectsView is a project table on a page.
type ProjectsView struct {
	Root     string
	Projects *content.ProjectTable
}

func newTableView(root string, t *content.Table) *TableView {
	v := &TableView{Root: root, Table: t}
	for _, r := range t.Rows {
		v.HasNo = v.HasNo || r.No != ""
		v.HasBaseline = v.HasBaseline || r.Baseline != ""
		v.HasTarget = v.HasTarget || r.Target != ""
		v.HasActual = v.HasActual || r.Actual != ""
		v.HasStatus = v.HasStatus || r.Status != ""
		v.HasNote = v.HasNote || r.Note != ""
	}
	return v
}

// PlanView is the data of a plan page.
type PlanView struct {
	Plan     *content.Plan
	Sections []SectionView
	TOC      []*markdown.Section // levels 2 and 3
	Themes   []*config.Theme     // every theme of any section
	Boxes    int
}

// Mention is a plan section that names an indicator.
type Mention struct {
	Plan    *content.Plan
	Section *markdown.Section
}

// IndicatorView is the data of an indicator page.
type IndicatorView struct {
	Chart *ChartView
	Times []*ChartView
	Ind   *content.Indicator
	Theme *config.Theme
	Rows  []*content.RowRef // by region code, then period
	// Listed are the rows of the table: all of them, or beyond
	// maxIndicatorRows the rows of the top two levels of regions, the others
	// counted in Below by the region they belong to.
	Listed   []*content.RowRef
	Below    []RegionCount
	Regions  int
	Mentions []Mention
	// At national scale one chart of every row, or a line per region, is
	// too large to draw or read: they are left out (the table keeps every row).
	ChartOmitted, TimesOmitted bool
}

// Scale limits: beyond them a page lists its data in tables and links to
// smaller pages instead of drawing or listing everything. Small sites never reach them.
const (
	maxChartBars   = 300 // rows drawn in one bar chart of an indicator (a province: 90 counties × 3 periods)
	maxTimeRegions = 100 // regions with a line chart of their own on an indicator page
	maxThemePlans  = 200 // plans whose sections a theme page lists (the newest)
	maxRegionPlans = 200 // plans of the regions below that a region page lists
	// rows an indicator page lists one by one; beyond, only those of the
	// top two levels of regions (province, cities), the rest counted per city
	maxIndicatorRows = 1000
)

// RegionCount counts an indicator's rows of the regions below Region that
// its page does not list one by one.
type RegionCount struct {
	Region        *content.Region
	Regions, Rows int
}

// IndicatorRows groups one indicator's rows for a region.
type IndicatorRows struct {
	Ind   *content.Indicator
	Rows  []*content.RowRef
	Chart *ChartView
}

// RegionView is the data of a region page.
type RegionView struct {
	Region    *content.Region
	Ancestors []*content.Region
	Children  []ChildRegion
	// Descendants are the plans of regions below this one, listed when
	// there are at most maxRegionPlans of them (DescendantCount counts all).
	Descendants     []*content.Plan
	DescendantCount int
	Indicators      []IndicatorRows
	// Chart draws the headline indicators (registry headline = true), an
	// axis each, with the parent region's values beside this region's;
	// Uncharted counts the other indicators, shown in the table only.
	Chart     *ChartView
	Uncharted int
}

// ChildRegion is a region below, with its own plans and the plans below it.
type ChildRegion struct {
	*content.Region
	Below int // plans of the regions below the child
}

// ThemeSections lists one plan's sections of a theme.
type ThemeSections struct {
	Plan     *content.Plan
	Sections []*markdown.Section
}

// ThemeView is the data of a theme page.
type ThemeView struct {
	Charts     []*ChartView
	Theme      *config.Theme
	Indicators []*content.Indicator
	Plans      []ThemeSections // the newest maxThemePlans of the plans with sections of the theme
	PlanCount  int             // all plans with sections of the theme
	// ChartsOmitted counts indicators with more than maxChartBars rows, not drawn here.
	ChartsOmitted int
}

// HomeView is the data of the home page.
type HomeView struct {
	Newest    []*content.Plan
	Roots     []*content.Region
	Headlines []*IndicatorView
	Counts    struct{ Plans, Regions, Indicators, Rows int }
}

// index holds the cross-references computed once per build, each in one
// pass over the content, so nothing is quadratic in the number of plans.
type index struct {
	mentions map[string][]Mention // by indicator id
	themeSec map[string][]ThemeSections
	byCode   map[*content.Indicator][]*content.RowRef
}

func (g *Generator) index() *index {
	cs := g.Site
	ix := &index{mentions: map[string][]Mention{}, themeSec: map[string][]ThemeSections{}}
	// Every plan's mentions first, in parallel: the pages that need the index wait for it.
	parallel(len(cs.Plans), g.Opts.Workers, func(i int) error {
		g.mentionsOf(cs.Plans[i])
		return nil
	})
	for _, p := range cs.Plans {
		for _, m := range g.mentionsOf(p) {
			ix.mentions[m.ind] = append(ix.mentions[m.ind], Mention{p, &p.Sections[m.sec]})
		}
		for t, secs := range themeSections(p) {
			ix.themeSec[t] = append(ix.themeSec[t], ThemeSections{p, secs})
		}
	}
	return ix
}

// themeSections lists, per theme id, the sections of p that a theme page
// shows: those of the theme whose parent section is not.
func themeSections(p *content.Plan) map[string][]*markdown.Section {
	parentThemes := map[int][]string{}
	perTheme := map[string][]*markdown.Section{}
	for si := range p.Sections {
		sec := &p.Sections[si]
		own := p.SectionThemes[sec.ID]
		parent := parentThemes[sec.Level-1]
		for _, t := range own {
			if !contains(parent, t) {
				perTheme[t] = append(perTheme[t], sec)
			}
		}
		parentThemes[sec.Level] = own
	}
	return perTheme
}

// mentionFinder finds the sections of a plan that name indicators. One
// automaton over every name of every indicator finds the names a section
// mentions in one pass over its text.
type mentionFinder struct {
	names   string // every name, for Update to see whether the registry changed
	matcher *match.Matcher
	indexOf map[string]int32 // indicator id → its number in the automaton
}

func newMentionFinder(cs *content.Site) *mentionFinder {
	var names []string
	var ids []int32
	indexOf := map[string]int32{}
	for i, ind := range cs.Indicators {
		indexOf[ind.ID] = int32(i)
		for _, name := range append([]string{ind.Name}, ind.Aliases...) {
			names = append(names, bareName(name))
			ids = append(ids, int32(i))
		}
	}
	return &mentionFinder{names: registryNames(cs), matcher: match.New(names, ids, int32(len(cs.Indicators))), indexOf: indexOf}
}

// registryNames is every id and name of the indicator registry, in order.
func registryNames(cs *content.Site) string {
	var b strings.Builder
	for _, ind := range cs.Indicators {
		b.WriteString(ind.ID + "\x00" + ind.Name + "\x00" + strings.Join(ind.Aliases, "\x00") + "\x01")
	}
	return b.String()
}

// mention is a section (by number) of a plan that names an indicator.
type mention struct {
	ind string
	sec int
}

// mentionsOf lists, in section order, the sections of p that name an
// indicator of p's own tables. The result depends on p and the registry
// only, so it is kept per plan and taken over by Update for unchanged plans.
// It is safe to call from several goroutines: the cache is locked, the
// scan is not (the finder is read only).
func (g *Generator) mentionsOf(p *content.Plan) []mention {
	g.mentionMu.Lock()
	if m, ok := g.mentions[p.Slug]; ok {
		g.mentionMu.Unlock()
		return m
	}
	if g.finder == nil {
		g.finder = newMentionFinder(g.Site)
	}
	mf := g.finder
	g.mentionMu.Unlock()

	type cand struct {
		id  string
		idx int32
	}
	var cands []cand
	seen := map[string]bool{}
	for ti := range p.Tables {
		for ri := range p.Tables[ti].Rows {
			id := p.Tables[ti].Rows[ri].Indicator
			if idx, ok := mf.indexOf[id]; ok && !seen[id] {
				seen[id] = true
				cands = append(cands, cand{id, idx})
			}
		}
	}
	var out []mention
	if len(cands) > 0 {
		var found match.Set // per call: generators share a finder (Update)
		for si := range p.Sections {
			sec := &p.Sections[si]
			// The pieces of sec.Title+"\n"+sec.Plain(), without joining them.
			found = mf.matcher.Start(found)
			st := mf.matcher.Scan(sec.Title, 0, found)
			st = mf.matcher.Scan("\n", st, found)
			sec.EachPlain(func(t string) { st = mf.matcher.Scan(t, st, found) })
			for _, c := range cands {
				if found.Has(c.idx) {
					out = append(out, mention{c.id, si})
				}
			}
		}
	}
	g.mentionMu.Lock()
	if g.mentions == nil {
		g.mentions = map[string][]mention{}
	}
	g.mentions[p.Slug] = out
	g.mentionMu.Unlock()
	return out
}

// bareName drops a trailing bracketed qualifier ("(累计)") so prose matches.
func bareName(s string) string {
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") {
		return s[:i]
	}
	return s
}

func contains(a []string, s string) bool {
	for _, x := range a {
		if x == s {
			return true
		}
	}
	return false
}

func (g *Generator) planView(p *content.Plan, root string) *PlanView {
	cfg := g.Site.Config
	v := &PlanView{Plan: p, Sections: make([]SectionView, 0, len(p.Sections))}
	resp := map[string][]content.Responsibility{}
	for _, r := range p.Responsibilities {
		resp[r.Section] = append(resp[r.Section], r)
	}
	themeSeen := map[string]bool{}
	for si := range p.Sections {
		sec := &p.Sections[si]
		sv := SectionView{Section: sec, Resp: resp[sec.ID], Parts: make([]PartView, 0, len(sec.Parts))}
		for _, t := range p.SectionThemes[sec.ID] {
			if th := cfg.Theme(t); th != nil {
				sv.Themes = append(sv.Themes, th)
				themeSeen[t] = true
			}
		}
		for _, part := range sec.Parts {
			pv := PartView{Part: part}
			if part.Kind == markdown.Table {
				if t := p.Table(part.Ref); t != nil {
					pv.Table = newTableView(root, t)
					pv.Table.Charts = g.tableCharts(p, t, root)
				}
				if t := p.ProjectTable(part.Ref); t != nil {
					pv.Projects = &ProjectsView{root, t}
				}
			}
			if part.Kind == markdown.Box {
				v.Boxes++
			}
			sv.Parts = append(sv.Parts, pv)
		}
		v.Sections = append(v.Sections, sv)
		if sec.Level == 2 || sec.Level == 3 {
			v.TOC = append(v.TOC, sec)
		}
	}
	for i := range cfg.Themes {
		if themeSeen[cfg.Themes[i].ID] {
			v.Themes = append(v.Themes, &cfg.Themes[i])
		}
	}
	return v
}

// sortRows orders an indicator's rows by region code, then period, then plan and row order.
func sortRows(rows []*content.RowRef) []*content.RowRef {
	out := append([]*content.RowRef(nil), rows...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Plan.Region != nil && b.Plan.Region != nil && a.Plan.Region.Code != b.Plan.Region.Code {
			return a.Plan.Region.Code < b.Plan.Region.Code
		}
		if a.Plan.PeriodStart != b.Plan.PeriodStart {
			return a.Plan.PeriodStart < b.Plan.PeriodStart
		}
		return a.Plan.Slug < b.Plan.Slug
	})
	return out
}

// planOrder numbers plans in the order sortRows puts their rows: by region
// code, then the start of the period, then slug. sortRowsBy then compares
// two numbers instead of following four pointers a comparison, which on a
// national site (337,040 rows, 20 comparisons each) was most of its time.
// A plan without a region (never in a linked site) comes first.
func planOrder(plans []*content.Plan) map[*content.Plan]uint64 {
	codes := map[string]uint64{}
	for _, p := range plans {
		if p.Region != nil {
			codes[p.Region.Code] = 0
		}
	}
	sortedCodes := slices.Sorted(maps.Keys(codes))
	for i, c := range sortedCodes {
		codes[c] = uint64(i) + 1
	}
	bySlug := slices.Clone(plans)
	slices.SortFunc(bySlug, func(a, b *content.Plan) int { return strings.Compare(a.Slug, b.Slug) })
	order := make(map[*content.Plan]uint64, len(plans))
	for i, p := range bySlug {
		var code uint64
		if p.Region != nil {
			code = codes[p.Region.Code]
		}
		// 20 bits of region, 16 of year, 28 of slug rank.
		order[p] = code<<44 | uint64(uint16(p.PeriodStart))<<28 | uint64(i)
	}
	return order
}

// sortRowsBy is sortRows with the plans' order from planOrder.
func sortRowsBy(rows []*content.RowRef, order map[*content.Plan]uint64) []*content.RowRef {
	if len(order) >= 1<<20 {
		return sortRows(rows) // more plans (so regions) than the keys hold
	}
	type key struct {
		plan uint64
		i    int // rows of one plan keep their order
	}
	keys := make([]key, len(rows))
	for i, r := range rows {
		keys[i] = key{order[r.Plan], i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.plan, b.plan); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	out := make([]*content.RowRef, len(rows))
	for i, k := range keys {
		out[i] = rows[k.i]
	}
	return out
}

// sortedRows is sortRows of an indicator's rows.
func sortedRows(ind *content.Indicator) []*content.RowRef { return sortRows(ind.Rows) }

// sortAllRows sorts the rows of every indicator, in parallel, for rowsOf.
func (g *Generator) sortAllRows() {
	cs := g.Site
	sorted := make([][]*content.RowRef, len(cs.Indicators))
	order := planOrder(cs.Plans)
	parallel(len(cs.Indicators), g.Opts.Workers, func(i int) error {
		sorted[i] = sortRowsBy(cs.Indicators[i].Rows, order)
		return nil
	})
	g.sorted = map[*content.Indicator][]*content.RowRef{}
	for i, ind := range cs.Indicators {
		g.sorted[ind] = sorted[i]
	}
}

// rowsOf returns the indicator's rows in sortRows order, sorted once per
// generator, when the first page or file needs them (its indicator page, theme page and four downloads need them).
func (g *Generator) rowsOf(ind *content.Indicator) []*content.RowRef {
	g.sortOnce.Do(g.sortAllRows)
	if rows, ok := g.sorted[ind]; ok {
		return rows
	}
	return sortRows(ind.Rows)
}

func (g *Generator) indicatorView(ind *content.Indicator, ix *index, root string) *IndicatorView {
	v := &IndicatorView{Ind: ind, Theme: g.Site.Config.Theme(ind.Theme), Rows: g.rowsOf(ind), Mentions: ix.mentions[ind.ID]}
	regions := map[*content.Region]bool{}
	for _, r := range ind.Rows {
		regions[r.Plan.Region] = true
	}
	v.Regions = len(regions)
	v.Listed = v.Rows
	if len(v.Rows) > maxIndicatorRows {
		v.Listed = nil
		at := map[*content.Region]int{}
		seen := map[*content.Region]bool{}
		for _, ref := range v.Rows {
			a := ref.Plan.Region.Ancestors()
			if len(a) < 2 {
				v.Listed = append(v.Listed, ref)
				continue
			}
			city := a[1]
			i, ok := at[city]
			if !ok {
				i = len(v.Below)
				at[city] = i
				v.Below = append(v.Below, RegionCount{Region: city})
			}
			v.Below[i].Rows++
			if !seen[ref.Plan.Region] {
				seen[ref.Plan.Region] = true
				v.Below[i].Regions++
			}
		}
	}
	if root != "" {
		if len(v.Rows) <= maxChartBars {
			v.Chart = indicatorChart(ind, v.Rows, root, "c-"+ind.ID)
		} else {
			v.ChartOmitted = true
		}
		if v.Regions <= maxTimeRegions {
			v.Times = timeCharts(ind, v.Rows, "t-"+ind.ID)
		} else {
			v.TimesOmitted = true
		}
	}
	return v
}

func (g *Generator) regionView(r *content.Region, rowsByRegion map[*content.Region][]*content.RowRef) *RegionView {
	v := &RegionView{Region: r, Ancestors: r.Ancestors()}
	var below func(*content.Region) int
	below = func(x *content.Region) int {
		n := 0
		for _, c := range x.Children {
			n += len(c.Plans) + below(c)
		}
		return n
	}
	for _, c := range r.Children {
		b := below(c)
		v.Children = append(v.Children, ChildRegion{c, b})
		v.DescendantCount += len(c.Plans) + b
	}
	if v.DescendantCount <= maxRegionPlans {
		var walk func(*content.Region)
		walk = func(x *content.Region) {
			for _, c := range x.Children {
				v.Descendants = append(v.Descendants, c.Plans...)
				walk(c)
			}
		}
		walk(r)
	}
	byInd := map[*content.Indicator][]*content.RowRef{}
	var order []*content.Indicator
	for _, ref := range rowsByRegion[r] {
		ind := g.Site.Indicator(ref.Row.Indicator)
		if _, ok := byInd[ind]; !ok {
			order = append(order, ind)
		}
		byInd[ind] = append(byInd[ind], ref)
	}
	sort.SliceStable(order, func(i, j int) bool { return indOrder(g.Site, order[i], order[j]) })
	var panels []panelRows
	for _, ind := range order {
		rows := sortRows(byInd[ind])
		v.Indicators = append(v.Indicators, IndicatorRows{Ind: ind, Rows: rows})
		if !ind.Headline {
			v.Uncharted++
			continue
		}
		// The parent region's rows of the same indicator stand beside this region's.
		all := rows
		if r.ParentRegion != nil {
			for _, ref := range rowsByRegion[r.ParentRegion] {
				if ref.Row.Indicator == ind.ID {
					all = append(all, ref)
				}
			}
		}
		p := panelRows{heading: ind.Name, unit: ind.Unit, lower: ind.Lower()}
		for _, ref := range all {
			p.labels = append(p.labels, regionLabel(ref))
			p.hrefs = append(p.hrefs, "") // the table above links every row to its plan
			p.rows = append(p.rows, ref.Row)
		}
		panels = append(panels, p)
	}
	v.Chart = panelsOf("c-headline", r.Name+"主要指标:基期值、目标值与实绩", "项", panels, rootOf(regionURL(r)))
	if v.Chart == nil {
		v.Uncharted = len(order)
	}
	return v
}

// indOrder sorts indicators by theme order, then registry order.
func indOrder(cs *content.Site, a, b *content.Indicator) bool {
	ta, tb := cs.Config.Theme(a.Theme), cs.Config.Theme(b.Theme)
	if ta != nil && tb != nil && ta.Order != tb.Order {
		return ta.Order < tb.Order
	}
	return a.Line < b.Line
}

func (g *Generator) newPage(kind, p, title string, data any, crumbs ...Crumb) *Page {
	return &Page{
		Site: g.Site.Config, Content: g.Site, Kind: kind, Title: title, Path: p, Root: rootOf(p),
		Crumbs: append([]Crumb{{"首页", "index.html"}}, crumbs...), Data: data, Dev: g.Opts.Dev,
	}
}

// plan lists every output file of the templates and the feeds.
func (g *Generator) plan() []*job {
	cs := g.Site
	cfg := cs.Config
	// What several pages share is computed once, when the first of them is
	// rendered: an incremental build that renders none of them skips it.
	index := sync.OnceValue(g.index)
	var jobs []*job
	add := func(pg *Page) { jobs = append(jobs, &job{path: pg.Path, page: pg}) }
	// lazy adds a page whose data is computed when it is rendered.
	lazy := func(pg *Page, view func() any) { jobs = append(jobs, &job{path: pg.Path, page: pg, view: view}) }

	rowsByRegion := sync.OnceValue(func() map[*content.Region][]*content.RowRef {
		m := map[*content.Region][]*content.RowRef{}
		for _, p := range cs.Plans {
			for i := range p.RowRefs {
				m[p.Region] = append(m[p.Region], &p.RowRefs[i])
			}
		}
		return m
	})

	var roots []*content.Region
	for _, r := range cs.Regions {
		if r.ParentRegion == nil {
			roots = append(roots, r)
		}
	}
	lazy(g.newPage("home", "index.html", cfg.Title, nil), func() any {
		home := &HomeView{Roots: roots}
		home.Newest = cs.Plans[:min(len(cs.Plans), 10)]
		home.Counts.Plans, home.Counts.Regions, home.Counts.Indicators = len(cs.Plans), len(cs.Regions), len(cs.Indicators)
		for _, ind := range cs.Indicators {
			home.Counts.Rows += len(ind.Rows)
			if ind.Headline {
				home.Headlines = append(home.Headlines, g.indicatorView(ind, index(), ""))
			}
		}
		return home
	})
	add(g.newPage("plans", "plans/index.html", "规划", cs.Plans, Crumb{"规划", ""}))
	add(g.newPage("regions", "regions/index.html", "地区", roots, Crumb{"地区", ""}))
	add(g.newPage("indicators", "indicators/index.html", "指标", g.indicatorsByTheme(), Crumb{"指标", ""}))
	lazy(g.newPage("themes", "themes/index.html", "主题", nil, Crumb{"主题", ""}), func() any { return g.themeViews(index(), false) })
	add(g.newPage("search", "search/index.html", "搜索", nil, Crumb{"搜索", ""}))
	add(g.newPage("404", "404.html", "页面未找到", nil, Crumb{"页面未找到", ""}))

	for _, p := range cs.Plans {
		crumbs := []Crumb{{"规划", "plans/index.html"}}
		if p.Region != nil {
			crumbs = append(crumbs, Crumb{p.Region.Name, regionURL(p.Region)})
		}
		crumbs = append(crumbs, Crumb{p.Title, ""})
		pg := g.newPage("plan", planURL(p), p.Title, nil, crumbs...)
		pg.Description = p.Title + "(" + p.Period() + ")全文、主要指标与专栏。"
		lazy(pg, func() any { return g.planView(p, rootOf(planURL(p))) })
		jobs[len(jobs)-1].after = func() { g.spill.pageDone(g, p) }
	}
	// The downloads, one long job, after the plan pages, so that both workers
	// make those first and the plans' text goes early (textSpill), and before
	// the rest, so that the job does not run alone at the end.
	jobs = append(jobs, g.downloadJobs()...)
	for _, r := range cs.Regions {
		crumbs := []Crumb{{"地区", "regions/index.html"}}
		for _, a := range r.Ancestors() {
			crumbs = append(crumbs, Crumb{a.Name, regionURL(a)})
		}
		crumbs = append(crumbs, Crumb{r.Name, ""})
		lazy(g.newPage("region", regionURL(r), r.FullName, nil, crumbs...), func() any { return g.regionView(r, rowsByRegion()) })
	}
	for _, ind := range cs.Indicators {
		lazy(g.newPage("indicator", indicatorURL(ind), ind.Name, nil, Crumb{"指标", "indicators/index.html"}, Crumb{ind.Name, ""}),
			func() any { return g.indicatorView(ind, index(), rootOf(indicatorURL(ind))) })
	}
	for _, ti := range g.indicatorsByTheme() {
		lazy(g.newPage("theme", themeURL(ti.Theme.ID), ti.Theme.Name, nil, Crumb{"主题", "themes/index.html"}, Crumb{ti.Theme.Name, ""}),
			func() any { return g.themeView(ti, index(), true) })
	}
	jobs = append(jobs,
		&job{path: "sitemap.xml", render: func() ([]byte, error) { return sitemap(cfg, jobs) }},
		&job{path: "feed.xml", render: func() ([]byte, error) { return feed(cfg, cs.Plans) }},
	)
	return jobs
}

// ThemeIndicators is one theme and its indicators.
type ThemeIndicators struct {
	Theme      *config.Theme
	Indicators []*content.Indicator
}

func (g *Generator) indicatorsByTheme() []ThemeIndicators {
	cfg := g.Site.Config
	var out []ThemeIndicators
	for i := range cfg.Themes {
		ti := ThemeIndicators{Theme: &cfg.Themes[i]}
		for _, ind := range g.Site.Indicators {
			if ind.Theme == cfg.Themes[i].ID {
				ti.Indicators = append(ti.Indicators, ind)
			}
		}
		out = append(out, ti)
	}
	return out
}

func (g *Generator) themeViews(ix *index, withCharts bool) []*ThemeView {
	var out []*ThemeView
	for _, ti := range g.indicatorsByTheme() {
		out = append(out, g.themeView(ti, ix, withCharts))
	}
	return out
}

func (g *Generator) themeView(ti ThemeIndicators, ix *index, withCharts bool) *ThemeView {
	all := ix.themeSec[ti.Theme.ID]
	tv := &ThemeView{Theme: ti.Theme, Indicators: ti.Indicators, Plans: all[:min(len(all), maxThemePlans)], PlanCount: len(all)}
	if withCharts {
		for _, ind := range ti.Indicators {
			if len(ind.Rows) > maxChartBars {
				tv.ChartsOmitted++
				continue
			}
			if cv := indicatorChart(ind, g.rowsOf(ind), "../../", "c-"+ind.ID); cv != nil {
				tv.Charts = append(tv.Charts, cv)
			}
		}
	}
	return tv
}
