package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"qualityportal/generator/content"
	"qualityportal/generator/indicator"
)

// Record is one indicator value row as downloaded (CSV and JSON).
type Record struct {
	Indicator    string `json:"indicator"`
	Name         string `json:"name"`
	Region       string `json:"region"`
	RegionCode   string `json:"region_code"`
	Plan         string `json:"plan"`
	PlanSlug     string `json:"plan_slug"`
	Period       string `json:"period"`
	Label        string `json:"label"`
	BaselineYear int    `json:"baseline_year,omitempty"`
	Baseline     string `json:"baseline"`
	TargetYear   int    `json:"target_year,omitempty"`
	Target       string `json:"target"`
	Comparator   string `json:"comparator"`
	ActualYear   int    `json:"actual_year,omitempty"`
	Actual       string `json:"actual"`
	Status       string `json:"status"`
	Progress     string `json:"progress"`
	Unit         string `json:"unit"`
	Note         string `json:"note"`
}

var csvHeader = []string{"指标编号", "指标", "地区", "行政区划代码", "规划", "时期", "原文名称", "基期年份", "基期值", "目标年份", "目标值", "比较符", "实绩年份", "实绩", "完成情况", "进展", "单位", "说明"}

func record(ind *content.Indicator, ref *content.RowRef) Record {
	p, t, r := ref.Plan, ref.Table, ref.Row
	rec := Record{Indicator: ind.ID, Name: ind.Name, Plan: p.Title, PlanSlug: p.Slug, Label: r.Label,
		Baseline: r.Baseline, Target: r.Target, Comparator: r.Tgt().Comparator, Actual: r.Actual,
		Status: r.Status, Unit: r.Unit, Note: r.Note}
	if p.Region != nil {
		rec.Region, rec.RegionCode = p.Region.FullName, p.Region.Code
	}
	rec.Period = t.Period
	if rec.Period == "" {
		rec.Period = p.Stage
	}
	if r.Baseline != "" {
		rec.BaselineYear = t.BaselineYear
	}
	if r.Target != "" {
		rec.TargetYear = t.TargetYear
	}
	if r.Actual != "" {
		rec.ActualYear = t.ActualYear
	}
	rec.Progress = RowProgress(ind, r).Words
	if t.Note != "" {
		if rec.Note != "" {
			rec.Note += " "
		}
		rec.Note += t.Note
	}
	return rec
}

// RowProgress assesses a row of the indicator.
func RowProgress(ind *content.Indicator, r *content.Row) indicator.Progress {
	unit := r.Unit
	if unit == "" {
		unit = ind.Unit
	}
	return indicator.Assess(r.Base(), r.Tgt(), r.Act(), r.Status, unit, ind.Lower())
}

func records(cs *content.Site, inds []*content.Indicator) []Record {
	return recordsOf(cs, inds, sortedRows)
}

// recordsOf is records with rowsOf giving each indicator's rows in order.
func recordsOf(cs *content.Site, inds []*content.Indicator, rowsOf func(*content.Indicator) []*content.RowRef) []Record {
	var out []Record
	for _, ind := range inds {
		for _, ref := range rowsOf(ind) {
			out = append(out, record(ind, ref))
		}
	}
	return out
}

func year(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// csvFile writes UTF-8 with a byte-order mark, so that Excel reads Chinese correctly.
func csvFile(recs []Record) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(recs)*320 + 1024)
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(csvHeader)
	for _, r := range recs {
		w.Write([]string{r.Indicator, r.Name, r.Region, r.RegionCode, r.Plan, r.Period, r.Label,
			year(r.BaselineYear), r.Baseline, year(r.TargetYear), r.Target, r.Comparator,
			year(r.ActualYear), r.Actual, r.Status, r.Progress, r.Unit, r.Note})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func jsonFile(v any) ([]byte, error) {
	// The downloads' own types are written directly (jsonenc.go): the same bytes, faster.
	switch v := v.(type) {
	case IndicatorJSON:
		var b bytes.Buffer
		b.Grow(len(v.Records)*700 + 1024)
		indicatorJSONTo(&b, &v, "")
		b.WriteByte('\n')
		return b.Bytes(), nil
	case []IndicatorJSON:
		var b bytes.Buffer
		indicatorsJSON(&b, v)
		b.WriteByte('\n')
		return b.Bytes(), nil
	}
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// IndicatorJSON is the JSON download of one indicator.
type IndicatorJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases"`
	Unit        string   `json:"unit"`
	Theme       string   `json:"theme"`
	Direction   string   `json:"direction"`
	Description string   `json:"description"`
	Records     []Record `json:"records"`
}

func indicatorJSON(cs *content.Site, ind *content.Indicator) IndicatorJSON {
	return indicatorJSONOf(cs, ind, sortedRows)
}

func indicatorJSONOf(cs *content.Site, ind *content.Indicator, rowsOf func(*content.Indicator) []*content.RowRef) IndicatorJSON {
	aliases := ind.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	recs := recordsOf(cs, []*content.Indicator{ind}, rowsOf)
	if recs == nil {
		recs = []Record{}
	}
	return IndicatorJSON{ind.ID, ind.Name, aliases, ind.Unit, ind.Theme, ind.Direction, ind.Description, recs}
}

// downloadJobs are the data files: per indicator and for all indicators.
func (g *Generator) downloadJobs() []*job {
	cs := g.Site
	var jobs []*job
	for _, ind := range cs.Indicators {
		base := "indicators/" + ind.ID + "/"
		jobs = append(jobs,
			&job{path: base + ind.ID + ".csv", render: func() ([]byte, error) { return csvFile(recordsOf(cs, []*content.Indicator{ind}, g.rowsOf)) }},
			&job{path: base + ind.ID + ".json", render: func() ([]byte, error) { return jsonFile(indicatorJSONOf(cs, ind, g.rowsOf)) }},
		)
	}
	jobs = append(jobs,
		// The files of all data are written an indicator at a time straight
		// into their files (WriteTo), so that neither their records nor the
		// files (hundreds of megabytes at national scale) are ever whole in memory.
		&job{path: "data/indicators.csv", write: func(w io.Writer) error { return allCSVTo(w, cs, g.rowsOf) }},
		&job{path: "data/indicators.json", write: func(w io.Writer) error { return allJSONTo(w, cs, g.rowsOf) }},
	)
	return jobs
}
