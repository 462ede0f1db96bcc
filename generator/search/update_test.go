package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestUpdateMatchesBuild updates an Index through a chain of edits and checks after
// each that its files, put over the files it had, are those Build makes of the same
// documents, byte for byte; and that an edit of a document's text emits a few files
// without reading every document again.
func TestUpdateMatchesBuild(t *testing.T) {
	for _, c := range []struct {
		name string
		docs []Doc
		opt  Options
	}{
		{"fixture", fixture(), fixtureOptions()},
		{"synthetic", syntheticDocs(60, 7), Options{}},
		{"synthetic-capped", syntheticDocs(60, 7), Options{MaxPostings: 12}},
		{"synthetic-few-files", syntheticDocs(60, 7), Options{MaxPostings: 40, MaxFiles: 64}},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt := c.opt
			if c.name != "fixture" {
				opt = syntheticOptions(c.docs)
				opt.MaxPostings, opt.MaxFiles = c.opt.MaxPostings, c.opt.MaxFiles
			}
			docs := slices.Clone(c.docs)
			have, collect := collector()
			ix, _, err := BuildIndex(docs, opt, collect)
			if err != nil {
				t.Fatal(err)
			}
			compare(t, "build", have, docs, opt)
			r := rand.New(rand.NewPCG(1, 2))
			sections := []int{}
			for i, d := range docs {
				if d.Kind == "section" || d.Kind == "plan" {
					sections = append(sections, i)
				}
			}
			pick := func() int { return sections[r.IntN(len(sections))] }
			edits := []struct {
				name string
				full bool // the documents are numbered anew
				edit func(docs []Doc) []Doc
			}{
				{"nothing", false, func(docs []Doc) []Doc { return docs }},
				{"text", false, func(docs []Doc) []Doc {
					i := pick()
					docs[i].Body = strings.Replace(docs[i].Body, "质量", "品质", 1) + "新增检验检测公共服务平台"
					return docs
				}},
				{"new word", false, func(docs []Doc) []Doc {
					i := pick()
					docs[i].Body += " ISO45001 GB/T 19001-2099 龘龘"
					return docs
				}},
				{"title", false, func(docs []Doc) []Doc {
					i := pick()
					docs[i].Title += "（修订）"
					return docs
				}},
				{"themes", false, func(docs []Doc) []Doc {
					i := pick()
					docs[i].Themes = []string{opt.Themes[len(opt.Themes)-1].ID}
					return docs
				}},
				{"text removed", false, func(docs []Doc) []Doc {
					for range 3 {
						docs[pick()].Body = "删除"
					}
					return docs
				}},
				{"text back", false, func(docs []Doc) []Doc { return slices.Clone(c.docs) }},
				{"body func", false, func(docs []Doc) []Doc {
					i := pick()
					body := docs[i].Body + "服务质量满意度"
					docs[i].Body, docs[i].BodyFunc = "", func() string { return body }
					return docs
				}},
				{"common terms gone", false, func(docs []Doc) []Doc {
					// Take the commonest bigram out of many documents at once: capped
					// terms run out of candidates and the index is made again.
					for _, i := range sections[:len(sections)/2] {
						docs[i].Body = strings.ReplaceAll(strings.ReplaceAll(docs[i].Body, "质量", ""), "标准", "")
					}
					return docs
				}},
				{"doc added", true, func(docs []Doc) []Doc {
					d := docs[pick()]
					d.URL = strings.Replace(d.URL, "#", "#new-", 1)
					if !strings.Contains(d.URL, "#") {
						d.URL += "#new"
					}
					return append(docs, d)
				}},
				{"doc removed", true, func(docs []Doc) []Doc {
					i := pick()
					return slices.Delete(docs, i, i+1)
				}},
			}
			for _, e := range edits {
				docs = e.edit(slices.Clone(docs))
				sections = sections[:0]
				for i, d := range docs {
					if d.Kind == "section" || d.Kind == "plan" {
						sections = append(sections, i)
					}
				}
				removed, us, err := ix.Update(docs, opt, collect)
				if err != nil {
					t.Fatalf("%s: %v", e.name, err)
				}
				for _, p := range removed {
					delete(have, p)
				}
				t.Logf("%s: %d documents read again, %d files emitted, %d removed, full %v", e.name, us.Changed, us.Files, len(removed), us.Full)
				compare(t, e.name, have, docs, opt)
				if e.full && !us.Full {
					t.Errorf("%s: Update did not make the index again; the documents are numbered anew", e.name)
				}
				if e.name == "text" || e.name == "title" || e.name == "new word" {
					if us.Full || us.Changed != 1 {
						t.Errorf("%s: Update = %+v; want one document read again, not all", e.name, us)
					}
					if total := len(have); us.Files >= total || total >= 500 && us.Files*2 > total {
						t.Errorf("%s: Update emitted %d of %d files", e.name, us.Files, total)
					}
				}
				if e.name == "nothing" && (us.Files != 0 || us.Changed != 0) {
					t.Errorf("nothing changed: Update = %+v; want no file", us)
				}
			}
			// A bad document is reported and changes nothing; the next update works.
			bad := slices.Clone(docs)
			bad[pick()].Kind = "bogus"
			if _, _, err := ix.Update(bad, opt, collect); err == nil || !strings.Contains(err.Error(), `unknown kind "bogus"`) {
				t.Errorf("Update with a bad document: err = %v; want unknown kind", err)
			}
			compare(t, "bad document", have, docs, opt)
			docs = slices.Clone(docs) // the index holds the documents it was given
			docs[pick()].Body += "再改一次"
			if _, _, err := ix.Update(docs, opt, collect); err != nil {
				t.Fatal(err)
			}
			compare(t, "after the bad document", have, docs, opt)
		})
	}
}

