// Package content loads and checks the portal's content.
//
// The content model, as it sits in a site folder:
//
//	content/regions.toml             []Region: the hierarchy 浙江省 → 台州市 → 椒江区
//	content/indicators.toml          []Indicator: one id per indicator, with every printed name as an alias
//	content/plans/SLUG/plan.md       Plan: TOML front matter between "+++" lines, then the Markdown body
//	content/plans/SLUG/data.toml     Data: the plan's indicator tables, project tables and 责任单位
//
// Load reads all of it, checks every cross-reference and returns every
// problem found as "path:line: message". Values stay as printed; the
// indicator package interprets them.
package content

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"qualityportal/generator/config"
	"qualityportal/generator/diag"
	"qualityportal/generator/indicator"
	"qualityportal/generator/markdown"
	"qualityportal/generator/match"
)

// Region is one administrative region.
type Region struct {
	Slug     string `toml:"slug"`
	Name     string `toml:"name"`
	FullName string `toml:"full_name"`
	Level    string `toml:"level"`
	Parent   string `toml:"parent"`
	Code     string `toml:"code"`
	Line     int    `toml:"-"`

	ParentRegion *Region   `toml:"-"`
	Children     []*Region `toml:"-"` // sorted by code
	Plans        []*Plan   `toml:"-"` // newest period first
}

// Ancestors returns the chain from the root down to r's parent.
func (r *Region) Ancestors() []*Region {
	var a []*Region
	for p := r.ParentRegion; p != nil; p = p.ParentRegion {
		a = append([]*Region{p}, a...)
	}
	return a
}

// Indicator is one entry of the indicator registry.
type Indicator struct {
	ID          string   `toml:"id"`
	Name        string   `toml:"name"`
	Aliases     []string `toml:"aliases"`
	Unit        string   `toml:"unit"`
	Theme       string   `toml:"theme"`
	Direction   string   `toml:"direction"`
	Headline    bool     `toml:"headline"`
	Description string   `toml:"description"`
	Line        int      `toml:"-"`

	Rows []*RowRef `toml:"-"` // every table row with this indicator, by plan order
}

// Lower reports whether a smaller value is better (PM2.5).
func (ind *Indicator) Lower() bool { return ind.Direction == "lower" }

// RowRef places a row in its plan and table.
type RowRef struct {
	Plan  *Plan
	Table *Table
	Row   *Row
}

// Meta is a plan's front matter.
type Meta struct {
	Title          string            `toml:"title"`
	Region         string            `toml:"region"`
	Stage          string            `toml:"stage"`
	PeriodStart    int               `toml:"period_start"`
	PeriodEnd      int               `toml:"period_end"`
	BaseYear       int               `toml:"base_year"`
	Publisher      string            `toml:"publisher"`
	IndexNo        string            `toml:"index_no"`
	DocNo          string            `toml:"doc_no"`
	Written        string            `toml:"written"`
	Published      string            `toml:"published"`
	Source         string            `toml:"source"`
	Validity       string            `toml:"validity"`
	URL            string            `toml:"url"`
	Interpretation string            `toml:"interpretation"`
	Basis          []string          `toml:"basis"`
	BasisTitles    []string          `toml:"basis_titles"`
	Extra          map[string]string `toml:"extra"`
	Notes          []string          `toml:"notes"`
}

// Row is one row of an indicator table, every value as printed.
type Row struct {
	Category  string `toml:"category"`
	No        string `toml:"no"`
	Label     string `toml:"label"`
	Indicator string `toml:"indicator"`
	Unit      string `toml:"unit"`
	Baseline  string `toml:"baseline"`
	Target    string `toml:"target"`
	Actual    string `toml:"actual"`
	Status    string `toml:"status"`
	Note      string `toml:"note"`
	Line      int    `toml:"-"` // the [[table.row]] header
	IndLine   int    `toml:"-"` // the indicator key
}

// Base, Tgt and Act are the row's printed values parsed (indicator.Parse).
// They are parsed when asked instead of kept: a national site has 340,000
// rows, and three parsed values would more than triple a row's size. Load
// has reported every value that does not parse; such a value reads as text.
func (r *Row) Base() indicator.Value { return parsed(r.Baseline) }

