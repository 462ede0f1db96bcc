package importer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"qualityportal/generator/content"
)

// Report says what the importer recognised and what it could not place.
type Report struct {
	File  string
	Lines int
	Slug  string

	Fields        []string // metadata fields found, with the line each came from
	Missing       []string // metadata fields not printed
	RegionGuess   string   // how the region was chosen, "" when given
	TitleInferred bool

	Sections   map[int]int // level → number of headings
	LeadIns    int         // headings split from a lead-in sentence
	Boxes      []string    // 专栏 titles as written
	BoxesFixed int         // 专栏 titles written differently from print
	Tables     []TableReport
	Resp       int // 责任单位 records

	Matched     []Match
	Unmatched   []Match
	Suggestions []*content.Indicator

	Dropped  map[string][]int // reason → input lines dropped as not plan text
	Unplaced []Unplaced       // input lines it could not place
	Check    []Unplaced       // lines it placed but that look out of place
	Notes    []string         // what was inferred or normalised; also written to notes in the front matter
}

// TableReport describes one table found.
type TableReport struct {
	ID, Kind, Title, Period string
	Line                    int // the input line of its header
	Rows                    int
	Totals                  int // 总计 rows of a project table
	Left                    int // cells that fit no row
	Note, Pipe, Prose       bool
	NoUnit, SplitCat        int      // rows without their unit cell, categories over two lines
	Shared                  int      // cells shared by several rows
	Merged                  []string // header cells printed over two lines, as joined
	New, Avg                int      // values marked {} (五年新增) and <> (五年平均)
	BadValues               []string // values that do not parse: the build will reject them
}

// Match is one indicator row and the registry id it got.
type Match struct {
	Table string
	Row   int
	Label string
	ID    string
	Line  int
	Loose bool // matched only without its (累计)/(新增) qualifier
}

// Unplaced is an input line the importer could not place.
type Unplaced struct {
	Line int
	Text string
	Why  string
}

func (r *Report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

func (r *Report) unplaced(line int, text, why string) {
	r.Unplaced = append(r.Unplaced, Unplaced{line, text, why})
}

// summarise fills the report from the finished parse.
func (p *parser) summarise(res *Result) {
	r := p.rep
	r.Slug = res.Slug
	m := &p.meta
	fields := []struct {
		key string
		v   string
	}{
		{"title", m.Title}, {"region", m.Region}, {"stage", m.Stage}, {"period", period(m)}, {"base_year", itoa0(m.BaseYear)},
		{"publisher", m.Publisher}, {"index_no", m.IndexNo}, {"doc_no", m.DocNo}, {"written", m.Written},
		{"published", m.Published}, {"source", m.Source}, {"validity", m.Validity}, {"url", m.URL},
		{"interpretation", m.Interpretation}, {"basis_titles", strings.Join(m.BasisTitles, "")},
	}
	for _, f := range fields {
		line, seen := p.metaLine[f.key]
		switch {
		case f.v != "" && seen:
			r.Fields = append(r.Fields, fmt.Sprintf("%s (line %d)", f.key, line))
		case f.v != "":
			r.Fields = append(r.Fields, f.key)
		case seen:
			r.Fields = append(r.Fields, fmt.Sprintf("%s printed empty (line %d)", f.key, line))
		default:
			r.Missing = append(r.Missing, f.key)
		}
	}
	for _, k := range p.extraKeys {
		r.Fields = append(r.Fields, fmt.Sprintf("extra.%s (line %d)", k, p.metaLine["extra."+k]))
	}
	r.Sections = map[int]int{}
	for _, b := range p.blocks {
		if b.Kind == bHeading {
			r.Sections[b.Level]++
		}
	}
	r.LeadIns = p.leadIns
	r.Boxes = p.boxes
	r.BoxesFixed = p.boxFixed
	r.Resp = len(p.data.Responsibilities)
	r.Dropped = map[string][]int{}
	listed := map[int]bool{}
	for _, u := range r.Unplaced {
		listed[u.Line] = true
	}
	for i, why := range p.why {
		l := p.lines[i]
		switch {
		case strings.HasPrefix(why, "dropped:"):
			reason := strings.TrimPrefix(why, "dropped:")
			r.Dropped[reason] = append(r.Dropped[reason], l.n)
		case why == "" && l.text != "" && !listed[l.n]:
			r.unplaced(l.n, l.text, "not recognised")
		}
	}
	sort.SliceStable(r.Unplaced, func(i, j int) bool { return r.Unplaced[i].Line < r.Unplaced[j].Line })
}

func period(m *content.Meta) string {
	if m.PeriodStart == 0 {
		return ""
	}
	return fmt.Sprintf("%d–%d", m.PeriodStart, m.PeriodEnd)
}

func itoa0(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// ranges prints line numbers compactly: "1–3, 7, 9–10".
func ranges(lines []int) string {
	var b strings.Builder
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] <= lines[j]+2 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if j == i {
			b.WriteString(strconv.Itoa(lines[i]))
		} else {
			fmt.Fprintf(&b, "%d–%d", lines[i], lines[j])
		}
		i = j + 1
	}
	return b.String()
}

