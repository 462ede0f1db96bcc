package serve

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"qualityportal/generator/synth"
	"strings"
	"testing"
)

// A small deterministic corpus writer for the tests: a valid site of n plans
// over a province → city → county hierarchy, with the project's own layouts/
// and static/. (The benchmarks use generator/synth, whose plans have the size
// and structure of the real ones.)

// repoRoot is the module root, two levels above this package.
var repoRoot = filepath.Join("..", "..")

var corpusThemes = []struct{ id, name, kw string }{
	{"product", "产品质量", `"产品质量", "产品", "制造", "食品"`},
	{"engineering", "工程质量", `"工程质量", "工程", "建筑"`},
	{"service", "服务质量", `"服务质量", "服务"`},
	{"environment", "环境质量", `"环境质量", "环境", "生态", "空气"`},
	{"standard", "标准", `"标准", "计量", "认证"`},
	{"brand", "品牌", `"品牌", "品字标"`},
}

var corpusIndicators = []struct{ id, name, theme, unit, dir string }{
	{"manufacturing-pass-rate", "制造业产品质量合格率", "product", "%", "higher"},
	{"agri-pass-rate", "农产品质量安全监测合格率", "product", "%", "higher"},
	{"food-pass-rate", "食品抽检合格率", "product", "%", "higher"},
	{"drug-pass-rate", "药品抽检合格率", "product", "%", "higher"},
	{"project-acceptance-rate", "工程竣工验收合格率", "engineering", "%", "higher"},
	{"green-building-share", "新建绿色建筑占比", "engineering", "%", "higher"},
	{"service-satisfaction", "公共服务满意度", "service", "分", "higher"},
	{"tourism-satisfaction", "旅游服务满意度", "service", "%", "higher"},
	{"air-good-days", "空气质量优良天数比例", "environment", "%", "higher"},
	{"pm25", "PM2.5平均浓度", "environment", "微克/立方米", "lower"},
	{"water-quality-rate", "地表水水质达标率", "environment", "%", "higher"},
	{"standards-led", "主导制定国家标准", "standard", "项", "higher"},
	{"zhejiang-made-standards", "浙江制造标准", "standard", "项", "higher"},
	{"measurement-labs", "计量检测机构", "standard", "家", "higher"},
	{"brand-enterprises", "品字标企业", "brand", "家", "higher"},
	{"famous-trademarks", "驰名商标", "brand", "件", "higher"},
}

var corpusStages = []struct {
	name       string
	start, end int
}{{"十一五", 2006, 2010}, {"十二五", 2011, 2015}, {"十三五", 2016, 2020}, {"十四五", 2021, 2025}, {"十五五", 2026, 2030}}

// corpus describes the regions and plans of a synthetic site of n plans.
type corpus struct {
	n       int
	cities  int
	regions []string // county slugs, index = region number
}

func newCorpus(n int) *corpus {
	counties := max(1, min(2800, (n+3)/4))
	c := &corpus{n: n, cities: max(1, counties/10)}
	for i := 0; i < counties; i++ {
		c.regions = append(c.regions, fmt.Sprintf("x%04d", i))
	}
	return c
}

// planSlug names the i-th plan: its county and period.
func (c *corpus) planSlug(i int) string {
	st := corpusStages[(i/len(c.regions))%len(corpusStages)]
	return fmt.Sprintf("%s-%d-%d", c.regions[i%len(c.regions)], st.start, st.end)
}

// writeSite writes a complete site of n plans into dir.
func writeSite(t testing.TB, dir string, n int) *corpus {
	t.Helper()
	c := newCorpus(n)
	var b strings.Builder
	b.WriteString("title = \"测试门户\"\ndescription = \"合成的测试站点\"\nbase_url = \"https://example.gov.cn/\"\noutput = \"public\"\nsponsor = \"测试主办单位\"\n")
	for i, th := range corpusThemes {
		fmt.Fprintf(&b, "\n[[theme]]\nid = %q\nname = %q\norder = %d\nkeywords = [%s]\n", th.id, th.name, i+1, th.kw)
	}
	mustWrite(t, filepath.Join(dir, "site.toml"), b.String())

	b.Reset()
	b.WriteString("[[region]]\nslug = \"zj\"\nname = \"浙江省\"\nlevel = \"province\"\nparent = \"\"\ncode = \"330000\"\n")
	for k := 0; k < c.cities; k++ {
		fmt.Fprintf(&b, "\n[[region]]\nslug = \"c%03d\"\nname = \"第%d市\"\nfull_name = \"浙江省第%d市\"\nlevel = \"city\"\nparent = \"zj\"\ncode = \"%d\"\n", k, k, k, 340000+k*100)
	}
	for i, slug := range c.regions {
		city := i % c.cities
		fmt.Fprintf(&b, "\n[[region]]\nslug = %q\nname = \"第%d县\"\nfull_name = \"浙江省第%d市第%d县\"\nlevel = \"county\"\nparent = \"c%03d\"\ncode = \"%d\"\n",
			slug, i, city, i, city, 340000+city*100+1+i/c.cities)
	}
	mustWrite(t, filepath.Join(dir, "content", "regions.toml"), b.String())

	b.Reset()
	for _, ind := range corpusIndicators {
		fmt.Fprintf(&b, "[[indicator]]\nid = %q\nname = %q\naliases = []\nunit = %q\ntheme = %q\ndirection = %q\nheadline = %v\ndescription = \"测试指标。\"\n\n",
			ind.id, ind.name, ind.unit, ind.theme, ind.dir, ind.theme == "environment")
	}
	mustWrite(t, filepath.Join(dir, "content", "indicators.toml"), b.String())

	for i := 0; i < n; i++ {
		writePlan(t, dir, c, i, 0)
	}
	copyLayouts(t, dir)
	return c
}

