package search

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

var fixtureThemes = []Theme{
	{"product", "产品质量"}, {"engineering", "工程质量"}, {"service", "服务质量"},
	{"environment", "环境质量"}, {"standard", "标准"}, {"brand", "品牌"},
}

var fixtureRegions = []Region{
	{"zhejiang", "浙江省", ""},
	{"taizhou", "台州市", "zhejiang"},
	{"jiaxing", "嘉兴市", "zhejiang"},
	{"hangzhou", "杭州市", "zhejiang"},
	{"jiaojiang", "椒江区", "taizhou"},
	{"sanmen", "三门县", "taizhou"},
	{"haiyan", "海盐县", "jiaxing"},
	{"yuhang", "余杭区", "hangzhou"},
}

const (
	planJJ = "台州市椒江区质量强区标准强区品牌强区建设“十四五”规划"
	planSM = "三门县质量强县建设“十四五”规划"
	planHY = "海盐县质量发展“十四五”规划"
	planYH = "余杭区质量强区“十三五”规划"
)

// fixture is a small portal: national indicator pages, regions, plans and sections
// built from the seed plans' wording.
func fixture() []Doc {
	return []Doc{
		{URL: "plans/jiaojiang-2021-2025/index.html#s1-1-1", Kind: "section", Title: "1.各领域质量发展全面提升", Plan: planJJ, Region: "椒江区", RegionSlug: "jiaojiang", Themes: []string{"product", "environment"},
			Body: "产品质量方面,获“品字标”认证证书37张,全区制造业产品质量合格率维持在99%以上。环境质量方面,勇夺“五水共治”最高荣誉“大禹鼎”,城区空气优良率提升至93.2%,创成省级生态区。"},
		{URL: "indicators/air-quality-days/index.html", Kind: "indicator", Title: "空气质量优良天数比例", Themes: []string{"environment"},
			Keywords: []string{"空气优良率", "城区空气优良率", "AQI优良天数比例"}, Body: "环境空气质量优良天数占全年有效监测天数的比例。"},
		{URL: "indicators/pm25/index.html", Kind: "indicator", Title: "PM2.5平均浓度", Themes: []string{"environment"},
			Keywords: []string{"细颗粒物", "PM2.5浓度", "细颗粒物(PM2.5)平均浓度"}, Body: "细颗粒物年均浓度,单位 μg/m³,越低越好。"},
		{URL: "indicators/manufacturing-pass-rate/index.html", Kind: "indicator", Title: "制造业产品质量合格率", Themes: []string{"product"},
			Keywords: []string{"制造业产品质量平均合格率"}, Body: "制造业产品质量监督抽查合格率。"},
		{URL: "regions/jiaojiang/index.html", Kind: "region", Title: "椒江区", Region: "椒江区", RegionSlug: "jiaojiang", Body: "浙江省台州市椒江区的质量发展规划与指标。"},
		{URL: "plans/jiaojiang-2021-2025/index.html", Kind: "plan", Title: planJJ, Plan: planJJ, Region: "椒江区", RegionSlug: "jiaojiang", Body: "深入推进质量强区标准强区品牌强区建设,是我区立足新发展阶段的关键举措。"},
		{URL: "plans/jiaojiang-2021-2025/index.html#s3-4", Kind: "section", Title: "(四)提升环境质量", Plan: planJJ, Region: "椒江区", RegionSlug: "jiaojiang", Themes: []string{"environment"},
			Body: "深入打好污染防治攻坚战,PM2.5浓度持续下降,空气质量优良天数比例保持在95%以上。"},
		{URL: "plans/sanmen-2021-2025/index.html#s3-2", Kind: "section", Title: "(二)深化标准化建设", Plan: planSM, Region: "三门县", RegionSlug: "sanmen", Themes: []string{"standard", "engineering"},
			Body: "推广《建筑工程施工质量评价标准 GB/T 50375-2016》,推动企业通过ISO14000环境管理体系认证,同时关注空气质量。"},
		{URL: "plans/haiyan-2021-2025/index.html#s2-3", Kind: "section", Title: "空气质量持续改善", Plan: planHY, Region: "海盐县", RegionSlug: "haiyan", Themes: []string{"environment"},
			Body: "实施清新空气行动,推进5G基站等新型基础设施建设。"},
		{URL: "plans/yuhang-2016-2020/index.html#s2", Kind: "section", Title: "(二)主要目标", Plan: planYH, Region: "余杭区", RegionSlug: "yuhang", Themes: []string{"service"},
			Body: "到2020年,空气清新,服务业增加值占比达到55%以上。"},
		{URL: "themes/environment/index.html", Kind: "theme", Title: "环境质量", Themes: []string{"environment"}, Body: "空气、水和生态环境的质量指标与规划章节。"},
	}
}

