package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// removers is the number of goroutines removeTree unlinks files with.
const removers = 16

// removeTree removes dir and everything in it, as os.RemoveAll does, with
// files unlinked by several goroutines at once. Removing the previous site
// after a rebuild is a file system operation per file: one at a time, the
// 70,000 files of a 10,000-plan portal took 21 s on this machine's virtual
// disk, where each waits for the disk, and 1.7 s on tmpfs.
func removeTree(dir string) error {
	var files []string
	var dirs []string // parents before their children
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		} else {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return os.RemoveAll(dir) // whatever it can
	}
	each := func(paths []string) {
		parallel(len(paths), removers, func(i int) error {
			os.Remove(paths[i]) // errors: os.RemoveAll below reports them
			return nil
		})
	}
	each(files)
	// Folders once empty, the deepest first, a depth at a time.
	slices.SortStableFunc(dirs, func(a, b string) int { return depth(b) - depth(a) })
	for lo := 0; lo < len(dirs); {
		hi := lo + 1
		for hi < len(dirs) && depth(dirs[hi]) == depth(dirs[lo]) {
			hi++
		}
		each(dirs[lo:hi])
		lo = hi
	}
	return os.RemoveAll(dir) // nothing left, or what could not be removed and why
}

// depth counts the separators in p.
func depth(p string) int {
	n := 0
	for i := 0; i < len(p); i++ {
		if os.IsPathSeparator(p[i]) {
			n++
		}
	}
	return n
}
