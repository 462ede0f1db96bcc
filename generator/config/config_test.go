package config

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadSearchMaxFiles(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // "" for no problem
	}{
		{"", ""},
		{"search_max_files = 0", ""},
		{"search_max_files = 8192", ""},
		{"search_max_files = 10", "site.toml:3: search_max_files 10: 0 for the default, or at least 64"},
		{"search_max_files = -1", "site.toml:3: search_max_files -1: 0 for the default, or at least 64"},
	} {
		src := "title = \"门户\"\noutput = \"public\"\n" + tc.line + "\n"
		s, errs := Load(fstest.MapFS{File: {Data: []byte(src)}})
		got := strings.TrimSpace(errs.Error())
		if len(errs) == 0 {
			got = ""
		}
		if got != tc.want {
			t.Errorf("Load(%q): problems %q; want %q", tc.line, got, tc.want)
		}
		if tc.want == "" && s == nil {
			t.Errorf("Load(%q) = nil", tc.line)
		}
	}
}
