package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A walkStep is one click of the walk: the link text to click, where to look
// for it, and what the next page must show.
type walkStep struct {
	scope, link string
	wantPath    string // the address must end with this
	wantH1      string
}

// walkPlan picks, from the content, a walk home → region → plan → indicator
// → theme: the newest plan with a region and an indicator row whose
// indicator has a theme.
func walkPlan(t *testing.T) []walkStep {
	t.Helper()
	for _, p := range cs.Plans {
		if p.Region == nil {
			continue
		}
		for _, tbl := range p.Tables {
			for _, row := range tbl.Rows {
				ind := cs.Indicator(row.Indicator)
				if ind == nil || strings.TrimSpace(row.Label) == "" {
					continue
				}
				th := cs.Config.Theme(ind.Theme)
				if th == nil {
					continue
				}
				return []walkStep{
					{"main", p.Region.Name, "regions/" + p.Region.Slug + "/index.html", p.Region.FullName},
					{"main", p.Title, "plans/" + p.Slug + "/index.html", p.Title},
					{".plan-body table", collapse(row.Label), "indicators/" + ind.ID + "/index.html", ind.Name},
					{"main .facts", th.Name, "themes/" + th.ID + "/index.html", th.Name},
				}
			}
		}
	}
	t.Fatal("the content has no plan with a region and an indicator row with a theme")
	return nil
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestWalkByClicking opens the home page from disk and from a server on
// 127.0.0.1 and reaches a region, a plan, an indicator and a theme by
// clicking links, failing on any console error, uncaught exception or
// failed load on the way.
func TestWalkByClicking(t *testing.T) {
	steps := walkPlan(t)
	for _, mode := range []struct {
		name string
		home string
	}{
		{"file", fileURL("index.html")},
		{"http", httpURL("index.html")},
	} {
		t.Run(mode.name, func(t *testing.T) {
			tb := newTab(t, 1280, 900, false)
			tb.open(mode.home)
			tb.checkConsole(t, "home")
			if got, want := tb.text("h1"), cs.Config.Title; got != want {
				t.Errorf("home h1 = %q; want %q", got, want)
			}
			for _, s := range steps {
				tb.clickLink(s.scope, s.link)
				loc := tb.location()
				if !strings.HasSuffix(loc, "/"+s.wantPath) {
					t.Fatalf("after clicking %q: location = %q; want …/%s", s.link, loc, s.wantPath)
				}
				if got := tb.text("h1"); got != s.wantH1 {
					t.Errorf("%s: h1 = %q; want %q", s.wantPath, got, s.wantH1)
				}
				if strings.HasPrefix(s.wantPath, "indicators/") {
					// The chart is there, drawn (inline SVG), with a text alternative.
					c := eval[struct{ N, Named, Drawn int }](tb, `(() => { const cs = [...document.querySelectorAll("main svg.chart")];
  return {n: cs.length, named: cs.filter(c => (c.getAttribute("aria-labelledby") || c.getAttribute("aria-label")) && c.querySelector("title")).length,
    drawn: cs.filter(c => c.getBoundingClientRect().width > 100 && c.querySelectorAll("rect, path, line").length > 0).length}; })()`)
					if c.N == 0 || c.Named != c.N || c.Drawn != c.N {
						t.Errorf("%s: %d charts, %d with a title and label, %d drawn; want at least one, all named and drawn", s.wantPath, c.N, c.Named, c.Drawn)
					}
				}
				tb.checkConsole(t, s.wantPath)
			}
			// And back up through the breadcrumbs to the home page.
			tb.clickLink("nav.crumbs", "首页")
			if loc := tb.location(); loc != mode.home {
				t.Errorf("breadcrumb 首页: location = %q; want the home page", loc)
			}
			tb.checkConsole(t, "home (via breadcrumbs)")

			// Search in Chinese from the home page and open the first result.
			before := tb.location()
			tb.run("type a query", chromedp.SendKeys(chromedp.ID("home-q"), "空气质量"), chromedp.KeyEvent(kb.Enter))
			tb.waitLoaded(before)
			if loc := tb.location(); !strings.Contains(loc, "/search/index.html?q=") {
				t.Fatalf("search from the home page: location = %q; want …/search/index.html?q=…", loc)
			}
			tb.run("wait for results", chromedp.WaitVisible(chromedp.CSS("#search-results a[href]")))
			first := eval[string](tb, `document.querySelector("#search-results a[href]").textContent.replace(/\s+/g, " ").trim()`)
			tb.checkConsole(t, "search")
			tb.clickLink("#search-results", first)
			if h1 := tb.text("h1"); h1 == "" || h1 == "搜索" {
				t.Errorf("first search result %q: h1 = %q; want the page of the result", first, h1)
			}
			tb.checkConsole(t, "first search result")
		})
	}
}

// TestEveryPageOverHTTP opens every page type from a server on 127.0.0.1
// and fails on console errors, uncaught exceptions and failed loads (over
// http, a missing favicon is one). TestPages does the same from disk.
func TestEveryPageOverHTTP(t *testing.T) {
	tb := newTab(t, 1280, 900, false)
	for _, p := range pageTypes() {
		t.Run(p.name, func(t *testing.T) {
			tb.t = t
			tb.open(p.httpAddr())
			tb.checkConsole(t, p.httpAddr())
		})
	}
	tb.t = t
	// The server answers a missing page, at any depth, with 404.html, as a
	// web server would: the page must still find its style sheet, and its
	// links must lead to the site's pages.
	missing := httpURL("plans/no/such/page.html")
	tb.open(missing)
	if got := tb.text("h1"); got != "页面未找到" {
		t.Errorf("missing page over http: h1 = %q; want %q", got, "页面未找到")
	}
	for _, p := range tb.takeProblems() {
		// Expected: the 404 status of the page itself, and the browser's
		// speculative preload of the style sheet and script relative to the
		// missing address, before the page's script sets <base>. The real
		// loads are checked below (styled header, working link).
		if strings.HasSuffix(p, " "+missing) || strings.Contains(p, "status of 404") && strings.Contains(p, httpURL("plans/no/such/")) {
			continue
		}
		t.Errorf("missing page over http: %s", p)
	}
	if bg := eval[string](tb, `getComputedStyle(document.querySelector(".site-header")).backgroundColor`); bg == "rgba(0, 0, 0, 0)" {
		t.Errorf("missing page over http: the header has no background; want the site's style sheet applied")
	}
	tb.clickLink("main", "浏览全部规划")
	if loc := tb.location(); loc != httpURL("plans/index.html") {
		t.Errorf("404 page link 浏览全部规划: location = %q; want %q", loc, httpURL("plans/index.html"))
	}
	tb.checkConsole(t, "plans via the 404 page")
}
