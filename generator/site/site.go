// Package site turns loaded content into the files of the portal: it plans
// every page (path, template, data), renders them in parallel and writes the
// output folder atomically, so that a failed build leaves the last good site.
//
// Every link in the output is relative and names its file
// ("../../regions/jiaojiang/index.html"), so that the folder works from disk.
package site

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
	"qualityportal/generator/diag"
	"qualityportal/generator/layout"
)

// Page is what every template receives.
type Page struct {
	Site        *config.Site
	Content     *content.Site
	Kind        string // home, plan, region, indicator, theme, plans, regions, indicators, themes, search, 404
	Title       string
	Description string
	Path        string // output path, e.g. "plans/x/index.html"
	Root        string // relative path from the page to the site root: "", "../", "../../"
	Crumbs      []Crumb
	Data        any
	Dev         bool // served by the preview server: add the reload script
	// out is the buffer the page is being rendered into, for the fragments
	// that write into it (frag); nil outside a render.
	out *bytes.Buffer
}

// Crumb is one step of the breadcrumbs.
type Crumb struct {
	Name string
	URL  string // from the root; "" for the current page
}

// A job is one output file.
type job struct {
	path string
	page *Page // rendered with layout page.Kind
	// view, when set, computes page.Data just before the page is rendered, so
	// that the views (and charts) of all pages are never in memory at once.
	view   func() any
	data   []byte // written as is
	render func() ([]byte, error)
	// files, when set, makes several files in one pass (the downloads):
	// emit hands over a file in a pooled buffer (nil for none), open gives a
	// writer for a file of hundreds of megabytes at national scale, written
	// a part at a time straight into the output file in WriteTo, so that it
	// is never whole in memory.
	files func(emit func(File, *bytes.Buffer) error, open func(path string) (io.Writer, error)) error
	// paths are the other files a files job may make, for StreamSome.
	paths []string
	// after, when set, is called once the page is rendered (textSpill).
	after func()
}

// wanted reports whether keep accepts a file the job makes.
func (j *job) wanted(keep func(string) bool) bool {
	if keep(j.path) {
		return true
	}
	for _, p := range j.paths {
		if keep(p) {
			return true
		}
	}
	return false
}

// Options control a build.
type Options struct {
	Dev      bool      // add the live-reload script (serve only)
	Progress io.Writer // where to print progress, nil for none
	Workers  int       // 0: GOMAXPROCS
	// KeepSearch keeps the search index in memory when it is rendered, so that
	// UpdateSearch of a generator updated from this one (Update) reads only the
	// documents that changed (serve).
	KeepSearch bool
	// CPUByKind measures Result.CPU. It pins each render worker and writer to
	// its OS thread, so that the thread's CPU time is the job's; a pinned
	// goroutine that blocks costs a thread switch, which made a 10,000-plan
	// build about a tenth slower (35.5 → 31.7 s), so only the benchmark's
	// breakdown asks for it.
	CPUByKind bool
	// ReleaseText lets go of each plan's text once its page is rendered, and
	// the search index reads it back from a temporary file (see textSpill),
	// which takes about 200 MB off the peak of a 10,000-plan build. The
	// generator can then build only once: a later build returns an error.
	// For the build and check commands, not for the preview, whose generator
	// builds again.
	ReleaseText bool
}

// Result summarises a build.
type Result struct {
	Pages, Files int
	Bytes        int64
	Duration     time.Duration
	// Work is the time spent on each kind of output, summed over the
	// workers ("plan" pages, "download", "search", …): where a build's time goes.
	Work map[string]time.Duration
	// CPU is the CPU time (user and system) the render workers spent on
	// each kind of output, and the writers on "write" (Linux only, and only
	// with Options.CPUByKind; it includes the garbage collector's assists,
	// not its background work).
	// Unlike Work it does not grow when other processes compete for the cores.
	CPU map[string]time.Duration
}

// Generator holds loaded content and templates, ready to render.
type Generator struct {
	Site     *content.Site
	Layouts  *layout.Set
	Static   fs.FS // the static/ folder, copied as is
	Opts     Options
	Extra    []Extra // more files from later stages (search index, downloads)
	funcs    template.FuncMap
	pageList []*job
	sorted   map[*content.Indicator][]*content.RowRef // rowsOf, set once by sortAllRows
	sortOnce sync.Once

	mentionMu sync.Mutex
	finder    *mentionFinder
	mentions  map[string][]mention // by plan slug: see mentionsOf

	kept *keptSearch // shared with the generators updated from this one

	// spill is set by a build with Options.ReleaseText, which lets the text
	// go: the generator cannot build again.
	spill *textSpill
}

