//go:build unix

package site

import (
	"io"
	"io/fs"
	"syscall"
)

// writeFile writes data to the file name, creating or truncating it, as
// os.WriteFile does, with three system calls. os.WriteFile also tries to put
// the file in the runtime's poller (four fcntl and an epoll_ctl that fails
// for a regular file): a national build writes 70,000 files.
func writeFile(name string, data []byte) error {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		n, err = ignoringEINTR(func() (int, error) { return syscall.Write(fd, data) })
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		data = data[max(n, 0):]
	}
	if err != nil {
		syscall.Close(fd)
		return &fs.PathError{Op: "write", Path: name, Err: err}
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// ignoringEINTR calls f again while it is interrupted by a signal.
func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
