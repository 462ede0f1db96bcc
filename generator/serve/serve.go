// Package serve is the preview server of "generator serve".
//
// It builds the site in memory with the generator's own Load and Render (with
// Options.Dev, so that pages load /_serve/reload.js), serves the files of the
// last good build on 127.0.0.1, watches content/, layouts/, static/ and
// site.toml with fsnotify, rebuilds after a burst of changes has settled, and
// tells the open pages over Server-Sent Events (/_serve/events) to reload, or
// to show the build's problems (path:line: message) as an overlay while the
// last good site stays served. Nothing is written to disk: the output folder
// of "build" is neither read nor touched.
//
// Endpoints of the server itself, never files of the site:
//
//	/_serve/reload.js   the classic script the pages load in Dev mode
//	/_serve/events      the status stream (text/event-stream)
//	/_serve/status      the same status as JSON
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"qualityportal/generator/diag"
	"qualityportal/generator/site"
)

// Options configure a Server.
type Options struct {
	Dir      string        // the site folder (with site.toml)
	Addr     string        // the address to listen on; "" is 127.0.0.1
	Port     int           // the port; 0 picks a free one
	Debounce time.Duration // quiet time after the last change before rebuilding; 0 is 100 ms
	Log      io.Writer     // progress and problems; nil discards them
	Full     bool          // no quick or incremental builds: only full rebuilds
	// OnBuild, when set, is called after every build attempt with the new
	// status (under the server's lock: it must not call the server).
	OnBuild func(Status)
}

// Status is what /_serve/status returns and what every event carries.
type Status struct {
	Version  string    `json:"version"` // of the served site; changes whenever a served file changes
	OK       bool      `json:"ok"`      // the latest build attempt succeeded
	Problems []Problem `json:"problems"`
	Files    int       `json:"files"`    // files served
	Built    string    `json:"built"`    // when the last good full build finished (RFC 3339)
	Phase    string    `json:"phase"`    // the latest attempt: "quick" (changed plans' pages), "update" (what changed plans reach) or "full"
	BuildMS  float64   `json:"build_ms"` // how long it took
	Builds   int       `json:"builds"`   // attempts so far, the first one included
	Building bool      `json:"building"` // a build is running or due, or the search index is behind: other files may still change
	// In events after a build: the output paths that changed (added, modified
	// or removed), or All when there are too many to list.
	Changed []string `json:"changed,omitempty"`
	All     bool     `json:"all,omitempty"`
}

// Problem is one build error.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
	Text    string `json:"text"` // "path:line: message", as the terminal shows it
}

// maxChanged bounds the list of changed paths sent to the pages.
const maxChanged = 2000

// maxQuickPlans is the most plans a quick build renders; more go to the full build only.
const maxQuickPlans = 8

// snapshot is what the HTTP handlers read: immutable once stored.
type snapshot struct {
	files    map[string][]byte // the served site; nil until a full build succeeds
	problems []Problem
	status   Status
}

type overlayFile struct {
	data  []byte
	batch int
}

// Server is a running preview.
type Server struct {
	opts     Options
	root     string // absolute site folder
	fsys     fs.FS
	id       string // distinguishes this process's versions from a restarted server's
	loopback bool

	snap atomic.Pointer[snapshot]
	hub  hub
	ln   net.Listener

	// Guarded by mu. Batches are numbered sets of changes (0: the start).
	mu          sync.Mutex
	base        map[string][]byte      // the last good build (full or update)
	baseCovers  int                    // the batch it includes
	fullCovers  int                    // the batch the latest full attempt included
	graph       *graph                 // of the last good full build
	gen         *site.Generator        // the generator of base: incremental builds start from it
	searchStale bool                   // base's search index is older than its pages (an update made them)
	pending     bool                   // changes seen, waiting for the debounce
	dirty       map[string]int         // plans changed since base, with the latest batch that changed them
	overlay     map[string]overlayFile // quick builds' pages newer than base
	probBatch   int                    // the batch the current problems belong to
	probFull    bool                   // …found by a full build
	otherBatch  int                    // the latest batch that changed more than plans
	fullWanted  int                    // the latest batch that needs a full build
	seq         int                    // version counter
	history     []change               // the latest versions' changes, oldest first
	builds      int
	built       string
	stopped     bool

	logMu sync.Mutex
}

