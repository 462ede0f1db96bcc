package content

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// fastData decodes a data.toml written in the plain shape the format uses
// (FORMAT.md and the importer write nothing else): array-of-tables headers,
// one `key = value` per line with a basic string, an integer or a one-line
// array of basic strings, and comments. It is about ten times faster than
// the general TOML decoder, which matters at thousands of plans.
//
// It reports false on anything else — other TOML syntax, an unknown or
// repeated key, a value of the wrong type, any doubt — and the caller then
// decodes with the general decoder, which also reports the errors; so the
// result is always the general decoder's (TestFastDataMatchesDecoder).
func fastData(data []byte, d *Data) bool {
	var out Data
	const (
		none = iota
		inTable
		inRow
		inProjects
		inProjectRow
		inResp
	)
	ctx := none
	header := func(line string, ln int) bool {
		switch line {
		case "[[table]]":
			out.Tables = append(out.Tables, Table{Line: ln})
			ctx = inTable
		case "[[table.row]]":
			if len(out.Tables) == 0 {
				return false
			}
			t := &out.Tables[len(out.Tables)-1]
			t.Rows = append(t.Rows, Row{Line: ln, IndLine: ln})
			ctx = inRow
		case "[[projects]]":
			out.Projects = append(out.Projects, ProjectTable{Line: ln})
			ctx = inProjects
		case "[[projects.row]]":
			if len(out.Projects) == 0 {
				return false
			}
			t := &out.Projects[len(out.Projects)-1]
			t.Rows = append(t.Rows, Project{Line: ln})
			ctx = inProjectRow
		case "[[responsibility]]":
			out.Responsibilities = append(out.Responsibilities, Responsibility{Line: ln})
			ctx = inResp
		default:
			return false
		}
		return true
	}
	value := func(key, val, src string, ln int) (string, bool) {
		var s *string
		var n *int
		var list *[]string
		switch ctx {
		case inTable:
			t := &out.Tables[len(out.Tables)-1]
			switch key {
			case "id":
				s = &t.ID
			case "title":
				s = &t.Title
			case "kind":
				s = &t.Kind
			case "period":
				s = &t.Period
			case "source":
				s = &t.Source
			case "note":
				s = &t.Note
			case "baseline_year":
				n = &t.BaselineYear
			case "target_year":
				n = &t.TargetYear
			case "actual_year":
				n = &t.ActualYear
			case "columns":
				list = &t.Columns
			}
		case inRow:
			t := &out.Tables[len(out.Tables)-1]
			r := &t.Rows[len(t.Rows)-1]
			switch key {
			case "category":
				s = &r.Category
			case "no":
				s = &r.No
			case "label":
				s = &r.Label
			case "indicator":
				s, r.IndLine = &r.Indicator, ln
			case "unit":
				s = &r.Unit
			case "baseline":
				s = &r.Baseline
			case "target":
				s = &r.Target
			case "actual":
				s = &r.Actual
			case "status":
				s = &r.Status
			case "note":
				s = &r.Note
			}
		case inProjects:
			t := &out.Projects[len(out.Projects)-1]
			switch key {
			case "id":
				s = &t.ID
			case "title":
				s = &t.Title
			case "unit":
				s = &t.Unit
			case "note":
				s = &t.Note
			case "columns":
				list = &t.Columns
			}
		case inProjectRow:
			t := &out.Projects[len(out.Projects)-1]
			r := &t.Rows[len(t.Rows)-1]
			switch key {
			case "no":
				s = &r.No
			case "name":
				s = &r.Name
			case "nature":
				s = &r.Nature
			case "years":
				s = &r.Years
			case "content":
				s = &r.Content
			case "total":
				s = &r.Total
			case "planned":
				s = &r.Planned
			case "departments":
				s = &r.Departments
			}
		case inResp:
			r := &out.Responsibilities[len(out.Responsibilities)-1]
			switch key {
			case "section":
				s = &r.Section
			case "task":
				s = &r.Task
			case "text":
				s = &r.Text
			case "units":
				list = &r.Units
			}
		}
		rest, ok, known := decodeValue(val, s, n, list)
		// Not known: a key this decoder does not know here.
		return src, known && ok && endOfLine(rest)
	}
	if !eachKey(data, header, value) {
		return false
	}
	// Exact lengths, as the decoder leaves them: the slices live as long as the site.
	out.Tables = exact(out.Tables)
	for i := range out.Tables {
		out.Tables[i].Rows = exact(out.Tables[i].Rows)
	}
	out.Projects = exact(out.Projects)
	for i := range out.Projects {
		out.Projects[i].Rows = exact(out.Projects[i].Rows)
	}
	out.Responsibilities = exact(out.Responsibilities)
	*d = out
	return true
}

