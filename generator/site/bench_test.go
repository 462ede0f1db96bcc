package site

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"qualityportal/generator/synth"
)

// BenchmarkBuild measures a full build (Load + Build) of synthetic corpora of
// 1,000 and 10,000 plans (generator/synth, seed 1):
//
//	go test -run '^$' -bench Build -benchtime 1x ./generator/site/
//
// Each corpus is written once per run into a temporary folder, or kept in
// $QP_BENCH_CORPUS (one sub-folder per size) when that is set. QP_BENCH_PLANS
// ("1000,10000" by default) picks the sizes. Reported: pages, seconds,
// pages/s, peak-RSS-MB (the process's VmHWM, reset before each build, so it is
// the peak of the build itself) and peak-heap-MB (Go heap in use, sampled).
// QP_BENCH_CPU_BY_KIND=1 logs the CPU time by output kind too
// (Options.CPUByKind, which makes the build slower). QP_BENCH_NO_SEARCH=1
// builds without the search index: scripts/searchcost.sh runs the benchmark
// with and without it, in turns, and prints what the index adds.
//
// tail-seconds and tail-cpu-seconds are the build's time from the moment the
// first render worker runs out of pages and would start the search index to
// its end: the index and the last pages beside it, or the last pages alone.
// Up to that moment the two builds differ only by the plans' text put aside
// for the index, so the tails' difference is what the index adds after it,
// without the drift of the machine's speed over the rest of the build.
func BenchmarkBuild(b *testing.B) {
	sizes := []int{1000, 10000}
	if s := os.Getenv("QP_BENCH_PLANS"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				b.Fatalf("QP_BENCH_PLANS: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	// The CPU time by output kind pins the workers to their threads, which
	// slows the build: only on request.
	byKind := os.Getenv("QP_BENCH_CPU_BY_KIND") != ""
	skipSearch = os.Getenv("QP_BENCH_NO_SEARCH") != ""
	defer func() { skipSearch = false }()
	for _, n := range sizes {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			dir := benchCorpus(b, n)
			out := filepath.Join(b.TempDir(), "public")
			var res Result
			var secs float64
			var peakRSS, peakHeap uint64
			var loadSecs, cpuSecs, loadCPU float64
			var peakPages uint64
			var tailSecs, tailCPU float64 // from the search's start (see beforeSearch) to the end
			for b.Loop() {
				os.RemoveAll(out)
				runtime.GC()
				resetPeakRSS()
				stop, peek := sampleHeap()
				var searchAt time.Time
				var searchCPU time.Duration
				beforeSearch = func() { peakPages, searchAt, searchCPU = peek(), time.Now(), processCPU() }
				start, cpu0 := time.Now(), processCPU()
				g, errs := LoadOnce(os.DirFS(dir)) // as the build command does
				if errs != nil {
					b.Fatalf("load: %v", errs)
				}
				g.Opts.CPUByKind = byKind
				loadSecs, loadCPU = time.Since(start).Seconds(), (processCPU() - cpu0).Seconds()
				var err error
				res, err = g.Build(out)
				if err != nil {
					b.Fatal(err)
				}
				secs, cpuSecs = time.Since(start).Seconds(), (processCPU() - cpu0).Seconds()
				tailSecs, tailCPU = time.Since(searchAt).Seconds(), (processCPU() - searchCPU).Seconds()
				peakHeap = stop()
				beforeSearch = nil
				peakRSS = vmHWM()
			}
			b.Logf("load (content and templates): %.2fs, %.2f CPU seconds", loadSecs, loadCPU)
			b.Logf("time by output kind (summed over workers): %s", workSummary(res.Work))
			if byKind {
				b.Logf("CPU time by output kind (render workers; write: the writers): %s", workSummary(res.CPU))
			}
			b.Logf("peak Go heap before the search index: %.0f MB", float64(peakPages)/(1<<20))
			b.ReportMetric(float64(res.Pages), "pages")
			b.ReportMetric(float64(res.Files), "files")
			b.ReportMetric(secs, "seconds")
			b.ReportMetric(cpuSecs, "cpu-seconds")
			b.ReportMetric(tailSecs, "tail-seconds")
			b.ReportMetric(tailCPU, "tail-cpu-seconds")
			b.ReportMetric(float64(res.Pages)/secs, "pages/s")
			b.ReportMetric(float64(peakRSS)/(1<<20), "peak-RSS-MB")
			b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
			b.Logf("%d plans: %d pages, %d files (%.0f MB) in %.2fs = %.0f pages/s, peak RSS %.0f MB, peak heap %.0f MB (GOMAXPROCS %d)",
				n, res.Pages, res.Files, float64(res.Bytes)/1e6, secs, float64(res.Pages)/secs,
				float64(peakRSS)/(1<<20), float64(peakHeap)/(1<<20), runtime.GOMAXPROCS(0))
		})
	}
}

// workSummary lists Result.Work, largest first.
func workSummary(work map[string]time.Duration) string {
	kinds := make([]string, 0, len(work))
	for k := range work {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return work[kinds[i]] > work[kinds[j]] })
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %.1fs", k, work[k].Seconds()))
	}
	return strings.Join(parts, ", ")
}

var corpusTmp struct {
	once sync.Once
	dir  string
	err  error
}

// benchCorpus returns the folder of an n-plan synthetic site, writing it if needed.
func benchCorpus(b *testing.B, n int) string {
	b.Helper()
	root := os.Getenv("QP_BENCH_CORPUS")
	if root == "" {
		corpusTmp.once.Do(func() { corpusTmp.dir, corpusTmp.err = os.MkdirTemp("", "qp-bench-") })
		if corpusTmp.err != nil {
			b.Fatal(corpusTmp.err)
		}
		root = corpusTmp.dir
		b.Cleanup(func() {
			os.RemoveAll(filepath.Join(root, strconv.Itoa(n)))
			os.Remove(root) // once empty; a later size makes it again
		})
	}
	dir := filepath.Join(root, strconv.Itoa(n))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		// A kept corpus renders with the current templates and settings.
		if err := synth.CopySite(dir, "../.."); err != nil {
			b.Fatal(err)
		}
		return dir
	}
	os.RemoveAll(dir)
	start := time.Now()
	if err := synth.Write(dir, synth.Options{Plans: n, Seed: 1, Source: "../.."}); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	b.Logf("wrote the %d-plan corpus to %s in %.1fs", n, dir, time.Since(start).Seconds())
	return dir
}

// resetPeakRSS resets the kernel's peak-RSS counter of this process (Linux).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// vmHWM returns the peak resident set size of this process in bytes, 0 if unknown.
func vmHWM() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// heapInUse is runtime.MemStats.HeapInuse read through runtime/metrics:
// ReadMemStats stops the world, and sampled every 20 ms it made the
// benchmark's build of 10,000 plans about 2 s slower than the command's
// (16.1 s against 13.8; now 14.1 against 13.9, run in turns).
func heapInUse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64()
}

// sampleHeap samples the Go heap in use every 20 ms until stop is called,
// which returns the highest value seen; peek returns it so far.
func sampleHeap() (stop, peek func() uint64) {
	done := make(chan struct{})
	result := make(chan uint64)
	var sofar atomic.Uint64
	go func() {
		var peak uint64
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, heapInUse())
			sofar.Store(peak)
			select {
			case <-done:
				result <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-result }, func() uint64 {
		return max(sofar.Load(), heapInUse())
	}
}