// New prepares a server; nothing is built or listened to yet.
func New(opts Options) (*Server, error) {
	root, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("site folder %s: not a folder", opts.Dir)
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1"
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 100 * time.Millisecond
	}
	var idb [4]byte
	rand.Read(idb[:])
	s := &Server{opts: opts, root: root, fsys: os.DirFS(root), id: hex.EncodeToString(idb[:]),
		loopback: IsLoopback(opts.Addr), overlay: map[string]overlayFile{}, dirty: map[string]int{}, probBatch: -1}
	s.snap.Store(&snapshot{status: Status{Version: s.id + "-0", Problems: []Problem{}, Building: true}})
	return s, nil
}

// IsLoopback reports whether addr (a host name or IP) only reaches this machine.
func IsLoopback(addr string) bool {
	if strings.EqualFold(addr, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(addr, "[]"))
	return ip != nil && ip.IsLoopback()
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, format+"\n", args...)
}

// Listen binds the address, so that URL is known before Run.
func (s *Server) Listen() error {
	if s.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(s.opts.Addr, strconv.Itoa(s.opts.Port)))
	if err != nil {
		return err
	}
	s.ln = ln
	return nil
}

// URL returns the address of the site once listening.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String() + "/"
}

func (s *Server) status() Status { return s.snap.Load().status }

// Status returns the current status.
func (s *Server) Status() Status { return s.status() }

