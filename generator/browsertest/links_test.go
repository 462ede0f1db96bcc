package browsertest

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// A tag is one start tag of an HTML file: its name, attributes and line.
type tag struct {
	name  string
	attrs map[string]string
	line  int
}

// scanTags returns the start tags of an HTML document. It is a small scanner
// for the portal's own output, not a general HTML parser: it skips comments,
// the insides of script and style elements and the text between tags, and
// reads attribute values quoted with " or ' or unquoted. Character
// references in attribute values are decoded.
func scanTags(src string) []tag {
	var tags []tag
	line := 1
	i := 0
	for i < len(src) {
		j := strings.IndexByte(src[i:], '<')
		if j < 0 {
			break
		}
		line += strings.Count(src[i:i+j], "\n")
		i += j
		switch {
		case strings.HasPrefix(src[i:], "<!--"):
			end := strings.Index(src[i+4:], "-->")
			if end < 0 {
				return tags
			}
			line += strings.Count(src[i:i+4+end+3], "\n")
			i += 4 + end + 3
			continue
		case strings.HasPrefix(src[i:], "<!"), strings.HasPrefix(src[i:], "</"), strings.HasPrefix(src[i:], "<?"):
			end := strings.IndexByte(src[i:], '>')
			if end < 0 {
				return tags
			}
			line += strings.Count(src[i:i+end], "\n")
			i += end + 1
			continue
		}
		// A start tag: name, then attributes up to ">".
		k := i + 1
		for k < len(src) && isNameByte(src[k]) {
			k++
		}
		if k == i+1 { // "<" in text
			i++
			continue
		}
		t := tag{name: strings.ToLower(src[i+1 : k]), attrs: map[string]string{}, line: line}
		for k < len(src) && src[k] != '>' {
			c := src[k]
			if c == '\n' {
				line++
			}
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' {
				k++
				continue
			}
			n := k
			for k < len(src) && !strings.ContainsRune(" \t\n\r\f/>=", rune(src[k])) {
				k++
			}
			name := strings.ToLower(src[n:k])
			val := ""
			for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
				k++
			}
			if k < len(src) && src[k] == '=' {
				k++
				for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n') {
					if src[k] == '\n' {
						line++
					}
					k++
				}
				if k < len(src) && (src[k] == '"' || src[k] == '\'') {
					q := src[k]
					end := strings.IndexByte(src[k+1:], q)
					if end < 0 {
						return tags
					}
					val = src[k+1 : k+1+end]
					line += strings.Count(val, "\n")
					k += end + 2
				} else {
					v := k
					for k < len(src) && !strings.ContainsRune(" \t\n\r\f>", rune(src[k])) {
						k++
					}
					val = src[v:k]
				}
			}
			if _, dup := t.attrs[name]; !dup && name != "" {
				t.attrs[name] = unescapeAttr(val)
			}
		}
		tags = append(tags, t)
		i = k + 1
		if t.name == "script" || t.name == "style" { // raw text up to the end tag
			end := strings.Index(strings.ToLower(src[i:]), "</"+t.name)
			if end < 0 {
				return tags
			}
			line += strings.Count(src[i:i+end], "\n")
			i += end
		}
	}
	return tags
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

var charRef = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos|#39);`)

// unescapeAttr decodes the character references html/template writes.
func unescapeAttr(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return charRef.ReplaceAllStringFunc(s, func(m string) string {
		switch m {
		case "&amp;":
			return "&"
		case "&lt;":
			return "<"
		case "&gt;":
			return ">"
		case "&quot;":
			return `"`
		case "&apos;", "&#39;":
			return "'"
		}
		var r rune
		if m[2] == 'x' || m[2] == 'X' {
			fmt.Sscanf(m[3:len(m)-1], "%x", &r)
		} else {
			fmt.Sscanf(m[2:len(m)-1], "%d", &r)
		}
		return string(r)
	})
}

