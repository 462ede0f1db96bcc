package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"qualityportal/generator/content"
)

func TestJSONMatchesMarshalIndent(t *testing.T) {
	pieces := []string{"", "a", "质量", "\"", "\\", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "\u2028", "\u2029", "\xff", "\xe4\xb8", "µg/m3", "≥99", "{15}家", "<97.1%>", " ", "\ufffd", "\uffff", "\ue000", "\u3000", "\ud7ff", "\xed\xa0\x80", "\xe0\x80\xaf", "\xef\xbf"}
	rng := rand.New(rand.NewPCG(7, 8))
	str := func() string {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	num := func() int { return []int{0, 0, 2020, 2025, -1}[rng.IntN(5)] }
	ind := func() IndicatorJSON {
		v := IndicatorJSON{ID: str(), Name: str(), Unit: str(), Theme: str(), Direction: str(), Description: str()}
		switch rng.IntN(3) {
		case 0:
			v.Aliases = nil
		case 1:
			v.Aliases = []string{}
		default:
			v.Aliases = []string{str(), str()}
		}
		if rng.IntN(4) > 0 {
			v.Records = []Record{}
		}
		for range rng.IntN(4) {
			v.Records = append(v.Records, Record{Indicator: str(), Name: str(), Region: str(), RegionCode: str(), Plan: str(), PlanSlug: str(),
				Period: str(), Label: str(), BaselineYear: num(), Baseline: str(), TargetYear: num(), Target: str(), Comparator: str(),
				ActualYear: num(), Actual: str(), Status: str(), Progress: str(), Unit: str(), Note: str()})
		}
		return v
	}
	want := func(v any) []byte {
		data, err := json.MarshalIndent(v, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return append(data, '\n')
	}
	for i := range 3000 {
		one := ind()
		got, _ := jsonFile(one)
		if w := want(one); !bytes.Equal(got, w) {
			t.Fatalf("case %d: indicator JSON\ngot  %q\nwant %q", i, got, w)
		}
		var list []IndicatorJSON
		if rng.IntN(5) > 0 {
			list = []IndicatorJSON{}
		}
		for range rng.IntN(3) {
			list = append(list, ind())
		}
		got, _ = jsonFile(list)
		if w := want(list); !bytes.Equal(got, w) {
			t.Fatalf("case %d: list JSON\ngot  %q\nwant %q", i, got, w)
		}
	}
}

// The downloads, made in one pass over the indicators, are what csvFile and
// json.MarshalIndent make of the records: per indicator and of all of them.
func TestAllDataFiles(t *testing.T) {
	g, errs := Load(os.DirFS("../.."))
	if errs != nil {
		t.Fatal(errs)
	}
	cs := g.Site
	out := renderFiles(t, g)
	wantCSV, err := csvFile(records(cs, cs.Indicators))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out["data/indicators.csv"], wantCSV) {
		t.Error("data/indicators.csv differs from csvFile of all records")
	}
	all := make([]IndicatorJSON, 0, len(cs.Indicators))
	for _, ind := range cs.Indicators {
		v := indicatorJSON(cs, ind)
		all = append(all, v)
		want, _ := csvFile(records(cs, []*content.Indicator{ind}))
		if got := out["indicators/"+ind.ID+"/"+ind.ID+".csv"]; !bytes.Equal(got, want) {
			t.Errorf("%s.csv differs from csvFile of its records", ind.ID)
		}
		wantJ, _ := json.MarshalIndent(v, "", " ")
		if got := out["indicators/"+ind.ID+"/"+ind.ID+".json"]; !bytes.Equal(got, append(wantJ, '\n')) {
			t.Errorf("%s.json differs from json.MarshalIndent of it", ind.ID)
		}
	}
	wantJSON, err := json.MarshalIndent(all, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out["data/indicators.json"], append(wantJSON, '\n')) {
		t.Error("data/indicators.json differs from json.MarshalIndent of every indicator")
	}
}

// csvLine writes what encoding/csv's Writer (UseCRLF) writes.
func TestCSVLineMatchesWriter(t *testing.T) {
	pieces := []string{"", "a", "质量", ",", "\"", "\r", "\n", "\r\n", " ", "\t", "\u3000", `\.`, "\\", "x y", "≥99"}
	rng := rand.New(rand.NewPCG(11, 11))
	for i := range 20000 {
		fields := make([]string, 1+rng.IntN(5))
		for j := range fields {
			var b strings.Builder
			for range rng.IntN(10) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			fields[j] = b.String()
		}
		if i < len(pieces) {
			fields = []string{pieces[i]}
		}
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		w.UseCRLF = true
		w.Write(fields)
		w.Flush()
		var got bytes.Buffer
		csvLine(&got, fields)
		if got.String() != want.String() {
			t.Fatalf("csvLine(%q) = %q; want %q", fields, got.String(), want.String())
		}
	}
}