// Run serves the site and rebuilds it on every change until ctx is done;
// then it stops the HTTP server, ends the event streams and closes the
// watcher before returning. Pages asked for before the first build has
// finished get a page that reloads itself when it has.
func (s *Server) Run(ctx context.Context) error {
	if err := s.Listen(); err != nil {
		return err
	}
	w, err := newWatcher(s.root, s.logf)
	if err != nil {
		s.ln.Close()
		return fmt.Errorf("watching %s: %w", s.root, err)
	}
	s.logf("serving %s at %s (Ctrl-C to stop)", s.opts.Dir, s.URL())

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(s.hub.close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(s.ln) }()

	watchDone := make(chan struct{})
	wctx, stopWatch := context.WithCancel(ctx)
	go func() {
		defer close(watchDone)
		s.watch(wctx, w)
	}()

	select {
	case <-ctx.Done():
	case err = <-served:
	}
	stopWatch()
	<-watchDone
	w.close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.hub.close()
	if serr := srv.Shutdown(sctx); serr != nil && err == nil {
		err = serr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	s.logf("stopped")
	return err
}

// watch turns fsnotify events into builds. Events are collected until none
// has come for the debounce time (at most maxWait after the first); then the
// batch gets a number, a quick build if it changed only plans, and then a
// full build. One quick and one full build run at a time; the batches that
// arrive during a full build are folded into the next one.
func (s *Server) watch(ctx context.Context, w *watcher) {
	const maxWait = 2 * time.Second
	pending := map[string]bool{}
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	batch := 0
	quickRunning, fullRunning := false, false
	quickDone, fullDone := make(chan struct{}), make(chan struct{})
	startFull := func(covers int) {
		fullRunning = true
		go func() {
			s.runFull(covers)
			s.runSearch()
			fullDone <- struct{}{}
		}()
	}
	// A full build starts when one is due and none is running, and not while a
	// quick build runs: the changed page first, then the rest of the site.
	fullIfDue := func() {
		if fullRunning || quickRunning {
			return
		}
		s.mu.Lock()
		want, covered := s.fullWanted, s.fullCovers
		s.mu.Unlock()
		if want > covered {
			startFull(want)
		}
	}
	schedule := func() {
		if quickRunning || len(pending) == 0 {
			return
		}
		d := s.opts.Debounce
		if left := maxWait - time.Since(first); left < d {
			d = max(left, 0)
		}
		timer.Reset(d)
	}
	startFull(0)
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			s.mu.Lock()
			s.stopped = true // a build still running publishes nothing
			s.mu.Unlock()
			// Wait a little for a build in progress; a long full build is
			// abandoned (it only reads) rather than holding up Ctrl-C.
			deadline := time.After(2 * time.Second)
			for quickRunning || fullRunning {
				select {
				case <-quickDone:
					quickRunning = false
				case <-fullDone:
					fullRunning = false
				case <-deadline:
					s.logf("abandoning a build in progress")
					return
				}
			}
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			rel, ok := w.handle(ev)
			if !ok {
				continue
			}
			if len(pending) == 0 {
				first = time.Now()
			}
			pending[rel] = true
			s.setPending(true)
			schedule()
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			s.logf("watch: %v", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: watch every folder again and rebuild everything.
				for _, d := range watchedDirs {
					w.addTree(filepath.Join(s.root, d))
				}
				if len(pending) == 0 {
					first = time.Now()
				}
				pending["."] = true // not a plan: no quick build
				s.setPending(true)
				schedule()
			}
		case <-timer.C:
			if len(pending) == 0 || quickRunning {
				continue
			}
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			pending = map[string]bool{}
			s.setPending(false)
			batch++
			b := batch
			slugs, plansOnly := quickPlans(s.root, paths)
			s.mu.Lock()
			if !plansOnly {
				s.otherBatch = b
			}
			for _, p := range paths {
				if slug, ok := planSlugOf(p); ok {
					s.dirty[slug] = b
				}
			}
			s.fullWanted = b
			quick := !s.opts.Full && plansOnly && len(slugs) > 0 && len(slugs) <= maxQuickPlans &&
				s.base != nil && s.baseCovers >= s.otherBatch
			s.mu.Unlock()
			s.logf("changed %s", summary(paths))
			if quick {
				quickRunning = true
				go func() {
					s.runQuick(b, slugs)
					quickDone <- struct{}{}
				}()
			}
			fullIfDue()
		case <-quickDone:
			quickRunning = false
			fullIfDue()
			schedule()
		case <-fullDone:
			fullRunning = false
			fullIfDue()
		}
	}
}

// setPending records whether changes wait for their batch (the debounce):
// until they are built, statuses say building.
func (s *Server) setPending(p bool) {
	s.mu.Lock()
	s.pending = p
	s.mu.Unlock()
}

func summary(paths []string) string {
	if len(paths) > 3 {
		return strings.Join(paths[:3], ", ") + fmt.Sprintf(" and %d more", len(paths)-3)
	}
	return strings.Join(paths, ", ")
}

