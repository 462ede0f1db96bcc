package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"qualityportal/generator/site"
)

// live is a server running on a temporary site.
type live struct {
	t      *testing.T
	dir    string
	c      *corpus
	s      *Server
	url    string
	mu     sync.Mutex
	seen   []Status
	wake   chan struct{}
	cancel context.CancelFunc
	done   chan error
}

func startLive(t *testing.T, n int, opts Options) *live {
	t.Helper()
	dir := t.TempDir()
	l := &live{t: t, dir: dir, wake: make(chan struct{}, 1)}
	l.c = writeSite(t, dir, n)
	opts.Dir, opts.Port = dir, 0
	opts.OnBuild = func(st Status) {
		l.mu.Lock()
		l.seen = append(l.seen, st)
		l.mu.Unlock()
		select {
		case l.wake <- struct{}{}:
		default:
		}
	}
	if testing.Verbose() {
		opts.Log = testLog{t}
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	l.s, l.url = s, s.URL()
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel, l.done = cancel, make(chan error, 1)
	go func() { l.done <- s.Run(ctx) }()
	t.Cleanup(l.stop)
	l.settle(0)
	return l
}

type testLog struct{ t *testing.T }

func (w testLog) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// stop cancels Run and checks that it returns promptly.
func (l *live) stop() {
	if l.cancel == nil {
		return
	}
	l.cancel()
	l.cancel = nil
	select {
	case err := <-l.done:
		if err != nil {
			l.t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		l.t.Errorf("Run did not return after cancel")
	}
}

// builds returns the number of build attempts so far.
func (l *live) builds() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.seen)
}

// waitFor waits for a status after the first `after` ones that satisfies ok.
func (l *live) waitFor(after int, what string, ok func(Status) bool) Status {
	l.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		l.mu.Lock()
		for _, st := range l.seen[min(after, len(l.seen)):] {
			if ok(st) {
				l.mu.Unlock()
				return st
			}
		}
		l.mu.Unlock()
		select {
		case <-l.wake:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			l.t.Fatalf("timed out waiting for %s; statuses: %+v", what, l.seen[min(after, len(l.seen)):])
		}
	}
}

// settle waits until a full (or incremental) build after the first `after` attempts has
// finished with no other one due.
func (l *live) settle(after int) Status {
	l.t.Helper()
	return l.waitFor(after, "a settled full build", func(st Status) bool { return (st.Phase == "full" || st.Phase == "update") && !st.Building })
}

