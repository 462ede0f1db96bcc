package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

const (
	defaultMaxPostings   = 600
	defaultShardBytes    = 3 << 10
	defaultDocShardBytes = 2 << 10
	defaultSnippetRunes  = 90
	defaultMaxFiles      = 65536
	firstShardBytes      = 16 << 10
	firstPageLen         = 10 // results on the client's first page

	maxDocs   = 1 << 26 // document numbers take 26 bits of an entry
	docMask   = maxDocs - 1
	maxThemes = 60
	numParts  = 256 // partitions of the term space while building

	impKeyword = 32
	impTitle   = 16
	impContext = 8

	// Term keys: Han bigrams and single characters of the Basic Multilingual Plane are
	// packed into the key; other terms are numbered through a dictionary.
	keyBi  = 1 << 31
	keyUni = 1 << 30
)

// firstPageBytes is what the doc shards of a first page may take before
// first-page shards are written (see needFirstPages): half the 100 KB a typical
// query may load. A variable for the tests.
var firstPageBytes = 50 << 10

// alphabet gives the digit characters of posting strings, values 0–63.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// Fields of a document, in the order they are scanned.
const (
	fieldKeyword = iota
	fieldTitle
	fieldContext
	fieldBody
)

func (o Options) withDefaults() Options {
	if o.MaxPostings <= 0 {
		o.MaxPostings = defaultMaxPostings
	}
	if o.ShardBytes <= 0 {
		o.ShardBytes = defaultShardBytes
	}
	if o.DocShardBytes <= 0 {
		o.DocShardBytes = defaultDocShardBytes
	}
	if o.MaxFiles <= 0 {
		o.MaxFiles = defaultMaxFiles
	}
	if o.SnippetRunes <= 0 {
		o.SnippetRunes = defaultSnippetRunes
	}
	return o
}

// hanIndex packs a BMP Han character into 15 bits, or returns -1.
func hanIndex(r rune) int32 {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		return 6593 + r - 0x4E00
	case r == 0x3007:
		return 0
	case r >= 0x3400 && r <= 0x4DBF:
		return 1 + r - 0x3400
	case r >= 0x4E00 && r <= 0x9FFF:
		return 6593 + r - 0x4E00
	case r >= 0xF900 && r <= 0xFAFF:
		return 27585 + r - 0xF900
	}
	return -1
}

func hanRune(i uint32) rune {
	switch {
	case i == 0:
		return 0x3007
	case i < 6593:
		return rune(i-1) + 0x3400
	case i < 27585:
		return rune(i-6593) + 0x4E00
	}
	return rune(i-27585) + 0xF900
}

func hashKey(k uint32) uint32 { return k * 0x9E3779B1 }