func fixtureOptions() Options {
	return Options{Themes: fixtureThemes, Regions: fixtureRegions}
}

func TestBuildErrors(t *testing.T) {
	ok := Doc{URL: "a/index.html", Kind: "plan", Title: "甲"}
	tests := []struct {
		name string
		docs []Doc
		opt  Options
		want string
	}{
		{"empty URL", []Doc{{Kind: "plan"}}, Options{}, "empty URL"},
		{"absolute", []Doc{{URL: "/a/index.html", Kind: "plan"}}, Options{}, "relative to the site root"},
		{"scheme", []Doc{{URL: "javascript:alert(1)", Kind: "plan"}}, Options{}, "not a scheme"},
		{"dotdot", []Doc{{URL: "../etc/passwd", Kind: "plan"}}, Options{}, `".."`},
		{"folder", []Doc{{URL: "regions/", Kind: "plan"}}, Options{}, "must name its file"},
		{"anchor only", []Doc{{URL: "#s1", Kind: "plan"}}, Options{}, "names no file"},
		{"space", []Doc{{URL: "a b.html", Kind: "plan"}}, Options{}, "space"},
		{"duplicate", []Doc{ok, ok}, Options{}, "already used by doc 0"},
		{"duplicate far apart", []Doc{ok, {URL: "b.html", Kind: "plan"}, {URL: "c.html", Kind: "plan"}, {URL: "d.html", Kind: "plan"}, ok}, Options{}, "doc 4: URL \"a/index.html\" already used by doc 0"},
		{"duplicate near", []Doc{{URL: "b.html", Kind: "plan"}, {URL: "c.html", Kind: "plan"}, {URL: "d.html", Kind: "plan"}, ok, ok}, Options{}, "doc 4: URL \"a/index.html\" already used by doc 3"},
		{"kind", []Doc{{URL: "a.html", Kind: "page"}}, Options{}, `unknown kind "page"`},
		{"theme", []Doc{{URL: "a.html", Kind: "plan", Themes: []string{"air"}}}, Options{Themes: fixtureThemes}, `unknown theme "air"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Build(tt.docs, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Build(%s) error = %v; want one containing %q", tt.name, err, tt.want)
			}
		})
	}
}

func TestBuildEmpty(t *testing.T) {
	files, st := mustBuild(t, nil, Options{})
	p := parseIndex(t, files)
	if p.meta.Docs != 0 || st.Docs != 0 || len(files) != 2 {
		t.Errorf("Build(nil) = %d files, meta %+v; want meta.js and one empty shard", len(files), p.meta)
	}
}

func TestDeterministic(t *testing.T) {
	docs := syntheticDocs(30, 1)
	opt := syntheticOptions(docs)
	opt.ShardBytes = 2048
	a, _ := mustBuild(t, docs, opt)
	prev := runtime.GOMAXPROCS(1)
	b, _ := mustBuild(t, docs, opt)
	runtime.GOMAXPROCS(7)
	c, _ := mustBuild(t, docs, opt)
	runtime.GOMAXPROCS(prev)
	// Many small batches and chunks.
	defer func(b, c, m int) { batchBytes, chunkBytes, maxChunk = b, c, m }(batchBytes, chunkBytes, maxChunk)
	batchBytes, chunkBytes, maxChunk = 50<<10, 8<<10, 7
	d, _ := mustBuild(t, docs, opt)
	for _, other := range [][]File{b, c, d} {
		if len(a) != len(other) {
			t.Fatalf("two builds gave %d and %d files", len(a), len(other))
		}
		for i := range a {
			if a[i].Path != other[i].Path || !bytes.Equal(a[i].Data, other[i].Data) {
				t.Fatalf("two builds differ at %s / %s", a[i].Path, other[i].Path)
			}
		}
	}
	if !slices.IsSortedFunc(a, func(x, y File) int { return strings.Compare(x.Path, y.Path) }) {
		t.Error("files not sorted by path")
	}
}

func TestSharding(t *testing.T) {
	docs := syntheticDocs(40, 2)
	opt := syntheticOptions(docs)
	opt.ShardBytes = 4096
	opt.DocShardBytes = 2048
	files, st := mustBuild(t, docs, opt)
	p := parseIndex(t, files)
	if st.TermShards < 16 {
		t.Fatalf("only %d term shards for %d docs", st.TermShards, st.Docs)
	}
	nt := 0
	for path := range p.files {
		if strings.HasPrefix(path, "search/t/") {
			nt++
		}
	}
	if nt != st.TermShards || p.meta.Shards != st.TermShards {
		t.Errorf("%d shard files, meta says %d, stats %d", nt, p.meta.Shards, st.TermShards)
	}
	// Every term is in exactly one shard: the one the client computes.
	where := map[string]string{}
	for name, m := range p.allShards() {
		for term := range m {
			if prev, dup := where[term]; dup {
				t.Errorf("term %q in shards %s and %s", term, prev, name)
			}
			where[term] = name
			if want := shardName(termShard(term, p.meta.Shards), p.meta.Shards); name != want {
				t.Errorf("term %q in shard %s; want %s", term, name, want)
			}
		}
	}
	if len(where) != st.Terms {
		t.Errorf("%d terms in shards; stats say %d", len(where), st.Terms)
	}
	// Every token of every doc is found, pointing at the doc.
	for _, id := range []int{0, 7, st.Docs / 2, st.Docs - 1} {
		info := p.doc(id)
		var d *Doc
		for i := range docs {
			if docs[i].URL == info[0] {
				d = &docs[i]
			}
		}
		for _, tok := range Tokenize(d.Title) {
			_, ps, _ := p.lookup(t, tok)
			if !slices.ContainsFunc(ps, func(x posting) bool { return x.doc == id }) {
				df, _, _ := p.lookup(t, tok)
				if df <= p.meta.MaxPostings {
					t.Errorf("title token %q of doc %d (%s) not in its postings", tok, id, d.URL)
				}
			}
		}
	}
	// Shard sizes are bounded: at most ShardBytes on average; the largest holds a few
	// terms of the largest size (MaxPostings postings) at most.
	avg := st.TermBytes / int64(st.TermShards)
	largest := 0
	for _, m := range p.allShards() {
		for term, e := range m {
			largest = max(largest, len(term)+len(e[1].(string))+16)
		}
	}
	if avg > int64(opt.ShardBytes)+200 || st.MaxTermShard > 2*opt.ShardBytes+4*largest {
		t.Errorf("term shards: average %d bytes, largest %d (largest term %d); want about %d", avg, st.MaxTermShard, largest, opt.ShardBytes)
	}
	if st.MaxDocShard > 3*opt.DocShardBytes {
		t.Errorf("largest doc shard %d bytes; want about %d", st.MaxDocShard, opt.DocShardBytes)
	}
	// Doc shards hold every doc once, in number order.
	n := 0
	for s := 0; s < p.meta.DocShards; s++ {
		n += len(p.docShard(shardName(s, p.meta.DocShards)))
	}
	if n != len(docs) {
		t.Errorf("doc shards hold %d docs; want %d", n, len(docs))
	}
}

func TestShardNames(t *testing.T) {
	tests := []struct {
		i, n int
		path string
	}{
		{0, 1, "search/t/00.js"},
		{255, 256, "search/t/ff.js"},
		{1, 257, "search/t/00/01.js"},
		{0x1a2b, 70000, "search/t/00/1a/2b.js"},
	}
	for _, tt := range tests {
		if got := shardPath("t", shardName(tt.i, tt.n)); got != tt.path {
			t.Errorf("shardPath(shardName(%d, %d)) = %q; want %q", tt.i, tt.n, got, tt.path)
		}
	}
}

func TestPruning(t *testing.T) {
	var docs []Doc
	for i := range 50 {
		d := Doc{URL: fmt.Sprintf("p%d.html", i), Kind: "section", Title: "章节", Body: strings.Repeat("质量", 1+i%3)}
		if i == 40 || i == 45 {
			d.Title = "质量"
		}
		docs = append(docs, d)
	}
	files, st := mustBuild(t, docs, Options{MaxPostings: 10})
	p := parseIndex(t, files)
	df, ps, _ := p.lookup(t, "质量")
	if df != 50 || len(ps) != 10 || st.PrunedTerms == 0 {
		t.Fatalf("质量: df %d, %d postings; want 50 and 10", df, len(ps))
	}
	// Title matches first, then the first documents in docRank order.
	var got []int
	for _, x := range ps {
		got = append(got, x.doc)
	}
	var rest []int
	for i := range 50 {
		if i != 40 && i != 45 {
			rest = append(rest, i)
		}
	}
	slices.SortFunc(rest, func(a, b int) int { return cmp.Compare(docRank(a), docRank(b)) })
	want := append([]int{40, 45}, rest[:8]...)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("质量 postings = %v; want %v", got, want)
	}
	// Common terms keep the same sample, so documents with both are still found.
	docs = docs[:0]
	for i := range 50 {
		docs = append(docs, Doc{URL: fmt.Sprintf("p%d.html", i), Kind: "section", Title: "章节", Body: fmt.Sprintf("标准,质量,%d", i)})
	}
	files, _ = mustBuild(t, docs, Options{MaxPostings: 10})
	p = parseIndex(t, files)
	ids, full, _ := p.refQuery(t, "标准 质量", "", "")
	if len(ids) != 10 || full != 10 {
		t.Errorf("标准 质量 with 10 postings per term: %d results, %d with both; want 10 and 10", len(ids), full)
	}
}

func TestRegionOrder(t *testing.T) {
	files, _ := mustBuild(t, fixture(), fixtureOptions())
	p := parseIndex(t, files)
	var got []string
	for _, r := range p.meta.Regions {
		got = append(got, fmt.Sprintf("%s/%v/%v-%v", r[0], r[2], r[3], r[4]))
	}
	// 4 national docs first; jiaojiang 4 docs, sanmen 1, haiyan 1, yuhang 1.
	want := []string{"zhejiang/0/4-11", "taizhou/1/4-9", "jiaojiang/2/4-8", "sanmen/2/8-9", "jiaxing/1/9-10", "haiyan/2/9-10", "hangzhou/1/10-11", "yuhang/2/10-11"}
	if !slices.Equal(got, want) {
		t.Errorf("regions = %q; want %q", got, want)
	}
	for id, wantURL := range map[int]string{0: "indicators/air-quality-days/index.html", 3: "themes/environment/index.html", 4: "plans/jiaojiang-2021-2025/index.html#s1-1-1", 10: "plans/yuhang-2016-2020/index.html#s2"} {
		if got := p.doc(id)[0]; got != wantURL {
			t.Errorf("doc %d = %s; want %s", id, got, wantURL)
		}
	}
	// Region names and ancestors are searchable context of a section.
	for _, term := range []string{"台州", "椒江", "浙江"} {
		_, ps, _ := p.lookup(t, term)
		if !slices.ContainsFunc(ps, func(x posting) bool { return x.doc == 4 && x.imp&impContext != 0 }) {
			t.Errorf("term %q: doc 4 not found through its context", term)
		}
	}
}

// snippetText is the reference for appendSnippet.
func snippetText(s string, n int) string {
	var b strings.Builder
	space, count := false, 0
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == 0x3000 {
			space = b.Len() > 0
			continue
		}
		if count == n {
			b.WriteRune('…')
			break
		}
		if space {
			b.WriteByte(' ')
			count++
			space = false
			if count == n {
				b.WriteRune('…')
				break
			}
		}
		b.WriteRune(r)
		count++
	}
	return b.String()
}

func TestSnippetText(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"  产品\n\n质量  ", 10, "产品 质量"},
		{"一二三四五", 3, "一二三…"},
		{"一二三", 3, "一二三"},
		{"一二三 ", 3, "一二三"},
		{"ab  cd", 3, "ab …"},
		{"\u3000全角空格", 10, "全角空格"},
	}
	for _, tt := range tests {
		if got := snippetText(tt.in, tt.n); got != tt.want {
			t.Errorf("snippetText(%q, %d) = %q; want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func FuzzAppendSnippet(f *testing.F) {
	for _, s := range []string{"  产品\n\n质量  ", "一二三 ", "a\u2028b\u3000c", "bad\xff\xe2\x80", "</script>&\"\\\x01", "质量，“品牌”\u3000《标准》。", "一\u2029二\xed\xa0\x80三\xe0\x80\x80"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n&63 + 1
		got := string(appendSnippet(nil, s, n))
		if want := string(appendJSString(nil, snippetText(s, n))); got != want {
			t.Fatalf("appendSnippet(%q, %d) = %s; want %s", s, n, got, want)
		}
	})
}

func TestAppendJSString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"质量", `"质量"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"</script><script>alert(1)</script>", `"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"`},
		{"a&b", `"a\u0026b"`},
		{"\n\t\x00\x1f", `"\n\t\u0000\u001f"`},
		{"\u2028\u2029", `"\u2028\u2029"`},
		{"bad\xff", "\"bad\uFFFD\""},
	}
	for _, tt := range tests {
		if got := string(appendJSString(nil, tt.in)); got != tt.want {
			t.Errorf("appendJSString(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzAppendJSString checks appendJSString, which copies plain runs whole,
// against its definition: appendJSRune on every code point.
func FuzzAppendJSString(f *testing.F) {
	for _, s := range []string{"质量", "a\"b\\c", "</script>", "\u2028x\u2029", "bad\xff", "\xe4\xb8", "\xe4\xb8a", "规\xe5", "PM2.5平均浓度", "\x7f\x00", "𠀀ÅΩ", "质量，“品牌”\u3000《标准》。", "\xed\xa0\x80\xed\x9f\xbf\xe0\x80\x80\xe0\xa0\x80\u1000\u0fff\ue000\uffff", "a\u2028\u2027\u202a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := []byte{'"'}
		for i := 0; i < len(s); {
			want, i = appendJSRune(want, s, i)
		}
		want = append(want, '"')
		if got := appendJSString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSString(%q) = %s; want %s", s, got, want)
		}
	})
}

// The cap applied while merging batches selects exactly what the rule says, computed
// here from the full postings: with the guessed thresholds of the first batches
// (guessZ), none, and guesses so bold that they miss and the index is made again.
func TestCapMatchesReference(t *testing.T) {
	docs := syntheticDocs(25, 9)
	opt := syntheticOptions(docs)
	opt.MaxPostings = 1 << 30
	full := parseIndex(t, mustBuildFiles(t, docs, opt))
	defer func(b, c int, z float64) { batchBytes, chunkBytes, guessZ = b, c, z }(batchBytes, chunkBytes, guessZ)
	batchBytes, chunkBytes = 100<<10, 16<<10 // merge across many batches
	for _, z := range []float64{guessZ, 1, 0, -2} {
		guessZ = z
		made, misses := guessesMade.Load(), guessMisses.Load()
		capMatchesReference(t, docs, opt, full)
		made, misses = guessesMade.Load()-made, guessMisses.Load()-misses
		t.Logf("guessZ %g: %d guesses, %d indexes made again", z, made, misses)
		switch {
		case z > 0 && z < 7 && (made == 0 || misses == int64(len(capMaxes))):
			t.Errorf("guessZ %g: %d guesses, %d of %d indexes made again; want guesses, some borne out", z, made, misses, len(capMaxes))
		case z < 0 && misses == 0:
			t.Errorf("guessZ %g: no index made again; want guesses that miss", z)
		case z == 0 && made != 0:
			t.Errorf("guessZ 0: %d guesses; want none", made)
		}
	}
}

// capMaxes are the caps capMatchesReference tries.
var capMaxes = []int{1, 2, 7, 40}

func capMatchesReference(t *testing.T, docs []Doc, opt Options, full *parsed) {
	t.Helper()
	for _, max := range capMaxes {
		opt.MaxPostings = max
		capped := parseIndex(t, mustBuildFiles(t, docs, opt))
		checked := 0
		for name, m := range full.allShards() {
			_ = name
			for term := range m {
				df, all, _ := full.lookup(t, term)
				cdf, got, _ := capped.lookup(t, term)
				want := all
				if df > max {
					var heads, rest []posting
					for _, p := range all {
						if p.imp&(impKeyword|impTitle) != 0 {
							heads = append(heads, p)
						}
					}
					byRank := func(a, b posting) int { return cmp.Compare(docRank(a.doc), docRank(b.doc)) }
					slices.SortFunc(heads, byRank)
					heads = heads[:min(len(heads), max/2)]
					for _, p := range all {
						if !slices.Contains(heads, p) {
							rest = append(rest, p)
						}
					}
					slices.SortFunc(rest, byRank)
					want = append(heads, rest[:max-len(heads)]...)
					slices.SortFunc(want, func(a, b posting) int { return a.doc - b.doc })
					checked++
				}
				if cdf != df || !slices.Equal(got, want) {
					t.Fatalf("max %d, term %q: df %d, postings %v; want df %d, %v", max, term, cdf, got, df, want)
				}
			}
		}
		if checked == 0 {
			t.Errorf("max %d: no capped term", max)
		}
	}
}

func mustBuildFiles(t *testing.T, docs []Doc, opt Options) []File {
	files, _ := mustBuild(t, docs, opt)
	return files
}

// TestKth selects from spread values, from values in a narrow range (a pruned
// term's ranks lie below its threshold) and from clusters far apart, small
// lists (quickselect) and large ones (by buckets).
func TestKth(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		val  func(i int) uint32
	}{
		{"spread", func(i int) uint32 { return uint32(i) * 7919 % 100003 }},
		{"narrow", func(i int) uint32 { return 1<<31 + uint32(i) }},
		{"clusters", func(i int) uint32 { return uint32(i%2)<<31 | uint32(i)*3 }},
		{"random", func(int) uint32 { return r.Uint32() }},
	} {
		for _, n := range []int{1, 2, 8, 63, 64, 65, 199, 1200, 1800, 5000} {
			seen := map[uint32]bool{}
			var a []uint32
			for i := 0; len(a) < n; i++ {
				if v := tc.val(i); !seen[v] { // distinct, as kth requires
					seen[v] = true
					a = append(a, v)
				}
			}
			r.Shuffle(n, func(i, j int) { a[i], a[j] = a[j], a[i] })
			sorted := slices.Sorted(slices.Values(a))
			for _, k := range []int{0, n / 3, n * 5 / 8, n - 1} {
				if got := kth(slices.Clone(a), k); got != sorted[k] {
					t.Errorf("%s: kth(%d values, %d) = %d; want %d", tc.name, n, k, got, sorted[k])
				}
			}
		}
	}
}

// sortByDoc orders a term's entries by document, keeping each entry whole, whether
// they come in sorted runs (one per batch) or in no order, short or long.
func TestSortByDoc(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const key = uint64(0xABCD1234) << 32
	var tmp []uint64
	for _, n := range []int{0, 1, 2, 31, 32, 33, 100, 2047, 5000, 100000} {
		for _, runs := range []int{1, 3, 8, 64, 65, 0} { // 0: shuffled
			es := make([]uint64, n)
			step := uint64(min(7919, (1<<26-1)/max(n, 1))) // distinct, below 2^26
			for i := range es {
				d := uint64(i)*step + uint64(r.IntN(int(step)))
				es[i] = key | uint64(r.IntN(64))<<26 | d
			}
			r.Shuffle(n, func(i, j int) { es[i], es[j] = es[j], es[i] })
			if runs > 0 {
				for k := range runs {
					run := es[k*n/runs : (k+1)*n/runs]
					slices.SortFunc(run, func(a, b uint64) int { return cmp.Compare(entryDoc(a), entryDoc(b)) })
				}
			}
			want := slices.Clone(es)
			slices.SortFunc(want, func(a, b uint64) int { return cmp.Compare(entryDoc(a), entryDoc(b)) })
			tmp = sortByDoc(es, tmp)
			if !slices.Equal(es, want) {
				t.Fatalf("sortByDoc(%d entries, %d runs): not the entries in document order", n, runs)
			}
		}
	}
}

// lowRankOrder lists every document once: those of docRank below lowRank
// first, in increasing docRank, then the others in document order.
func TestLowRankOrder(t *testing.T) {
	for _, n := range []int{0, 1, 2, 1000, 20000} {
		got, low := lowRankOrder(n)
		seen := make([]bool, n)
		for i, id := range got {
			if seen[id] {
				t.Fatalf("lowRankOrder(%d): document %d twice", n, id)
			}
			seen[id] = true
			r := docRank(int(id))
			switch {
			case i < low && r >= lowRank:
				t.Fatalf("lowRankOrder(%d)[%d]: rank %d among the first %d", n, i, r, low)
			case i >= low && r < lowRank:
				t.Fatalf("lowRankOrder(%d)[%d]: rank %d after the first %d", n, i, r, low)
			case i > 0 && i < low && docRank(int(got[i-1])) >= r:
				t.Fatalf("lowRankOrder(%d)[%d]: rank %d after %d", n, i, r, docRank(int(got[i-1])))
			case i > low && got[i-1] >= id:
				t.Fatalf("lowRankOrder(%d)[%d]: document %d after %d", n, i, id, got[i-1])
			}
		}
		if len(got) != n {
			t.Errorf("lowRankOrder(%d) has %d documents", n, len(got))
		}
		if n == 20000 && (low < n/10 || low > n/6) {
			t.Errorf("lowRankOrder(%d): %d of low rank; want about an eighth", n, low)
		}
	}
}

// A document's body given by BodyFunc, or by BodyOf from its Source, indexes exactly
// as the same text in Body, and the function is called once per document.
func TestBodyFunc(t *testing.T) {
	docs := syntheticDocs(20, 4)
	opt := syntheticOptions(docs)
	want, _ := mustBuild(t, docs, opt)
	for _, kind := range []string{"BodyFunc", "BodyOf"} {
		t.Run(kind, func(t *testing.T) {
			var calls atomic.Int64
			bodyOf := func(dst []byte, src any) []byte { calls.Add(1); return append(dst, *src.(*string)...) }
			lazy := slices.Clone(docs)
			for i := range lazy {
				if i%3 == 0 {
					continue // a mix of both
				}
				body := lazy[i].Body
				lazy[i].Body = ""
				if kind == "BodyFunc" {
					lazy[i].BodyFunc = func() string { calls.Add(1); return body }
				} else {
					lazy[i].BodyOf, lazy[i].Source = bodyOf, &body
				}
			}
			got, _ := mustBuild(t, lazy, opt)
			if n := int(calls.Load()); n != len(docs)-(len(docs)+2)/3 {
				t.Errorf("%s called %d times for %d documents", kind, n, len(docs)-(len(docs)+2)/3)
			}
			if len(got) != len(want) {
				t.Fatalf("Build with %s: %d files; with Body %d", kind, len(got), len(want))
			}
			for i := range want {
				if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
					t.Fatalf("Build with %s differs from Body at %s", kind, want[i].Path)
				}
			}
		})
	}
}

