package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"qualityportal/generator/browsertest/chrome"
	"qualityportal/generator/content"
	"qualityportal/generator/site"
)

// chromiumPath is Debian's Chromium, the browser the tests drive (see ../shared/QA.md).
const chromiumPath = chrome.Path

var (
	repoRoot string           // the repository: content/, layouts/, static/, site.toml
	outDir   string           // the portal built from it, once per test binary
	cs       *content.Site    // the loaded content, to name the pages to visit
	server   *httptest.Server // serves outDir on 127.0.0.1
	inCI     = os.Getenv("CI") == "true"
	shotDir  = os.Getenv("SCREENSHOT_DIR")
	buildDur time.Duration
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	repoRoot = root
	tmp, err := os.MkdirTemp("", "browsertest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)

	// Build the bundled portal the way `generator build` does.
	start := time.Now()
	g, errs := site.Load(os.DirFS(root))
	if len(errs) > 0 {
		fmt.Fprintf(os.Stderr, "browsertest: loading %s:\n%v\n", root, errs)
		return 1
	}
	outDir = filepath.Join(tmp, "public")
	if _, err := g.Build(outDir); err != nil {
		fmt.Fprintf(os.Stderr, "browsertest: build: %v\n", err)
		return 1
	}
	buildDur = time.Since(start)
	cs = g.Site

	server = httptest.NewServer(siteHandler(outDir))
	defer server.Close()
	defer closeBrowser()
	return m.Run()
}

// siteHandler serves dir like a plain static web server: a folder serves its
// index.html, a missing file gets 404.html with status 404. Unlike
// http.FileServer it does not redirect ".../index.html" to ".../", so the
// pages are seen at the addresses their links name.
func siteHandler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		name := filepath.Join(dir, filepath.FromSlash(p))
		fi, err := os.Stat(name)
		if err == nil && fi.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			name = filepath.Join(name, "index.html")
			fi, err = os.Stat(name)
		}
		status := http.StatusOK
		if err != nil {
			name = filepath.Join(dir, "404.html")
			if fi, err = os.Stat(name); err != nil {
				http.NotFound(w, r)
				return
			}
			status = http.StatusNotFound
		}
		f, err := os.Open(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		if status != http.StatusOK {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			http.ServeContent(noHeaderWriter{w}, r, name, fi.ModTime(), f)
			return
		}
		http.ServeContent(w, r, name, fi.ModTime(), f)
	})
}

// noHeaderWriter drops the second WriteHeader of http.ServeContent.
type noHeaderWriter struct{ http.ResponseWriter }

func (noHeaderWriter) WriteHeader(int) {}

// fileURL is the file:// address of a page of the built site.
func fileURL(rel string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(outDir, filepath.FromSlash(rel)))}
	return u.String()
}

// httpURL is the address of a page on the test server.
func httpURL(rel string) string { return server.URL + "/" + rel }

// withQuery appends a query string to a page address.
func withQuery(addr, q string) string { return addr + "?q=" + url.QueryEscape(q) }

// A pageRef is one page of the portal to visit.
type pageRef struct {
	name string // subtest name: "plan/jiaojiang-2021-2025"
	path string // from the site root: "plans/jiaojiang-2021-2025/index.html"
	q    string // search query, if any
	// first marks the first page of its kind, where the checks that are the
	// same for every page of a kind run (the elderly mode's contrast).
	first bool
}