// decodeValue decodes val into whichever of s, n and list is set (known is
// false when none is) and returns what follows the value on its line.
func decodeValue(val string, s *string, n *int, list *[]string) (rest string, ok, known bool) {
	switch {
	case s != nil:
		*s, rest, ok = basicString(val)
	case n != nil:
		*n, rest, ok = integer(val)
	case list != nil:
		*list, rest, ok = stringArray(val)
	default:
		return "", false, false
	}
	return rest, ok, true
}

// plainText reports whether data is valid UTF-8 without the control
// characters that are an error the decoder reports.
func plainText(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	for i, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && (c != '\r' || i+1 == len(data) || data[i+1] != '\n') || c == 0x7f {
			return false
		}
	}
	return true
}

// nextLine returns the first line of src without its line break and the
// white space around it, and what follows.
func nextLine(src string) (line, rest string) {
	if i := strings.IndexByte(src, '\n'); i >= 0 {
		line, rest = src[:i], src[i+1:]
	} else {
		line = src
	}
	return strings.Trim(strings.TrimRight(line, "\r"), " \t"), rest
}

// keyValue splits a line "key = value" with a bare key not in seen, which it
// adds to seen.
func keyValue(line string, seen map[string]bool) (key, val string, ok bool) {
	key, val, ok = strings.Cut(line, "=")
	if !ok {
		return "", "", false
	}
	key = strings.TrimRight(key, " \t")
	if !bareKey(key) || seen[key] {
		return "", "", false
	}
	seen[key] = true
	return key, strings.TrimLeft(val, " \t"), true
}

func exact[T any](a []T) []T {
	if a == nil || len(a) == cap(a) {
		return a
	}
	return append(make([]T, 0, len(a)), a...)
}

func bareKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// endOfLine reports whether rest is only white space and an optional comment.
func endOfLine(rest string) bool {
	rest = strings.TrimLeft(rest, " \t")
	if rest == "" {
		return true
	}
	if rest[0] != '#' {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// basicString reads a one-line "…" string at the start of s.
func basicString(s string) (v, rest string, ok bool) {
	if len(s) < 2 || s[0] != '"' || strings.HasPrefix(s, `"""`) {
		return "", "", false
	}
	var b *strings.Builder
	start := 1
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			if b == nil {
				// A copy, so that a value does not keep the whole file alive.
				return strings.Clone(s[start:i]), s[i+1:], true
			}
			b.WriteString(s[start:i])
			return b.String(), s[i+1:], true
		case c == '\\':
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(s[start:i])
			if i+1 >= len(s) {
				return "", "", false
			}
			i++
			switch s[i] {
			case '"', '\\':
				b.WriteByte(s[i])
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			default:
				return "", "", false // \u and anything rarer: leave to the decoder
			}
			start = i + 1
		case c < 0x20 && c != '\t' || c == 0x7f:
			return "", "", false
		}
	}
	return "", "", false
}

// integer reads a decimal integer without sign, underscores or leading zeros.
func integer(s string) (v int, rest string, ok bool) {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 || i > 1 && s[0] == '0' {
		return 0, "", false
	}
	if i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '#' {
		return 0, "", false
	}
	v, err := strconv.Atoi(s[:i])
	return v, s[i:], err == nil
}

// stringArray reads a one-line array of basic strings.
func stringArray(s string) (v []string, rest string, ok bool) {
	if s == "" || s[0] != '[' {
		return nil, "", false
	}
	s = strings.TrimLeft(s[1:], " \t")
	v = []string{}
	for {
		if s != "" && s[0] == ']' {
			return v, s[1:], true
		}
		var str string
		str, s, ok = basicString(s)
		if !ok {
			return nil, "", false
		}
		v = append(v, str)
		s = strings.TrimLeft(s, " \t")
		switch {
		case s == "":
			return nil, "", false
		case s[0] == ',':
			s = strings.TrimLeft(s[1:], " \t")
		case s[0] == ']':
			return v, s[1:], true
		default:
			return nil, "", false
		}
	}
}

