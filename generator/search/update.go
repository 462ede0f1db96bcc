package search

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Index is a built index kept in memory so that it can be brought up to date when
// a few documents change (the live preview) by reading only those documents again
// and making again only the files they reach. The files it emits are, after any
// sequence of updates, those that Build would make of the same documents.
type Index struct {
	mu    sync.Mutex
	s     *state
	byKey map[uint32]int32 // term index by key, made at the first update
	stale bool             // the last update failed: make everything again
}

// UpdateStats describes an update.
type UpdateStats struct {
	Changed int  // documents read again
	Files   int  // files emitted
	Full    bool // every document read again (see Update)
	Stats   Stats
}

// BuildIndex is BuildTo keeping the index for Update. It holds more memory than
// BuildTo: the snippets, postings and the candidates of capped terms.
func BuildIndex(docs []Doc, opt Options, emit func(File) error) (*Index, Stats, error) {
	s, err := build(docs, opt, emit, true)
	if err != nil {
		return nil, Stats{}, err
	}
	return &Index{s: s}, s.st, nil
}

// Update brings the index up to date with docs and opt, which replace the documents
// and options it was built from, emitting the files that change (search/meta.js last) and returning
// those no longer made. A document is indexed again when it differs from the
// document that had its number, in any field or in its body; the body is not read
// when both have the same Source.
//
// The whole index is made again, from every document, when the documents are not
// numbered as before (one added, removed or moved to another region), the options,
// the themes or the regions of the filter changed, or a capped term lost more of its sample
// than its candidates hold (see slack). Shards are made again whole when their
// counts change (see shardCounts). On an error the index is as it was. The index
// keeps docs: they must not be changed afterwards (pass new ones to Update).
func (ix *Index) Update(docs []Doc, opt Options, emit func(File) error) (removed []string, us UpdateStats, err error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	old := ix.s
	opt = opt.withDefaults()
	if !reflect.DeepEqual(opt, old.opt) {
		return ix.rebuild(docs, opt, emit)
	}
	ns, changed, quick := old.diff(docs)
	if !quick {
		if ns, err = prepare(docs, opt); err != nil {
			return nil, us, err
		}
		if !old.sameLayout(ns) {
			return ix.rebuild(docs, opt, emit)
		}
		for id := range ns.l.order {
			if !sameDoc(&old.docs[old.l.order[id]], &docs[ns.l.order[id]], old.l.context[id], ns.l.context[id]) {
				changed = append(changed, id)
			}
		}
	}
	us.Changed = len(changed)
	if len(changed) == 0 {
		old.docs, old.l = docs, ns.l
		us.Stats = old.st
		return nil, us, nil
	}
	if ix.byKey == nil {
		ix.byKey = make(map[uint32]int32, len(old.terms))
		for i := range old.terms {
			ix.byKey[old.terms[i].key] = int32(i)
		}
	}

	// Take the documents' old entries out and put their new ones in, on copies of
	// the terms they touch, so that the index is as it was if the update fails.
	s := old
	maxP := s.opt.MaxPostings
	w := newWorker(s.dict)
	one := make([][]byte, 1)
	w.snips, w.snipN = one, s.opt.SnippetRunes
	touched := map[int32]*term{}
	var added []term // new terms, indexed from len(s.terms)
	get := func(key uint32, create bool) *term {
		ti, ok := ix.byKey[key]
		if !ok {
			if !create {
				return nil
			}
			ti = int32(len(s.terms) + len(added))
			ix.byKey[key] = ti
			added = append(added, term{key: key, text: keyText(key, s.dict.strs), aThr: math.MaxUint32, hThr: math.MaxUint32})
		}
		if t := touched[ti]; t != nil {
			return t
		}
		var t term
		if int(ti) < len(s.terms) {
			t = s.terms[ti]
		} else {
			t = added[int(ti)-len(s.terms)]
		}
		if t.es == nil {
			t.es = decodeEntries(t.key, t.data, s.themeChars)
		} else {
			t.es = slices.Clone(t.es)
		}
		touched[ti] = &t
		return &t
	}
	snips := map[int][]byte{}
	ok := true
	for _, id := range changed {
		was := tokens(w, &s.docs[s.l.order[id]], s.l.context[id], id)
		is := tokens(w, &docs[ns.l.order[id]], ns.l.context[id], id)
		if s.docThemes[id] == ns.docThemes[id] {
			// A term whose entry is as it was keeps its postings.
			was, is = symmetricDiff(was, is)
		}
		for _, e := range was {
			t := get(uint32(e>>32), false)
			if t == nil {
				ok = false
				continue
			}
			t.df--
			if isHeading(e) {
				t.nh--
			}
			if k, found := slices.BinarySearchFunc(t.es, id, func(e uint64, id int) int { return entryDoc(e) - id }); found {
				t.es = slices.Delete(t.es, k, k+1)
			}
		}
		for _, e := range is {
			t := get(uint32(e>>32), true)
			t.df++
			head := isHeading(e)
			if head {
				t.nh++
			}
			if r := docRank(id); t.aThr == math.MaxUint32 || r <= t.aThr || head && r <= t.hThr {
				k, _ := slices.BinarySearchFunc(t.es, id, func(e uint64, id int) int { return entryDoc(e) - id })
				t.es = slices.Insert(t.es, k, e)
			}
		}
		snips[id] = one[0]
	}
	for _, t := range touched {
		if t.df < 0 || !t.complete(maxP) {
			ok = false
		}
	}
	if !ok || ix.stale {
		return ix.rebuild(docs, opt, emit)
	}

	// Commit: the terms, the documents, their snippets and themes, and the sizes.
	n := len(s.l.order)
	near := map[int]bool{} // the records whose size may change
	for _, id := range changed {
		near[id] = true
		if id+1 < n {
			near[id+1] = true
		}
	}
	for id := range near {
		s.docBytes -= docSize(s.docs, s.l.order, s.snips, id)
	}
	for ti := range touched {
		if int(ti) < len(s.terms) && s.terms[ti].df > 0 {
			s.termBytes -= termSize(&s.terms[ti])
			s.st.Terms--
		}
	}
	for _, t := range added {
		s.terms = append(s.terms, t)
	}
	firstBefore := map[int32]bool{}
	for _, i := range s.firstTerms {
		firstBefore[i] = true
	}
	var digits []byte
	if len(touched) > 0 {
		digits = themeDigits(ns.docThemes, s.themeChars) // about 1 ms at 10,000 plans
	}
	for ti, t := range touched {
		t.data = nil
		if t.df > 0 {
			t.data, _, _ = encodePostings(nil, t.es, t.df, int(t.nh), maxP, digits, s.themeChars, math.MaxUint32)
		}
		if t.aThr == math.MaxUint32 && t.df <= maxP {
			t.es = nil // data has them all
		}
		s.terms[ti] = *t
		if t.df > 0 {
			s.termBytes += termSize(t)
			s.st.Terms++
		}
	}
	s.docs, s.l, s.docThemes, s.themeCount = docs, ns.l, ns.docThemes, ns.themeCount
	for id, b := range snips {
		s.snips[id] = b
	}
	for id := range near {
		s.docBytes += docSize(s.docs, s.l.order, s.snips, id)
	}

	// Emit what changed: everything if the shard counts did.
	out := &emitter{emit: emit}
	pages := map[int32][]int32{}
	isChanged := map[int32]bool{}
	for _, id := range changed {
		isChanged[int32(id)] = true
	}
	dirtyFirst := map[int32]bool{} // term indexes whose first page changed or holds a changed document
	for k, i := range s.firstTerms {
		if touched[i] == nil {
			pages[i] = s.pages[k]
			for _, id := range s.pages[k] {
				if isChanged[id] {
					dirtyFirst[i] = true
				}
			}
		}
	}
	termBytes, docBytes, firstBytes := s.sizes(1, func(i int32) []int32 { return pages[i] }, false)
	nt, nd, nf := shardCounts(termBytes, docBytes, firstBytes, s.opt)
	if per, _ := docShards(n, nd); nt != s.nshards || nf != s.nfirst || per != s.perShard {
		oldPaths := s.paths()
		s.place(nt, nd, nf)
		s.emitFiles(out)
		removed = gone(oldPaths, s.paths())
	} else {
		terms, docShards, firsts := map[int]bool{}, map[int]bool{}, map[int]bool{}
		for ti, t := range touched {
			sh := termShard(t.text, s.nshards)
			terms[sh] = true
			if t.df > 0 { // a new term, or one back: into its shard, in order
				k, found := slices.BinarySearchFunc(s.byShard[sh], t.text, func(i int32, text string) int { return strings.Compare(s.terms[i].text, text) })
				if !found {
					s.byShard[sh] = slices.Insert(s.byShard[sh], k, ti)
				}
			}
			if s.nfirst > 0 && (firstBefore[ti] || t.df > maxP) {
				firsts[termShard(t.text, s.nfirst)] = true
			}
		}
		for i := range dirtyFirst {
			firsts[termShard(s.terms[i].text, s.nfirst)] = true
		}
		for _, id := range changed {
			docShards[id/s.perShard] = true
		}
		s.placeFirst()
		for sh := range terms {
			s.termSums[sh] = out.put(s.termFile(sh))
		}
		for sh := range docShards {
			s.docSums[sh] = out.put(s.docFile(sh))
		}
		for sh := range firsts {
			s.firstSums[sh] = out.put(s.firstFile(sh))
		}
		s.emitMeta(out)
	}
	us.Files = int(out.n.Load())
	us.Stats = s.st
	// The caller keeps the files it had if emit failed: then the next update
	// makes everything again.
	ix.stale = out.err != nil
	return removed, us, out.err
}

