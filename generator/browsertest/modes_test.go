package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// rootFontSize is the computed font size of <html>, in CSS px.
func rootFontSize(tb *tab) float64 {
	return eval[float64](tb, `parseFloat(getComputedStyle(document.documentElement).fontSize)`)
}

type elderState struct {
	On         bool    `json:"on"`
	Pressed    string  `json:"pressed"`
	FontSize   float64 `json:"fontSize"`
	LineHeight float64 `json:"lineHeight"`
	TextSize   float64 `json:"textSize"`
	Color      string  `json:"color"`
	Background string  `json:"background"`
}

const elderStateJS = `(() => {
  const p = document.querySelector("main p") || document.body;
  const cs = getComputedStyle(p);
  return {
    on: document.documentElement.classList.contains("elder"),
    pressed: document.getElementById("elder-toggle").getAttribute("aria-pressed"),
    fontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
    lineHeight: parseFloat(cs.lineHeight), textSize: parseFloat(cs.fontSize),
    color: getComputedStyle(document.body).color,
    background: getComputedStyle(document.body).backgroundColor,
  };
})()`

// TestElderlyMode clicks 大字模式 and checks that the text grows, turns
// black on white with line spacing of at least 1.5, and that the choice is
// remembered on the next page and when switched off, from disk and over http.
func TestElderlyMode(t *testing.T) {
	for _, mode := range []struct{ name, home string }{
		{"file", fileURL("index.html")},
		{"http", httpURL("index.html")},
	} {
		t.Run(mode.name, func(t *testing.T) {
			tb := newTab(t, desktopWidth, 900, false)
			tb.open(mode.home)
			off := eval[elderState](tb, elderStateJS)
			if off.On || off.Pressed != "false" {
				t.Fatalf("a fresh browser starts in the elderly mode (class %v, aria-pressed %q)", off.On, off.Pressed)
			}
			tb.clickButton("#elder-toggle")
			on := eval[elderState](tb, elderStateJS)
			if !on.On || on.Pressed != "true" {
				t.Errorf("after clicking 大字模式: class elder %v, aria-pressed = %q; want true, \"true\"", on.On, on.Pressed)
			}
			if on.FontSize < off.FontSize*1.2 {
				t.Errorf("elderly mode: root font-size = %vpx; want at least 1.2 × %vpx", on.FontSize, off.FontSize)
			}
			if on.LineHeight < 1.5*on.TextSize {
				t.Errorf("elderly mode: body text line-height = %vpx at %vpx; want at least 1.5", on.LineHeight, on.TextSize)
			}
			if on.Color != "rgb(0, 0, 0)" || on.Background != "rgb(255, 255, 255)" {
				t.Errorf("elderly mode: text %s on %s; want rgb(0, 0, 0) on rgb(255, 255, 255)", on.Color, on.Background)
			}

			// The next page, reached by a click, opens in the elderly mode.
			tb.clickLink("nav.site-nav", "规划")
			next := eval[elderState](tb, elderStateJS)
			if !next.On || next.Pressed != "true" || next.FontSize != on.FontSize {
				t.Errorf("next page: elder %v, aria-pressed %q, font-size %vpx; want true, \"true\", %vpx (the choice remembered)", next.On, next.Pressed, next.FontSize, on.FontSize)
			}
			// Switched off, it stays off.
			tb.clickButton("#elder-toggle")
			tb.clickLink("nav.site-nav", "地区")
			after := eval[elderState](tb, elderStateJS)
			if after.On || after.Pressed != "false" || after.FontSize != off.FontSize {
				t.Errorf("after switching off, next page: elder %v, aria-pressed %q, font-size %vpx; want false, \"false\", %vpx", after.On, after.Pressed, after.FontSize, off.FontSize)
			}
			tb.checkConsole(t, mode.name)
		})
	}
}

// focusInfo describes the element that has the keyboard focus.
type focusInfo struct {
	Desc    string  `json:"desc"`
	ID      string  `json:"id"`
	Visible bool    `json:"visible"`
	Ring    bool    `json:"ring"`
	Left    float64 `json:"left"`
	Top     float64 `json:"top"`
	Footer  bool    `json:"footer"`
}