func (l *live) get(p string) (int, string) {
	l.t.Helper()
	resp, err := http.Get(l.url + p)
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (l *live) write(rel, data string) {
	l.t.Helper()
	mustWrite(l.t, filepath.Join(l.dir, filepath.FromSlash(rel)), data)
}

func (l *live) read(rel string) string {
	l.t.Helper()
	b, err := os.ReadFile(filepath.Join(l.dir, filepath.FromSlash(rel)))
	if err != nil {
		l.t.Fatal(err)
	}
	return string(b)
}

// replace edits a file of the site.
func (l *live) replace(rel, old, new string) {
	l.t.Helper()
	s := l.read(rel)
	if !strings.Contains(s, old) {
		l.t.Fatalf("%s does not contain %q", rel, old)
	}
	l.write(rel, strings.Replace(s, old, new, 1))
}

// matchesFullBuild checks that the served site is byte-identical to a full
// build of the folder, the reload script included.
func (l *live) matchesFullBuild() {
	l.t.Helper()
	g, errs := site.Load(os.DirFS(l.dir))
	if len(errs) > 0 {
		l.t.Fatalf("full build: %v", errs)
	}
	g.Opts.Dev = true
	files, err := g.Render()
	if err != nil {
		l.t.Fatal(err)
	}
	served := l.s.snap.Load().files
	if len(served) != len(files) {
		l.t.Errorf("served %d files, a full build has %d", len(served), len(files))
	}
	bad := 0
	for _, f := range files {
		if got, ok := served[f.Path]; !ok || string(got) != string(f.Data) {
			if bad++; bad <= 5 {
				l.t.Errorf("served %s differs from the full build (present: %v)", f.Path, ok)
			}
		}
	}
}

func planPage(slug string) string { return "/plans/" + slug + "/index.html" }

func TestWatchEditBreakFix(t *testing.T) {
	for _, tc := range []struct {
		name string
		full bool
	}{{"quick and full builds", false}, {"full builds only", true}} {
		t.Run(tc.name, func(t *testing.T) {
			l := startLive(t, 3, Options{Full: tc.full})
			slug := l.c.planSlug(1)
			md := "content/plans/" + slug + "/plan.md"
			if code, body := l.get(planPage(slug)); code != 200 || !strings.Contains(body, "修订0") || !strings.Contains(body, "_serve/reload.js") {
				t.Fatalf("plan page: %d, %.200q", code, body)
			}

			// Edit: the new text is served.
			n := l.builds()
			l.replace(md, "修订0", "修订1")
			if !tc.full {
				st := l.waitFor(n, "a quick build", func(st Status) bool { return st.Phase == "quick" })
				if !st.OK || !contains(st.Changed, "plans/"+slug+"/index.html") {
					t.Errorf("quick build status %+v", st)
				}
			}
			l.settle(n)
			if _, body := l.get(planPage(slug)); !strings.Contains(body, "修订1") {
				t.Errorf("edit not served")
			}
			l.matchesFullBuild()

			// Break: bad TOML in the front matter. The old page stays, the error is reported.
			n = l.builds()
			l.replace(md, "stage = ", "stage == ")
			st := l.waitFor(n, "the error", func(st Status) bool { return !st.OK })
			if len(st.Problems) == 0 || !strings.HasPrefix(st.Problems[0].Text, md+":4: ") || st.Problems[0].Line != 4 {
				t.Errorf("problems %+v", st.Problems)
			}
			st = l.settle(n)
			if st.OK {
				t.Errorf("the full build after the error is OK: %+v", st)
			}
			if code, body := l.get(planPage(slug)); code != 200 || !strings.Contains(body, "修订1") {
				t.Errorf("last good page not served: %d", code)
			}
			if _, body := l.get("/_serve/status"); !strings.Contains(body, md+":4: ") {
				t.Errorf("status without the problem: %s", body)
			}

			// Break the body as well, then fix everything: recovery without restart.
			n = l.builds()
			l.replace(md, "stage == ", "stage = ")
			l.replace(md, "修订1", "修订2")
			st = l.settle(n)
			if !st.OK || len(st.Problems) != 0 {
				t.Errorf("not recovered: %+v", st)
			}
			if _, body := l.get(planPage(slug)); !strings.Contains(body, "修订2") {
				t.Errorf("fix not served")
			}
			l.matchesFullBuild()
		})
	}
}

func TestWatchCrossReferenceError(t *testing.T) {
	l := startLive(t, 3, Options{})
	slug := l.c.planSlug(0)
	data := "content/plans/" + slug + "/data.toml"
	n := l.builds()
	l.replace(data, `indicator = "`, `indicator = "no-such-`)
	st := l.settle(n)
	if st.OK || !strings.Contains(st.Problems[0].Text, data+":") || !strings.Contains(st.Problems[0].Text, "unknown indicator") {
		t.Errorf("problems %+v", st.Problems)
	}
	if code, _ := l.get(planPage(slug)); code != 200 {
		t.Errorf("last good page not served")
	}
	n = l.builds()
	l.replace(data, `indicator = "no-such-`, `indicator = "`)
	if st := l.settle(n); !st.OK {
		t.Errorf("not recovered: %+v", st)
	}
	l.matchesFullBuild()
}

func TestWatchStructure(t *testing.T) {
	l := startLive(t, 4, Options{})
	plans := filepath.Join(l.dir, "content", "plans")

	t.Run("delete a plan", func(t *testing.T) {
		slug := l.c.planSlug(3)
		n := l.builds()
		if err := os.RemoveAll(filepath.Join(plans, slug)); err != nil {
			t.Fatal(err)
		}
		l.settle(n)
		if code, _ := l.get(planPage(slug)); code != 404 {
			t.Errorf("deleted plan: status %d", code)
		}
		l.matchesFullBuild()
	})

	t.Run("delete a file", func(t *testing.T) {
		slug := l.c.planSlug(2)
		n := l.builds()
		// A plan without data.toml is valid only without tables: the error shows.
		os.Remove(filepath.Join(plans, slug, "data.toml"))
		st := l.settle(n)
		if st.OK || !strings.Contains(st.Problems[0].Text, "unknown table") {
			t.Errorf("status %+v", st)
		}
		n = l.builds()
		writePlan(t, l.dir, l.c, 2, 0)
		if st := l.settle(n); !st.OK {
			t.Errorf("not recovered: %+v", st)
		}
	})

	t.Run("rename a plan folder", func(t *testing.T) {
		old := l.c.planSlug(1)
		n := l.builds()
		if err := os.Rename(filepath.Join(plans, old), filepath.Join(plans, "renamed-plan")); err != nil {
			t.Fatal(err)
		}
		l.settle(n)
		if code, _ := l.get(planPage(old)); code != 404 {
			t.Errorf("old name: %d", code)
		}
		if code, _ := l.get(planPage("renamed-plan")); code != 200 {
			t.Errorf("new name: %d", code)
		}
		// The renamed folder is watched under its new name.
		n = l.builds()
		l.replace("content/plans/renamed-plan/plan.md", "修订0", "改名后修订")
		l.settle(n)
		if _, body := l.get(planPage("renamed-plan")); !strings.Contains(body, "改名后修订") {
			t.Errorf("edit in the renamed folder not served")
		}
		l.matchesFullBuild()
	})

	t.Run("rename a file", func(t *testing.T) {
		slug := l.c.planSlug(0)
		n := l.builds()
		os.Rename(filepath.Join(plans, slug, "plan.md"), filepath.Join(plans, slug, "plan.md.bak"))
		st := l.settle(n)
		if st.OK {
			t.Errorf("a plan folder without plan.md built: %+v", st)
		}
		n = l.builds()
		os.Rename(filepath.Join(plans, slug, "plan.md.bak"), filepath.Join(plans, slug, "plan.md"))
		if st := l.settle(n); !st.OK {
			t.Errorf("not recovered: %+v", st)
		}
	})

	t.Run("add a plan in a new folder", func(t *testing.T) {
		c := newCorpus(4)
		md, data := planFiles(c, 3, 5)
		n := l.builds()
		dir := filepath.Join(plans, "added-plan")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		// Files written just after the folder: the folder is watched by then or read by the build.
		mustWrite(t, filepath.Join(dir, "plan.md"), md)
		mustWrite(t, filepath.Join(dir, "data.toml"), data)
		l.waitFor(n, "the new plan", func(st Status) bool { return contains(st.Changed, "plans/added-plan/index.html") })
		l.settle(n)
		// Edits inside the new folder are seen.
		n = l.builds()
		l.replace("content/plans/added-plan/plan.md", "修订5", "修订6")
		l.settle(n)
		if _, body := l.get(planPage("added-plan")); !strings.Contains(body, "修订6") {
			t.Errorf("edit in the new folder not served")
		}
		l.matchesFullBuild()
	})

	t.Run("new nested static folder", func(t *testing.T) {
		n := l.builds()
		l.write("static/img/new/deep/mark.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
		l.settle(n)
		n = l.builds()
		l.write("static/img/new/deep/mark.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>v2</title></svg>")
		l.settle(n)
		resp, err := http.Get(l.url + "img/new/deep/mark.svg")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), "v2") || resp.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("%s %q", resp.Header.Get("Content-Type"), b)
		}
	})

	t.Run("output folder removed by hand", func(t *testing.T) {
		out := filepath.Join(l.dir, "public")
		mustWrite(t, filepath.Join(out, "index.html"), "old build")
		if err := os.RemoveAll(out); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		if code, body := l.get("/"); code != 200 || strings.Contains(body, "old build") {
			t.Errorf("home: %d", code)
		}
	})
}

