package site

import (
	"testing"
	"unsafe"
)

// prefault leaves a slice of any length as it was made: all zero, its pointers nil.
func TestPrefault(t *testing.T) {
	type rec struct {
		s string
		p *int
		b [3]byte
	}
	for _, n := range []int{0, 1, 2, pageBytes / 32, pageBytes/32 + 1, 3*pageBytes/32 + 5, 100000} {
		s := make([]rec, n)
		prefault(s)
		b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), uintptr(n)*unsafe.Sizeof(rec{}))
		for i, c := range b {
			if c != 0 {
				t.Fatalf("prefault of %d records: byte %d = %d; want 0", n, i, c)
			}
		}
	}
}
