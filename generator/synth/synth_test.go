package synth

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
)

// source is the repository root: its site.toml, layouts/ and static/.
const source = "../.."

func TestWriteIsDeterministicAndValid(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"small", Options{Plans: 40, Seed: 1}},
		{"second kind of plan", Options{Plans: 60, Seed: 7, Counties: 5, Cities: 2}},
		{"two provinces", Options{Plans: 30, Seed: 3, Provinces: 2, Indicators: 40}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := t.TempDir(), t.TempDir()
			oa, ob := tt.opt, tt.opt
			oa.Source, ob.Source = source, source
			oa.Workers, ob.Workers = 1, 4
			if err := Write(a, oa); err != nil {
				t.Fatal(err)
			}
			if err := Write(b, ob); err != nil {
				t.Fatal(err)
			}
			fa, fb := readTree(t, a), readTree(t, b)
			if len(fa) != len(fb) {
				t.Fatalf("runs wrote %d and %d files", len(fa), len(fb))
			}
			for p, data := range fa {
				if !bytes.Equal(data, fb[p]) {
					t.Errorf("%s differs between two runs", p)
				}
			}
			fsys := os.DirFS(a)
			cfg, errs := config.Load(fsys)
			if errs != nil {
				t.Fatalf("site.toml: %v", errs)
			}
			cs, errs := content.Load(fsys, cfg)
			for _, e := range errs {
				t.Errorf("content error: %v", e)
			}
			if len(cs.Plans) != tt.opt.Plans {
				t.Errorf("loaded %d plans, want %d", len(cs.Plans), tt.opt.Plans)
			}
			for _, p := range cs.Plans {
				if len(p.Tables) == 0 || len(p.Sections) < 20 {
					t.Errorf("%s: %d tables, %d sections", p.Slug, len(p.Tables), len(p.Sections))
				}
			}
		})
	}
}

func TestWriteRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, Options{Plans: 1, Source: source}); err == nil {
		t.Fatal("Write into a non-empty folder succeeded")
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