// Tgt is the parsed target; see Base.
func (r *Row) Tgt() indicator.Value { return parsed(r.Target) }

// Act is the parsed actual value; see Base.
func (r *Row) Act() indicator.Value { return parsed(r.Actual) }

func parsed(raw string) indicator.Value {
	v, _ := indicator.Parse(raw)
	return v
}

// Table is an indicator table of a plan.
type Table struct {
	ID           string   `toml:"id"`
	Title        string   `toml:"title"`
	Kind         string   `toml:"kind"` // "review" or "target"
	Period       string   `toml:"period"`
	Source       string   `toml:"source"` // "prose" when made from sentences
	BaselineYear int      `toml:"baseline_year"`
	TargetYear   int      `toml:"target_year"`
	ActualYear   int      `toml:"actual_year"`
	Columns      []string `toml:"columns"`
	Note         string   `toml:"note"`
	Rows         []Row    `toml:"row"`
	Line         int      `toml:"-"`
}

// Project is one row of a project table.
type Project struct {
	No          string `toml:"no"`
	Name        string `toml:"name"`
	Nature      string `toml:"nature"`
	Years       string `toml:"years"`
	Content     string `toml:"content"`
	Total       string `toml:"total"`
	Planned     string `toml:"planned"`
	Departments string `toml:"departments"`
	Line        int    `toml:"-"`
}

// ProjectTable is a table of projects (瑞安 重大建设项目表).
type ProjectTable struct {
	ID      string    `toml:"id"`
	Title   string    `toml:"title"`
	Columns []string  `toml:"columns"`
	Unit    string    `toml:"unit"`
	Note    string    `toml:"note"`
	Rows    []Project `toml:"row"`
	Line    int       `toml:"-"`
}

// Responsibility is a task with its 责任单位 (余杭).
type Responsibility struct {
	Section string   `toml:"section"`
	Task    string   `toml:"task"`
	Units   []string `toml:"units"`
	Text    string   `toml:"text"`
	Line    int      `toml:"-"`
}

// Data is a plan's data.toml.
type Data struct {
	Tables           []Table          `toml:"table"`
	Projects         []ProjectTable   `toml:"projects"`
	Responsibilities []Responsibility `toml:"responsibility"`
}

// Plan is one plan: front matter, sections and data.
type Plan struct {
	Slug string
	Meta
	Sections []markdown.Section
	Data
	Dir     string // content/plans/SLUG
	Region  *Region
	BasedOn []*Plan
	BasisOf []*Plan // plans that name this one as their basis
	// RowRefs are the rows of its tables with a known indicator, in table and
	// row order: those the indicators' Rows point to (set by linking).
	RowRefs []RowRef
	// SectionThemes maps a section id to its theme ids (override, heading words, or inherited).
	SectionThemes map[string][]string

	fmLoc *config.Locator
}

// File returns the plan's Markdown path.
func (p *Plan) File() string { return p.Dir + "/plan.md" }

// DataFile returns the plan's data path.
func (p *Plan) DataFile() string { return p.Dir + "/data.toml" }

// Table returns the indicator table with the id, or nil.
func (p *Plan) Table(id string) *Table {
	for i := range p.Tables {
		if p.Tables[i].ID == id {
			return &p.Tables[i]
		}
	}
	return nil
}

// ProjectTable returns the project table with the id, or nil.
func (p *Plan) ProjectTable(id string) *ProjectTable {
	for i := range p.Projects {
		if p.Projects[i].ID == id {
			return &p.Projects[i]
		}
	}
	return nil
}

// Section returns the section with the anchor, or nil.
func (p *Plan) Section(id string) *markdown.Section {
	for i := range p.Sections {
		if p.Sections[i].ID == id {
			return &p.Sections[i]
		}
	}
	return nil
}

// Period returns "2021–2025".
func (p *Plan) Period() string {
	if p.PeriodStart == 0 {
		return ""
	}
	return itoa(p.PeriodStart) + "–" + itoa(p.PeriodEnd)
}

