package site

import "unsafe"

// prefault writes a zero into each page of s, which must be all zero and not
// yet shared (just made), as plain memory, so that the system maps its pages
// on a write.
//
// A large slice is often fresh from the system. While the collector marks,
// a store of a pointer first reads the old value (the write barrier), so
// each page of a slice of structs with pointers was first mapped as the
// shared zero page, then copied on the store: a second fault, which also
// flushes the other cores' TLBs. For the search documents of 10,000 plans
// (80 MB) that cost 0.5 CPU s; written first, 20 ms. Zeros over zeros change
// no pointer the collector could miss.
//
// One byte a page is enough to map it, and a loop in Go can be stopped by
// the collector between stores: one clear of the whole slice (assembly, not
// preemptible) held a stop of the world for 40 ms when a collection began
// during it, as the allocation of the slice often makes one begin.
func prefault[T any](s []T) {
	var zero T
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), uintptr(len(s))*unsafe.Sizeof(zero))
	for i := 0; i < len(b); i += pageBytes {
		b[i] = 0
	}
	if len(b) > 0 {
		b[len(b)-1] = 0 // the last page, when s does not start a page
	}
}

// pageBytes is 4 KiB, the smallest page size of the systems Go runs on:
// bytes pageBytes apart are in pages one after another.
const pageBytes = 4096
