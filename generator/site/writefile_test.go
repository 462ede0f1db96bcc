package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// writeFile makes a file, replaces a longer one whole, and names the file in
// its error.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "index.html")
	for _, data := range []string{"<p>一段较长的正文</p>", "短", ""} {
		if err := writeFile(name, []byte(data)); err != nil {
			t.Fatalf("writeFile(%q) = %v", data, err)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != data {
			t.Errorf("after writeFile(%q) the file holds %q", data, got)
		}
	}
	missing := filepath.Join(dir, "no-such-folder", "x.html")
	err := writeFile(missing, []byte("x"))
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != missing || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writeFile(%q) = %v; want a *fs.PathError for that path, not exist", missing, err)
	}
}
