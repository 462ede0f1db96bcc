package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qualityportal/generator/browsertest/chrome"
)

// clientPath is the browser client, relative to this package.
const clientPath = "../../static/js/search.js"

// writeIndex writes files under a new temporary directory and returns it.
// writePage writes the index files with the client and the search page
// (testdata/page.html as search/index.html) and returns the folder.
func writePage(t testing.TB, files []File) string {
	t.Helper()
	dir := writeIndex(t, files)
	for src, dst := range map[string]string{clientPath: "static/js/search.js", "testdata/page.html": "search/index.html"} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, dst)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func writeIndex(t testing.TB, files []File) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runNode runs testdata/harness.js over the index in dir and returns one answer per command.
func runNode(t testing.TB, dir string, cmds []map[string]any) []json.RawMessage {
	t.Helper()
	node := chrome.Require(t, "node")
	in, err := json.Marshal(cmds)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "testdata/harness.js", clientPath, dir)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node harness: %v\n%s", err, stderr.String())
	}
	var res []json.RawMessage
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node harness output: %v\n%s", err, out)
	}
	if len(res) != len(cmds) {
		t.Fatalf("node harness answered %d of %d commands", len(res), len(cmds))
	}
	return res
}

// parsed is an index read back in Go; shard files are decoded when first used.
type parsed struct {
	t      testing.TB
	meta   metaJSON
	files  map[string]File
	shards map[string]map[string][2]any
	docs   map[string][][]string
}

type metaJSON struct {
	Docs, Shards, DocShards, PerShard, FirstShards, MaxPostings, ThemeChars int
	Build                                                                   string
	Themes                                                                  [][3]any
	Regions                                                                 [][5]any
}

// callArgs splits `QPSearch.name("xx",DATA);` into its JSON arguments.
func callArgs(t testing.TB, f File, name string) []json.RawMessage {
	t.Helper()
	s := string(f.Data)
	prefix := "QPSearch." + name + "("
	if !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, ");\n") {
		t.Fatalf("%s: not a %s call: %.60q", f.Path, name, s)
	}
	var args []json.RawMessage
	if err := json.Unmarshal([]byte("["+s[len(prefix):len(s)-3]+"]"), &args); err != nil {
		t.Fatalf("%s: %v", f.Path, err)
	}
	return args
}

func parseIndex(t testing.TB, files []File) *parsed {
	t.Helper()
	p := &parsed{t: t, files: map[string]File{}, shards: map[string]map[string][2]any{}, docs: map[string][][]string{}}
	for _, f := range files {
		p.files[f.Path] = f
		if !strings.HasPrefix(f.Path, "search/t/") && !strings.HasPrefix(f.Path, "search/d/") && !strings.HasPrefix(f.Path, "search/f/") && f.Path != "search/meta.js" {
			t.Fatalf("unexpected file %s", f.Path)
		}
	}
	const prefix, suffix = "(window.QPSearch=window.QPSearch||{}).meta=", ";\n"
	m := string(p.files["search/meta.js"].Data)
	if !strings.HasPrefix(m, prefix) || !strings.HasSuffix(m, suffix) {
		t.Fatalf("meta.js: %.80q", m)
	}
	if err := json.Unmarshal([]byte(m[len(prefix):len(m)-len(suffix)]), &p.meta); err != nil {
		t.Fatal(err)
	}
	return p
}

// shard returns the decoded term shard name.
func (p *parsed) shard(name string) map[string][2]any {
	if m, ok := p.shards[name]; ok {
		return m
	}
	t := p.t
	f, ok := p.files[shardPath("t", name)]
	if !ok {
		t.Fatalf("no term shard %s", name)
	}
	args := callArgs(t, f, "addShard")
	var got string
	var m map[string][2]any
	if err := json.Unmarshal(args[0], &got); err != nil || got != name {
		t.Fatalf("%s holds shard %q (%v)", f.Path, got, err)
	}
	if err := json.Unmarshal(args[1], &m); err != nil {
		t.Fatal(err)
	}
	p.shards[name] = m
	return m
}

// allShards decodes every term shard.
func (p *parsed) allShards() map[string]map[string][2]any {
	for s := range p.meta.Shards {
		p.shard(shardName(s, p.meta.Shards))
	}
	return p.shards
}

func (p *parsed) docShard(name string) [][]string {
	if d, ok := p.docs[name]; ok {
		return d
	}
	t := p.t
	f, ok := p.files[shardPath("d", name)]
	if !ok {
		t.Fatalf("no doc shard %s", name)
	}
	args := callArgs(t, f, "addDocs")
	var got string
	if err := json.Unmarshal(args[0], &got); err != nil || got != name || len(args) != 3 {
		t.Fatalf("%s holds docs %q (%v)", f.Path, got, err)
	}
	d, err := decodeDocShard(args[1], args[2])
	if err != nil {
		t.Fatalf("%s: %v", f.Path, err)
	}
	p.docs[name] = d
	return d
}

