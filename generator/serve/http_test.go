package serve

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// newTestServer returns a server serving files from memory, without building.
func newTestServer(t *testing.T, files map[string]string) *Server {
	t.Helper()
	s, err := New(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for p, d := range files {
		m[p] = []byte(d)
	}
	s.mu.Lock()
	s.base = m
	s.fullWanted, s.fullCovers = 0, 0
	s.publish("full", 0, nil, true)
	s.mu.Unlock()
	return s
}

var testFiles = map[string]string{
	"index.html":                   "<!DOCTYPE html><html><head><title>home</title></head><body>首页</body></html>",
	"404.html":                     "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>404</title></head><body>页面未找到<script src=\"_serve/reload.js\"></script></body></html>",
	"plans/index.html":             "plans",
	"plans/a-2021-2025/index.html": "plan a",
	"css/site.css":                 "body{}",
	"js/site.js":                   "var x;",
	"img/chart.svg":                "<svg/>",
	"feed.xml":                     "<feed/>",
	"sitemap.xml":                  "<urlset/>",
	"data/all.json":                "{}",
	"data/all.csv":                 "\ufeffa,b\n",
	"favicon.ico":                  "\x00\x00\x01\x00",
	"img/logo.png":                 "\x89PNG",
	"regions/empty/data.csv":       "x", // a folder without index.html
}

func do(t *testing.T, s *Server, method, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	r.Host = "127.0.0.1:1313"
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "Host" {
			r.Host = hdr[i+1]
		}
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestContentTypes(t *testing.T) {
	s := newTestServer(t, testFiles)
	for _, tc := range []struct{ path, ctype string }{
		{"/index.html", "text/html; charset=utf-8"},
		{"/css/site.css", "text/css; charset=utf-8"},
		{"/js/site.js", "text/javascript; charset=utf-8"},
		{"/img/chart.svg", "image/svg+xml"},
		{"/feed.xml", "application/xml; charset=utf-8"},
		{"/sitemap.xml", "application/xml; charset=utf-8"},
		{"/data/all.json", "application/json"},
		{"/data/all.csv", "text/csv; charset=utf-8"},
		{"/favicon.ico", "image/x-icon"},
		{"/img/logo.png", "image/png"},
		{"/_serve/reload.js", "text/javascript; charset=utf-8"},
		{"/_serve/status", "application/json"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			w := do(t, s, "GET", tc.path)
			if w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			if got := w.Header().Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type %q, want %q", got, tc.ctype)
			}
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := w.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q", got)
			}
			if want := testFiles[strings.TrimPrefix(tc.path, "/")]; want != "" && w.Body.String() != want {
				t.Errorf("body %q, want %q", w.Body.String(), want)
			}
		})
	}
}

func TestPaths(t *testing.T) {
	s := newTestServer(t, testFiles)
	for _, tc := range []struct {
		name, path string
		code       int
		body       string // a substring of the body, or of Location for redirects
	}{
		{"root serves index.html", "/", 200, "首页"},
		{"folder with index.html", "/plans/", 200, "plans"},
		{"folder without slash redirects", "/plans", 302, "/plans/"},
		{"nested folder", "/plans/a-2021-2025/", 200, "plan a"},
		{"folder without index.html: no listing", "/regions/empty/", 404, "页面未找到"},
		{"folder without index.html, no slash", "/regions/empty", 404, "页面未找到"},
		{"folder of folders: no listing", "/regions/", 404, "页面未找到"},
		{"missing file", "/nothing.html", 404, "页面未找到"},
		{"traversal to site.toml", "/../site.toml", 302, "/site.toml"},
		{"traversal cleaned is 404", "/site.toml", 404, "页面未找到"},
		{"traversal inside", "/plans/../../../etc/passwd", 302, "/etc/passwd"},
		{"encoded dots", "/%2e%2e/site.toml", 302, "/site.toml"},
		{"encoded dots to root", "/%2e%2e/", 302, "/"},
		{"encoded slash", "/..%2fsite.toml", 400, "encoded"},
		{"encoded slash in a folder", "/plans%2Findex.html", 400, "encoded"},
		{"encoded backslash", "/..%5csite.toml", 400, "encoded"},
		{"double slash", "//plans/", 302, "/plans/"},
		{"dot segment", "/./index.html", 302, "/index.html"},
		{"content folder is not served", "/content/regions.toml", 404, "页面未找到"},
		{"unknown own endpoint", "/_serve/nothing", 404, "404"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := do(t, s, "GET", tc.path)
			if w.Code != tc.code {
				t.Fatalf("GET %s: status %d, want %d (body %q)", tc.path, w.Code, tc.code, w.Body.String())
			}
			got := w.Body.String()
			if w.Code == 302 {
				got = w.Header().Get("Location")
				if got != tc.body {
					t.Errorf("Location %q, want %q", got, tc.body)
				}
				return
			}
			if !strings.Contains(got, tc.body) {
				t.Errorf("body %q does not contain %q", got, tc.body)
			}
			if strings.Contains(got, "Index of") || strings.Contains(got, "data.csv") {
				t.Errorf("body lists a folder: %q", got)
			}
		})
	}
}

// The raw request line, as a client that does not clean paths sends it.
func TestRawTraversal(t *testing.T) {
	s := newTestServer(t, testFiles)
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, target := range []string{"/../site.toml", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/.%2e/site.toml"} {
		t.Run(target, func(t *testing.T) {
			conn, err := net.Dial("tcp", ts.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			switch resp.StatusCode {
			case 302:
				if loc := resp.Header.Get("Location"); strings.Contains(loc, "..") || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
					t.Errorf("redirect to %q", loc)
				}
			case 400, 404:
			default:
				t.Errorf("status %d, body %q", resp.StatusCode, body)
			}
			if strings.Contains(string(body), "root:") || strings.Contains(string(body), "title =") {
				t.Errorf("served a file outside the site: %q", body)
			}
		})
	}
}

