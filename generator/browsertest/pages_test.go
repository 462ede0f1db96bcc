package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// Widths the pages are checked at: a desktop and the narrowest phone.
const (
	desktopWidth = 1280
	phoneWidth   = 320
)

// TestPages opens every page type from disk (file://), as an offline user
// does, and checks on each:
//   - no console error, uncaught exception or failed load;
//   - structure: lang zh-CN, one h1, heading levels that do not skip, the
//     landmarks, a skip link to main, breadcrumbs, nothing that moves;
//   - axe-core: no violation, in the normal and (for contrast) the elderly mode;
//   - 320 px wide, also in the elderly mode: the page does not scroll sideways
//     (wide tables scroll inside their box) and stand-alone controls are at
//     least 44×44 px;
//   - with SCREENSHOT_DIR set: screenshots at 1280 and 320 px, normal and elderly.
func TestPages(t *testing.T) {
	axeSrc := needAxe(t)
	needBrowser(t)
	for _, p := range pageTypes() {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel() // one tab each; axe is the slow part
			tb := newTab(t, desktopWidth, 900, false)
			tb.open(p.fileAddr())
			tb.checkConsole(t, p.name)

			for _, msg := range eval[[]string](tb, structureJS) {
				t.Errorf("structure: %s", msg)
			}
			for _, v := range runAxe(tb, axeSrc, "") {
				t.Errorf("axe: %s", v)
			}
			tb.screenshot(p.name, "1280")

			tb.viewport(phoneWidth, 720, true)
			checkNarrow(t, tb, "")
			tb.screenshot(p.name, "320")

			tb.clickButton("#elder-toggle")
			if !eval[bool](tb, `document.documentElement.classList.contains("elder")`) {
				t.Fatalf("大字模式 did not switch the elderly mode on")
			}
			checkNarrow(t, tb, "elderly mode: ")
			tb.screenshot(p.name, "320-elder")
			tb.viewport(desktopWidth, 900, false)
			if p.first { // the contrast of the elderly mode, once per page kind
				for _, v := range runAxe(tb, axeSrc, "color-contrast") {
					t.Errorf("axe, elderly mode: %s", v)
				}
			}
			tb.screenshot(p.name, "1280-elder")
			tb.checkConsole(t, p.name)
		})
	}
}

// checkNarrow checks a page shown 320 px wide.
func checkNarrow(t *testing.T, tb *tab, mode string) {
	t.Helper()
	w := eval[struct{ Scroll, Client int }](tb, `({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})`)
	if w.Scroll > phoneWidth {
		wide := eval[[]string](tb, wideJS)
		t.Errorf("%sat %d px: document.documentElement.scrollWidth = %d; want <= %d (too wide: %s)", mode, phoneWidth, w.Scroll, phoneWidth, strings.Join(wide, "; "))
	}
	for _, msg := range eval[[]string](tb, targetsJS) {
		t.Errorf("%sat %d px: touch target %s; want at least 44×44", mode, phoneWidth, msg)
	}
}

// structureJS lists what is wrong with the structure of the page.
const structureJS = `(() => {
  const bad = [];
  const lang = document.documentElement.getAttribute("lang");
  if (lang !== "zh-CN") bad.push("html lang = " + JSON.stringify(lang) + "; want \"zh-CN\"");
  const h1 = document.querySelectorAll("h1");
  if (h1.length !== 1) bad.push("h1 count = " + h1.length + "; want 1");
  let prev = 0;
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const n = +h.tagName[1];
    if (n > prev + 1) bad.push("heading " + h.tagName + " " + JSON.stringify(h.textContent.trim().slice(0, 30)) + " follows h" + prev);
    prev = n;
  }
  for (const [sel, what] of [["body > header", "header"], ["nav", "nav"], ["main#main", "main#main"], ["body > footer", "footer"]]) {
    if (!document.querySelector(sel)) bad.push("no " + what + " landmark");
  }
  if (document.querySelectorAll("main").length !== 1) bad.push("main count = " + document.querySelectorAll("main").length + "; want 1");
  const first = document.querySelector("body a[href], body button, body input, body select, body [tabindex='0']");
  if (!first || !first.matches("a.skip[href='#main']")) bad.push("first focusable element = " + (first ? first.outerHTML.slice(0, 60) : "none") + "; want the skip link to #main");
  const crumbs = document.querySelector("nav.crumbs[aria-label]");
  if (!crumbs) bad.push("no breadcrumbs (nav.crumbs with aria-label)");
  else if (!crumbs.querySelector("[aria-current='page']")) bad.push("breadcrumbs do not mark the current page");
  if (!document.getElementById("elder-toggle")) bad.push("no 大字模式 control (#elder-toggle)");
  if (document.getAnimations().length) bad.push(document.getAnimations().length + " animations running; want nothing that moves by itself");
  for (const el of document.querySelectorAll("marquee, blink, video[autoplay], audio[autoplay], meta[http-equiv='refresh' i]")) bad.push("moving or self-refreshing element " + el.tagName);
  const lh = parseFloat(getComputedStyle(document.querySelector("main p, main li, main td") || document.body).lineHeight);
  const fs = parseFloat(getComputedStyle(document.querySelector("main p, main li, main td") || document.body).fontSize);
  if (!(lh >= 1.5 * fs - 0.01)) bad.push("body text line-height = " + lh + "px at font-size " + fs + "px; want at least 1.5");
  return bad;
})()`

