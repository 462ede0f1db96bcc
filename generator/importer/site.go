package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
)

// LoadOptions reads what the importer needs from a site folder: the themes
// of site.toml and the region and indicator registries. Plans are not read,
// so an import works while other content is broken.
func LoadOptions(fsys fs.FS) (Options, error) {
	var o Options
	cfg, errs := config.Load(fsys)
	if errs != nil {
		return o, errs
	}
	o.Themes = cfg.Themes
	var regs struct {
		Region []*content.Region `toml:"region"`
	}
	if err := decodeFile(fsys, content.RegionsFile, &regs); err != nil {
		return o, err
	}
	o.Regions = regs.Region
	var inds struct {
		Indicator []*content.Indicator `toml:"indicator"`
	}
	if err := decodeFile(fsys, content.IndicatorsFile, &inds); err != nil {
		return o, err
	}
	o.Indicators = inds.Indicator
	return o, nil
}

func decodeFile(fsys fs.FS, name string, v any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: missing (is -s the site folder?)", name)
		}
		return fmt.Errorf("%s: %v", name, err)
	}
	if errs, _ := config.DecodeTOML(name, data, 0, v); errs != nil {
		return errs
	}
	return nil
}

// File is one file the import writes.
type File struct {
	Path string // relative to the site folder, with forward slashes
	Data []byte
}

// Files lists what the import writes, under content/plans/SLUG/.
func (r *Result) Files() ([]File, error) {
	if !config.SlugRE.MatchString(r.Slug) {
		return nil, fmt.Errorf("slug %q is not a slug", r.Slug)
	}
	dir := content.PlansDir + "/" + r.Slug
	return []File{{dir + "/plan.md", r.PlanMD}, {dir + "/data.toml", r.DataTOML}}, nil
}

// ExistsError says which files an import would overwrite.
type ExistsError struct{ Paths []string }

func (e *ExistsError) Error() string {
	return "not overwriting existing content: " + strings.Join(e.Paths, ", ") + " (use --force to replace it, or --slug to choose another plan slug)"
}

// Write writes the files into the site folder. Without force it refuses to
// replace any existing file and writes nothing. Each file is written to a
// temporary file and renamed into place.
func Write(siteDir string, files []File, force bool) error {
	var exist []string
	for _, f := range files {
		if err := safePath(f.Path); err != nil {
			return err
		}
		if _, err := os.Lstat(filepath.Join(siteDir, filepath.FromSlash(f.Path))); err == nil {
			exist = append(exist, f.Path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if len(exist) > 0 && !force {
		return &ExistsError{exist}
	}
	for _, f := range files {
		full := filepath.Join(siteDir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(full), ".import-*")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(f.Data)
		cerr := tmp.Close()
		if werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Rename(tmp.Name(), full)
		}
		if werr != nil {
			os.Remove(tmp.Name())
			return werr
		}
	}
	return nil
}

// safePath accepts only content/plans/SLUG/NAME with a valid slug.
func safePath(p string) error {
	parts := strings.Split(p, "/")
	if len(parts) != 4 || parts[0] != "content" || parts[1] != "plans" || !config.SlugRE.MatchString(parts[2]) || (parts[3] != "plan.md" && parts[3] != "data.toml") {
		return fmt.Errorf("refusing to write %q: only content/plans/SLUG/plan.md and data.toml", p)
	}
	return nil
}