func TestNotFoundPageWorksAtAnyDepth(t *testing.T) {
	s := newTestServer(t, testFiles)
	w := do(t, s, "GET", "/a/b/c/missing.html")
	if w.Code != 404 {
		t.Fatalf("status %d", w.Code)
	}
	if !strings.Contains(w.Body.String(), `<head><base href="/"><meta charset="utf-8">`) {
		t.Errorf("404 page without <base href=\"/\">: %s", w.Body.String())
	}
	// Without a 404.html: plain text.
	s2 := newTestServer(t, map[string]string{"index.html": "x"})
	if w := do(t, s2, "GET", "/missing"); w.Code != 404 || !strings.Contains(w.Body.String(), "404") {
		t.Errorf("status %d body %q", w.Code, w.Body.String())
	}
}

func TestMethodsAndHosts(t *testing.T) {
	s := newTestServer(t, testFiles)
	for _, tc := range []struct {
		name, method, host string
		code               int
	}{
		{"GET", "GET", "127.0.0.1:1313", 200},
		{"HEAD", "HEAD", "127.0.0.1:1313", 200},
		{"POST", "POST", "127.0.0.1:1313", 405},
		{"PUT", "PUT", "127.0.0.1:1313", 405},
		{"localhost", "GET", "localhost:1313", 200},
		{"IPv6 loopback", "GET", "[::1]:1313", 200},
		{"rebinding host", "GET", "evil.example.com", 403},
		{"rebinding host with port", "GET", "evil.example.com:1313", 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := do(t, s, tc.method, "/index.html", "Host", tc.host)
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d", w.Code, tc.code)
			}
			if tc.method == "HEAD" && w.Body.Len() != 0 {
				t.Errorf("HEAD has a body")
			}
		})
	}
}

func TestNoSiteYet(t *testing.T) {
	s, err := New(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	w := do(t, s, "GET", "/")
	if w.Code != 503 || !strings.Contains(w.Body.String(), "正在构建") || !strings.Contains(w.Body.String(), "/_serve/reload.js") {
		t.Errorf("status %d body %q", w.Code, w.Body.String())
	}
	s.mu.Lock()
	s.publish("full", 0, []Problem{{Text: `site.toml:3: bad <b>"x"</b>`}}, true)
	s.mu.Unlock()
	w = do(t, s, "GET", "/")
	if !strings.Contains(w.Body.String(), "site.toml:3: bad &lt;b&gt;&#34;x&#34;&lt;/b&gt;") {
		t.Errorf("problems not listed, escaped: %q", w.Body.String())
	}
}

func TestStatusAndEvents(t *testing.T) {
	s := newTestServer(t, testFiles)
	ts := httptest.NewServer(s)
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/_serve/status")
	if err != nil {
		t.Fatal(err)
	}
	var st Status
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !st.OK || st.Files != len(testFiles) || st.Version == "" {
		t.Errorf("status %+v", st)
	}

	// reload.js carries the version of the site it was served with.
	resp, _ = http.Get(ts.URL + "/_serve/reload.js")
	js, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(js), `var version = "`+st.Version+`"`) {
		t.Errorf("reload.js without its version")
	}
	if strings.Contains(string(js), "innerHTML") {
		t.Errorf("reload.js uses innerHTML")
	}

	resp, err = http.Get(ts.URL + "/_serve/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("Content-Type %q", ct)
	}
	events := make(chan Status, 8)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var st Status
				json.Unmarshal([]byte(data), &st)
				events <- st
			}
		}
		close(events)
	}()
	next := func() Status {
		select {
		case st := <-events:
			return st
		case <-time.After(5 * time.Second):
			t.Fatal("no event")
		}
		return Status{}
	}
	if first := next(); first.Version != st.Version {
		t.Errorf("first event %+v, want the current status", first)
	}
	// A build that fails: the problems, same version.
	s.mu.Lock()
	s.publish("quick", 0, []Problem{{File: "content/x.md", Line: 2, Message: "m", Text: "content/x.md:2: m"}}, true)
	s.mu.Unlock()
	if ev := next(); ev.OK || len(ev.Problems) != 1 || ev.Version != st.Version {
		t.Errorf("error event %+v", ev)
	}
	// A build that changes a page: a new version and the changed path.
	s.mu.Lock()
	s.overlay["plans/a-2021-2025/index.html"] = overlayFile{[]byte("plan a, edited"), 1}
	s.publish("quick", 0, nil, true)
	s.mu.Unlock()
	ev := next()
	if !ev.OK || ev.Version == st.Version || len(ev.Changed) != 1 || ev.Changed[0] != "plans/a-2021-2025/index.html" {
		t.Errorf("change event %+v", ev)
	}
	if w := do(t, s, "GET", "/plans/a-2021-2025/"); w.Body.String() != "plan a, edited" {
		t.Errorf("served %q", w.Body.String())
	}
	// A page that connects after a build learns what changed since its version.
	if got := s.statusSince(st.Version); got.All || len(got.Changed) != 1 || got.Changed[0] != "plans/a-2021-2025/index.html" {
		t.Errorf("since %s: %+v", st.Version, got)
	}
	if got := s.statusSince(ev.Version); got.All || len(got.Changed) != 0 {
		t.Errorf("since the current version: %+v", got)
	}
	if got := s.statusSince("0000-1"); !got.All {
		t.Errorf("since another server's version: %+v", got)
	}
	// Closing the hub (shutdown) ends the stream.
	s.hub.close()
	for range events {
	}
}
