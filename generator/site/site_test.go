package site

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func load(t *testing.T, dir string) *Generator {
	t.Helper()
	g, errs := Load(os.DirFS(dir))
	if errs != nil {
		t.Fatalf("Load(%s):\n%v", dir, errs)
	}
	return g
}

// TestGoldenSmallSite builds testdata/small and compares every output file
// with testdata/small.golden (go test -run Golden -update rewrites it).
func TestGoldenSmallSite(t *testing.T) {
	out := t.TempDir()
	g := load(t, "testdata/small")
	if _, err := g.Build(filepath.Join(out, "public")); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, filepath.Join(out, "public"))
	// The search index has its own tests in package search; its bytes change with its format.
	for p := range got {
		if strings.HasPrefix(p, "search/") && p != "search/index.html" {
			delete(got, p)
		}
	}
	golden := filepath.Join("testdata", "small.golden")
	if *update {
		os.RemoveAll(golden)
		for p, data := range got {
			os.MkdirAll(filepath.Dir(filepath.Join(golden, p)), 0o755)
			os.WriteFile(filepath.Join(golden, p), data, 0o644)
		}
	}
	want := readTree(t, golden)
	for p := range want {
		if _, ok := got[p]; !ok {
			t.Errorf("missing output file %s", p)
		}
	}
	for p, data := range got {
		w, ok := want[p]
		switch {
		case !ok:
			t.Errorf("unexpected output file %s", p)
		case !bytes.Equal(data, w):
			t.Errorf("%s differs from golden:\n%s\nwant:\n%s", p, data, w)
		}
	}
}

// TestDeterministic renders the same content twice and compares the bytes.
func TestDeterministic(t *testing.T) {
	for _, dir := range []string{"testdata/small", "../.."} {
		t.Run(dir, func(t *testing.T) {
			a, err := load(t, dir).Render()
			if err != nil {
				t.Fatal(err)
			}
			b, err := load(t, dir).Render()
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, "the second render", b, a)
		})
	}
}

// sameFiles fails t unless got (what, e.g. "the second render") holds the
// same files as want, byte for byte, both sorted by path.
func sameFiles(t *testing.T, what string, got, want []File) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s wrote %d files; want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s: %s differs from %s as wanted", what, got[i].Path, want[i].Path)
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[filepath.ToSlash(rel)] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
