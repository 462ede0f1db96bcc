package search

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The client's tokenizer and query analysis must agree with Go's exactly.
func TestClientTokenizeMatchesGo(t *testing.T) {
	inputs := []string{"城区空气优良率提升至93.2%", "ＰＭ２．５ ｐｍ２．５", "Ｉ类水质\u3000ⅰⅱⅲ", "C++ c#  x-y-z a/b/c", "\u2028\u2029\x00"}
	for _, tt := range tokenizeTests {
		if strings.ToValidUTF8(tt.in, "") == tt.in { // JSON cannot carry invalid UTF-8 to node
			inputs = append(inputs, tt.in)
		}
	}
	// Random strings over an alphabet of every class the rules distinguish.
	alpha := []rune("质量空气优良〇𠀀a Z9.-/_%ＰＭ２．５－／\u3000µμΜ²₅ⅡⅻÀÞßé×÷ΑΩς—−﹣,。“”\u2028あ한")
	r := rand.New(rand.NewPCG(5, 5))
	for range 300 {
		var b strings.Builder
		for range r.IntN(24) {
			b.WriteRune(alpha[r.IntN(len(alpha))])
		}
		inputs = append(inputs, b.String())
	}
	var cmds []map[string]any
	for _, s := range inputs {
		cmds = append(cmds, map[string]any{"op": "tokenize", "s": s}, map[string]any{"op": "analyze", "q": s})
	}
	res := runNode(t, t.TempDir(), cmds)
	for i, s := range inputs {
		var toks []string
		var an struct {
			Units int
			Terms []struct {
				T    string
				Mask uint32
			}
			Runs []uint32
		}
		if err := json.Unmarshal(res[2*i], &toks); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(res[2*i+1], &an); err != nil {
			t.Fatal(err)
		}
		if want := Tokenize(s); !slices.Equal(toks, want) && !(len(toks) == 0 && len(want) == 0) {
			t.Errorf("QPSearch.tokenize(%q) = %q; want %q", s, toks, want)
		}
		units, terms, runs := planQuery(s)
		var got []queryTerm
		for _, x := range an.Terms {
			got = append(got, queryTerm{x.T, x.Mask})
		}
		if an.Units != units || !slices.Equal(got, terms) || !slices.Equal(an.Runs, runs) {
			t.Errorf("QPSearch.analyze(%q) = %d %v %b; want %d %v %b", s, an.Units, got, an.Runs, units, terms, runs)
		}
	}
}

