package serve

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"qualityportal/generator/site"
	"qualityportal/generator/synth"
)

func TestMeasureFull(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEASURE_N"))
	if n == 0 {
		t.Skip()
	}
	dir := t.TempDir()
	t0 := time.Now()
	writeSite(t, dir, n)
	t.Logf("write %v", time.Since(t0))
	for k := 0; k < 2; k++ {
		t0 = time.Now()
		g, errs := site.Load(os.DirFS(dir))
		if len(errs) > 0 {
			t.Fatal(errs[:min(5, len(errs))])
		}
		t1 := time.Now()
		g.Opts.Dev = true
		files, err := g.Render()
		if err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		var bytes int
		for _, f := range files {
			bytes += len(f.Data)
		}
		t.Logf("n=%d load %v render %v files %d bytes %d MB", n, t1.Sub(t0), t2.Sub(t1), len(files), bytes>>20)
	}
}

func TestMeasureSizes(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEASURE_N"))
	if n == 0 {
		t.Skip()
	}
	dir := t.TempDir()
	writeSite(t, dir, n)
	g, errs := site.Load(os.DirFS(dir))
	if len(errs) > 0 {
		t.Fatal(errs[:min(5, len(errs))])
	}
	files, err := g.Render()
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[string][2]int{}
	for _, f := range files {
		k := f.Path
		if i := strings.IndexByte(k, '/'); i > 0 {
			k = k[:i]
		}
		v := byKind[k]
		v[0]++
		v[1] += len(f.Data)
		byKind[k] = v
		if len(f.Data) > 1<<20 {
			t.Logf("big %s %d KB", f.Path, len(f.Data)>>10)
		}
	}
	for k, v := range byKind {
		t.Logf("%-12s %5d files %7d KB", k, v[0], v[1]>>10)
	}
}

func TestMeasureSynth(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SYNTH_N"))
	if n == 0 {
		t.Skip()
	}
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Options{Plans: n, Source: repoRoot}); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 2; k++ {
		t0 := time.Now()
		g, errs := site.Load(os.DirFS(dir))
		if len(errs) > 0 {
			t.Fatal(errs[:min(5, len(errs))])
		}
		t1 := time.Now()
		g.Opts.Dev = true
		files, err := g.Render()
		if err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		var bytes int
		for _, f := range files {
			bytes += len(f.Data)
		}
		t.Logf("synth n=%d load %v render %v files %d bytes %d MB", n, t1.Sub(t0), t2.Sub(t1), len(files), bytes>>20)
	}
}