// BuildTo has read every body when it emits its first file (the site lets go of
// the text then), even when a guessed threshold misses and the index is made again.
func TestBodiesReadBeforeFirstFile(t *testing.T) {
	defer func(b, c int, z float64) { batchBytes, chunkBytes, guessZ = b, c, z }(batchBytes, chunkBytes, guessZ)
	batchBytes, chunkBytes = 100<<10, 16<<10 // many batches, as in TestCapMatchesReference
	docs := syntheticDocs(30, 9)
	opt := syntheticOptions(docs)
	opt.MaxPostings = 16
	for _, z := range []float64{guessZ, -2} { // -2: guesses that miss
		guessZ = z
		var emitted, late, calls atomic.Int64
		lazy := slices.Clone(docs)
		for i := range lazy {
			body := lazy[i].Body
			lazy[i].Body = ""
			lazy[i].BodyOf, lazy[i].Source = func(dst []byte, src any) []byte {
				calls.Add(1)
				if emitted.Load() > 0 {
					late.Add(1)
				}
				return append(dst, *src.(*string)...)
			}, &body
		}
		misses := guessMisses.Load()
		_, err := BuildTo(lazy, opt, func(File) error { emitted.Add(1); return nil })
		again := guessMisses.Load() - misses
		if err != nil || late.Load() != 0 || calls.Load() < int64(len(docs)) || z < 0 && again == 0 {
			t.Errorf("guessZ %g: %d bodies read after the first of %d files (%d reads of %d bodies, %d indexes made again), %v; want none",
				z, late.Load(), emitted.Load(), calls.Load(), len(docs), again, err)
		}
	}
}