// A doc whose text tries to break out of the script must come back intact and inert.
func TestEscapingInert(t *testing.T) {
	evil := "</script><script>alert(1)</script>"
	docs := []Doc{{
		URL: "plans/x/index.html#s1", Kind: "section", Title: evil, Plan: `规划"引号"\反斜杠`,
		Region: "地区\u2028行\u2029段", RegionSlug: "x", Keywords: []string{evil},
		Body: "正文<!-- 注释 --> & </SCRIPT>\n换行\t制表",
	}}
	files, _ := mustBuild(t, docs, Options{Themes: []Theme{{"t", evil}}, Regions: []Region{{"x", evil, ""}}})
	for _, f := range files {
		if strings.Contains(strings.ToLower(string(f.Data)), "</script") || strings.Contains(string(f.Data), "<!--") {
			t.Errorf("%s contains a raw </script or <!--", f.Path)
		}
	}
	dir := writeIndex(t, files)
	var cmds []map[string]any
	for _, f := range files {
		cmds = append(cmds, map[string]any{"op": "raw", "file": f.Path})
	}
	res := runNode(t, dir, cmds)
	for i, f := range files {
		var calls [][]json.RawMessage
		if err := json.Unmarshal(res[i], &calls); err != nil {
			t.Fatal(err)
		}
		if len(calls) != 1 {
			t.Fatalf("%s made %d calls; want 1", f.Path, len(calls))
		}
		var name string
		json.Unmarshal(calls[0][0], &name)
		switch name {
		case "addDocs":
			d, err := decodeDocShard(calls[0][2], calls[0][3])
			if err != nil {
				t.Fatalf("%s: %v", f.Path, err)
			}
			want := []string{docs[0].URL, evil, docs[0].Plan, docs[0].Region, "section", "正文<!-- 注释 --> & </SCRIPT> 换行 制表"}
			if len(d) != 1 || !slices.Equal(d[0], want) {
				t.Errorf("%s read back %q; want %q", f.Path, d, want)
			}
		case "meta":
			var m struct {
				Themes  [][]any
				Regions [][]any
			}
			json.Unmarshal(calls[0][1], &m)
			if m.Themes[0][1] != evil || m.Regions[0][1] != evil {
				t.Errorf("meta read back %v %v; want the names intact", m.Themes, m.Regions)
			}
		}
	}
	// Through the client: the title comes back as text.
	res = runNode(t, dir, []map[string]any{{"op": "query", "q": "alert"}})
	var r queryResult
	json.Unmarshal(res[0], &r)
	if len(r.Items) != 1 || r.Items[0].Title != evil {
		t.Errorf("query(alert) = %+v; want the doc with its title intact", r.Items)
	}
	// The same through a first-page shard: two such documents, a cap of one posting
	// (so one result).
	alwaysFirstPages(t)
	two := []Doc{docs[0], docs[0]}
	two[1].URL = "plans/y/index.html#s1"
	files, st := mustBuild(t, two, Options{MaxPostings: 1})
	if st.FirstShards == 0 {
		t.Fatal("no first-page shard")
	}
	for _, f := range files {
		if strings.Contains(strings.ToLower(string(f.Data)), "</script") || strings.Contains(string(f.Data), "<!--") {
			t.Errorf("%s contains a raw </script or <!--", f.Path)
		}
	}
	res = runNode(t, writeIndex(t, files), []map[string]any{{"op": "query", "q": "alert"}})
	r = queryResult{}
	json.Unmarshal(res[0], &r)
	fromFirst := slices.ContainsFunc(r.Loaded, func(s string) bool { return strings.HasPrefix(s, "search/f/") }) &&
		!slices.ContainsFunc(r.Loaded, func(s string) bool { return strings.HasPrefix(s, "search/d/") })
	if len(r.Items) != 1 || r.Items[0].Title != evil || r.Items[0].Plan != docs[0].Plan || r.Items[0].Text != "正文<!-- 注释 --> & </SCRIPT> 换行 制表" || !fromFirst {
		t.Errorf("query(alert) with a first page = %+v, loaded %q; want the doc intact, from the first-page shard", r.Items, r.Loaded)
	}
}

type queryResult struct {
	Q, Region, Theme string
	Units            int
	Terms            []string
	Total, Full      int
	Listed           int
	Pruned, Sampled  bool
	Items            []struct {
		ID                                   int
		URL, Title, Plan, Region, Kind, Text string
		Full                                 bool
	}
	Loaded []string
	Ms     float64
}

func (r queryResult) urls() []string {
	var out []string
	for _, it := range r.Items {
		out = append(out, it.URL)
	}
	return out
}

