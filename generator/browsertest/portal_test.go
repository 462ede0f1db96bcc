package browsertest

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"qualityportal/generator/site"
)

// overlayFS is a site folder with some files replaced.
type overlayFS struct {
	fs.FS
	files fstest.MapFS
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.FS.Open(name)
}

// TestFooterShowsSiteIdentifiers renders the bundled content with the footer
// settings of site.toml filled in and checks that every page's footer shows
// 主办单位, 承办单位, the contact and the site identifiers.
func TestFooterShowsSiteIdentifiers(t *testing.T) {
	toml, err := os.ReadFile(repoRoot + "/site.toml")
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]string{
		"sponsor":   "浙江省市场监督管理局",
		"organizer": "浙江省标准化研究院",
		"site_code": "3300000001",
		"icp":       "浙ICP备00000000号",
		"psb":       "浙公网安备 33000000000000号",
		"contact":   "0571-00000000",
	}
	text := string(toml)
	for k, v := range set {
		re := regexp.MustCompile(`(?m)^` + k + `\s*=.*$`)
		if !re.MatchString(text) {
			t.Fatalf("site.toml has no %s line", k)
		}
		text = re.ReplaceAllString(text, k+` = "`+v+`"`)
	}
	fsys := overlayFS{os.DirFS(repoRoot), fstest.MapFS{"site.toml": {Data: []byte(text)}}}
	g, errs := site.Load(fsys)
	if len(errs) > 0 {
		t.Fatalf("loading with filled-in site.toml: %v", errs)
	}
	files, err := g.Render()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"主办单位:" + set["sponsor"], "承办单位:" + set["organizer"], "联系方式:" + set["contact"],
		"网站标识码:" + set["site_code"], set["icp"], set["psb"],
	}
	pages := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		pages++
		s := string(f.Data)
		i := strings.Index(s, `<footer class="site-footer">`)
		if i < 0 {
			t.Errorf("%s: no site footer", f.Path)
			continue
		}
		footer := s[i:]
		for _, w := range want {
			if !strings.Contains(footer, w) {
				t.Errorf("%s: footer lacks %q", f.Path, w)
			}
		}
	}
	if pages == 0 {
		t.Fatal("no HTML page rendered")
	}
}

// TestPlanDisclosure checks the disclosure block (信息公开要素) of every plan
// page: the fields every plan has (索引号, 发布机构, 成文日期, 规划期限, 来源,
// shown as 原文未载 when the source lacks them), 有效性 and the official
// 解读 where the content gives them, and a link for a 解读 given as an address.
func TestPlanDisclosure(t *testing.T) {
	for _, p := range cs.Plans {
		t.Run(p.Slug, func(t *testing.T) {
			b, err := os.ReadFile(outDir + "/plans/" + p.Slug + "/index.html")
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			i := strings.Index(s, `<section class="disclosure"`)
			if i < 0 {
				t.Fatal("no disclosure block (section.disclosure)")
			}
			end := strings.Index(s[i:], "</section>")
			block := s[i : i+end]
			for _, dt := range []string{"索引号", "发布机构", "成文日期", "规划期限", "来源"} {
				if !strings.Contains(block, "<dt>"+dt+"</dt>") {
					t.Errorf("disclosure block lacks <dt>%s</dt>", dt)
				}
			}
			if p.Validity != "" && !strings.Contains(block, "<dt>有效性</dt>") {
				t.Errorf("有效性 %q is in the content but not in the disclosure block", p.Validity)
			}
			if p.Interpretation != "" {
				if !strings.Contains(block, "<dt>政策解读</dt>") {
					t.Errorf("解读 %q is in the content but not in the disclosure block", p.Interpretation)
				}
				if strings.HasPrefix(p.Interpretation, "http") && !strings.Contains(block, `<a href="`+p.Interpretation+`"`) {
					t.Errorf("解读 %q is an address but not a link", p.Interpretation)
				}
			}
		})
	}
}