// Extra produces additional output files from the content.
type Extra interface {
	Files(s *content.Site) ([]File, error)
}

// File is an output file with its bytes.
type File struct {
	Path string
	Data []byte
}

// Load reads the site folder: settings, content and templates. All problems are returned.
func Load(fsys fs.FS) (*Generator, diag.List) {
	cfg, errs := config.Load(fsys)
	if cfg == nil {
		return nil, errs
	}
	cs, cerrs := content.Load(fsys, cfg)
	errs.Append(cerrs)
	g := &Generator{Site: cs, kept: &keptSearch{}}
	errs.Append(g.loadLayouts(fsys))
	errs.Sort()
	return g, errs
}

// loadLayouts reads the templates, with functions bound to g.Site, and
// finds the static folder.
func (g *Generator) loadLayouts(fsys fs.FS) diag.List {
	g.funcs = Funcs(g.Site)
	set, errs := layout.Load(fsys, g.funcs)
	for _, kind := range pageKinds {
		if set != nil && !set.Has(kind) {
			errs.Add(layout.Dir+"/"+kind+".html", 0, "missing page template")
		}
	}
	g.Layouts = set
	if sub, err := fs.Sub(fsys, "static"); err == nil {
		g.Static = sub
	}
	return errs
}

var pageKinds = []string{"home", "plan", "plans", "region", "regions", "indicator", "indicators", "theme", "themes", "search", "404"}

// Build renders the site into out. The site is written to a fresh folder
// next to out and swapped in only when complete.
func (g *Generator) Build(out string) (Result, error) {
	start := time.Now()
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Result{}, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(tmp)
	res, err := g.WriteTo(tmp)
	if err != nil {
		return res, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return res, err
	}
	if err := swap(tmp, out); err != nil {
		return res, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// swap replaces out with the folder tmp, keeping out whole if anything fails.
func swap(tmp, out string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return removeTree(old)
	}
	return nil
}

// WriteTo renders every file into dir, which must exist. Each file is
// written as soon as it is rendered, so memory holds only the pages being
// rendered and a bounded queue of pages being written, never the whole site.
//
// Creating a file blocks in the kernel for 100–350 µs on a virtual disk, so
// files are written by a pool of writer goroutines, more than the render
// workers: rendering goes on while files are created.
func (g *Generator) WriteTo(dir string) (Result, error) {
	w := newWriter(dir, writers, g.Opts.CPUByKind)
	res, err := g.stream(nil, w.write, w.create)
	werr := w.close()
	if res.Work != nil {
		res.Work["write"] += w.busy()
		res.CPU["write"] += time.Duration(w.cpu.Load())
	}
	if err == nil {
		err = werr
	}
	return res, err
}

// writers is the number of goroutines writing files in WriteTo.
const writers = 8

// writer writes files from a bounded queue on a pool of goroutines.
type writer struct {
	dir   string
	queue chan pending
	wg    sync.WaitGroup
	dirs  sync.Map
	mu    sync.Mutex
	err   error
	nanos atomic.Int64
	cpu   atomic.Int64
	pin   bool // measure cpu (Options.CPUByKind)
}

type pending struct {
	f   File
	buf *bytes.Buffer // returned to bufPool once written, nil if f.Data is not pooled
}

func newWriter(dir string, n int, pin bool) *writer {
	w := &writer{dir: dir, queue: make(chan pending, 2*n), pin: pin}
	for i := 0; i < n; i++ {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for p := range w.queue {
				if w.failed() == nil {
					start, cpu := time.Now(), startCPU(w.pin)
					if err := w.writeFile(p.f); err != nil {
						w.mu.Lock()
						if w.err == nil {
							w.err = err
						}
						w.mu.Unlock()
					}
					w.nanos.Add(int64(time.Since(start)))
					w.cpu.Add(int64(cpu()))
				}
				if p.buf != nil {
					putBuf(p.buf)
				}
			}
		}()
	}
	return w
}

