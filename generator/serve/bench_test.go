package serve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"qualityportal/generator/site"
	"qualityportal/generator/synth"
)

// Benchmarks of the preview's rebuilds:
//
//	go test -run x -bench . ./generator/serve/
//
// at the bundled 5 plans and 1,000 and 10,000 synthetic plans (generator/synth).
// SERVE_BENCH_PLANS=5,1000 limits the sizes; the full build at 10,000 plans
// takes many minutes and gigabytes and runs only with SERVE_BENCH_FULL10K=1.

func benchSizes(b *testing.B) []int {
	sizes := []int{5, 1000, 10000}
	if v := os.Getenv("SERVE_BENCH_PLANS"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				b.Fatalf("SERVE_BENCH_PLANS: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	return sizes
}

// TestMain removes the benchmarks' site folders (the 10,000-plan one is 370 MB).
func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range benchSites {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// benchSite returns a site folder of n plans: the bundled content for 5, a
// synthetic corpus otherwise (written once per benchmark binary).
var benchSites = map[int]string{}

func benchSite(b *testing.B, n int) string {
	b.Helper()
	if dir, ok := benchSites[n]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("serve-bench-%d-", n))
	if err != nil {
		b.Fatal(err)
	}
	if n == 5 {
		for _, d := range []string{"site.toml", "content", "layouts", "static"} {
			if d == "site.toml" {
				data, err := os.ReadFile(filepath.Join(repoRoot, d))
				if err != nil {
					b.Fatal(err)
				}
				mustWrite(b, filepath.Join(dir, d), string(data))
				continue
			}
			copyTree(b, filepath.Join(repoRoot, d), filepath.Join(dir, d))
		}
	} else {
		start := time.Now()
		if err := synth.Write(dir, synth.Options{Plans: n, Source: repoRoot}); err != nil {
			b.Fatal(err)
		}
		b.Logf("synth: %d plans written in %v", n, time.Since(start).Round(time.Millisecond))
	}
	benchSites[n] = dir
	return dir
}

// graphOf loads the site (without rendering) for what quick builds need.
func graphOf(b *testing.B, dir string) (*graph, []string) {
	b.Helper()
	g, errs := site.Load(os.DirFS(dir))
	if len(errs) > 0 {
		b.Fatalf("%v", errs[:min(len(errs), 5)])
	}
	var slugs []string
	for _, p := range g.Site.Plans {
		slugs = append(slugs, p.Slug)
	}
	return newGraph(g.Site), slugs
}

// editPlan changes the text of a plan's first paragraph (a typical edit).
func editPlan(b *testing.B, dir, slug string, i int) {
	b.Helper()
	p := filepath.Join(dir, "content", "plans", slug, "plan.md")
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	s := string(data)
	const mark = "\n\n<!-- edit -->"
	if k := strings.Index(s, mark); k >= 0 {
		s = s[:k]
	}
	s = strings.TrimRight(s, "\n") + "\n\n本段为第" + strconv.Itoa(i) + "次修改。" + mark + "\n"
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		b.Fatal(err)
	}
}

// cpuTime is the CPU time (user + system) of the process so far: unlike the
// wall clock, it does not count the time other processes had the CPU.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / (1 << 20)
}