// Date returns the plan's printed date: 发布日期, else 成文日期, else "".
func (p *Plan) Date() string {
	for _, d := range []string{p.Published, p.Written} {
		if len(d) >= 10 {
			return d[:10]
		}
	}
	return ""
}

// sortKey orders plans newest first: by printed date, and a plan without
// one by the start of its period (never shown as a date).
func (p *Plan) sortKey() string {
	if d := p.Date(); d != "" {
		return d
	}
	return itoa(p.PeriodStart)
}

// Site is all the content.
type Site struct {
	Config     *config.Site
	Regions    []*Region // by code
	Indicators []*Indicator
	Plans      []*Plan // newest first (date, then slug)

	regionBySlug map[string]*Region
	indByID      map[string]*Indicator
	indByName    map[string]*Indicator
	planBySlug   map[string]*Plan

	// The region registry as read and as decoded (before linking), so that
	// Update need not decode it again when it is unchanged.
	regionsData    []byte
	regionsDecoded []Region
}

// Region returns the region with the slug, or nil.
func (s *Site) Region(slug string) *Region { return s.regionBySlug[slug] }

// Indicator returns the indicator with the id, or nil.
func (s *Site) Indicator(id string) *Indicator { return s.indByID[id] }

// IndicatorByName finds an indicator by its name or any alias, as printed.
func (s *Site) IndicatorByName(name string) *Indicator {
	return s.indByName[indicator.Normalize(name)]
}

// Plan returns the plan with the slug, or nil.
func (s *Site) Plan(slug string) *Plan { return s.planBySlug[slug] }

// Paths of the registries in a site folder.
const (
	RegionsFile    = "content/regions.toml"
	IndicatorsFile = "content/indicators.toml"
	PlansDir       = "content/plans"
)

// Load reads the content of the site folder fsys and checks it.
// It returns the site even when there are errors, so that check can report all of them.
func Load(fsys fs.FS, cfg *config.Site) (*Site, diag.List) {
	var errs diag.List
	s := &Site{Config: cfg, regionBySlug: map[string]*Region{}, indByID: map[string]*Indicator{}, indByName: map[string]*Indicator{}, planBySlug: map[string]*Plan{}}
	errs.Append(s.loadRegions(fsys, nil))
	errs.Append(s.loadIndicators(fsys))
	errs.Append(s.loadPlans(fsys, nil))
	errs.Append(s.link())
	errs.Sort()
	return s, errs
}

func readFile(fsys fs.FS, name string, errs *diag.List) []byte {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		errs.Add(name, 0, "cannot read: %v", err)
		return nil
	}
	return data
}

func (s *Site) loadRegions(fsys fs.FS, prev *Site) diag.List {
	var errs diag.List
	data := readFile(fsys, RegionsFile, &errs)
	if data == nil {
		return errs
	}
	var f struct {
		Region []*Region `toml:"region"`
	}
	if prev != nil && prev.regionsDecoded != nil && bytes.Equal(data, prev.regionsData) {
		for i := range prev.regionsDecoded {
			r := prev.regionsDecoded[i] // a copy, not yet linked
			f.Region = append(f.Region, &r)
		}
	} else {
		var ok bool
		if errs, ok = config.DecodeTOML(RegionsFile, data, 0, &f); !ok {
			return errs
		}
	}
	s.regionsData = data
	s.regionsDecoded = make([]Region, len(f.Region))
	for i, r := range f.Region {
		s.regionsDecoded[i] = *r
	}
	loc := config.NewLocator(data, 0)
	for i, r := range f.Region {
		r.Line = loc.Nth("[[region]]", i)
		switch {
		case !config.SlugRE.MatchString(r.Slug):
			errs.Add(RegionsFile, loc.Key("slug", r.Line), "region slug %q is not a slug ([a-z0-9-])", r.Slug)
			continue
		case s.regionBySlug[r.Slug] != nil:
			errs.Add(RegionsFile, r.Line, "duplicate region slug %q (first at line %d)", r.Slug, s.regionBySlug[r.Slug].Line)
			continue
		}
		if r.Name == "" {
			errs.Add(RegionsFile, r.Line, "region %q has no name", r.Slug)
		}
		if r.FullName == "" {
			r.FullName = r.Name
		}
		s.regionBySlug[r.Slug] = r
		s.Regions = append(s.Regions, r)
	}
	for _, r := range s.Regions {
		if r.Parent == "" {
			continue
		}
		p := s.regionBySlug[r.Parent]
		if p == nil {
			errs.Add(RegionsFile, loc.Key("parent", r.Line), "region %q: unknown parent region %q", r.Slug, r.Parent)
			continue
		}
		r.ParentRegion = p
		p.Children = append(p.Children, r)
	}
	// A parent cycle would make the hierarchy endless.
	for _, r := range s.Regions {
		seen := map[*Region]bool{}
		for p := r; p != nil; p = p.ParentRegion {
			if seen[p] {
				errs.Add(RegionsFile, r.Line, "region %q: its parents form a cycle", r.Slug)
				r.ParentRegion = nil
				break
			}
			seen[p] = true
		}
	}
	byCode := func(a []*Region) {
		sort.SliceStable(a, func(i, j int) bool {
			if a[i].Code != a[j].Code {
				return a[i].Code < a[j].Code
			}
			return a[i].Slug < a[j].Slug
		})
	}
	byCode(s.Regions)
	for _, r := range s.Regions {
		byCode(r.Children)
	}
	return errs
}

