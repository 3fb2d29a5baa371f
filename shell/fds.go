package shell

import (
	"bytes"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"gsh/jobs"
)

// ofile is an open file description in the shell's view. Descriptor tables
// of subshells share ofiles and count references; the real descriptor is
// closed when the last table lets go of it.
type ofile struct {
	refs atomic.Int32
	f    *os.File // real descriptor; nil for a memory sink
	sink *memSink // command substitution output captured in memory
	keep bool     // never close (the process's own 0, 1, 2 while shared)
	name string   // for error messages
}

func newOfile(f *os.File) *ofile {
	o := &ofile{f: f}
	o.refs.Store(1)
	return o
}

func (o *ofile) ref() *ofile {
	if o != nil {
		o.refs.Add(1)
	}
	return o
}

func (o *ofile) unref() {
	if o == nil {
		return
	}
	if o.refs.Add(-1) > 0 {
		return
	}
	if o.sink != nil {
		o.sink.release()
		return
	}
	if o.f != nil && !o.keep {
		o.f.Close()
	}
}

// fd returns the real descriptor, turning a memory sink into a pipe.
func (o *ofile) fd() uintptr {
	if o.sink != nil {
		return o.sink.pipe()
	}
	return o.f.Fd()
}

func (o *ofile) Write(p []byte) (int, error) {
	if o.sink != nil {
		return o.sink.Write(p)
	}
	return o.f.Write(p)
}

func (o *ofile) Read(p []byte) (int, error) {
	if o.f == nil {
		return 0, io.EOF
	}
	return o.f.Read(p)
}

// memSink collects the output of a command substitution. Builtins write
// into the buffer directly; when an external command needs a descriptor,
// the sink becomes a pipe drained by a goroutine, and later writes go
// through the pipe too so that output stays in order.
type memSink struct {
	mu       sync.Mutex
	buf      bytes.Buffer
	r, w     *os.File
	copied   chan struct{}
	released chan struct{}
}

func newSinkFile() *ofile {
	o := &ofile{sink: &memSink{released: make(chan struct{})}}
	o.refs.Store(1)
	return o
}

func (s *memSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	w := s.w
	if w == nil {
		s.buf.Write(p)
		s.mu.Unlock()
		return len(p), nil
	}
	s.mu.Unlock()
	return w.Write(p)
}

func (s *memSink) pipe() uintptr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.w == nil {
		var p [2]int
		if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
			return jobs.ClosedFd
		}
		s.r, s.w = os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1")
		s.copied = make(chan struct{})
		go func() {
			var chunk [32 * 1024]byte
			for {
				n, err := s.r.Read(chunk[:])
				if n > 0 {
					s.buf.Write(chunk[:n])
				}
				if err != nil {
					break
				}
			}
			s.r.Close()
			close(s.copied)
		}()
	}
	return s.w.Fd()
}

func (s *memSink) release() {
	s.mu.Lock()
	if s.w != nil {
		s.w.Close()
	}
	s.mu.Unlock()
	close(s.released)
}

// result waits until every holder has let go of the sink and every writer
// of its pipe has closed it, and returns what was written.
func (s *memSink) result() []byte {
	<-s.released
	if s.copied != nil {
		<-s.copied
	}
	return s.buf.Bytes()
}

// fdTable maps the shell's descriptor numbers to open files.
type fdTable struct {
	fds []*ofile
}

func (t *fdTable) get(n int) *ofile {
	if n < 0 || n >= len(t.fds) {
		return nil
	}
	return t.fds[n]
}

// set installs o at n (taking over the caller's reference).
func (t *fdTable) set(n int, o *ofile) {
	for n >= len(t.fds) {
		t.fds = append(t.fds, nil)
	}
	old := t.fds[n]
	t.fds[n] = o
	old.unref()
}

func (t *fdTable) clone() *fdTable {
	n := &fdTable{fds: make([]*ofile, len(t.fds))}
	for i, o := range t.fds {
		n.fds[i] = o.ref()
	}
	return n
}

func (t *fdTable) release() {
	for i, o := range t.fds {
		o.unref()
		t.fds[i] = nil
	}
}

// childFiles returns the descriptor map for a child process.
func (t *fdTable) childFiles() []uintptr {
	n := len(t.fds)
	if n < 3 {
		n = 3
	}
	files := make([]uintptr, n)
	for i := range files {
		o := t.get(i)
		if o == nil {
			files[i] = jobs.ClosedFd
			continue
		}
		files[i] = o.fd()
	}
	// Trailing closed descriptors need no entry.
	for len(files) > 3 && files[len(files)-1] == jobs.ClosedFd {
		files = files[:len(files)-1]
	}
	return files
}

// inheritedFds builds the start-up table: 0-2 and any other descriptor
// that gsh's parent left open without close-on-exec (bash passes those on).
func inheritedFds() *fdTable {
	t := &fdTable{}
	std := []*os.File{os.Stdin, os.Stdout, os.Stderr}
	for i, f := range std {
		if _, err := unix.FcntlInt(uintptr(i), unix.F_GETFD, 0); err != nil {
			continue
		}
		o := newOfile(f)
		o.keep = true
		t.set(i, o)
	}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return t
	}
	for _, e := range ents {
		n := 0
		for _, c := range e.Name() {
			n = n*10 + int(c-'0')
		}
		if n < 3 || n > 1023 {
			continue
		}
		flags, err := unix.FcntlInt(uintptr(n), unix.F_GETFD, 0)
		if err != nil || flags&unix.FD_CLOEXEC != 0 {
			continue
		}
		// Keep the number for children but stop it leaking into every
		// process we start: children get it through childFiles.
		unix.FcntlInt(uintptr(n), unix.F_SETFD, unix.FD_CLOEXEC)
		t.set(n, newOfile(os.NewFile(uintptr(n), "fd")))
	}
	return t
}
