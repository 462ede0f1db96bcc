package serve

import (
	"io/fs"

	"qualityportal/generator/site"
)

// A builder makes every output file of the site. paths are the site-relative
// inputs that changed since its last successful call; all means that anything
// may have changed.
type builder interface {
	build(paths []string, all bool) ([]site.File, error)
}

// fullBuilder loads and renders the whole site every time, exactly as
// "generator build" does, with the reload script in every page.
type fullBuilder struct{ fsys fs.FS }

func (b *fullBuilder) build(paths []string, all bool) ([]site.File, error) {
	g, errs := site.Load(b.fsys)
	if len(errs) > 0 {
		return nil, errs
	}
	g.Opts.Dev = true
	return g.Render()
}
