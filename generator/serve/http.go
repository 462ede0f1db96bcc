package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed reload.js
var reloadJS string

// Prefix is the URL folder of the server's own endpoints. No output file can
// be served under it.
const Prefix = "/_serve/"

// Content types by extension. Fixed here rather than taken from the system's
// mime tables, which differ from machine to machine.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".htm":   "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".svg":   "image/svg+xml",
	".xml":   "application/xml; charset=utf-8",
	".json":  "application/json",
	".csv":   "text/csv; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".ico":   "image/x-icon",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".pdf":   "application/pdf",
	".zip":   "application/zip",
	".map":   "application/json",
}

// ContentType returns the Content-Type for an output path.
func ContentType(p string) string {
	if ct, ok := contentTypes[strings.ToLower(path.Ext(p))]; ok {
		return ct
	}
	return "application/octet-stream"
}

// ServeHTTP serves the last good build from memory, plus the server's own
// endpoints under /_serve/. Only GET and HEAD are allowed; only paths that are
// keys of the in-memory site are ever served, so nothing outside the build
// (site.toml, content, the disk) can be reached whatever the URL.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if !s.hostAllowed(r.Host) {
		http.Error(w, "forbidden: the preview answers only to its loopback address", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	raw := r.URL.Path
	if !strings.HasPrefix(raw, "/") {
		raw = "/" + raw
	}
	// An encoded slash or backslash would make one path segment look like two.
	if esc := strings.ToLower(r.URL.RawPath); strings.Contains(esc, "%2f") || strings.Contains(esc, "%5c") ||
		strings.ContainsAny(raw, "\\\x00") {
		http.Error(w, "bad request: encoded separators are not allowed", http.StatusBadRequest)
		return
	}
	clean := path.Clean(raw)
	if strings.HasSuffix(raw, "/") && clean != "/" {
		clean += "/"
	}
	if clean != raw {
		// "/a/../b", "//x", "/x/./": send the browser to the canonical URL, so that
		// relative links on the page resolve as they do from disk.
		redirect(w, r, clean)
		return
	}
	if strings.HasPrefix(clean, Prefix) {
		s.serveOwn(w, r, strings.TrimPrefix(clean, Prefix))
		return
	}
	snap := s.snap.Load()
	if snap == nil || snap.files == nil {
		s.serveNoSite(w, r, snap)
		return
	}
	key := strings.TrimPrefix(clean, "/")
	if key == "" || strings.HasSuffix(key, "/") {
		key += "index.html"
	} else if _, ok := snap.files[key]; !ok {
		if _, ok := snap.files[key+"/index.html"]; ok {
			redirect(w, r, clean+"/") // a folder: its index.html, with the trailing slash relative links need
			return
		}
	}
	data, ok := snap.files[key]
	if !ok {
		s.serveNotFound(w, r, snap)
		return
	}
	write(w, r, http.StatusOK, ContentType(key), data)
}

func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	// path.Clean never leaves "//" at the start, so this cannot point to another host.
	w.Header().Set("Location", to)
	w.WriteHeader(http.StatusFound)
}

func write(w http.ResponseWriter, r *http.Request, code int, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// serveNotFound answers 404 with the site's 404.html. That page links
// relatively from the site root, so a <base href="/"> makes its links, styles
// and reload script work at any depth.
func (s *Server) serveNotFound(w http.ResponseWriter, r *http.Request, snap *snapshot) {
	page, ok := snap.files["404.html"]
	if !ok {
		write(w, r, http.StatusNotFound, "text/plain; charset=utf-8", []byte("404 页面未找到\n"))
		return
	}
	write(w, r, http.StatusNotFound, contentTypes[".html"], withBase(page))
}

func withBase(page []byte) []byte {
	i := bytes.Index(page, []byte("<head"))
	if i < 0 {
		return page
	}
	j := bytes.IndexByte(page[i:], '>')
	if j < 0 {
		return page
	}
	at := i + j + 1
	out := make([]byte, 0, len(page)+20)
	out = append(out, page[:at]...)
	out = append(out, `<base href="/">`...)
	return append(out, page[at:]...)
}

// serveNoSite answers when no build has succeeded yet: a page that says the
// site is being built, or lists the problems, and reloads itself when a build succeeds.
func (s *Server) serveNoSite(w http.ResponseWriter, r *http.Request, snap *snapshot) {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>预览</title></head><body>`)
	if snap == nil || len(snap.problems) == 0 {
		b.WriteString(`<h1>正在构建站点…</h1><p>构建完成后页面会自动刷新。</p><ul>`)
	} else {
		b.WriteString(`<h1>站点尚未成功构建</h1><p>修正下列问题后页面会自动刷新。</p><ul>`)
		for _, p := range snap.problems {
			b.WriteString("<li><code>" + htmlEscape(p.Text) + "</code></li>")
		}
	}
	b.WriteString(`</ul><script src="/_serve/reload.js"></script></body></html>`)
	write(w, r, http.StatusServiceUnavailable, contentTypes[".html"], []byte(b.String()))
}

func htmlEscape(s string) string {
	var b bytes.Buffer
	for _, c := range s {
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func (s *Server) serveOwn(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case "reload.js":
		js := strings.Replace(reloadJS, "__SERVE_VERSION__", s.status().Version, 1)
		write(w, r, http.StatusOK, contentTypes[".js"], []byte(js))
	case "status":
		data, _ := json.MarshalIndent(s.status(), "", "  ")
		write(w, r, http.StatusOK, "application/json", append(data, '\n'))
	case "events":
		s.serveEvents(w, r)
	default:
		http.NotFound(w, r)
	}
}

// serveEvents streams the build status as Server-Sent Events: once on
// connect (with the paths changed since the version in ?since=), then after
// every build.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, cancel := s.hub.subscribe()
	if ch == nil {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 1000\n\n")
	w.Write(event(s.statusSince(r.URL.Query().Get("since"))))
	fl.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case msg, ok := <-ch:
			if !ok { // too slow, or the server is stopping: the client reconnects
				return
			}
			if _, err := w.Write(msg); err != nil {
				return
			}
			fl.Flush()
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-r.Context().Done():
			return
		}
	}
}

func event(st Status) []byte {
	data, _ := json.Marshal(st)
	return []byte("event: status\ndata: " + string(data) + "\n\n")
}

// hostAllowed refuses requests whose Host is not a loopback name when the
// server listens on loopback, so that a web page cannot reach the preview
// through DNS rebinding.
func (s *Server) hostAllowed(host string) bool {
	if !s.loopback {
		return true
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if host == "" || strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