// However few files MaxFiles allows, the results are the same, and there are no more
// files than that.
func TestMaxFiles(t *testing.T) {
	docs := syntheticDocs(60, 6)
	opt := syntheticOptions(docs)
	ref := parseIndex(t, mustBuildFiles(t, docs, opt))
	if n := len(ref.files); n < 200 {
		t.Fatalf("%d files with the defaults; want a case with more than the budgets below", n)
	}
	for _, max := range []int{4, 20, 150} {
		opt.MaxFiles = max
		files, st := mustBuild(t, docs, opt)
		if len(files) > max {
			t.Errorf("MaxFiles %d: %d files (%d term, %d doc, %d first-page shards)", max, len(files), st.TermShards, st.DocShards, st.FirstShards)
		}
		p := parseIndex(t, files)
		for _, q := range append(slices.Clone(shortQueries), longQueries...) {
			wantIDs, wantFull, _ := ref.refQuery(t, q, "", "")
			ids, full, _ := p.refQuery(t, q, "", "")
			if !slices.Equal(ids, wantIDs) || full != wantFull {
				t.Errorf("MaxFiles %d: query %q gives %d results (%d full); with the defaults %d (%d)", max, q, len(ids), full, len(wantIDs), wantFull)
				continue
			}
			for _, id := range ids[:min(3, len(ids))] {
				if g, w := p.doc(id), ref.doc(id); !slices.Equal(g, w) {
					t.Errorf("MaxFiles %d: doc %d = %q; with the defaults %q", max, id, g, w)
				}
			}
		}
	}
}

