// Package match finds which of many names occur in a text, in one pass over
// the text: the indicators a plan section mentions, the themes a heading
// names.
package match

import "unicode/utf8"

// Matcher finds which of many names occur in a text in one pass over
// the text (an Aho–Corasick automaton), so that finding the indicators a
// section mentions costs the length of the section, not the length times the
// number of names.
//
// The automaton reads code points, each mapped to a class: one per code point
// that some name has, 0 for every other. A Chinese character is then one step
// where it was three (one a byte): the scan is a chain of dependent loads, so
// its time is the number of steps (every plan's text is scanned once, 188 MB at
// 10,000 plans). For valid UTF-8 this finds exactly the names a byte match
// finds; an invalid byte is a class-0 character, which no name has.
type Matcher struct {
	next    []int32        // next[state*stride+class]: the state after a code point of class
	stride  int            // classes, the width of a row of next
	class   []int32        // class of each code point below len(class) (0: in no name)
	classOf map[rune]int32 // classes of the code points from len(class) on
	out     [][]int32      // the ids of the names that end at a state (through its suffixes)
	all     []int32        // ids whose name is empty: found in every text
	words   int            // bitset words per result
}

// New builds the automaton for names[i] naming id ids[i], each id at most maxID.
// The names are valid UTF-8 (they come from TOML files).
func New(names []string, ids []int32, maxID int32) *Matcher {
	m := &Matcher{words: int(maxID)/64 + 1, classOf: map[rune]int32{}}
	// Classes, in order of first appearance.
	classes := map[rune]int32{}
	top := rune(0)
	for _, name := range names {
		for _, r := range name {
			if _, ok := classes[r]; !ok {
				classes[r] = int32(len(classes) + 1)
				top = max(top, r)
			}
		}
	}
	m.stride = len(classes) + 1
	m.class = make([]int32, min(top+1, 0x10000))
	for r, c := range classes {
		if int(r) < len(m.class) {
			m.class[r] = c
		} else {
			m.classOf[r] = c
		}
	}
	// The trie, with sparse children while building.
	type node struct {
		child map[int32]int32
		out   []int32
	}
	nodes := []node{{}}
	for i, name := range names {
		if name == "" {
			m.all = append(m.all, ids[i])
			continue
		}
		s := int32(0)
		for _, r := range name {
			c := classes[r]
			if nodes[s].child == nil {
				nodes[s].child = map[int32]int32{}
			}
			t, ok := nodes[s].child[c]
			if !ok {
				t = int32(len(nodes))
				nodes = append(nodes, node{})
				nodes[s].child[c] = t
			}
			s = t
		}
		nodes[s].out = append(nodes[s].out, ids[i])
	}
	// Breadth first: every state's transitions and outputs from its failure state's.
	st := m.stride
	m.next = make([]int32, len(nodes)*st)
	m.out = make([][]int32, len(nodes))
	fail := make([]int32, len(nodes))
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := fail[s]
		m.out[s] = append(append([]int32(nil), nodes[s].out...), m.out[f]...)
		if s == 0 {
			m.out[s] = nodes[s].out
		}
		for c := range st {
			t, ok := nodes[s].child[int32(c)]
			switch {
			case ok:
				if s == 0 {
					fail[t] = 0
				} else {
					fail[t] = m.next[int(f)*st+c]
				}
				m.next[int(s)*st+c] = t
				queue = append(queue, t)
			case s == 0:
				m.next[c] = 0
			default:
				m.next[int(s)*st+c] = m.next[int(f)*st+c]
			}
		}
	}
	// Mark the transitions into states with outputs, so that the scan looks
	// at out only after them (a second load per step otherwise).
	for i, t := range m.next {
		if len(m.out[t]) > 0 {
			m.next[i] = t | hasOut
		}
	}
	return m
}

// hasOut marks a transition of Matcher.next into a state with outputs.
const hasOut = -1 << 31

// Set is the ids found in a text, as a bitset.
type Set []uint64

// Has reports whether id is in the set.
func (m Set) Has(id int32) bool { return m[id>>6]&(1<<(id&63)) != 0 }

// Find returns the set of ids whose names occur in text, reusing buf.
func (m *Matcher) Find(text string, buf Set) Set {
	buf = m.Start(buf)
	m.Scan(text, 0, buf)
	return buf
}

// Start returns buf emptied for a new text (holding the ids of empty names).
// A text given in pieces is then scanned a piece at a time, each scan
// starting in the state the one before ended in (0 for the first); the
// pieces are cut between code points.
func (m *Matcher) Start(buf Set) Set {
	if cap(buf) < m.words {
		buf = make(Set, m.words)
	}
	buf = buf[:m.words]
	clear(buf)
	for _, id := range m.all {
		buf[id>>6] |= 1 << (id & 63)
	}
	return buf
}

// Scan adds to buf the ids whose names end in text, read from state s, and
// returns the state after it.
func (m *Matcher) Scan(text string, s int32, buf Set) int32 {
	next, out, class, st := m.next, m.out, m.class, m.stride
	for i := 0; i < len(text); {
		var r rune
		c := text[i]
		switch {
		case c < utf8.RuneSelf:
			r = rune(c)
			i++
		case c >= 0xE1 && c <= 0xEC && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80:
			// Three bytes, every second byte valid: most Chinese text.
			r = rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
			i += 3
		default:
			var size int
			r, size = utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && size == 1 {
				r = -1 // not a code point: in no name
			}
			i += size
		}
		var k int32
		if uint(r) < uint(len(class)) {
			k = class[r]
		} else if r >= 0 && len(m.classOf) > 0 {
			k = m.classOf[r]
		}
		s = next[int(s)*st+int(k)]
		if s < 0 {
			s &^= hasOut
			for _, id := range out[s] {
				buf[id>>6] |= 1 << (id & 63)
			}
		}
	}
	return s
}