func TestWatchLayoutError(t *testing.T) {
	l := startLive(t, 2, Options{})
	n := l.builds()
	l.replace("layouts/plan.html", `{{define "main"}}`, `{{define "main"}}{{if}}`)
	st := l.settle(n)
	if st.OK || !hasProblem(st, "layouts/plan.html:2: missing value for if") {
		t.Errorf("problems %+v", st.Problems)
	}
	if code, body := l.get(planPage(l.c.planSlug(0))); code != 200 || !strings.Contains(body, "修订0") {
		t.Errorf("last good page not served: %d", code)
	}
	// A plan edit while the layout is broken: no quick build from a broken
	// layout; the error stays.
	n = l.builds()
	l.replace("content/plans/"+l.c.planSlug(0)+"/plan.md", "修订0", "修订1")
	if st := l.settle(n); st.OK {
		t.Errorf("OK with a broken layout: %+v", st)
	}
	// An error while rendering (not parsing) a template.
	n = l.builds()
	l.replace("layouts/plan.html", `{{define "main"}}{{if}}`, `{{define "main"}}{{.NoSuchField}}`)
	st = l.settle(n)
	if st.OK || !hasProblem(st, "layouts/plan.html:2:") {
		t.Errorf("problems %+v", st.Problems)
	}
	n = l.builds()
	l.replace("layouts/plan.html", `{{define "main"}}{{.NoSuchField}}`, `{{define "main"}}`)
	if st := l.settle(n); !st.OK {
		t.Errorf("not recovered: %+v", st)
	}
	if _, body := l.get(planPage(l.c.planSlug(0))); !strings.Contains(body, "修订1") {
		t.Errorf("edit made while broken not served")
	}
	l.matchesFullBuild()
}