// The first-page shards hold, for every term in more than MaxPostings documents,
// the records of the first page of its results, as the doc shards have them.
func TestFirstPages(t *testing.T) {
	alwaysFirstPages(t)
	docs := syntheticDocs(30, 7)
	opt := syntheticOptions(docs)
	opt.MaxPostings = 40
	files, st := mustBuild(t, docs, opt)
	p := parseIndex(t, files)
	if st.FirstShards == 0 || p.meta.FirstShards != st.FirstShards {
		t.Fatalf("%d first-page shards, meta says %d; want some", st.FirstShards, p.meta.FirstShards)
	}
	pages := map[string][][7]any{}
	for s := range st.FirstShards {
		name := shardName(s, st.FirstShards)
		for term, recs := range p.firstShard(name) {
			if want := shardName(termShard(term, st.FirstShards), st.FirstShards); want != name {
				t.Errorf("first page of %q in shard %s; want %s", term, name, want)
			}
			pages[term] = recs
		}
	}
	capped := 0
	for _, m := range p.allShards() {
		for term, e := range m {
			if int(e[0].(float64)) <= opt.MaxPostings {
				if _, ok := pages[term]; ok {
					t.Errorf("term %q in %v documents has a first page", term, e[0])
				}
				continue
			}
			capped++
			recs, ok := pages[term]
			if !ok {
				t.Errorf("term %q in %v documents has no first page", term, e[0])
				continue
			}
			ids, _, _ := p.refQuery(t, term, "", "")
			if len(recs) != min(10, len(ids)) {
				t.Errorf("first page of %q: %d records; want %d", term, len(recs), min(10, len(ids)))
				continue
			}
			kinds := []string{"plan", "section", "indicator", "region", "theme"}
			for k, r := range recs {
				got := []string{r[1].(string), r[2].(string), r[3].(string), r[4].(string), kinds[int(r[5].(float64))], r[6].(string)}
				if id := int(r[0].(float64)); id != ids[k] || !slices.Equal(got, p.doc(id)) {
					t.Errorf("first page of %q, result %d: doc %d %q; want doc %d %q", term, k, id, got, ids[k], p.doc(ids[k]))
				}
			}
		}
	}
	if capped == 0 || len(pages) != capped {
		t.Errorf("%d first pages for %d capped terms", len(pages), capped)
	}
}

