package site

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sync"

	"qualityportal/generator/content"
	"qualityportal/generator/diag"
	"qualityportal/generator/markdown"
)

// LoadOnce is Load for a generator that builds once, as the build and check
// commands do: it sets Options.ReleaseText, and the process's soft memory
// limit to 1.8 times the live heap of the loaded site, at least 512 MiB,
// unless GOMEMLIMIT is set (and then GOGC to 200, unless GOGC is set). While
// it loads, the limit is 2.5 times the size of the content folder (the
// loaded site takes about 1.4 times its files), so that loading does not
// take the heap to twice the site before there is a limit.
//
// The collector otherwise lets the heap grow to twice what is live, and a
// build's live heap peaks at about 1.3 times the loaded site's: 1.4 GB of
// memory at 10,000 plans for 0.6 GB live. Under the limit it collects more
// often near the peak only (0.9 GB, for a few percent more CPU). The limit
// follows the site's size, so that a larger site is not held to a number
// that would have the collector run without end.
func LoadOnce(fsys fs.FS) (*Generator, diag.List) {
	limit := os.Getenv("GOMEMLIMIT") == ""
	if limit {
		debug.SetMemoryLimit(max(contentBytes(fsys)*5/2, minLimit))
		if os.Getenv("GOGC") == "" {
			// Under the limit, the heap may grow to three times what is live
			// rather than two: a third fewer cycles (0.4 CPU s at 10,000
			// plans), where the limit is not what stops it (a small site).
			debug.SetGCPercent(200)
		}
	}
	g, errs := Load(fsys)
	if g == nil || errs != nil {
		return g, errs
	}
	g.Opts.ReleaseText = true
	if !limit {
		return g, errs
	}
	runtime.GC() // the live heap of the loaded site, without what loading left
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	debug.SetMemoryLimit(max(int64(s[0].Value.Uint64())*9/5, minLimit))
	return g, errs
}

// minLimit is the least memory limit LoadOnce sets.
const minLimit = 512 << 20

// contentBytes is the size of the files under content/, the plans' folders
// estimated from a sample when there are more than plansSample of them.
//
// It runs before loading, alone: measuring every file took 0.19 s of one
// core at 10,000 plans (20,000 stats and 10,000 folders opened) while the
// other had nothing to do. A provisional limit needs no more than an estimate.
func contentBytes(fsys fs.FS) int64 {
	return treeBytes(fsys, "content", "content/plans") + sampledBytes(fsys, "content/plans")
}

