package serve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"qualityportal/generator/browsertest/chrome"
)

// chromiumPath is Debian's Chromium (see ../shared/QA.md).
const chromiumPath = chrome.Path

// browser starts Chromium, or skips the test when it is not installed
// outside CI; in CI (CI=true) a missing browser is a failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	chrome.Require(t, chromiumPath)
	opts := chrome.Options(chromiumPath, chromedp.UserDataDir(t.TempDir()))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	if _, err := chromedp.Run(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
	return ctx
}

// consoleErrors collects console errors and uncaught exceptions of the page.
type consoleErrors struct {
	mu   sync.Mutex
	msgs []string
}

func (c *consoleErrors) listen(t *testing.T, ctx context.Context) {
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "exception: " + e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value))
				}
				msg = "console.error: " + strings.Join(parts, " ")
			}
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError {
				msg = "log: " + e.Entry.Text + " " + e.Entry.URL
			}
		}
		if msg != "" {
			c.mu.Lock()
			c.msgs = append(c.msgs, msg)
			c.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (c *consoleErrors) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.msgs
	c.msgs = nil
	return m
}

// until polls a JavaScript expression in the page until it is true.
func until(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 400) : ""`))
			t.Fatalf("timed out waiting for %s (last error %v); page: %q", what, err, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Log(err)
	}
}

// The end-to-end test: a page open in Chromium follows edits without
// a manual reload, shows a content error as an overlay over the last good
// page, recovers when the error is fixed, and reconnects to a restarted server.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browser(t)
	l := startLive(t, 3, Options{})
	slug := l.c.planSlug(1)
	md := "content/plans/" + slug + "/plan.md"
	var console consoleErrors
	console.listen(t, ctx)

	if _, err := chromedp.Run(ctx, chromedp.Navigate(l.url+"plans/"+slug+"/index.html")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the plan page", `document.body.innerText.includes("修订0")`)
	until(t, ctx, "the reload script", `window.__serveReload === true`)
	// A marker that survives only as long as the page is not reloaded.
	mark := `window.__mark = 1; true`
	eval[bool](t, ctx, mark)

	t.Run("edit reloads the page", func(t *testing.T) {
		l.replace(md, "修订0", "修订1")
		until(t, ctx, "the edited text", `document.body.innerText.includes("修订1")`)
		if eval[bool](t, ctx, `window.__mark === 1`) {
			t.Error("the page changed without a reload?")
		}
		// The full build that follows the quick one changes other pages and
		// the search index, not this page: no second reload.
		eval[bool](t, ctx, mark)
		l.settle(l.builds() - 1)
		time.Sleep(300 * time.Millisecond)
		if !eval[bool](t, ctx, `window.__mark === 1`) {
			l.mu.Lock()
			for _, st := range l.seen {
				t.Logf("%s changed %v all %v", st.Phase, st.Changed, st.All)
			}
			l.mu.Unlock()
			t.Error("reloaded again by the full build")
		}
	})

	t.Run("error shows an overlay over the last good page", func(t *testing.T) {
		eval[bool](t, ctx, mark)
		l.replace(md, "stage = ", "stage == ")
		until(t, ctx, "the overlay", `!!document.getElementById("__serve_overlay")`)
		text := eval[string](t, ctx, `document.getElementById("__serve_overlay").innerText`)
		if !strings.Contains(text, md+":4: ") {
			t.Errorf("overlay without path:line: %q", text)
		}
		items := eval[int](t, ctx, `document.querySelectorAll("#__serve_overlay .serve-problem").length`)
		if items < 1 {
			t.Errorf("%d problems listed", items)
		}
		if eval[string](t, ctx, `document.getElementById("__serve_overlay").getAttribute("role")`) != "alert" {
			t.Error("overlay is not role=alert")
		}
		if !eval[bool](t, ctx, `window.__mark === 1 && document.body.innerText.includes("修订1")`) {
			t.Error("the last good page was replaced")
		}
		screenshot(t, ctx, "serve-overlay.png")
		// The full build after the quick one keeps the overlay and the page.
		l.settle(l.builds() - 1)
		time.Sleep(300 * time.Millisecond)
		if !eval[bool](t, ctx, `window.__mark === 1 && !!document.getElementById("__serve_overlay")`) {
			t.Error("overlay or page lost after the full build")
		}
	})

	t.Run("an error text is drawn as text, not HTML", func(t *testing.T) {
		l.replace(md, "stage == ", `stage = "<img src=x onerror=window.__xss=1>" # `)
		until(t, ctx, "the new problem", `document.getElementById("__serve_overlay") && document.getElementById("__serve_overlay").innerText.includes("<img src=x")`)
		if eval[bool](t, ctx, `window.__xss === 1 || !!document.querySelector("#__serve_overlay img")`) {
			t.Error("problem text was parsed as HTML")
		}
	})

	t.Run("fix recovers", func(t *testing.T) {
		l.replace(md, `stage = "<img src=x onerror=window.__xss=1>" # `, "stage = ")
		l.replace(md, "修订1", "修订2")
		until(t, ctx, "the fixed page", `document.body.innerText.includes("修订2") && !document.getElementById("__serve_overlay")`)
		time.Sleep(200 * time.Millisecond)
		screenshot(t, ctx, "serve-recovered.png")
	})

	if msgs := console.take(); len(msgs) > 0 {
		t.Errorf("console errors: %q", msgs)
	}

	t.Run("reconnects to a restarted server", func(t *testing.T) {
		eval[bool](t, ctx, mark)
		addr := l.s.ln.Addr().String()
		l.stop()
		l.replace(md, "修订2", "重启后修订")
		// The page retries while the server is down, then reloads from the new one.
		time.Sleep(700 * time.Millisecond)
		s, err := New(Options{Dir: l.dir, Port: portOf(addr)})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Listen(); err != nil {
			t.Fatal(err)
		}
		rctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Run(rctx) }()
		defer func() {
			cancel()
			<-done
		}()
		until(t, ctx, "the page from the restarted server", `document.body.innerText.includes("重启后修订")`)
		if eval[bool](t, ctx, `window.__mark === 1`) {
			t.Error("not reloaded")
		}
		console.take() // connection errors while the server was down are expected
	})
}

func portOf(addr string) int {
	var p int
	fmt.Sscanf(addr[strings.LastIndex(addr, ":")+1:], "%d", &p)
	return p
}