// First-page shards are written where a first page from doc shards could load
// more than firstPageBytes: where MaxFiles makes the doc shards large.
func TestFirstPagesWhereNeeded(t *testing.T) {
	docs := syntheticDocs(30, 7)
	for _, tt := range []struct {
		maxFiles int
		want     bool
	}{
		{0, false},    // doc shards of about DocShardBytes
		{64, true},    // a few large doc shards
		{4096, false}, // a budget the site is under
	} {
		opt := syntheticOptions(docs)
		opt.MaxPostings, opt.MaxFiles = 40, tt.maxFiles
		_, st := mustBuild(t, docs, opt)
		page := firstPageDocBytes(st)
		if got := st.FirstShards > 0; got != tt.want || got != (page > firstPageBytes) || st.PrunedTerms == 0 {
			t.Errorf("MaxFiles %d: %d first-page shards, %d doc shards of %d bytes, %d capped terms; want first pages %v",
				tt.maxFiles, st.FirstShards, st.DocShards, int(st.DocBytes)/st.DocShards, st.PrunedTerms, tt.want)
		}
	}
}

// The typical queries of the benchmark load at most 100 KB of index (term shards,
// then the first-page or doc shards of the first ten results) in a portal of 300
// plans (12,000 documents).
func TestQueryBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	docs := syntheticDocs(300, 8)
	files, _ := mustBuild(t, docs, syntheticOptions(docs))
	p := parseIndex(t, files)
	for _, q := range append(slices.Clone(shortQueries), longQueries...) {
		ids, _, tfiles := p.refQuery(t, q, "", "")
		dfiles := p.pageFiles(q, ids[:min(10, len(ids))])
		if n := p.size(tfiles) + p.size(dfiles); n > 100<<10 || len(ids) == 0 {
			t.Errorf("query %q: %d results; loads %d term shards and %d other shards, %d KB; want at most 100 KB", q, len(ids), len(tfiles), len(dfiles), n>>10)
		}
	}
}

