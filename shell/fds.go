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

// fdTable maps the shell's descriptor numbers to open files. Descriptors
// 0-9 live in an array; higher ones (bash's {var} descriptors, ones
// inherited from the parent) in a map, so that copying a table for a
// subshell stays cheap whatever numbers are in use.
type fdTable struct {
	low  [10]*ofile
	high map[int]*ofile
	// persist: exec without a command ran with this table, so the
	// redirections that made it stay (see withRedirsAndTemps).
	persist bool
}

func (t *fdTable) get(n int) *ofile {
	if n >= 0 && n < len(t.low) {
		if o := t.low[n]; o != nil || n < 3 {
			return o
		}
	} else if o := t.high[n]; o != nil {
		return o
	}
	// A descriptor gsh inherited open (without close-on-exec) belongs to
	// the table from its first use, as in bash.
	if o := inherited(n); o != nil {
		t.setRaw(n, o)
		return o
	}
	return nil
}

// set installs o at n (taking over the caller's reference).
func (t *fdTable) set(n int, o *ofile) {
	if n >= 3 {
		t.get(n) // adopt an inherited descriptor so that it can be closed
	}
	t.setRaw(n, o)
}

func (t *fdTable) setRaw(n int, o *ofile) {
	var old *ofile
	if n >= 0 && n < len(t.low) {
		old, t.low[n] = t.low[n], o
	} else {
		old = t.high[n]
		if o == nil {
			delete(t.high, n)
		} else {
			if t.high == nil {
				t.high = map[int]*ofile{}
			}
			t.high[n] = o
		}
	}
	old.unref()
}

func (t *fdTable) clone() *fdTable {
	n := &fdTable{low: t.low}
	for _, o := range n.low {
		o.ref()
	}
	if len(t.high) > 0 {
		n.high = make(map[int]*ofile, len(t.high))
		for k, o := range t.high {
			n.high[k] = o.ref()
		}
	}
	return n
}

func (t *fdTable) release() {
	for i, o := range t.low {
		o.unref()
		t.low[i] = nil
	}
	for k, o := range t.high {
		o.unref()
		delete(t.high, k)
	}
}

// maxFd is the highest descriptor in use, or -1.
func (t *fdTable) maxFd() int {
	m := -1
	for i, o := range t.low {
		if o != nil {
			m = i
		}
	}
	for k := range t.high {
		m = max(m, k)
	}
	return m
}

// childFiles returns the descriptor map for a child process. Inherited
// descriptors not yet used keep their numbers: those above the map pass
// through exec untouched, those inside it are listed as themselves.
func (t *fdTable) childFiles() []uintptr {
	n := max(t.maxFd()+1, 3)
	files := make([]uintptr, n)
	for i := range files {
		o := t.get(i)
		if o == nil {
			files[i] = jobs.ClosedFd
			continue
		}
		files[i] = o.fd()
	}
	return files
}

var inheritedMu sync.Mutex
var inheritedFiles = map[int]*ofile{}

// notInherited has bit n set once descriptor n is known not to be one
// that gsh inherited. The answer cannot change: every descriptor gsh opens
// itself is close-on-exec. It spares a lock and an fcntl on every look at
// an empty slot (each fork walks the slots up to the highest in use).
var notInherited atomic.Uint64

// inherited returns the ofile for descriptor n, with a reference for the
// caller, if gsh's parent left it open without close-on-exec (one shared
// ofile per descriptor; closed when the last table lets go of it).
func inherited(n int) *ofile {
	if n < 3 || n > 1<<20 {
		return nil
	}
	if n < 64 && notInherited.Load()&(1<<uint(n)) != 0 {
		return nil
	}
	inheritedMu.Lock()
	defer inheritedMu.Unlock()
	if o, ok := inheritedFiles[n]; ok {
		if o == nil || o.refs.Load() <= 0 {
			return nil // not inherited, or closed since
		}
		return o.ref()
	}
	flags, err := unix.FcntlInt(uintptr(n), unix.F_GETFD, 0)
	if err != nil || flags&unix.FD_CLOEXEC != 0 {
		if n < 64 {
			notInherited.Or(1 << uint(n))
		} else {
			inheritedFiles[n] = nil
		}
		return nil
	}
	// From now on the table decides which children get it.
	unix.FcntlInt(uintptr(n), unix.F_SETFD, unix.FD_CLOEXEC)
	o := newOfile(os.NewFile(uintptr(n), "fd"))
	inheritedFiles[n] = o
	return o
}

// inheritedFds builds the start-up table with 0-2; other descriptors that
// gsh inherited are adopted when first used (see inherited).
func inheritedFds() *fdTable {
	t := &fdTable{}
	std := []*os.File{os.Stdin, os.Stdout, os.Stderr}
	for i, f := range std {
		if _, err := unix.FcntlInt(uintptr(i), unix.F_GETFD, 0); err != nil {
			continue
		}
		o := newOfile(f)
		o.keep = true
		t.setRaw(i, o)
	}
	return t
}
