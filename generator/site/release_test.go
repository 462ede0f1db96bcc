package site

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"qualityportal/generator/content"
)

// TestReleaseTextSameOutput builds the bundled portal and the small test
// site with and without Options.ReleaseText: the files must be the same,
// byte for byte, and afterwards the released generator must hold no text of
// any plan section nor the data only pages read, and refuse to build again.
func TestReleaseTextSameOutput(t *testing.T) {
	for _, dir := range []string{"../..", "testdata/small"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			kept := load(t, dir)
			want, err := kept.Render()
			if err != nil {
				t.Fatal(err)
			}
			g := load(t, dir)
			g.Opts.ReleaseText = true
			got, err := g.Render()
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, "the released build", got, want)
			texts, left := 0, 0
			for _, p := range kept.Site.Plans {
				for _, s := range p.Sections {
					for _, part := range s.Parts {
						if part.Plain != "" || part.HTML != "" {
							texts++
						}
					}
				}
			}
			for _, p := range g.Site.Plans {
				for _, s := range p.Sections {
					for _, part := range s.Parts {
						if part.Plain != "" || part.HTML != "" {
							left++
						}
					}
				}
			}
			if texts == 0 {
				t.Fatal("the site has no text to release")
			}
			if left != 0 {
				t.Errorf("after the released build %d of %d parts still hold text", left, texts)
			}
			// Once every page and the search documents were made, the data only
			// pages read was dropped too (content.Site.DropData).
			for _, p := range g.Site.Plans {
				if p.Tables != nil || p.SectionThemes != nil {
					t.Errorf("after the released build plan %s still holds its tables or theme map", p.Slug)
				}
			}
			for _, ind := range g.Site.Indicators {
				if ind.Rows != nil {
					t.Errorf("after the released build indicator %s still holds its rows", ind.ID)
				}
			}
			if _, err := g.Render(); !errors.Is(err, errSpent) {
				t.Errorf("second build of a released generator: err = %v; want %v", err, errSpent)
			}
			// The kept generator builds again, with the same bytes.
			again, err := kept.Render()
			if err != nil || len(again) != len(want) {
				t.Fatalf("second build of a kept generator: %d files, %v; want %d", len(again), err, len(want))
			}
		})
	}
}

// failingFile is a spill file whose writes fail once n bytes are written,
// and whose reads fail when readErr is set.
type failingFile struct {
	spillFile
	mu      sync.Mutex
	n       int64
	readErr error
}

func (f *failingFile) WriteAt(p []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n < int64(len(p)) {
		return 0, errors.New("no space left on device")
	}
	f.n -= int64(len(p))
	return f.spillFile.WriteAt(p, off)
}

func (f *failingFile) ReadAt(p []byte, off int64) (int, error) {
	if f.readErr != nil {
		return 0, f.readErr
	}
	return f.spillFile.ReadAt(p, off)
}

