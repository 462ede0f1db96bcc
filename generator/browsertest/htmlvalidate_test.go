package browsertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestHTMLValidates runs html-validate (from node_modules, `npm ci`) over
// every HTML file of the built site, with its recommended rules, and fails
// on any error, one subtest per file with errors.
func TestHTMLValidates(t *testing.T) {
	bin := filepath.Join(repoRoot, "node_modules", ".bin", "html-validate")
	if _, err := os.Stat(bin); err != nil {
		if inCI {
			t.Fatalf("CI=true but html-validate is missing (%v): run `npm ci` in %s first", err, repoRoot)
		}
		t.Skipf("html-validate not installed (%v): run `npm ci`", err)
	}
	if _, err := exec.LookPath("npx"); err != nil {
		if inCI {
			t.Fatalf("CI=true but npx is missing: install Node.js")
		}
		t.Skip("npx not found: install Node.js")
	}
	// The report goes to a file: node cuts a long report written to a pipe.
	report := filepath.Join(t.TempDir(), "html-validate.json")
	cmd := exec.Command("npx", "--no-install", "html-validate", "--formatter", "json="+report, outDir)
	cmd.Dir = repoRoot
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	err := cmd.Run()
	var results []struct {
		FilePath string `json:"filePath"`
		Messages []struct {
			RuleID   string `json:"ruleId"`
			Severity int    `json:"severity"`
			Message  string `json:"message"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Selector string `json:"selector"`
		} `json:"messages"`
	}
	if out, rerr := os.ReadFile(report); rerr == nil && len(bytes.TrimSpace(out)) > 0 {
		if jerr := json.Unmarshal(out, &results); jerr != nil {
			t.Fatalf("html-validate report: %v\n%s\n%s", jerr, abbrev(string(out), 500), stderr.String())
		}
	}
	if err != nil && len(results) == 0 {
		t.Fatalf("html-validate: %v\n%s", err, stderr.String())
	}
	sort.Slice(results, func(i, j int) bool { return results[i].FilePath < results[j].FilePath })
	errorsFound := 0
	for _, r := range results {
		rel, _ := filepath.Rel(outDir, r.FilePath)
		var msgs []string
		for _, m := range r.Messages {
			if m.Severity >= 2 {
				msgs = append(msgs, fmt.Sprintf("%s:%d:%d: %s (%s) at %s", filepath.ToSlash(rel), m.Line, m.Column, m.Message, m.RuleID, m.Selector))
			}
		}
		if len(msgs) == 0 {
			continue
		}
		errorsFound += len(msgs)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Error(strings.Join(msgs, "\n"))
		})
	}
	if err != nil && errorsFound == 0 {
		t.Errorf("html-validate exited with %v but reported no error\n%s", err, stderr.String())
	}
}
