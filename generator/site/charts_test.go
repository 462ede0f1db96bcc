package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"
)

// TestChartsTablesDownloadsAgree proves, for every indicator of the bundled
// portal, that the SVG chart, the chart's data table, the CSV and the JSON
// carry exactly the values of the content.
func TestChartsTablesDownloadsAgree(t *testing.T) {
	g := load(t, portalDir)
	out := renderFiles(t, g)
	for _, ind := range g.Site.Indicators {
		t.Run(ind.ID, func(t *testing.T) {
			rows := sortRows(ind.Rows)
			// CSV: UTF-8 with BOM, one record per row, values as printed.
			data := out["indicators/"+ind.ID+"/"+ind.ID+".csv"]
			if !bytes.HasPrefix(data, []byte("\ufeff")) {
				t.Fatalf("CSV has no byte-order mark")
			}
			recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != len(rows)+1 {
				t.Fatalf("CSV has %d records; want %d", len(recs)-1, len(rows))
			}
			for i, ref := range rows {
				rec := recs[i+1]
				got := []string{rec[3], rec[6], rec[8], rec[10], rec[13], rec[14]}
				want := []string{ref.Plan.Region.Code, ref.Row.Label, ref.Row.Baseline, ref.Row.Target, ref.Row.Actual, ref.Row.Status}
				if strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("CSV record %d = %q; want %q", i, got, want)
				}
			}
			// JSON: the same records.
			var js IndicatorJSON
			if err := json.Unmarshal(out["indicators/"+ind.ID+"/"+ind.ID+".json"], &js); err != nil {
				t.Fatal(err)
			}
			if len(js.Records) != len(rows) {
				t.Fatalf("JSON has %d records; want %d", len(js.Records), len(rows))
			}
			for i, ref := range rows {
				r := js.Records[i]
				if r.Baseline != ref.Row.Baseline || r.Target != ref.Row.Target || r.Actual != ref.Row.Actual {
					t.Errorf("JSON record %d = %q %q %q; want %q %q %q", i, r.Baseline, r.Target, r.Actual, ref.Row.Baseline, ref.Row.Target, ref.Row.Actual)
				}
			}
			// The page: the chart (when anything is drawable) and its table.
			page := string(out[indicatorURL(ind)])
			fig := figure(page, "fig-c-"+ind.ID)
			if fig == "" {
				drawable := false
				for _, ref := range rows {
					for _, v := range []string{ref.Row.Baseline, ref.Row.Target, ref.Row.Actual} {
						if cv := chartValue(mustParse(v), ref.Row.Unit, ind.Unit); cv.Drawable() {
							drawable = true
						}
					}
				}
				if drawable {
					t.Fatalf("no chart on the page, but the indicator has drawable values")
				}
				return
			}
			svg := fig[strings.Index(fig, "<svg") : strings.Index(fig, "</svg>")+6]
			if err := xml.NewDecoder(strings.NewReader(svg)).Decode(new(struct{})); err != nil && err != io.EOF {
				t.Errorf("chart SVG is not well-formed: %v", err)
			}
			// A chart whose labels are links is a group of links, else an image; either is named by its title and desc.
			if !(strings.Contains(svg, `role="img"`) || strings.Contains(svg, `role="group"`)) || !strings.Contains(svg, "aria-labelledby=") || !strings.Contains(svg, "<title") || !strings.Contains(svg, "<desc") {
				t.Errorf("chart has no role, aria-labelledby, title or desc")
			}
			svgText := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(svg, "\x00"))
			table := fig[strings.Index(fig, "<table"):]
			for _, ref := range rows {
				for _, v := range []string{ref.Row.Baseline, ref.Row.Target, ref.Row.Actual} {
					if v == "" {
						continue
					}
					if !strings.Contains(svgText, v) {
						t.Errorf("value %q of %s is not printed in the chart", v, ref.Plan.Slug)
					}
					if !strings.Contains(table, ">"+html.EscapeString(v)+"<") {
						t.Errorf("value %q of %s is not in the chart's data table", v, ref.Plan.Slug)
					}
				}
			}
		})
	}
}

// figure returns the <figure id=…> element of the page.
func figure(page, id string) string {
	i := strings.Index(page, `<figure class="chart-fig" id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(page[i:], "</figure>")
	return page[i : i+j]
}