func TestClientQuery(t *testing.T) {
	docs := fixture()
	files, _ := mustBuild(t, docs, fixtureOptions())
	dir := writeIndex(t, files)
	const (
		airDays = "indicators/air-quality-days/index.html"
		pm25    = "indicators/pm25/index.html"
		mfg     = "indicators/manufacturing-pass-rate/index.html"
		jjS111  = "plans/jiaojiang-2021-2025/index.html#s1-1-1"
		jjS34   = "plans/jiaojiang-2021-2025/index.html#s3-4"
		jjPlan  = "plans/jiaojiang-2021-2025/index.html"
		jjReg   = "regions/jiaojiang/index.html"
		smS32   = "plans/sanmen-2021-2025/index.html#s3-2"
		hyS23   = "plans/haiyan-2021-2025/index.html#s2-3"
		yhS2    = "plans/yuhang-2016-2020/index.html#s2"
		envTh   = "themes/environment/index.html"
	)
	tests := []struct {
		q, region, theme string
		first            []string // the results must start with these, in order
		before           [][2]string
		only             []string // when set, exactly these results in any order
		full             int      // -1: don't check
	}{
		// Indicators by name or alias, full and half width.
		{q: "PM2.5", first: []string{pm25}, full: -1},
		{q: "ＰＭ２．５", first: []string{pm25}, full: -1},
		{q: "pm2.5", first: []string{pm25}, full: -1},
		{q: "细颗粒物", first: []string{pm25}, only: []string{pm25}, full: 1},
		{q: "空气优良", first: []string{airDays}, before: [][2]string{{airDays, yhS2}, {jjS111, yhS2}}, full: 3},
		{q: "制造业产品质量平均合格率", first: []string{mfg}, full: -1},
		// Title matches above body matches; all terms above some.
		{q: "空气质量", first: []string{airDays, hyS23}, before: [][2]string{{hyS23, smS32}, {hyS23, jjS34}, {smS32, yhS2}, {jjS34, yhS2}}, full: -1},
		{q: "环境质量", before: [][2]string{{envTh, jjS111}, {jjS34, jjS111}, {envTh, airDays}}, full: -1},
		{q: "椒江", first: []string{jjReg, jjPlan}, full: -1},
		{q: "椒江 空气", before: [][2]string{{jjS111, hyS23}, {jjS34, hyS23}}, full: 2},
		{q: "GB/T 50375-2016", first: []string{smS32}, only: []string{smS32}, full: 1},
		{q: "50375", only: []string{smS32}, full: 1},
		{q: "ISO14000", only: []string{smS32}, full: 1},
		{q: "5G", only: []string{hyS23}, full: 1},
		// Filters: a region includes its sub-regions; themes.
		{q: "空气", region: "taizhou", only: []string{jjS111, jjS34, smS32}, full: 3},
		{q: "空气", region: "haiyan", only: []string{hyS23}, full: 1},
		{q: "空气", theme: "environment", before: [][2]string{{airDays, jjS111}}, full: -1},
		{q: "空气", region: "jiaojiang", theme: "environment", only: []string{jjS111, jjS34}, full: 2},
		{q: "空气", theme: "service", only: []string{yhS2}, full: 1},
		{q: "空气", region: "nowhere", before: [][2]string{{airDays, yhS2}}, full: -1}, // unknown filter: ignored
		// Nothing.
		{q: "量子计算", only: []string{}, full: 0},
		{q: "", only: []string{}, full: 0},
	}
	var cmds []map[string]any
	for _, tt := range tests {
		cmds = append(cmds, map[string]any{"op": "query", "q": tt.q, "f": map[string]any{"region": tt.region, "theme": tt.theme, "limit": 50}})
	}
	res := runNode(t, dir, cmds)
	p := parseIndex(t, files)
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%s", tt.q, tt.region, tt.theme), func(t *testing.T) {
			var r queryResult
			if err := json.Unmarshal(res[i], &r); err != nil {
				t.Fatal(err)
			}
			got := r.urls()
			if len(got) < len(tt.first) || !slices.Equal(got[:len(tt.first)], tt.first) {
				t.Errorf("query(%q, %q, %q) = %q; want it to start with %q", tt.q, tt.region, tt.theme, got, tt.first)
			}
			for _, b := range tt.before {
				i, j := slices.Index(got, b[0]), slices.Index(got, b[1])
				if i < 0 || j < 0 || i > j {
					t.Errorf("query(%q, %q, %q) = %q; want %s before %s", tt.q, tt.region, tt.theme, got, b[0], b[1])
				}
			}
			if tt.only != nil {
				g, w := slices.Clone(got), slices.Clone(tt.only)
				slices.Sort(g)
				slices.Sort(w)
				if !slices.Equal(g, w) {
					t.Errorf("query(%q, %q, %q) = %q; want exactly %q", tt.q, tt.region, tt.theme, got, tt.only)
				}
			}
			if tt.full >= 0 && r.Full != tt.full {
				t.Errorf("query(%q, %q, %q) has %d full matches; want %d", tt.q, tt.region, tt.theme, r.Full, tt.full)
			}
			// The Go reference ranking agrees with the client.
			ids, full, _ := p.refQuery(t, tt.q, tt.region, tt.theme)
			var want []string
			for _, id := range ids {
				want = append(want, p.doc(id)[0])
			}
			if !slices.Equal(got, want) || full != r.Full {
				t.Errorf("client order %q (%d full); Go reference %q (%d full)", got, r.Full, want, full)
			}
		})
	}
}