// pageTypes lists every kind of page of the built portal: home, the four
// index pages, every plan (their text and tables differ most), the root
// region, a region with sub-regions and the region of the newest plan, the
// indicator with the most and with the fewest rows, the first and the last
// theme, search with and without a query, and 404.
func pageTypes() []pageRef {
	refs := []pageRef{
		{name: "home", path: "index.html"},
		{name: "plans", path: "plans/index.html"},
		{name: "regions", path: "regions/index.html"},
		{name: "indicators", path: "indicators/index.html"},
		{name: "themes", path: "themes/index.html"},
	}
	for _, p := range cs.Plans {
		refs = append(refs, pageRef{name: "plan/" + p.Slug, path: "plans/" + p.Slug + "/index.html"})
	}
	seen := map[string]bool{}
	addRegion := func(r *content.Region) {
		if r != nil && !seen[r.Slug] {
			seen[r.Slug] = true
			refs = append(refs, pageRef{name: "region/" + r.Slug, path: "regions/" + r.Slug + "/index.html"})
		}
	}
	for _, r := range cs.Regions {
		if r.ParentRegion == nil {
			addRegion(r)
			break
		}
	}
	for _, r := range cs.Regions {
		if r.ParentRegion != nil && len(r.Children) > 0 {
			addRegion(r)
			break
		}
	}
	if len(cs.Plans) > 0 {
		addRegion(cs.Plans[0].Region)
	}
	if len(cs.Indicators) > 0 {
		inds := append([]*content.Indicator(nil), cs.Indicators...)
		sort.SliceStable(inds, func(i, j int) bool { return len(inds[i].Rows) > len(inds[j].Rows) })
		refs = append(refs, pageRef{name: "indicator/" + inds[0].ID, path: "indicators/" + inds[0].ID + "/index.html"})
		last := inds[len(inds)-1]
		refs = append(refs, pageRef{name: "indicator/" + last.ID, path: "indicators/" + last.ID + "/index.html"})
	}
	if ths := cs.Config.Themes; len(ths) > 0 {
		refs = append(refs, pageRef{name: "theme/" + ths[0].ID, path: "themes/" + ths[0].ID + "/index.html"})
		if last := ths[len(ths)-1]; last.ID != ths[0].ID {
			refs = append(refs, pageRef{name: "theme/" + last.ID, path: "themes/" + last.ID + "/index.html"})
		}
	}
	refs = append(refs,
		pageRef{name: "search", path: "search/index.html"},
		pageRef{name: "search-query", path: "search/index.html", q: "质量"},
		pageRef{name: "404", path: "404.html"},
	)
	seenKind := map[string]bool{}
	for i := range refs {
		kind, _, _ := strings.Cut(refs[i].name, "/")
		refs[i].first = !seenKind[kind]
		seenKind[kind] = true
	}
	return refs
}

// fileAddr and httpAddr give a page's address from disk or from the server.
func (p pageRef) fileAddr() string { return p.addr(fileURL(p.path)) }
func (p pageRef) httpAddr() string { return p.addr(httpURL(p.path)) }
func (p pageRef) addr(base string) string {
	if p.q != "" {
		return withQuery(base, p.q)
	}
	return base
}

// --- the shared browser ---

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	browserErr    error
)

// needBrowser returns the shared browser, started on first use. Without
// Chromium the test is skipped, except in CI (CI=true), where it fails.
func needBrowser(t *testing.T) context.Context {
	t.Helper()
	chrome.Require(t, chromiumPath)
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		t.Fatalf("starting %s: %v", chromiumPath, browserErr)
	}
	return browserCtx
}

func startBrowser() {
	opts := chrome.Options(chromiumPath)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		browserErr = err
		return
	}
	browserCtx = ctx
	browserCancel = func() { cancel(); cancelAlloc() }
}

func closeBrowser() {
	if browserCancel != nil {
		browserCancel()
	}
}

// --- tabs ---

// A tab is one page of the shared browser, in a browser context of its own
// (its own localStorage), that records console errors, uncaught exceptions
// and failed loads.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

// newTab opens a tab with a viewport of the given width; mobile emulates a
// phone (meta viewport honoured, touch).
func newTab(t *testing.T, width, height int64, mobile bool) *tab {
	t.Helper()
	bctx := needBrowser(t)
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx}
	if err := chromedp.Listen(ctx, tb.listen); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	tb.viewport(width, height, mobile)
	return tb
}