// decodeDocShard reads the groups and records of a doc shard back into
// [url, title, plan, region, kind, text] per document, as the client does.
func decodeDocShard(groupsJSON, recsJSON json.RawMessage) ([][]string, error) {
	type record struct {
		URL   string
		Title *string
		Group int
		Kind  int
		Text  string
	}
	var groups [][2]string
	if err := json.Unmarshal(groupsJSON, &groups); err != nil {
		return nil, err
	}
	var raw [][5]json.RawMessage
	if err := json.Unmarshal(recsJSON, &raw); err != nil {
		return nil, err
	}
	recs := make([]record, len(raw))
	for i, r := range raw {
		for k, dst := range []any{&recs[i].URL, &recs[i].Title, &recs[i].Group, &recs[i].Kind, &recs[i].Text} {
			if err := json.Unmarshal(r[k], dst); err != nil {
				return nil, fmt.Errorf("record %d field %d: %v", i, k, err)
			}
		}
	}
	kinds := []string{"plan", "section", "indicator", "region", "theme"}
	var out [][]string
	path := ""
	for i, r := range recs {
		if r.Group < 0 || r.Group >= len(groups) || r.Kind < 0 || r.Kind >= len(kinds) {
			return nil, fmt.Errorf("record %d: group %d of %d, kind %d", i, r.Group, len(groups), r.Kind)
		}
		g := groups[r.Group]
		url := r.URL
		if strings.HasPrefix(url, "#") {
			url = path + url
		} else {
			path, _, _ = strings.Cut(url, "#")
		}
		title := g[0]
		if r.Title != nil {
			title = *r.Title
		}
		out = append(out, []string{url, title, g[0], g[1], kinds[r.Kind], r.Text})
	}
	return out, nil
}

