package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
	"qualityportal/generator/diag"
	"qualityportal/generator/markdown"
)

// The repository root, relative to this package.
const root = "../.."

// allowed lists the differences between an import and the bundled content
// that come from editorial choices the importer cannot know. Everything not
// listed must be equal, except what is editorial everywhere and never
// compared: the notes of the front matter and the note of each table row
// (“原表此行无单位单元格。”, “原文:……”). The note printed under a table (注:……)
// is compared.
type allowed struct {
	// meta fields that may differ, with the reason.
	meta map[string]string
	// leadIns: sections whose numbered lead-in lines the bundled content kept
	// as paragraphs ("1\.促进质量全面升级。……") where the importer makes them
	// headings ("1.促进质量全面升级" and a paragraph), as it does for 椒江 and
	// 余杭. The text of these sections is compared with the headings inlined.
	leadIns []string
	// proseExtra: rows of the bundled prose table the importer does not offer
	// (targets in sentences without “到YYYY年”, or text targets), by label.
	proseExtra []string
}

var seedCases = []struct {
	file, slug string
	allow      allowed
}{
	{"000_eb2e457683b14428.txt", "jiaojiang-2021-2025", allowed{}},
	{"001_e5dcd738bf43ea84.txt", "sanmen-2021-2025", allowed{}},
	{"002_2c6b46a3fd0f362e.txt", "yuhang-2016-2020", allowed{
		proseExtra: []string{
			// a target in words, no number
			"区级以上河道",
			// targets in task paragraphs that name no year: added by the editor
			"国家级、省级技术标准创新基地", "国家级和省级标准化组织落户余杭数量",
			"年均为主或参与制(修)订国际、国家、行业、团体标准数量", "农业标准化生产程度",
			"余杭地方标准规范", "实施“浙江制造”标准企业",
		},
	}},
	{"003_87304a954d486e12.txt", "haiyan-2021-2025", allowed{
		leadIns: []string{"s5-1", "s5-2", "s5-3", "s5-4"},
	}},
	{"004_7a8018b81b2d437f.txt", "ruian-2011-2015", allowed{}},
}

