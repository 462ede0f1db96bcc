//go:build !unix

package site

import "os"

// writeFile writes data to the file name, creating or truncating it.
func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
