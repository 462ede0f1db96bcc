package site

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The bundled portal: the five seed plans.
const portalDir = "../.."

var seedFile = map[string]string{
	"jiaojiang-2021-2025": "000_eb2e457683b14428.txt",
	"sanmen-2021-2025":    "001_e5dcd738bf43ea84.txt",
	"yuhang-2016-2020":    "002_2c6b46a3fd0f362e.txt",
	"haiyan-2021-2025":    "003_87304a954d486e12.txt",
	"ruian-2011-2015":     "004_7a8018b81b2d437f.txt",
}

func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// TestSeedValuesInContent proves every value of every indicator and project
// table of the bundled content is printed in its seed, as is.
func TestSeedValuesInContent(t *testing.T) {
	g := load(t, portalDir)
	if len(g.Site.Plans) != len(seedFile) {
		t.Fatalf("portal has %d plans; want %d", len(g.Site.Plans), len(seedFile))
	}
	for _, p := range g.Site.Plans {
		raw, err := os.ReadFile(filepath.Join(portalDir, "testdata", "seeds", seedFile[p.Slug]))
		if err != nil {
			t.Fatal(err)
		}
		seed := squeeze(string(raw))
		t.Run(p.Slug, func(t *testing.T) {
			n := 0
			for _, tb := range p.Tables {
				for _, r := range tb.Rows {
					for _, v := range []string{r.Baseline, r.Target, r.Actual} {
						if v == "" || (tb.Source == "prose" && v == "-") {
							continue
						}
						n++
						if !strings.Contains(seed, squeeze(v)) {
							t.Errorf("%s row %q: value %q is not in the seed", tb.ID, r.Label, v)
						}
					}
				}
			}
			for _, pt := range p.Projects {
				for _, r := range pt.Rows {
					for _, v := range []string{r.Total, r.Planned} {
						if v == "" {
							continue
						}
						n++
						if !strings.Contains(seed, squeeze(v)) {
							t.Errorf("%s row %q: value %q is not in the seed", pt.ID, r.Name, v)
						}
					}
				}
			}
			if n == 0 {
				t.Errorf("no values checked for %s", p.Slug)
			}
		})
	}
}

var trRE = regexp.MustCompile(`(?s)<tr>.*?</tr>`)

// rowsOf returns the table rows of the page that mention the label.
func rowsOf(page, label string) []string {
	var out []string
	for _, tr := range trRE.FindAllString(page, -1) {
		if strings.Contains(tr, ">"+html.EscapeString(label)+"<") {
			out = append(out, tr)
		}
	}
	return out
}

// TestValuesOnPages proves every value of every table row appears in the
// row of that indicator on the plan page and on the indicator page.
func TestValuesOnPages(t *testing.T) {
	g := load(t, portalDir)
	files, err := g.Render()
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	for _, f := range files {
		pages[f.Path] = string(f.Data)
	}
	checked := 0
	for _, p := range g.Site.Plans {
		planPage := pages[planURL(p)]
		for _, tb := range p.Tables {
			for _, r := range tb.Rows {
				ind := g.Site.Indicator(r.Indicator)
				for _, where := range []struct{ name, page string }{{"plan page", planPage}, {"indicator page", pages[indicatorURL(ind)]}} {
					rows := rowsOf(where.page, r.Label)
					if len(rows) == 0 {
						t.Errorf("%s %s: no row for %q on the %s", p.Slug, tb.ID, r.Label, where.name)
						continue
					}
					for _, v := range []string{r.Baseline, r.Target, r.Actual, r.Status} {
						if v == "" {
							continue
						}
						found := false
						for _, tr := range rows {
							if strings.Contains(tr, ">"+html.EscapeString(v)+"<") {
								found = true
							}
						}
						if !found {
							t.Errorf("%s %s row %q: value %q not in its row on the %s", p.Slug, tb.ID, r.Label, v, where.name)
						}
						checked++
					}
					if !strings.Contains(rows[0], `href="`) {
						t.Errorf("%s %s row %q on the %s has no link", p.Slug, tb.ID, r.Label, where.name)
					}
				}
			}
		}
		for _, pt := range p.Projects {
			for _, r := range pt.Rows {
				rows := rowsOf(planPage, r.Name)
				if len(rows) == 0 {
					t.Errorf("%s %s: no row for project %q", p.Slug, pt.ID, r.Name)
					continue
				}
				for _, v := range []string{r.No, r.Total, r.Planned, r.Departments, r.Years} {
					if v != "" && !strings.Contains(rows[0], ">"+html.EscapeString(v)+"<") {
						t.Errorf("%s %s project %q: %q not in its row", p.Slug, pt.ID, r.Name, v)
					}
					checked++
				}
			}
		}
	}
	if checked < 500 {
		t.Errorf("checked only %d values; the portal should have more", checked)
	}
}

// TestPlanText proves the text of every section reaches the plan page.
func TestPlanText(t *testing.T) {
	g := load(t, portalDir)
	files, err := g.Render()
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	for _, f := range files {
		pages[f.Path] = string(f.Data)
	}
	tag := regexp.MustCompile(`<[^>]*>`)
	for _, p := range g.Site.Plans {
		page := squeeze(html.UnescapeString(tag.ReplaceAllString(pages[planURL(p)], "")))
		for _, sec := range p.Sections {
			for _, line := range strings.Split(sec.Plain(), "\n") {
				if l := squeeze(line); l != "" && !strings.Contains(page, l) {
					t.Errorf("%s#%s: text %q missing from the page", p.Slug, sec.ID, line)
				}
			}
			if sec.ID != "intro" && !strings.Contains(pages[planURL(p)], `id="`+sec.ID+`"`) {
				t.Errorf("%s: no anchor %q on the page", p.Slug, sec.ID)
			}
		}
	}
}
