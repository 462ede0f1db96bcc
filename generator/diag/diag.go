// Package diag collects problems found in content and reports them the way
// the Go toolchain does: "path:line: message", all of them, sorted.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a place in a content file. Line is 1-based; 0 means the whole file.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// Error is one problem at one place.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// List is every problem found; its zero value is empty and ready to use.
type List []*Error

// Add records a problem.
func (l *List) Add(file string, line int, format string, args ...any) {
	*l = append(*l, &Error{Pos{file, line}, fmt.Sprintf(format, args...)})
}

// Append adds all errors of another list.
func (l *List) Append(o List) { *l = append(*l, o...) }

// Sort orders by file, line, then message, and drops exact duplicates,
// so that output is stable whatever order the checks ran in.
func (l *List) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		return a.Msg < b.Msg
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && e.Error() == s[i-1].Error() {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