func (w *writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// write queues f (its buffer, if any, now belongs to the writer). It returns
// the first write error so far, which stops the build.
func (w *writer) write(f File, buf *bytes.Buffer) error {
	if err := w.failed(); err != nil {
		if buf != nil {
			putBuf(buf)
		}
		return err
	}
	w.queue <- pending{f, buf}
	return nil
}

// close waits for every queued file and returns the first write error.
func (w *writer) close() error {
	close(w.queue)
	w.wg.Wait()
	return w.failed()
}

// busy is the time the writers spent writing, summed over them.
func (w *writer) busy() time.Duration { return time.Duration(w.nanos.Load()) }

// create makes the file p (and its folder) for a job that writes it itself.
func (w *writer) create(p string) (io.WriteCloser, error) {
	if err := w.mkdir(path.Dir(p)); err != nil {
		return nil, err
	}
	return os.Create(filepath.Join(w.dir, filepath.FromSlash(p)))
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (w *writer) writeFile(f File) error {
	if err := w.mkdir(path.Dir(f.Path)); err != nil {
		return err
	}
	return writeFile(filepath.Join(w.dir, filepath.FromSlash(f.Path)), f.Data)
}

// mkdir makes the folder d (slash-separated, relative to w.dir) and its
// parents once per build, with one system call per folder.
func (w *writer) mkdir(d string) error {
	if d == "." || d == "" {
		return nil
	}
	if _, ok := w.dirs.Load(d); ok {
		return nil
	}
	if err := w.mkdir(path.Dir(d)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(w.dir, filepath.FromSlash(d)), 0o755); err != nil && !os.IsExist(err) {
		return err
	}
	w.dirs.Store(d, true)
	return nil
}

// Render produces every output file in memory, sorted by path. It is
// Stream collecting the files, for check and the preview server.
func (g *Generator) Render() ([]File, error) { return g.RenderSome(nil) }

// RenderSome is Render for the files whose path keep accepts (all when nil).
func (g *Generator) RenderSome(keep func(path string) bool) ([]File, error) {
	var mu sync.Mutex
	var files []File
	_, err := g.StreamSome(keep, func(f File) error {
		f.Data = bytes.Clone(f.Data)
		mu.Lock()
		files = append(files, f)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// done lets go of what the job needed to run (its view, and through it the
// cross-references several pages share), keeping what names its file for
// the sitemap.
func (j *job) done() {
	j.view, j.render, j.files, j.after, j.data = nil, nil, nil, nil, nil
}

// dropper lets go of the content only the pages read (content.Site.DropData)
// once every job is done and the search documents are made, in a one-shot
// build whose text is all kept aside (textSpill): the search index is then
// built beside what it needs only. Nothing happens after an error, nor when
// a plan kept its text (the index reads it from its sections and tables).
type dropper struct {
	mu       sync.Mutex
	jobsLeft int
	made     bool
	on       bool
	g        *Generator
}

func (d *dropper) jobDone() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.jobsLeft--
	d.maybe()
}

func (d *dropper) docsMade() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.made = true
	d.maybe()
}

func (d *dropper) maybe() {
	if d.on && d.made && d.jobsLeft == 0 && d.g.spill.complete() {
		d.on = false
		d.g.Site.DropData()
		d.g.sorted, d.g.mentions, d.g.finder = nil, nil, nil
	}
}

// kind names the job's kind of output for Result.Work.
func (j *job) kind() string {
	switch {
	case j.page != nil:
		return j.page.Kind
	case strings.HasSuffix(j.path, ".csv"), strings.HasSuffix(j.path, ".json"):
		return "download"
	}
	return path.Ext(j.path)
}

// bufPool holds the buffers pages are rendered into.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled is the largest buffer putBuf gives back to bufPool. The few
// files of megabytes (an indicator's downloads and page at national scale)
// would otherwise stay in the pool and be taken for pages of kilobytes,
// each held while it waits to be written: about 90 MB of a 10,000-plan
// build's live heap. They go to bigPool, which only the downloads take from.
const maxPooled = 1 << 20

// bigPool holds the buffers over maxPooled, for the downloads (getBig).
var bigPool sync.Pool

// putBuf gives b back to bufPool, or to bigPool when it is large.
func putBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		bufPool.Put(b)
	} else {
		bigPool.Put(b)
	}
}

// getBuf returns an empty buffer of bufPool.
func getBuf() *bytes.Buffer {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// getBig returns an empty buffer for a file that may be large.
func getBig() *bytes.Buffer {
	if b, ok := bigPool.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return getBuf()
}

// Stream renders every output file and hands each to emit as soon as it is
// ready. emit is called from several goroutines at once, and f.Data is only
// valid during the call (its buffer is reused). Two files with the same path
// are an error. The first error, from rendering or from emit, stops the build.
func (g *Generator) Stream(emit func(File) error) (Result, error) {
	return g.StreamSome(nil, emit)
}

// StreamSome is Stream for the output files whose path keep accepts (all of
// them when keep is nil): an incremental build (see update.go).
func (g *Generator) StreamSome(keep func(path string) bool, emit func(File) error) (Result, error) {
	return g.stream(keep, func(f File, buf *bytes.Buffer) error {
		err := emit(f)
		if buf != nil {
			putBuf(buf)
		}
		return err
	}, nil)
}

// stream is StreamSome handing over the pooled buffer that holds f.Data (nil
// if none): emit owns it and puts it back into bufPool when done with it.
// create, if not nil, makes an output file for the jobs that write their
// file themselves (job.write); without it they are rendered into memory.
func (g *Generator) stream(keep func(path string) bool, emit func(File, *bytes.Buffer) error, create func(string) (io.WriteCloser, error)) (Result, error) {
	res := Result{Work: map[string]time.Duration{}, CPU: map[string]time.Duration{}}
	var mu sync.Mutex
	seen := map[string]bool{}
	work := func(kind string, d time.Duration) {
		mu.Lock()
		res.Work[kind] += d
		mu.Unlock()
	}
	cpuWork := func(kind string, d time.Duration) {
		if !g.Opts.CPUByKind {
			return
		}
		mu.Lock()
		res.CPU[kind] += d
		mu.Unlock()
	}
	// claim counts a file of n bytes; a second file with the same path is an error.
	claim := func(p string, n int64) error {
		mu.Lock()
		dup := seen[p]
		seen[p] = true
		res.Files++
		res.Bytes += n
		if strings.HasSuffix(p, ".html") {
			res.Pages++
		}
		mu.Unlock()
		if dup {
			return fmt.Errorf("two files would be written to %s", p)
		}
		return nil
	}
	out := func(f File, buf *bytes.Buffer) error {
		if err := claim(f.Path, int64(len(f.Data))); err != nil {
			if buf != nil {
				putBuf(buf)
			}
			return err
		}
		return emit(f, buf)
	}
	// multi runs a job that makes several files (job.files).
	multi := func(j *job) error {
		type opened struct {
			path string
			f    io.WriteCloser // nil: in memory
			bw   *bufio.Writer
			cw   *countingWriter
			buf  *bytes.Buffer
		}
		var files []*opened
		open := func(p string) (io.Writer, error) {
			if keep != nil && !keep(p) {
				return io.Discard, nil
			}
			if err := claim(p, 0); err != nil {
				return nil, err
			}
			o := &opened{path: p}
			if create == nil {
				o.buf = new(bytes.Buffer)
				o.cw = &countingWriter{w: o.buf}
			} else {
				f, err := create(p)
				if err != nil {
					return nil, err
				}
				o.f, o.bw = f, bufio.NewWriterSize(f, 1<<20)
				o.cw = &countingWriter{w: o.bw}
			}
			files = append(files, o)
			return o.cw, nil
		}
		some := out
		if keep != nil {
			some = func(f File, buf *bytes.Buffer) error {
				if !keep(f.Path) {
					if buf != nil {
						putBuf(buf)
					}
					return nil
				}
				return out(f, buf)
			}
		}
		err := j.files(some, open)
		for _, o := range files {
			if o.f != nil {
				if ferr := o.bw.Flush(); err == nil {
					err = ferr
				}
				if cerr := o.f.Close(); err == nil {
					err = cerr
				}
			}
			mu.Lock()
			res.Bytes += o.cw.n
			mu.Unlock()
			if o.buf != nil && err == nil {
				err = emit(File{Path: o.path, Data: o.buf.Bytes()}, nil)
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", j.path, err)
		}
		return nil
	}
	if g.spill != nil {
		return res, errSpent
	}
	if g.Opts.ReleaseText && keep == nil {
		g.spill = newTextSpill(g.Site.Plans) // nil without a temporary file: the text is kept
		defer g.spill.close()
	}
	jobs := g.plan()
	if keep != nil {
		kept := jobs[:0:0]
		for _, j := range jobs {
			if j.wanted(keep) {
				kept = append(kept, j)
			}
		}
		jobs = kept
	}
	var done atomic.Int64
	total := len(jobs)
	drop := &dropper{jobsLeft: total, on: g.spill != nil, g: g}
	var lastPrint atomic.Int64
	// The search index is built by the first worker out of pages, beside
	// the last ones.
	search := func() error {
		if beforeSearch != nil {
			beforeSearch()
		}
		if keep != nil && !keep("search/meta.js") {
			return nil
		}
		if skipSearch {
			g.spill.wait()
			drop.docsMade()
			return nil
		}
		start := time.Now()
		// Each file is written as soon as it is made.
		if err := g.searchFiles(out, drop.docsMade); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		work("search", time.Since(start))
		return nil
	}
	err := parallelThen(len(jobs), g.Opts.Workers, func(i int) error {
		j := jobs[i]
		start, cpu := time.Now(), startCPU(g.Opts.CPUByKind)
		var buf *bytes.Buffer // handed to out with the page it holds
		var data []byte
		switch {
		case j.page != nil:
			buf = getBuf()
			// A copy, so the view is garbage as soon as the page is written.
			pg := *j.page
			if j.view != nil {
				pg.Data = j.view()
			}
			pg.out = buf
			err := g.Layouts.Execute(buf, pg.Kind, &pg)
			if j.after != nil {
				j.after()
			}
			if err != nil {
				putBuf(buf)
				return fmt.Errorf("rendering %s: %w", j.path, err)
			}
			data = buf.Bytes()
		case j.render != nil:
			var err error
			if data, err = j.render(); err != nil {
				return fmt.Errorf("%s: %w", j.path, err)
			}
		case j.files != nil:
			err := multi(j)
			work(j.kind(), time.Since(start))
			cpuWork(j.kind(), cpu())
			j.done()
			if err != nil {
				return err
			}
			done.Add(1)
			drop.jobDone()
			return nil
		default:
			data = j.data
		}
		work(j.kind(), time.Since(start))
		cpuWork(j.kind(), cpu())
		j.done()
		if err := out(File{Path: j.path, Data: data}, buf); err != nil {
			return err
		}
		drop.jobDone()
		n := done.Add(1)
		if g.Opts.Progress != nil && n%500 == 0 {
			if now := time.Now().UnixMilli(); now-lastPrint.Load() > 200 {
				lastPrint.Store(now)
				fmt.Fprintf(g.Opts.Progress, "\rrendering %d/%d", n, total)
			}
		}
		return nil
	}, search)
	if g.Opts.Progress != nil && total >= 500 {
		fmt.Fprintf(g.Opts.Progress, "\r%*s\r", 30, "")
	}
	if err != nil {
		return res, err
	}
	for _, x := range g.Extra {
		more, err := x.Files(g.Site)
		if err != nil {
			return res, err
		}
		for _, f := range more {
			if err := out(f, nil); err != nil {
				return res, err
			}
		}
	}
	if g.Static != nil {
		st, err := readStatic(g.Static)
		if err != nil {
			return res, err
		}
		for _, f := range st {
			if keep != nil && !keep(f.Path) {
				continue
			}
			if err := out(f, nil); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

func readStatic(fsys fs.FS) ([]File, error) {
	var files []File
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return fs.SkipDir // no static folder
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files = append(files, File{Path: p, Data: data})
		return nil
	})
	return files, err
}

// beforeSearch, when set (by the benchmark), is called when the search
// index is about to be built: every page and download has been started, and
// the last ones may still be rendered beside it.
var beforeSearch func()

// skipSearch, when set (by the benchmark, to measure what the index adds to
// a build), leaves the search index out, and the work only the index needs:
// the plans' text is dropped after their pages without being put aside.
var skipSearch bool

// parallel runs f(0..n-1) on workers goroutines and returns the first error.
func parallel(n, workers int, f func(int) error) error {
	return parallelThen(n, workers, f, nil)
}

// parallelThen is parallel, and then runs tail on the first worker that
// finds no more work to start, while the others finish theirs: the build's
// search index, whose start is serial, so begins while the last pages are
// rendered instead of after. tail is not run after an error of f; its error
// is returned when f had none.
func parallelThen(n, workers int, f func(int) error, tail func() error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first, tailErr error
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i == n && tail != nil {
					tailErr = tail()
				}
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					next.Store(int64(n) + 1) // no more work, nor the tail
					return
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return tailErr
}

// startCPU starts timing a job by the CPU time of its thread, when on
// (Options.CPUByKind): it pins the goroutine to its thread until the
// returned function, which gives the CPU time since, is called. Off, it
// returns 0.
func startCPU(on bool) func() time.Duration {
	if !on {
		return func() time.Duration { return 0 }
	}
	runtime.LockOSThread()
	t0 := threadCPU()
	return func() time.Duration {
		d := threadCPU() - t0
		runtime.UnlockOSThread()
		return d
	}
}

// rootOf returns the relative path from a page to the site root.
func rootOf(p string) string {
	return strings.Repeat("../", strings.Count(p, "/"))
}
