package search

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"qualityportal/generator/browsertest/chrome"
)

// TestBrowser opens a search page in headless Chromium, from file:// and over http,
// and reads the DOM the client built. Without Chromium it is skipped, or fails in CI.
func TestBrowser(t *testing.T) {
	chromium := chrome.Require(t, chrome.Path)
	if testing.Short() {
		t.Skip("short")
	}
	files, _ := mustBuild(t, fixture(), fixtureOptions())
	dir := writePage(t, files)
	for mode, base := range pageBases(t, dir) {
		t.Run(mode, func(t *testing.T) {
			t.Run("results", func(t *testing.T) {
				dom := dumpDOM(t, chromium, base+"?q="+url.QueryEscape("空气优良"))
				wantIn(t, dom, `找到 3 条结果，另有 4 条部分匹配。`)
				wantIn(t, dom, `<li class="search-result"><a class="search-title" href="../indicators/air-quality-days/index.html"><mark>空气</mark>质量<mark>优良</mark>天数比例</a>`)
				wantIn(t, dom, `href="../plans/jiaojiang-2021-2025/index.html#s1-1-1"`)
				wantIn(t, dom, `城区<mark>空气优良</mark>率提升至93.2%`)
				wantIn(t, dom, `<option value="jiaojiang">　　椒江区</option>`)
				wantIn(t, dom, `<option value="environment">环境质量</option>`)
				if !strings.Contains(dom, `value="空气优良"`) && !strings.Contains(dom, `<input id="search-q" name="q" type="search">`) {
					t.Errorf("search box lost")
				}
			})
			t.Run("filters", func(t *testing.T) {
				dom := dumpDOM(t, chromium, base+"?q="+url.QueryEscape("空气")+"&region=haiyan")
				wantIn(t, dom, `在“海盐县”中找到 1 条结果。`)
				wantIn(t, dom, `href="../plans/haiyan-2021-2025/index.html#s2-3"`)
			})
			t.Run("empty", func(t *testing.T) {
				dom := dumpDOM(t, chromium, base+"?q="+url.QueryEscape("量子计算"))
				wantIn(t, dom, `没有找到与“量子计算”相关的结果。`)
				wantIn(t, dom, `试试更短的检索词：<a href="?q=%E9%87%8F%E5%AD%90">量子</a>`)
				wantIn(t, dom, `<a href="../indicators/index.html">指标列表</a>`)
			})
			t.Run("typing, submit and back", func(t *testing.T) {
				dom := dumpDOM(t, chromium, base+"?q="+url.QueryEscape("空气优良")+"#drive")
				m := regexp.MustCompile(`(?s)<pre id="test-log">(.*?)</pre>`).FindStringSubmatch(dom)
				if m == nil {
					t.Fatalf("no test log in %s", dom)
				}
				log := html.UnescapeString(m[1])
				for _, want := range []string{
					"status1=找到 3 条结果，另有 4 条部分匹配。",
					"search1=?q=空气优良",
					"search2=?q=椒江",
					"first2=../regions/jiaojiang/index.html",
					"search3=?q=ＰＭ２．５",
					"first3=../indicators/pm25/index.html",
					"search4=?q=椒江",
					"input4=椒江",
					"first4=../regions/jiaojiang/index.html",
					"done=1",
				} {
					if !strings.Contains(log+"\n", want+"\n") {
						t.Errorf("test log lacks %q:\n%s", want, log)
					}
				}
			})
		})
	}
}