// A link is one address in an HTML file.
type link struct {
	file string // the page, from the site root
	line int
	tag  string
	attr string
	url  string
}

func (l link) String() string {
	return fmt.Sprintf("%s:%d: <%s %s=%q>", l.file, l.line, l.tag, l.attr, l.url)
}

// linkAttrs are the attributes that hold an address.
var linkAttrs = []string{"href", "src", "action", "poster", "data", "cite", "formaction"}

// resourceTags load what they point at (as opposed to <a> and <form>, which
// only lead there): nothing of theirs may come from elsewhere.
func isLoad(t tag, attr string) bool {
	switch t.name {
	case "a", "area", "form", "blockquote", "q", "del", "ins":
		return false
	case "link":
		rel := " " + strings.ToLower(t.attrs["rel"]) + " "
		// rel=alternate (the feed) and rel=canonical only name an address.
		return !strings.Contains(rel, " alternate ") && !strings.Contains(rel, " canonical ")
	}
	return true
}

var (
	externalRef = regexp.MustCompile(`(?i)^([a-z][a-z0-9+.-]*:|//)`)
	cssURL      = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]`)
)

// TestLinks walks every HTML file of the built site and checks every address
// in it: an internal link is relative, names an existing file (not a folder,
// which file:// shows as a listing) and, with a #fragment, an id of that
// page; nothing is loaded from elsewhere (scripts, styles, images, fonts,
// frames), and the style sheets load nothing from elsewhere either. It also
// checks that every page can be reached from the home page by links.
func TestLinks(t *testing.T) {
	base, err := url.Parse(cs.Config.BaseURL)
	if err != nil {
		t.Fatalf("base_url %q: %v", cs.Config.BaseURL, err)
	}
	pages := map[string][]tag{} // HTML file → its tags
	var files []string
	err = filepath.WalkDir(outDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(outDir, p)
		rel = filepath.ToSlash(rel)
		files = append(files, rel)
		if strings.HasSuffix(rel, ".html") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			pages[rel] = scanTags(string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("the built site has no HTML file")
	}
	ids := map[string]map[string]bool{}
	for f, tags := range pages {
		set := map[string]bool{}
		for _, tg := range tags {
			if id, ok := tg.attrs["id"]; ok {
				set[id] = true
			}
			if tg.name == "a" && tg.attrs["name"] != "" {
				set[tg.attrs["name"]] = true
			}
		}
		ids[f] = set
	}

	var problems []string
	bad := func(l link, format string, args ...any) {
		problems = append(problems, l.String()+": "+fmt.Sprintf(format, args...))
	}
	edges := map[string][]string{}
	checked := 0
	names := make([]string, 0, len(pages))
	for f := range pages {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		for _, tg := range pages[f] {
			for _, attr := range linkAttrs {
				v, ok := tg.attrs[attr]
				if !ok {
					continue
				}
				l := link{file: f, line: tg.line, tag: tg.name, attr: attr, url: v}
				checked++
				if target, ok := checkLink(l, tg, base, ids, bad); ok && strings.HasSuffix(target, ".html") {
					edges[f] = append(edges[f], target)
				}
			}
			if srcset, ok := tg.attrs["srcset"]; ok {
				for _, part := range strings.Split(srcset, ",") {
					if u := strings.Fields(part); len(u) > 0 {
						l := link{file: f, line: tg.line, tag: tg.name, attr: "srcset", url: u[0]}
						checked++
						checkLink(l, tg, base, ids, bad)
					}
				}
			}
			if style, ok := tg.attrs["style"]; ok {
				for _, m := range cssURL.FindAllStringSubmatch(style, -1) {
					u := m[1] + m[2]
					if externalRef.MatchString(u) && !strings.HasPrefix(strings.ToLower(u), "data:") {
						bad(link{file: f, line: tg.line, tag: tg.name, attr: "style", url: u}, "loads from elsewhere")
					}
				}
			}
		}
	}
	// Style sheets: url() and @import stay inside the site and exist.
	for _, f := range files {
		if !strings.HasSuffix(f, ".css") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(outDir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range cssURL.FindAllStringSubmatch(string(b), -1) {
			u := m[1] + m[2]
			l := link{file: f, tag: "css", attr: "url", url: u}
			switch {
			case strings.HasPrefix(strings.ToLower(u), "data:"):
			case externalRef.MatchString(u) || strings.HasPrefix(u, "/"):
				bad(l, "a style sheet must load only files of the site, by relative address")
			default:
				p := path.Join(path.Dir(f), strings.SplitN(strings.SplitN(u, "#", 2)[0], "?", 2)[0])
				if fi, err := os.Stat(filepath.Join(outDir, filepath.FromSlash(p))); err != nil || fi.IsDir() {
					bad(l, "no such file %s", p)
				}
			}
		}
	}

	// Every page is reachable from the home page (404.html is reached by the server).
	seen := map[string]bool{"index.html": true}
	queue := []string{"index.html"}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		for _, to := range edges[f] {
			if !seen[to] {
				seen[to] = true
				queue = append(queue, to)
			}
		}
	}
	for _, f := range names {
		if !seen[f] && f != "404.html" && !strings.HasPrefix(f, "_") {
			problems = append(problems, f+": no link leads here from the home page")
		}
	}

	t.Logf("%d HTML files, %d addresses checked", len(pages), checked)
	if len(problems) > 0 {
		sort.Strings(problems)
		max := len(problems)
		if max > 200 {
			max = 200
		}
		t.Errorf("%d link problems:\n%s", len(problems), strings.Join(problems[:max], "\n"))
	}
}

// checkLink checks one address and returns the file it leads to (from the
// site root) when it is internal and fine.
func checkLink(l link, tg tag, base *url.URL, ids map[string]map[string]bool, bad func(link, string, ...any)) (string, bool) {
	v := strings.TrimSpace(l.url)
	lower := strings.ToLower(v)
	switch {
	case v == "" && l.attr != "action":
		bad(l, "empty address")
		return "", false
	case v == "#":
		bad(l, `"#" leads nowhere`)
		return "", false
	case strings.HasPrefix(lower, "javascript:"):
		bad(l, "javascript: address")
		return "", false
	case strings.HasPrefix(lower, "data:"):
		return "", false
	case strings.HasPrefix(lower, "mailto:"), strings.HasPrefix(lower, "tel:"):
		if isLoad(tg, l.attr) {
			bad(l, "not a loadable address")
		}
		return "", false
	case externalRef.MatchString(v):
		u, err := url.Parse(v)
		if err != nil {
			bad(l, "bad address: %v", err)
			return "", false
		}
		if isLoad(tg, l.attr) {
			bad(l, "loads from elsewhere: the site must work offline")
			return "", false
		}
		if base != nil && base.Host != "" && strings.EqualFold(u.Host, base.Host) {
			bad(l, "absolute link to the site itself (%s): use a relative address", base.Host)
		}
		return "", false
	case strings.HasPrefix(v, "/"):
		bad(l, "root-relative address: under file:// it leads to the root of the disk")
		return "", false
	}
	u, err := url.Parse(v)
	if err != nil {
		bad(l, "bad address: %v", err)
		return "", false
	}
	target := l.file
	if u.Path != "" {
		if strings.HasSuffix(u.Path, "/") {
			bad(l, "link to a folder: name its index.html (file:// shows a folder as a listing)")
			return "", false
		}
		target = path.Join(path.Dir(l.file), u.Path)
		if target == ".." || strings.HasPrefix(target, "../") {
			bad(l, "leads outside the site")
			return "", false
		}
		fi, err := os.Stat(filepath.Join(outDir, filepath.FromSlash(target)))
		switch {
		case err != nil:
			bad(l, "no such file %s", target)
			return "", false
		case fi.IsDir():
			bad(l, "link to the folder %s: name its index.html (file:// shows a folder as a listing)", target)
			return "", false
		}
	}
	if u.Fragment != "" || strings.HasSuffix(v, "#") {
		if !strings.HasSuffix(target, ".html") {
			return target, true
		}
		set, ok := ids[target]
		if !ok {
			return target, true
		}
		if u.Fragment == "" {
			bad(l, "empty #fragment")
		} else if !set[u.Fragment] {
			bad(l, "%s has no id %q", target, u.Fragment)
		}
	}
	return target, true
}

// TestScanTags pins the scanner the link check relies on.
func TestScanTags(t *testing.T) {
	src := "<!DOCTYPE html>\n<html lang=zh-CN>\n<!-- <a href=\"no\"> -->\n<script>if (a<b) x = '<a href=\"no\">'</script>\n" +
		"<p title='a > b'>x < y</p>\n<a\n  href=\"../x/index.html#s-1\" class=k>t</a><img src=a&amp;b.png alt=\"\"><style>a[href]{}</style><br/>"
	tags := scanTags(src)
	var got []string
	for _, tg := range tags {
		s := fmt.Sprintf("%d:%s", tg.line, tg.name)
		for _, a := range []string{"lang", "title", "href", "src", "class"} {
			if v, ok := tg.attrs[a]; ok {
				s += fmt.Sprintf(" %s=%q", a, v)
			}
		}
		got = append(got, s)
	}
	want := []string{
		`2:html lang="zh-CN"`,
		`4:script`,
		`5:p title="a > b"`,
		`6:a href="../x/index.html#s-1" class="k"`,
		`7:img src="a&b.png"`,
		`7:style`,
		`7:br`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scanTags =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCheckLinkRejects makes sure the link check bites: each of these
// addresses, on the home page of the built site, is a problem.
func TestCheckLinkRejects(t *testing.T) {
	base, _ := url.Parse("https://zlgh.example.gov.cn/")
	ids := map[string]map[string]bool{"index.html": {"main": true}, "plans/index.html": {"main": true}}
	a := tag{name: "a", attrs: map[string]string{}}
	script := tag{name: "script", attrs: map[string]string{}}
	css := tag{name: "link", attrs: map[string]string{"rel": "stylesheet"}}
	for _, c := range []struct {
		tag  tag
		attr string
		url  string
	}{
		{a, "href", "plans/"},
		{a, "href", "plans"},
		{a, "href", "/plans/index.html"},
		{a, "href", "plans/index.html#nowhere"},
		{a, "href", "#nowhere"},
		{a, "href", "#"},
		{a, "href", "missing.html"},
		{a, "href", "../index.html"},
		{a, "href", "https://zlgh.example.gov.cn/plans/index.html"},
		{a, "href", "javascript:void(0)"},
		{script, "src", "https://cdn.example.com/x.js"},
		{script, "src", "//cdn.example.com/x.js"},
		{css, "href", "https://fonts.example.com/css"},
	} {
		var got []string
		checkLink(link{file: "index.html", tag: c.tag.name, attr: c.attr, url: c.url}, c.tag, base, ids,
			func(l link, f string, args ...any) { got = append(got, fmt.Sprintf(f, args...)) })
		if len(got) == 0 {
			t.Errorf("<%s %s=%q>: no problem found; want one", c.tag.name, c.attr, c.url)
		}
	}
	for _, ok := range []string{"plans/index.html", "plans/index.html#main", "#main", "https://www.gov.cn/"} {
		var got []string
		checkLink(link{file: "index.html", tag: "a", attr: "href", url: ok}, a, base, ids,
			func(l link, f string, args ...any) { got = append(got, fmt.Sprintf(f, args...)) })
		if len(got) > 0 {
			t.Errorf("<a href=%q>: problems %q; want none", ok, got)
		}
	}
}