// The client loads the meta, the shards of the query's terms and the doc shards of
// the page shown: nothing else.
func TestClientLoadsOnlyWhatItNeeds(t *testing.T) {
	docs := syntheticDocs(40, 3)
	opt := syntheticOptions(docs)
	opt.ShardBytes = 2048
	opt.DocShardBytes = 1024
	files, st := mustBuild(t, docs, opt)
	if st.TermShards < 50 {
		t.Fatalf("%d term shards; want many", st.TermShards)
	}
	dir := writeIndex(t, files)
	p := parseIndex(t, files)
	cmds := []map[string]any{
		{"op": "query", "q": "空气质量", "f": map[string]any{"limit": 5}},
		{"op": "query", "q": "空气质量", "f": map[string]any{"limit": 5}},
		{"op": "query", "q": "空气质量", "f": map[string]any{"offset": 5, "limit": 5}},
	}
	res := runNode(t, dir, cmds)
	var rs [3]queryResult
	for i := range rs {
		json.Unmarshal(res[i], &rs[i])
	}
	ids, _, tfiles := p.refQuery(t, "空气质量", "", "")
	want := append([]string{"search/meta.js"}, tfiles...)
	want = append(want, p.docShardFiles(ids[:5])...)
	if g, w := slices.Sorted(slices.Values(rs[0].Loaded)), slices.Sorted(slices.Values(want)); !slices.Equal(g, w) {
		t.Errorf("first query loaded %q; want %q", g, w)
	}
	if len(rs[1].Loaded) != 0 {
		t.Errorf("second identical query loaded %q; want nothing", rs[1].Loaded)
	}
	for _, f := range rs[2].Loaded {
		if !strings.HasPrefix(f, "search/d/") {
			t.Errorf("next page loaded %s; want only doc shards", f)
		}
	}
	if len(rs[2].Items) != 5 || rs[2].Items[0].ID != ids[5] {
		t.Errorf("next page = %+v; want 5 items from rank 5", rs[2].Items)
	}
}

