package importer

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking the change):\n%s", path, lineDiff(string(got), string(want)))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(got, want string) string {
	g, w := bytes.Split([]byte(got), []byte("\n")), bytes.Split([]byte(want), []byte("\n"))
	var b bytes.Buffer
	shown := 0
	for i := 0; i < max(len(g), len(w)) && shown < 10; i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			b.WriteString("line ")
			b.WriteString(itoa0(i + 1))
			b.WriteString(":\n  got:  " + string(gl) + "\n  want: " + string(wl) + "\n")
			shown++
		}
	}
	return b.String()
}

// TestReportGolden keeps the report on each seed short and honest: any change
// to what the importer recognises shows up here.
func TestReportGolden(t *testing.T) {
	for _, sc := range seedCases {
		t.Run(sc.slug, func(t *testing.T) {
			res, _ := importSeed(t, sc.file)
			golden(t, sc.slug+".report", []byte(res.Report.String()))
		})
	}
}

// TestOutputGolden pins the exact files written for a small plan in every
// layout: a change in the output format shows up here.
func TestOutputGolden(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "small.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := tempSite(t)
	opts, err := LoadOptions(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import("small.txt", src, opts)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "small.plan.md", res.PlanMD)
	golden(t, "small.data.toml", res.DataTOML)
	golden(t, "small.report", []byte(res.Report.String()))
}
