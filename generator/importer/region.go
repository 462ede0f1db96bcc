package importer

import (
	"fmt"
	"sort"
	"strings"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
)

var levelDepth = map[string]int{"province": 1, "city": 2, "district": 3, "county": 3, "county-city": 3}

// maxRegionText bounds the text searched for region names.
const maxRegionText = 256 << 10

// shortName: 余杭区 → 余杭, 海盐县 → 海盐 (a name of two characters stays whole).
func shortName(name string) string {
	r := []rune(name)
	if len(r) >= 3 {
		switch r[len(r)-1] {
		case '区', '县', '市', '省':
			return string(r[:len(r)-1])
		}
	}
	return name
}

// region sets the plan's region: --region, else the deepest region named in
// the title, else the deepest region the text names most often.
func (p *parser) region() error {
	regions := p.opts.Regions
	if s := p.opts.Region; s != "" {
		if !config.SlugRE.MatchString(s) {
			return &InputError{fmt.Sprintf("region %q is not a slug", s)}
		}
		for _, r := range regions {
			if r.Slug == s {
				p.meta.Region = s
				return nil
			}
		}
		return &InputError{fmt.Sprintf("region %q is not in %s; add it there first", s, content.RegionsFile)}
	}
	type cand struct {
		r     *content.Region
		score int
		title bool
	}
	var cands []cand
	var text strings.Builder
	for _, b := range p.blocks {
		text.WriteString(b.Text)
		text.WriteString(b.Title)
		for _, it := range b.Items {
			text.WriteString(it.Text)
		}
	}
	all := text.String()
	if len(all) > maxRegionText {
		all = all[:maxRegionText] // the region is named early; this keeps the count linear in the registry
	}
	for _, r := range regions {
		c := cand{r: r}
		for _, n := range []string{r.FullName, r.Name} {
			if n != "" && strings.Contains(p.title, n) {
				c.title = true
			}
		}
		short := shortName(r.Name)
		c.score = strings.Count(all, short)
		if short != r.Name {
			c.score += strings.Count(all, r.Name)
		}
		if c.title || c.score > 0 {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return &InputError{fmt.Sprintf("cannot tell the region: the text names none of the regions in %s; give --region SLUG", content.RegionsFile)}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.title != b.title {
			return a.title
		}
		if da, db := levelDepth[a.r.Level], levelDepth[b.r.Level]; da != db {
			return da > db
		}
		return a.score > b.score
	})
	best := cands[0]
	p.meta.Region = best.r.Slug
	how := fmt.Sprintf("named %d times in the text", best.score)
	if best.title {
		how = "named in the title"
	}
	p.rep.RegionGuess = fmt.Sprintf("%s (%s, %s)", best.r.Slug, best.r.FullName, how)
	return nil
}

// inferTitle builds a title when the page printed none (余杭: a fragment).
func (p *parser) inferTitle() {
	if p.title != "" {
		return
	}
	var reg *content.Region
	for _, r := range p.opts.Regions {
		if r.Slug == p.meta.Region {
			reg = r
		}
	}
	if reg == nil || p.meta.Stage == "" {
		return
	}
	// The region as plans name it: the city and the district ("杭州市余杭区"), without the province.
	name := reg.FullName
	for _, r := range p.opts.Regions {
		if r.Level == "province" && strings.HasPrefix(name, r.Name) && name != r.Name {
			name = strings.TrimPrefix(name, r.Name)
		}
	}
	kind := "质量发展"
	best := 0
	for _, k := range []string{"质量强区", "质量强县", "质量强市", "质量强省"} {
		if n := p.count(k); n > best {
			kind, best = k+"建设", n
		}
	}
	title := name + kind + "“" + p.meta.Stage + "”规划"
	fragment := true
	for _, b := range p.blocks {
		if b.Kind == bHeading && b.Level == 2 {
			fragment = b.Anchor != "s1"
			break
		}
	}
	if fragment {
		title += "(节选)"
	}
	p.title = title
	p.rep.note("no title is printed: the title “%s” is inferred (region, “%s” in the text, the period%s); check it", title, kind, map[bool]string{true: ", and (节选) because the text starts after 一、", false: ""}[fragment])
	p.rep.TitleInferred = true
}

func (p *parser) count(s string) int {
	n := 0
	for _, b := range p.blocks {
		n += strings.Count(b.Text, s) + strings.Count(b.Title, s)
		for _, it := range b.Items {
			n += strings.Count(it.Text, s)
		}
	}
	return n
}
