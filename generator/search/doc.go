// Package search builds the portal's offline full-text search index.
//
// Build turns the searchable units of the site (plans, sections, indicators, regions,
// themes) into classic JavaScript files under search/ that static/js/search.js loads
// with <script> elements, so search works from file:// as well as over http:
//
//	search/meta.js        (window.QPSearch=window.QPSearch||{}).meta={...}: counts, shard
//	                      counts, themes, regions (the page may load it before the client)
//	search/t/XX.js        QPSearch.addShard("XX", {term: [df, postings], ...})
//	search/d/XX.js        QPSearch.addDocs("XX", [[plan, region], ...], [[url, title, group, kind, text], ...])
//	search/f/XX.js        QPSearch.addFirst("XX", {term: [[doc, url, title, plan, region, kind, text], ...], ...})
//
// There are at most Options.MaxFiles files: term and doc shards grow past it rather
// than multiply. A doc shard stores the plan and region of consecutive documents once
// (a group), a URL as "#fragment" after a record of the same path, a title equal to
// the group's plan as null, the kind as a digit. A first-page shard holds, for each
// term in more than MaxPostings documents, the first ten results of a query of that
// term alone, so that the commonest queries need no doc shard. There are first-page
// shards only where the doc shards are large (MaxFiles holds their number down):
// where ten of them could take more than 50 KiB, half what a query may load.
//
// Shard names are lower-case hex, two digits per directory level ("t/1a.js", or
// "t/01/a3.js" past 256 shards), so no directory holds more than 256 files. A term
// lives in shard FNV-1a-32(UTF-8 term) mod meta.shards; document i lives in doc shard
// i / meta.perShard; the first page of a term is in first-page shard FNV-1a-32(term)
// mod meta.firstShards. Postings are strings over the alphabet A–Z a–z 0–9 - _ (values
// 0–63): per posting, the document-number gap as base-32 digits, least significant
// first, digits 32–63 meaning "more follows"; then one impact digit (32 keyword,
// 16 title, 8 plan/region context, 0–7 body-frequency bucket); then meta.themeChars
// digits of theme bits (six themes per digit, theme i in digit i/6, bit i%6).
// A term found in more than Options.MaxPostings documents keeps that many postings:
// up to half of them heading and keyword matches, the rest a fixed pseudo-random
// sample of its documents, the same sample order for every term (see encodePostings);
// df still counts them all.
//
// Documents are numbered with the documents without a region first, then region by
// region (pre-order over Options.Regions when given), input order within a group, so
// a region filter is a range of document numbers that includes sub-regions.
package search

// Doc is one searchable unit, e.g. a plan section or an indicator page.
type Doc struct {
	URL        string   // relative to the site root, naming the file, with anchor: "plans/jiaojiang-2021-2025/index.html#s3-1"
	Kind       string   // "plan" | "section" | "indicator" | "region" | "theme"
	Title      string   // section heading or page title
	Plan       string   // plan title ("" for non-plan docs)
	Region     string   // region display name
	RegionSlug string   // region id used by the region filter ("" for national docs)
	Themes     []string // theme ids used by the theme filter
	Keywords   []string // extra high-weight terms (indicator aliases, e.g. "PM2.5", "细颗粒物")
	Body       string   // plain text
	// BodyFunc, when set, gives the body instead of Body. Build calls it once, when it
	// indexes the document, and keeps only the snippet, so that a caller need not hold
	// the text of every document at once (a site's sections are most of its text).
	// It may be called from several goroutines at once.
	BodyFunc func() string
	// BodyOf, when set (and BodyFunc is not), appends the body made from Source to
	// dst and returns the result, as BodyFunc gives it: one function serves every
	// document, where BodyFunc is a closure per document (a national site has about
	// half a million sections), and the index reads each body into a buffer it
	// reuses instead of a new string.
	BodyOf func(dst []byte, source any) []byte
	// Source, when not nil, stands for what the body is made from (a pointer, or
	// another comparable value): Index.Update takes the body of a document whose
	// Source equals that of the document it had in that place as unchanged,
	// without calling BodyFunc or BodyOf. Nil: the bodies are compared (Body) or
	// the body is read again (BodyFunc, BodyOf).
	Source any
}

// File is one generated file, Path relative to the site root ("search/meta.js").
type File struct {
	Path string
	Data []byte
}

// Theme names a theme id for the theme filter.
type Theme struct {
	ID   string
	Name string
}

// Region is one entry of the region hierarchy; Parent is a Slug or "".
type Region struct {
	Slug   string
	Name   string
	Parent string
}

// Options tunes Build. The zero value works.
type Options struct {
	// Themes lists the theme filter in display order. When non-empty, a Doc theme
	// not listed is an error; when empty, themes are taken from the docs.
	Themes []Theme
	// Regions gives region names and the hierarchy: filtering by a region also finds
	// the documents of its sub-regions, and ancestor names are searchable context.
	// Docs may name regions not listed here.
	Regions []Region
	// MaxPostings caps the postings stored per term (default 600).
	MaxPostings int
	// ShardBytes is the target size of a term shard file (default 3 KiB).
	ShardBytes int
	// DocShardBytes is the target size of a document shard file (default 2 KiB).
	DocShardBytes int
	// MaxFiles bounds the number of index files (default 65536, at least 4): past it, shards get
	// larger than ShardBytes and DocShardBytes. Creating a file is slow on some disks
	// and a USB stick's file system wastes a cluster on each; a query loads more bytes.
	MaxFiles int
	// SnippetRunes is how much of a document's body is kept for snippets (default 90,
	// what the client shows: a window of 90 code points around the first match).
	SnippetRunes int
}

// Stats describes an index produced by Build.
type Stats struct {
	Docs         int // documents indexed
	Terms        int // distinct terms
	Postings     int // postings stored (after the MaxPostings cap)
	PrunedTerms  int // terms whose postings were capped
	TermShards   int
	DocShards    int
	FirstShards  int // first-page shards
	PerShard     int // documents per doc shard
	MetaBytes    int64
	TermBytes    int64 // all term shard files
	DocBytes     int64 // all doc shard files
	FirstBytes   int64 // all first-page shard files
	MaxTermShard int   // largest term shard file, bytes
	MaxDocShard  int   // largest doc shard file, bytes
}

// TotalBytes is the size of all index files.
func (s Stats) TotalBytes() int64 { return s.MetaBytes + s.TermBytes + s.DocBytes + s.FirstBytes }

// Document kinds accepted by Build.
var kinds = map[string]bool{"plan": true, "section": true, "indicator": true, "region": true, "theme": true}
