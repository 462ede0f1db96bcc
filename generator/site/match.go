package site

// nameMatcher finds which of many names occur in a text in one pass over
// the text (an Aho–Corasick automaton over bytes), so that finding the
// indicators a section mentions costs the length of the section, not the
// length times the number of names.
type nameMatcher struct {
	next  []int32   // next[state<<8|byte]: the state after reading byte
	out   [][]int32 // the ids of the names that end at a state (through its suffixes)
	all   []int32   // ids whose name is empty: found in every text
	words int       // bitset words per result
}

// newNameMatcher builds the automaton for names[i] naming id ids[i].
func newNameMatcher(names []string, ids []int32, maxID int32) *nameMatcher {
	m := &nameMatcher{words: int(maxID)/64 + 1}
	// The trie, with sparse children while building.
	type node struct {
		child map[byte]int32
		out   []int32
	}
	nodes := []node{{}}
	for i, name := range names {
		if name == "" {
			m.all = append(m.all, ids[i])
			continue
		}
		s := int32(0)
		for j := 0; j < len(name); j++ {
			c := name[j]
			if nodes[s].child == nil {
				nodes[s].child = map[byte]int32{}
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
	m.next = make([]int32, len(nodes)<<8)
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
		for c := 0; c < 256; c++ {
			t, ok := nodes[s].child[byte(c)]
			switch {
			case ok:
				if s == 0 {
					fail[t] = 0
				} else {
					fail[t] = m.next[int(f)<<8|c]
				}
				m.next[int(s)<<8|c] = t
				queue = append(queue, t)
			case s == 0:
				m.next[c] = 0
			default:
				m.next[int(s)<<8|c] = m.next[int(f)<<8|c]
			}
		}
	}
	// Mark the transitions into states with outputs, so that the scan looks
	// at out only after them (a second load per byte otherwise).
	for i, t := range m.next {
		if len(m.out[t]) > 0 {
			m.next[i] = t | hasOut
		}
	}
	return m
}

// hasOut marks a transition of nameMatcher.next into a state with outputs.
const hasOut = -1 << 31

// matchSet is the ids found in a text, as a bitset.
type matchSet []uint64

func (m matchSet) has(id int32) bool { return m[id>>6]&(1<<(id&63)) != 0 }

// find returns the set of ids whose names occur in text, reusing buf.
func (m *nameMatcher) find(text string, buf matchSet) matchSet {
	buf = m.start(buf)
	m.scan(text, 0, buf)
	return buf
}

// start returns buf emptied for a new text (holding the ids of empty names).
// A text given in pieces is then scanned a piece at a time, each scan
// starting in the state the one before ended in (0 for the first).
func (m *nameMatcher) start(buf matchSet) matchSet {
	if cap(buf) < m.words {
		buf = make(matchSet, m.words)
	}
	buf = buf[:m.words]
	clear(buf)
	for _, id := range m.all {
		buf[id>>6] |= 1 << (id & 63)
	}
	return buf
}

// scan adds to buf the ids whose names end in text, read from state s, and
// returns the state after it.
func (m *nameMatcher) scan(text string, s int32, buf matchSet) int32 {
	next, out := m.next, m.out
	for i := 0; i < len(text); i++ {
		s = next[int(s)<<8|int(text[i])]
		if s < 0 {
			s &^= hasOut
			for _, id := range out[s] {
				buf[id>>6] |= 1 << (id & 63)
			}
		}
	}
	return s
}
