package importer

import (
	"strconv"
	"strings"

	"qualityportal/generator/content"
)

// Reading table cells into rows.
//
// A flattened table is a stream of cells: the pipe rows of 椒江 (a row per
// line, the category cell omitted on continuation rows, empty cells at the
// end) or one cell per line (三门, 海盐, 瑞安: an empty unit cell simply
// missing, a category printed over two lines, a cell shared by four rows).
// Every row has a few possible shapes; parseRows picks the reading of the
// whole stream with the lowest cost by dynamic programming over (cell,
// category seen). Each position has a bounded number of shapes, so the
// parse is linear in the number of cells.

// Costs of the choices the row parser makes.
const (
	costSkip       = 20 // a cell that fits no row
	costNoCategory = 6  // a first row without a category cell in a table that has the column
	costSplitCat   = 1  // a category printed over two lines (产品 / 质量)
	costNoUnit     = 1  // an omitted unit cell (三门)
	costNoStatus   = 6
	costNoNumber   = 8
)

// maxCols bounds the columns of a table the parser reads; maxGroup the rows
// of one shared cell. Both keep a row's shape small.
const (
	maxCols  = 16
	maxGroup = 12
)

// feat is what a cell can be, computed once per cell.
type feat struct {
	no, label, cat, unit, status, sub, value, first bool
	vcost                                           int8
}

func features(cells []cell) []feat {
	f := make([]feat, len(cells))
	for i, c := range cells {
		t := c.Text
		f[i] = feat{
			no: isNo(t), label: labelOK(t), cat: catOK(t), unit: isUnit(t), status: isStatus(t),
			sub: subOK(t), value: looksValue(t), first: c.First, vcost: int8(valueCost(t)),
		}
	}
	return f
}

// shape is one way of reading a row: the offsets, from the row's first cell,
// of the cells each column takes (-1: not printed).
type shape struct {
	n, cost int
	cat     [2]int8
	at      [maxCols]int8
	group   int8 // >1: the label has this many parts (瑞安), the second one at groupAt
	groupAt int8
	total   bool // the 总计 row of a project table
}

type rowReader struct {
	cols   []column
	kind   string
	f      []feat
	c      []cell
	hasCat bool
	buf    []shape
}

func newShape() shape {
	s := shape{cat: [2]int8{-1, -1}}
	for i := range s.at {
		s.at[i] = -1
	}
	return s
}

// shapes lists the readings of a row starting at cell i.
func (r *rowReader) shapes(i int, catSeen bool) []shape {
	r.buf = r.buf[:0]
	if r.kind == "project" {
		r.projectShapes(i)
	} else {
		r.walk(i, 0, 0, newShape(), 0, catSeen)
	}
	return r.buf
}

func (r *rowReader) has(i, k int) bool { return i+k < len(r.c) }

func (r *rowReader) walk(i, ci, k int, s shape, cost int, catSeen bool) {
	if ci == len(r.cols) {
		s.n, s.cost = k, cost
		r.buf = append(r.buf, s)
		return
	}
	f := func(k int) feat { return r.f[i+k] }
	switch r.cols[ci].Role {
	case roleCat:
		if r.has(i, k) && f(k).cat {
			s1 := s
			s1.cat[0] = int8(k)
			r.walk(i, ci+1, k+1, s1, cost, catSeen)
			if r.has(i, k+1) && f(k+1).cat {
				s1.cat[1] = int8(k + 1)
				r.walk(i, ci+1, k+2, s1, cost+costSplitCat, catSeen)
			}
		}
		c := cost
		if r.hasCat && !catSeen {
			c += costNoCategory
		}
		r.walk(i, ci+1, k, s, c, catSeen)
	case roleNo:
		if r.has(i, k) && f(k).no {
			s1 := s
			s1.at[ci] = int8(k)
			r.walk(i, ci+1, k+1, s1, cost, catSeen)
		}
		r.walk(i, ci+1, k, s, cost+costNoNumber, catSeen)
	case roleLabel:
		if r.has(i, k) && f(k).label {
			s.at[ci] = int8(k)
			r.walk(i, ci+1, k+1, s, cost, catSeen)
			r.group(i, ci, k, s, cost)
		}
	case roleUnit:
		if r.has(i, k) && f(k).unit {
			s1 := s
			s1.at[ci] = int8(k)
			r.walk(i, ci+1, k+1, s1, cost, catSeen)
		}
		r.walk(i, ci+1, k, s, cost+costNoUnit, catSeen)
	case roleStatus:
		if r.has(i, k) && f(k).status {
			s1 := s
			s1.at[ci] = int8(k)
			r.walk(i, ci+1, k+1, s1, cost, catSeen)
		}
		r.walk(i, ci+1, k, s, cost+costNoStatus, catSeen)
	default: // values, notes and columns the importer does not name
		if !r.has(i, k) || f(k).status && r.cols[ci].Role != roleNote {
			return
		}
		s.at[ci] = int8(k)
		r.walk(i, ci+1, k+1, s, cost+int(f(k).vcost), catSeen)
	}
}