func (tb *tab) listen(ev any) {
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError && e.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range e.Args {
			if len(a.Value) > 0 {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		tb.add(fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " ")))
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		tb.add(fmt.Sprintf("uncaught exception: %s (%s:%d)", msg, d.URL, d.LineNumber+1))
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError {
			tb.add(fmt.Sprintf("%s error: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
		}
	}
}

func (tb *tab) add(s string) {
	tb.mu.Lock()
	tb.problems = append(tb.problems, s)
	tb.mu.Unlock()
}

// takeProblems returns and forgets what the page reported so far.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// checkConsole fails t for every console error, exception or failed load
// reported since the last call.
func (tb *tab) checkConsole(t *testing.T, where string) {
	t.Helper()
	for _, p := range tb.takeProblems() {
		t.Errorf("%s: %s", where, p)
	}
}

// viewport sets the size of the page; mobile emulates a phone (the meta
// viewport is honoured, touch is on).
func (tb *tab) viewport(width, height int64, mobile bool) {
	tb.t.Helper()
	vp := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if mobile {
		vp = append(vp, chromedp.EmulateMobile)
	}
	tb.run(fmt.Sprintf("viewport %dx%d", width, height), chromedp.EmulateViewport(width, height, vp...))
}

// run runs chromedp actions with a timeout, failing the test on error.
func (tb *tab) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// get runs an action that returns a value, failing the test on error.
func get[T any](tb *tab, what string, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open navigates to addr and waits until the page has loaded.
func (tb *tab) open(addr string) {
	tb.t.Helper()
	tb.run("open "+addr, chromedp.Navigate(addr))
	tb.waitLoaded("")
}

// eval evaluates a JavaScript expression (awaiting a promise) and decodes
// its value.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	return get(tb, "evaluate "+abbrev(js, 80), chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// location is the address of the page shown.
func (tb *tab) location() string { return eval[string](tb, "location.href") }

// waitLoaded waits until the tab shows a document other than the one at
// before (if given) and that document has loaded completely.
func (tb *tab) waitLoaded(before string) {
	tb.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		st, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ Href, Ready string }](`({href: location.href, ready: document.readyState})`))
		cancel()
		if err == nil && st.Ready == "complete" && (before == "" || st.Href != before) {
			// Let late subresource errors (favicon) arrive.
			time.Sleep(50 * time.Millisecond)
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("page did not load (still at %q, readyState %q, err %v)", st.Href, st.Ready, err)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// clickLink clicks the first visible link inside scope whose text, with
// white space collapsed, is text, and waits for the next page to load.
func (tb *tab) clickLink(scope, text string) {
	tb.t.Helper()
	js := fmt.Sprintf(`(() => {
  const want = %s;
  for (const a of document.querySelectorAll(%s)) {
    if (a.textContent.replace(/\s+/g, " ").trim() !== want) continue;
    const r = a.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    a.setAttribute("data-test-click", "1");
    return a.getAttribute("href");
  }
  return "";
})()`, jsString(text), jsString(scope+" a[href]"))
	href := eval[string](tb, js)
	if href == "" {
		tb.t.Fatalf("no visible link %q in %q on %s", text, scope, tb.location())
	}
	before := tb.location()
	tb.run(fmt.Sprintf("click %q (%s)", text, href),
		chromedp.Click(chromedp.CSS(`a[data-test-click="1"]`), chromedp.NodeVisible))
	tb.waitLoaded(before)
}

// clickButton clicks the element matched by a CSS selector.
func (tb *tab) clickButton(sel string) {
	tb.t.Helper()
	tb.run("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// text returns the text of the first element matched by sel, "" if none.
func (tb *tab) text(sel string) string {
	return eval[string](tb, fmt.Sprintf(`(document.querySelector(%s) || {textContent: ""}).textContent.replace(/\s+/g, " ").trim()`, jsString(sel)))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func abbrev(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) > n {
		return string([]rune(s)[:n]) + "…"
	}
	return s
}