// String prints the report for the staff who run the import.
func (r *Report) String() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("import %s (%d lines) → content/plans/%s/", r.File, r.Lines, r.Slug)
	w("")
	w("metadata: %s", strings.Join(r.Fields, ", "))
	if len(r.Missing) > 0 {
		w("  not printed: %s", strings.Join(r.Missing, ", "))
	}
	if r.RegionGuess != "" {
		w("  region guessed: %s (use --region to choose another)", r.RegionGuess)
	}
	if r.TitleInferred {
		w("  title INFERRED (none printed): check it")
	}
	var levels []string
	total := 0
	for lv := 2; lv <= 5; lv++ {
		if n := r.Sections[lv]; n > 0 {
			levels = append(levels, fmt.Sprintf("%d × %s", n, strings.Repeat("#", lv)))
			total += n
		}
	}
	w("sections: %d (%s)", total, strings.Join(levels, ", "))
	if r.LeadIns > 0 {
		w("  %d heading(s) split from a lead-in sentence (“1.创新突破。把创新……” → heading “1.创新突破” and its paragraph)", r.LeadIns)
	}
	w("专栏: %d", len(r.Boxes))
	if r.BoxesFixed > 0 {
		w("  %d title(s) written in the “专栏3-1 | 标题” form", r.BoxesFixed)
	}
	rows := 0
	for _, t := range r.Tables {
		rows += t.Rows
	}
	w("tables: %d, %d rows", len(r.Tables), rows)
	for _, t := range r.Tables {
		var extra []string
		switch {
		case t.Kind == "project":
			extra = append(extra, fmt.Sprintf("%d projects", t.Rows-t.Totals))
			if t.Totals > 0 {
				extra = append(extra, "总计 row")
			}
		case t.Prose:
			extra = append(extra, fmt.Sprintf("%d SUGGESTED rows from sentences, period %s", t.Rows, t.Period))
		default:
			extra = append(extra, fmt.Sprintf("%d rows, period %s", t.Rows, t.Period))
		}
		if t.Pipe {
			extra = append(extra, "pipe rows")
		} else if !t.Prose {
			extra = append(extra, "one cell per line")
		}
		if len(t.Merged) > 0 {
			extra = append(extra, "header cells over two lines joined: "+strings.Join(t.Merged, ", "))
		}
		if t.SplitCat > 0 {
			extra = append(extra, fmt.Sprintf("%d category cell(s) over two lines joined", t.SplitCat))
		}
		if t.NoUnit > 0 {
			extra = append(extra, fmt.Sprintf("%d row(s) without a unit cell", t.NoUnit))
		}
		if t.Shared > 0 {
			extra = append(extra, fmt.Sprintf("%d shared cell(s) split into rows", t.Shared))
		}
		if t.New+t.Avg > 0 {
			extra = append(extra, fmt.Sprintf("values in {} (五年新增): %d, in <> (五年平均): %d", t.New, t.Avg))
		}
		if t.Note {
			extra = append(extra, "note attached")
		}
		if len(t.BadValues) > 0 {
			extra = append(extra, fmt.Sprintf("%d values DO NOT PARSE (fix before building): %q", len(t.BadValues), t.BadValues))
		}
		if t.Left > 0 {
			extra = append(extra, fmt.Sprintf("%d cells UNPLACED", t.Left))
		}
		title := t.Title
		if title == "" {
			title = "(no printed title)"
		}
		w("  %s %s (line %d) %s: %s", t.ID, t.Kind, t.Line, title, strings.Join(extra, ", "))
	}
	if r.Resp > 0 {
		w("责任单位: %d tasks", r.Resp)
	}
	w("indicators: %d matched, %d unmatched", len(r.Matched), len(r.Unmatched))
	for _, m := range r.Matched {
		if m.Loose {
			w("  %s row %d (line %d) %q → %s only without its (累计)/(新增): add the printed name to its aliases", m.Table, m.Row, m.Line, m.Label, m.ID)
		}
	}
	for _, u := range r.Unmatched {
		w("  %s row %d (line %d) %q → %s (suggested)", u.Table, u.Row, u.Line, u.Label, u.ID)
	}
	if len(r.Suggestions) > 0 {
		w("  suggested entries for %s (review ids, themes and directions, then add them):", content.IndicatorsFile)
		for _, s := range r.Suggestions {
			w("")
			w("    [[indicator]]")
			w("    id = %s", quote(s.ID))
			w("    name = %s", quote(s.Name))
			w("    aliases = %s", quoteList(s.Aliases))
			w("    unit = %s", quote(s.Unit))
			w("    theme = %s", quote(s.Theme))
			w("    direction = %s", quote(s.Direction))
			w("    headline = false")
			w("    description = \"\"")
		}
		w("")
	}
	if len(r.Dropped) > 0 {
		var reasons []string
		for k := range r.Dropped {
			reasons = append(reasons, k)
		}
		sort.Strings(reasons)
		w("dropped as not plan text:")
		for _, k := range reasons {
			w("  %s: lines %s", k, ranges(r.Dropped[k]))
		}
	}
	if len(r.Unplaced) == 0 {
		w("lines not placed: none")
	} else {
		w("lines NOT PLACED: %d", len(r.Unplaced))
		for _, u := range r.Unplaced {
			w("  line %d: %s: %s", u.Line, u.Why, excerpt(u.Text, 40))
		}
	}
	if len(r.Check) > 0 {
		w("lines to CHECK: %d", len(r.Check))
		for _, u := range r.Check {
			w("  line %d: %s: %s", u.Line, u.Why, excerpt(u.Text, 40))
		}
	}
	if len(r.Notes) > 0 {
		w("notes (also written to notes in plan.md):")
		for _, n := range r.Notes {
			w("  - %s", n)
		}
	}
	return b.String()
}