// fastMeta decodes a plan's front matter in the plain shape the format uses
// (what the importer and FORMAT.md write: one `key = value` per line, basic
// strings, integers, one-line arrays of basic strings, `extra` as a one-line
// inline table of basic strings) as fastData does data.toml: false on
// anything else, and the caller uses the general decoder, so the result is
// always the decoder's (TestFastMetaMatchesDecoder).
func fastMeta(data []byte, m *Meta) bool {
	var out Meta
	value := func(key, val, src string, _ int) (string, bool) {
		var s *string
		var n *int
		var list *[]string
		switch key {
		case "title":
			s = &out.Title
		case "region":
			s = &out.Region
		case "stage":
			s = &out.Stage
		case "publisher":
			s = &out.Publisher
		case "index_no":
			s = &out.IndexNo
		case "doc_no":
			s = &out.DocNo
		case "written":
			s = &out.Written
		case "published":
			s = &out.Published
		case "source":
			s = &out.Source
		case "validity":
			s = &out.Validity
		case "url":
			s = &out.URL
		case "interpretation":
			s = &out.Interpretation
		case "period_start":
			n = &out.PeriodStart
		case "period_end":
			n = &out.PeriodEnd
		case "base_year":
			n = &out.BaseYear
		case "basis":
			list = &out.Basis
		case "basis_titles":
			list = &out.BasisTitles
		case "notes":
			list = &out.Notes
		}
		var rest string
		ok, known := false, true
		switch {
		case list != nil && val == "[":
			*list, src, ok = stringLines(src)
		case key == "extra":
			out.Extra, rest, ok = stringTable(val)
		default:
			rest, ok, known = decodeValue(val, s, n, list)
		}
		return src, known && ok && endOfLine(rest)
	}
	if !eachKey(data, nil, value) {
		return false
	}
	*m = out
	return true
}

// eachKey is the line loop of fastData and fastMeta: data must be plain
// text; blank and comment lines are skipped; a line that starts with "["
// goes to header (none allowed if header is nil), and starts a table whose
// keys may each appear once again; every other line must be `key = value`,
// given to value with the text after the line, which value returns (a
// multi-line array takes lines from it). False as soon as a step fails.
func eachKey(data []byte, header func(line string, ln int) bool, value func(key, val, src string, ln int) (string, bool)) bool {
	if !plainText(data) {
		return false
	}
	seen := map[string]bool{} // keys of the current table
	src := string(data)
	ln := 0 // the line number of line, from 1
	for len(src) > 0 {
		var line string
		line, src = nextLine(src)
		ln++
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' && header != nil {
			if !header(line, ln) {
				return false
			}
			clear(seen)
			continue
		}
		key, val, ok := keyValue(line, seen)
		if !ok {
			return false
		}
		rest := src
		if src, ok = value(key, val, src, ln); !ok {
			return false
		}
		if len(src) < len(rest) { // the value took lines
			ln += strings.Count(rest[:len(rest)-len(src)], "\n")
		}
	}
	return true
}

// stringTable reads a one-line inline table of basic strings whose keys are
// bare or basic strings.
func stringTable(s string) (v map[string]string, rest string, ok bool) {
	if s == "" || s[0] != '{' {
		return nil, "", false
	}
	s = strings.TrimLeft(s[1:], " \t")
	v = map[string]string{}
	if s != "" && s[0] == '}' {
		return v, s[1:], true
	}
	for {
		var key string
		if s != "" && s[0] == '"' {
			if key, s, ok = basicString(s); !ok {
				return nil, "", false
			}
		} else {
			i := 0
			for i < len(s) && bareKey(s[i:i+1]) {
				i++
			}
			if i == 0 {
				return nil, "", false
			}
			key, s = s[:i], s[i:]
		}
		if _, dup := v[key]; dup {
			return nil, "", false
		}
		s = strings.TrimLeft(s, " \t")
		if s == "" || s[0] != '=' {
			return nil, "", false
		}
		var val string
		if val, s, ok = basicString(strings.TrimLeft(s[1:], " \t")); !ok {
			return nil, "", false
		}
		v[strings.Clone(key)] = val
		s = strings.TrimLeft(s, " \t")
		switch {
		case s == "":
			return nil, "", false
		case s[0] == ',':
			s = strings.TrimLeft(s[1:], " \t") // no trailing comma in an inline table
		case s[0] == '}':
			return v, s[1:], true
		default:
			return nil, "", false
		}
	}
}

// stringLines reads the rest of an array of basic strings opened by a line
// "key = [": one string a line, each but the last followed by a comma (the
// last may have one too), then a line "]". It returns what follows.
func stringLines(src string) (v []string, rest string, ok bool) {
	v = []string{}
	comma := true // may another string follow
	for len(src) > 0 {
		var line string
		line, src = nextLine(src)
		if line != "" && line[0] == ']' {
			return v, src, endOfLine(line[1:])
		}
		if !comma {
			return nil, "", false
		}
		str, after, ok := basicString(line)
		if !ok {
			return nil, "", false
		}
		v = append(v, str)
		after = strings.TrimLeft(after, " \t")
		comma = after != "" && after[0] == ','
		if comma {
			after = after[1:]
		}
		if strings.TrimLeft(after, " \t") != "" {
			return nil, "", false // a comment or anything else: the decoder decides
		}
	}
	return nil, "", false
}