// writePlan writes plan i; edit changes its text (edit 0 is the original).
func writePlan(t testing.TB, dir string, c *corpus, i, edit int) {
	t.Helper()
	md, data := planFiles(c, i, edit)
	pdir := filepath.Join(dir, "content", "plans", c.planSlug(i))
	mustWrite(t, filepath.Join(pdir, "plan.md"), md)
	mustWrite(t, filepath.Join(pdir, "data.toml"), data)
}

var filler = []string{"深入实施质量强县战略", "推进标准化建设", "加强计量基础设施", "完善质量治理体系",
	"提升产品质量", "打造区域品牌", "强化工程质量监管", "优化公共服务", "改善生态环境质量",
	"培育品字标企业", "健全检验检测体系", "推动制造业高质量发展"}

func planFiles(c *corpus, i, edit int) (md, data string) {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	st := corpusStages[(i/len(c.regions))%len(corpusStages)]
	region := c.regions[i%len(c.regions)]
	para := func() string {
		var b strings.Builder
		for k := 0; k < 8; k++ {
			b.WriteString(filler[r.IntN(len(filler))])
			b.WriteString(",")
		}
		b.WriteString("全面提升质量发展水平。")
		return b.String()
	}
	// The table: 6 distinct indicators.
	perm := r.Perm(len(corpusIndicators))[:6]
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = \"第%d县质量发展“%s”规划\"\nregion = %q\nstage = %q\nperiod_start = %d\nperiod_end = %d\nbase_year = %d\n",
		i%len(c.regions), st.name, region, st.name, st.start, st.end, st.start-1)
	fmt.Fprintf(&b, "publisher = \"县市场监管局\"\nindex_no = \"TEST/%d\"\nwritten = \"%d-%02d-%02d\"\nbasis = []\n+++\n\n", i, st.start, 1+i%12, 1+i%28)
	fmt.Fprintf(&b, "本规划是第%d号测试规划(修订%d)。%s\n\n", i, edit, para())
	heads := []string{"发展基础", "产品质量提升", "工程质量提升", "服务质量提升", "环境质量改善", "标准与品牌建设"}
	for s, h := range heads {
		fmt.Fprintf(&b, "## %s、%s {#s%d}\n\n%s\n\n", cnum[s], h, s+1, para())
		for k := 0; k < 3; k++ {
			ind := corpusIndicators[perm[(s+k)%len(perm)]]
			fmt.Fprintf(&b, "### (%s)%s{#s%d-%d}\n\n%s%s达到新水平。%s\n\n", cnum[k], filler[r.IntN(len(filler))], s+1, k+1, para(), ind.name, para())
		}
		if s == 0 {
			b.WriteString("::: table t1\n\n")
		}
		if s == 1 {
			fmt.Fprintf(&b, "::: box 专栏%d | 重点工程\n1. %s\n2. %s\n:::\n\n", s+1, para(), para())
		}
	}
	md = b.String()

	b.Reset()
	fmt.Fprintf(&b, "[[table]]\nid = \"t1\"\ntitle = \"表1 主要指标\"\nkind = \"target\"\nperiod = %q\nbaseline_year = %d\ntarget_year = %d\nactual_year = 0\n", st.name, st.start-1, st.end)
	b.WriteString("columns = [\"类别\", \"指标名称\", \"单位\", \"基期\", \"目标\"]\nnote = \"\"\n")
	for k, p := range perm {
		ind := corpusIndicators[p]
		base := 80 + r.IntN(15)
		fmt.Fprintf(&b, "\n[[table.row]]\ncategory = \"质量建设\"\nno = \"%d\"\nlabel = %q\nindicator = %q\nunit = %q\nbaseline = \"%d\"\ntarget = \"≥%d\"\n",
			k+1, ind.name, ind.id, ind.unit, base, base+1+edit%3)
	}
	return md, b.String()
}

var cnum = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func mustWrite(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyLayouts copies the project's layouts/ and static/ into dir.
func copyLayouts(t testing.TB, dir string) {
	t.Helper()
	src := filepath.Join(repoRoot, "layouts")
	if !completeLayouts(src) {
		t.Fatalf("%s lacks page templates", src)
	}
	copyTree(t, src, filepath.Join(dir, "layouts"))
	copyTree(t, filepath.Join(repoRoot, "static"), filepath.Join(dir, "static"))
}

func completeLayouts(dir string) bool {
	for _, k := range []string{"_base", "home", "plan", "plans", "region", "regions", "indicator", "indicators", "theme", "themes", "search", "404"} {
		if _, err := os.Stat(filepath.Join(dir, k+".html")); err != nil {
			return false
		}
	}
	return true
}

// copyTree copies the files below src into dst.
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	if err := synth.CopyTree(src, dst); err != nil {
		t.Fatal(err)
	}
}