// rebuild makes the index again from docs.
func (ix *Index) rebuild(docs []Doc, opt Options, emit func(File) error) ([]string, UpdateStats, error) {
	old := ix.s
	var n atomic.Int64
	s, err := build(docs, opt, func(f File) error { n.Add(1); return emit(f) }, true)
	if err != nil {
		ix.stale = true
		return nil, UpdateStats{}, err
	}
	ix.s, ix.byKey, ix.stale = s, nil, false
	return gone(old.paths(), s.paths()), UpdateStats{Changed: len(docs), Files: int(n.Load()), Full: true, Stats: s.st}, nil
}

// gone returns the paths of before not in after.
func gone(before, after []string) []string {
	now := make(map[string]bool, len(after))
	for _, p := range after {
		now[p] = true
	}
	var out []string
	for _, p := range before {
		if !now[p] {
			out = append(out, p)
		}
	}
	return out
}

// diff returns the state of docs, with the documents that changed, when docs
// are numbered and placed as s's documents (same URLs, plans and regions, in
// the same order) and use only known themes; else ok is false (and prepare must
// check docs).
func (s *state) diff(docs []Doc) (ns *state, changed []int, ok bool) {
	if len(docs) != len(s.docs) || len(s.opt.Themes) == 0 {
		return nil, nil, false
	}
	for i := range docs {
		a, b := &s.docs[i], &docs[i]
		if a.URL != b.URL || a.RegionSlug != b.RegionSlug || a.Region != b.Region || a.Plan != b.Plan {
			return nil, nil, false
		}
	}
	themeIdx := make(map[string]int, len(s.themes))
	for k, t := range s.themes {
		themeIdx[t.ID] = k
	}
	ns = &state{opt: s.opt, docs: docs, l: s.l, themes: s.themes, themeChars: s.themeChars,
		docThemes: slices.Clone(s.docThemes), themeCount: slices.Clone(s.themeCount)}
	for id, i := range s.l.order {
		if sameDoc(&s.docs[i], &docs[i], s.l.context[id], s.l.context[id]) {
			continue
		}
		d := &docs[i]
		if !kinds[d.Kind] {
			return nil, nil, false
		}
		var th uint64
		for _, t := range d.Themes {
			k, known := themeIdx[t]
			if !known {
				return nil, nil, false
			}
			th |= 1 << k
		}
		for k := range s.themes {
			was, is := s.docThemes[id]>>k&1, th>>k&1
			ns.themeCount[k] += int(is) - int(was)
		}
		ns.docThemes[id] = th
		changed = append(changed, id)
	}
	return ns, changed, true
}