// group reads the 瑞安 shared cell: a label, its first part, the unit and
// values, then the other parts alone on their lines
// (主要污染物排放总量 / 化学需氧量 / 万吨 / 完成上级下达任务 / 二氧化硫 / 氮氧化物 / 氨氮).
func (r *rowReader) group(i, li, k int, s shape, cost int) {
	f := func(k int) feat { return r.f[i+k] }
	k++ // the first part
	if !r.has(i, k) || !f(k).sub {
		return
	}
	k++
	for ci := li + 1; ci < len(r.cols); ci++ {
		if !r.has(i, k) {
			return
		}
		switch r.cols[ci].Role {
		case roleUnit:
			if f(k).unit {
				s.at[ci] = int8(k)
				k++
			}
			continue
		case roleStatus:
			if !f(k).status {
				return
			}
		case roleBase, roleTarget, roleActual, roleNote:
			if f(k).status {
				return
			}
		default:
			return
		}
		s.at[ci] = int8(k)
		k++
	}
	s.groupAt = int8(k)
	parts := 1
	for r.has(i, k) && parts < maxGroup && f(k).sub && !f(k).no && !f(k).first {
		parts++
		k++
	}
	if parts < 2 {
		return
	}
	s.group = int8(parts)
	s.n, s.cost = k, cost
	r.buf = append(r.buf, s)
}

// projectShapes: all the cells of a project, or the 总计 row (the word and the sums).
func (r *rowReader) projectShapes(i int) {
	f := func(k int) feat { return r.f[i+k] }
	if t := squeeze(r.c[i].Text); t == "总计" || t == "合计" {
		s := newShape()
		s.total = true
		k := 1
		for ci, col := range r.cols {
			if col.Role != roleTotal && col.Role != rolePlanned {
				continue
			}
			if !r.has(i, k) || !f(k).value {
				break
			}
			s.at[ci] = int8(k)
			k++
			s.n = k
			r.buf = append(r.buf, s)
		}
		return
	}
	if !r.has(i, len(r.cols)-1) {
		return
	}
	s := newShape()
	cost := 0
	for ci, col := range r.cols {
		switch col.Role {
		case roleNo:
			if !f(ci).no {
				return
			}
		case roleName:
			if f(ci).value {
				return
			}
		case roleTotal, rolePlanned:
			cost += int(f(ci).vcost)
		}
		s.at[ci] = int8(ci)
	}
	s.n, s.cost = len(r.cols), cost
	r.buf = append(r.buf, s)
}