// runFull brings the whole site up to date; covers is the latest batch of
// changes it includes. When only plans changed since the last good build it
// is an incremental build of what those plans reach, else a full build.
func (s *Server) runFull(covers int) {
	s.mu.Lock()
	old, base := s.gen, s.base
	var slugs []string
	if !s.opts.Full && old != nil && base != nil && s.otherBatch <= s.baseCovers {
		for slug, b := range s.dirty {
			if b > s.baseCovers {
				slugs = append(slugs, slug)
			}
		}
		sort.Strings(slugs)
	}
	s.mu.Unlock()
	start := time.Now()
	var m map[string][]byte
	var gen *site.Generator
	var gr *graph
	var err error
	phase := "full"
	if len(slugs) > 0 {
		phase = "update"
		m, gen, gr, err = updatePages(s.fsys, old, base, slugs)
	} else {
		var files []site.File
		files, gen, gr, err = fullBuildGen(s.fsys, 0, !s.opts.Full)
		if err == nil {
			m = make(map[string][]byte, len(files))
			for _, f := range files {
				m[f.Path] = f.Data
			}
		}
	}
	took := time.Since(start)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.builds++
	s.fullCovers = max(s.fullCovers, covers)
	// Quick pages of the batches this build included go: either the full
	// build has them too, or it failed and the last good site is what is served.
	for p, o := range s.overlay {
		if o.batch <= covers {
			delete(s.overlay, p)
		}
	}
	var probs []Problem
	if err != nil {
		probs = Problems(err)
	} else {
		s.base, s.baseCovers, s.graph, s.gen = m, covers, gr, gen
		// An update leaves the search index of the previous build: runSearch follows.
		s.searchStale = phase == "update"
		for slug, b := range s.dirty {
			if b <= covers {
				delete(s.dirty, slug)
			}
		}
		s.built = time.Now().Format(time.RFC3339)
	}
	if covers >= s.probBatch {
		s.probBatch, s.probFull = covers, true
		s.publish(phase, took, probs, true)
	} else {
		s.publish(phase, took, nil, false)
	}
	if err == nil && phase == "update" {
		s.logf("update of %s: %d files in %.0f ms (search index next)", strings.Join(slugs, ", "), len(m), ms(took))
	} else if err == nil {
		s.logf("full build: %d files in %.0f ms", len(m), ms(took))
	} else if covers == s.probBatch {
		s.logProblems(probs)
	}
}

// runSearch makes the search index of the last good build when an update
// left it behind, unless more changes are waiting (their update comes first,
// and the index follows it).
func (s *Server) runSearch() {
	s.mu.Lock()
	g, base := s.gen, s.base
	due := s.searchStale && s.fullWanted <= s.fullCovers
	s.mu.Unlock()
	if !due {
		return
	}
	start := time.Now()
	m, err := updateSearch(g, base)
	took := time.Since(start)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped || s.gen != g {
		return
	}
	if err != nil {
		s.logf("search index: %v (the previous index is served)", err)
		return
	}
	s.builds++
	s.base, s.searchStale = m, false
	s.publish("update", took, nil, false)
	s.logf("search index: %.0f ms", ms(took))
}

