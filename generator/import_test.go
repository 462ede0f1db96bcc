package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
)

// importSite makes a site folder with the registries of the repository and no plans.
func importSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{config.File, content.RegionsFile, content.IndicatorsFile} {
		data, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, content.PlansDir), 0o755)
	// The layouts and static files, so that check can render the site.
	for _, d := range []string{"layouts", "static"} {
		if _, err := os.Stat(filepath.Join("..", d)); err == nil {
			if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", d))); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

const seed = "../testdata/seeds/001_e5dcd738bf43ea84.txt"

func TestImportCommand(t *testing.T) {
	dir := importSite(t)
	planDir := filepath.Join(dir, "content/plans/sanmen-2021-2025")

	// --dry-run writes nothing and prints the files.
	code, out, errOut := runCmd("import", seed, "-s", dir, "--dry-run")
	if code != 0 {
		t.Fatalf("import --dry-run = %d; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"→ content/plans/sanmen-2021-2025/", "indicators: 27 matched, 0 unmatched", "lines not placed: none",
		"would write content/plans/sanmen-2021-2025/plan.md", "would write content/plans/sanmen-2021-2025/data.toml", "dry run: nothing written"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry-run output lacks %q", want)
		}
	}
	if _, err := os.Stat(planDir); !os.IsNotExist(err) {
		t.Fatalf("--dry-run created %s", planDir)
	}

	// A real import writes both files; the site then checks clean.
	code, out, errOut = runCmd("import", "-s", dir, seed)
	if code != 0 {
		t.Fatalf("import = %d; stderr:\n%s", code, errOut)
	}
	if !strings.Contains(out, "wrote content/plans/sanmen-2021-2025/plan.md") || !strings.Contains(out, "wrote content/plans/sanmen-2021-2025/data.toml") {
		t.Errorf("import output:\n%s", out)
	}
	first, err := os.ReadFile(filepath.Join(planDir, "plan.md"))
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd("check", "-s", dir); code != 0 {
		t.Errorf("check after import = %d:\n%s", code, errOut)
	}

	// Again: refused without --force, nothing changed.
	os.WriteFile(filepath.Join(planDir, "plan.md"), []byte("reviewed by hand"), 0o644)
	code, _, errOut = runCmd("import", seed, "-s", dir)
	if code != 1 || !strings.Contains(errOut, "not overwriting") || !strings.Contains(errOut, "--force") {
		t.Errorf("second import = %d, %q; want 1 and a refusal naming --force", code, errOut)
	}
	if got, _ := os.ReadFile(filepath.Join(planDir, "plan.md")); string(got) != "reviewed by hand" {
		t.Errorf("plan.md overwritten without --force")
	}
	// --force replaces it.
	if code, _, errOut := runCmd("import", seed, "-s", dir, "--force"); code != 0 {
		t.Fatalf("import --force = %d:\n%s", code, errOut)
	}
	if got, _ := os.ReadFile(filepath.Join(planDir, "plan.md")); !bytes.Equal(got, first) {
		t.Errorf("--force did not write the same plan.md (the import is not deterministic?)")
	}

	// --region and --slug choose where it goes.
	if code, out, errOut := runCmd("import", seed, "-s", dir, "--region", "sanmen", "--slug", "sanmen-copy"); code != 0 || !strings.Contains(out, "content/plans/sanmen-copy/plan.md") {
		t.Errorf("import --slug sanmen-copy = %d:\n%s%s", code, out, errOut)
	}
}

func TestImportCommandRefuses(t *testing.T) {
	dir := importSite(t)
	write := func(name string, data []byte) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big, err := os.Create(filepath.Join(t.TempDir(), "big.txt"))
	if err != nil {
		t.Fatal(err)
	}
	big.Truncate(50 << 20) // a 50 MB file, sparse
	big.Close()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", []string{"import", "-s", dir}, 2, "exactly one FILE"},
		{"two files", []string{"import", seed, seed, "-s", dir}, 2, "exactly one FILE"},
		{"missing file", []string{"import", "nope.txt", "-s", dir}, 1, "nope.txt"},
		{"slug escapes", []string{"import", seed, "-s", dir, "--slug", "../x"}, 2, "not a slug"},
		{"bad region", []string{"import", seed, "-s", dir, "--region", "../x"}, 2, "not a slug"},
		{"unknown region", []string{"import", seed, "-s", dir, "--region", "nowhere"}, 1, "not in content/regions.toml"},
		{"empty", []string{"import", write("empty.txt", nil), "-s", dir}, 1, "empty"},
		{"binary", []string{"import", write("a.bin", []byte("\x7fELF\x02\x01\x01\x00\x00")), "-s", dir}, 1, "binary"},
		{"gbk", []string{"import", write("gbk.txt", []byte{0xD6, 0xCA, 0xC1, 0xBF, 0xC7, 0xBF, 0xCF, 0xD8, 0xB9, 0xE6, 0xBB, 0xAE, '\n'}), "-s", dir}, 1, "GBK"},
		{"50 MB", []string{"import", big.Name(), "-s", dir}, 1, "MB"},
		{"folder", []string{"import", dir, "-s", dir}, 1, "folder"},
		{"not a site", []string{"import", seed, "-s", t.TempDir()}, 1, "site.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCmd(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("run(%q) = %d, %q; want %d and %q", tt.args, code, errOut, tt.code, tt.want)
			}
		})
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "content/plans"))
	if len(entries) != 0 {
		t.Errorf("refused imports wrote %d entries into content/plans", len(entries))
	}
}