func TestWatchBurst(t *testing.T) {
	l := startLive(t, 3, Options{})
	slug := l.c.planSlug(0)
	n := l.builds()
	for i := 1; i <= 100; i++ {
		md, data := planFiles(l.c, 0, i)
		l.write("content/plans/"+slug+"/plan.md", md)
		l.write("content/plans/"+slug+"/data.toml", data)
		time.Sleep(2 * time.Millisecond)
	}
	// The last events may still be on their way: settled is when the last
	// save is served and no build has been running or due for a while.
	l.settle(n)
	deadline := time.Now().Add(30 * time.Second)
	for {
		m := l.builds()
		l.mu.Lock()
		last := l.seen[m-1]
		l.mu.Unlock()
		_, body := l.get(planPage(slug))
		if strings.Contains(body, "修订100") && last.OK && !last.Building {
			time.Sleep(300 * time.Millisecond)
			if l.builds() == m {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the burst did not settle: %+v", last)
		}
		time.Sleep(50 * time.Millisecond)
	}
	builds := l.builds() - n
	t.Logf("100 saves → %d build attempts", builds)
	if builds > 6 {
		t.Errorf("100 saves in a burst gave %d builds", builds)
	}
	if _, body := l.get(planPage(slug)); !strings.Contains(body, "修订100") {
		t.Errorf("last save not served")
	}
	l.matchesFullBuild()
}

func TestWatchSiteToml(t *testing.T) {
	l := startLive(t, 2, Options{})
	n := l.builds()
	l.replace("site.toml", `title = "测试门户"`, `title = "改名的门户"`)
	l.settle(n)
	if _, body := l.get("/"); !strings.Contains(body, "改名的门户") {
		t.Errorf("site.toml change not served")
	}
	n = l.builds()
	l.replace("site.toml", `title = "改名的门户"`, `title = `)
	if st := l.settle(n); st.OK || st.Problems[0].File != "site.toml" {
		t.Errorf("status %+v", st)
	}
	n = l.builds()
	l.replace("site.toml", `title = `, `title = "又改名的门户"`)
	if st := l.settle(n); !st.OK {
		t.Errorf("not recovered: %+v", st)
	}
	l.matchesFullBuild()
}

// Quick builds give the plan's files exactly as the full build does.
// editCase is a change to a plan of a writeSite site, made in order.
type editCase struct {
	name  string
	edit  func()
	slugs []string
}

// editCases are the changes the quick and update builds are checked with,
// one after the other on the same site folder.
func editCases(t *testing.T, dir string, c *corpus) []editCase {
	a, b := c.planSlug(2), c.planSlug(5)
	amd := "content/plans/" + a + "/plan.md"
	return []editCase{
		{"body text", func() { replaceIn(t, dir, amd, "修订0", "正文修改") }, []string{a}},
		{"title", func() { replaceIn(t, dir, amd, "质量发展", "质量强县") }, []string{a}},
		{"table value", func() { writePlanData(t, dir, c, 2, 7) }, []string{a}},
		{"region", func() {
			replaceIn(t, dir, amd, `region = "`+c.regions[2%len(c.regions)]+`"`, `region = "`+c.regions[(2+1)%len(c.regions)]+`"`)
		}, []string{a}},
		{"basis added", func() { replaceIn(t, dir, amd, "basis = []", `basis = ["`+b+`"]`) }, []string{a}},
		{"cited plan retitled", func() { replaceIn(t, dir, "content/plans/"+b+"/plan.md", "质量发展", "质量提升") }, []string{b}},
		{"two plans", func() {
			replaceIn(t, dir, amd, "正文修改", "再次修改")
			writePlan(t, dir, c, 9, 3)
		}, []string{a, c.planSlug(9)}},
		{"new plan", func() {
			md, data := planFiles(c, 4, 1)
			mustWrite(t, filepath.Join(dir, "content/plans/new-plan/plan.md"), strings.Replace(md, "basis = []", `basis = ["`+a+`"]`, 1))
			mustWrite(t, filepath.Join(dir, "content/plans/new-plan/data.toml"), data)
		}, []string{"new-plan"}},
	}
}

func TestQuickMatchesFull(t *testing.T) {
	dir := t.TempDir()
	c := writeSite(t, dir, 12)
	full := func() map[string][]byte {
		files, _, err := fullBuild(os.DirFS(dir), 0)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]byte{}
		for _, f := range files {
			m[f.Path] = f.Data
		}
		return m
	}
	_, gr, err := fullBuild(os.DirFS(dir), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range editCases(t, dir, c) {
		t.Run(tc.name, func(t *testing.T) {
			tc.edit()
			files, err := quickBuild(dir, gr, tc.slugs)
			if err != nil {
				t.Fatal(err)
			}
			want := full()
			if len(files) == 0 {
				t.Fatal("no files")
			}
			for _, f := range files {
				if string(want[f.Path]) != string(f.Data) {
					t.Errorf("%s differs from the full build", f.Path)
				}
			}
			for p := range want {
				for _, s := range tc.slugs {
					if strings.HasPrefix(p, "plans/"+s+"/") && !hasFile(files, p) {
						t.Errorf("quick build lacks %s", p)
					}
				}
			}
			_, gr, _ = fullBuild(os.DirFS(dir), 0) // the next edit starts from this one
		})
	}
}

// Incremental builds, one after the other, give the whole site exactly as a
// full build does.
func TestUpdateMatchesFull(t *testing.T) {
	dir := t.TempDir()
	c := writeSite(t, dir, 12)
	files, g, _, err := fullBuildGen(os.DirFS(dir), 0, true)
	if err != nil {
		t.Fatal(err)
	}
	base := map[string][]byte{}
	for _, f := range files {
		base[f.Path] = f.Data
	}
	cases := append(editCases(t, dir, c), editCase{"plan removed", func() {
		if err := os.RemoveAll(filepath.Join(dir, "content/plans/new-plan")); err != nil {
			t.Fatal(err)
		}
	}, []string{"new-plan"}})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.edit()
			next, ng, _, err := updateBuild(os.DirFS(dir), g, base, tc.slugs)
			if err != nil {
				t.Fatal(err)
			}
			want, _, err := fullBuild(os.DirFS(dir), 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(next) != len(want) {
				t.Errorf("update has %d files; the full build %d", len(next), len(want))
			}
			for _, f := range want {
				if got, ok := next[f.Path]; !ok {
					t.Errorf("update lacks %s", f.Path)
				} else if string(got) != string(f.Data) {
					t.Errorf("%s differs from the full build", f.Path)
				}
			}
			base, g = next, ng // the next edit starts from this one
		})
	}
}

