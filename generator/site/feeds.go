package site

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
)

func absURL(cfg *config.Site, p string) string {
	return strings.TrimSuffix(cfg.BaseURL, "/") + "/" + p
}

// sitemap lists every HTML page but the 404 page.
func sitemap(cfg *config.Site, jobs []*job) ([]byte, error) {
	type url struct {
		Loc string `xml:"loc"`
	}
	var set struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []url    `xml:"url"`
	}
	set.NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	for _, j := range jobs {
		if j.page != nil && j.page.Kind != "404" {
			set.URLs = append(set.URLs, url{absURL(cfg, j.path)})
		}
	}
	return marshal(set)
}

// feed is an Atom feed of the plans, newest first.
func feed(cfg *config.Site, plans []*content.Plan) ([]byte, error) {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Link    link   `xml:"link"`
		Updated string `xml:"updated"`
		Author  string `xml:"author>name"`
		Summary string `xml:"summary"`
	}
	var f struct {
		XMLName xml.Name `xml:"feed"`
		NS      string   `xml:"xmlns,attr"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Links   []link   `xml:"link"`
		Updated string   `xml:"updated"`
		Author  string   `xml:"author>name"`
		Entries []entry  `xml:"entry"`
	}
	f.NS = "http://www.w3.org/2005/Atom"
	f.Title = cfg.Title
	f.ID = absURL(cfg, "")
	f.Links = []link{{absURL(cfg, "feed.xml"), "self"}, {absURL(cfg, "index.html"), "alternate"}}
	f.Author = cfg.Title
	if cfg.Sponsor != "" {
		f.Author = cfg.Sponsor
	}
	for _, p := range plans {
		u := absURL(cfg, planURL(p))
		d := p.Date()
		if d == "" {
			// Atom requires a date; a plan that prints none is dated by the start of its period.
			d = strconv.Itoa(p.PeriodStart) + "-01-01"
		}
		d += "T00:00:00+08:00"
		if f.Updated == "" || d > f.Updated {
			f.Updated = d
		}
		author := p.Publisher
		if author == "" {
			author = cfg.Title
		}
		region := ""
		if p.Region != nil {
			region = p.Region.FullName
		}
		f.Entries = append(f.Entries, entry{Title: p.Title, ID: u, Link: link{Href: u}, Updated: d, Author: author,
			Summary: region + " " + p.Stage + " " + p.Period()})
	}
	if f.Updated == "" {
		f.Updated = "1970-01-01T00:00:00+08:00"
	}
	return marshal(f)
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