// pageBases returns the address of the search page written in dir (writePage), from
// file:// and over http (a server closed when the test ends), by mode.
func pageBases(t *testing.T, dir string) map[string]string {
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return map[string]string{
		"file": (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/search/index.html"}).String(),
		"http": srv.URL + "/search/index.html",
	}
}

var consoleErr = regexp.MustCompile(`(?m)^.*(CONSOLE|Uncaught|Failed to load resource).*$`)

// dumpDOM loads u in headless Chromium and returns the DOM once scripts have run,
// failing on any console message.
func dumpDOM(t *testing.T, chromium, u string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append(chrome.Args(), "--user-data-dir="+t.TempDir(), "--enable-logging=stderr", "--v=0",
		"--virtual-time-budget=8000", "--dump-dom", u)
	cmd := exec.CommandContext(ctx, chromium, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", u, err, stderr.String())
	}
	for _, line := range consoleErr.FindAllString(stderr.String(), -1) {
		t.Errorf("console: %s", line)
	}
	return string(out)
}

func wantIn(t *testing.T, dom, want string) {
	t.Helper()
	if !strings.Contains(dom, want) {
		t.Errorf("page lacks %s", want)
	}
}

// TestBrowserFirstPage opens, from file:// and over http, the results of a common
// term whose first page comes from a first-page shard: the same links, in the same
// order, as the Go reference ranking.
func TestBrowserFirstPage(t *testing.T) {
	chromium := chrome.Require(t, chrome.Path)
	if testing.Short() {
		t.Skip("short")
	}
	alwaysFirstPages(t)
	files, st := cappedFiles(t)
	if st.FirstShards == 0 {
		t.Fatal("no first-page shard")
	}
	dir := writePage(t, files)
	p := parseIndex(t, files)
	ids, _, _ := p.refQuery(t, "质量", "", "")
	df, ps, _ := p.lookup(t, "质量")
	if f, have := p.firstFile("质量"); f == "" || !have[ids[0]] || df <= len(ps) {
		t.Fatalf("质量 has no first page (%q)", f)
	}
	for mode, base := range pageBases(t, dir) {
		t.Run(mode, func(t *testing.T) {
			dom := dumpDOM(t, chromium, base+"?q="+url.QueryEscape("质量"))
			got := regexp.MustCompile(`<a class="search-title" href="\.\./([^"]*)"`).FindAllStringSubmatch(dom, -1)
			var urls []string
			for _, m := range got {
				urls = append(urls, html.UnescapeString(m[1]))
			}
			var want []string
			for _, id := range ids[:10] {
				want = append(want, p.doc(id)[0])
			}
			if strings.Join(urls, "\n") != strings.Join(want, "\n") {
				t.Errorf("results %q; want %q", urls, want)
			}
			wantIn(t, dom, `<p class="search-snippet">`)
			// Counted by the term's df, though only its sample is listed.
			wantIn(t, dom, fmt.Sprintf("找到 %d 条结果，列出其中 %d 条。", df, len(ps)))
		})
	}
}

// TestBrowserSampledFilter opens, from file:// and over http, a common term filtered
// by a region and by a theme: the status says that only a sample was searched, and the
// page offers the region's or theme's page and the unfiltered search. Unfiltered, the
// same term says nothing of it.
func TestBrowserSampledFilter(t *testing.T) {
	chromium := chrome.Require(t, chrome.Path)
	if testing.Short() {
		t.Skip("short")
	}
	files, _ := cappedFiles(t)
	dir := writePage(t, files)
	p := parseIndex(t, files)
	last := p.meta.Regions[len(p.meta.Regions)-1]
	region, regionName := last[0].(string), last[1].(string)
	theme, themeName := p.meta.Themes[0][0].(string), p.meta.Themes[0][1].(string)
	const note = "检索词较常见，按地区或主题筛选时只查找了其中一部分文档，结果可能不全。"
	all := `<a href="?q=` + url.QueryEscape("质量") + `">在全部地区和主题中检索</a>`
	for mode, base := range pageBases(t, dir) {
		t.Run(mode, func(t *testing.T) {
			dom := dumpDOM(t, chromium, base+"?q="+url.QueryEscape("质量")+"&region="+region)
			wantIn(t, dom, "在“"+regionName+"”中找到约 ")
			wantIn(t, dom, note+"</p>")
			wantIn(t, dom, `可以浏览<a href="../regions/`+region+`/index.html">`+regionName+`</a>的地区页面，`+all+`，或加上更具体的词语。`)

			dom = dumpDOM(t, chromium, base+"?q="+url.QueryEscape("质量")+"&theme="+theme)
			wantIn(t, dom, "在“"+themeName+"”主题中找到约 ")
			wantIn(t, dom, note+"</p>")
			wantIn(t, dom, `可以浏览<a href="../themes/`+theme+`/index.html">`+themeName+`</a>主题页面，`+all)

			dom = dumpDOM(t, chromium, base+"?q="+url.QueryEscape("质量"))
			if strings.Contains(dom, note) || strings.Contains(dom, "在全部地区和主题中检索") {
				t.Errorf("unfiltered 质量 says it searched a sample, or offers the unfiltered search")
			}
		})
	}
}
