package site

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
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
			if len(got) != len(want) {
				t.Fatalf("released build wrote %d files; want %d", len(got), len(want))
			}
			for i := range want {
				if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
					t.Errorf("released build: %s differs from the kept build's %s", got[i].Path, want[i].Path)
				}
			}
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
