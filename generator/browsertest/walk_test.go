package browsertest

import (
	"strings"
	"testing"
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
				tb.checkConsole(t, s.wantPath)
			}
			// And back up through the breadcrumbs to the home page.
			tb.clickLink("nav.crumbs", "首页")
			if loc := tb.location(); loc != mode.home {
				t.Errorf("breadcrumb 首页: location = %q; want the home page", loc)
			}
			tb.checkConsole(t, "home (via breadcrumbs)")
		})
	}
}

// TestEveryPageLoadsCleanly opens every page type from disk and over http
// and fails on console errors, uncaught exceptions and failed loads
// (over http, a missing favicon is one).
func TestEveryPageLoadsCleanly(t *testing.T) {
	tb := newTab(t, 1280, 900, false)
	for _, p := range pageTypes() {
		t.Run(p.name, func(t *testing.T) {
			tb.t = t
			for _, addr := range []string{p.fileAddr(), p.httpAddr()} {
				tb.open(addr)
				tb.checkConsole(t, addr)
			}
		})
	}
}