// firstShard returns the decoded first-page shard name: per term, its records
// [id, url, title, plan, region, kind, text].
func (p *parsed) firstShard(name string) map[string][][7]any {
	t := p.t
	f, ok := p.files[shardPath("f", name)]
	if !ok {
		t.Fatalf("no first-page shard %s", name)
	}
	args := callArgs(t, f, "addFirst")
	var got string
	var m map[string][][7]any
	if err := json.Unmarshal(args[0], &got); err != nil || got != name {
		t.Fatalf("%s holds first pages %q (%v)", f.Path, got, err)
	}
	if err := json.Unmarshal(args[1], &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// firstFile returns the first-page shard file the client loads for the first page
// of q without filters, with the documents it holds, or "".
func (p *parsed) firstFile(q string) (string, map[int]bool) {
	_, terms, _ := planQuery(q)
	if len(terms) != 1 || p.meta.FirstShards == 0 {
		return "", nil
	}
	if df, _, _ := p.lookup(p.t, terms[0].Term); df <= p.meta.MaxPostings {
		return "", nil
	}
	name := shardName(termShard(terms[0].Term, p.meta.FirstShards), p.meta.FirstShards)
	have := map[int]bool{}
	for _, recs := range p.firstShard(name) {
		for _, r := range recs {
			have[int(r[0].(float64))] = true
		}
	}
	return shardPath("f", name), have
}

// pageFiles lists the files the client loads for the records of ids, the first
// page of results of q without filters: the first-page shard of a common term,
// then the doc shards of the documents not in it.
func (p *parsed) pageFiles(q string, ids []int) []string {
	var out []string
	f, have := p.firstFile(q)
	if f != "" {
		out = append(out, f)
	}
	for _, id := range ids {
		if have[id] {
			continue
		}
		if d := shardPath("d", shardName(id/p.meta.PerShard, p.meta.DocShards)); !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

type posting struct {
	doc, imp int
	themes   uint64
}

func decodePostings(t testing.TB, s string, themeChars int) []posting {
	t.Helper()
	var out []posting
	doc := 0
	for i := 0; i < len(s); {
		gap, mul := 0, 1
		for {
			v := strings.IndexByte(alphabet, s[i])
			i++
			if v < 32 {
				gap += v * mul
				break
			}
			gap += (v - 32) * mul
			mul *= 32
		}
		doc += gap
		p := posting{doc: doc, imp: strings.IndexByte(alphabet, s[i])}
		i++
		for k := range themeChars {
			p.themes |= uint64(strings.IndexByte(alphabet, s[i])) << (6 * k)
			i++
		}
		out = append(out, p)
	}
	return out
}

// lookup returns the df and postings of term, and the shard file holding it.
func (p *parsed) lookup(t testing.TB, term string) (int, []posting, string) {
	name := shardName(termShard(term, p.meta.Shards), p.meta.Shards)
	e, ok := p.shard(name)[term]
	if !ok {
		return 0, nil, shardPath("t", name)
	}
	return int(e[0].(float64)), decodePostings(t, e[1].(string), p.meta.ThemeChars), shardPath("t", name)
}

func (p *parsed) doc(id int) []string {
	return p.docShard(shardName(id/p.meta.PerShard, p.meta.DocShards))[id%p.meta.PerShard]
}

// refQuery ranks like the client (a Go reference used by the benchmark and to check
// the client); it returns the ranked document numbers, how many results hold every
// query unit, and the term shard files read.
func (p *parsed) refQuery(t testing.TB, q, region, theme string) (ids []int, full int, shardFiles []string) {
	units, terms, runs := planQuery(q)
	lo, hi := 0, p.meta.Docs
	for _, r := range p.meta.Regions {
		if region != "" && r[0] == region {
			lo, hi = int(r[3].(float64)), int(r[4].(float64))
		}
	}
	ti := -1
	for i, th := range p.meta.Themes {
		if th[0] == theme {
			ti = i
		}
	}
	type cand struct {
		id, n, tn          int
		cov, tcov, matched uint32
		score              float64
	}
	byID := map[int]*cand{}
	var list []*cand
	var complete uint32 // terms whose postings are all there
	for k, qt := range terms {
		df, ps, file := p.lookup(t, qt.Term)
		if df <= len(ps) {
			complete |= 1 << k
		}
		if !slices.Contains(shardFiles, file) {
			shardFiles = append(shardFiles, file)
		}
		for _, ps := range ps {
			if ps.doc < lo || ps.doc >= hi || ti >= 0 && ps.themes&(1<<ti) == 0 {
				continue
			}
			c := byID[ps.doc]
			if c == nil {
				c = &cand{id: ps.doc}
				byID[ps.doc] = c
				list = append(list, c)
			}
			c.cov |= qt.Mask
			c.matched |= 1 << k
			if ps.imp&48 != 0 {
				c.tcov |= qt.Mask
			}
			c.score += math.Log(1+float64(p.meta.Docs)/float64(df)) * weightOf(ps.imp)
		}
	}
	// A run is present when its complete bigrams (at least one) all are.
	var runTerms []uint32
	for _, run := range runs {
		var rt uint32
		for k, qt := range terms {
			if qt.Mask&run != 0 && complete&(1<<k) != 0 {
				rt |= 1 << k
			}
		}
		runTerms = append(runTerms, rt)
	}
	for _, c := range list {
		for i, rt := range runTerms {
			if rt != 0 && c.matched&rt == rt {
				c.cov |= runs[i]
			}
		}
		c.n, c.tn = bits.OnesCount32(c.cov), bits.OnesCount32(c.tcov)
	}
	slices.SortStableFunc(list, func(a, b *cand) int {
		switch {
		case a.n != b.n:
			return b.n - a.n
		case a.tn != b.tn:
			return b.tn - a.tn
		case a.score != b.score:
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return a.id - b.id
	})
	all := uint32(1)<<units - 1
	for _, c := range list {
		ids = append(ids, c.id)
		if c.cov == all {
			full++
		}
	}
	// One term without filters: every document of its df is a result, though only
	// its sample is listed.
	if len(terms) == 1 && region == "" && theme == "" {
		if df, _, _ := p.lookup(t, terms[0].Term); df > full {
			full = df
		}
	}
	return ids, full, shardFiles
}

func weightOf(imp int) float64 {
	w := []float64{0, 1, 1.6, 2, 2.4, 2.8, 3.2, 3.6}[imp&7]
	if imp&32 != 0 {
		w += 12
	}
	if imp&16 != 0 {
		w += 10
	}
	if imp&8 != 0 {
		w += 2
	}
	return w
}

// docShardFiles lists the doc shard files holding ids.
func (p *parsed) docShardFiles(ids []int) []string {
	var out []string
	for _, id := range ids {
		f := shardPath("d", shardName(id/p.meta.PerShard, p.meta.DocShards))
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func (p *parsed) size(files []string) int {
	n := 0
	for _, f := range files {
		n += len(p.files[f].Data)
	}
	return n
}

// alwaysFirstPages has the builds of the test write first-page shards for every
// capped term, as a site does whose doc shards are large (needFirstPages), so
// that a small test site has them.
func alwaysFirstPages(t testing.TB) { setFirstPageBytes(t, -1) }

// setFirstPageBytes sets firstPageBytes until the test ends.
func setFirstPageBytes(t testing.TB, n int) {
	old := firstPageBytes
	firstPageBytes = n
	t.Cleanup(func() { firstPageBytes = old })
}

// firstPageDocBytes is about what the doc shards of a first page take in an
// index with st, as needFirstPages weighs them.
func firstPageDocBytes(st Stats) int {
	return min(firstPageLen, st.DocShards) * int(st.DocBytes) / st.DocShards
}

func mustBuild(t testing.TB, docs []Doc, opt Options) ([]File, Stats) {
	t.Helper()
	files, st, err := Build(docs, opt)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return files, st
}

func fileMap(files []File) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return m
}