func (s *Site) loadIndicators(fsys fs.FS) diag.List {
	var errs diag.List
	data := readFile(fsys, IndicatorsFile, &errs)
	if data == nil {
		return errs
	}
	var f struct {
		Indicator []*Indicator `toml:"indicator"`
	}
	errs, ok := config.DecodeTOML(IndicatorsFile, data, 0, &f)
	if !ok {
		return errs
	}
	loc := config.NewLocator(data, 0)
	for i, ind := range f.Indicator {
		ind.Line = loc.Nth("[[indicator]]", i)
		switch {
		case !config.SlugRE.MatchString(ind.ID):
			errs.Add(IndicatorsFile, loc.Key("id", ind.Line), "indicator id %q is not a slug ([a-z0-9-])", ind.ID)
			continue
		case s.indByID[ind.ID] != nil:
			errs.Add(IndicatorsFile, ind.Line, "duplicate indicator id %q (first at line %d)", ind.ID, s.indByID[ind.ID].Line)
			continue
		}
		if ind.Name == "" {
			errs.Add(IndicatorsFile, ind.Line, "indicator %q has no name", ind.ID)
		}
		if s.Config != nil && s.Config.Theme(ind.Theme) == nil {
			errs.Add(IndicatorsFile, loc.Key("theme", ind.Line), "indicator %q: unknown theme %q", ind.ID, ind.Theme)
		}
		switch ind.Direction {
		case "higher", "lower", "none":
		case "":
			ind.Direction = "none"
		default:
			errs.Add(IndicatorsFile, loc.Key("direction", ind.Line), "indicator %q: direction %q is not higher, lower or none", ind.ID, ind.Direction)
		}
		s.indByID[ind.ID] = ind
		s.Indicators = append(s.Indicators, ind)
		for _, name := range append([]string{ind.Name}, ind.Aliases...) {
			k := indicator.Normalize(name)
			if other := s.indByName[k]; other != nil && other != ind {
				errs.Add(IndicatorsFile, ind.Line, "name %q of indicator %q is already a name of %q", name, ind.ID, other.ID)
				continue
			}
			s.indByName[k] = ind
		}
	}
	return errs
}