// TestReleaseTextDegrades: without a temporary file, or when the temporary
// folder fills up midway, a released build keeps the text it could not put
// aside and writes the same files; a read that fails fails the build.
func TestReleaseTextDegrades(t *testing.T) {
	want, err := load(t, "../..").Render()
	if err != nil {
		t.Fatal(err)
	}
	defer func(f func() (spillFile, error)) { createSpill = f }(createSpill)
	for _, tc := range []struct {
		name     string
		create   func() (spillFile, error)
		kept     bool // some plan keeps its text
		wantFail bool
	}{
		{"no temporary file", func() (spillFile, error) { return nil, errors.New("read-only file system") }, true, false},
		{"full after 40 KB", func() (spillFile, error) {
			f, err := os.CreateTemp(t.TempDir(), "spill-*")
			return &failingFile{spillFile: f, n: 40 << 10}, err
		}, true, false},
		{"reads fail", func() (spillFile, error) {
			f, err := os.CreateTemp(t.TempDir(), "spill-*")
			return &failingFile{spillFile: f, n: 1 << 40, readErr: errors.New("input/output error")}, err
		}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			createSpill = tc.create
			g := load(t, "../..")
			g.Opts.ReleaseText = true
			got, err := g.Render()
			if tc.wantFail {
				if err == nil || !strings.Contains(err.Error(), "input/output error") {
					t.Fatalf("Render with failing reads: err = %v; want the read error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, "the released build", got, want)
			kept := 0
			for _, p := range g.Site.Plans {
				if g.spill == nil || g.spill.spans[p] == nil {
					kept++
				}
			}
			if tc.kept && kept == 0 {
				t.Errorf("every plan's text was put aside; want some kept in memory")
			}
		})
	}
}

// TestContentBytes checks the size that sets the provisional memory limit:
// exact up to plansSample plans, and an estimate within a few percent above,
// from plans of sizes that vary along the listing.
func TestContentBytes(t *testing.T) {
	for _, tc := range []struct {
		plans int
		tol   float64 // allowed relative error
	}{{0, 0}, {5, 0}, {plansSample, 0}, {plansSample + 1, 0.05}, {1000, 0.05}, {10000, 0.05}} {
		t.Run(fmt.Sprint(tc.plans), func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/regions.toml":    {Data: make([]byte, 700)},
				"content/indicators.toml": {Data: make([]byte, 300)},
				"site.toml":               {Data: make([]byte, 5000)}, // not content
			}
			want := int64(1000)
			for i := range tc.plans {
				md, data := 1000+i%97*37, 200+i%13*11
				if i%7 == 0 {
					data = 0 // no data.toml
				} else {
					fsys[fmt.Sprintf("content/plans/p%05d/data.toml", i)] = &fstest.MapFile{Data: make([]byte, data)}
				}
				fsys[fmt.Sprintf("content/plans/p%05d/plan.md", i)] = &fstest.MapFile{Data: make([]byte, md)}
				want += int64(md + data)
			}
			got := contentBytes(fsys)
			if err := math.Abs(float64(got-want)) / float64(max(want, 1)); err > tc.tol {
				t.Errorf("contentBytes = %d; want %d (±%.0f%%)", got, want, tc.tol*100)
			}
		})
	}
}

// countingFile is a spill file that counts its reads.
type countingFile struct {
	spillFile
	reads atomic.Int64
}

func (f *countingFile) ReadAt(p []byte, off int64) (int, error) {
	f.reads.Add(1)
	return f.spillFile.ReadAt(p, off)
}

// TestSpillReadsSections reads the sections of plans put aside back, in
// document order (as the search index reads all but its first batches), in
// reverse and at random: every section's text must come back, and in
// document order with one read a plan.
func TestSpillReadsSections(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "spill")
	if err != nil {
		t.Fatal(err)
	}
	cf := &countingFile{spillFile: f}
	s := &textSpill{f: cf, spans: map[*content.Plan][]span{}}
	defer s.close()
	type section struct {
		p    *content.Plan
		text string
	}
	var all []section
	var off int64
	for pi := range 9 {
		p := &content.Plan{Slug: fmt.Sprintf("p%d", pi)}
		var buf []byte
		var spans []span
		for si := range 2 + pi%4 {
			text := strings.Repeat(fmt.Sprintf("规划%d第%d节。", pi, si), 1+si*pi)
			spans = append(spans, span{off + int64(len(buf)), len(text)})
			buf = append(buf, text...)
			all = append(all, section{p, text})
		}
		if _, err := f.WriteAt(buf, off); err != nil {
			t.Fatal(err)
		}
		off += int64(len(buf))
		s.spans[p] = spans
	}
	spanOf := func(k int) span {
		i := 0
		for j := k - 1; j >= 0 && all[j].p == all[k].p; j-- {
			i++
		}
		return s.spans[all[k].p][i]
	}
	orders := map[string][]int{"document": {}, "reverse": {}, "random": rand.New(rand.NewPCG(1, 2)).Perm(len(all))}
	for k := range all {
		orders["document"] = append(orders["document"], k)
		orders["reverse"] = append(orders["reverse"], len(all)-1-k)
	}
	for name, order := range orders {
		t.Run(name, func(t *testing.T) {
			s.read = readCache{}
			before := cf.reads.Load()
			for _, k := range order {
				if got := string(s.appendSection([]byte("前"), all[k].p, spanOf(k))); got != "前"+all[k].text {
					t.Errorf("appendSection(%s, %v) = %q; want %q", all[k].p.Slug, spanOf(k), got, "前"+all[k].text)
				}
			}
			if reads := cf.reads.Load() - before; name == "document" && reads != int64(len(s.spans)) {
				t.Errorf("%d reads for %d plans in document order; want one a plan", reads, len(s.spans))
			}
		})
	}
	if err := s.readErr(); err != nil {
		t.Error(err)
	}
}
