package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"

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
	tgt := r.Tgt() // parsed once for the comparator and the progress
	rec := Record{Indicator: ind.ID, Name: ind.Name, Plan: p.Title, PlanSlug: p.Slug, Label: r.Label,
		Baseline: r.Baseline, Target: r.Target, Comparator: tgt.Comparator, Actual: r.Actual,
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
	rec.Progress = rowProgress(ind, r, tgt).Words
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
	return rowProgress(ind, r, r.Tgt())
}

// rowProgress is RowProgress with the row's target already parsed.
func rowProgress(ind *content.Indicator, r *content.Row, tgt indicator.Value) indicator.Progress {
	unit := r.Unit
	if unit == "" {
		unit = ind.Unit
	}
	return indicator.Assess(r.Base(), tgt, r.Act(), r.Status, unit, ind.Lower())
}

func records(cs *content.Site, inds []*content.Indicator) []Record {
	return recordsOf(cs, inds, sortedRows)
}

// recordsOf is records with rowsOf giving each indicator's rows in order.
func recordsOf(cs *content.Site, inds []*content.Indicator, rowsOf func(*content.Indicator) []*content.RowRef) []Record {
	rows := make([][]*content.RowRef, len(inds))
	n := 0
	for i, ind := range inds {
		rows[i] = rowsOf(ind)
		n += len(rows[i])
	}
	out := make([]Record, 0, n) // a record is 300 bytes: no doubling
	prefault(out[:n])
	for i, ind := range inds {
		for _, ref := range rows[i] {
			out = append(out, record(ind, ref))
		}
	}
	return out
}

func year(y int) string {
	switch {
	case y == 0:
		return ""
	case y >= firstYear && y < firstYear+len(yearNames):
		return yearNames[y-firstYear]
	}
	return strconv.Itoa(y)
}

// yearNames are the years plans name, made once instead of for every row.
const firstYear = 1949

var yearNames = func() (out [2100 - firstYear + 1]string) {
	for i := range out {
		out[i] = strconv.Itoa(firstYear + i)
	}
	return out
}()

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
	return indicatorJSONWith(ind, recordsOf(cs, []*content.Indicator{ind}, rowsOf))
}

// indicatorJSONWith is the JSON download of ind with its records.
func indicatorJSONWith(ind *content.Indicator, recs []Record) IndicatorJSON {
	aliases := ind.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	if recs == nil {
		recs = []Record{}
	}
	return IndicatorJSON{ind.ID, ind.Name, aliases, ind.Unit, ind.Theme, ind.Direction, ind.Description, recs}
}

// downloadJobs are the data files: per indicator and for all indicators.
// They are made in one job, one pass over the indicators: each indicator's
// records are made once, for its CSV and JSON files and for the files of all
// data, which are those parts one after another (the JSON indented one level
// more). The job comes after the plan pages and before the others (plan),
// so that it runs beside pages.
func (g *Generator) downloadJobs() []*job {
	paths := []string{"data/indicators.json"}
	for _, ind := range g.Site.Indicators {
		base := "indicators/" + ind.ID + "/" + ind.ID
		paths = append(paths, base+".csv", base+".json")
	}
	return []*job{{path: "data/indicators.csv", files: g.downloads, paths: paths}}
}

