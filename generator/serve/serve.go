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
)

// Options configure a Server.
type Options struct {
	Dir      string        // the site folder (with site.toml)
	Addr     string        // the address to listen on; "" is 127.0.0.1
	Port     int           // the port; 0 picks a free one
	Debounce time.Duration // quiet time after the last change before rebuilding; 0 is 100 ms
	Log      io.Writer     // progress and problems; nil discards them
	Full     bool          // rebuild everything on every change instead of reusing unchanged work
	// OnBuild, when set, is called after every build attempt with the new status.
	OnBuild func(Status)
}

// Status is what /_serve/status returns and what every event carries.
type Status struct {
	Version  string    `json:"version"` // of the last good build; changes whenever its output changes
	OK       bool      `json:"ok"`      // the last build attempt succeeded
	Problems []Problem `json:"problems"`
	Files    int       `json:"files"`    // files of the last good build
	Built    string    `json:"built"`    // when the last good build finished (RFC 3339)
	BuildMS  float64   `json:"build_ms"` // how long the last attempt took
	Builds   int       `json:"builds"`   // attempts so far, the first one included
	// In events after a rebuild: the output paths that changed (added,
	// modified or removed), or All when there are too many to list.
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

type snapshot struct {
	files    map[string][]byte // nil until a build succeeds
	seq      int               // good builds that changed the output
	problems []Problem
	status   Status
}

// Server is a running preview.
type Server struct {
	opts     Options
	root     string // absolute site folder
	b        builder
	id       string // distinguishes this process's versions from a restarted server's
	loopback bool

	snap   atomic.Pointer[snapshot]
	hub    hub
	builds int        // guarded by mu
	mu     sync.Mutex // one build at a time
	ln     net.Listener
	logMu  sync.Mutex
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
	s := &Server{opts: opts, root: root, id: hex.EncodeToString(idb[:]), loopback: IsLoopback(opts.Addr)}
	if opts.Full {
		s.b = &fullBuilder{fsys: os.DirFS(root)}
	} else {
		s.b = newIncBuilder(root)
	}
	s.snap.Store(&snapshot{status: Status{Version: s.id + "-0", Problems: []Problem{}}})
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

// Run builds the site, serves it and rebuilds on every change until ctx is
// done; then it stops the HTTP server, ends the event streams and closes the
// watcher before returning.
func (s *Server) Run(ctx context.Context) error {
	if err := s.Listen(); err != nil {
		return err
	}
	w, err := newWatcher(s.root, s.logf)
	if err != nil {
		s.ln.Close()
		return fmt.Errorf("watching %s: %w", s.root, err)
	}
	st := s.Rebuild(nil, true)
	if st.OK {
		s.logf("built %d files in %.0f ms", st.Files, st.BuildMS)
	} else {
		s.report(st, []string{s.opts.Dir})
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
	<-watchDone // waits for a build in progress
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

// watch turns fsnotify events into rebuilds: events are collected until none
// has come for the debounce time (at most maxWait after the first), then one
// rebuild runs with every path that changed. Events that arrive during a
// rebuild are kept for the next one.
func (s *Server) watch(ctx context.Context, w *watcher) {
	const maxWait = 2 * time.Second
	pending := map[string]bool{}
	all := false
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	building := false
	done := make(chan struct{})
	schedule := func() {
		if building {
			return
		}
		d := s.opts.Debounce
		if left := maxWait - time.Since(first); left < d {
			d = max(left, 0)
		}
		timer.Reset(d)
	}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			if building {
				<-done
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
			if len(pending) == 0 && !all {
				first = time.Now()
			}
			pending[rel] = true
			schedule()
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: rebuild everything and watch every folder again.
				s.logf("warning: %v; rebuilding everything", err)
				w.addTree(s.root)
				if len(pending) == 0 && !all {
					first = time.Now()
				}
				all = true
				schedule()
			} else {
				s.logf("watch: %v", err)
			}
		case <-timer.C:
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			a := all
			pending, all = map[string]bool{}, false
			building = true
			go func() {
				s.report(s.Rebuild(paths, a), paths)
				done <- struct{}{}
			}()
		case <-done:
			building = false
			if len(pending) > 0 || all {
				first = time.Now()
				schedule()
			}
		}
	}
}

// report prints the outcome of a rebuild on the terminal.
func (s *Server) report(st Status, paths []string) {
	what := strings.Join(paths, ", ")
	if len(paths) > 3 {
		what = strings.Join(paths[:3], ", ") + fmt.Sprintf(" and %d more", len(paths)-3)
	}
	if !st.OK {
		var b strings.Builder
		for _, p := range st.Problems {
			b.WriteString(p.Text + "\n")
		}
		s.logf("%schanged %s: %d problem(s); still serving the last good site", b.String(), what, len(st.Problems))
		return
	}
	n := len(st.Changed)
	if st.All {
		n = st.Files
	}
	s.logf("changed %s: rebuilt in %.0f ms, %d file(s) differ", what, st.BuildMS, n)
}

// Rebuild builds the site now (paths: the site-relative inputs that changed;
// all: anything may have changed), swaps in the result if it succeeded,
// notifies the open pages and returns the new status.
func (s *Server) Rebuild(paths []string, all bool) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	files, err := s.b.build(paths, all || s.snap.Load().files == nil)
	took := time.Since(start)
	s.builds++
	old := s.snap.Load()
	next := &snapshot{files: old.files, seq: old.seq}
	st := Status{Builds: s.builds, BuildMS: float64(took.Microseconds()) / 1000, Problems: []Problem{}}
	if err != nil {
		next.problems = Problems(err)
		st.Problems = next.problems
	} else {
		st.OK = true
		m := make(map[string][]byte, len(files))
		for _, f := range files {
			m[f.Path] = f.Data
		}
		changed := diff(old.files, m)
		if len(changed) > 0 || old.files == nil {
			next.seq++
			next.files = m
		}
		if len(changed) > maxChanged || old.files == nil {
			st.All = true
		} else {
			st.Changed = changed
		}
		st.Built = time.Now().Format(time.RFC3339)
	}
	if next.files != nil {
		st.Files = len(next.files)
		if st.Built == "" {
			st.Built = old.status.Built
		}
	}
	st.Version = s.id + "-" + strconv.Itoa(next.seq)
	next.status = st
	next.status.Changed, next.status.All = nil, false // only events carry them
	s.snap.Store(next)
	s.hub.broadcast(event(st))
	if s.opts.OnBuild != nil {
		s.opts.OnBuild(st)
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