// treeBytes is the size of the files under dir but those under skip.
func treeBytes(fsys fs.FS, dir, skip string) int64 {
	var n int64
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
		case d.IsDir():
			if p == skip {
				return fs.SkipDir
			}
		default:
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// plansSample is how many plan folders contentBytes measures at most.
const plansSample = 64

// sampledBytes estimates the size of the files under dir from those under
// plansSample of its entries, spread over its listing.
func sampledBytes(fsys fs.FS, dir string) int64 {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil || len(entries) == 0 {
		return 0
	}
	k := min(len(entries), plansSample)
	var sum int64
	for j := range k {
		sum += treeBytes(fsys, dir+"/"+entries[j*len(entries)/k].Name(), "")
	}
	return sum * int64(len(entries)) / int64(k)
}

// textSpill keeps the text of the plans out of memory between a plan's page
// and the search index, in a one-shot build (Options.ReleaseText).
//
// The text of the plans is most of the loaded content (about 200 MB at
// 10,000 plans). It is read by the plan's page, by the mention scan
// (mentionsOf, whose result is kept) and by the search index, which is built
// last and reads the sections in an order spread over the whole site
// (docRank), so that, held, all of it would be in memory until the index is
// nearly done. Instead, once a plan's page is rendered, the search text of
// each of its sections (searchText) is
// appended to a temporary file, already unlinked, and the text is dropped
// from the sections; the search reads each section back with one pread.
// The file is written in page order, a plan in one write, and read once, so
// it costs a copy each way and lives in the page cache, not in the process.
// A plan whose write fails (a full temporary folder) keeps its text, and so
// do the plans after it: the build goes on, with more memory.
type textSpill struct {
	f      spillFile
	mu     sync.Mutex
	size   int64                    // bytes reserved in the file
	spans  map[*content.Plan][]span // by section index, of the plans written
	failed bool                     // a write failed: keep the text from now on
	rerr   error                    // the first failed read
	pages  sync.WaitGroup           // plan pages not yet done
	bufs   sync.Pool                // *[]byte, to put a plan's text together or read it in
	read   readCache
	closed sync.Once
}

// readCache holds the text of the plans read back last, each from the
// section asked for to the plan's end. Past its first batches the search
// index reads the sections in document order, a plan's one after another:
// about one read a plan instead of one a section, each a system call, a
// page-cache look-up and a copy (at 10,000 plans 30,382 reads instead of
// about 412,000).
type readCache struct {
	mu   sync.Mutex
	ents [4]cachedText // two workers, each on a plan, and room to spare
	tick uint64
}

// cachedText is text read from the file at off.
type cachedText struct {
	off  int64
	buf  *[]byte // of textSpill.bufs
	used uint64  // tick of the last use
}

// appendFrom appends the text at sp to dst if the cache holds it.
func (c *readCache) appendFrom(dst []byte, sp span) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tick++
	for i := range c.ents {
		e := &c.ents[i]
		if e.buf != nil && sp.off >= e.off && sp.off+int64(sp.n) <= e.off+int64(len(*e.buf)) {
			e.used = c.tick
			at := sp.off - e.off
			return append(dst, (*e.buf)[at:at+int64(sp.n)]...), true
		}
	}
	return dst, false
}

// put caches buf, read at off, in place of the least recently used entry,
// and returns that entry's buffer (nil if none).
func (c *readCache) put(off int64, buf *[]byte) *[]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tick++
	old := &c.ents[0]
	for i := range c.ents {
		if c.ents[i].used < old.used {
			old = &c.ents[i]
		}
	}
	prev := old.buf
	*old = cachedText{off: off, buf: buf, used: c.tick}
	return prev
}

// span is where a section's text lies in the file.
type span struct {
	off int64
	n   int
}

// errSpent is returned by a second build of a generator whose text a
// one-shot build let go of.
var errSpent = errors.New("site: this generator's plan text was released by an earlier build (Options.ReleaseText)")

// spillFile is what textSpill needs of its file (an *os.File; tests make
// one whose writes fail).
type spillFile interface {
	io.ReaderAt
	io.WriterAt
	io.Closer
	Name() string
}

// createSpill makes the file; a variable for the tests.
var createSpill = func() (spillFile, error) { return os.CreateTemp("", "qualityportal-text-*") }

// newTextSpill makes the file for plans' text, or returns nil (the text is
// then kept in memory) when no temporary file can be made.
func newTextSpill(plans []*content.Plan) *textSpill {
	f, err := createSpill()
	if err != nil {
		return nil
	}
	// Unlinked now, so that nothing is left behind whatever happens; where an
	// open file cannot be removed it is removed by close.
	os.Remove(f.Name())
	s := &textSpill{f: f, spans: make(map[*content.Plan][]span, len(plans))}
	s.pages.Add(len(plans))
	return s
}