func TestClientHighlight(t *testing.T) {
	type seg = [2]any
	tests := []struct {
		op, text, q string
		n           int
		want        []seg
	}{
		{"highlight", "城区空气优良率提升至93.2%", "空气优良", 0, []seg{{"城区", false}, {"空气优良", true}, {"率提升至93.2%", false}}},
		{"highlight", "ＰＭ２．５浓度下降", "PM2.5", 0, []seg{{"ＰＭ２．５", true}, {"浓度下降", false}}},
		{"highlight", "PM2.5和PM10", "pm10", 0, []seg{{"PM2.5和", false}, {"PM10", true}}},
		{"highlight", "5G与15G", "5g", 0, []seg{{"5G", true}, {"与15G", false}}},
		{"highlight", "<b>空气</b>", "空气", 0, []seg{{"<b>", false}, {"空气", true}, {"</b>", false}}},
		{"highlight", "水质与水", "水", 0, []seg{{"水", true}, {"质与", false}, {"水", true}}},
		{"highlight", "无匹配", "空气", 0, []seg{{"无匹配", false}}},
		{"snippet", strings.Repeat("甲", 50) + "空气质量" + strings.Repeat("乙", 50), "空气", 20, []seg{{"…", false}, {strings.Repeat("甲", 15), false}, {"空气", true}, {"质量乙", false}, {"…", false}}},
		{"snippet", "短文本空气", "空气", 20, []seg{{"短文本", false}, {"空气", true}}},
	}
	var cmds []map[string]any
	for _, tt := range tests {
		cmds = append(cmds, map[string]any{"op": tt.op, "text": tt.text, "q": tt.q, "n": tt.n})
	}
	cmds = append(cmds, map[string]any{"op": "shorter", "q": "空气质量优良天数比例"}, map[string]any{"op": "shorter", "q": "椒江 空气 优良"}, map[string]any{"op": "shorter", "q": "空气"})
	res := runNode(t, t.TempDir(), cmds)
	for i, tt := range tests {
		var got []seg
		json.Unmarshal(res[i], &got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s(%q, %q) = %q; want %q", tt.op, tt.text, tt.q, got, tt.want)
		}
	}
	for i, want := range []string{"空气质量优", "椒江 空气", ""} {
		var got string
		json.Unmarshal(res[len(tests)+i], &got)
		if got != want {
			t.Errorf("shorter(%q) = %q; want %q", cmds[len(tests)+i]["q"], got, want)
		}
	}
}

// With MaxPostings cutting the common bigram 质量, a document with the phrase 质量强区
// still matches it fully (its rarer bigrams 量强 and 强区 are all there); one with only
// 强区 does not; and a query whose every bigram is cut needs verified matches.
func TestPresumedRuns(t *testing.T) {
	var docs []Doc
	for i := range 40 {
		docs = append(docs, Doc{URL: fmt.Sprintf("s%02d.html", i), Kind: "section", Title: "章节", Body: "推进质量提升。"})
	}
	docs = append(docs,
		Doc{URL: "phrase.html", Kind: "section", Title: "章节", Body: "建设质量强区。"},
		Doc{URL: "part.html", Kind: "section", Title: "章节", Body: "标准强区。"},
	)
	files, _ := mustBuild(t, docs, Options{MaxPostings: 5})
	p := parseIndex(t, files)
	if df, ps, _ := p.lookup(t, "质量"); df != 41 || len(ps) != 5 || slices.ContainsFunc(ps, func(x posting) bool { return x.doc == 40 }) {
		t.Fatalf("质量: df %d, %d postings, with doc 40: want it cut and doc 40 left out for this test", df, len(ps))
	}
	dir := writeIndex(t, files)
	tests := []struct {
		q     string
		first string
		full  int
	}{
		{"质量强区", "phrase.html", 1},
		{"质量提升", "", 5}, // every bigram cut: only the sampled documents are known to match
	}
	var cmds []map[string]any
	for _, tt := range tests {
		cmds = append(cmds, map[string]any{"op": "query", "q": tt.q, "f": map[string]any{"limit": 50}})
	}
	res := runNode(t, dir, cmds)
	for i, tt := range tests {
		var r queryResult
		json.Unmarshal(res[i], &r)
		if r.Full != tt.full || tt.first != "" && (len(r.Items) == 0 || r.Items[0].URL != tt.first) || !r.Pruned {
			t.Errorf("query(%q) = %d full, pruned %v, %q; want %d full, first %q", tt.q, r.Full, r.Pruned, r.urls(), tt.full, tt.first)
		}
		ids, full, _ := p.refQuery(t, tt.q, "", "")
		if full != r.Full || len(ids) != r.Total {
			t.Errorf("query(%q): Go reference %d full of %d; client %d of %d", tt.q, full, len(ids), r.Full, r.Total)
		}
	}
}

// cappedFiles builds the index of a small synthetic site whose common terms (质量,
// 标准) are cut to MaxPostings 40.
func cappedFiles(t *testing.T) ([]File, Stats) {
	docs := syntheticDocs(40, 3)
	opt := syntheticOptions(docs)
	opt.MaxPostings = 40
	return mustBuild(t, docs, opt)
}