// parseRows reads cells into rows of the columns, and returns the cells that
// fit no row.
func parseRows(cols []column, kind string, cells []cell, pipe bool) (rows []content.Row, projects []content.Project, left []cell, stats rowStats) {
	if len(cols) > maxCols {
		return nil, nil, cells, stats
	}
	rr := &rowReader{cols: cols, kind: kind, f: features(cells), c: cells}
	for _, c := range cols {
		if c.Role == roleCat {
			rr.hasCat = true
		}
	}
	n := len(cells)
	const inf = 1 << 60
	type state struct {
		cost int
		prev int32
		ps   int8
		si   int16 // the shape taken, -1 for a skipped cell
	}
	// dp[2*i+s]: the best reading of cells[:i]; s = 1 once a category is set.
	dp := make([]state, 2*(n+1))
	for i := range dp {
		dp[i].cost = inf
	}
	dp[0].cost = 0
	for i := 0; i < n; i++ {
		for s := 0; s < 2; s++ {
			cur := dp[2*i+s]
			if cur.cost >= inf {
				continue
			}
			relax := func(j, ns, cost int, si int16) {
				if j > n || pipe && si >= 0 && j < n && !cells[j].First {
					return // a row of a pipe table is one line
				}
				if c := cur.cost + cost; c < dp[2*j+ns].cost {
					dp[2*j+ns] = state{cost: c, prev: int32(i), ps: int8(s), si: si}
				}
			}
			relax(i+1, s, costSkip, -1)
			if pipe && !cells[i].First {
				continue
			}
			for si, sh := range rr.shapes(i, s == 1) {
				ns := s
				if sh.cat[0] >= 0 {
					ns = 1
				}
				relax(i+sh.n, ns, sh.cost, int16(si))
			}
		}
	}
	end := 2 * n
	if dp[2*n+1].cost < dp[end].cost {
		end = 2*n + 1
	}
	var chain []state
	for k := end; k > 0; {
		st := dp[k]
		chain = append(chain, st)
		k = 2*int(st.prev) + int(st.ps)
	}
	// Rows are large structs: count them first and allocate once.
	count := 0
	for _, st := range chain {
		if st.si >= 0 {
			count += max(1, int(rr.shapes(int(st.prev), st.ps == 1)[st.si].group))
		}
	}
	if kind == "project" {
		projects = make([]content.Project, 0, count)
	} else {
		rows = make([]content.Row, 0, count)
	}
	cat := ""
	for x := len(chain) - 1; x >= 0; x-- {
		st := chain[x]
		i := int(st.prev)
		if st.si < 0 {
			left = append(left, cells[i])
			continue
		}
		sh := rr.shapes(i, st.ps == 1)[st.si]
		if kind == "project" {
			projects = append(projects, rr.project(i, sh))
			continue
		}
		if sh.cat[0] >= 0 {
			cat = squeeze(cells[i+int(sh.cat[0])].Text)
			if sh.cat[1] >= 0 {
				cat += squeeze(cells[i+int(sh.cat[1])].Text)
				stats.SplitCat++
			}
		}
		for ci, col := range cols {
			if col.Role == roleUnit && sh.at[ci] < 0 {
				stats.NoUnit += max(1, int(sh.group))
			}
		}
		if sh.group > 1 {
			stats.Shared++
		}
		for _, row := range rr.rows(i, sh) {
			row.Category = cat
			rows = append(rows, row)
		}
	}
	return rows, projects, left, stats
}

// rowStats counts the irregular rows, for the report.
type rowStats struct {
	NoUnit   int // rows printed without their unit cell
	SplitCat int // categories printed over two lines
	Shared   int // cells shared by several rows
}

// rows builds the rows a shape read at cell i.
func (r *rowReader) rows(i int, s shape) []content.Row {
	var row content.Row
	label := -1
	for ci, col := range r.cols {
		if s.at[ci] < 0 {
			continue
		}
		c := r.c[i+int(s.at[ci])]
		switch col.Role {
		case roleNo:
			row.No = c.Text
		case roleLabel:
			row.Label, row.Line = c.Text, c.Line
			label = i + int(s.at[ci])
		case roleUnit:
			row.Unit = c.Text
		case roleBase:
			row.Baseline = c.Text
		case roleTarget:
			row.Target = c.Text
		case roleActual:
			row.Actual = c.Text
		case roleStatus:
			row.Status = c.Text
		case roleNote:
			row.Note = c.Text
		}
	}
	if s.group < 2 || label < 0 {
		return []content.Row{row}
	}
	parts := []cell{r.c[label+1]}
	for k := 0; k < int(s.group)-1; k++ {
		parts = append(parts, r.c[i+int(s.groupAt)+k])
	}
	var names []string
	for _, p := range parts {
		names = append(names, p.Text)
	}
	var out []content.Row
	for _, p := range parts {
		x := row
		x.Label = groupLabel(row.Label, p.Text)
		x.Line = p.Line
		x.Note = "“" + row.Label + "”一格分" + strconv.Itoa(len(parts)) + "行(" + strings.Join(names, "、") + "),单位与数值只印一次,各行共用。"
		out = append(out, x)
	}
	return out
}

// groupLabel names one part of a shared cell: "主要污染物排放总量 化学需氧量".
func groupLabel(label, part string) string { return label + " " + part }

// project builds the project a shape read at cell i.
func (r *rowReader) project(i int, s shape) content.Project {
	p := content.Project{Line: r.c[i].Line}
	if s.total {
		p.Name = r.c[i].Text
	}
	for ci, col := range r.cols {
		if s.at[ci] < 0 {
			continue
		}
		t := r.c[i+int(s.at[ci])].Text
		switch col.Role {
		case roleNo:
			p.No = t
		case roleName:
			p.Name = t
		case roleNature:
			p.Nature = t
		case roleYears:
			p.Years = t
		case roleContent:
			p.Content = t
		case roleTotal:
			p.Total = t
		case rolePlanned:
			p.Planned = t
		case roleDept:
			p.Departments = t
		}
	}
	return p
}