func hasFile(files []site.File, p string) bool {
	for _, f := range files {
		if f.Path == p {
			return true
		}
	}
	return false
}

func replaceIn(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", rel, old)
	}
	mustWrite(t, p, strings.Replace(string(b), old, new, 1))
}

func writePlanData(t *testing.T, dir string, c *corpus, i, edit int) {
	_, data := planFiles(c, i, edit)
	mustWrite(t, filepath.Join(dir, "content/plans", c.planSlug(i), "data.toml"), data)
}

// hasProblem reports whether a problem's text starts with prefix.
func hasProblem(st Status, prefix string) bool {
	for _, p := range st.Problems {
		if strings.HasPrefix(p.Text, prefix) {
			return true
		}
	}
	return false
}

func contains(a []string, s string) bool {
	for _, x := range a {
		if x == s {
			return true
		}
	}
	return false
}

func TestFilterBlocks(t *testing.T) {
	src := "# registry\n\n[[region]]\nslug = \"a\"\nname = \"A\"\n\n[[region]]\nname = \"B\"\nslug = \"b\"\n\n[[region]]\nslug = \"c\"\n"
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "r.toml"), src)
	for _, tc := range []struct {
		keep []string
		want string
	}{
		{[]string{"b"}, "# registry\n\n[[region]]\nname = \"B\"\nslug = \"b\"\n\n"},
		{[]string{"a", "c"}, "# registry\n\n[[region]]\nslug = \"a\"\nname = \"A\"\n\n[[region]]\nslug = \"c\"\n"},
		{nil, "# registry\n\n"},
	} {
		t.Run(fmt.Sprint(tc.keep), func(t *testing.T) {
			keep := map[string]bool{}
			for _, k := range tc.keep {
				keep[k] = true
			}
			got, err := filterBlocks(os.DirFS(dir), "r.toml", "[[region]]", "slug", keep)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	// A block whose key is not a plain string: the whole file.
	mustWrite(t, filepath.Join(dir, "odd.toml"), "[[region]]\nslug = 'a'\n")
	if got, _ := filterBlocks(os.DirFS(dir), "odd.toml", "[[region]]", "slug", nil); string(got) != "[[region]]\nslug = 'a'\n" {
		t.Errorf("got %q", got)
	}
}
