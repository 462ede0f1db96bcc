package search

import (
	"math"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// The index is built in batches of documents so that memory stays bounded and is
// reused: per batch, workers turn chunks of documents into entries
// key<<32 | (63-impact)<<26 | doc, grouped by term partition; then each partition's
// entries are merged into per-term candidate lists that keep only what the
// MaxPostings cap can still select (see termState.add).
//
// The first batches, growing to batchBytes, are ranges of docRank, the order in
// which the cap selects documents (the documents of a batch are indexed in
// document order): once a common term holds its candidates after such a batch,
// every later document ranks above them, so the workers' filter drops the term's
// entries instead of their being merged and pruned again batch after batch. The
// rest, about nine tenths of the text, is indexed in document order, where a
// plan's sections follow one another: what BodyOf reads is then read a plan at a
// time (in docRank order each section was a read of its own, which cost more
// than the merging the order saves), and the filter drops the entries that rank
// above what a capped term holds so far. What the cap selects does not depend
// on the order. A term's candidates are in document order only within a ranked
// batch and within the rest; sortByDoc puts them in order for encodePostings.

// Batch and chunk sizes (variables for the tests).
var (
	batchBytes = 24 << 20 // text per batch; the first batches are smaller (firstBatchDiv)
	chunkBytes = 1 << 18  // text per chunk (a worker's unit): small, so that the two workers end a batch together
	maxChunk   = 4096     // documents per chunk
)

// firstBatchDiv is how much smaller than batchBytes the first batch is; each next
// batch doubles, up to batchBytes. The workers' filter is made between batches, so
// small first batches let it drop the common terms' entries early.
const firstBatchDiv = 64

// A slot of the per-document term table is gen<<48 | key<<16 | val, val holding the
// body frequency (saturating) and the field flags.
const (
	valTF      = 1<<13 - 1
	valKeyword = 1 << 13
	valTitle   = 1 << 14
	valContext = 1 << 15
)

// dictionary numbers the terms that are not BMP Han grams (words, rare characters).
// Numbers depend on timing; nothing in the output does.
type dictionary struct {
	mu   sync.Mutex
	ids  map[string]uint32
	strs []string
}

// chunk is a run of documents of a batch (positions lo…hi-1 of the batch order);
// ents holds their entries grouped by term partition, in document order. Chunks
// are reused across batches.
type chunk struct {
	lo, hi int
	ents   []uint64
	offs   [numParts + 1]int32
}

func (c *chunk) part(p int) []uint64 { return c.ents[c.offs[p]:c.offs[p+1]] }

// worker indexes chunks of documents.
type worker struct {
	sc    scanner
	field int
	flag  uint32 // value flag of field, 0 for the body
	// The per-document term table (a slot of an older generation is free).
	tab     []uint64
	mask    uint32
	shift   uint32
	gen     uint16
	touched []uint32
	prev    int32 // the previous character of the Han run (hanIndex), -2 at its start
	prevR   rune
	dict    *dictionary
	cache   map[string]uint32 // dictionary ids seen by this worker
	idPart  map[uint32]uint8  // and their partitions
	ents    []uint64          // entries of the current chunk, and their partitions
	prts    []uint8
	filt    *filter // capped terms, from the batches before
	cntDF   []int32 // per filter number: documents not passed on in this batch
	cntNH   []int32 // and how many of them with the term in a heading
	// Stored snippets: snips[id] is document id's, cut from arena blocks.
	snips [][]byte
	snipN int
	arena []byte
	body  []byte // the body of the document being indexed, when BodyOf makes it
	// The last context field scanned, and its terms (context), and their
	// slots in the filter ctxFilt (nil: not looked up).
	ctx      string
	ctxKeys  []uint32
	ctxSlots []*filterSlot
	ctxFilt  *filter
}

func newWorker(d *dictionary) *worker {
	w := &worker{dict: d, cache: map[string]uint32{}, idPart: map[uint32]uint8{}}
	w.resize(1 << 11)
	return w
}

func (w *worker) resize(n int) {
	old := w.tab
	w.tab = make([]uint64, n)
	w.mask = uint32(n - 1)
	w.shift = uint32(32 - bitsLen(n-1))
	if old == nil {
		// Room for every slot the table holds before it grows (hanLoop).
		w.touched = make([]uint32, 0, n/2+1)
		return
	}
	prev := w.touched
	w.touched = make([]uint32, 0, n/2+1)
	for _, i := range prev {
		v := old[i]
		h := hashKey(uint32(v>>16)) >> w.shift
		for uint16(w.tab[h]>>48) == w.gen {
			h = (h + 1) & w.mask
		}
		w.tab[h] = v
		w.touched = append(w.touched, h)
	}
}

func bitsLen(x int) int {
	n := 0
	for ; x > 0; x >>= 1 {
		n++
	}
	return n
}

func (w *worker) add(key uint32) {
	tag := uint64(w.gen)<<48 | uint64(key)<<16
	h := hashKey(key) >> w.shift
	for {
		v := w.tab[h]
		if v&^0xFFFF == tag {
			switch {
			case w.flag != 0:
				w.tab[h] = v | uint64(w.flag)
			case v&valTF != valTF:
				w.tab[h] = v + 1
			}
			return
		}
		if uint16(v>>48) != w.gen {
			if w.flag != 0 {
				w.tab[h] = tag | uint64(w.flag)
			} else {
				w.tab[h] = tag | 1
			}
			w.touched = append(w.touched, h)
			if len(w.touched)*2 > len(w.tab) {
				w.resize(len(w.tab) * 2)
			}
			return
		}
		h = (h + 1) & w.mask
	}
}

// other returns the key of a dictionary term.
func (w *worker) other(b []byte) uint32 {
	if id, ok := w.cache[string(b)]; ok {
		return id
	}
	s := string(b)
	d := w.dict
	d.mu.Lock()
	id, ok := d.ids[s]
	if !ok {
		id = uint32(len(d.strs))
		d.ids[s] = id
		d.strs = append(d.strs, s)
	}
	d.mu.Unlock()
	w.cache[s] = id
	w.idPart[id] = uint8(fnv32(s) >> 24)
	return id
}

// han indexes a Han run found by the scanner (only in text the worker's text method
// passes to it, which has none: kept for the sink interface).
func (w *worker) han(run []rune) {
	for _, r := range run {
		w.hanRune(r, hanIndex(r))
	}
	w.hanEnd()
}

// text indexes s: Han runs here (their bigrams, and single characters in titles and
// keywords only, so a one-character query finds headings, keywords and names), the
// rest through the scanner. Han characters end words and are never folded, so
// cutting the text at them gives the scanner's tokens exactly.
func (w *worker) text(s string) {
	w.prev = -2
	uni := w.field <= fieldTitle
	for i := 0; i < len(s); {
		if !uni {
			i = w.hanFast(s, i)
			if i >= len(s) {
				break
			}
		}
		r, size := decodeAt(s, i)
		if isHan(r) {
			w.hanRune(r, hanIndex(r))
			i += size
			continue
		}
		w.hanEnd()
		j := i + size
		wordy := mayWord(r)
		for j < len(s) {
			r, size := decodeAt(s, j)
			if isHan(r) {
				break
			}
			wordy = wordy || mayWord(r)
			j += size
		}
		if wordy { // else only separators, most often one punctuation mark: no token
			w.sc.scan(s[i:j], w)
		}
		i = j
	}
	w.hanEnd()
}

// mayWord reports whether the scanner makes r (not Han) part of a word: a
// text without such a rune has no token.
func mayWord(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return isWordRune(foldRune(r)) || r >= 0x2160 && r <= 0x216B || r >= 0x2170 && r <= 0x217B
}

// asciiWord marks the ASCII word characters, upper case included (folded).
var asciiWord = func() (m [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		m[c] = isWordRune(foldRune(rune(c)))
	}
	return m
}()

// hanFast indexes the bigrams of the Han characters U+4000–U+9FFF (three bytes, lead
// E4–E9) from s[i] on, the common case of body text, and returns where it stopped.
func (w *worker) hanFast(s string, i int) int {
	for {
		var stop int
		i, stop = w.hanLoop(s, i)
		switch stop {
		case stopGrow: // the bigram at i-3 was a new term: the table is half full
			w.resize(len(w.tab) * 2)
		case stopRune: // the character at i follows one outside the table's range
			r := rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			w.hanRune(r, hanIndex(r))
			i += 3
		default:
			return i
		}
	}
}

// sepMarks flags, for the three-byte forms E2 80 xx, E3 80 xx and EF BC xx
// (U+2000–203F, U+3000–303F, U+FF00–FF3F), the punctuation that makes no token
// and joins no word (，、。：；（）“”《》 and the like): hanLoop steps over it,
// ending the Han run, where it would stop and hand it to the scanner, about
// once every ten characters of Chinese text.
var sepMarks = func() (m [3]uint64) {
	for k, base := range [3]rune{0x2000, 0x3000, 0xFF00} {
		for x := range 64 {
			r := base + rune(x)
			if f := foldRune(r); !isHan(r) && !mayWord(r) && f != '.' && f != '-' && f != '/' {
				m[k] |= 1 << x
			}
		}
	}
	return m
}()

// Why hanLoop stopped.
const (
	stopDone = iota // at the end of s or at a character it does not take
	stopGrow        // the term table must grow
	stopRune        // the next character needs hanRune
)

// hanLoop is hanFast's loop. It calls nothing, so that its state stays in
// registers (with the calls in it, the compiler spilled and reloaded the
// table on every character); it stops for what needs a call.
func (w *worker) hanLoop(s string, i int) (int, int) {
	prev := w.prev
	tab, shift, gen, flag := w.tab, w.shift, w.gen, uint64(w.flag)
	touched, nt := w.touched[:cap(w.touched)], len(w.touched)
	stop := stopDone
	start := i
loop:
	for i+2 < len(s) {
		c, b1, b2 := s[i], s[i+1], s[i+2]
		if c < 0xE4 || c > 0xE9 || b1&0xC0 != 0x80 || b2&0xC0 != 0x80 {
			if b2&0xC0 == 0x80 {
				k := 3
				switch {
				case c == 0xEF && b1 == 0xBC:
					k = 2
				case c == 0xE3 && b1 == 0x80:
					k = 1
				case c == 0xE2 && b1 == 0x80:
					k = 0
				}
				if k < 3 && sepMarks[k]>>(b2&0x3F)&1 != 0 {
					prev = -2 // the run ends here, as at hanEnd
					i += 3
					continue
				}
			}
			break
		}
		r := rune(c&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F)
		var idx int32
		switch {
		case r >= 0x4E00:
			idx = 6593 + r - 0x4E00
		case r <= 0x4DBF:
			idx = 1 + r - 0x3400
		default:
			break loop
		}
		switch {
		case prev >= 0:
			// w.add(keyBi | prev<<15 | idx), inlined
			key := keyBi | uint32(prev)<<15 | uint32(idx)
			tag := uint64(gen)<<48 | uint64(key)<<16
			h := hashKey(key) >> shift
			for {
				v := tab[h]
				if v&^0xFFFF == tag {
					if flag != 0 {
						tab[h] = v | flag
					} else if v&valTF != valTF {
						tab[h] = v + 1
					}
					break
				}
				if uint16(v>>48) != gen {
					if flag != 0 {
						tab[h] = tag | flag
					} else {
						tab[h] = tag | 1
					}
					touched[nt] = h // within its capacity (resize)
					nt++
					if nt*2 > len(tab) {
						prev = idx
						i += 3
						stop = stopGrow
						break loop
					}
					break
				}
				h = (h + 1) & uint32(len(tab)-1)
			}
		case prev == -1:
			stop = stopRune
			break loop
		}
		prev = idx
		i += 3
	}
	if i > start && prev >= 0 { // prevR is the character before i, which the loop took
		w.prevR = hanRune(uint32(prev))
	}
	w.prev, w.touched = prev, touched[:nt]
	return i, stop
}

// hanRune adds one character of a Han run; hanEnd ends the run.
func (w *worker) hanRune(r rune, idx int32) {
	if w.field <= fieldTitle {
		w.uni(r, idx)
	}
	switch {
	case w.prev == -2:
	case w.prev >= 0 && idx >= 0:
		w.add(keyBi | uint32(w.prev)<<15 | uint32(idx))
	default:
		var buf [8]byte
		b := utf8.AppendRune(buf[:0], w.prevR)
		w.add(w.other(utf8.AppendRune(b, r)))
	}
	w.prev, w.prevR = idx, r
}

func (w *worker) hanEnd() { w.prev = -2 }

// decodeAt decodes the code point at s[i], quickly for ASCII and three-byte forms.
func decodeAt(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xE0 && c <= 0xEF && i+2 < len(s) {
		b1, b2 := s[i+1], s[i+2]
		if b2&0xC0 == 0x80 && b1 >= lo3[c-0xE0] && b1 <= hi3[c-0xE0] {
			return rune(c&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

func (w *worker) uni(r rune, idx int32) {
	if idx >= 0 {
		w.add(keyUni | uint32(idx))
		return
	}
	var buf [4]byte
	w.add(w.other(utf8.AppendRune(buf[:0], r)))
}

func (w *worker) word(b []byte) {
	w.add(w.other(b))
	wordParts(b, func(p []byte) { w.add(w.other(p)) })
}

func (w *worker) scanField(field int, s string) {
	if s != "" {
		w.field = field
		w.flag = [...]uint32{valKeyword, valTitle, valContext, 0}[field]
		w.text(s)
	}
}

// context adds the terms of the context field s (the plan's title and its
// regions' names), into the empty table. Consecutive documents of a plan
// share it: its terms are kept from the last document whose context was s.
func (w *worker) context(s string) {
	if s == "" {
		return
	}
	if s == w.ctx {
		w.field, w.flag = fieldContext, valContext
		for _, k := range w.ctxKeys {
			w.add(k)
		}
		return
	}
	w.scanField(fieldContext, s)
	w.ctx, w.ctxKeys, w.ctxFilt = s, w.ctxKeys[:0], nil
	for _, h := range w.touched {
		w.ctxKeys = append(w.ctxKeys, uint32(w.tab[h]>>16))
	}
}

// tfImp is tfBucket of term frequencies up to 14, the last standing for
// the rest; flagImp is the importance flags of a table value's three field
// bits (valKeyword, valTitle, valContext, from bit 13): looked up, not
// branched on, in the loop over every term of every document.
var (
	tfImp = func() (t [15]uint8) {
		for tf := range t {
			t[tf] = uint8(tfBucket(uint32(tf)))
		}
		return t
	}()
	flagImp = func() (t [8]uint32) {
		for f := range t {
			if f&(valKeyword>>13) != 0 {
				t[f] |= impKeyword
			}
			if f&(valTitle>>13) != 0 {
				t[f] |= impTitle
			}
			if f&(valContext>>13) != 0 {
				t[f] |= impContext
			}
		}
		return t
	}()
)

func tfBucket(tf uint32) uint32 {
	switch {
	case tf <= 3:
		return tf
	case tf <= 5:
		return 4
	case tf <= 8:
		return 5
	case tf <= 13:
		return 6
	}
	return 7
}

// index appends the entries of document id and keeps its snippet.
func (w *worker) index(id int, d *Doc, context string) {
	var body string
	if d.BodyOf != nil && d.BodyFunc == nil {
		w.body = d.BodyOf(w.body[:0], d.Source)
		// Only read, and only during this call: the snippet and the terms are copies.
		body = unsafe.String(unsafe.SliceData(w.body), len(w.body))
	} else {
		body = d.body()
	}
	if need := 6*w.snipN + 8; len(w.arena)+need > cap(w.arena) { // 6: the longest escape
		w.arena = make([]byte, 0, max(64<<10, need))
	}
	start := len(w.arena)
	w.arena = appendSnippet(w.arena, body, w.snipN)
	w.snips[id] = w.arena[start:len(w.arena):len(w.arena)]
	w.gen++
	if w.gen == 0 { // wrapped: forget every slot
		clear(w.tab)
		w.gen = 1
	}
	w.touched = w.touched[:0]
	// The fields in any order give the same table (flags are or-ed, and only
	// the body counts): the context first, into the empty table.
	w.context(context)
	for _, k := range d.Keywords {
		w.scanField(fieldKeyword, k)
	}
	w.scanField(fieldTitle, d.Title)
	w.scanField(fieldBody, body)
	// Most terms of a document are capped ones, only counted: the filter
	// is asked first, and the entry is made only for the others. The first
	// terms are the context's (scanned first, into the empty table), whose
	// slots the plan's documents share.
	f, rank := w.filt, docRank(id)
	nctx := 0
	if f != nil && context != "" {
		if w.ctxFilt != f {
			w.ctxSlots = w.ctxSlots[:0]
			for _, k := range w.ctxKeys {
				w.ctxSlots = append(w.ctxSlots, f.find(k))
			}
			w.ctxFilt = f
		}
		nctx = len(w.ctxKeys)
	}
	for i, h := range w.touched {
		key, val := uint32(w.tab[h]>>16), uint32(w.tab[h]&0xFFFF)
		if f != nil {
			var e *filterSlot
			if i < nctx {
				e = w.ctxSlots[i]
			} else {
				e = f.find(key)
			}
			if e != nil {
				// A capped term: pass the entry on only if the cap may still select it.
				head := val&(valKeyword|valTitle) != 0
				if rank > e.aThr && !(head && rank <= e.hThr) {
					w.cntDF[e.n]++
					if head {
						w.cntNH[e.n]++
					}
					continue
				}
			}
		}
		imp := uint32(tfImp[min(val&valTF, uint32(len(tfImp)-1))]) | flagImp[val>>13]
		var p uint8
		if key >= keyUni {
			p = uint8(hashKey(key) >> 24)
		} else {
			p = w.idPart[key]
		}
		w.ents = append(w.ents, uint64(key)<<32|uint64(63-imp)<<26|uint64(id))
		w.prts = append(w.prts, p)
	}
}

// finish moves the worker's entries into c, grouped by partition.
func (w *worker) finish(c *chunk) {
	var count [numParts]int32
	for _, p := range w.prts {
		count[p]++
	}
	c.offs[0] = 0
	for p := range numParts {
		c.offs[p+1] = c.offs[p] + count[p]
	}
	pos := c.offs
	c.ents = slices.Grow(c.ents[:0], len(w.ents))[:len(w.ents)]
	for i, e := range w.ents {
		p := w.prts[i]
		c.ents[pos[p]] = e
		pos[p]++
	}
	w.ents, w.prts = w.ents[:0], w.prts[:0]
}

// termState is one term's candidates while merging: every entry that the cap of
// encodePostings may still select, in document order, kept in blocks of its
// partition (first, last; n entries, packed from the first block) without their
// key, which is the term's: the low 32 bits of each (impact and document).
type termState struct {
	key         uint32
	df, nh      int32  // documents, and documents with the term in a heading
	hThr        uint32 // headings of docRank above this cannot be selected any more
	aThr        uint32 // other entries of docRank above this cannot be selected any more
	first, last int32
	n           int32
}

// Candidate entries live in blocks of blockLen, pageBlocks blocks to a page.
const (
	blockLen   = 16 // 64 bytes
	pageShift  = 10
	pageBlocks = 1 << pageShift
)

func (ps *partState) block(b int32) []uint32 {
	off := int(b&(pageBlocks-1)) * blockLen
	return ps.pages[b>>pageShift][off : off+blockLen : off+blockLen]
}

func (ps *partState) newBlock() int32 {
	if n := len(ps.free); n > 0 {
		b := ps.free[n-1]
		ps.free = ps.free[:n-1]
		ps.next[b] = -1
		return b
	}
	b := int32(len(ps.next))
	if int(b)>>pageShift == len(ps.pages) {
		ps.pages = append(ps.pages, make([]uint32, pageBlocks*blockLen))
	}
	ps.next = append(ps.next, -1)
	return b
}

// push appends e to t's candidates.
func (ps *partState) push(t *termState, e uint64) {
	pos := t.n % blockLen
	if pos == 0 {
		b := ps.newBlock()
		if t.n == 0 {
			t.first = b
		} else {
			ps.next[t.last] = b
		}
		t.last = b
	}
	ps.block(t.last)[pos] = uint32(e)
	t.n++
}

// entries appends t's candidates to buf.
func (ps *partState) entries(t *termState, buf []uint64) []uint64 {
	key := uint64(t.key) << 32
	b := t.first
	for left := int(t.n); left > 0; left -= blockLen {
		for _, v := range ps.block(b)[:min(left, blockLen)] {
			buf = append(buf, key|uint64(v))
		}
		b = ps.next[b]
	}
	return buf
}

// add merges an entry. Past 2×max candidates it prunes them to the max/2 headings and
// the max entries of lowest docRank seen so far, and ps.slack more: encodePostings
// selects among those, and an Index update may remove documents from them.
func (ps *partState) add(t *termState, e uint64, max int) {
	t.df++
	head := isHeading(e)
	if head {
		t.nh++
	}
	if t.aThr != math.MaxUint32 {
		r := docRank(entryDoc(e))
		if r > t.aThr && !(head && r <= t.hThr) {
			return
		}
	}
	ps.push(t, e)
	if int(t.n) > 2*max {
		ps.prune(t, max)
	}
}

func (ps *partState) prune(t *termState, max int) {
	es := ps.entries(t, ps.buf[:0])
	ps.buf = es
	ranks := ps.scratch[:0]
	for _, e := range es {
		ranks = append(ranks, docRank(entryDoc(e)))
	}
	t.aThr = min(t.aThr, kth(ranks, max-1+ps.slack)) // a guess (guess) may be lower
	ranks = ranks[:0]
	for _, e := range es {
		if isHeading(e) {
			ranks = append(ranks, docRank(entryDoc(e)))
		}
	}
	switch {
	case max/2 == 0:
		t.hThr = 0
	case len(ranks) >= max/2+ps.slack/2:
		t.hThr = kth(ranks, max/2-1+ps.slack/2)
	}
	ps.scratch = ranks
	// Rewrite the kept entries from the first block on; free the blocks left over.
	last := t.last
	t.n, t.last = 0, t.first
	b, pos := t.first, 0
	for _, e := range es {
		if r := docRank(entryDoc(e)); r <= t.aThr || isHeading(e) && r <= t.hThr {
			if pos == blockLen {
				b, pos = ps.next[b], 0
			}
			ps.block(b)[pos] = uint32(e)
			pos++
			t.n++
			t.last = b
		}
	}
	for f := ps.next[t.last]; f >= 0; f = ps.next[f] {
		ps.free = append(ps.free, f)
		if f == last {
			break
		}
	}
	ps.next[t.last] = -1
}

// slack is how many candidates beyond max a pruned term keeps in an index that
// is kept (BuildIndex), so that an update can take documents out of its sample
// without reading every document again. A build that is only written keeps
// none: what encodePostings selects is among the max of lowest docRank and the
// max/2 headings of lowest docRank, and tighter thresholds let the workers'
// filter drop more.
func slack(max int) int { return max / 4 }

// kth returns the k-th smallest (from 0) of a, whose values are distinct, reordering a.
func kth(a []uint32, k int) uint32 {
	lo, hi := 0, len(a)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		p := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < p {
				i++
			}
			for a[j] > p {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	return a[k]
}

// partState holds the terms of one partition.
type partState struct {
	slack   int // candidates kept beyond max (beyond max/2 headings: half of it)
	g       groupTable
	terms   []termState
	pages   [][]uint32 // candidate blocks
	next    []int32    // the block after each block, -1 at a list's end
	free    []int32    // blocks released by pruning
	scratch []uint32
	buf     []uint64
}

// merge adds a batch's entries of the partition, given chunk by chunk.
func (ps *partState) merge(chunks []*chunk, p, max int) {
	for _, c := range chunks {
		for _, e := range c.part(p) {
			gi, isNew := ps.g.get(uint32(e >> 32))
			if isNew {
				ps.terms = append(ps.terms, termState{key: uint32(e >> 32), hThr: math.MaxUint32, aThr: math.MaxUint32, first: -1, last: -1})
			}
			ps.add(&ps.terms[gi], e, max)
		}
	}
}

// indexDocs indexes the documents, numbered in the order of l, and returns, per
// partition, the terms with their candidate entries (see sortByDoc), and the
// dictionary of non-Han-gram terms. It reads each body once (calling BodyFunc, if
// set, once) and keeps in snips, by document number, its snippet as a JS string
// literal (see appendSnippet). A pruned term keeps spare candidates beyond max
// (slack, for a kept index; 0 for one only written).
//
// With guesses (an index only written, spare 0), the first batches give
// common terms guessed thresholds (see guess); the caller checks them as it
// encodes the postings (encodePostings) and indexes again without guesses in
// the rare case that one proves too low.
func indexDocs(docs []Doc, l *layout, max, spare, nw int, snips [][]byte, snippet int, guesses bool) ([]partState, *dictionary) {
	n := len(l.order)
	dict := &dictionary{ids: map[string]uint32{}}
	workers := make([]*worker, nw)
	for i := range workers {
		workers[i] = newWorker(dict)
		workers[i].snips, workers[i].snipN = snips, snippet
	}
	parts := make([]partState, numParts)
	for p := range parts {
		parts[p].g.reset(64)
		parts[p].slack = spare
	}
	rank, low := lowRankOrder(n)
	var pool []*chunk
	budget := batchBytes / firstBatchDiv
	inOrder := false // the rest of rank is in document order
	for lo := 0; lo < n; {
		if !inOrder && lo == low {
			// The first batches go on past the documents of low docRank (a
			// small site): the rest in docRank order too.
			sortByRank(rank[lo:])
			low = n
		}
		if !inOrder && budget == batchBytes {
			// The first batches, of lowest docRank, have given the common terms
			// their caps: the rest is indexed in document order, which reads
			// each plan's sections one after another.
			done := make([]bool, n)
			for _, id := range rank[:lo] {
				done[id] = true
			}
			k := lo
			for id := range n {
				if !done[id] {
					rank[k] = int32(id)
					k++
				}
			}
			inOrder, low = true, n
		}
		// The next batch, cut into chunks: positions lo… of rank.
		var chunks []*chunk
		size, batchLo := 0, lo
		end := n // the first batches stop at the end of what is in docRank order
		if !inOrder {
			end = low
		}
		for lo < end && size < budget {
			hi, cs := lo, 0
			for hi < end && hi-lo < maxChunk && cs < chunkBytes {
				id := rank[hi]
				d := &docs[l.order[id]]
				cs += len(d.Body) + len(d.Title) + len(l.context[id]) + 64
				if d.lazy() {
					cs += 2 << 10 // unknown until read: about a section
				}
				hi++
			}
			if len(chunks) == len(pool) {
				pool = append(pool, &chunk{})
			}
			c := pool[len(chunks)]
			c.lo, c.hi = lo, hi
			chunks = append(chunks, c)
			size += cs
			lo = hi
		}
		// Within the batch, in document order: the texts are read in the order
		// they lie in memory (in docRank order, fetching them cost more than the
		// merge saves).
		ranked, below := !inOrder, uint32(0) // every document of docRank <= below is indexed
		if ranked {
			below = docRank(int(rank[lo-1]))
			slices.Sort(rank[batchLo:lo])
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		for _, w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					ci := int(next.Add(1) - 1)
					if ci >= len(chunks) {
						return
					}
					c := chunks[ci]
					for _, id := range rank[c.lo:c.hi] {
						w.index(int(id), &docs[l.order[id]], l.context[id])
					}
					w.finish(c)
				}
			}()
		}
		wg.Wait()
		budget = min(batchBytes, 2*budget+1)
		parallel(numParts, nw, func(p int) {
			parts[p].merge(chunks, p, max)
			if ranked && lo < n && spare == 0 {
				parts[p].guess(lo, n, below, max, guesses)
			}
		})
		// Count what the filter held back, then filter the next batch with the
		// thresholds reached so far.
		if f := workers[0].filt; f != nil {
			for _, w := range workers {
				for n := range f.size() {
					t := &parts[f.part[n]].terms[f.group[n]]
					t.df += w.cntDF[n]
					t.nh += w.cntNH[n]
				}
			}
		}
		if lo < n {
			f := newFilter(parts)
			for _, w := range workers {
				w.filt = f
				w.cntDF = slices.Grow(w.cntDF[:0], f.size())[:f.size()]
				w.cntNH = slices.Grow(w.cntNH[:0], f.size())[:f.size()]
				clear(w.cntDF)
				clear(w.cntNH)
			}
		}
	}
	return parts, dict
}

// guess sets thresholds for the terms not yet cut once the documents of
// docRank <= below, d of the n, are indexed (and no others), so that the
// workers' filter drops more of their entries from then on. It is called
// after each batch of the first ones, in docRank order. The documents
// still to come have docRank above below, spread evenly (docRank is a hash),
// and a term's documents among them are about as frequent as among the d.
//
// A term already in max documents needs no guess: those documents rank
// below every one to come, so nothing above below can be selected. For a
// term in fewer (but many), it guesses the docRank below which the term will
// have max documents: far enough, by guessZ standard deviations of each
// estimate, that it holds nearly always (encodePostings checks; if not,
// the index is made again). Only with guesses set; the first rule holds always.
func (ps *partState) guess(d, n int, below uint32, max int, guesses bool) {
	z, made := guessZ, 0
	defer func() { guessesMade.Add(int64(made)) }()
	for i := range ps.terms {
		t := &ps.terms[i]
		// Every entry so far is a candidate if the term is not cut, or if
		// it has a guess, which lies past below (it is made again, closer);
		// a term cut by prune or by the first rule has aThr <= below.
		if t.aThr <= below {
			continue
		}
		c := int(t.n) // the term's documents so far
		if c >= max {
			t.aThr = below
			continue
		}
		if !guesses {
			continue
		}
		cf := float64(c)
		lo := cf - z*math.Sqrt(cf) // the term's documents in d, at the least
		if lo <= 0 {
			continue
		}
		// mu documents of the term past below, expected at the least, make
		// max-c of them nearly sure; they take m documents past below, at
		// the density lo/d, which lie below a docRank, guessed the same way.
		mu := atLeast(float64(max-c), z)
		m := mu * float64(d) / lo
		q := atLeast(m, z) / float64(n-d)
		if q >= 1 {
			continue
		}
		if g := below + uint32(q*float64(math.MaxUint32-below)); g < t.aThr {
			t.aThr = g
			made++
		}
	}
}

// atLeast returns the expected count mu at which a count (about Poisson,
// standard deviation sqrt(mu)) falls short of k only z standard deviations
// below mu: mu - z*sqrt(mu) = k.
func atLeast(k, z float64) float64 {
	r := z/2 + math.Sqrt(z*z/4+k)
	return r * r
}

// guessMisses counts the indexes made again because a guessed threshold was
// too low, and guessesMade the guesses (for the tests).
var guessMisses, guessesMade atomic.Int64

// guessZ is how many standard deviations the guesses keep from what the
// documents indexed so far suggest (a variable for the tests: 0 makes no
// guess, a negative value makes guesses that often miss).
var guessZ = 7.0

// lowRank bounds the docRank of the documents lowRankOrder puts first: an
// eighth of them, about twice what the first batches take at 10,000 plans.
const lowRank = 1 << 29

// lowRankOrder returns the document numbers 0…n-1: those of docRank below
// lowRank first, in docRank order (low of them), then the others in document
// order. Only the first batches are in docRank order: sorting every document
// by rank, and the rest back into document order, was 70 ms on one core at
// 10,000 plans, with the other idle (the rest is listed again in a pass).
func lowRankOrder(n int) (order []int32, low int) {
	order = make([]int32, 0, n)
	for id := range n {
		if docRank(id) < lowRank {
			order = append(order, int32(id))
		}
	}
	low = len(order)
	sortByRank(order)
	for id := range n {
		if docRank(id) >= lowRank {
			order = append(order, int32(id))
		}
	}
	return order, low
}

// sortByRank sorts document numbers by docRank, through keys rank<<32 | id so
// that each rank is computed once.
func sortByRank(ids []int32) {
	keys := make([]uint64, len(ids))
	for i, id := range ids {
		keys[i] = uint64(docRank(int(id)))<<32 | uint64(uint32(id))
	}
	slices.Sort(keys)
	for i, k := range keys {
		ids[i] = int32(uint32(k))
	}
}

// sortByDoc sorts one term's entries into document order, using tmp (returned,
// perhaps grown) as scratch (each list is sorted once, and a comparison sort was
// a tenth of building the index). A term's entries come in a few runs already in
// order, one per batch: they are merged, unless there are so many entries that a
// radix sort on the document number, 11 bits a pass, does less; short lists are
// sorted by insertion.
func sortByDoc(es, tmp []uint64) []uint64 {
	if len(es) <= 32 {
		for i := 1; i < len(es); i++ {
			e := es[i]
			j := i
			for ; j > 0 && es[j-1]&docMask > e&docMask; j-- {
				es[j] = es[j-1]
			}
			es[j] = e
		}
		return tmp
	}
	var all uint64
	var starts [maxMergeRuns + 1]int32 // where each run begins
	runs := 1
	for i, e := range es {
		all |= e & docMask
		if i > 0 && es[i-1]&docMask > e&docMask {
			if runs < maxMergeRuns {
				starts[runs] = int32(i)
			}
			runs++
		}
	}
	if runs == 1 { // all in one batch
		return tmp
	}
	tmp = slices.Grow(tmp[:0], len(es))[:len(es)]
	passes := (bits.Len64(all) + 10) / 11
	levels := bits.Len(uint(runs - 1)) // merge passes over every entry
	if runs <= maxMergeRuns && levels*len(es) <= passes*(len(es)+4<<11) {
		starts[runs] = int32(len(es))
		src, dst := es, tmp
		for ; runs > 1; runs = (runs + 1) / 2 {
			for k := 0; k < runs; k += 2 {
				lo, mid := starts[k], starts[min(k+1, runs)]
				hi := starts[min(k+2, runs)]
				mergeByDoc(dst[lo:hi], src[lo:mid], src[mid:hi])
				starts[k/2] = lo
			}
			starts[(runs+1)/2] = int32(len(es))
			src, dst = dst, src
		}
		if &src[0] != &es[0] {
			copy(es, src)
		}
		return tmp
	}
	src, dst := es, tmp
	for shift := 0; all>>shift != 0; shift += 11 {
		var count [1 << 11]int32
		for _, e := range src {
			count[(e&docMask)>>shift&(1<<11-1)]++
		}
		var sum int32
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, e := range src {
			d := (e & docMask) >> shift & (1<<11 - 1)
			dst[count[d]] = e
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &es[0] {
		copy(es, src)
	}
	return tmp
}

// maxMergeRuns is the most runs sortByDoc merges; more are radix sorted.
const maxMergeRuns = 64

// mergeByDoc merges a and b, each in document order, into dst (len(a)+len(b)).
func mergeByDoc(dst, a, b []uint64) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if b[j]&docMask < a[i]&docMask {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// filter holds the terms whose candidates have been cut (termState.aThr is set),
// with their thresholds, so that workers pass on only entries the cap may select.
// Most of a document's terms are capped ones: a look-up reads one slot, the
// key and thresholds together.
type filter struct {
	tab         []filterSlot
	mask, shift uint32
	part        []uint8 // by filter number
	group       []int32
}

// filterSlot is a capped term: key+1 (0 for a free slot), its thresholds and
// its filter number (the index of the workers' counters).
type filterSlot struct {
	key, aThr, hThr uint32
	n               int32
}

func newFilter(parts []partState) *filter {
	f := &filter{}
	for p := range parts {
		for gi := range parts[p].terms {
			if t := &parts[p].terms[gi]; t.aThr != math.MaxUint32 {
				f.part = append(f.part, uint8(p))
				f.group = append(f.group, int32(gi))
			}
		}
	}
	size := 64
	for size < 2*len(f.part) {
		size <<= 1
	}
	f.tab = make([]filterSlot, size)
	f.mask, f.shift = uint32(size-1), uint32(32-bitsLen(size-1))
	for n := range f.part {
		t := &parts[f.part[n]].terms[f.group[n]]
		h := hashKey(t.key) >> f.shift
		for f.tab[h].key != 0 {
			h = (h + 1) & f.mask
		}
		f.tab[h] = filterSlot{key: t.key + 1, aThr: t.aThr, hThr: t.hThr, n: int32(n)}
	}
	return f
}

// size returns how many terms f holds.
func (f *filter) size() int { return len(f.part) }

// find returns the slot of key, or nil. The filter holds terms of every
// partition, so hashKey's top bits spread them (mixKey, which the partitions'
// tables need, cost a tenth of a CPU second more over the 61 million look-ups
// at 10,000 plans).
func (f *filter) find(key uint32) *filterSlot {
	h := hashKey(key) >> f.shift
	for {
		e := &f.tab[h]
		switch e.key {
		case key + 1:
			return e
		case 0:
			return nil
		}
		h = (h + 1) & f.mask
	}
}

// groupTable maps term keys to group numbers within one partition.
type groupTable struct {
	keys  []uint32
	ids   []int32
	mask  uint32
	shift uint32
	n     int
}

func (g *groupTable) reset(size int) {
	n := 64
	for n < size*2 {
		n <<= 1
	}
	g.keys = make([]uint32, n)
	g.ids = make([]int32, n)
	for i := range g.ids {
		g.ids[i] = -1
	}
	g.mask = uint32(n - 1)
	g.shift = uint32(32 - bitsLen(n-1))
	g.n = 0
}

// get returns the group of key, adding it if new.
func (g *groupTable) get(key uint32) (int32, bool) {
	h := mixKey(key) >> g.shift
	for {
		switch {
		case g.ids[h] < 0:
			g.keys[h] = key
			g.ids[h] = int32(g.n)
			g.n++
			id := g.ids[h]
			if g.n*2 > len(g.keys) {
				g.grow()
			}
			return id, true
		case g.keys[h] == key:
			return g.ids[h], false
		}
		h = (h + 1) & g.mask
	}
}

func (g *groupTable) grow() {
	keys, ids := g.keys, g.ids
	n := len(keys) * 2
	g.keys, g.ids = make([]uint32, n), make([]int32, n)
	for i := range g.ids {
		g.ids[i] = -1
	}
	g.mask = uint32(n - 1)
	g.shift = uint32(32 - bitsLen(n-1))
	for i, id := range ids {
		if id < 0 {
			continue
		}
		h := mixKey(keys[i]) >> g.shift
		for g.ids[h] >= 0 {
			h = (h + 1) & g.mask
		}
		g.keys[h], g.ids[h] = keys[i], id
	}
}
