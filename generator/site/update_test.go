package site

import (
	"bytes"
	"os"
	"path/filepath"
	"qualityportal/generator/synth"
	"sort"
	"strings"
	"testing"
)

// copyTree copies the files below src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if err := synth.CopyTree(src, dst); err != nil {
		t.Fatal(err)
	}
}

// bundledCopy makes a copy of the repository's site folder.
func bundledCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"content", "layouts", "static"} {
		copyTree(t, filepath.Join("../..", d), filepath.Join(dir, d))
	}
	data, err := os.ReadFile("../../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// renderDir loads and renders a site folder in full.
func renderDir(t *testing.T, dir string) (*Generator, map[string][]byte) {
	t.Helper()
	return renderDirOpts(t, dir, Options{})
}

// renderDirOpts is renderDir with options.
func renderDirOpts(t *testing.T, dir string, opts Options) (*Generator, map[string][]byte) {
	t.Helper()
	g, errs := Load(os.DirFS(dir))
	if len(errs) > 0 {
		t.Fatalf("load %s: %v", dir, errs)
	}
	g.Opts = opts
	return g, renderFiles(t, g)
}

// edit replaces old by new in a file of the site folder ("" old: append).
func edit(t *testing.T, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, name)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	switch {
	case old == "":
		s += new
	case !strings.Contains(s, old):
		t.Fatalf("%s does not contain %q", name, old)
	default:
		s = strings.Replace(s, old, new, 1)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// addCityPlan adds a plan of 台州市 based on the plan of 椒江区: a parent
// region with rows of its own (its children chart them) and a basis link.
func addCityPlan(t *testing.T, dir string) {
	t.Helper()
	src := filepath.Join(dir, "content/plans/sanmen-2021-2025")
	dst := filepath.Join(dir, "content/plans/taizhou-2021-2025")
	copyTree(t, src, dst)
	edit(t, dir, "content/plans/taizhou-2021-2025/plan.md", `region = "sanmen"`, `region = "taizhou"`)
	edit(t, dir, "content/plans/taizhou-2021-2025/plan.md", `title = "三门县质量强县建设“十四五”规划"`, `title = "台州市质量强市建设“十四五”规划(测试)"`)
	edit(t, dir, "content/plans/taizhou-2021-2025/plan.md", `basis = []`, `basis = ["jiaojiang-2021-2025"]`)
}

// renderFiles renders the whole site of g, by path.
func renderFiles(t *testing.T, g *Generator) map[string][]byte {
	t.Helper()
	files, err := g.Render()
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string][]byte, len(files))
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return m
}

