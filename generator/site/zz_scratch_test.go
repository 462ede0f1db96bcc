package site

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"
)

func TestScratchHeap(t *testing.T) {
	dir := os.Getenv("QP_SCRATCH")
	if dir == "" {
		t.Skip()
	}
	g, errs := Load(os.DirFS(dir))
	if errs != nil {
		t.Fatal(errs)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("after load: heap %d MB", ms.HeapAlloc>>20)
	f, _ := os.Create("/tmp/heap-load.out")
	pprof.WriteHeapProfile(f)
	f.Close()
	runtime.KeepAlive(g)
}

func TestScratchHeapBuild(t *testing.T) {
	dir := os.Getenv("QP_SCRATCH")
	if dir == "" {
		t.Skip()
	}
	g, errs := Load(os.DirFS(dir))
	if errs != nil {
		t.Fatal(errs)
	}
	beforeSearch = func() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("before search: heap %d MB", ms.HeapAlloc>>20)
		f, _ := os.Create("/tmp/heap-bs.out")
		pprof.WriteHeapProfile(f)
		f.Close()
	}
	defer func() { beforeSearch = nil }()
	if _, err := g.Build(t.TempDir() + "/out"); err != nil {
		t.Fatal(err)
	}
}

func TestScratchHeapMid(t *testing.T) {
	dir := os.Getenv("QP_SCRATCH")
	if dir == "" {
		t.Skip()
	}
	g, errs := Load(os.DirFS(dir))
	if errs != nil {
		t.Fatal(errs)
	}
	go func() {
		time.Sleep(15 * time.Second)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("mid: heap %d MB", ms.HeapAlloc>>20)
		f, _ := os.Create("/tmp/heap-mid.out")
		pprof.WriteHeapProfile(f)
		f.Close()
	}()
	if _, err := g.Build(t.TempDir() + "/out"); err != nil {
		t.Fatal(err)
	}
}