// downloads writes every download (see downloadJobs).
func (g *Generator) downloads(emit func(File, *bytes.Buffer) error, open func(string) (io.Writer, error)) error {
	cs := g.Site
	allCSV, err := open("data/indicators.csv")
	if err != nil {
		return err
	}
	allJSON, err := open("data/indicators.json")
	if err != nil {
		return err
	}
	var head bytes.Buffer
	head.WriteString("\ufeff")
	hw := csv.NewWriter(&head)
	hw.UseCRLF = true
	hw.Write(csvHeader)
	hw.Flush()
	if _, err := allCSV.Write(head.Bytes()); err != nil {
		return err
	}
	if len(cs.Indicators) == 0 {
		_, err := io.WriteString(allJSON, "[]\n")
		return err
	}
	if _, err := io.WriteString(allJSON, "["); err != nil {
		return err
	}
	for i, ind := range cs.Indicators {
		recs := recordsOf(cs, []*content.Indicator{ind}, g.rowsOf)
		base := "indicators/" + ind.ID + "/" + ind.ID
		cb := getBig()
		cb.Grow(head.Len() + len(recs)*320)
		cb.Write(head.Bytes())
		if err := csvRecords(cb, recs); err != nil {
			putBuf(cb)
			return err
		}
		if _, err := allCSV.Write(cb.Bytes()[head.Len():]); err != nil {
			putBuf(cb)
			return err
		}
		if err := emit(File{Path: base + ".csv", Data: cb.Bytes()}, cb); err != nil {
			return err
		}
		jb := getBig()
		jb.Grow(len(recs)*700 + 1024)
		v := indicatorJSONWith(ind, recs)
		indicatorJSONTo(jb, &v, "")
		sep := "\n "
		if i > 0 {
			sep = ",\n "
		}
		// The same object one level deeper: JSON strings hold no raw
		// newline, so every newline starts a line to indent.
		err := indentTo(allJSON, sep, jb.Bytes())
		jb.WriteByte('\n')
		if err != nil {
			putBuf(jb)
			return err
		}
		if err := emit(File{Path: base + ".json", Data: jb.Bytes()}, jb); err != nil {
			return err
		}
	}
	_, err = io.WriteString(allJSON, "\n]\n")
	return err
}

// csvRecords writes records as CSV lines (CRLF) to b.
func csvRecords(b *bytes.Buffer, recs []Record) error {
	for _, r := range recs {
		csvLine(b, []string{r.Indicator, r.Name, r.Region, r.RegionCode, r.Plan, r.Period, r.Label,
			year(r.BaselineYear), r.Baseline, year(r.TargetYear), r.Target, r.Comparator,
			year(r.ActualYear), r.Actual, r.Status, r.Progress, r.Unit, r.Note})
	}
	return nil
}

// csvLine writes fields as encoding/csv's Writer with UseCRLF writes them
// (TestCSVLineMatchesWriter), straight into b: the downloads write every row
// of a national site twice.
func csvLine(b *bytes.Buffer, fields []string) {
	b.Write(appendCSVLine(b.AvailableBuffer(), fields))
}

// appendCSVLine appends the CSV line of fields to dst.
func appendCSVLine(dst []byte, fields []string) []byte {
	for n, field := range fields {
		if n > 0 {
			dst = append(dst, ',')
		}
		if !csvNeedsQuotes(field) {
			dst = append(dst, field...)
			continue
		}
		dst = append(dst, '"')
		for i := 0; i < len(field); i++ {
			switch c := field[i]; c {
			case '"':
				dst = append(dst, '"', '"')
			case '\r': // dropped: every line break becomes "\r\n"
			case '\n':
				dst = append(dst, '\r', '\n')
			default:
				dst = append(dst, c)
			}
		}
		dst = append(dst, '"')
	}
	return append(dst, '\r', '\n')
}

// csvNeedsQuotes is encoding/csv's rule for a comma-separated field.
func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	i := 0
	// Eight bytes at a time (every field of every row is scanned): a byte
	// of x is one of the four when x xor its repetition has a zero byte.
	for ; i+8 <= len(field); i += 8 {
		s := field[i : i+8]
		x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if hasZeroByte(x^('\n'*ones)) || hasZeroByte(x^('\r'*ones)) || hasZeroByte(x^('"'*ones)) || hasZeroByte(x^(','*ones)) {
			return true
		}
	}
	for ; i < len(field); i++ {
		if c := field[i]; c == '\n' || c == '\r' || c == '"' || c == ',' {
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

const ones = 0x0101010101010101

// hasZeroByte reports whether a byte of x is zero.
func hasZeroByte(x uint64) bool { return (x-ones)&^x&(0x80*ones) != 0 }

var space = []byte{' '}

// indentTo writes prefix, then data with a space after every newline.
func indentTo(w io.Writer, prefix string, data []byte) error {
	if _, err := io.WriteString(w, prefix); err != nil {
		return err
	}
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			_, err := w.Write(data)
			return err
		}
		if _, err := w.Write(data[:i+1]); err != nil {
			return err
		}
		if _, err := w.Write(space); err != nil { // not io.WriteString: a copy a line
			return err
		}
		data = data[i+1:]
	}
	return nil
}