// cappedIndex writes cappedFiles in a temporary folder and returns the folder and the
// index parsed.
func cappedIndex(t *testing.T) (string, *parsed) {
	files, _ := cappedFiles(t)
	return writeIndex(t, files), parseIndex(t, files)
}

// A query of one common term counts every document that holds it (its df), exactly,
// though it lists only its sample; paging ends with the sample. With a filter, or with a
// second term, the counts are those of the samples, marked as about right.
func TestClientCountsCommonTerm(t *testing.T) {
	dir, p := cappedIndex(t)
	df, ps, _ := p.lookup(t, "质量")
	if df <= len(ps) {
		t.Fatalf("质量: df %d, %d postings; want it cut for this test", df, len(ps))
	}
	region := p.meta.Regions[0][0].(string)
	cmds := []map[string]any{
		{"op": "query", "q": "质量", "f": map[string]any{"limit": 10}},
		{"op": "query", "q": "质量", "f": map[string]any{"offset": len(ps), "limit": 10}},
		{"op": "query", "q": "质量", "f": map[string]any{"region": region, "limit": 10}},
		{"op": "query", "q": "质量 标准", "f": map[string]any{"limit": 10}},
	}
	res := runNode(t, dir, cmds)
	var r [4]queryResult
	for i := range r {
		if err := json.Unmarshal(res[i], &r[i]); err != nil {
			t.Fatal(err)
		}
	}
	if r[0].Total != df || r[0].Full != df || r[0].Listed != len(ps) || r[0].Pruned || len(r[0].Items) != 10 {
		t.Errorf("query(质量) = total %d, full %d, listed %d, pruned %v, %d items; want %d, %d, %d, false, 10",
			r[0].Total, r[0].Full, r[0].Listed, r[0].Pruned, len(r[0].Items), df, df, len(ps))
	}
	if len(r[1].Items) != 0 || r[1].Listed != len(ps) {
		t.Errorf("query(质量, offset %d) = %d items, listed %d; want none past the sample of %d", len(ps), len(r[1].Items), r[1].Listed, len(ps))
	}
	for _, x := range r[2:] {
		if !x.Pruned || x.Total != x.Listed || x.Total >= df {
			t.Errorf("query(%q, region %q) = total %d, listed %d, pruned %v; want the sample's count, marked pruned", x.Q, x.Region, x.Total, x.Listed, x.Pruned)
		}
	}
}

// A filtered query of common terms only looks in their samples, and says so (sampled),
// unless each part of it (a word, a character, a run of Han characters) has a term
// whose postings are complete: every document holding the whole query is then found,
// with every unit covered.
func TestClientSampledFilter(t *testing.T) {
	dir, p := cappedIndex(t)
	// rare: a complete Han bigram; joined: 质量 and a common bigram whose middle
	// bigram (量 and its first character) is complete: a run of common bigrams whose
	// documents are all found by the complete one.
	rare, joined := "", ""
	capped := func(term string) bool { df, ps, _ := p.lookup(t, term); return df > len(ps) }
	for _, sh := range slices.Sorted(maps.Keys(p.allShards())) {
		for _, term := range slices.Sorted(maps.Keys(p.shards[sh])) {
			rs := []rune(term)
			if len(rs) != 2 || !isHan(rs[0]) || !isHan(rs[1]) {
				continue
			}
			if df, ps, _ := p.lookup(t, term); rare == "" && df > 0 && df <= len(ps) {
				rare = term
			}
			if df, _, _ := p.lookup(t, "量"+string(rs[0])); joined == "" && capped(term) && df > 0 && !capped("量"+string(rs[0])) {
				joined = "质量" + term
			}
		}
	}
	if rare == "" || joined == "" || !capped("质量") {
		t.Fatalf("rare %q, joined %q, 质量 capped %v; want a complete bigram, a join and 质量 capped", rare, joined, capped("质量"))
	}
	last := p.meta.Regions[len(p.meta.Regions)-1]
	region, theme := last[0].(string), p.meta.Themes[0][0].(string)
	tests := []struct {
		q, region, theme string
		sampled          bool
	}{
		{"质量", region, "", true},
		{"质量", "", theme, true},
		{"质量 " + rare, region, "", true}, // found by rare, but 质量 known only in its sample
		{joined, region, "", false},
		{rare, region, "", false},
		{rare + " zzqx", region, "", false}, // a word in no document is complete
		{"质量", "", "", false},
		{"质量 标准", "", "", false},
	}
	var cmds []map[string]any
	for _, tt := range tests {
		cmds = append(cmds, map[string]any{"op": "query", "q": tt.q, "f": map[string]any{"region": tt.region, "theme": tt.theme}})
	}
	for i, raw := range runNode(t, dir, cmds) {
		var r queryResult
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		tt := tests[i]
		if r.Sampled != tt.sampled || (tt.sampled && !r.Pruned) {
			t.Errorf("query(%q, region %q, theme %q) = sampled %v, pruned %v; want sampled %v", tt.q, tt.region, tt.theme, r.Sampled, r.Pruned, tt.sampled)
		}
	}
}

