package importer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteNeverOverwrites: without force nothing is replaced (and nothing
// written at all); with force both files are replaced.
func TestWriteNeverOverwrites(t *testing.T) {
	res, dir := importSeed(t, seedCases[0].file) // writes content/plans/jiaojiang-2021-2025/
	files, _ := res.Files()
	plan := filepath.Join(dir, "content/plans", res.Slug, "plan.md")
	data := filepath.Join(dir, "content/plans", res.Slug, "data.toml")
	if err := os.WriteFile(plan, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(data); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, files, false)
	var ee *ExistsError
	if !errors.As(err, &ee) || len(ee.Paths) != 1 || ee.Paths[0] != "content/plans/jiaojiang-2021-2025/plan.md" {
		t.Fatalf("Write without force = %v; want an ExistsError naming plan.md", err)
	}
	if got, _ := os.ReadFile(plan); string(got) != "edited by hand\n" {
		t.Errorf("plan.md was overwritten without --force")
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data.toml was written although the import was refused")
	}
	if err := Write(dir, files, true); err != nil {
		t.Fatalf("Write with force: %v", err)
	}
	if got, _ := os.ReadFile(plan); string(got) != string(res.PlanMD) {
		t.Errorf("plan.md was not replaced with --force")
	}
	if got, _ := os.ReadFile(data); string(got) != string(res.DataTOML) {
		t.Errorf("data.toml was not written with --force")
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(filepath.Dir(plan))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".import-") {
			t.Errorf("left a temporary file %s", e.Name())
		}
	}
}

// TestSlugsAreValidated: output paths come only from valid slugs.
func TestSlugsAreValidated(t *testing.T) {
	opts := repoOptions(t)
	src, err := os.ReadFile(filepath.Join(root, "testdata/seeds", seedCases[1].file))
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"../x", "x/../../y", "/etc", "Sanmen", "a--b", "-a", "a b", "..", "."} {
		o := opts
		o.Slug = slug
		if res, err := Import("s.txt", src, o); err == nil {
			t.Errorf("Import with slug %q = %q, nil; want an error", slug, res.Slug)
		}
	}
	for _, region := range []string{"../x", "nowhere"} {
		o := opts
		o.Region = region
		if _, err := Import("s.txt", src, o); err == nil {
			t.Errorf("Import with region %q succeeded; want an error", region)
		}
	}
	// A Result cannot be made to write elsewhere either.
	bad := &Result{Slug: "../../etc"}
	if _, err := bad.Files(); err == nil {
		t.Errorf("Files() with slug ../../etc succeeded")
	}
	dir := t.TempDir()
	for _, p := range []string{"content/plans/../../x/plan.md", "content/plans/ok/../plan.md", "site.toml", "content/plans/ok/evil.sh", "content/plans/OK/plan.md"} {
		if err := Write(dir, []File{{p, []byte("x")}}, true); err == nil {
			t.Errorf("Write(%q) succeeded; want a refusal", p)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("refused writes left %d entries in the site folder", len(entries))
	}
}

// TestBadInput: empty, binary, GBK and huge inputs give a clear error, never a panic.
func TestBadInput(t *testing.T) {
	opts := repoOptions(t)
	seed, err := os.ReadFile(filepath.Join(root, "testdata/seeds", seedCases[0].file))
	if err != nil {
		t.Fatal(err)
	}
	// The seed in GBK: every Chinese character as two bytes in 0x81–0xFE.
	gbk := gbkLike(seed)
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", []byte{}, "empty"},
		{"spaces", []byte("\n \n\t\n"), "empty"},
		{"binary", append([]byte("PK\x03\x04"), make([]byte, 64)...), "binary"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"},
		{"gbk", gbk, "GBK"},
		{"50 MB", make([]byte, 50<<20), "MB"},
		{"boilerplate only", []byte("首页\n【打印此页】 【关闭窗口】\n分享至:\n"), "no plan text"},
		{"no region", []byte("一、总体要求\n规划期限为2021-2025年。\n"), "region"},
		{"no period", []byte("一、海盐县总体要求\n坚持质量第一。\n"), "period"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Import(tt.name, tt.in, opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Import(%s) = %v, %v; want an error about %q", tt.name, res, err, tt.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("error %v is not an InputError", err)
			}
		})
	}
}

// gbkLike turns UTF-8 text into bytes shaped like GBK: ASCII kept, every
// other character two bytes in the GBK ranges.
func gbkLike(src []byte) []byte {
	var out []byte
	for _, r := range string(src) {
		if r < 0x80 {
			out = append(out, byte(r))
			continue
		}
		out = append(out, byte(0xB0+r%0x40), byte(0xA1+r%0x50))
	}
	return out
}

// TestFullWidthPunctuation: pages often print full-width （ ） ： ， ；. The
// seeds happen to use half-width ones; the same text in full-width forms must
// read the same.
func TestFullWidthAndCRLF(t *testing.T) {
	opts := repoOptions(t)
	fw := strings.NewReplacer("(", "\uff08", ")", "\uff09", ":", "\uff1a", ",", "\uff0c", ";", "\uff1b")
	summary := func(r *Result) string {
		rep := r.Report
		rows := 0
		for _, tb := range r.Data.Tables {
			rows += len(tb.Rows)
		}
		return fmt.Sprintf("slug=%s sections=%v boxes=%d tables=%d rows=%d projects=%d resp=%d matched=%d unplaced=%d published=%q written=%q",
			r.Slug, rep.Sections, len(rep.Boxes), len(r.Data.Tables), rows, len(r.Data.Projects), len(r.Data.Responsibilities), len(rep.Matched), len(rep.Unplaced), r.Meta.Published, r.Meta.Written)
	}
	for _, sc := range seedCases {
		src, err := os.ReadFile(filepath.Join(root, "testdata/seeds", sc.file))
		if err != nil {
			t.Fatal(err)
		}
		half, err := Import(sc.file, src, opts)
		if err != nil {
			t.Fatal(err)
		}
		full, err := Import(sc.file, []byte(fw.Replace(string(src))), opts)
		if err != nil {
			t.Fatalf("%s in full-width punctuation: %v", sc.slug, err)
		}
		if h, f := summary(half), summary(full); h != f {
			t.Errorf("%s in full-width punctuation:\n got %s\nwant %s", sc.slug, f, h)
		}
		// Saved on Windows: CRLF line ends and a byte-order mark.
		crlf, err := Import(sc.file, append([]byte("\ufeff"), strings.ReplaceAll(string(src), "\n", "\r\n")...), opts)
		if err != nil {
			t.Fatalf("%s with CRLF: %v", sc.slug, err)
		}
		if h, c := summary(half), summary(crlf); h != c || !bytes.Equal(crlf.PlanMD, half.PlanMD) {
			t.Errorf("%s with CRLF and BOM reads differently:\n got %s\nwant %s", sc.slug, c, h)
		}
	}
}