// checkURLRef is checkURL as first written (rune by rune, strings.Split): the
// reference of the faster one.
func checkURLRef(u string) error {
	if u == "" {
		return errors.New("empty URL")
	}
	for _, r := range u {
		if r <= ' ' || r == '\\' || r == 0x7F || r == utf8.RuneError {
			return fmt.Errorf("URL %q has a space, control character, backslash or invalid UTF-8", u)
		}
	}
	path := u
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	switch {
	case path == "":
		return fmt.Errorf("URL %q names no file", u)
	case strings.HasPrefix(path, "/"):
		return fmt.Errorf("URL %q must be relative to the site root", u)
	case strings.Contains(path, ":"):
		return fmt.Errorf("URL %q must be a relative path, not a scheme", u)
	case strings.HasSuffix(path, "/"):
		return fmt.Errorf("URL %q must name its file (index.html)", u)
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("URL %q has an empty, \".\" or \"..\" segment", u)
		}
	}
	return nil
}

var urlCases = []string{
	"", "a.html", "plans/x/index.html#s1", "a//b.html", "./a.html", "a/./b.html", "a/../b.html", "a/..",
	"a b.html", "a\tb", "a\\b", "a\x7fb", "规划/甲.html", "规划/\xff.html", "a\uFFFD.html", "/a.html",
	"a:b", "a/", "#x", "?q", "a.html?q=1#x", "a/b/c.html#s3-1", "é\x01", "x/.", "..", "a/b.", "\u3000a",
}