// collector returns a map of files and an emit function that puts files in it.
func collector() (map[string][]byte, func(File) error) {
	have := map[string][]byte{}
	var mu sync.Mutex
	return have, func(f File) error {
		mu.Lock()
		have[f.Path] = f.Data
		mu.Unlock()
		return nil
	}
}

// compare checks that have holds exactly the files Build makes of docs.
func compare(t *testing.T, step string, have map[string][]byte, docs []Doc, opt Options) {
	t.Helper()
	want, _ := mustBuild(t, docs, opt)
	wantM := fileMap(want)
	var diffs []string
	for p, data := range wantM {
		if got, ok := have[p]; !ok {
			diffs = append(diffs, p+": missing")
		} else if !bytes.Equal(got, data) {
			diffs = append(diffs, fmt.Sprintf("%s: differs (%d bytes; want %d)", p, len(got), len(data)))
			if strings.Contains(p, "/t/") && len(diffs) < 3 {
				var a, b map[string]any
				json.Unmarshal(callArgs(t, File{Path: p, Data: got}, "addShard")[1], &a)
				json.Unmarshal(callArgs(t, File{Path: p, Data: data}, "addShard")[1], &b)
				for k, v := range b {
					x, _ := json.Marshal(v)
					y, _ := json.Marshal(a[k])
					if string(x) != string(y) {
						t.Logf("%s %q: got %s want %s", p, k, y, x)
					}
				}
			}
		}
	}
	for p := range have {
		if _, ok := wantM[p]; !ok {
			diffs = append(diffs, p+": not made by Build")
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		t.Errorf("after %s: %d files differ from Build:\n%s", step, len(diffs), strings.Join(diffs[:min(10, len(diffs))], "\n"))
	}
}

// TestUpdateRandomEdits updates an index with capped terms through random edits of
// random documents, several at a time, and compares it with Build after each: with
// first-page shards (as a site with large doc shards has them) and without.
func TestUpdateRandomEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	t.Run("first-page shards", func(t *testing.T) {
		alwaysFirstPages(t)
		testUpdateRandomEdits(t)
	})
	t.Run("doc shards only", testUpdateRandomEdits)
}

func testUpdateRandomEdits(t *testing.T) {
	base := syntheticDocs(40, 11)
	opt := syntheticOptions(base)
	opt.MaxPostings = 16
	docs := slices.Clone(base)
	have, collect := collector()
	ix, _, err := BuildIndex(docs, opt, collect)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"质量", "标准", "品牌", "空气质量", "检验检测", "PM2.5", "ISO9001", "服务", "新增"}
	full := 0
	for step := range 40 {
		docs = slices.Clone(docs)
		for range 1 + r.IntN(4) {
			i := r.IntN(len(docs))
			d := &docs[i]
			switch r.IntN(6) {
			case 0, 1:
				d.Body += words[r.IntN(len(words))]
			case 2:
				d.Body = strings.Replace(d.Body, words[r.IntN(len(words))], "", -1)
			case 3:
				d.Title = words[r.IntN(len(words))] + d.Title
			case 4:
				d.Themes = []string{opt.Themes[r.IntN(len(opt.Themes))].ID}
			case 5:
				d.Body = base[i%len(base)].Body
			}
		}
		if step%13 == 12 { // now and then a document more, which renumbers them
			d := docs[r.IntN(len(docs))]
			d.URL = fmt.Sprintf("extra/%d.html", step)
			docs = append(docs, d)
		}
		removed, us, err := ix.Update(docs, opt, collect)
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if us.Full {
			full++
		}
		for _, p := range removed {
			delete(have, p)
		}
		compare(t, fmt.Sprintf("step %d", step), have, docs, opt)
		if t.Failed() {
			return
		}
	}
	if full > 20 {
		t.Errorf("%d of 40 updates made the index again whole; want most of them incremental", full)
	}
	t.Logf("%d of 40 updates made the index whole", full)
}

// An update that makes first pages needed, or no longer needed (needFirstPages),
// gives the files Build makes: the first-page shards made, then removed. The
// documents stay the same but for longer titles, which make the doc shards larger,
// so that the update is not a new index made whole.
func TestUpdateFirstPagesComeAndGo(t *testing.T) {
	small := syntheticDocs(30, 5)
	large := slices.Clone(small)
	for i := range large {
		large[i].Title += "（修订稿）附件：质量提升行动计划实施细则与分工方案"
	}
	opt := syntheticOptions(large)
	opt.MaxPostings, opt.MaxFiles = 40, 64
	// A first page's doc shards, about, as needFirstPages weighs them: without
	// first-page shards.
	setFirstPageBytes(t, math.MaxInt)
	page := func(docs []Doc) int {
		_, st := mustBuild(t, docs, opt)
		return firstPageDocBytes(st)
	}
	ps, pl := page(small), page(large)
	if ps >= pl {
		t.Fatalf("first pages of %d and %d bytes; want the larger site's larger", ps, pl)
	}
	setFirstPageBytes(t, (ps+pl)/2)

	have, collect := collector()
	ix, st, err := BuildIndex(small, opt, collect)
	if err != nil || st.FirstShards != 0 {
		t.Fatalf("BuildIndex: %d first-page shards, %v; want none", st.FirstShards, err)
	}
	for i, docs := range [][]Doc{large, small} {
		removed, us, err := ix.Update(docs, opt, collect)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range removed {
			delete(have, p)
		}
		if want := i == 0; (us.Stats.FirstShards > 0) != want || us.Full {
			t.Errorf("update %d: %d first-page shards, made whole %v; want them %v, not whole", i, us.Stats.FirstShards, us.Full, want)
		}
		compare(t, fmt.Sprintf("update %d", i), have, docs, opt)
	}
}
