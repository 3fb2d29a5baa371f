package builtins

import (
	"errors"
	"io"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// errReadTimeout is returned by fdInput.readByte when the -t deadline passes.
var errReadTimeout = errors.New("read timeout")

// errReadInterrupted is returned when the shell reports an interrupt
// (SIGINT) while a read is blocked.
var errReadInterrupted = errors.New("read interrupted")

// interrupter is implemented by shells that can tell a blocked builtin
// that SIGINT arrived or a trap is due, so that read and mapfile stop
// waiting or run the trap. Checking means polling the input: read does
// so only when Interruptible says that something could interrupt it (a
// script without traps simply dies of SIGINT).
type interrupter interface {
	Interruptible() bool
	Interrupted() bool
}

// fdInput reads a descriptor for read and mapfile without consuming more
// than they use: the next command must find the rest of the input. Pipes,
// terminals and devices are read one byte at a time; regular files are
// read in blocks and the offset is moved back by sync, as bash does.
type fdInput struct {
	f        *os.File
	fd       int
	buf      []byte
	pos, end int
	regular  bool
	deadline time.Time // zero: wait forever
	intr     func() bool
	ready    int // bytes known to be readable at once (FIONREAD): no poll needed
}

// blockPool holds the read-ahead buffers of regular files: a `while read`
// loop would otherwise allocate one per line.
var blockPool = sync.Pool{New: func() any { return new([4096]byte) }}

// newFDInput prepares reading f; release must follow.
func newFDInput(sh Shell, f *os.File) *fdInput {
	in := &fdInput{f: f, fd: rawFD(f)}
	var st unix.Stat_t
	if unix.Fstat(in.fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
		in.regular = true
		in.buf = blockPool.Get().(*[4096]byte)[:]
	} else {
		in.buf = make([]byte, 1)
	}
	if i, ok := sh.(interrupter); ok && i.Interruptible() {
		in.intr = i.Interrupted
	}
	return in
}

// rawFD returns the descriptor number of f without File.Fd's side effect
// of switching the descriptor to blocking mode.
func rawFD(f *os.File) int {
	fd := -1
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(u uintptr) { fd = int(u) })
	}
	if fd < 0 {
		fd = int(f.Fd())
	}
	return fd
}

// readByte returns the next byte, io.EOF, errReadTimeout,
// errReadInterrupted, or the error of read(2).
func (in *fdInput) readByte() (byte, error) {
	if in.pos < in.end {
		c := in.buf[in.pos]
		in.pos++
		return c, nil
	}
	for {
		if err := in.wait(); err != nil {
			return 0, err
		}
		n, err := unix.Read(in.fd, in.buf)
		runtime.KeepAlive(in.f)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			// Non-blocking descriptor (Go's own pipes): wait in poll.
			if err := in.poll(-1); err != nil {
				return 0, err
			}
			continue
		case err != nil:
			return 0, err
		case n == 0:
			return 0, io.EOF
		}
		in.pos, in.end = 1, n
		return in.buf[0], nil
	}
}

// wait blocks until input is readable when a deadline or an interrupt
// check makes blocking in read(2) unsuitable. One poll and one FIONREAD
// cover the bytes already there, which read(2) returns at once: a poll
// before each byte would double the system calls of a `while read` loop.
func (in *fdInput) wait() error {
	if in.regular || in.deadline.IsZero() && in.intr == nil {
		return nil
	}
	if in.ready > 0 {
		in.ready--
		return nil
	}
	if in.intr != nil && in.intr() {
		return errReadInterrupted
	}
	if err := in.poll(-1); err != nil {
		return err
	}
	n, err := unix.IoctlGetInt(in.fd, unix.TIOCINQ) // FIONREAD on Linux
	runtime.KeepAlive(in.f)
	if err == nil && n > 1 {
		in.ready = n - 1 // the byte about to be read is the first
	}
	return nil
}

// poll waits for input, honouring the deadline and checking for an
// interrupt every 100ms when the shell can report one.
func (in *fdInput) poll(ms int) error {
	for {
		wait := ms
		if !in.deadline.IsZero() {
			left := time.Until(in.deadline)
			if left <= 0 {
				return errReadTimeout
			}
			wait = int((left + time.Millisecond - 1) / time.Millisecond)
		}
		if in.intr != nil && (wait < 0 || wait > 100) {
			wait = 100
		}
		fds := []unix.PollFd{{Fd: int32(in.fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, wait)
		runtime.KeepAlive(in.f)
		if err != nil && err != syscall.EINTR {
			return err
		}
		if n > 0 {
			return nil
		}
		if in.intr != nil && in.intr() {
			return errReadInterrupted
		}
	}
}

// sync moves the offset of a regular file back over bytes read ahead but
// not used.
func (in *fdInput) sync() {
	if in.regular && in.pos < in.end {
		unix.Seek(in.fd, int64(in.pos-in.end), io.SeekCurrent)
		runtime.KeepAlive(in.f)
	}
	in.pos, in.end, in.ready = 0, 0, 0
}

// release gives back what was read ahead, and the buffer.
func (in *fdInput) release() {
	in.sync()
	if in.regular {
		blockPool.Put((*[4096]byte)(in.buf))
		in.buf = nil
	}
}

// inputAvailable answers `read -t 0`: whether a read would not block.
func inputAvailable(f *os.File) bool {
	fd := rawFD(f)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
		return true
	}
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	n, err := unix.Poll(fds, 0)
	runtime.KeepAlive(f)
	return err == nil && n > 0 && fds[0].Revents&(unix.POLLIN|unix.POLLHUP) != 0
}

// fileIsTTY reports whether f is a terminal.
func fileIsTTY(f *os.File) bool {
	_, err := unix.IoctlGetTermios(rawFD(f), unix.TCGETS)
	runtime.KeepAlive(f)
	return err == nil
}

// ttyMode changes terminal settings for read and returns a function that
// restores them. oneChar turns off canonical mode so that single
// characters arrive at once (-n, -N, -d); noEcho hides the input (-s).
func ttyMode(f *os.File, oneChar, noEcho bool) func() {
	fd := rawFD(f)
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil || !oneChar && !noEcho {
		return func() {}
	}
	t := *old
	if oneChar {
		t.Lflag &^= unix.ICANON
		t.Lflag |= unix.ISIG | unix.IEXTEN
		t.Iflag |= unix.ICRNL
		t.Iflag &^= unix.INLCR
		t.Cc[unix.VMIN] = 1
		t.Cc[unix.VTIME] = 0
	}
	if noEcho {
		t.Lflag &^= unix.ECHO | unix.ECHOK | unix.ECHONL
	}
	unix.IoctlSetTermios(fd, unix.TCSETSW, &t)
	return func() {
		unix.IoctlSetTermios(fd, unix.TCSETSW, old)
		runtime.KeepAlive(f)
	}
}
