// Package browsertest checks the built portal the way its users meet it: in
// a real Chromium, opened from disk (file://) and from a server on
// 127.0.0.1, with axe-core for accessibility, html-validate for the markup
// and a link checker that walks every HTML file of the output.
//
// The package has only tests. They build the bundled portal (the repository's
// content/, layouts/, static/ and site.toml) into a temporary folder once per
// test binary and share one browser between all tests.
//
//	go test ./generator/browsertest/                       # needs /usr/bin/chromium and `npm ci`
//	SCREENSHOT_DIR=/tmp/shots go test ./generator/browsertest/ -run 'Screenshots|PrintPDF'
//
// Without Chromium the browser tests are skipped, unless CI=true, where a
// missing browser or a missing node_modules/axe-core is a failure.
package browsertest