// The first page of a query of one common term comes from its first-page shard, with
// no doc shard; the next page, or the same query filtered, from doc shards; the
// results are those of the Go reference either way. Without first-page shards (small
// doc shards, see needFirstPages) every page comes from doc shards, the same results.
func TestClientFirstPage(t *testing.T) {
	t.Run("first-page shards", func(t *testing.T) {
		alwaysFirstPages(t)
		testClientFirstPage(t, true)
	})
	t.Run("doc shards only", func(t *testing.T) { testClientFirstPage(t, false) })
}

func testClientFirstPage(t *testing.T, withFirst bool) {
	dir, p := cappedIndex(t)
	if (p.meta.FirstShards > 0) != withFirst {
		t.Fatalf("%d first-page shards; want them %v", p.meta.FirstShards, withFirst)
	}
	region := p.meta.Regions[0][0].(string)
	tests := []struct {
		q, region string
		offset    int
		first     bool // loads the first-page shard and no doc shard
	}{
		{"质量", "", 0, withFirst},
		{"标准", "", 0, withFirst},
		{"质量", "", 10, false},
		{"质量", region, 0, false},
		{"质量 标准", "", 0, false},
	}
	var cmds []map[string]any
	for _, tt := range tests {
		cmds = append(cmds, map[string]any{"op": "query", "q": tt.q, "f": map[string]any{"region": tt.region, "offset": tt.offset, "limit": 10}})
	}
	res := runNode(t, dir, cmds)
	for i, tt := range tests {
		var r queryResult
		if err := json.Unmarshal(res[i], &r); err != nil {
			t.Fatal(err)
		}
		ids, _, _ := p.refQuery(t, tt.q, tt.region, "")
		var want []string
		for _, id := range ids[min(tt.offset, len(ids)):min(tt.offset+10, len(ids))] {
			want = append(want, p.doc(id)[0])
		}
		if len(want) == 0 || !slices.Equal(r.urls(), want) {
			t.Errorf("query(%q, region %q, offset %d) = %q; want %q", tt.q, tt.region, tt.offset, r.urls(), want)
		}
		f, _ := p.firstFile(tt.q)
		firstLoaded := slices.ContainsFunc(r.Loaded, func(s string) bool { return strings.HasPrefix(s, "search/f/") })
		docLoaded := slices.ContainsFunc(r.Loaded, func(s string) bool { return strings.HasPrefix(s, "search/d/") })
		if tt.first != (f != "" && slices.Contains(r.Loaded, f) && !docLoaded) || !tt.first && firstLoaded {
			t.Errorf("query(%q, region %q, offset %d) loaded %q; want the first-page shard %v", tt.q, tt.region, tt.offset, r.Loaded, tt.first)
		}
	}
}
