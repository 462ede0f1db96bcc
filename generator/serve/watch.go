package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// Watched are the inputs of a build, relative to the site folder: three
// folders watched recursively and one file.
var (
	watchedDirs = []string{"content", "layouts", "static"}
	watchedFile = "site.toml"
)

// watcher watches the site's inputs recursively with fsnotify, which watches
// single folders only: every folder below the watched ones is added, at start
// and whenever one is created (or renamed into place) later.
type watcher struct {
	fw      *fsnotify.Watcher
	root    string
	watched map[string]bool // absolute folder paths
	logf    func(format string, args ...any)
	warned  bool
}

func newWatcher(root string, logf func(string, ...any)) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fw: fw, root: root, watched: map[string]bool{}, logf: logf}
	// The site folder itself, not recursively: site.toml, and content/,
	// layouts/ or static/ appearing or being replaced.
	if err := w.add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		w.addTree(filepath.Join(root, d))
	}
	return w, nil
}

func (w *watcher) close() error { return w.fw.Close() }

func (w *watcher) add(dir string) error {
	if err := w.fw.Add(dir); err != nil {
		if errors.Is(err, syscall.ENOSPC) && !w.warned {
			w.warned = true
			w.logf("warning: cannot watch %s: the inotify watch limit is reached; raise it with\n"+
				"  sysctl fs.inotify.max_user_watches=524288\nchanges in folders not watched are seen only with the next rebuild", dir)
		}
		return err
	}
	w.watched[dir] = true
	return nil
}

// addTree watches dir and every folder below it, skipping hidden ones.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return nil // not there (yet): seen when created
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !w.watched[p] {
			w.add(p)
		}
		return nil
	})
}

// forget drops the watches of dir and everything below it (a folder removed
// or renamed away; fsnotify cannot follow a rename).
func (w *watcher) forget(dir string) {
	prefix := dir + string(filepath.Separator)
	for p := range w.watched {
		if p == dir || strings.HasPrefix(p, prefix) {
			delete(w.watched, p)
			if p != w.root {
				w.fw.Remove(p) // already gone when the folder was removed
			}
		}
	}
}

// handle updates the watches for an event and reports the site-relative,
// slash-separated path it concerns, or ok false when the event does not
// concern an input of the build.
func (w *watcher) handle(ev fsnotify.Event) (rel string, ok bool) {
	r, err := filepath.Rel(w.root, ev.Name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	rel = filepath.ToSlash(r)
	top, _, _ := strings.Cut(rel, "/")
	if rel != watchedFile && !isWatchedDir(top) {
		return "", false // the output folder, editor files next to site.toml, …
	}
	if ignoredName(filepath.Base(ev.Name)) {
		return "", false
	}
	if ev.Op == fsnotify.Chmod {
		return "", false // touch, permission changes: the content is the same
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if w.watched[ev.Name] {
			w.forget(ev.Name)
		}
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			w.addTree(ev.Name)
		}
	}
	return rel, true
}

func isWatchedDir(name string) bool {
	for _, d := range watchedDirs {
		if name == d {
			return true
		}
	}
	return false
}

// ignoredName reports files that editors write beside the real one: hidden
// files (.plan.md.swp), Vim's write test "4913", Emacs lock and autosave files.
// The build itself skips hidden files and folders.
func ignoredName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || name == "4913"
}