// loadPlans reads every plan folder, except those in reuse, whose plans are
// taken over as they are (see Update).
func (s *Site) loadPlans(fsys fs.FS, reuse map[string]*Plan) diag.List {
	var errs diag.List
	entries, err := fs.ReadDir(fsys, PlansDir)
	if err != nil {
		errs.Add(PlansDir, 0, "cannot read: %v", err)
		return errs
	}
	var dirs []string
	for _, e := range entries {
		switch {
		case !e.IsDir():
			if !strings.HasPrefix(e.Name(), ".") && !strings.EqualFold(path.Ext(e.Name()), ".md") {
				errs.Add(PlansDir+"/"+e.Name(), 0, "unexpected file: each plan is a folder content/plans/SLUG/ with plan.md and data.toml")
			}
		case strings.HasPrefix(e.Name(), "."):
		case !config.SlugRE.MatchString(e.Name()):
			errs.Add(PlansDir+"/"+e.Name(), 0, "plan folder name %q is not a slug ([a-z0-9-])", e.Name())
		default:
			dirs = append(dirs, e.Name())
		}
	}
	// Plans are independent until linked: read and parse them in parallel.
	plans := make([]*Plan, len(dirs))
	perr := make([]diag.List, len(dirs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	themes := themeMatcher(s.Config)
	for i, d := range dirs {
		wg.Add(1)
		sem <- struct{}{}
		if p := reuse[d]; p != nil {
			plans[i] = p
			<-sem
			wg.Done()
			continue
		}
		go func() {
			defer func() { <-sem; wg.Done() }()
			plans[i], perr[i] = loadPlan(fsys, d, s.Config, themes)
		}()
	}
	wg.Wait()
	for i, p := range plans {
		errs.Append(perr[i])
		if p != nil {
			s.planBySlug[p.Slug] = p
			s.Plans = append(s.Plans, p)
		}
	}
	// Keys made once: the sort compares them n log n times.
	keys := make(map[*Plan]string, len(s.Plans))
	for _, p := range s.Plans {
		keys[p] = p.sortKey()
	}
	sort.Slice(s.Plans, func(i, j int) bool {
		a, b := s.Plans[i], s.Plans[j]
		if ka, kb := keys[a], keys[b]; ka != kb {
			return ka > kb
		}
		return a.Slug < b.Slug
	})
	return errs
}

var stages = map[string]bool{"十一五": true, "十二五": true, "十三五": true, "十四五": true, "十五五": true}

func loadPlan(fsys fs.FS, slug string, cfg *config.Site, themes *match.Matcher) (*Plan, diag.List) {
	var errs diag.List
	p := &Plan{Slug: slug, Dir: PlansDir + "/" + slug}
	file := p.File()
	src := readFile(fsys, file, &errs)
	if src == nil {
		return nil, errs
	}
	fm, body, bodyLine, ok := SplitFrontMatter(src)
	if !ok {
		errs.Add(file, 1, "missing front matter: the file must start with a line \"+++\" and the TOML must end with another")
		return nil, errs
	}
	if !fastMeta(fm, &p.Meta) {
		e, ok := config.DecodeTOML(file, fm, 1, &p.Meta)
		errs.Append(e)
		if !ok {
			return nil, errs
		}
	}
	loc := config.NewLocator(fm, 1)
	p.fmLoc = loc
	if p.Title == "" {
		errs.Add(file, 2, "title is empty")
	}
	if !stages[p.Stage] {
		errs.Add(file, loc.Key("stage", 0), "stage %q is not one of 十一五, 十二五, 十三五, 十四五, 十五五", p.Stage)
	}
	if p.PeriodStart < 1949 || p.PeriodEnd < p.PeriodStart || p.PeriodEnd > 2100 {
		errs.Add(file, loc.Key("period_start", 0), "period %d–%d is not a valid range of years", p.PeriodStart, p.PeriodEnd)
	}
	for _, f := range []struct{ key, v string }{{"written", p.Written}, {"published", p.Published}} {
		if f.v != "" && !validDate(f.v) {
			errs.Add(file, loc.Key(f.key, 0), "%s %q is not a date (YYYY-MM-DD, optionally with HH:MM or HH:MM:SS)", f.key, f.v)
		}
	}
	var perrs diag.List
	p.Sections, perrs = markdown.Parse(file, body, bodyLine)
	errs.Append(perrs)

	if data, err := fs.ReadFile(fsys, p.DataFile()); err == nil {
		errs.Append(loadData(p, data))
	} else if !errors.Is(err, fs.ErrNotExist) {
		errs.Add(p.DataFile(), 0, "cannot read: %v", err)
	}
	// Every table reference in the text must name a table, and every table appear once.
	used := map[string]int{}
	for _, sec := range p.Sections {
		for _, part := range sec.Parts {
			if part.Kind != markdown.Table {
				continue
			}
			if p.Table(part.Ref) == nil && p.ProjectTable(part.Ref) == nil {
				errs.Add(file, part.Line, "unknown table %q (not in %s)", part.Ref, p.DataFile())
			}
			used[part.Ref]++
		}
	}
	for _, t := range p.Tables {
		if used[t.ID] == 0 {
			errs.Add(p.DataFile(), t.Line, "table %q is not placed in the text (add \"::: table %s\" to plan.md)", t.ID, t.ID)
		}
	}
	for _, t := range p.Projects {
		if used[t.ID] == 0 {
			errs.Add(p.DataFile(), t.Line, "table %q is not placed in the text (add \"::: table %s\" to plan.md)", t.ID, t.ID)
		}
	}
	p.compact() // before classify, whose map keys are section ids
	p.classify(cfg, themes, file, &errs)
	return p, errs
}

func validDate(s string) bool {
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02 15:04:05"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// SplitFrontMatter separates "+++" TOML front matter from the body. bodyLine
// is the file line number of the body's first line, so errors keep their places.
func SplitFrontMatter(src []byte) (fm, body []byte, bodyLine int, ok bool) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || string(bytes.TrimRight(first, " \t\r")) != "+++" {
		return nil, nil, 0, false
	}
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if string(bytes.TrimRight(l, " \t\r")) == "+++" {
			fm = rest[:off]
			if end < 0 {
				return fm, nil, line + 1, true
			}
			return fm, rest[off+end+1:], line + 1, true
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, false
}

func loadData(p *Plan, data []byte) diag.List {
	file := p.DataFile()
	var errs diag.List
	var locator *config.Locator
	loc := func() *config.Locator {
		if locator == nil {
			locator = config.NewLocator(data, 0)
		}
		return locator
	}
	if !fastData(data, &p.Data) {
		var ok bool
		if errs, ok = config.DecodeTOML(file, data, 0, &p.Data); !ok {
			return errs
		}
		locateLines(&p.Data, loc())
	}
	ids := map[string]int{}
	checkID := func(id string, line int) {
		switch {
		case !config.SlugRE.MatchString(id):
			errs.Add(file, loc().Key("id", line), "table id %q is not a slug ([a-z0-9-])", id)
		case ids[id] != 0:
			errs.Add(file, line, "duplicate table id %q (first at line %d)", id, ids[id])
		default:
			ids[id] = line
		}
	}
	for ti := range p.Tables {
		t := &p.Tables[ti]
		checkID(t.ID, t.Line)
		switch t.Kind {
		case "review", "target":
		default:
			errs.Add(file, loc().Key("kind", t.Line), "table %q: kind %q is not review or target", t.ID, t.Kind)
		}
		for ri := range t.Rows {
			r := &t.Rows[ri]
			if r.Indicator == "" {
				errs.Add(file, r.Line, "row %q has no indicator id", r.Label)
			}
			for _, f := range [...]struct{ key, raw string }{{"baseline", r.Baseline}, {"target", r.Target}, {"actual", r.Actual}} {
				if _, err := indicator.Parse(f.raw); err != nil {
					errs.Add(file, loc().Key(f.key, r.Line), "%v", err)
				}
			}
		}
	}
	for ti := range p.Projects {
		t := &p.Projects[ti]
		checkID(t.ID, t.Line)
	}
	return errs
}

// locateLines numbers the lines of the tables, rows, projects and
// responsibilities of d, decoded from the text loc indexes, as the fast
// decoder does while it reads (TestFastDataMatchesDecoder).
func locateLines(d *Data, loc *config.Locator) {
	rows := 0
	for ti := range d.Tables {
		t := &d.Tables[ti]
		t.Line = loc.Nth("[[table]]", ti)
		for ri := range t.Rows {
			r := &t.Rows[ri]
			r.Line = loc.Nth("[[table.row]]", rows)
			rows++
			r.IndLine = loc.Key("indicator", r.Line)
		}
	}
	rows = 0
	for ti := range d.Projects {
		t := &d.Projects[ti]
		t.Line = loc.Nth("[[projects]]", ti)
		for ri := range t.Rows {
			t.Rows[ri].Line = loc.Nth("[[projects.row]]", rows)
			rows++
		}
	}
	for i := range d.Responsibilities {
		d.Responsibilities[i].Line = loc.Nth("[[responsibility]]", i)
	}
}

// themeMatcher finds the themes whose keywords a heading has (ids: the
// themes' places in cfg.Themes); nil without a configuration.
func themeMatcher(cfg *config.Site) *match.Matcher {
	if cfg == nil {
		return nil
	}
	var names []string
	var ids []int32
	for ti, th := range cfg.Themes {
		for _, k := range th.Keywords {
			names = append(names, k)
			ids = append(ids, int32(ti))
		}
	}
	return match.New(names, ids, int32(len(cfg.Themes)))
}

// classify gives each section its themes: the heading's override, else the
// themes whose keywords its heading contains, else its parent's.
func (p *Plan) classify(cfg *config.Site, tm *match.Matcher, file string, errs *diag.List) {
	p.SectionThemes = map[string][]string{}
	var stack []*markdown.Section
	var found match.Set
	for i := range p.Sections {
		sec := &p.Sections[i]
		for len(stack) > 0 && stack[len(stack)-1].Level >= sec.Level {
			stack = stack[:len(stack)-1]
		}
		var themes []string
		switch {
		case sec.Themes != nil:
			for _, t := range sec.Themes {
				if cfg != nil && cfg.Theme(t) == nil {
					errs.Add(file, sec.Line, "unknown theme %q", t)
					continue
				}
				themes = append(themes, t)
			}
		case cfg != nil && sec.ID != "intro":
			// The themes of which a keyword is in the heading, in theme order.
			found = tm.Find(sec.Title, found)
			for ti, th := range cfg.Themes {
				if found.Has(int32(ti)) {
					themes = append(themes, th.ID)
				}
			}
		}
		if themes == nil && len(stack) > 0 {
			themes = p.SectionThemes[stack[len(stack)-1].ID]
		}
		p.SectionThemes[sec.ID] = themes
		stack = append(stack, sec)
	}
}

// link resolves the cross-references between plans, regions and indicators.
func (s *Site) link() diag.List {
	var errs diag.List
	for _, p := range s.Plans {
		file := p.File()
		r := s.regionBySlug[p.Meta.Region]
		if r == nil {
			errs.Add(file, frontLine(p, "region"), "unknown region %q", p.Meta.Region)
		} else {
			p.Region = r
			r.Plans = append(r.Plans, p)
		}
		for _, b := range p.Basis {
			bp := s.planBySlug[b]
			if bp == nil {
				errs.Add(file, frontLine(p, "basis"), "basis plan %q does not exist", b)
				continue
			}
			p.BasedOn = append(p.BasedOn, bp)
			bp.BasisOf = append(bp.BasisOf, p)
		}
		n := 0
		for ti := range p.Tables {
			n += len(p.Tables[ti].Rows)
		}
		refs := make([]RowRef, 0, n) // one allocation per plan, not per row
		for ti := range p.Tables {
			t := &p.Tables[ti]
			for ri := range t.Rows {
				row := &t.Rows[ri]
				if row.Indicator == "" {
					continue
				}
				ind := s.indByID[row.Indicator]
				if ind == nil {
					errs.Add(p.DataFile(), row.IndLine, "unknown indicator %q", row.Indicator)
					continue
				}
				refs = append(refs, RowRef{Plan: p, Table: t, Row: row})
				ind.Rows = append(ind.Rows, &refs[len(refs)-1])
			}
		}
		p.RowRefs = refs
		for _, resp := range p.Responsibilities {
			if p.Section(resp.Section) == nil {
				errs.Add(p.DataFile(), resp.Line, "responsibility: unknown section %q", resp.Section)
			}
		}
	}
	return errs
}

// frontLine finds the line of a front-matter key, for errors found after loading.
func frontLine(p *Plan, key string) int {
	if l := p.fmLoc.Key(key, 0); l > 0 {
		return l
	}
	return 1
}

func itoa(i int) string { return strconv.Itoa(i) }
