package main

import (
	"fmt"
	"io"
)

func cmdImport(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "generator import: not built yet")
	return 2
}