// mixKey is a second hash, independent of hashKey (which picks the partition).
func mixKey(k uint32) uint32 {
	k ^= k >> 16
	k *= 0x85EBCA6B
	k ^= k >> 13
	k *= 0xC2B2AE35
	return k ^ k>>16
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// shardName is the hex name of shard i of n: two digits per level of 256.
func shardName(i, n int) string {
	digits := 2
	for m := 256; m < n; m *= 256 {
		digits += 2
	}
	s := strconv.FormatInt(int64(i), 16)
	return strings.Repeat("0", digits-len(s)) + s
}

// shardPath is the file of shard name under dir ("t" or "d").
func shardPath(dir, name string) string {
	var b strings.Builder
	b.WriteString("search/")
	b.WriteString(dir)
	for i := 0; i < len(name); i += 2 {
		b.WriteByte('/')
		b.WriteString(name[i : i+2])
	}
	b.WriteString(".js")
	return b.String()
}

// termShard is the term shard of term among n.
func termShard(term string, n int) int { return int(fnv32(term) % uint32(n)) }

func checkURL(u string) error {
	if u == "" {
		return errors.New("empty URL")
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c >= utf8.RuneSelf { // the rest by code point
			for _, r := range u[i:] {
				if r == utf8.RuneError || r == 0x7F || r <= ' ' || r == '\\' {
					return fmt.Errorf("URL %q has a space, control character, backslash or invalid UTF-8", u)
				}
			}
			break
		}
		if c <= ' ' || c == '\\' || c == 0x7F {
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
	for rest := path; ; {
		seg, more, found := strings.Cut(rest, "/")
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("URL %q has an empty, \".\" or \"..\" segment", u)
		}
		if !found {
			return nil
		}
		rest = more
	}
}

// regionNode is a region of the hierarchy with the documents that name it.
type regionNode struct {
	slug, name string
	parent     *regionNode
	children   []*regionNode
	docs       []int
	start, end int // document number range of the subtree
	depth      int
	context    string // ancestor and own names, for the context field
}

// plan of the document order and the region table.
type layout struct {
	order   []int         // new number → input index
	context []string      // by new number: plan title and region names
	regions []*regionNode // pre-order, only those with documents
}

func orderDocs(docs []Doc, regions []Region) layout {
	nodes := map[string]*regionNode{}
	var listed []*regionNode
	for _, r := range regions {
		if r.Slug == "" || nodes[r.Slug] != nil {
			continue
		}
		n := &regionNode{slug: r.Slug, name: r.Name}
		nodes[r.Slug] = n
		listed = append(listed, n)
	}
	for _, r := range regions {
		n := nodes[r.Slug]
		p := nodes[r.Parent]
		if n == nil || n.parent != nil || p == nil {
			continue
		}
		cyclic := false
		for a := p; a != nil; a = a.parent {
			if a == n {
				cyclic = true
				break
			}
		}
		if !cyclic {
			n.parent = p
			p.children = append(p.children, n)
		}
	}
	var global []int
	var extra []*regionNode
	for i := range docs {
		d := &docs[i]
		if d.RegionSlug == "" {
			global = append(global, i)
			continue
		}
		n := nodes[d.RegionSlug]
		if n == nil {
			n = &regionNode{slug: d.RegionSlug}
			nodes[d.RegionSlug] = n
			extra = append(extra, n)
		}
		if n.name == "" {
			n.name = d.Region
		}
		n.docs = append(n.docs, i)
	}
	// Every document is placed once (the regions' trees hold each region once).
	l := layout{order: make([]int, 0, len(docs)), context: make([]string, 0, len(docs))}
	l.order = append(l.order, global...)
	for range global {
		l.context = append(l.context, "")
	}
	var visit func(n *regionNode, depth int, ctx string)
	visit = func(n *regionNode, depth int, ctx string) {
		n.depth = depth
		n.start = len(l.order)
		n.context = strings.TrimSpace(ctx + " " + n.name)
		idx := len(l.regions)
		l.regions = append(l.regions, n)
		prev := -1
		for _, i := range n.docs {
			l.order = append(l.order, i)
			// Consecutive documents of a plan share one context string.
			if prev >= 0 && docs[i].Plan == docs[prev].Plan && docs[i].Region == docs[prev].Region {
				l.context = append(l.context, l.context[len(l.context)-1])
				prev = i
				continue
			}
			c := docs[i].Plan + " " + n.context
			if docs[i].Region != n.name {
				c += " " + docs[i].Region
			}
			l.context = append(l.context, c)
			prev = i
		}
		for _, c := range n.children {
			visit(c, depth+1, n.context)
		}
		n.end = len(l.order)
		if n.end == n.start { // no documents in the subtree: not a filter choice
			l.regions = l.regions[:idx]
		}
	}
	for _, n := range listed {
		if n.parent == nil {
			visit(n, 0, "")
		}
	}
	for _, n := range extra {
		visit(n, 0, "")
	}
	return l
}

// term is one finished posting list.
type term struct {
	text string
	df   int
	data []byte
	// What an Index keeps to update it: the key, the documents with the term in a
	// heading, the thresholds of its candidates (termState) and, when the term is
	// capped (df > MaxPostings, or thresholds set), the candidates; otherwise data
	// holds every document.
	key        uint32
	nh         int32
	aThr, hThr uint32
	es         []uint64
}

// Build indexes docs and returns the index files (sorted by path) and figures about
// them. The bytes depend only on docs, their order and opt. Documents with invalid
// URLs, duplicate URLs, unknown kinds or unknown themes make it fail, naming each.
func Build(docs []Doc, opt Options) ([]File, Stats, error) {
	var mu sync.Mutex
	var files []File
	st, err := BuildTo(docs, opt, func(f File) error {
		f.Data = slices.Clone(f.Data) // BuildTo reuses it
		mu.Lock()
		files = append(files, f)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, st, err
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, st, nil
}

// BuildTo is Build handing each file to emit as soon as it is made, so that the
// caller can write it and the index need not be held whole (a few hundred MB for a
// national portal). emit is called from several goroutines at once, in no set order,
// search/meta.js last; its first error stops the build and is returned. f.Data is
// only emit's until it returns: its bytes are then reused for another file. Every
// document's body has been read when emit is first called, and none is read
// again: what the bodies are made from may be let go of then.
func BuildTo(docs []Doc, opt Options, emit func(File) error) (Stats, error) {
	s, err := build(docs, opt, emit, false)
	if s == nil {
		return Stats{}, err
	}
	return s.st, err
}

// state is an index: the documents, their terms and how they are cut into files.
// BuildTo drops it as it writes; an Index keeps it (keep) for its updates.
type state struct {
	opt        Options
	keep       bool
	bufs       sync.Pool // *[]byte: the files' bytes, reused once emitted unless keep
	docs       []Doc
	l          layout
	themes     []Theme
	themeChars int
	docThemes  []uint64 // by document number
	themeCount []int
	snips      [][]byte // by document number: the snippet as a JS string literal
	terms      []term   // a term of df 0 is gone (after an update)
	dict       *dictionary

	// The files: shard counts, which terms and first pages go where, their sums.
	nshards, ndoc, perShard, nfirst int
	byShard                         [][]int32 // term indexes by term shard, sorted by text
	firstTerms                      []int32   // the terms with a first page
	pages                           [][]int32 // their first pages, by firstTerms index
	byFirst                         [][]int32 // firstTerms indexes by first-page shard, sorted by text
	termSums, docSums, firstSums    []fileSum
	termBytes, docBytes             int // see sizes
	st                              Stats
}

// prepare checks docs (every problem, named) and numbers them.
func prepare(docs []Doc, opt Options) (*state, error) {
	var problems []string
	// URLs and kinds are checked, and URLs hashed, in parallel (a map of every
	// URL took half a second of one core for a national portal); only if one
	// is wrong or two hashes are equal are the documents gone through again
	// one by one, for the messages.
	var wrong atomic.Bool
	const chunk = 4096
	// The documents are ordered meanwhile (50 ms of one core at 10,000
	// plans), for nothing if a problem is found.
	var l layout
	ordered := make(chan struct{})
	go func() {
		defer close(ordered)
		l = orderDocs(docs, opt.Regions)
	}()
	hashes := make([]uint64, len(docs))
	seed := maphash.MakeSeed()
	parallel((len(docs)+chunk-1)/chunk, runtime.GOMAXPROCS(0), func(c int) {
		for i := c * chunk; i < min(len(docs), (c+1)*chunk); i++ {
			if checkURL(docs[i].URL) != nil || !kinds[docs[i].Kind] {
				wrong.Store(true)
			}
			hashes[i] = maphash.String(seed, docs[i].URL)
		}
	})
	// Sorted in two halves at once, then compared (a sort of the whole was
	// 35 ms at 10,000 plans on one core, the other idle).
	halves := [2][]uint64{hashes[:len(hashes)/2], hashes[len(hashes)/2:]}
	parallel(2, 2, func(k int) { slices.Sort(halves[k]) })
	check := wrong.Load()
	again := check || anyEqual(halves[0], halves[1])
	hashes = nil
	if again {
		seen := make(map[string]int, len(docs))
		for i := range docs {
			d := &docs[i]
			var err error
			if check {
				err = checkURL(d.URL)
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("doc %d: %v", i, err))
			} else if j, dup := seen[d.URL]; dup {
				problems = append(problems, fmt.Sprintf("doc %d: URL %q already used by doc %d", i, d.URL, j))
			} else {
				seen[d.URL] = i
			}
			if check && !kinds[d.Kind] {
				problems = append(problems, fmt.Sprintf("doc %d (%s): unknown kind %q", i, d.URL, d.Kind))
			}
		}
	}
	if len(docs) > maxDocs {
		problems = append(problems, fmt.Sprintf("%d documents: at most %d", len(docs), maxDocs))
	}
	themes := slices.Clone(opt.Themes)
	themeIdx := map[string]int{}
	for _, t := range themes {
		if _, dup := themeIdx[t.ID]; dup || t.ID == "" {
			problems = append(problems, fmt.Sprintf("theme %q listed twice or empty", t.ID))
		}
		themeIdx[t.ID] = len(themeIdx)
	}
	fixed := len(themes) > 0
	for i := range docs {
		for _, id := range docs[i].Themes {
			if _, ok := themeIdx[id]; ok {
				continue
			}
			if fixed {
				problems = append(problems, fmt.Sprintf("doc %d (%s): unknown theme %q", i, docs[i].URL, id))
				continue
			}
			themeIdx[id] = len(themes)
			themes = append(themes, Theme{ID: id, Name: id})
		}
	}
	if len(themes) > maxThemes {
		problems = append(problems, fmt.Sprintf("%d themes: at most %d", len(themes), maxThemes))
	}
	<-ordered
	if len(problems) > 0 {
		return nil, errors.New("search: " + strings.Join(problems, "\n"))
	}
	s := &state{opt: opt, docs: docs, l: l, themes: themes}
	n := len(s.l.order)
	s.st.Docs = n
	s.themeChars = (len(themes) + 5) / 6
	s.docThemes = make([]uint64, n)
	s.themeCount = make([]int, len(themes))
	var mu sync.Mutex
	parallel((n+chunk-1)/chunk, runtime.GOMAXPROCS(0), func(c int) {
		count := make([]int, len(themes))
		for id := c * chunk; id < min(n, (c+1)*chunk); id++ {
			for _, t := range docs[s.l.order[id]].Themes {
				k := themeIdx[t]
				if s.docThemes[id]&(1<<k) == 0 {
					s.docThemes[id] |= 1 << k
					count[k]++
				}
			}
		}
		mu.Lock()
		for k, v := range count {
			s.themeCount[k] += v
		}
		mu.Unlock()
	})
	return s, nil
}

// anyEqual reports whether a value is in a twice, in b twice, or in both; a
// and b are sorted.
func anyEqual(a, b []uint64) bool {
	for _, x := range [][]uint64{a, b} {
		for i := 1; i < len(x); i++ {
			if x[i] == x[i-1] {
				return true
			}
		}
	}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// build indexes docs and emits every file; keep keeps what an Index needs.
func build(docs []Doc, opt Options, emit func(File) error, keep bool) (*state, error) {
	opt = opt.withDefaults()
	s, err := prepare(docs, opt)
	if err != nil {
		return nil, err
	}
	s.keep = keep
	n := len(s.l.order)

	// Index, then encode each term's postings.
	nw := runtime.GOMAXPROCS(0)
	s.snips = make([][]byte, n)
	extra := 0
	if keep {
		extra = slack(opt.MaxPostings)
	}
	// Guessed thresholds (see guess) for an index only written, whose
	// bodies may be read twice (not BodyFunc's).
	guesses := !keep && guessZ != 0 && !slices.ContainsFunc(docs, func(d Doc) bool { return d.BodyFunc != nil })
	digits := themeDigits(s.docThemes, s.themeChars)
	var parts [][]term
	for {
		var again bool
		if parts, again = s.index(docs, opt, nw, extra, digits, guesses); !again {
			break
		}
		guessMisses.Add(1)
		guesses = false
	}
	for _, ts := range parts {
		s.terms = append(s.terms, ts...)
	}
	parts = nil
	out := &emitter{emit: emit}
	s.emitAll(out)
	return s, out.err
}

// index indexes the documents and encodes each term's postings, by
// partition; again reports that a guessed threshold proved too low: the
// index must be made again without guesses.
func (s *state) index(docs []Doc, opt Options, nw, extra int, digits []byte, guesses bool) (parts [][]term, again bool) {
	keep := s.keep
	states, dict := indexDocs(docs, &s.l, opt.MaxPostings, extra, nw, s.snips, opt.SnippetRunes, guesses)
	s.dict = dict
	parts = make([][]term, numParts)
	var stored, pruned atomic.Int64
	var missed atomic.Bool
	parallel(numParts, nw, func(p int) {
		ps := &states[p]
		ts := ps.terms
		est := 0
		for i := range ts {
			est += min(int(ts[i].n), opt.MaxPostings) * (4 + s.themeChars)
		}
		var es, tmp []uint64
		arena := make([]byte, 0, est)
		ends := make([]int, len(ts))
		out := make([]term, len(ts))
		for i := range ts {
			t := &ts[i]
			var np int64
			es = ps.entries(t, es[:0])
			tmp = sortByDoc(es, tmp)
			var held bool
			arena, np, held = encodePostings(arena, es, int(t.df), int(t.nh), opt.MaxPostings, digits, s.themeChars, t.aThr)
			if guesses && !held {
				missed.Store(true) // a guess (see guess) was too low
			}
			stored.Add(np)
			if int(t.df) > opt.MaxPostings {
				pruned.Add(1)
			}
			ends[i] = len(arena)
			out[i] = term{text: keyText(t.key, dict.strs), df: int(t.df)}
			if keep {
				out[i].key, out[i].nh, out[i].aThr, out[i].hThr = t.key, t.nh, t.aThr, t.hThr
				if t.aThr != math.MaxUint32 || int(t.df) > opt.MaxPostings {
					out[i].es = slices.Clone(es) // data holds only the postings kept
				}
			}
		}
		start := 0
		for i := range out {
			out[i].data = arena[start:ends[i]:ends[i]]
			start = ends[i]
		}
		states[p] = partState{}
		parts[p] = out
	})
	if missed.Load() {
		return nil, true
	}
	s.st.Postings = int(stored.Load())
	s.st.PrunedTerms = int(pruned.Load())
	return parts, false
}

// sizes returns about what the terms, the doc records and the first pages take in
// their files (what shardCounts cuts), making the first pages. The terms' and the
// doc records' sizes are summed again only when all is set (else an update keeps
// s.termBytes and s.docBytes up to date).
func (s *state) sizes(nw int, page func(i int32) []int32, all bool) (termBytes, docBytes, firstBytes int) {
	docs, order := s.docs, s.l.order
	if all {
		s.termBytes, s.docBytes, s.st.Terms = 0, 0, 0
		for i := range s.terms {
			if s.terms[i].df > 0 {
				s.termBytes += termSize(&s.terms[i])
				s.st.Terms++
			}
		}
		for id := range order {
			s.docBytes += docSize(docs, order, s.snips, id)
		}
	}
	// First pages: the records of the first page of each capped term's results as a
	// query of that term alone, without filters. Those are the commonest queries;
	// their results come from the term's sample, spread over the whole site, so their
	// first page would otherwise need a doc shard per result. Only where those
	// doc shards are large (needFirstPages).
	s.firstTerms = s.firstTerms[:0]
	need := s.needFirstPages()
	for i := range s.terms {
		if need && s.terms[i].df > s.opt.MaxPostings {
			s.firstTerms = append(s.firstTerms, int32(i))
		}
	}
	s.pages = make([][]int32, len(s.firstTerms))
	parallel(len(s.firstTerms), nw, func(k int) {
		if page != nil {
			s.pages[k] = page(s.firstTerms[k])
		}
		if s.pages[k] == nil {
			s.pages[k] = firstPage(s.terms[s.firstTerms[k]].data, s.themeChars, firstPageLen)
		}
	})
	for _, ids := range s.pages {
		for _, id := range ids {
			d := &docs[order[id]]
			firstBytes += len(d.URL) + len(d.Title) + len(d.Plan) + len(d.Region) + len(s.snips[id]) + 24
		}
	}
	return s.termBytes, s.docBytes, firstBytes
}

// needFirstPages reports whether the first pages of the capped terms are worth
// their shards: whether the doc shards, as cut for s.termBytes and s.docBytes,
// are so large that a first page (firstPageLen results, each in a doc shard
// of its own at worst) could load more than firstPageBytes of them. They
// grow so where MaxFiles holds their number down: with the defaults past
// about 17,000 plans, or with a small MaxFiles. Below that, the doc shards
// of a first page are well within what a query may load, and first-page
// shards would trade a few kilobytes a query (one file instead of ten) for
// a build's work: at 10,000 plans 3,840 files, 65 MB and about 0.2 CPU s.
func (s *state) needFirstPages() bool {
	_, nd, _ := shardCounts(s.termBytes, s.docBytes, 0, s.opt)
	if _, nd = docShards(len(s.l.order), nd); nd == 0 {
		return false
	}
	return min(firstPageLen, nd)*s.docBytes/nd > firstPageBytes
}

// docShards cuts n documents into about nd doc shards: perShard documents each,
// in count shards.
func docShards(n, nd int) (perShard, count int) {
	perShard = max(1, (n+nd-1)/nd)
	return perShard, (n + perShard - 1) / perShard
}

// docSize is about what document id's record takes in its doc shard.
func docSize(docs []Doc, order []int, snips [][]byte, id int) int {
	d := &docs[order[id]]
	n := len(compactURL(docs, order, id)) + len(d.Title) + len(snips[id]) + 12
	if id == 0 || d.Plan != docs[order[id-1]].Plan || d.Region != docs[order[id-1]].Region {
		n += len(d.Plan) + len(d.Region) + 8
	}
	return n
}

// place cuts the index into nt term shards, documents into about nd doc shards and
// the first pages into nf shards.
func (s *state) place(nt, nd, nf int) {
	n := len(s.l.order)
	s.nshards, s.nfirst = nt, nf
	s.perShard, s.ndoc = docShards(n, nd)
	s.byShard = make([][]int32, nt)
	for i := range s.terms {
		if s.terms[i].df > 0 {
			sh := termShard(s.terms[i].text, nt)
			s.byShard[sh] = append(s.byShard[sh], int32(i))
		}
	}
	parallel(nt, runtime.GOMAXPROCS(0), func(sh int) {
		slices.SortFunc(s.byShard[sh], func(a, b int32) int { return strings.Compare(s.terms[a].text, s.terms[b].text) })
	})
	s.placeFirst()
	s.termSums, s.docSums, s.firstSums = make([]fileSum, nt), make([]fileSum, s.ndoc), make([]fileSum, nf)
	s.st.TermShards, s.st.DocShards, s.st.FirstShards, s.st.PerShard = nt, s.ndoc, nf, s.perShard
}

// placeFirst puts the first pages into first-page shards.
func (s *state) placeFirst() {
	s.byFirst = make([][]int32, s.nfirst)
	for k, i := range s.firstTerms {
		sh := termShard(s.terms[i].text, s.nfirst)
		s.byFirst[sh] = append(s.byFirst[sh], int32(k))
	}
	for _, ks := range s.byFirst {
		slices.SortFunc(ks, func(a, b int32) int {
			return strings.Compare(s.terms[s.firstTerms[a]].text, s.terms[s.firstTerms[b]].text)
		})
	}
}

// emitAll cuts the index into files and emits them all.
func (s *state) emitAll(out *emitter) {
	termBytes, docBytes, firstBytes := s.sizes(runtime.GOMAXPROCS(0), nil, true)
	s.place(shardCounts(termBytes, docBytes, firstBytes, s.opt))
	s.emitFiles(out)
}

// emitFiles emits every file of the index as placed.
func (s *state) emitFiles(out *emitter) {
	nw := runtime.GOMAXPROCS(0)
	parallel(s.nshards, nw, func(sh int) { s.termSums[sh] = s.put(out, s.termFile(sh)) })
	if !s.keep {
		for i := range s.terms {
			s.terms[i].data = nil // written
		}
	}
	parallel(s.ndoc, nw, func(sh int) { s.docSums[sh] = s.put(out, s.docFile(sh)) })
	parallel(s.nfirst, nw, func(sh int) { s.firstSums[sh] = s.put(out, s.firstFile(sh)) })
	if !s.keep {
		s.snips = nil
	}
	s.emitMeta(out)
}

// buffer returns an empty slice of at least size bytes for a file's data.
// Without keep the files' bytes are reused (s.put): a national portal's index
// is 300 MB of files of a few kilobytes, which would otherwise be garbage
// made at the end of the build, with the rest of the site still live.
func (s *state) buffer(size int) []byte {
	if !s.keep {
		if p, ok := s.bufs.Get().(*[]byte); ok && cap(*p) >= size {
			return (*p)[:0]
		}
	}
	return make([]byte, 0, size)
}

// put emits f and, without keep, takes its bytes back for the next file.
func (s *state) put(out *emitter, f File) fileSum {
	sum := out.put(f)
	if !s.keep {
		b := f.Data[:0]
		s.bufs.Put(&b)
	}
	return sum
}

// termFile is term shard sh.
func (s *state) termFile(sh int) File {
	idx := s.byShard[sh]
	name := shardName(sh, s.nshards)
	size := 40
	for _, i := range idx {
		size += len(s.terms[i].text) + len(s.terms[i].data) + 16
	}
	b := s.buffer(size)
	b = append(b, `QPSearch.addShard("`...)
	b = append(b, name...)
	b = append(b, `",{`...)
	first := true
	for _, i := range idx {
		t := &s.terms[i]
		if t.df == 0 {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSString(b, t.text)
		b = append(b, ":["...)
		b = strconv.AppendInt(b, int64(t.df), 10)
		b = append(b, ',', '"')
		b = append(b, t.data...)
		b = append(b, '"', ']')
	}
	b = append(b, "});\n"...)
	return File{Path: shardPath("t", name), Data: b}
}

// docFile is doc shard sh: perShard consecutive documents.
func (s *state) docFile(sh int) File {
	name := shardName(sh, s.ndoc)
	n := len(s.l.order)
	lo, hi := sh*s.perShard, min(n, (sh+1)*s.perShard)
	size := 64
	for id := lo; id < hi; id++ {
		d := &s.docs[s.l.order[id]]
		size += len(d.URL) + len(d.Title) + len(d.Plan) + len(d.Region) + len(s.snips[id]) + 24
	}
	return File{Path: shardPath("d", name), Data: appendDocShard(s.buffer(size), name, s.docs, s.l.order[lo:hi], s.snips[lo:hi])}
}

// firstFile is first-page shard sh.
func (s *state) firstFile(sh int) File {
	ks := s.byFirst[sh]
	name := shardName(sh, s.nfirst)
	size := 64
	for _, k := range ks {
		size += len(s.terms[s.firstTerms[k]].text) + 8
		for _, id := range s.pages[k] {
			d := &s.docs[s.l.order[id]]
			size += len(d.URL) + len(d.Title) + len(d.Plan) + len(d.Region) + len(s.snips[id]) + 32
		}
	}
	b := append(s.buffer(size), `QPSearch.addFirst("`...)
	b = append(b, name...)
	b = append(b, `",{`...)
	for j, k := range ks {
		if j > 0 {
			b = append(b, ',')
		}
		b = appendJSString(b, s.terms[s.firstTerms[k]].text)
		b = append(b, ':', '[')
		for x, id := range s.pages[k] {
			if x > 0 {
				b = append(b, ',')
			}
			d := &s.docs[s.l.order[id]]
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(id), 10)
			for _, v := range []string{d.URL, d.Title, d.Plan, d.Region} {
				b = append(b, ',')
				b = appendJSString(b, v)
			}
			b = append(b, ',', kindCode[d.Kind], ',')
			b = append(b, s.snips[id]...)
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	b = append(b, "});\n"...)
	return File{Path: shardPath("f", name), Data: b}
}

// emitMeta sums the shards up and emits meta.js, with a build id over all shard
// contents (used to bust http caches).
func (s *state) emitMeta(out *emitter) {
	s.st.TermBytes, s.st.DocBytes, s.st.FirstBytes, s.st.MaxTermShard, s.st.MaxDocShard = 0, 0, 0, 0, 0
	for _, f := range s.termSums {
		s.st.TermBytes += int64(f.size)
		s.st.MaxTermShard = max(s.st.MaxTermShard, f.size)
	}
	for _, f := range s.docSums {
		s.st.DocBytes += int64(f.size)
		s.st.MaxDocShard = max(s.st.MaxDocShard, f.size)
	}
	for _, f := range s.firstSums {
		s.st.FirstBytes += int64(f.size)
	}
	if out.failed() {
		return
	}
	crc, size := crc32.New(castagnoli), 0
	var buf [8]byte
	for _, fs := range [][]fileSum{s.termSums, s.docSums, s.firstSums} {
		for _, f := range fs {
			binary.LittleEndian.PutUint32(buf[:4], f.crc)
			binary.LittleEndian.PutUint32(buf[4:], uint32(f.size))
			crc.Write(buf[:])
			size += f.size
		}
	}
	meta := appendMeta(nil, fmt.Sprintf("%08x%x", crc.Sum32(), size), len(s.l.order), s.nshards, s.ndoc, s.perShard, s.nfirst, s.opt.MaxPostings, s.themeChars, s.themes, s.themeCount, s.l.regions)
	s.st.MetaBytes = int64(len(meta))
	out.put(File{Path: "search/meta.js", Data: meta})
}

// paths lists the files of the index.
func (s *state) paths() []string { return shardPaths(s.nshards, s.ndoc, s.nfirst) }

// shardPaths lists the files of an index of nt term shards, nd doc shards and nf
// first-page shards.
func shardPaths(nt, nd, nf int) []string {
	var ps []string
	for sh := range nt {
		ps = append(ps, shardPath("t", shardName(sh, nt)))
	}
	for sh := range nd {
		ps = append(ps, shardPath("d", shardName(sh, nd)))
	}
	for sh := range nf {
		ps = append(ps, shardPath("f", shardName(sh, nf)))
	}
	return append(ps, "search/meta.js")
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fileSum is the CRC-32C of a file's path and data, and its size.
type fileSum struct {
	crc  uint32
	size int
}

// emitter hands files to emit and keeps its first error; after one it drops them.
type emitter struct {
	emit func(File) error
	mu   sync.Mutex
	err  error
	n    atomic.Int64 // files emitted
}

func (e *emitter) failed() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err != nil
}

func (e *emitter) put(f File) fileSum {
	sum := fileSum{crc32.Update(crc32.Checksum([]byte(f.Path), castagnoli), castagnoli, f.Data), len(f.Data)}
	e.mu.Lock()
	failed := e.err != nil
	e.mu.Unlock()
	if failed {
		return sum
	}
	e.n.Add(1)
	if err := e.emit(f); err != nil {
		e.mu.Lock()
		if e.err == nil {
			e.err = err
		}
		e.mu.Unlock()
	}
	return sum
}

// shardCounts returns how many term, doc and first-page shards to write for
// termBytes of terms, about docBytes of doc records and firstBytes of first pages:
// shards of ShardBytes, DocShardBytes and firstShardBytes, unless that makes more
// than MaxFiles files. Then the shards get larger: first pages get files in
// proportion to their bytes; term and doc shards share the rest in proportion to the
// square roots of their sizes, which makes the bytes of a query that loads as many
// term shards as doc shards smallest.
//
// The counts are rounded down to four significant binary digits (shards up to an
// eighth larger; files matter more than bytes on slow disks), so that the small
// change of an edit seldom changes them: an Index update then rewrites only the
// shards the edit reaches.
func shardCounts(termBytes, docBytes, firstBytes int, opt Options) (nt, nd, nf int) {
	nt, nd, nf = exactShardCounts(termBytes, docBytes, firstBytes, opt)
	return roundCount(nt), roundCount(nd), roundCount(nf)
}

// roundCount rounds n down to four significant binary digits.
func roundCount(n int) int {
	shift := bitsLen(n) - 4
	if shift <= 0 {
		return n
	}
	return n >> shift << shift
}

func exactShardCounts(termBytes, docBytes, firstBytes int, opt Options) (nt, nd, nf int) {
	nt = max(1, (termBytes+opt.ShardBytes-1)/opt.ShardBytes)
	nd = max(1, (docBytes+opt.DocShardBytes-1)/opt.DocShardBytes)
	if firstBytes > 0 {
		nf = max(1, (firstBytes+firstShardBytes-1)/firstShardBytes)
	}
	budget := max(3, opt.MaxFiles-1) // meta.js is a file
	if nt+nd+nf <= budget {
		return nt, nd, nf
	}
	if nf > 0 {
		nf = max(1, min(nf, budget*firstBytes/(termBytes+docBytes+firstBytes)))
	}
	budget -= nf
	rt, rd := math.Sqrt(float64(termBytes)), math.Sqrt(float64(docBytes))
	st := max(1, min(budget-1, int(float64(budget)*rt/(rt+rd))))
	switch {
	case nt+nd <= budget:
		return nt, nd, nf
	case nt < st:
		return nt, budget - nt, nf
	case nd < budget-st:
		return budget - nd, nd, nf
	}
	return st, budget - st, nf
}

// firstPage returns the documents of the first n results of a query of one term
// with the given posting string: heading matches first, then by weight, then by
// document number, as the client ranks them.
func firstPage(data []byte, themeChars, n int) []int32 {
	// The best n so far, best first, each as heading<<48 | weight<<32 | ^doc.
	best := make([]uint64, 0, n)
	doc := 0
	for i := 0; i < len(data); {
		var gap, imp int
		gap, imp, i = nextPosting(data, i, themeChars)
		doc += gap
		var head uint64
		if imp&(impKeyword|impTitle) != 0 {
			head = 1
		}
		key := head<<48 | uint64(weight10(imp))<<32 | uint64(^uint32(doc))
		if len(best) == n && key <= best[n-1] {
			continue
		}
		if len(best) < n {
			best = append(best, 0)
		}
		k := len(best) - 1
		for k > 0 && best[k-1] < key {
			best[k] = best[k-1]
			k--
		}
		best[k] = key
	}
	out := make([]int32, len(best))
	for k, key := range best {
		out[k] = int32(^uint32(key))
	}
	return out
}

// nextPosting decodes the posting of a posting string at i: its document-number gap
// and impact digit; next is where the posting after it starts.
func nextPosting(data []byte, i, themeChars int) (gap, imp, next int) {
	mul := 1
	for {
		v := int(digitValue[data[i]])
		i++
		if v < 32 {
			gap += v * mul
			break
		}
		gap += (v - 32) * mul
		mul *= 32
	}
	return gap, int(digitValue[data[i]]), i + 1 + themeChars
}

// weight10 is ten times the client's weight of an impact digit (an integer).
func weight10(imp int) int {
	w := [8]int{0, 10, 16, 20, 24, 28, 32, 36}[imp&7]
	if imp&impKeyword != 0 {
		w += 120
	}
	if imp&impTitle != 0 {
		w += 100
	}
	if imp&impContext != 0 {
		w += 20
	}
	return w
}

// digitValue maps a posting digit character to its value.
var digitValue = func() (t [256]byte) {
	for i := range len(alphabet) {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// termSize is about what a term takes in its shard file.
func termSize(t *term) int { return len(t.text) + len(t.data) + 16 }

// parallel runs f(0..n-1) on nw goroutines.
func parallel(n, nw int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(nw, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

func keyText(k uint32, dict []string) string {
	switch {
	case k&keyBi != 0:
		return string([]rune{hanRune((k >> 15) & 0x7FFF), hanRune(k & 0x7FFF)})
	case k&keyUni != 0:
		return string(hanRune(k & 0x7FFF))
	}
	return dict[k]
}

// docRank is a fixed pseudo-random order of documents (a bijection of uint32).
func docRank(doc int) uint32 {
	h := uint32(doc) * 0x9E3779B1
	h ^= h >> 15
	h *= 0x85EBCA77
	return h ^ h>>13
}

// isHeading reports whether an entry's term is in the document's title or keywords.
func isHeading(e uint64) bool { return (63-(e>>26)&63)&(impKeyword|impTitle) != 0 }

func entryDoc(e uint64) int { return int(e & docMask) }

// cutAt returns the docRank at or below which lie the need lowest of ranks,
// which are those of n entries (math.MaxUint32: all of them; -1: none),
// reordering ranks. A quickselect on the ranks computed once: the entries'
// ranks were computed five times, through closures, with a 4,096-bucket
// count cleared twice for each of 15,000 capped terms.
func cutAt(ranks []uint32, n, need int) int64 {
	switch {
	case need >= n || need >= len(ranks):
		return math.MaxUint32
	case need <= 0:
		return -1
	}
	return int64(kth(ranks, need-1))
}

// rankBufs holds encodePostings' scratch (*[]uint32).
var rankBufs = sync.Pool{New: func() any { return new([]uint32) }}

// encodePostings appends the posting string of a term found in df documents, nh of
// them in a heading or keyword, to b and returns how many postings it wrote. es are
// the entries, in document order: all of them when df <= max, else at least those
// that the cap selects. Past max documents it keeps up to max/2 heading or keyword
// matches, those first in docRank order, and fills the rest with the other documents
// first in docRank order. docRank is the same order for every term, so the cut lists
// of common terms keep the same documents and documents with several common terms
// are still found together.
//
// held reports whether es held what it selects: es hold every entry of docRank
// <= aThr (math.MaxUint32: every entry), which is enough if there are max of
// those, or if es are all the entries (df <= max). A threshold set exactly
// always holds; a guessed one (see guess) nearly always.
func encodePostings(b []byte, es []uint64, df, nh, max int, digits []byte, themeChars int, aThr uint32) (_ []byte, kept int64, held bool) {
	// An entry is kept if a heading of rank <= hThr, or of rank <= rThr.
	hThr, rThr := int64(math.MaxUint32), int64(math.MaxUint32)
	held = len(es) == df
	var ranks []uint32
	if df > max {
		p := rankBufs.Get().(*[]uint32)
		defer rankBufs.Put(p)
		buf := slices.Grow((*p)[:0], 2*len(es))
		*p = buf
		ranks = buf[:len(es)]
		sel := buf[len(es):len(es)] // at most len(es) ranks: no copy on append
		below := 0
		for i, e := range es {
			r := docRank(entryDoc(e))
			ranks[i] = r
			if isHeading(e) {
				sel = append(sel, r)
			}
			if r <= aThr {
				below++
			}
		}
		held = below >= max
		kh := min(nh, max/2)
		hThr = cutAt(sel, len(sel), kh)
		sel = sel[:0]
		for i, e := range es {
			if r := ranks[i]; !isHeading(e) || int64(r) > hThr {
				sel = append(sel, r)
			}
		}
		rThr = cutAt(sel, len(es)-kh, max-kh)
	}
	prev := 0
	for i, e := range es {
		if ranks != nil {
			if r := int64(ranks[i]); r > rThr && !(r <= hThr && isHeading(e)) {
				continue
			}
		}
		doc := entryDoc(e)
		gap := doc - prev
		prev = doc
		for gap >= 32 {
			b = append(b, alphabet[32+gap&31])
			gap >>= 5
		}
		b = append(b, alphabet[gap], alphabet[63-(e>>26)&63])
		b = append(b, digits[doc*themeChars:(doc+1)*themeChars]...)
		kept++
	}
	return b, kept, held || aThr == math.MaxUint32
}

// themeDigits is the theme digits of each document's postings, themeChars a
// document: looked up for every posting written, an eighth the size of the
// theme bits themselves (a 3.6 MB array at 10,000 plans, read all over).
func themeDigits(docThemes []uint64, themeChars int) []byte {
	b := make([]byte, len(docThemes)*themeChars)
	for id, th := range docThemes {
		for k := range themeChars {
			b[id*themeChars+k] = alphabet[th&63]
			th >>= 6
		}
	}
	return b
}

// kindCode numbers the document kinds in doc shards (the client's KINDS).
var kindCode = map[string]byte{"plan": '0', "section": '1', "indicator": '2', "region": '3', "theme": '4'}

// urlPath is u without its fragment.
func urlPath(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

// compactURL is the URL of docs[order[k]] as stored in its doc shard: "#fragment"
// when the document before it in the shard (k > 0) has the same path, else in full.
func compactURL(docs []Doc, order []int, k int) string {
	u := docs[order[k]].URL
	if k > 0 {
		if i := strings.IndexByte(u, '#'); i >= 0 && u[:i] == urlPath(docs[order[k-1]].URL) {
			return u[i:]
		}
	}
	return u
}

// appendDocShard appends the doc shard file name of the documents docs[order[k]]
// (numbered consecutively) with their snippets:
//
//	QPSearch.addDocs("name",[[plan,region],…],[[url,title,group,kind,text],…]);
//
// The plan and region of consecutive documents (a plan's sections) are stored once,
// as a group; title is null when it is the group's plan; url is "#fragment" when the
// record before has the same path; kind is a digit (kindCode).
func appendDocShard(b []byte, name string, docs []Doc, order []int, snips [][]byte) []byte {
	b = append(b, `QPSearch.addDocs("`...)
	b = append(b, name...)
	b = append(b, `",[`...)
	group := make([]int, len(order))
	ng := 0
	for k, i := range order {
		d := &docs[i]
		if k > 0 && d.Plan == docs[order[k-1]].Plan && d.Region == docs[order[k-1]].Region {
			group[k] = group[k-1]
			continue
		}
		if ng > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSString(b, d.Plan)
		b = append(b, ',')
		b = appendJSString(b, d.Region)
		b = append(b, ']')
		group[k] = ng
		ng++
	}
	b = append(b, "],["...)
	for k, i := range order {
		d := &docs[i]
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSString(b, compactURL(docs, order, k))
		b = append(b, ',')
		if d.Title == d.Plan && d.Plan != "" {
			b = append(b, "null"...)
		} else {
			b = appendJSString(b, d.Title)
		}
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(group[k]), 10)
		b = append(b, ',', kindCode[d.Kind], ',')
		b = append(b, snips[k]...)
		b = append(b, ']')
	}
	return append(b, "]);\n"...)
}

// appendJSString appends s as a JSON string literal that is also safe inside HTML
// (<, >, & escaped) and in any JavaScript version (U+2028, U+2029 escaped).
// Invalid UTF-8 becomes U+FFFD.
//
// Runs that need no escape (safe ASCII and the three-byte forms of U+4000–U+9FFF,
// most of a portal's titles and names) are copied whole: escaping rune by rune
// was a call a character for the 2 million strings of a 10,000-plan index.
func appendJSString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		j := i
		for j < len(s) {
			c := s[j]
			if c < utf8.RuneSelf {
				if !jsPlain[c] {
					break
				}
				j++
				continue
			}
			if !han3(s, j) {
				break
			}
			j += 3
		}
		b = append(b, s[i:j]...)
		if i = j; i < len(s) {
			b, i = appendJSRune(b, s, i)
		}
	}
	return append(b, '"')
}

// han3 reports whether s[j:] starts with the three-byte form of a code point of
// U+4000–U+9FFF (lead bytes E4–E9), which JS strings take as it is.
func han3(s string, j int) bool {
	return s[j] >= 0xE4 && s[j] <= 0xE9 && j+2 < len(s) && s[j+1]&0xC0 == 0x80 && s[j+2]&0xC0 == 0x80
}

// jsPlain marks the ASCII bytes appendJSRune copies as they are.
var jsPlain = func() (t [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendSnippet appends, as appendJSString, the first n code points of s with white
// space runs collapsed to one space (none at the start), and "…" when cut.
func appendSnippet(b []byte, s string, n int) []byte {
	b = append(b, '"')
	count, space, cut := 0, false, false
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			space = count > 0
			i++
			continue
		}
		if c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 { // U+3000
			space = count > 0
			i += 3
			continue
		}
		if count == n {
			cut = true
			break
		}
		if space {
			b = append(b, ' ')
			count++
			space = false
			if count == n {
				cut = true
				break
			}
		}
		// A run of characters written as they are, copied at once: U+4000–U+9FFF
		// (most of the text) and printable ASCII that needs no escape.
		j := i
		for j < len(s) && count < n {
			if han3(s, j) {
				j += 3
			} else if c := s[j]; c < utf8.RuneSelf && c != ' ' && jsPlain[c] { // white space is collapsed above
				j++
			} else {
				break
			}
			count++
		}
		if j > i {
			b = append(b, s[i:j]...)
			i = j
			continue
		}
		b, i = appendJSRune(b, s, i)
		count++
	}
	if cut {
		b = append(b, "…"...)
	}
	return append(b, '"')
}

// appendJSRune appends the code point of s at i, escaped, and returns the next index.
func appendJSRune(b []byte, s string, i int) ([]byte, int) {
	const hex = "0123456789abcdef"
	c := s[i]
	if c < utf8.RuneSelf {
		switch {
		case c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&':
			b = append(b, c)
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		return b, i + 1
	}
	if c >= 0xE0 && c <= 0xEF && i+2 < len(s) && s[i+2]&0xC0 == 0x80 && s[i+1] >= lo3[c-0xE0] && s[i+1] <= hi3[c-0xE0] {
		if c == 0xE2 && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
			return append(b, '\\', 'u', '2', '0', '2', hex[s[i+2]-0xA0]), i + 3
		}
		return append(b, s[i:i+3]...), i + 3
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size == 1 {
		return append(b, "\uFFFD"...), i + 1
	}
	return append(b, s[i:i+size]...), i + size
}

func appendMeta(b []byte, build string, docs, shards, docShards, perShard, firstShards, maxPostings, themeChars int, themes []Theme, themeCount []int, regions []*regionNode) []byte {
	b = append(b, `(window.QPSearch=window.QPSearch||{}).meta={"v":2,"build":"`...)
	b = append(b, build...)
	b = append(b, '"')
	for _, kv := range []struct {
		k string
		v int
	}{{"docs", docs}, {"shards", shards}, {"docShards", docShards}, {"perShard", perShard}, {"firstShards", firstShards}, {"maxPostings", maxPostings}, {"themeChars", themeChars}} {
		b = append(b, ',', '"')
		b = append(b, kv.k...)
		b = append(b, '"', ':')
		b = strconv.AppendInt(b, int64(kv.v), 10)
	}
	b = append(b, `,"themes":[`...)
	for i, t := range themes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSString(b, t.ID)
		b = append(b, ',')
		b = appendJSString(b, t.Name)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(themeCount[i]), 10)
		b = append(b, ']')
	}
	b = append(b, `],"regions":[`...)
	for i, r := range regions {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSString(b, r.slug)
		b = append(b, ',')
		b = appendJSString(b, r.name)
		for _, v := range []int{r.depth, r.start, r.end} {
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(v), 10)
		}
		b = append(b, ']')
	}
	return append(b, "]};\n"...)
}
