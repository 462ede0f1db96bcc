// Package config reads site.toml, the site-wide settings: title, footer
// identifiers, themes and the output folder. It also holds DecodeTOML, the
// strict TOML decoder every content file goes through, so that syntax errors
// and unknown keys are reported as path:line like every other problem.
package config

import (
	"errors"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"qualityportal/generator/diag"
)

// Theme is one of the portal's themes (产品质量, 工程质量, …).
type Theme struct {
	ID       string   `toml:"id"`
	Name     string   `toml:"name"`
	Order    int      `toml:"order"`
	Keywords []string `toml:"keywords"`
	Line     int      `toml:"-"`
}

// Site is site.toml.
type Site struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	BaseURL     string `toml:"base_url"`
	Output      string `toml:"output"`
	Sponsor     string `toml:"sponsor"`   // 主办单位
	Organizer   string `toml:"organizer"` // 承办单位
	SiteCode    string `toml:"site_code"` // 网站标识码
	ICP         string `toml:"icp"`       // ICP备案号
	PSB         string `toml:"psb"`       // 公安机关备案号
	Contact     string `toml:"contact"`
	// SearchMaxFiles bounds the files of the search index (0: the default,
	// 65536): fewer files build faster and copy better to a USB stick, but
	// past the bound every query loads larger shards.
	SearchMaxFiles int     `toml:"search_max_files"`
	Themes         []Theme `toml:"theme"`
}

// File is the name of the settings file in a site folder.
const File = "site.toml"

// SlugRE is the shape of every slug and id: it cannot name a path outside its folder.
var SlugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads and checks site.toml from the site folder.
func Load(fsys fs.FS) (*Site, diag.List) {
	var errs diag.List
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		errs.Add(File, 0, "cannot read: %v", errors.Unwrap(err))
		return nil, errs
	}
	s := &Site{Output: "public"}
	errs, ok := DecodeTOML(File, data, 0, s)
	if !ok {
		return nil, errs
	}
	lines := NewLocator(data, 0)
	seen := map[string]bool{}
	for i := range s.Themes {
		th := &s.Themes[i]
		th.Line = lines.Nth("[[theme]]", i)
		switch {
		case !SlugRE.MatchString(th.ID):
			errs.Add(File, th.Line, "theme id %q is not a slug ([a-z0-9-])", th.ID)
		case seen[th.ID]:
			errs.Add(File, th.Line, "duplicate theme id %q", th.ID)
		}
		if th.Name == "" {
			errs.Add(File, th.Line, "theme %q has no name", th.ID)
		}
		seen[th.ID] = true
	}
	if s.Title == "" {
		errs.Add(File, 0, "title is empty")
	}
	if s.SearchMaxFiles < 0 || s.SearchMaxFiles > 0 && s.SearchMaxFiles < 64 {
		errs.Add(File, lines.Key("search_max_files", 0), "search_max_files %d: 0 for the default, or at least 64", s.SearchMaxFiles)
	}
	if s.Output == "" || strings.Contains(s.Output, "..") {
		errs.Add(File, lines.Key("output", 0), "output %q must be a folder inside the site", s.Output)
	}
	sort.SliceStable(s.Themes, func(i, j int) bool { return s.Themes[i].Order < s.Themes[j].Order })
	return s, errs
}

// Theme returns the theme with the given id, or nil.
func (s *Site) Theme(id string) *Theme {
	for i := range s.Themes {
		if s.Themes[i].ID == id {
			return &s.Themes[i]
		}
	}
	return nil
}

// DecodeTOML decodes data into v strictly: a syntax error, a value of the wrong
// type and a key v does not know are all errors. offset is added to every line
// number, for TOML that starts below the first line of its file (front matter).
// decoded is false when v could not be filled at all; unknown keys still
// leave v decoded, so that the caller can go on checking.
func DecodeTOML(file string, data []byte, offset int, v any) (errs diag.List, decoded bool) {
	md, err := toml.Decode(string(data), v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			errs.Add(file, pe.Position.Line+offset, "%s", pe.Message)
		} else {
			errs.Add(file, offset+1, "%v", err)
		}
		return errs, false
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		loc := NewLocator(data, offset)
		for _, k := range undecoded {
			errs.Add(file, loc.Any(k[len(k)-1]), "unknown key %q", k.String())
		}
	}
	return errs, true
}

// Locator finds the lines of TOML keys and table headers in raw text, since
// the decoder does not report where a decoded value came from.
type Locator struct {
	lines   []string
	offset  int
	once    sync.Once
	headers map[string][]int // the line indexes of every line that starts with "[", trimmed
}

// NewLocator indexes data; offset is added to every line number it returns.
func NewLocator(data []byte, offset int) *Locator {
	return &Locator{lines: strings.Split(string(data), "\n"), offset: offset}
}

// Nth returns the line of the n-th (0-based) occurrence of the header line
// (like "[[table.row]]"), or 0.
func (l *Locator) Nth(header string, n int) int {
	return l.NthAfter(header, n, 0)
}

// NthAfter is Nth counting only headers after line from (a line number as returned).
func (l *Locator) NthAfter(header string, n, from int) int {
	start := max(from-l.offset, 0)
	if !strings.HasPrefix(header, "[") {
		for i := start; i < len(l.lines); i++ {
			if strings.TrimSpace(l.lines[i]) == header {
				if n == 0 {
					return i + 1 + l.offset
				}
				n--
			}
		}
		return 0
	}
	// Headers are looked up once per table row: index them once, so that
	// locating every row of a file is linear in its length.
	l.once.Do(func() {
		l.headers = map[string][]int{}
		for i, line := range l.lines {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, "[") {
				l.headers[t] = append(l.headers[t], i)
			}
		}
	})
	lines := l.headers[header]
	k := sort.SearchInts(lines, start)
	if k+n < len(lines) {
		return lines[k+n] + 1 + l.offset
	}
	return 0
}

// Key returns the line of the first `key =` at or after line from, stopping
// at the next table header; it returns from when the key is not there.
func (l *Locator) Key(key string, from int) int {
	start := max(from-l.offset, 1) - 1
	for i := start; i < len(l.lines); i++ {
		s := strings.TrimSpace(l.lines[i])
		if i > start && strings.HasPrefix(s, "[") {
			break
		}
		if rest, ok := strings.CutPrefix(s, key); ok {
			if r := strings.TrimSpace(rest); strings.HasPrefix(r, "=") {
				return i + 1 + l.offset
			}
		}
		if rest, ok := strings.CutPrefix(s, `"`+key+`"`); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
			return i + 1 + l.offset
		}
	}
	if from == 0 {
		return 0
	}
	return from
}

// Any returns the line of the first `key =` anywhere in the text, or 0.
func (l *Locator) Any(key string) int {
	for i, s := range l.lines {
		s = strings.TrimSpace(s)
		for _, k := range []string{key, `"` + key + `"`} {
			if rest, ok := strings.CutPrefix(s, k); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
				return i + 1 + l.offset
			}
		}
	}
	return 0
}