// sameLayout reports whether ns numbers the same documents as s, with the same
// themes and regions of the filter.
func (s *state) sameLayout(ns *state) bool {
	if len(s.l.order) != len(ns.l.order) || !slices.Equal(s.themes, ns.themes) || len(s.l.regions) != len(ns.l.regions) {
		return false
	}
	for id := range s.l.order {
		if s.docs[s.l.order[id]].URL != ns.docs[ns.l.order[id]].URL {
			return false
		}
	}
	for i, r := range s.l.regions {
		q := ns.l.regions[i]
		if r.slug != q.slug || r.name != q.name || r.depth != q.depth || r.start != q.start || r.end != q.end {
			return false
		}
	}
	return true
}

// sameDoc reports whether b, with context cb, indexes as a did with ca.
func sameDoc(a, b *Doc, ca, cb string) bool {
	if a.URL != b.URL || a.Kind != b.Kind || a.Title != b.Title || a.Plan != b.Plan || a.Region != b.Region ||
		a.RegionSlug != b.RegionSlug || ca != cb || !slices.Equal(a.Themes, b.Themes) || !slices.Equal(a.Keywords, b.Keywords) {
		return false
	}
	if a.Source != nil && b.Source != nil && a.Source == b.Source {
		return true
	}
	return a.body() == b.body()
}