// runQuick renders the pages of the plans slugs changed in batch b.
func (s *Server) runQuick(b int, slugs []string) {
	s.mu.Lock()
	gr := s.graph
	s.mu.Unlock()
	start := time.Now()
	files, err := quickBuild(s.root, gr, slugs)
	took := time.Since(start)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped || b <= s.fullCovers {
		return // a full build that includes this batch has already finished
	}
	s.builds++
	var probs []Problem
	if err != nil {
		probs = Problems(err)
	} else {
		for _, f := range files {
			s.overlay[f.Path] = overlayFile{f.Data, b}
		}
	}
	if b > s.probBatch || b == s.probBatch && !s.probFull {
		s.probBatch, s.probFull = b, false
		s.publish("quick", took, probs, true)
	} else {
		s.publish("quick", took, nil, false)
	}
	if err == nil {
		s.logf("quick build: %s in %.0f ms", strings.Join(slugs, ", "), ms(took))
	} else {
		s.logProblems(probs)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (s *Server) logProblems(probs []Problem) {
	var b strings.Builder
	for _, p := range probs {
		b.WriteString(p.Text + "\n")
	}
	fmt.Fprintf(&b, "%d problem(s); still serving the last good site", len(probs))
	s.logf("%s", b.String())
}

// publish composes the served site (the last good full build with newer
// quick pages over it), stores it with a new status and tells the pages.
// setProbs says whether probs replace the current problems. Called with mu held.
func (s *Server) publish(phase string, took time.Duration, probs []Problem, setProbs bool) {
	old := s.snap.Load()
	next := &snapshot{problems: old.problems}
	if setProbs {
		next.problems = probs
		if next.problems == nil {
			next.problems = []Problem{}
		}
	}
	if s.base != nil {
		m := make(map[string][]byte, len(s.base)+len(s.overlay))
		for p, b := range s.base {
			m[p] = b
		}
		for p, o := range s.overlay {
			m[p] = o.data
		}
		next.files = m
	}
	st := Status{Problems: next.problems, OK: len(next.problems) == 0, Files: len(next.files), Built: s.built,
		Phase: phase, BuildMS: ms(took), Builds: s.builds, Building: s.fullWanted > s.fullCovers || s.searchStale || s.pending}
	changed := diff(old.files, next.files)
	if len(changed) > 0 {
		s.seq++
	}
	if len(changed) > maxChanged || old.files == nil && next.files != nil {
		st.All = true
	} else {
		st.Changed = changed
	}
	if len(changed) > 0 {
		s.history = append(s.history, change{s.seq, st.Changed, st.All})
		if len(s.history) > maxHistory {
			s.history = s.history[len(s.history)-maxHistory:]
		}
	}
	st.Version = s.id + "-" + strconv.Itoa(s.seq)
	next.status = st
	next.status.Changed, next.status.All = nil, false // only events carry them
	s.snap.Store(next)
	s.hub.broadcast(event(st))
	if s.opts.OnBuild != nil {
		s.opts.OnBuild(st)
	}
}

// change is what one version changed.
type change struct {
	seq     int
	changed []string
	all     bool
}

// maxHistory is how many versions' changes are kept for pages that reconnect.
const maxHistory = 64

// statusSince is the current status for a page built from version since:
// with the paths changed since then, so that the page reloads only if it
// missed a change of its own (it may have connected just after a build).
func (s *Server) statusSince(since string) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.snap.Load().status
	id, n, ok := strings.Cut(since, "-")
	seq, err := strconv.Atoi(n)
	if !ok || err != nil || id != s.id || seq > s.seq || len(s.history) == 0 || s.history[0].seq > seq+1 {
		if st.Version != since {
			st.All = true
		}
		return st
	}
	set := map[string]bool{}
	for _, h := range s.history {
		if h.seq <= seq {
			continue
		}
		if h.all {
			st.All = true
			return st
		}
		for _, p := range h.changed {
			set[p] = true
		}
	}
	st.Changed = make([]string, 0, len(set))
	for p := range set {
		st.Changed = append(st.Changed, p)
	}
	sort.Strings(st.Changed)
	if len(st.Changed) > maxChanged {
		st.Changed, st.All = nil, true
	}
	return st
}

// diff lists the paths whose bytes differ between two builds, sorted.
func diff(old, cur map[string][]byte) []string {
	var out []string
	for p, b := range cur {
		o, ok := old[p]
		if !ok || !sameBytes(o, b) {
			out = append(out, p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true // the same slice, reused by an incremental build
	}
	return string(a) == string(b)
}

// Problems turns a build error into path:line problems.
func Problems(err error) []Problem {
	var l diag.List
	if errors.As(err, &l) {
		out := make([]Problem, 0, len(l))
		for _, e := range l {
			out = append(out, problem(e, ""))
		}
		return out
	}
	var e *diag.Error
	if errors.As(err, &e) {
		// "rendering plans/x/index.html: layouts/plan.html:12: …": keep the page as context.
		ctx := strings.TrimSuffix(strings.TrimSuffix(err.Error(), e.Error()), ": ")
		return []Problem{problem(e, ctx)}
	}
	return []Problem{{Message: err.Error(), Text: err.Error()}}
}

func problem(e *diag.Error, ctx string) Problem {
	msg := e.Msg
	if ctx != "" {
		msg += " (" + ctx + ")"
	}
	p := Problem{File: e.Pos.File, Line: e.Pos.Line, Message: msg}
	p.Text = (&diag.Error{Pos: e.Pos, Msg: msg}).Error()
	return p
}
