package site

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveTree(t *testing.T) {
	for _, shape := range []struct{ dirs, files int }{{0, 0}, {1, 3}, {40, 25}} {
		t.Run(fmt.Sprintf("%dx%d", shape.dirs, shape.files), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "old")
			paths := []string{dir}
			for d := range shape.dirs {
				paths = append(paths, filepath.Join(dir, fmt.Sprintf("d%d", d), "sub", "deeper"))
			}
			for _, p := range paths {
				if err := os.MkdirAll(p, 0o755); err != nil {
					t.Fatal(err)
				}
				for f := range shape.files {
					if err := os.WriteFile(filepath.Join(p, fmt.Sprintf("f%d.html", f)), []byte("x"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := removeTree(dir); err != nil {
				t.Fatalf("removeTree: %v", err)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("after removeTree, Stat(%s) = %v; want not exist", dir, err)
			}
		})
	}
	if err := removeTree(filepath.Join(t.TempDir(), "missing")); err != nil {
		t.Errorf("removeTree of a missing folder = %v; want nil (as os.RemoveAll)", err)
	}
}