// body is the document's text: Body, or what BodyFunc or BodyOf makes.
func (d *Doc) body() string {
	switch {
	case d.BodyFunc != nil:
		return d.BodyFunc()
	case d.BodyOf != nil:
		return string(d.BodyOf(nil, d.Source))
	}
	return d.Body
}

// lazy reports whether the body is made when it is read.
func (d *Doc) lazy() bool { return d.BodyFunc != nil || d.BodyOf != nil }

// symmetricDiff returns the entries of a not in b and of b not in a, sorting both.
func symmetricDiff(a, b []uint64) (onlyA, onlyB []uint64) {
	slices.Sort(a)
	slices.Sort(b)
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			onlyA = append(onlyA, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			onlyB = append(onlyB, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return onlyA, onlyB
}

// tokens returns the entries of document d numbered id.
func tokens(w *worker, d *Doc, context string, id int) []uint64 {
	w.ents, w.prts = w.ents[:0], w.prts[:0]
	w.index(0, d, context)
	es := make([]uint64, len(w.ents))
	for i, e := range w.ents {
		es[i] = e | uint64(id)
	}
	return es
}

// complete reports whether t's candidates still hold every posting the cap of
// encodePostings selects (see termState): when df > max, max of the documents
// of rank up to aThr and the headings it keeps; else every document.
func (t *term) complete(max int) bool {
	if t.aThr == math.MaxUint32 {
		return true
	}
	if t.df <= max {
		return len(t.es) == t.df
	}
	n, nh := 0, 0
	for _, e := range t.es {
		r := docRank(entryDoc(e))
		if r <= t.aThr {
			n++
		}
		if isHeading(e) && r <= t.hThr {
			nh++
		}
	}
	return n >= max && (t.hThr == math.MaxUint32 || nh >= min(int(t.nh), max/2))
}

// decodeEntries reads the entries of term key back from its posting string (all
// of them: the term is not capped).
func decodeEntries(key uint32, data []byte, themeChars int) []uint64 {
	var es []uint64
	doc := 0
	for i := 0; i < len(data); {
		var gap, imp int
		gap, imp, i = nextPosting(data, i, themeChars)
		doc += gap
		es = append(es, uint64(key)<<32|uint64(63-imp)<<26|uint64(doc))
	}
	return es
}
