// Package synth writes a synthetic site folder for benchmarks: a region
// hierarchy (provinces → cities → counties), an indicator registry and any
// number of plans spread over regions and plan periods, each with a body of
// realistic size and structure (一、/(一)/1. headings, 专栏 boxes, placed
// tables, theme words) and a data.toml with one or two indicator tables
// whose values are printed the way real plans print them ("≥99", "98.2以上",
// "{15}家", "<97.1%>", "-").
//
// The text comes from a fixed vocabulary (vocab.txt: sentences, headings,
// 专栏 titles and items taken from the bundled plans by ./mkvocab) and the
// registry from indicators.toml (a copy of the bundled registry), both
// embedded, so a corpus depends only on Options: the same options give a
// byte-identical folder.
package synth

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/BurntSushi/toml"
)

//go:embed vocab.txt
var vocabText string

//go:embed indicators.toml
var registryText string

// Options shape a corpus. Only Plans and Source are required.
type Options struct {
	Plans  int    // number of plans
	Source string // site folder whose site.toml, layouts/ and static/ are copied
	Seed   uint64 // varies text and values; the same seed gives the same corpus

	// Region hierarchy. Counties is the total number of county-level regions
	// (default: a third of Plans, at most 2,800, the national count, at least 10);
	// they are spread evenly over Provinces (default 1) and, within a province,
	// over Cities cities (default 11, more if a city would hold over 90 counties).
	Provinces, Cities, Counties int
	// Indicators is how many entries of the registry to use (default all: 92).
	Indicators int
	// Workers write plans in parallel (default GOMAXPROCS); output does not depend on it.
	Workers int
}

// Periods, newest first: plan slots fill every region's 十四五 plan first.
var periods = []struct {
	stage      string
	start, end int
	prev       string
}{
	{"十四五", 2021, 2025, "十三五"},
	{"十三五", 2016, 2020, "十二五"},
	{"十二五", 2011, 2015, "十一五"},
}

// region is one generated region.
type region struct {
	slug, name, full, level, parent, code string
	cityIdx                               int // index in the region list of its city, -1 for none
}

// indicator is one registry entry as the corpus uses it.
type indicator struct {
	ID          string   `toml:"id"`
	Name        string   `toml:"name"`
	Aliases     []string `toml:"aliases"`
	Unit        string   `toml:"unit"`
	Theme       string   `toml:"theme"`
	Direction   string   `toml:"direction"`
	Headline    bool     `toml:"headline"`
	Description string   `toml:"description"`
}

type theme struct {
	ID   string `toml:"id"`
	Name string `toml:"name"`
}

type vocab struct {
	sentence, h2, h3, h4, box, item []string
}

func loadVocab() *vocab {
	v := &vocab{}
	var cur *[]string
	for _, line := range strings.Split(vocabText, "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			switch line {
			case "[sentence]":
				cur = &v.sentence
			case "[h2]":
				cur = &v.h2
			case "[h3]":
				cur = &v.h3
			case "[h4]":
				cur = &v.h4
			case "[box]":
				cur = &v.box
			case "[item]":
				cur = &v.item
			default:
				cur = nil
			}
		case cur != nil:
			*cur = append(*cur, line)
		}
	}
	// Task chapters take their titles from h2 entries that are not the fixed chapters.
	var tasks []string
	for _, h := range v.h2 {
		if !strings.ContainsAny(h, "基础形势指导保障总体要求目标") {
			tasks = append(tasks, h)
		}
	}
	v.h2 = tasks
	return v
}

// corpus is everything Write needs, computed once.
type corpus struct {
	opt     Options
	voc     *vocab
	regions []region
	inds    []indicator
	themes  map[string]string // id → name
	themeID []string          // site order
}

