package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"qualityportal/generator/content"
)

// Markdown that a line of plain text must not start with: it would become a
// heading, a list, a quote, a rule or one of the plan's directives.
var mdLead = regexp.MustCompile(`^(#|:::|>|[-+*](\s|$)|[0-9]{1,9}[.)](\s|$)|=+\s*$|-+\s*$|_+\s*$|\*+\s*$)`)

// escapeLine makes a line of printed text read as one paragraph of the same text.
func escapeLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '&', '~':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	s = b.String()
	if m := mdLead.FindStringIndex(s); m != nil {
		// Escape the character that makes it markup: the first one, or the
		// delimiter after a number.
		k := 0
		if s[0] >= '0' && s[0] <= '9' {
			k = strings.IndexAny(s, ".)")
		}
		s = s[:k] + `\` + s[k:]
	}
	return s
}

// renderBody writes the blocks as the plan's Markdown body.
func renderBody(blocks []block) string {
	var b strings.Builder
	for _, bl := range blocks {
		switch bl.Kind {
		case bPara:
			b.WriteString(escapeLine(bl.Text))
			b.WriteString("\n\n")
		case bHeading:
			fmt.Fprintf(&b, "%s %s {#%s}\n\n", strings.Repeat("#", bl.Level), headingText(bl.Title), bl.Anchor)
		case bList:
			for _, it := range bl.Items {
				fmt.Fprintf(&b, "%d%s %s\n", it.Num, it.Delim, escapeLine(it.Text))
			}
			b.WriteString("\n")
		case bBox:
			fmt.Fprintf(&b, "::: box %s\n", strings.ReplaceAll(bl.Title, "\n", " "))
			for _, it := range bl.Items {
				if it.Num == 0 {
					b.WriteString(escapeLine(it.Text))
				} else {
					fmt.Fprintf(&b, "%d%s %s", it.Num, it.Delim, escapeLine(it.Text))
				}
				b.WriteString("\n")
			}
			b.WriteString(":::\n\n")
		case bTable:
			fmt.Fprintf(&b, "::: table %s\n\n", bl.Ref)
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// headingText keeps a heading on its line and away from the anchor syntax.
func headingText(s string) string {
	s = strings.ReplaceAll(s, "{#", "{ #")
	return strings.TrimSpace(s)
}

// quote writes a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// renderPlan writes plan.md: the front matter in the order of FORMAT.md, then the body.
func renderPlan(m *content.Meta, extraKeys []string, body string) []byte {
	var b strings.Builder
	kv := func(k, v string) { fmt.Fprintf(&b, "%s = %s\n", k, v) }
	b.WriteString("+++\n")
	kv("title", quote(m.Title))
	kv("region", quote(m.Region))
	kv("stage", quote(m.Stage))
	kv("period_start", strconv.Itoa(m.PeriodStart))
	kv("period_end", strconv.Itoa(m.PeriodEnd))
	kv("base_year", strconv.Itoa(m.BaseYear))
	kv("publisher", quote(m.Publisher))
	kv("index_no", quote(m.IndexNo))
	kv("doc_no", quote(m.DocNo))
	kv("written", quote(m.Written))
	kv("published", quote(m.Published))
	kv("source", quote(m.Source))
	kv("validity", quote(m.Validity))
	kv("url", quote(m.URL))
	kv("interpretation", quote(m.Interpretation))
	kv("basis", quoteList(m.Basis))
	kv("basis_titles", quoteList(m.BasisTitles))
	var ex []string
	for _, k := range extraKeys {
		ex = append(ex, quote(k)+" = "+quote(m.Extra[k]))
	}
	if len(ex) == 0 {
		kv("extra", "{}")
	} else {
		kv("extra", "{ "+strings.Join(ex, ", ")+" }")
	}
	b.WriteString("notes = [\n")
	for _, n := range m.Notes {
		fmt.Fprintf(&b, "  %s,\n", quote(n))
	}
	b.WriteString("]\n+++\n\n")
	b.WriteString(body)
	return []byte(b.String())
}

// renderData writes data.toml.
func renderData(d *content.Data, source string) []byte {
	var b strings.Builder
	kv := func(k, v string) { fmt.Fprintf(&b, "%s = %s\n", k, v) }
	fmt.Fprintf(&b, "# Tables of the plan, imported from %s by generator import (see FORMAT.md).\n", baseName(source))
	fmt.Fprintf(&b, "# Values are as printed; check every row against the source before building.\n")
	for _, t := range d.Tables {
		b.WriteString("\n[[table]]\n")
		kv("id", quote(t.ID))
		kv("title", quote(t.Title))
		kv("kind", quote(t.Kind))
		kv("period", quote(t.Period))
		kv("baseline_year", strconv.Itoa(t.BaselineYear))
		kv("target_year", strconv.Itoa(t.TargetYear))
		kv("actual_year", strconv.Itoa(t.ActualYear))
		if t.Source != "" {
			kv("source", quote(t.Source))
		}
		kv("columns", quoteList(t.Columns))
		kv("note", quote(t.Note))
		for _, r := range t.Rows {
			b.WriteString("\n[[table.row]]\n")
			kv("category", quote(r.Category))
			kv("no", quote(r.No))
			kv("label", quote(r.Label))
			kv("indicator", quote(r.Indicator))
			kv("unit", quote(r.Unit))
			kv("baseline", quote(r.Baseline))
			kv("target", quote(r.Target))
			kv("actual", quote(r.Actual))
			kv("status", quote(r.Status))
			kv("note", quote(r.Note))
		}
	}
	for _, t := range d.Projects {
		b.WriteString("\n[[projects]]\n")
		kv("id", quote(t.ID))
		kv("title", quote(t.Title))
		kv("columns", quoteList(t.Columns))
		kv("unit", quote(t.Unit))
		kv("note", quote(t.Note))
		for _, r := range t.Rows {
			b.WriteString("\n[[projects.row]]\n")
			kv("no", quote(r.No))
			kv("name", quote(r.Name))
			kv("nature", quote(r.Nature))
			kv("years", quote(r.Years))
			kv("content", quote(r.Content))
			kv("total", quote(r.Total))
			kv("planned", quote(r.Planned))
			kv("departments", quote(r.Departments))
		}
	}
	for _, r := range d.Responsibilities {
		b.WriteString("\n[[responsibility]]\n")
		kv("section", quote(r.Section))
		kv("task", quote(r.Task))
		kv("units", quoteList(r.Units))
		kv("text", quote(r.Text))
	}
	return []byte(b.String())
}