func TestCheckURLMatchesReference(t *testing.T) {
	for _, u := range urlCases {
		if got, want := fmt.Sprint(checkURL(u)), fmt.Sprint(checkURLRef(u)); got != want {
			t.Errorf("checkURL(%q) = %s; want %s", u, got, want)
		}
	}
}

func FuzzCheckURL(f *testing.F) {
	for _, u := range urlCases {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, u string) {
		if got, want := fmt.Sprint(checkURL(u)), fmt.Sprint(checkURLRef(u)); got != want {
			t.Errorf("checkURL(%q) = %s; want %s", u, got, want)
		}
	})
}

func TestAnyEqual(t *testing.T) {
	tests := []struct {
		a, b []uint64
		want bool
	}{
		{nil, nil, false},
		{[]uint64{1, 3}, []uint64{2, 4}, false},
		{[]uint64{1, 1}, []uint64{2}, true},
		{[]uint64{1}, []uint64{2, 2}, true},
		{[]uint64{1, 5, 9}, []uint64{2, 9}, true},
		{[]uint64{7}, []uint64{0, 7}, true},
		{[]uint64{0, 2, 4, 6}, []uint64{1, 3, 5, 7}, false},
	}
	for _, tt := range tests {
		if got := anyEqual(tt.a, tt.b); got != tt.want {
			t.Errorf("anyEqual(%v, %v) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