// wideJS names the elements that stick out of a narrow page.
const wideJS = `(() => {
  const out = [];
  const W = document.documentElement.clientWidth;
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right <= W + 0.5 || r.width === 0) continue;
    if (el.closest(".scroll")) continue; // scrolls inside its box
    const p = el.parentElement;
    if (p && p.getBoundingClientRect().right > W + 0.5 && !p.closest(".scroll") && p !== document.body) continue; // report the outermost
    out.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "") + " right=" + Math.round(r.right));
    if (out.length >= 8) break;
  }
  return out;
})()`

// targetsJS lists stand-alone controls smaller than 44×44 CSS px. Links in
// running text (display inline) are exempt, as WCAG 2.5.8 exempts them.
const targetsJS = `(() => {
  const bad = [];
  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
    const cs = getComputedStyle(el);
    if (cs.display === "inline" || cs.visibility === "hidden") continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right < 0 || r.bottom < 0) continue; // not shown (skip link before focus)
    if (el.closest(".visually-hidden")) continue;
    if (r.height < 43.5 || r.width < 43.5) {
      bad.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "") + " " + JSON.stringify(el.textContent.trim().slice(0, 20)) + " is " + Math.round(r.width) + "×" + Math.round(r.height));
    }
  }
  return bad.slice(0, 20);
})()`

// --- axe-core ---

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// needAxe returns the source of axe-core from node_modules (npm ci). Without
// it the test is skipped, except in CI, where it fails.
func needAxe(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		b, err := os.ReadFile(filepath.Join(repoRoot, "node_modules", "axe-core", "axe.min.js"))
		axeJS, axeErr = string(b), err
	})
	if axeErr != nil {
		if inCI {
			t.Fatalf("CI=true but axe-core is missing (%v): run `npm ci` in %s first", axeErr, repoRoot)
		}
		t.Skipf("axe-core not installed (%v): run `npm ci`", axeErr)
	}
	return axeJS
}

type axeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "\n\t… and %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n\t%s %s\n\t\t%s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
	}
	return b.String()
}

// runAxe injects axe-core into the page and returns its violations; rule, if
// not empty, runs only that rule.
func runAxe(tb *tab, src, rule string) []axeViolation {
	tb.t.Helper()
	if !eval[bool](tb, `typeof axe === "object"`) {
		eval[bool](tb, src+"\n;true")
	}
	opts := `{resultTypes: ["violations"], preload: false}`
	if rule != "" {
		opts = fmt.Sprintf(`{resultTypes: ["violations"], preload: false, runOnly: {type: "rule", values: [%s]}}`, jsString(rule))
	}
	return eval[[]axeViolation](tb, `axe.run(document, `+opts+`).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || "", help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160), summary: n.failureSummary || ""}))
})))`)
}

// --- screenshots ---

// screenshot saves the viewport as SCREENSHOT_DIR/NAME-SUFFIX.png when
// SCREENSHOT_DIR is set; on pages with them, also the first indicator
// table, 专栏 box and chart (NAME-SUFFIX-table.png, …).
func (tb *tab) screenshot(name, suffix string) {
	tb.t.Helper()
	if shotDir == "" {
		return
	}
	tb.screenshotAt(name, suffix)
	for _, part := range []struct{ sel, what string }{{".data-table", "table"}, {".box", "box"}, {".chart-fig", "chart"}} {
		if eval[bool](tb, fmt.Sprintf(`(() => { const el = document.querySelector(%s); if (!el) return false; el.scrollIntoView(); return true })()`, jsString(part.sel))) {
			tb.screenshotAt(name, suffix+"-"+part.what)
		}
	}
	eval[bool](tb, `window.scrollTo(0, 0); true`)
}

func (tb *tab) screenshotAt(name, suffix string) {
	tb.t.Helper()
	png := get(tb, "screenshot", chromedp.CaptureScreenshot())
	file := filepath.Join(shotDir, strings.ReplaceAll(name, "/", "_")+"-"+suffix+".png")
	if err := os.MkdirAll(shotDir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}