// BenchmarkQuick: edit one plan, render its page (what the browser shows
// first). Reports ms per edit and the heap after 200 edits.
func BenchmarkQuick(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			dir := benchSite(b, n)
			gr, slugs := graphOf(b, dir)
			slug := slugs[len(slugs)/2]
			quick := func(i int) {
				editPlan(b, dir, slug, i)
				files, err := quickBuild(dir, gr, []string{slug})
				if err != nil || len(files) == 0 {
					b.Fatalf("quick build: %d files, %v", len(files), err)
				}
			}
			quick(0)
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				quick(i + 1)
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/edit")
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/edit")
			// Soak: 200 edits; the heap must not grow with them.
			h0 := heapMB()
			for i := 0; i < 200; i++ {
				quick(1000 + i)
			}
			h1 := heapMB()
			b.ReportMetric(h0, "heapMB-before-200")
			b.ReportMetric(h1, "heapMB-after-200")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkFull: edit one plan, load and render the whole site (what makes
// every other page consistent). Reports ms per edit.
func BenchmarkFull(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			if n >= 10000 && os.Getenv("SERVE_BENCH_FULL10K") != "1" {
				b.Skip("full build at 10,000 plans: set SERVE_BENCH_FULL10K=1 (many minutes, several GB)")
			}
			dir := benchSite(b, n)
			_, slugs := graphOf(b, dir)
			slug := slugs[len(slugs)/2]
			var files []site.File
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				editPlan(b, dir, slug, i)
				var err error
				files, _, err = fullBuild(os.DirFS(dir), 0)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			var bytes int
			for _, f := range files {
				bytes += len(f.Data)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/edit")
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/edit")
			b.ReportMetric(float64(len(files)), "files")
			b.ReportMetric(float64(bytes)/(1<<20), "outputMB")
			b.ReportMetric(heapMB(), "heapMB")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkUpdate: edit one plan's text, then the incremental build that
// brings the whole site up to date: first the pages and downloads the plan
// reaches (updatePages, served as soon as it ends), then the search index
// (updateSearch). Reports ms per edit for each and both, the files that
// changed per edit and, unless SERVE_BENCH_SOAK=0, the heap before and after
// 200 more edits.
func BenchmarkUpdate(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			dir := benchSite(b, n)
			files, g, _, err := fullBuildGen(os.DirFS(dir), 0, true)
			if err != nil {
				b.Fatal(err)
			}
			base := make(map[string][]byte, len(files))
			for _, f := range files {
				base[f.Path] = f.Data
			}
			files = nil
			slug := g.Site.Plans[len(g.Site.Plans)/2].Slug
			var pages, index time.Duration
			changed := 0
			update := func(i int) {
				editPlan(b, dir, slug, i)
				start := time.Now()
				next, ng, _, err := updatePages(os.DirFS(dir), g, base, []string{slug})
				if err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				if next, err = updateSearch(ng, next); err != nil {
					b.Fatal(err)
				}
				pages += mid.Sub(start)
				index += time.Since(mid)
				changed = 0
				for p, data := range next {
					if old, ok := base[p]; !ok || !sameBytes(old, data) {
						changed++
					}
				}
				base, g = next, ng
			}
			update(0)
			pages, index = 0, 0
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				update(i + 1)
			}
			b.StopTimer()
			perEdit := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
			b.ReportMetric(perEdit(pages), "ms/edit-pages")
			b.ReportMetric(perEdit(index), "ms/edit-search")
			b.ReportMetric(perEdit(pages+index), "ms/edit")
			b.ReportMetric(perEdit(cpuTime()-cpu), "cpu-ms/edit")
			b.ReportMetric(float64(changed), "files-changed/edit")
			b.ReportMetric(float64(len(base)), "files")
			if os.Getenv("SERVE_BENCH_SOAK") != "0" {
				h0 := heapMB()
				for i := 0; i < 200; i++ {
					update(1000 + i)
				}
				h1 := heapMB()
				runtime.KeepAlive(base) // the served site counts in both
				runtime.KeepAlive(g)
				b.ReportMetric(h0, "heapMB-before-200")
				b.ReportMetric(h1, "heapMB-after-200")
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkServe: the preview as staff use it. A server watches the site;
// each edit of a plan is timed from the write to the moment the changed page
// is served (fsnotify, the 100 ms debounce and the quick build included).
// Also timed: from the write to every other page the plan reaches (the
// update) and to the search index after it. Then 200 more edits; the heap
// once the last build has settled is compared with the heap after the first.
func BenchmarkServe(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			if n >= 10000 && os.Getenv("SERVE_BENCH_FULL10K") != "1" {
				b.Skip("the server's full builds at 10,000 plans: set SERVE_BENCH_FULL10K=1")
			}
			dir := benchSite(b, n)
			_, slugs := graphOf(b, dir)
			slug := slugs[len(slugs)/2]
			page := "plans/" + slug + "/index.html"
			served := make(chan Status, 1024)
			s, err := New(Options{Dir: dir, Port: 0, OnBuild: func(st Status) {
				select {
				case served <- st:
				default:
				}
			}})
			if err != nil {
				b.Fatal(err)
			}
			if err := s.Listen(); err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Run(ctx) }()
			defer func() { cancel(); <-done }()
			wait := func(what string, ok func(Status) bool) {
				timeout := time.After(30 * time.Minute)
				for {
					select {
					case st := <-served:
						if ok(st) {
							return
						}
					case <-timeout:
						b.Fatalf("timed out waiting for %s", what)
					}
				}
			}
			settled := func(st Status) bool { return (st.Phase == "full" || st.Phase == "update") && !st.Building }
			wait("the first build", settled)
			edit := func(i int) time.Duration {
				start := time.Now()
				editPlan(b, dir, slug, i)
				wait("the edited page", func(st Status) bool { return contains(st.Changed, page) || st.All })
				return time.Since(start)
			}
			edit(0)
			wait("a settled build", settled)
			h0 := heapMB()
			var total time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				total += edit(i + 1)
			}
			b.StopTimer()
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/edit-to-served")
			// Then the whole site: from the write to the update of every page
			// the plan reaches, and to the search index that follows it.
			var toPages, toAll time.Duration
			const settles = 5
			wait("a settled build", settled)
			for i := 0; i < settles; i++ {
				start := time.Now()
				editPlan(b, dir, slug, 500+i)
				wait("the update", func(st Status) bool { return st.Phase == "update" || st.Phase == "full" })
				toPages += time.Since(start)
				wait("a settled build", settled)
				toAll += time.Since(start)
			}
			b.ReportMetric(float64(toPages.Microseconds())/1000/settles, "ms/edit-to-all-pages")
			b.ReportMetric(float64(toAll.Microseconds())/1000/settles, "ms/edit-to-search-index")
			for i := 0; i < 200; i++ {
				edit(1000 + i)
			}
			wait("a settled build", settled)
			b.ReportMetric(h0, "heapMB-after-1")
			b.ReportMetric(heapMB(), "heapMB-after-200")
			b.ReportMetric(0, "ns/op")
		})
	}
}