// TestUpdateMatchesFullBuild changes plans in several ways and checks that
// the incremental build (Update, Affected, StreamSome over the previous
// files) gives exactly the files of a full build of the changed folder.
func TestUpdateMatchesFullBuild(t *testing.T) {
	cases := []struct {
		name   string
		city   bool // start from the bundled site with a 台州市 plan added
		slugs  []string
		change func(t *testing.T, dir string)
	}{
		{"text of a plan", false, []string{"jiaojiang-2021-2025"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/jiaojiang-2021-2025/plan.md", "", "\n新增的一段文字,用于检验增量构建。\n")
		}},
		{"text that names an indicator", false, []string{"jiaojiang-2021-2025"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/jiaojiang-2021-2025/plan.md", "", "\n到2025年,制造业产品质量合格率和空气质量优良天数比例继续提高。\n")
		}},
		{"a heading retitled", false, []string{"sanmen-2021-2025"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/sanmen-2021-2025/plan.md", "## 二、", "## 二、(修订)")
		}},
		{"a target value", false, []string{"sanmen-2021-2025"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/sanmen-2021-2025/data.toml", `target = "96"`, `target = "97.5"`)
		}},
		{"an indicator of a row", false, []string{"sanmen-2021-2025"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/sanmen-2021-2025/data.toml", `indicator = "city-gov-quality-award"`, `indicator = "manufacturing-pass-rate"`)
		}},
		{"a plan moved to another region", false, []string{"yuhang-2016-2020"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/yuhang-2016-2020/plan.md", `region = "yuhang"`, `region = "hangzhou"`)
		}},
		{"a plan removed", false, []string{"ruian-2011-2015"}, func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "content/plans/ruian-2011-2015")); err != nil {
				t.Fatal(err)
			}
		}},
		{"a plan added", false, []string{"taizhou-2021-2025"}, addCityPlan},
		{"a parent region's value", true, []string{"taizhou-2021-2025"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/taizhou-2021-2025/data.toml", `target = "96"`, `target = "99.9"`)
		}},
		{"the title of a basis plan", true, []string{"jiaojiang-2021-2025"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/jiaojiang-2021-2025/plan.md", `title = "台州市椒江区质量强区标准强区品牌强区建设“十四五”规划"`, `title = "台州市椒江区质量强区建设“十四五”规划(改)"`)
		}},
		{"a basis removed and the plan re-dated", true, []string{"taizhou-2021-2025"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/taizhou-2021-2025/plan.md", `basis = ["jiaojiang-2021-2025"]`, `basis = []`)
			edit(t, dir, "content/plans/taizhou-2021-2025/plan.md", `published = "2025-06-06 10:55"`, `published = "2020-01-02"`)
			edit(t, dir, "content/plans/taizhou-2021-2025/plan.md", `written = "2025-06-06"`, `written = "2020-01-01"`)
		}},
		{"two plans at once", false, []string{"haiyan-2021-2025", "sanmen-2021-2025"}, func(t *testing.T, dir string) {
			edit(t, dir, "content/plans/haiyan-2021-2025/plan.md", "", "\n海盐县新增段落。\n")
			edit(t, dir, "content/plans/sanmen-2021-2025/data.toml", `target = "98.2以上"`, `target = "98.5以上"`)
		}},
	}
	national := map[string]bool{"plans/index.html": true, "regions/index.html": true, "indicators/index.html": true, "search/index.html": true}
	textOnly := map[string]bool{"text of a plan": true, "text that names an indicator": true, "a heading retitled": true}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := bundledCopy(t)
			if tc.city {
				addCityPlan(t, dir)
			}
			old, files := renderDirOpts(t, dir, Options{KeepSearch: true})
			tc.change(t, dir)
			ng, errs := old.Update(os.DirFS(dir), tc.slugs)
			if len(errs) > 0 {
				t.Fatalf("Update: %v", errs)
			}
			fp := Affected(old, ng, tc.slugs)
			pages := func(p string) bool { return fp.Has(p) && !isSearchIndex(p) }
			for p := range files {
				if pages(p) {
					delete(files, p)
				}
			}
			some, err := ng.RenderSome(pages)
			if err != nil {
				t.Fatal(err)
			}
			// The search index: only the shards the changed documents reach.
			index, removed, whole, err := ng.UpdateSearch()
			if err != nil {
				t.Fatal(err)
			}
			indexFiles := 0
			for p := range files {
				if isSearchIndex(p) {
					indexFiles++
				}
			}
			if whole || textOnly[tc.name] && len(index) >= indexFiles/2 {
				t.Errorf("UpdateSearch made %d of the %d index files again (whole %v); want the few the edit reaches", len(index), indexFiles, whole)
			}
			for _, p := range removed {
				delete(files, p)
			}
			for _, f := range index {
				files[f.Path] = f.Data
			}
			rendered := len(some)
			for _, f := range some {
				files[f.Path] = f.Data
				// An edit of the text alone leaves the region pages, the
				// national pages and the downloads as they were.
				if textOnly[tc.name] && (strings.HasPrefix(f.Path, "regions/") || strings.HasPrefix(f.Path, "data/") ||
					!strings.Contains(f.Path, "/") || national[f.Path]) {
					t.Errorf("an edit of the text rendered %s again", f.Path)
				}
			}
			_, want := renderDir(t, dir)
			if rendered >= len(want) {
				t.Errorf("incremental build rendered %d files, the whole site has %d: nothing was left out", rendered, len(want))
			}
			var diffs []string
			for p, data := range want {
				if got, ok := files[p]; !ok {
					diffs = append(diffs, p+": missing")
				} else if !bytes.Equal(got, data) {
					diffs = append(diffs, p+": differs")
				}
			}
			for p := range files {
				if _, ok := want[p]; !ok {
					diffs = append(diffs, p+": not in the full build")
				}
			}
			sort.Strings(diffs)
			if len(diffs) > 0 {
				t.Errorf("incremental build differs from the full build in %d files:\n%s", len(diffs), strings.Join(diffs, "\n"))
			}
		})
	}
}

func isSearchIndex(p string) bool { return strings.HasPrefix(p, "search/") && p != "search/index.html" }

// TestUpdateReportsErrors checks that a broken plan is reported by Update with
// its path and line, and that the old generator can still be updated after.
func TestUpdateReportsErrors(t *testing.T) {
	dir := bundledCopy(t)
	old, _ := renderDir(t, dir)
	edit(t, dir, "content/plans/sanmen-2021-2025/data.toml", `indicator = "city-gov-quality-award"`, `indicator = "no-such-indicator"`)
	_, errs := old.Update(os.DirFS(dir), []string{"sanmen-2021-2025"})
	if got := errs.Error(); !strings.Contains(got, `content/plans/sanmen-2021-2025/data.toml:18: unknown indicator "no-such-indicator"`) {
		t.Errorf("Update errors = %q; want the unknown indicator at data.toml:18", got)
	}
	edit(t, dir, "content/plans/sanmen-2021-2025/data.toml", `indicator = "no-such-indicator"`, `indicator = "city-gov-quality-award"`)
	ng, errs := old.Update(os.DirFS(dir), []string{"sanmen-2021-2025"})
	if len(errs) > 0 {
		t.Fatalf("Update after the fix: %v", errs)
	}
	if n, m := len(ng.Site.Plans), len(old.Site.Plans); n != m {
		t.Errorf("after the fix: %d plans; want %d", n, m)
	}
}