// tempSite makes a site folder holding copies of the registries.
func tempSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{config.File, content.RegionsFile, content.IndicatorsFile} {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, content.PlansDir), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// importSeed imports a seed into a temporary site and writes it there.
func importSeed(t testing.TB, file string) (*Result, string) {
	t.Helper()
	dir := tempSite(t)
	opts, err := LoadOptions(os.DirFS(dir))
	if err != nil {
		t.Fatalf("LoadOptions: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(root, "testdata/seeds", file))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import("testdata/seeds/"+file, src, opts)
	if err != nil {
		t.Fatalf("Import(%s): %v", file, err)
	}
	files, err := res.Files()
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, files, false); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return res, dir
}

// plan is a plan file read the way the generator reads it.
type plan struct {
	meta     content.Meta
	sections []markdown.Section
	data     content.Data
}

func readPlan(t *testing.T, dir string) plan {
	t.Helper()
	var p plan
	src, err := os.ReadFile(filepath.Join(dir, "plan.md"))
	if err != nil {
		t.Fatal(err)
	}
	fm, body, line, ok := content.SplitFrontMatter(src)
	if !ok {
		t.Fatalf("%s/plan.md: no front matter", dir)
	}
	if errs, _ := config.DecodeTOML(dir+"/plan.md", fm, 1, &p.meta); errs != nil {
		t.Fatalf("front matter: %v", errs)
	}
	var errs diag.List
	p.sections, errs = markdown.Parse(dir+"/plan.md", body, line)
	if errs != nil {
		t.Fatalf("markdown: %v", errs)
	}
	data, err := os.ReadFile(filepath.Join(dir, "data.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if errs, _ := config.DecodeTOML(dir+"/data.toml", data, 0, &p.data); errs != nil {
		t.Fatalf("data: %v", errs)
	}
	return p
}

// TestSeeds imports each seed and compares the result with the bundled,
// hand-checked content: metadata, every table row value by value, the
// projects, the 责任单位, the section structure, the 专栏 and the text.
func TestSeeds(t *testing.T) {
	for _, sc := range seedCases {
		t.Run(sc.slug, func(t *testing.T) {
			res, dir := importSeed(t, sc.file)
			if res.Slug != sc.slug {
				t.Fatalf("slug = %q; want %q", res.Slug, sc.slug)
			}
			// The imported plan must load cleanly into a site.
			cfg, cerrs := config.Load(os.DirFS(dir))
			if cerrs != nil {
				t.Fatal(cerrs)
			}
			if _, errs := content.Load(os.DirFS(dir), cfg); errs != nil {
				t.Errorf("the imported plan does not load:\n%v", errs)
			}
			got := readPlan(t, filepath.Join(dir, content.PlansDir, sc.slug))
			want := readPlan(t, filepath.Join(root, content.PlansDir, sc.slug))
			compareMeta(t, got.meta, want.meta, sc.allow)
			compareTables(t, got.data, want.data, sc.allow)
			compareSections(t, got.sections, want.sections, sc.allow)
			if len(res.Report.Unplaced) > 0 {
				t.Errorf("report lists %d unplaced lines: %+v", len(res.Report.Unplaced), res.Report.Unplaced)
			}
		})
	}
}

func compareMeta(t *testing.T, got, want content.Meta, allow allowed) {
	t.Helper()
	fields := []struct {
		name      string
		got, want any
	}{
		{"title", got.Title, want.Title}, {"region", got.Region, want.Region}, {"stage", got.Stage, want.Stage},
		{"period_start", got.PeriodStart, want.PeriodStart}, {"period_end", got.PeriodEnd, want.PeriodEnd},
		{"base_year", got.BaseYear, want.BaseYear}, {"publisher", got.Publisher, want.Publisher},
		{"index_no", got.IndexNo, want.IndexNo}, {"doc_no", got.DocNo, want.DocNo}, {"written", got.Written, want.Written},
		{"published", got.Published, want.Published}, {"source", got.Source, want.Source},
		{"validity", got.Validity, want.Validity}, {"url", got.URL, want.URL},
		{"interpretation", got.Interpretation, want.Interpretation}, {"basis", got.Basis, want.Basis},
		{"basis_titles", got.BasisTitles, want.BasisTitles}, {"extra", got.Extra, want.Extra},
	}
	for _, f := range fields {
		if _, ok := allow.meta[f.name]; ok {
			continue
		}
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("%s = %#v; want %#v", f.name, f.got, f.want)
		}
	}
}

// rowKey is a row without its editorial note.
func rowKey(r content.Row) string {
	return fmt.Sprintf("category=%q no=%q label=%q indicator=%q unit=%q baseline=%q target=%q actual=%q status=%q",
		r.Category, r.No, r.Label, r.Indicator, r.Unit, r.Baseline, r.Target, r.Actual, r.Status)
}

func compareTables(t *testing.T, got, want content.Data, allow allowed) {
	t.Helper()
	if len(got.Tables) != len(want.Tables) {
		t.Errorf("%d tables; want %d", len(got.Tables), len(want.Tables))
	}
	for i := 0; i < min(len(got.Tables), len(want.Tables)); i++ {
		g, w := got.Tables[i], want.Tables[i]
		head := func(x content.Table) string {
			return fmt.Sprintf("id=%q title=%q kind=%q period=%q source=%q baseline_year=%d target_year=%d actual_year=%d columns=%q",
				x.ID, x.Title, x.Kind, x.Period, x.Source, x.BaselineYear, x.TargetYear, x.ActualYear, x.Columns)
		}
		if head(g) != head(w) {
			t.Errorf("table %d:\n got %s\nwant %s", i+1, head(g), head(w))
		}
		if g.Source == "prose" {
			compareProse(t, g, w, allow)
			continue
		}
		if g.Note != w.Note {
			t.Errorf("table %s note = %q; want %q", g.ID, g.Note, w.Note)
		}
		if len(g.Rows) != len(w.Rows) {
			t.Errorf("table %s: %d rows; want %d", g.ID, len(g.Rows), len(w.Rows))
		}
		for r := 0; r < min(len(g.Rows), len(w.Rows)); r++ {
			if gk, wk := rowKey(g.Rows[r]), rowKey(w.Rows[r]); gk != wk {
				t.Errorf("table %s row %d:\n got %s\nwant %s", g.ID, r+1, gk, wk)
			}
		}
	}
	if len(got.Projects) != len(want.Projects) {
		t.Errorf("%d project tables; want %d", len(got.Projects), len(want.Projects))
	}
	for i := 0; i < min(len(got.Projects), len(want.Projects)); i++ {
		g, w := got.Projects[i], want.Projects[i]
		if g.ID != w.ID || g.Title != w.Title || !reflect.DeepEqual(g.Columns, w.Columns) || g.Unit != w.Unit || g.Note != w.Note {
			t.Errorf("project table %d:\n got %q %q %q %q %q\nwant %q %q %q %q %q", i+1, g.ID, g.Title, g.Columns, g.Unit, g.Note, w.ID, w.Title, w.Columns, w.Unit, w.Note)
		}
		if len(g.Rows) != len(w.Rows) {
			t.Errorf("project table %s: %d rows; want %d", g.ID, len(g.Rows), len(w.Rows))
		}
		for r := 0; r < min(len(g.Rows), len(w.Rows)); r++ {
			gr, wr := g.Rows[r], w.Rows[r]
			gr.Line, wr.Line = 0, 0
			if gr != wr {
				t.Errorf("project table %s row %d:\n got %+v\nwant %+v", g.ID, r+1, gr, wr)
			}
		}
	}
	if len(got.Responsibilities) != len(want.Responsibilities) {
		t.Errorf("%d responsibilities; want %d", len(got.Responsibilities), len(want.Responsibilities))
	}
	for i := 0; i < min(len(got.Responsibilities), len(want.Responsibilities)); i++ {
		g, w := got.Responsibilities[i], want.Responsibilities[i]
		g.Line, w.Line = 0, 0
		if !reflect.DeepEqual(g, w) {
			t.Errorf("responsibility %d:\n got %+v\nwant %+v", i+1, g, w)
		}
	}
}

// compareProse: the importer's suggested rows must be the bundled rows, in
// order, except the bundled rows listed as added by the editor.
func compareProse(t *testing.T, g, w content.Table, allow allowed) {
	t.Helper()
	extra := map[string]bool{}
	for _, l := range allow.proseExtra {
		extra[l] = true
	}
	var want []content.Row
	for _, r := range w.Rows {
		if extra[r.Label] {
			delete(extra, r.Label)
			continue
		}
		want = append(want, r)
	}
	for l := range extra {
		t.Errorf("allowed extra prose row %q is not in the bundled table", l)
	}
	if len(g.Rows) != len(want) {
		t.Errorf("prose table: %d rows; want %d (%d bundled minus %d editorial)", len(g.Rows), len(want), len(w.Rows), len(allow.proseExtra))
	}
	for r := 0; r < min(len(g.Rows), len(want)); r++ {
		if gk, wk := rowKey(g.Rows[r]), rowKey(want[r]); gk != wk {
			t.Errorf("prose row %d:\n got %s\nwant %s", r+1, gk, wk)
		}
	}
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func sectionHead(s markdown.Section) string {
	return fmt.Sprintf("%s h%d %s", s.ID, s.Level, s.Title)
}

// parts lists a section's tables and boxes, in order.
func parts(s markdown.Section) []string {
	var out []string
	for _, p := range s.Parts {
		switch p.Kind {
		case markdown.Table:
			out = append(out, "table "+p.Ref)
		case markdown.Box:
			out = append(out, "box "+p.Number+" | "+p.Title)
		}
	}
	return out
}

func compareSections(t *testing.T, got, want []markdown.Section, allow allowed) {
	t.Helper()
	inLeadIn := func(id string) string {
		for _, a := range allow.leadIns {
			if id == a || strings.HasPrefix(id, a+"-") {
				return a
			}
		}
		return ""
	}
	// The sections under an allowed lead-in are folded into it: heading
	// “1.促进质量全面升级” + its text is the bundled paragraph “1.促进质量全面升级。……”.
	fold := func(secs []markdown.Section) []markdown.Section {
		var out []markdown.Section
		for _, s := range secs {
			a := inLeadIn(s.ID)
			if a == "" || s.ID == a {
				out = append(out, s)
				continue
			}
			last := &out[len(out)-1]
			last.Parts = append(last.Parts, markdown.Part{Kind: markdown.Text, Plain: s.Title + "。" + s.Plain()})
		}
		return out
	}
	got = fold(got)
	var gh, wh []string
	for _, s := range got {
		gh = append(gh, sectionHead(s))
	}
	for _, s := range want {
		wh = append(wh, sectionHead(s))
	}
	if !reflect.DeepEqual(gh, wh) {
		t.Errorf("sections differ:\n%s", diffLines(gh, wh))
		return
	}
	boxes := 0
	for i := range got {
		g, w := got[i], want[i]
		if gp, wp := parts(g), parts(w); !reflect.DeepEqual(gp, wp) {
			t.Errorf("section %s: tables and boxes\n got %q\nwant %q", g.ID, gp, wp)
		}
		for _, p := range w.Parts {
			if p.Kind == markdown.Box {
				boxes++
			}
		}
		gt, wt := norm(g.Plain()), norm(w.Plain())
		if inLeadIn(g.ID) != "" {
			// The bundled text keeps “1\.” paragraphs; compare without the line structure.
			gt, wt = strings.Join(strings.Fields(gt), ""), strings.Join(strings.Fields(wt), "")
		}
		if gt != wt {
			t.Errorf("section %s text differs:\n%s", g.ID, firstDiff(gt, wt))
		}
	}
	t.Logf("%d sections, %d 专栏 compared", len(want), boxes)
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	from := max(0, i-20)
	return fmt.Sprintf(" got …%s\nwant …%s", string(ra[from:min(len(ra), i+40)]), string(rb[from:min(len(rb), i+40)]))
}

func diffLines(got, want []string) string {
	var b strings.Builder
	gi, wi := 0, 0
	for gi < len(got) || wi < len(want) {
		switch {
		case gi < len(got) && wi < len(want) && got[gi] == want[wi]:
			gi++
			wi++
			continue
		case wi < len(want) && (gi >= len(got) || !contains(got[gi:], want[wi])):
			fmt.Fprintf(&b, "  missing: %s\n", want[wi])
			wi++
		default:
			fmt.Fprintf(&b, "  extra:   %s\n", got[gi])
			gi++
		}
	}
	return b.String()
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
