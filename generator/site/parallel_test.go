package site

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// TestParallelThen checks that the tail runs once, when every job has been
// started, on as many workers as asked, and not after a job failed.
func TestParallelThen(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 1}, {0, 2}, {1, 2}, {5, 1}, {5, 2}, {40, 3}} {
		var started, tails atomic.Int64
		var startedAtTail int64
		err := parallelThen(tc.n, tc.workers, func(i int) error {
			started.Add(1)
			time.Sleep(time.Duration(i%3) * time.Millisecond)
			return nil
		}, func() error {
			startedAtTail = started.Load()
			tails.Add(1)
			return nil
		})
		if err != nil || tails.Load() != 1 || startedAtTail != int64(tc.n) || started.Load() != int64(tc.n) {
			t.Errorf("parallelThen(%d jobs, %d workers): err %v, tail run %d times with %d jobs started, %d in all; want nil, once with all %d",
				tc.n, tc.workers, err, tails.Load(), startedAtTail, started.Load(), tc.n)
		}
	}
	boom, tailErr := errors.New("boom"), errors.New("tail")
	ran := false
	err := parallelThen(100, 2, func(i int) error {
		if i == 0 {
			return boom
		}
		time.Sleep(time.Millisecond)
		return nil
	}, func() error { ran = true; return tailErr })
	if err != boom || ran {
		t.Errorf("a job failed: err %v, tail run %v; want %v, not run", err, ran, boom)
	}
	if err := parallelThen(3, 2, func(int) error { return nil }, func() error { return tailErr }); err != tailErr {
		t.Errorf("the tail failed: err %v; want %v", err, tailErr)
	}
}