const focusJS = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {desc: "body", id: "", visible: false, ring: false, left: 0, top: 0, footer: false};
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const ring = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) || (cs.boxShadow && cs.boxShadow !== "none");
  return {
    desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ")[0] : "") + " " + JSON.stringify((el.textContent || el.value || "").trim().slice(0, 20)),
    id: el.id, ring: !!ring,
    visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth,
    left: r.left, top: r.top, footer: !!el.closest("footer"),
  };
})()`

// TestKeyboard uses a page with the keyboard alone: the first Tab reaches a
// visible skip link, Enter on it moves the focus to the main content, every
// control on the way shows a focus ring, 大字模式 works with the space bar
// and the search box submits with Enter.
func TestKeyboard(t *testing.T) {
	tb := newTab(t, desktopWidth, 900, false)
	// A plan page: the longest tab order (TOC, tables, 专栏, notes).
	page := "index.html"
	if len(cs.Plans) > 0 {
		page = "plans/" + cs.Plans[0].Slug + "/index.html"
	}
	tb.open(fileURL(page))
	key := func(k string) { tb.run("key "+k, chromedp.KeyEvent(k)) }

	key(kb.Tab)
	f := eval[focusInfo](tb, focusJS)
	if !strings.HasPrefix(f.Desc, "a.skip") || !f.Visible || f.Left < 0 {
		t.Errorf("first Tab: focus on %s (visible %v, left %v); want the visible skip link a.skip", f.Desc, f.Visible, f.Left)
	}
	key(kb.Enter)
	if f := eval[focusInfo](tb, focusJS); f.ID != "main" {
		t.Errorf("Enter on the skip link: focus on %s; want main#main", f.Desc)
	}

	// Walk the whole tab order from the top of the page.
	tb.run("blur", chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`))
	seen := map[string]int{}
	stops := 0
	for i := 0; i < 600; i++ {
		key(kb.Tab)
		f := eval[focusInfo](tb, focusJS)
		if f.Desc == "body" {
			break
		}
		if !f.Ring {
			if seen[f.Desc] == 0 {
				t.Errorf("Tab stop %d: %s has no visible focus ring (outline or box-shadow)", i+1, f.Desc)
			}
		}
		seen[f.Desc]++
		stops++
		if seen[f.Desc] > 30 {
			t.Fatalf("Tab keeps returning to %s: a keyboard trap?", f.Desc)
		}
		if f.Footer {
			break // the footer: the end of the page
		}
	}

	if stops < 20 {
		t.Errorf("Tab reached only %d stops on %s; want the whole page", stops, page)
	}
	t.Logf("%s: %d Tab stops, each with a focus ring", page, stops)

	// 大字模式 by keyboard.
	tb.run("focus toggle", chromedp.Focus(chromedp.ID("elder-toggle")))
	key(" ")
	if !eval[bool](tb, `document.documentElement.classList.contains("elder")`) {
		t.Errorf("space on 大字模式 did not switch the elderly mode on")
	}
	key(" ")

	// Search from the header with the keyboard.
	tb.run("focus search", chromedp.Focus(chromedp.ID("quick-q")))
	before := tb.location()
	key("质量")
	key(kb.Enter)
	tb.waitLoaded(before)
	if loc := tb.location(); !strings.Contains(loc, "/search/index.html?q=") {
		t.Errorf("Enter in the search box: location = %q; want …/search/index.html?q=…", loc)
	}
	tb.takeProblems() // the search page is checked by TestPages
}

// setMedia emulates a CSS media type ("print", or "" for the screen).
func setMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

type printState struct {
	Hidden   []string `json:"hidden"`   // selectors that must not print but do
	Boxes    int      `json:"boxes"`    // 专栏 boxes
	BoxBreak []string `json:"boxBreak"` // boxes that may be cut
	RowBreak string   `json:"rowBreak"`
	Head     string   `json:"head"`
	Overflow []string `json:"overflow"` // table boxes that would be clipped
	URLShown []string `json:"urlShown"` // external links without their address after them
	Meta     bool     `json:"meta"`
}

