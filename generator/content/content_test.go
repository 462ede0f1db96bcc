package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"qualityportal/generator/config"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		in       string
		fm, body string
		line     int
		ok       bool
	}{
		{"+++\na = 1\n+++\nbody\n", "a = 1\n", "body\n", 4, true},
		{"\xef\xbb\xbf+++\r\na = 1\r\n+++\r\nbody", "a = 1\r\n", "body", 4, true},
		{"+++\n+++\n", "", "", 3, true},
		{"+++\na = 1\n", "", "", 0, false},
		{"no front matter\n", "", "", 0, false},
		{"", "", "", 0, false},
	}
	for _, tt := range tests {
		fm, body, line, ok := SplitFrontMatter([]byte(tt.in))
		if string(fm) != tt.fm || string(body) != tt.body || line != tt.line || ok != tt.ok {
			t.Errorf("SplitFrontMatter(%q) = %q, %q, %d, %v; want %q, %q, %d, %v", tt.in, fm, body, line, ok, tt.fm, tt.body, tt.line, tt.ok)
		}
	}
}

func site(plan, data string) fstest.MapFS {
	fs := fstest.MapFS{
		"content/regions.toml":    {Data: []byte("[[region]]\nslug = \"r\"\nname = \"县\"\ncode = \"1\"\n")},
		"content/indicators.toml": {Data: []byte("[[indicator]]\nid = \"a\"\nname = \"合格率\"\naliases = [\"平均合格率\"]\ntheme = \"product\"\n")},
		"content/plans/p/plan.md": {Data: []byte(plan)},
	}
	if data != "" {
		fs["content/plans/p/data.toml"] = &fstest.MapFile{Data: []byte(data)}
	}
	return fs
}

var cfg = &config.Site{Title: "t", Themes: []config.Theme{{ID: "product", Name: "产品质量", Keywords: []string{"产品"}}}}

const goodPlan = "+++\ntitle = \"规划\"\nregion = \"r\"\nstage = \"十四五\"\nperiod_start = 2021\nperiod_end = 2025\n+++\n\n## 一、产品 {#s1}\n\n合格率达到99%。\n\n### (一)细节 {#s1-1}\n\n::: table t1\n"

const goodData = "[[table]]\nid = \"t1\"\nkind = \"target\"\n\n[[table.row]]\nlabel = \"平均合格率(%)\"\nindicator = \"a\"\ntarget = \"≥99\"\n"

func TestLoadLinks(t *testing.T) {
	s, errs := Load(site(goodPlan, goodData), cfg)
	if errs != nil {
		t.Fatalf("Load: %v", errs)
	}
	p := s.Plan("p")
	if p == nil || p.Region != s.Region("r") || len(s.Region("r").Plans) != 1 {
		t.Fatalf("plan not linked to its region")
	}
	ind := s.IndicatorByName("平均合格率(%)")
	if ind == nil || ind.ID != "a" || len(ind.Rows) != 1 || ind.Rows[0].Row.Tgt().Num != 99 {
		t.Errorf("IndicatorByName(平均合格率(%%)) = %+v; want indicator a with one row, target 99", ind)
	}
	if got := strings.Join(p.SectionThemes["s1-1"], ","); got != "product" {
		t.Errorf("themes of s1-1 = %q; want product (inherited from s1)", got)
	}
	if l := ind.Rows[0].Row.Line; l != 5 {
		t.Errorf("row line = %d; want 5", l)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, plan, data, want string
	}{
		{"no front matter", "## x {#s1}\n", "", "content/plans/p/plan.md:1: missing front matter"},
		{"bad toml", "+++\ntitle = \n+++\n", "", "content/plans/p/plan.md:2: "},
		{"unknown key", strings.Replace(goodPlan, "+++\n\n", "colour = \"red\"\n+++\n\n", 1), goodData, `content/plans/p/plan.md:7: unknown key "colour"`},
		{"bad value", goodPlan, strings.Replace(goodData, "≥99", "9x9", 1), `content/plans/p/data.toml:8: value "9x9" does not parse`},
		{"unknown indicator", goodPlan, strings.Replace(goodData, `indicator = "a"`, `indicator = "wq-07"`, 1), `content/plans/p/data.toml:7: unknown indicator "wq-07"`},
		{"table not placed", strings.Replace(goodPlan, "::: table t1\n", "", 1), goodData, `content/plans/p/data.toml:1: table "t1" is not placed`},
		{"bad kind", goodPlan, strings.Replace(goodData, "target\"\n\n", "forecast\"\n\n", 1), `content/plans/p/data.toml:3: table "t1": kind "forecast"`},
		{"unknown theme", strings.Replace(goodPlan, "{#s1}", `{#s1 themes="space"}`, 1), goodData, `content/plans/p/plan.md:9: unknown theme "space"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Load(site(tt.plan, tt.data), cfg)
			if !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("Load errors = %q; want one starting %q", errs.Error(), tt.want)
			}
		})
	}
}

// FuzzLoadPlan feeds arbitrary plan files and data to the loader: it must
// never panic, and every error must name the plan's files.
func FuzzLoadPlan(f *testing.F) {
	f.Add(goodPlan, goodData)
	f.Add("+++\n+++\n", "[[table]]\n[[table.row]]\n")
	f.Add("+++\ntitle = \"\"\"\n", "x = [")
	f.Fuzz(func(t *testing.T, plan, data string) {
		_, errs := Load(site(plan, data), cfg)
		for _, e := range errs {
			if !strings.HasPrefix(e.Pos.File, "content/plans/p/") {
				t.Errorf("error outside the plan: %v", e)
			}
		}
	})
}

func FuzzSplitFrontMatter(f *testing.F) {
	f.Add("+++\na = 1\n+++\nbody")
	f.Fuzz(func(t *testing.T, s string) {
		fm, body, line, ok := SplitFrontMatter([]byte(s))
		if ok && (len(fm)+len(body) > len(s) || line < 3) {
			t.Errorf("SplitFrontMatter(%q) = %q, %q, %d", s, fm, body, line)
		}
	})
}
