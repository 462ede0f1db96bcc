package site

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"qualityportal/generator/synth"
)

// TestScaleSummaries builds a synthetic site large enough to pass the
// scale limits of indicator and region pages, and checks that what a page
// no longer lists one by one is counted and linked, never silently dropped.
func TestScaleSummaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 720-plan site")
	}
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Options{Plans: 720, Seed: 1, Source: "../..", Indicators: 3}); err != nil {
		t.Fatal(err)
	}
	g := load(t, dir)
	files, err := g.Render()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Path] = string(f.Data)
	}
	countRE := regexp.MustCompile(`<tr><th scope="row"><a href="../../regions/([^/]+)/index.html">[^<]*</a></th><td class="num">(\d+)</td><td class="num">(\d+)</td></tr>`)
	summarised := 0
	for _, ind := range g.Site.Indicators {
		page := out[indicatorURL(ind)]
		if len(ind.Rows) <= maxIndicatorRows {
			continue
		}
		summarised++
		listed := strings.Count(page, `<tr><th scope="row">`) // table rows of the data table and of the summary
		counts := countRE.FindAllStringSubmatch(page, -1)
		if len(counts) == 0 {
			t.Fatalf("%s: %d rows but no summary by region", ind.ID, len(ind.Rows))
		}
		inSummary := 0
		for _, c := range counts {
			n, _ := strconv.Atoi(c[3])
			inSummary += n
			if out["regions/"+c[1]+"/index.html"] == "" {
				t.Errorf("%s: summary links to a missing region page %s", ind.ID, c[1])
			}
		}
		if got := listed - len(counts) + inSummary; got != len(ind.Rows) {
			t.Errorf("%s: %d rows listed + %d counted = %d; want every one of %d", ind.ID, listed-len(counts), inSummary, got, len(ind.Rows))
		}
		if !strings.Contains(page, "本指标共有 "+strconv.Itoa(len(ind.Rows))+" 条数据") {
			t.Errorf("%s: no note saying how many rows there are and where", ind.ID)
		}
	}
	if summarised == 0 {
		t.Fatalf("no indicator has more than %d rows: the test does not reach the limit", maxIndicatorRows)
	}
	// The root region has every plan below it: counted, not listed; its children link down.
	for _, r := range g.Site.Regions {
		if r.ParentRegion != nil {
			continue
		}
		page := out[regionURL(r)]
		if !strings.Contains(page, "下级地区共有 "+strconv.Itoa(len(g.Site.Plans)-len(r.Plans))+" 部规划") {
			t.Errorf("%s: no note counting the plans below", r.Slug)
		}
		if strings.Count(page, `href="../../plans/`) > maxRegionPlans {
			t.Errorf("%s: lists more than %d plans", r.Slug, maxRegionPlans)
		}
		for _, c := range r.Children {
			if !strings.Contains(page, `href="../../regions/`+c.Slug+`/index.html"`) {
				t.Errorf("%s: no link to its child %s", r.Slug, c.Slug)
			}
		}
	}
}
