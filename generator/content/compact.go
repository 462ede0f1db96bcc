package content

import "strings"

// compact copies the strings of a loaded plan into three strings of its
// own, each field becoming a slice of one of them: the text of its
// sections' parts (Plain, HTML), which a one-shot build drops all at once
// when the plan's page is made; its data (tables, projects,
// responsibilities), which it drops once every page is made (see
// DropData); and the rest (front matter, headings), which the search
// documents hold until the end. It returns the three strings (for the tests).
//
// A national site has about five million small strings otherwise (a row
// alone has ten), and the collector marks each one on every cycle; as three
// objects a plan, marking costs a fraction of that. The bytes are the same.
func (p *Plan) compact() (names, text, data string) {
	var na, ta, da arena
	m := &p.Meta
	for _, s := range []*string{&m.Title, &m.Region, &m.Stage, &m.Publisher, &m.IndexNo, &m.DocNo,
		&m.Written, &m.Published, &m.Source, &m.Validity, &m.URL, &m.Interpretation} {
		na.add(s)
	}
	na.addAll(m.Basis)
	na.addAll(m.BasisTitles)
	na.addAll(m.Notes)
	var extra []string // keys and values, in pairs
	for k, v := range m.Extra {
		extra = append(extra, k, v)
	}
	na.addAll(extra)
	for si := range p.Sections {
		sec := &p.Sections[si]
		na.add(&sec.ID)
		na.add(&sec.Title)
		na.addAll(sec.Themes)
		for pi := range sec.Parts {
			part := &sec.Parts[pi]
			ta.add(&part.Plain)
			ta.add(&part.HTML)
			na.add(&part.Ref)
			na.add(&part.Number)
			na.add(&part.Title)
		}
	}
	for ti := range p.Tables {
		t := &p.Tables[ti]
		for _, s := range []*string{&t.ID, &t.Title, &t.Kind, &t.Period, &t.Source, &t.Note} {
			da.add(s)
		}
		da.addAll(t.Columns)
		for ri := range t.Rows {
			r := &t.Rows[ri]
			for _, s := range []*string{&r.Category, &r.No, &r.Label, &r.Indicator, &r.Unit,
				&r.Baseline, &r.Target, &r.Actual, &r.Status, &r.Note} {
				da.add(s)
			}
		}
	}
	for ti := range p.Projects {
		t := &p.Projects[ti]
		for _, s := range []*string{&t.ID, &t.Title, &t.Unit, &t.Note} {
			da.add(s)
		}
		da.addAll(t.Columns)
		for ri := range t.Rows {
			r := &t.Rows[ri]
			for _, s := range []*string{&r.No, &r.Name, &r.Nature, &r.Years, &r.Content,
				&r.Total, &r.Planned, &r.Departments} {
				da.add(s)
			}
		}
	}
	for i := range p.Responsibilities {
		r := &p.Responsibilities[i]
		da.add(&r.Section)
		da.add(&r.Task)
		da.add(&r.Text)
		da.addAll(r.Units)
	}
	names, text, data = na.build(), ta.build(), da.build()
	if len(extra) > 0 {
		m.Extra = make(map[string]string, len(extra)/2)
		for i := 0; i < len(extra); i += 2 {
			m.Extra[extra[i]] = extra[i+1]
		}
	}
	return names, text, data
}

// arena gathers string fields to copy into one string.
type arena struct {
	fields []*string
	n      int
}

func (a *arena) add(s *string) {
	if *s != "" {
		a.fields = append(a.fields, s)
		a.n += len(*s)
	}
}

func (a *arena) addAll(list []string) {
	for i := range list {
		a.add(&list[i])
	}
}

// build copies the fields into one string, points each at its part and
// returns the string.
func (a *arena) build() string {
	var b strings.Builder
	b.Grow(a.n)
	for _, s := range a.fields {
		b.WriteString(*s)
	}
	all := b.String()
	off := 0
	for _, s := range a.fields {
		n := len(*s)
		*s = all[off : off+n]
		off += n
	}
	return all
}

// DropData lets go of what only the pages read, for a one-shot build whose
// pages are all made and whose search documents are made (they hold the
// titles, themes and names they need): the rows of every table, the parts
// of every section, the indicators' rows and the plans' theme maps and
// front-matter locators. At 10,000 plans that is about 150 MB that the
// search index, built last, would otherwise be built beside. Nothing may
// read those fields afterwards: the site cannot be rendered again.
func (s *Site) DropData() {
	for _, p := range s.Plans {
		p.Data, p.RowRefs = Data{}, nil
		for i := range p.Sections {
			p.Sections[i].Parts = nil
		}
		p.SectionThemes = nil
		p.fmLoc = nil
	}
	for _, ind := range s.Indicators {
		ind.Rows = nil
	}
}
