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
	b.Grow(1024)
	b.Write(appendRecordJSON(b.AvailableBuffer(), r, ind))
}

// appendRecordJSON appends what recordJSON writes: the downloads write every
// row of the site, so a record is appended in one piece, not field by field.
func appendRecordJSON(dst []byte, r *Record, ind string) []byte {
	in := ind + " "
	dst = append(dst, '{')
	dst = appendField(dst, in, "indicator", r.Indicator, true)
	dst = appendField(dst, in, "name", r.Name, false)
	dst = appendField(dst, in, "region", r.Region, false)
	dst = appendField(dst, in, "region_code", r.RegionCode, false)
	dst = appendField(dst, in, "plan", r.Plan, false)
	dst = appendField(dst, in, "plan_slug", r.PlanSlug, false)
	dst = appendField(dst, in, "period", r.Period, false)
	dst = appendField(dst, in, "label", r.Label, false)
	dst = appendIntField(dst, in, "baseline_year", r.BaselineYear)
	dst = appendField(dst, in, "baseline", r.Baseline, false)
	dst = appendIntField(dst, in, "target_year", r.TargetYear)
	dst = appendField(dst, in, "target", r.Target, false)
	dst = appendField(dst, in, "comparator", r.Comparator, false)
	dst = appendIntField(dst, in, "actual_year", r.ActualYear)
	dst = appendField(dst, in, "actual", r.Actual, false)
	dst = appendField(dst, in, "status", r.Status, false)
	dst = appendField(dst, in, "progress", r.Progress, false)
	dst = appendField(dst, in, "unit", r.Unit, false)
	dst = appendField(dst, in, "note", r.Note, false)
	dst = append(dst, '\n')
	dst = append(dst, ind...)
	return append(dst, '}')
}

func field(b *bytes.Buffer, in, name, value string, first bool) {
	b.Grow(len(in) + len(name) + len(value) + 8)
	b.Write(appendField(b.AvailableBuffer(), in, name, value, first))
}

// appendField appends `,\n<in>"name": "value"` (no comma if first).
func appendField(dst []byte, in, name, value string, first bool) []byte {
	if !first {
		dst = append(dst, ',')
	}
	dst = append(dst, '\n')
	dst = append(dst, in...)
	dst = append(dst, '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':', ' ')
	return appendJSONString(dst, value)
}

// appendIntField appends an omitempty int.
func appendIntField(dst []byte, in, name string, v int) []byte {
	if v == 0 {
		return dst
	}
	dst = append(dst, ',', '\n')
	dst = append(dst, in...)
	dst = append(dst, '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':', ' ')
	return strconv.AppendInt(dst, int64(v), 10)
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
	b.Grow(len(s) + 2)
	b.Write(appendJSONString(b.AvailableBuffer(), s))
}

// appendJSONString appends s quoted the way encoding/json does, HTML-safe.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, `\b`...)
			case '\f':
				dst = append(dst, `\f`...)
			case '\n':
				dst = append(dst, `\n`...)
			case '\r':
				dst = append(dst, `\r`...)
			case '\t':
				dst = append(dst, `\t`...)
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		// Most of the text is Chinese: three bytes, lead E3–EC or EE–EF (never
		// a surrogate, an overlong form or U+2028/2029), taken without decoding.
		if (c >= 0xE3 && c <= 0xEC || c >= 0xEE) && c <= 0xEF && i+2 < len(s) &&
			s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
