// Package chrome holds how the browser tests and benchmarks start headless
// Chromium, so that they all start it the same way. It is imported by tests
// only; the generator does not use it.
package chrome

import "github.com/chromedp/chromedp"

// Path is Debian's Chromium, which .ci/run installs.
const Path = "/usr/bin/chromium"

// flags are Chromium's switches for a headless run on this machine: without
// the background-networking switches Chromium's own connections are refused
// by the closed network, many at a time.
var flags = []string{
	"headless", "no-sandbox", "disable-gpu", "no-first-run", "no-default-browser-check",
	"disable-quic", "disable-background-networking", "disable-component-update", "disable-sync",
	"disable-dev-shm-usage", "hide-scrollbars", "mute-audio",
}

// Args are the flags as command-line arguments, for running the binary itself.
func Args() []string {
	args := make([]string, len(flags))
	for i, f := range flags {
		args[i] = "--" + f
	}
	return args
}

// Options are the flags for chromedp's allocator, with a 1280×900 window,
// then extra.
func Options(path string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(path)}
	for _, f := range flags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	opts = append(opts, chromedp.WindowSize(1280, 900))
	return append(opts, extra...)
}