// Write writes a complete site folder into dir, which must not exist or be empty.
func Write(dir string, opt Options) error {
	if opt.Plans < 1 {
		return errors.New("synth: Plans must be at least 1")
	}
	if opt.Source == "" {
		return errors.New("synth: Source (a site folder with site.toml, layouts/, static/) is required")
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("synth: %s is not empty", dir)
	}
	c := &corpus{opt: opt, voc: loadVocab(), themes: map[string]string{}}
	if err := c.readSite(); err != nil {
		return err
	}
	if err := c.readRegistry(); err != nil {
		return err
	}
	c.makeRegions()
	for _, d := range []string{"content/plans"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	if err := CopySite(dir, opt.Source); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "content/regions.toml"), c.regionsTOML(), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "content/indicators.toml"), c.indicatorsTOML(), 0o644); err != nil {
		return err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= opt.Plans {
					return
				}
				if err := c.writePlan(dir, i); err != nil {
					errs[w] = err
					next.Store(int64(opt.Plans))
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (c *corpus) readSite() error {
	var s struct {
		Themes []theme `toml:"theme"`
	}
	if _, err := toml.DecodeFile(filepath.Join(c.opt.Source, "site.toml"), &s); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	if len(s.Themes) == 0 {
		return errors.New("synth: the source site.toml has no themes")
	}
	for _, t := range s.Themes {
		c.themes[t.ID] = t.Name
		c.themeID = append(c.themeID, t.ID)
	}
	return nil
}

func (c *corpus) readRegistry() error {
	var f struct {
		Indicator []indicator `toml:"indicator"`
	}
	if _, err := toml.Decode(registryText, &f); err != nil {
		return fmt.Errorf("synth: embedded registry: %w", err)
	}
	n := c.opt.Indicators
	if n <= 0 || n > len(f.Indicator) {
		n = len(f.Indicator)
	}
	c.inds = f.Indicator[:n]
	for i := range c.inds {
		if c.themes[c.inds[i].Theme] == "" {
			c.inds[i].Theme = c.themeID[i%len(c.themeID)]
		}
	}
	return nil
}

// Characters of generated place names: two-character names are unique up to len(nameA)*len(nameB).
var (
	nameA = []rune("安宁平阳清河东西南北长永新兴华德福泰和丰金云龙江山海湖宜临嘉庆吉昌盛荣丹青溪桃")
	nameB = []rune("源溪川桥宁平阳安口城田林峰石湾浦沙门泉水塘谷岭原庄陵岗坪乐康寿昌化兴丰义远明")
)

func placeName(k int) string {
	na, nb := len(nameA), len(nameB)
	s := string(nameA[k%na]) + string(nameB[(k/na)%nb])
	if k >= na*nb {
		s += string(nameA[(k/(na*nb))%na])
	}
	return s
}

func (c *corpus) makeRegions() {
	o := &c.opt
	if o.Provinces <= 0 {
		o.Provinces = 1
	}
	if o.Counties <= 0 {
		o.Counties = min(2800, max(10, (o.Plans+2)/3))
	}
	perProv := (o.Counties + o.Provinces - 1) / o.Provinces
	if o.Cities <= 0 {
		o.Cities = max(11, (perProv+89)/90)
	}
	o.Cities = min(o.Cities, 99)
	o.Provinces = min(o.Provinces, 89)
	county := 0
	for p := range o.Provinces {
		pcode := 11 + p
		prov := region{slug: fmt.Sprintf("r%d0000", pcode), name: placeName(7*p+3) + "省", level: "province", code: fmt.Sprintf("%d0000", pcode), cityIdx: -1}
		prov.full = prov.name
		c.regions = append(c.regions, prov)
		first := len(c.regions)
		for ci := range o.Cities {
			k := p*o.Cities + ci
			city := region{slug: fmt.Sprintf("r%d%02d00", pcode, ci+1), name: placeName(k+500) + "市", level: "city", parent: prov.slug, code: fmt.Sprintf("%d%02d00", pcode, ci+1), cityIdx: -1}
			city.full = prov.name + city.name
			c.regions = append(c.regions, city)
		}
		n := min(perProv, o.Counties-county)
		for j := range n {
			ci := j % o.Cities
			seq := j/o.Cities + 1
			if seq > 99 {
				break
			}
			city := c.regions[first+ci]
			level, suffix := "county", "县"
			switch county % 6 {
			case 3, 4:
				level, suffix = "district", "区"
			case 5:
				level, suffix = "county-city", "市"
			}
			code := fmt.Sprintf("%d%02d%02d", pcode, ci+1, seq)
			r := region{slug: "r" + code, name: placeName(county) + suffix, level: level, parent: city.slug, code: code, cityIdx: first + ci}
			r.full = city.full + r.name
			c.regions = append(c.regions, r)
			county++
		}
	}
}

// q quotes a TOML basic string.
func q(s string) string {
	return `"` + tomlEscaper.Replace(s) + `"`
}

var tomlEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func qlist(a []string) string {
	parts := make([]string, len(a))
	for i, s := range a {
		parts[i] = q(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (c *corpus) regionsTOML() []byte {
	var b strings.Builder
	b.WriteString("# Synthetic region registry (generator/synth).\n")
	for _, r := range c.regions {
		fmt.Fprintf(&b, "\n[[region]]\nslug = %s\nname = %s\nfull_name = %s\nlevel = %s\nparent = %s\ncode = %s\n",
			q(r.slug), q(r.name), q(r.full), q(r.level), q(r.parent), q(r.code))
	}
	return []byte(b.String())
}

func (c *corpus) indicatorsTOML() []byte {
	var b strings.Builder
	b.WriteString("# Synthetic indicator registry (generator/synth), taken from the bundled one.\n")
	for _, ind := range c.inds {
		fmt.Fprintf(&b, "\n[[indicator]]\nid = %s\nname = %s\naliases = %s\nunit = %s\ntheme = %s\ndirection = %s\nheadline = %t\ndescription = %s\n",
			q(ind.ID), q(ind.Name), qlist(ind.Aliases), q(ind.Unit), q(ind.Theme), q(ind.Direction), ind.Headline, q(ind.Description))
	}
	return []byte(b.String())
}

// slot places plan i: every region's 十四五 plan first, then 十三五, then 十二五,
// then further kinds of plan (标准化, 品牌, …) in the same order.
func (c *corpus) slot(i int) (r, period, kind int) {
	n := len(c.regions)
	return i % n, (i / n) % len(periods), i / (n * len(periods))
}

func (c *corpus) index(r, period, kind int) int {
	n := len(c.regions)
	return kind*n*len(periods) + period*n + r
}

func (c *corpus) planSlug(r, period, kind int) string {
	pd := periods[period]
	s := fmt.Sprintf("%s-%d-%d", c.regions[r].slug, pd.start, pd.end)
	if kind > 0 {
		s += fmt.Sprintf("-k%d", kind)
	}
	return s
}

func levelChar(level string) string {
	switch level {
	case "province":
		return "省"
	case "district":
		return "区"
	case "county":
		return "县"
	}
	return "市"
}

var cn = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}

// plan is the text being generated for one plan.
type plan struct {
	c   *corpus
	rng *rand.Rand
	b   strings.Builder
}

func (p *plan) pick(a []string) string { return a[p.rng.IntN(len(a))] }

func (p *plan) between(lo, hi int) int { return lo + p.rng.IntN(hi-lo+1) }

// para writes a paragraph of n sentences.
func (p *plan) para(n int) {
	for range n {
		p.b.WriteString(p.pick(p.c.voc.sentence))
	}
	p.b.WriteString("\n\n")
}

func (p *plan) heading(level int, title, id string, attrs string) {
	p.b.WriteString(strings.Repeat("#", level) + " " + title + " {#" + id + attrs + "}\n\n")
}

func (c *corpus) writePlan(dir string, i int) error {
	rng := rand.New(rand.NewPCG(c.opt.Seed, uint64(i)+1))
	ri, pi, kind := c.slot(i)
	r, pd := c.regions[ri], periods[pi]
	slug := c.planSlug(ri, pi, kind)
	lc := levelChar(r.level)

	var title string
	switch {
	case kind == 0:
		switch rng.IntN(10) {
		case 0, 1, 2, 3, 4:
			title = fmt.Sprintf("%s质量强%s建设“%s”规划", r.full, lc, pd.stage)
		case 5, 6, 7:
			title = fmt.Sprintf("%s质量发展“%s”规划", r.full, pd.stage)
		default:
			title = fmt.Sprintf("%s质量强%s标准强%s品牌强%s建设“%s”规划", r.full, lc, lc, lc, pd.stage)
		}
	case kind == 1:
		title = fmt.Sprintf("%s标准化发展“%s”规划", r.full, pd.stage)
	case kind == 2:
		title = fmt.Sprintf("%s品牌建设“%s”规划", r.full, pd.stage)
	default:
		title = fmt.Sprintf("%s质量提升行动计划(%s,第%d批)", r.full, pd.stage, kind-2)
	}
	var basis, basisTitles []string
	if r.cityIdx >= 0 {
		if j := c.index(r.cityIdx, pi, 0); j < c.opt.Plans {
			basis = append(basis, c.planSlug(r.cityIdx, pi, 0))
		}
		basisTitles = append(basisTitles, fmt.Sprintf("《%s质量发展“%s”规划》", c.regions[r.cityIdx].name, pd.stage))
	}
	basisTitles = append(basisTitles, fmt.Sprintf("《%s国民经济和社会发展第%s个五年规划纲要》", r.name, map[string]string{"十二五": "十二", "十三五": "十三", "十四五": "十四"}[pd.stage]))
	written := fmt.Sprintf("%d-%02d-%02d", pd.start+rng.IntN(2), 1+rng.IntN(12), 1+rng.IntN(28))
	published := ""
	if rng.IntN(3) > 0 {
		published = fmt.Sprintf("%s %02d:%02d", written, 8+rng.IntN(10), rng.IntN(60))
	}
	publishers := []string{"市场监督管理局", "质量强" + lc + "工作领导小组办公室", "发展和改革局", "人民政府办公室"}
	publisher := r.name + publishers[rng.IntN(len(publishers))]

	// Tables first: the text mentions their indicators.
	hasReview := pi < 2 && rng.IntN(10) < 7
	var data strings.Builder
	data.WriteString("# Synthetic plan data (generator/synth).\n")
	reviewID, targetID := "", "t1"
	var targets []string
	if hasReview {
		reviewID, targetID = "t1", "t2"
		c.table(&data, rng, reviewID, "review", pd.prev, pd.start-1, r.name, nil)
	}
	c.table(&data, rng, targetID, "target", pd.stage, pd.end, r.name, &targets)

	p := &plan{c: c, rng: rng}
	fmt.Fprintf(&p.b, "+++\ntitle = %s\nregion = %s\nstage = %s\nperiod_start = %d\nperiod_end = %d\nbase_year = %d\npublisher = %s\nindex_no = %s\ndoc_no = %s\nwritten = %s\npublished = %s\nsource = %s\nvalidity = \"有效\"\nurl = \"\"\ninterpretation = \"\"\nbasis = %s\nbasis_titles = %s\nextra = { \"主题分类\" = \"规划信息\", \"公开方式\" = \"主动公开\" }\nnotes = [\"Synthetic plan generated by generator/synth for benchmarks.\"]\n+++\n\n",
		q(title), q(r.slug), q(pd.stage), pd.start, pd.end, pd.start-1, q(publisher),
		q(fmt.Sprintf("%s%04d/%d-%06d", r.code, rng.IntN(10000), pd.start, rng.IntN(1000000))),
		q(fmt.Sprintf("%s政办发〔%d〕%d号", string([]rune(r.name)[:1]), pd.start, 1+rng.IntN(120))),
		q(written), q(published), q(r.name+"市场监管局"), qlist(basis), qlist(basisTitles))

	// 导言
	p.para(p.between(3, 5))
	fmt.Fprintf(&p.b, "本规划期限为%d-%d年。\n\n", pd.start, pd.end)

	// 一、发展基础与形势
	p.heading(2, "一、发展基础与形势", "s1", "")
	p.heading(3, "(一)“"+pd.prev+"”发展基础", "s1-1", "")
	for range p.between(4, 6) {
		p.para(p.between(2, 4))
	}
	if reviewID != "" {
		fmt.Fprintf(&p.b, "::: table %s\n\n", reviewID)
	}
	p.heading(3, "(二)“"+pd.stage+"”面临形势", "s1-2", "")
	p.para(p.between(2, 3))
	for k := range p.between(2, 3) {
		p.heading(4, fmt.Sprintf("%d.%s", k+1, p.pick(c.voc.h4)), fmt.Sprintf("s1-2-%d", k+1), "")
		p.para(p.between(2, 3))
	}

	// 二、总体要求
	p.heading(2, "二、总体要求", "s2", "")
	p.heading(3, "(一)指导思想", "s2-1", "")
	p.para(p.between(3, 5))
	p.heading(3, "(二)基本原则", "s2-2", "")
	for k := range p.between(3, 4) {
		p.heading(4, fmt.Sprintf("%d.%s", k+1, p.pick(c.voc.h4)), fmt.Sprintf("s2-2-%d", k+1), "")
		p.para(p.between(1, 2))
	}
	p.heading(3, "(三)发展目标", "s2-3", "")
	p.para(p.between(2, 3))
	fmt.Fprintf(&p.b, "到%d年,", pd.end)
	p.b.WriteString(strings.Join(targets, ";"))
	p.b.WriteString("。\n\n")
	fmt.Fprintf(&p.b, "::: table %s\n\n", targetID)

	// 三、… task chapters
	chapters := p.between(3, 4)
	for ch := range chapters {
		n := ch + 3
		sid := fmt.Sprintf("s%d", n)
		p.heading(2, cn[n-1]+"、"+p.pick(c.voc.h2), sid, "")
		p.para(1)
		boxes := 0
		for k := range p.between(3, 4) {
			attrs := ""
			if p.rng.IntN(10) == 0 {
				a, b := c.themeID[p.rng.IntN(len(c.themeID))], c.themeID[p.rng.IntN(len(c.themeID))]
				if a == b {
					attrs = ` themes="` + a + `"`
				} else {
					attrs = ` themes="` + a + "," + b + `"`
				}
			}
			p.heading(3, "("+cn[k]+")"+p.pick(c.voc.h3), fmt.Sprintf("%s-%d", sid, k+1), attrs)
			p.para(p.between(2, 3))
			if p.rng.IntN(3) == 0 {
				for m := range p.between(2, 3) {
					p.heading(4, fmt.Sprintf("%d.%s", m+1, p.pick(c.voc.h4)), fmt.Sprintf("%s-%d-%d", sid, k+1, m+1), "")
					p.para(p.between(1, 2))
				}
			}
			if p.rng.IntN(5) < 2 {
				boxes++
				fmt.Fprintf(&p.b, "::: box 专栏%d-%d | %s\n", n, boxes, p.pick(c.voc.box))
				for m := range p.between(2, 4) {
					fmt.Fprintf(&p.b, "%d. %s\n", m+1, p.pick(c.voc.item))
				}
				p.b.WriteString(":::\n\n")
			}
		}
	}
	// 保障措施
	n := chapters + 3
	p.heading(2, cn[n-1]+"、保障措施", fmt.Sprintf("s%d", n), "")
	for k, t := range []string{"加强组织领导", "完善配套政策", "强化要素保障", "强化督查评价"} {
		p.heading(3, "("+cn[k]+")"+t, fmt.Sprintf("s%d-%d", n, k+1), "")
		p.para(p.between(1, 2))
	}

	pdir := filepath.Join(dir, "content/plans", slug)
	if err := os.MkdirAll(pdir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(pdir, "plan.md"), []byte(p.b.String()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(pdir, "data.toml"), []byte(data.String()), 0o644)
}

// table writes one indicator table of 15–30 rows. For a target table it also
// returns, in targets, the sentences of the 发展目标 that name its first rows.
func (c *corpus) table(b *strings.Builder, rng *rand.Rand, id, kind, period string, year int, rname string, targets *[]string) {
	rows := 15 + rng.IntN(16)
	perm := rng.Perm(len(c.inds))[:min(rows, len(c.inds))]
	var title string
	var cols []string
	ty := year
	if kind == "review" {
		title = fmt.Sprintf("表1 %s“%s”规划主要指标完成情况", rname, period)
		cols = []string{"类别", "序号", "指标名称", "单位", fmt.Sprintf("%d年目标", ty), fmt.Sprintf("%d年实绩", ty), "完成情况"}
	} else {
		ty = year
		title = fmt.Sprintf("%s“%s”质量发展主要指标", rname, period)
		cols = []string{"类别", "序号", "指标名称", "单位", fmt.Sprintf("%d年基期值", ty-5), fmt.Sprintf("%d年目标", ty)}
	}
	note := ""
	switch rng.IntN(3) {
	case 0:
		note = "注:①{}内为五年新增数。②<>内为五年平均数"
	case 1:
		note = "注:①新增数为五年新增。②累计数为历年累计。"
	}
	fmt.Fprintf(b, "\n[[table]]\nid = %s\ntitle = %s\nkind = %s\nperiod = %s\n", q(id), q(title), q(kind), q(period))
	if kind == "review" {
		fmt.Fprintf(b, "baseline_year = 0\ntarget_year = %d\nactual_year = %d\n", ty, ty)
	} else {
		fmt.Fprintf(b, "baseline_year = %d\ntarget_year = %d\nactual_year = 0\n", ty-5, ty)
	}
	fmt.Fprintf(b, "columns = %s\nnote = %s\n", qlist(cols), q(note))
	for n, k := range perm {
		ind := &c.inds[k]
		label := ind.Name
		if len(ind.Aliases) > 0 && rng.IntN(3) == 0 {
			label = ind.Aliases[rng.IntN(len(ind.Aliases))]
		}
		if ind.Unit != "" && rng.IntN(2) == 0 {
			label += "(" + ind.Unit + ")"
		}
		cat := c.themes[ind.Theme]
		base, target, actual, status := values(rng, ind)
		if kind == "review" {
			base = ""
			switch rng.IntN(10) {
			case 0:
				status = "未完成"
			case 1:
				status = "基本完成"
			default:
				status = "完成"
			}
		} else {
			actual, status = "", ""
			if targets != nil && n < 8 {
				*targets = append(*targets, strings.TrimSuffix(label, "("+ind.Unit+")")+"目标值为"+target)
			}
		}
		fmt.Fprintf(b, "\n[[table.row]]\ncategory = %s\nno = %s\nlabel = %s\nindicator = %s\nunit = %s\nbaseline = %s\ntarget = %s\nactual = %s\nstatus = %s\nnote = \"\"\n",
			q(cat), q(strconv.Itoa(n+1)), q(label), q(ind.ID), q(ind.Unit), q(base), q(target), q(actual), q(status))
	}
}

func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// values returns a row's baseline, target and actual as a plan would print them.
func values(rng *rand.Rand, ind *indicator) (base, target, actual, status string) {
	if rng.IntN(25) == 0 {
		return "-", "完成上级下达任务", "-", ""
	}
	if rng.IntN(30) == 0 {
		return "", "重大质量安全零事故", "", ""
	}
	lower := ind.Direction == "lower"
	switch ind.Unit {
	case "%":
		if lower {
			b := 1 + float64(rng.IntN(100))/10
			t := b * 0.8
			forms := []string{"≤" + f1(t), f1(t) + "以下", f1(t) + "%"}
			return f1(b), forms[rng.IntN(len(forms))], f1(b * 0.9), ""
		}
		b := 85 + float64(rng.IntN(140))/10
		t := min(100, b+float64(rng.IntN(30))/10)
		forms := []string{"≥" + f1(t), f1(t) + "以上", f1(t), f1(t) + "%", "达到" + f1(t) + "%", "不低于" + f1(t)}
		acts := []string{f1(min(100, t+0.3)), "<" + f1(t-0.2) + "%>", f1(t) + "%", "-"}
		return f1(b), forms[rng.IntN(len(forms))], acts[rng.IntN(len(acts))], ""
	case "µg/m3":
		b := 25 + rng.IntN(20)
		forms := []string{"≤" + strconv.Itoa(b-3), strconv.Itoa(b-3) + "µg/m3", strconv.Itoa(b - 3)}
		return strconv.Itoa(b), forms[rng.IntN(len(forms))], strconv.Itoa(b - 4), ""
	case "万吨", "万平方米":
		b := float64(10+rng.IntN(900)) / 10
		return f1(b), f1(b * 1.2), f1(b * 1.25), ""
	case "":
		b := rng.IntN(20)
		t := b + 1 + rng.IntN(10)
		forms := []string{strconv.Itoa(t), strconv.Itoa(t) + "以上", "达到" + strconv.Itoa(t)}
		return strconv.Itoa(b), forms[rng.IntN(len(forms))], strconv.Itoa(t + rng.IntN(3)), ""
	default: // counts: 家 个 件 项 张
		b := rng.IntN(40)
		t := 1 + rng.IntN(30)
		forms := []string{strconv.Itoa(t), strconv.Itoa(t) + ind.Unit, "{" + strconv.Itoa(t) + "}" + ind.Unit, strconv.Itoa(t) + ind.Unit + "以上"}
		acts := []string{strconv.Itoa(t + rng.IntN(5)), "{" + strconv.Itoa(t+rng.IntN(10)) + "}" + ind.Unit}
		return strconv.Itoa(b), forms[rng.IntN(len(forms))], acts[rng.IntN(len(acts))], ""
	}
}

// CopySite replaces the site.toml, layouts/ and static/ of the site folder
// dir with those of source, leaving content/ alone: a corpus kept between
// benchmark runs then renders with the current templates.
func CopySite(dir, source string) error {
	for _, d := range []string{"layouts", "static"} {
		if err := os.RemoveAll(filepath.Join(dir, d)); err != nil {
			return err
		}
	}
	if err := copyFile(filepath.Join(source, "site.toml"), filepath.Join(dir, "site.toml")); err != nil {
		return err
	}
	for _, d := range []string{"layouts", "static"} {
		if err := CopyTree(filepath.Join(source, d), filepath.Join(dir, d)); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	return os.WriteFile(to, data, 0o644)
}

// CopyTree copies the regular files of from (dot files left out) into to; a
// from that does not exist copies nothing. The tests copy site folders with it.
func CopyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == from && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != from {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, filepath.Join(to, rel))
	})
}