// pageDone spills the text of p, whose page is rendered, and drops it from
// p's sections, after the mention scan, which runs now if it has not run. It
// is called once for every plan (the search waits for all of them); it is
// safe to call on a nil *textSpill (the text is kept).
func (s *textSpill) pageDone(g *Generator, p *content.Plan) {
	if s == nil {
		return
	}
	defer s.pages.Done()
	g.mentionsOf(p)
	if skipSearch { // as a build with no search index would: the text only dropped
		for i := range p.Sections {
			clearText(&p.Sections[i])
		}
		return
	}
	bp := s.scratch()
	defer s.bufs.Put(bp)
	buf := (*bp)[:0]
	ends := make([]int, len(p.Sections))
	for i := range p.Sections {
		eachSearchText(p, i, func(t string) { buf = append(buf, t...) })
		ends[i] = len(buf)
	}
	*bp = buf
	// The place in the file is taken under the lock, the write is not.
	s.mu.Lock()
	off, failed := s.size, s.failed
	s.size += int64(len(buf))
	s.mu.Unlock()
	if failed {
		return
	}
	if _, err := s.f.WriteAt(buf, off); err != nil {
		s.mu.Lock()
		s.failed = true
		s.mu.Unlock()
		return
	}
	spans := make([]span, len(p.Sections))
	start := 0
	for i, end := range ends {
		spans[i] = span{off + int64(start), end - start}
		start = end
	}
	s.mu.Lock()
	s.spans[p] = spans
	s.mu.Unlock()
	for i := range p.Sections {
		clearText(&p.Sections[i])
	}
}

// scratch returns a buffer of the pool.
func (s *textSpill) scratch() *[]byte {
	if bp, ok := s.bufs.Get().(*[]byte); ok {
		return bp
	}
	b := make([]byte, 0, 64<<10)
	return &b
}

// wait waits for every plan page, before the search reads the file.
func (s *textSpill) wait() {
	if s != nil {
		s.pages.Wait()
	}
}

// spansOf returns where the text of each section of p lies in the file, or
// nil when it is not there (only after wait).
func (s *textSpill) spansOf(p *content.Plan) []span {
	if s == nil {
		return nil
	}
	return s.spans[p]
}

// appendText appends the text at sp (of a section of p) to dst, read from
// the file. A failed read fails the build (readErr) rather than index an
// empty section.
func (s *textSpill) appendText(dst []byte, p *content.Plan, sp span) []byte {
	n := len(dst)
	dst = slices.Grow(dst, sp.n)[:n+sp.n]
	if _, err := s.f.ReadAt(dst[n:], sp.off); err != nil {
		s.readFailed(p, err)
		return dst[:n]
	}
	return dst
}

// readFailed keeps the first failed read of p's text, which fails the build
// (readErr) rather than index an empty section.
func (s *textSpill) readFailed(p *content.Plan, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rerr == nil {
		s.rerr = fmt.Errorf("reading back the text of %s: %w", p.File(), err)
	}
}

// appendSection appends the text at sp, of a section of p, to dst: from the
// cache, or read with the rest of the plan's text, which is cached (only
// after wait).
func (s *textSpill) appendSection(dst []byte, p *content.Plan, sp span) []byte {
	if out, ok := s.read.appendFrom(dst, sp); ok {
		return out
	}
	spans := s.spansOf(p)
	last := spans[len(spans)-1]
	n := int(last.off + int64(last.n) - sp.off) // to the plan's end
	bp := s.scratch()
	buf := slices.Grow((*bp)[:0], n)[:n]
	*bp = buf
	if _, err := s.f.ReadAt(buf, sp.off); err != nil {
		s.bufs.Put(bp)
		s.readFailed(p, err)
		return dst
	}
	dst = append(dst, buf[:sp.n]...)
	if old := s.read.put(sp.off, bp); old != nil {
		s.bufs.Put(old)
	}
	return dst
}

// complete reports whether every plan's text is in the file (only after wait).
func (s *textSpill) complete() bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.failed
}

// readErr returns the first failed read of the file.
func (s *textSpill) readErr() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rerr
}

// close removes the file; it may be called more than once, from any goroutine.
func (s *textSpill) close() {
	if s == nil {
		return
	}
	s.closed.Do(func() {
		s.f.Close()
		os.Remove(s.f.Name())
	})
}

// clearText drops the text of a section's parts, keeping what names them
// (kind, table reference, box number and title, line).
func clearText(sec *markdown.Section) {
	for i := range sec.Parts {
		sec.Parts[i].Plain = ""
		sec.Parts[i].HTML = ""
	}
}
