package main

import (
	"fmt"
	"io"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "generator serve: not built yet")
	return 2
}

func cmdImport(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "generator import: not built yet")
	return 2
}
