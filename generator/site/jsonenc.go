package site

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// The JSON downloads hold every indicator row of the site (hundreds of
// megabytes at national scale). They are written here directly, byte for byte
// what json.MarshalIndent(v, "", " ") writes (TestJSONMatchesMarshalIndent),
// several times faster and without the reflection and the second pass.

// indicatorsJSON writes a list of indicators as json.MarshalIndent does.
func indicatorsJSON(b *bytes.Buffer, list []IndicatorJSON) {
	if list == nil {
		b.WriteString("null")
		return
	}
	if len(list) == 0 {
		b.WriteString("[]")
		return
	}
	b.WriteString("[")
	for i := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n ")
		indicatorJSONTo(b, &list[i], " ")
	}
	b.WriteString("\n]")
}

// indicatorJSONTo writes one indicator at the given indentation.
func indicatorJSONTo(b *bytes.Buffer, v *IndicatorJSON, ind string) {
	in := ind + " "
	b.WriteString("{")
	field(b, in, "id", v.ID, true)
	field(b, in, "name", v.Name, false)
	b.WriteString(",\n")
	b.WriteString(in)
	b.WriteString(`"aliases": `)
	stringList(b, v.Aliases, in)
	field(b, in, "unit", v.Unit, false)
	field(b, in, "theme", v.Theme, false)
	field(b, in, "direction", v.Direction, false)
	field(b, in, "description", v.Description, false)
	b.WriteString(",\n")
	b.WriteString(in)
	b.WriteString(`"records": `)
	if v.Records == nil {
		b.WriteString("null")
	} else if len(v.Records) == 0 {
		b.WriteString("[]")
	} else {
		b.WriteString("[")
		rin := in + " "
		for i := range v.Records {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n")
			b.WriteString(rin)
			recordJSON(b, &v.Records[i], rin)
		}
		b.WriteString("\n")
		b.WriteString(in)
		b.WriteString("]")
	}
	b.WriteString("\n")
	b.WriteString(ind)
	b.WriteString("}")
}

func recordJSON(b *bytes.Buffer, r *Record, ind string) {
	in := ind + " "
	b.WriteString("{")
	field(b, in, "indicator", r.Indicator, true)
	field(b, in, "name", r.Name, false)
	field(b, in, "region", r.Region, false)
	field(b, in, "region_code", r.RegionCode, false)
	field(b, in, "plan", r.Plan, false)
	field(b, in, "plan_slug", r.PlanSlug, false)
	field(b, in, "period", r.Period, false)
	field(b, in, "label", r.Label, false)
	intField(b, in, "baseline_year", r.BaselineYear)
	field(b, in, "baseline", r.Baseline, false)
	intField(b, in, "target_year", r.TargetYear)
	field(b, in, "target", r.Target, false)
	field(b, in, "comparator", r.Comparator, false)
	intField(b, in, "actual_year", r.ActualYear)
	field(b, in, "actual", r.Actual, false)
	field(b, in, "status", r.Status, false)
	field(b, in, "progress", r.Progress, false)
	field(b, in, "unit", r.Unit, false)
	field(b, in, "note", r.Note, false)
	b.WriteString("\n")
	b.WriteString(ind)
	b.WriteString("}")
}

func field(b *bytes.Buffer, in, name, value string, first bool) {
	if !first {
		b.WriteByte(',')
	}
	b.WriteString("\n")
	b.WriteString(in)
	b.WriteString(`"`)
	b.WriteString(name)
	b.WriteString(`": `)
	jsonString(b, value)
}

// intField writes an omitempty int.
func intField(b *bytes.Buffer, in, name string, v int) {
	if v == 0 {
		return
	}
	b.WriteString(",\n")
	b.WriteString(in)
	b.WriteString(`"`)
	b.WriteString(name)
	b.WriteString(`": `)
	b.WriteString(strconv.Itoa(v))
}

func stringList(b *bytes.Buffer, a []string, in string) {
	if a == nil {
		b.WriteString("null")
		return
	}
	if len(a) == 0 {
		b.WriteString("[]")
		return
	}
	b.WriteString("[")
	for i, s := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		b.WriteString(in)
		b.WriteString(" ")
		jsonString(b, s)
	}
	b.WriteString("\n")
	b.WriteString(in)
	b.WriteString("]")
}

const hexDigits = "0123456789abcdef"

// jsonString writes s quoted the way encoding/json does, HTML-safe.
func jsonString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