const printJS = `(() => {
  const st = {hidden: [], boxes: 0, boxBreak: [], rowBreak: "", head: "", overflow: [], urlShown: [], meta: false};
  for (const sel of [".site-header", ".site-nav", "nav.crumbs", ".site-footer", ".skip", "#elder-toggle", ".quick-search", ".back-top"]) {
    for (const el of document.querySelectorAll(sel)) if (getComputedStyle(el).display !== "none") st.hidden.push(sel);
  }
  for (const b of document.querySelectorAll(".box")) {
    st.boxes++;
    if (getComputedStyle(b).breakInside !== "avoid") st.boxBreak.push(b.getAttribute("aria-label") || "box");
  }
  const tr = document.querySelector(".plan-body tbody tr");
  if (tr) st.rowBreak = getComputedStyle(tr).breakInside;
  const th = document.querySelector(".plan-body thead");
  if (th) st.head = getComputedStyle(th).display;
  for (const s of document.querySelectorAll(".plan-body .scroll")) {
    const cs = getComputedStyle(s);
    if (cs.overflowX !== "visible" && s.scrollWidth > s.clientWidth + 1) st.overflow.push(s.getAttribute("aria-label"));
  }
  for (const a of document.querySelectorAll(".plan-body a[href^='http'], .disclosure a[href^='http']")) {
    const c = getComputedStyle(a, "::after").content;
    if (!c.includes(a.getAttribute("href"))) st.urlShown.push(a.getAttribute("href"));
  }
  const d = document.querySelector(".disclosure");
  st.meta = !!d && getComputedStyle(d).display !== "none";
  return st;
})()`

// TestPrint checks the print styles of every plan page (no navigation, the
// disclosure block kept, 专栏 boxes and table rows not cut, table heads
// repeated, wide tables not clipped, web addresses printed) and, with
// SCREENSHOT_DIR set, prints the plan with the most 专栏 to PDF and, if
// pdftoppm is installed, to PNG pages to look at.
func TestPrint(t *testing.T) {
	tb := newTab(t, desktopWidth, 900, false)
	for _, p := range cs.Plans {
		t.Run(p.Slug, func(t *testing.T) {
			tb.t = t
			tb.open(fileURL("plans/" + p.Slug + "/index.html"))
			tb.run("print media", setMedia("print"))
			st := eval[printState](tb, printJS)
			tb.run("screen media", setMedia(""))
			for _, h := range st.Hidden {
				t.Errorf("print: %s is printed; want it hidden", h)
			}
			if !st.Meta {
				t.Errorf("print: the disclosure block (.disclosure) is not printed")
			}
			for _, b := range st.BoxBreak {
				t.Errorf("print: 专栏 %q has break-inside other than avoid", b)
			}
			if st.RowBreak != "" && st.RowBreak != "avoid" {
				t.Errorf("print: table row break-inside = %q; want \"avoid\"", st.RowBreak)
			}
			if st.Head != "" && st.Head != "table-header-group" {
				t.Errorf("print: thead display = %q; want \"table-header-group\" (repeated on each page)", st.Head)
			}
			for _, o := range st.Overflow {
				t.Errorf("print: table %q is clipped by its scroll box", o)
			}
			for _, u := range st.URLShown {
				t.Errorf("print: the link to %s does not print its address", u)
			}
		})
	}
	tb.t = t
	if shotDir == "" {
		return
	}
	// The plan with the most 专栏, on A4.
	best, most := "", -1
	for _, p := range cs.Plans {
		b, err := os.ReadFile(filepath.Join(outDir, "plans", p.Slug, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		n := strings.Count(string(b), `class="box"`)
		if n > most {
			best, most = p.Slug, n
		}
	}
	tb.open(fileURL("plans/" + best + "/index.html"))
	pdf := get(tb, "print to PDF", chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFMargin(0.6)))
	if err := os.MkdirAll(shotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(shotDir, "plan-"+best+".pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("printed %s (%d bytes)", file, len(pdf))
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		out := filepath.Join(shotDir, "plan-"+best+"-print")
		if b, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "6", file, out).CombinedOutput(); err != nil {
			t.Errorf("pdftoppm: %v\n%s", err, b)
		}
	}
}
