// Package chrome holds how the browser tests and benchmarks start headless
// Chromium, so that they all start it the same way, and how a test requires it
// (or node): skipped without it, failed in CI. It is imported by tests only;
// the generator does not use it.
package chrome

import (
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

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

// Require returns the path of the program a test needs (Path, or a name looked
// up in $PATH, such as "node"). Without it the test is skipped, but in CI
// (CI=true), which installs every one, it fails: the browser tests must run there.
func Require(t testing.TB, program string) string {
	t.Helper()
	p, err := exec.LookPath(program)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing (%v): .ci/run installs it (apt-get install -y chromium fonts-noto-cjk; node comes with npm)", program, err)
		}
		t.Skipf("%s not installed: skipped (in CI, with CI=true, this is a failure)", program)
	}
	return p
}
