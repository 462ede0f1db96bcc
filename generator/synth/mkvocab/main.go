// Command mkvocab extracts the fixed vocabulary of the synthetic corpus from
// the bundled plans: sentences, headings, 专栏 titles and 专栏 items, and
// copies the indicator registry. Run from the repository root:
//
//	go run ./generator/synth/mkvocab
//
// It writes generator/synth/vocab.txt and generator/synth/indicators.toml,
// which are committed, so the corpus does not change when the bundled plans do.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

var (
	headRE  = regexp.MustCompile(`^(#{2,4})\s+(.*?)\s*\{#[^}]*\}\s*$`)
	numPref = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|[((][一二三四五六七八九十]+[))]|[0-9]+\\?[.、]\s*|\([0-9]+\)|[0-9]+\))`)
	// Text that Markdown or the plan format would read as markup is left out.
	unsafe = regexp.MustCompile("[*_`\\[\\]<>\\\\#|{}~=]")
)

func main() {
	files, err := filepath.Glob("content/plans/*/plan.md")
	if err != nil || len(files) == 0 {
		fmt.Fprintln(os.Stderr, "mkvocab: run from the repository root (no content/plans/*/plan.md)")
		os.Exit(1)
	}
	sort.Strings(files)
	sets := map[string][]string{}
	seen := map[string]bool{}
	add := func(kind, s string) {
		s = strings.TrimSpace(s)
		n := utf8.RuneCountInString(s)
		if n < 4 || unsafe.MatchString(s) || seen[kind+s] {
			return
		}
		if kind == "sentence" && (n < 12 || n > 160) {
			return
		}
		if (kind == "h2" || kind == "h3" || kind == "h4" || kind == "box") && n > 30 {
			return
		}
		seen[kind+s] = true
		sets[kind] = append(sets[kind], s)
	}
	sentences := func(kind, para string) {
		for _, s := range strings.SplitAfter(para, "。") {
			add(kind, s)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		_, body, _ := bytes.Cut(data[3:], []byte("\n+++\n"))
		inBox := false
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			switch {
			case line == "":
			case line == ":::":
				inBox = false
			case strings.HasPrefix(line, "::: box"):
				inBox = true
				t := strings.TrimSpace(strings.TrimPrefix(line, "::: box"))
				if _, title, ok := strings.Cut(t, "|"); ok {
					add("box", title)
				}
			case strings.HasPrefix(line, ":::"):
			case strings.HasPrefix(line, "#"):
				if m := headRE.FindStringSubmatch(line); m != nil {
					add(fmt.Sprintf("h%d", len(m[1])), numPref.ReplaceAllString(m[2], ""))
				}
			case inBox:
				add("item", numPref.ReplaceAllString(line, ""))
			default:
				line = numPref.ReplaceAllString(line, "")
				if strings.HasPrefix(line, "-") || strings.HasPrefix(line, "+") || strings.HasPrefix(line, ">") {
					continue
				}
				sentences("sentence", line)
			}
		}
	}
	var out bytes.Buffer
	out.WriteString("# Vocabulary of the synthetic corpus, extracted from content/plans/*/plan.md by\n# go run ./generator/synth/mkvocab. One entry per line under [kind].\n")
	for _, kind := range []string{"sentence", "h2", "h3", "h4", "box", "item"} {
		fmt.Fprintf(&out, "\n[%s]\n", kind)
		for _, s := range sets[kind] {
			out.WriteString(s + "\n")
		}
	}
	if err := os.WriteFile("generator/synth/vocab.txt", out.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	reg, err := os.ReadFile("content/indicators.toml")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile("generator/synth/indicators.toml", reg, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, kind := range []string{"sentence", "h2", "h3", "h4", "box", "item"} {
		fmt.Printf("%s: %d\n", kind, len(sets[kind]))
	}
}
