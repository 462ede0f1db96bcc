//go:build linux

package site

import (
	"syscall"
	"time"
)

// threadCPU is the user and system CPU time of the calling OS thread so far
// (Linux RUSAGE_THREAD), to time the output kinds by CPU rather than by the
// wall clock, which on a shared machine also counts waiting for a core.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
