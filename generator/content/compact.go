package content

import "strings"

// compact copies the strings of a loaded plan into two strings of its own,
// each field becoming a slice of one of them: the text of its sections'
// parts (Plain, HTML), which a one-shot build drops all at once when the
// plan's page is made, and everything else (front matter, headings, table
// and project rows).
//
// A national site has about five million small strings otherwise (a row
// alone has ten), and the collector marks each one on every cycle; as two
// objects a plan, marking costs a fraction of that. The bytes are the same.
func (p *Plan) compact() {
	var names, text arena
	m := &p.Meta
	for _, s := range []*string{&m.Title, &m.Region, &m.Stage, &m.Publisher, &m.IndexNo, &m.DocNo,
		&m.Written, &m.Published, &m.Source, &m.Validity, &m.URL, &m.Interpretation} {
		names.add(s)
	}
	names.addAll(m.Basis)
	names.addAll(m.BasisTitles)
	names.addAll(m.Notes)
	var extra []string // keys and values, in pairs
	for k, v := range m.Extra {
		extra = append(extra, k, v)
	}
	names.addAll(extra)
	for si := range p.Sections {
		sec := &p.Sections[si]
		names.add(&sec.ID)
		names.add(&sec.Title)
		names.addAll(sec.Themes)
		for pi := range sec.Parts {
			part := &sec.Parts[pi]
			text.add(&part.Plain)
			text.add(&part.HTML)
			names.add(&part.Ref)
			names.add(&part.Number)
			names.add(&part.Title)
		}
	}
	for ti := range p.Tables {
		t := &p.Tables[ti]
		for _, s := range []*string{&t.ID, &t.Title, &t.Kind, &t.Period, &t.Source, &t.Note} {
			names.add(s)
		}
		names.addAll(t.Columns)
		for ri := range t.Rows {
			r := &t.Rows[ri]
			for _, s := range []*string{&r.Category, &r.No, &r.Label, &r.Indicator, &r.Unit,
				&r.Baseline, &r.Target, &r.Actual, &r.Status, &r.Note} {
				names.add(s)
			}
		}
	}
	for ti := range p.Projects {
		t := &p.Projects[ti]
		for _, s := range []*string{&t.ID, &t.Title, &t.Unit, &t.Note} {
			names.add(s)
		}
		names.addAll(t.Columns)
		for ri := range t.Rows {
			r := &t.Rows[ri]
			for _, s := range []*string{&r.No, &r.Name, &r.Nature, &r.Years, &r.Content,
				&r.Total, &r.Planned, &r.Departments} {
				names.add(s)
			}
		}
	}
	for i := range p.Responsibilities {
		r := &p.Responsibilities[i]
		names.add(&r.Section)
		names.add(&r.Task)
		names.add(&r.Text)
		names.addAll(r.Units)
	}
	names.build()
	text.build()
	if len(extra) > 0 {
		m.Extra = make(map[string]string, len(extra)/2)
		for i := 0; i < len(extra); i += 2 {
			m.Extra[extra[i]] = extra[i+1]
		}
	}
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

// build copies the fields into one string and points each at its part.
func (a *arena) build() {
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
}
