package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCheckBadSite runs check on a site full of mistakes and compares every
// message with the golden list.
func TestCheckBadSite(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"check", "-s", "testdata/bad"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("check exit status = %d; want 1", code)
	}
	golden := filepath.Join("testdata", "bad.golden")
	if *update {
		os.WriteFile(golden, stderr.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := stderr.String(); got != string(want) {
		t.Errorf("check output:\n%s\nwant:\n%s", got, want)
	}
}

// TestBuildFailureKeepsOldSite builds a good site, then a broken one into the
// same folder: the second build fails and the first site is still there, whole.
func TestBuildFailureKeepsOldSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-s", "site/testdata/small", "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build of the good site: exit %d\n%s", code, stderr.String())
	}
	before := snapshot(t, out)
	if want := fmt.Sprintf("built 14 pages, %d files", len(before)); !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("build summary = %q; want it to start with %q", stdout.String(), want)
	}
	stderr.Reset()
	if code := run([]string{"build", "-s", "testdata/bad", "-o", out}, &stdout, &stderr); code != 1 {
		t.Errorf("build of the bad site: exit %d; want 1", code)
	}
	if !strings.Contains(stderr.String(), `content/plans/alpha-2021-2025/data.toml:8: unknown indicator "wq-07"`) {
		t.Errorf("build errors do not name the unknown indicator:\n%s", stderr.String())
	}
	after := snapshot(t, out)
	if len(after) != len(before) {
		t.Fatalf("after a failed build the site has %d files; want %d", len(after), len(before))
	}
	for p, data := range before {
		if after[p] != data {
			t.Errorf("%s changed after a failed build", p)
		}
	}
	// Nothing of the failed build is left next to the output.
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("output parent holds %d entries; want only public", len(entries))
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			m[p] = string(data)
		}
		return nil
	})
	if len(m) == 0 {
		t.Fatalf("no files in %s", dir)
	}
	return m
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"frobnicate"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), `unknown command "frobnicate"`) {
		t.Errorf("run(frobnicate) = %d, %q; want 2 and an unknown-command message", code, stderr.String())
	}
}
