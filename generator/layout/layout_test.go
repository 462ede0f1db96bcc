package layout

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
)

func loadSet(t *testing.T, files map[string]string, funcs template.FuncMap) *Set {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[Dir+"/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	s, errs := Load(fsys, funcs)
	if errs != nil {
		t.Fatalf("Load: %v", errs)
	}
	return s
}

// cached renders its partial once per list of keys and inserts the same HTML.
func TestCached(t *testing.T) {
	calls := 0
	funcs := template.FuncMap{"count": func() int { calls++; return calls }}
	s := loadSet(t, map[string]string{
		"_base.html": `{{define "head"}}<a href="{{.Root}}x.html">{{.Title}}</a> #{{count}}{{end}}`,
		"page.html":  `{{cached "head" . .Root}}|{{.Title}}`,
	}, funcs)
	type data struct{ Root, Title string }
	tests := []struct {
		d    data
		want string
	}{
		{data{"../", "甲<"}, `<a href="../x.html">甲&lt;</a> #1|甲&lt;`},
		{data{"../", "乙"}, `<a href="../x.html">甲&lt;</a> #1|乙`}, // same key: the first rendering
		{data{"", "丙"}, `<a href="x.html">丙</a> #2|丙`},
		{data{"../", "丁"}, `<a href="../x.html">甲&lt;</a> #1|丁`},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := s.Execute(&b, "page", tt.d); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != tt.want {
			t.Errorf("page(%+v) = %q; want %q", tt.d, got, tt.want)
		}
	}
	if calls != 2 {
		t.Errorf("the partial ran %d times; want 2 (one per distinct key)", calls)
	}
}

func TestCachedErrors(t *testing.T) {
	s := loadSet(t, map[string]string{
		"_base.html": `{{define "p"}}x{{end}}`,
		"many.html":  `{{cached "p" . 1 2 3 4 5}}`,
		"slice.html": `{{cached "p" . .}}`,
		"none.html":  `{{cached "nope" .}}`,
	}, nil)
	for page, want := range map[string]string{"many": "at most 4 keys", "slice": "cannot be compared", "none": `no template "nope"`} {
		var b bytes.Buffer
		err := s.Execute(&b, page, []string{"a"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v; want one containing %q", page, err, want)
		}
	}
}
