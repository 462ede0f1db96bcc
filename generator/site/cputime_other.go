//go:build !linux

package site

import "time"

// threadCPU is not measured outside Linux: Result.CPU stays empty.
func threadCPU() time.Duration { return 0 }
