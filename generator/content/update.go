package content

import (
	"io/fs"

	"qualityportal/generator/diag"
)

// Update returns the content of fsys after only the plans slugs changed
// (edited, added, removed or renamed): their folders are read again, every
// other plan is taken over from s without reading or parsing it, and the
// registries, which are small, are read again so that their links are fresh.
// Callers must know that nothing but those plans changed since s was loaded
// (site.toml, the registries and the other plans are as they were); the
// result is then the same as Load's.
//
// s is not modified: reused plans are shallow copies with their links to
// regions and other plans cleared, so s stays usable if the update has errors.
// s must have loaded without errors, since the problems of reused plans are
// not reported again.
func (s *Site) Update(fsys fs.FS, slugs []string) (*Site, diag.List) {
	var errs diag.List
	ns := &Site{Config: s.Config, regionBySlug: map[string]*Region{}, indByID: map[string]*Indicator{}, indByName: map[string]*Indicator{}, planBySlug: map[string]*Plan{}}
	errs.Append(ns.loadRegions(fsys, s))
	errs.Append(ns.loadIndicators(fsys))
	changed := make(map[string]bool, len(slugs))
	for _, slug := range slugs {
		changed[slug] = true
	}
	reuse := make(map[string]*Plan, len(s.Plans))
	for _, p := range s.Plans {
		if changed[p.Slug] {
			continue
		}
		cp := *p
		cp.Region, cp.BasedOn, cp.BasisOf = nil, nil, nil
		reuse[p.Slug] = &cp
	}
	errs.Append(ns.loadPlans(fsys, reuse))
	errs.Append(ns.link())
	errs.Sort()
	return ns, errs
}
