package interactive

import (
	"io"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"

	"gsh/tty"
)

// ttyInput is the line editor's standard input: the terminal, read one
// byte per read(2), so that whatever is typed after Enter stays in the
// kernel for the command that runs next.
//
// Reads happen on a locked thread with SIGTTIN and SIGTTOU blocked. A read
// by a process outside the terminal's foreground group then fails with EIO
// at once (Linux treats a blocked SIGTTIN as ignored) instead of stopping
// the shell or restarting forever; ttyInput then takes the terminal back
// and reads again. EIO is never reported as end of input while that works.
//
// A run of plain text that arrives faster than a person types (a paste) is
// collected here and handed to the editor in one piece (see pasteState),
// because the editor redraws the whole line for every character it gets.
type ttyInput struct {
	fd      int
	reclaim func() bool // take the terminal back; false if that is impossible
	paste   *pasteState
	vi      *viTracker

	mu      sync.Mutex
	pending []byte   // bytes to serve before reading more
	esc     escState // escape sequence being read
	closed  atomic.Bool
	hungUp  atomic.Bool // the terminal is gone (reads fail for good)
}

// escState follows escape sequences (arrow keys, Alt-x) through the
// input: their bytes must reach the editor one by one, never as a paste.
type escState int

const (
	escNone  escState = iota
	escStart          // after ESC
	escCSI            // after ESC [: parameters until a final byte
	escSS3            // after ESC O: one more byte
)

func (e escState) next(b byte) escState {
	switch e {
	case escStart:
		switch b {
		case '[':
			return escCSI
		case 'O':
			return escSS3
		case 0x1b:
			return escStart
		}
		return escNone
	case escCSI:
		if b >= 0x40 && b <= 0x7e {
			return escNone
		}
		return escCSI
	case escSS3:
		return escNone
	}
	if b == 0x1b {
		return escStart
	}
	return escNone
}

// pasteGap is how long a paste run waits for its next byte. A person
// typing is slower; a pipe-fed pty on a busy machine is rarely this slow.
const pasteGap = 40 * time.Millisecond

func (in *ttyInput) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	for len(in.pending) == 0 {
		var out []byte
		err := tty.WithStopSignalsBlocked(func() error {
			var err error
			out, err = in.next()
			return err
		})
		if err != nil {
			return 0, err
		}
		in.pending = append(in.pending, out...)
	}
	p[0] = in.pending[0]
	in.pending = in.pending[1:]
	if p[0] == '\n' {
		// The raw mode keeps ICRNL (see makeRaw), so Enter arrives as
		// "\n"; the library's vi command mode knows only "\r".
		p[0] = '\r'
	}
	return 1, nil
}

// next reads what comes next from the terminal: a byte, a paste run (as
// pasteMarker), or in vi mode an escape sequence translated.
func (in *ttyInput) next() ([]byte, error) {
	b, err := in.readByte()
	if err != nil {
		return nil, err
	}

	inEsc := in.esc != escNone
	in.esc = in.esc.next(b)
	if b == 0x1b && in.vi != nil && in.vi.enabled() {
		seq := []byte{b}
		for in.esc != escNone && in.available() > 0 {
			c, err := in.readByte()
			if err != nil {
				break
			}
			seq = append(seq, c)
			in.esc = in.esc.next(c)
		}
		in.esc = escNone
		return in.vi.translate(seq), nil
	}
	if inEsc || !isText(b) || in.paste == nil || !in.paste.allowed() || in.available() == 0 {
		return []byte{b}, nil
	}
	run, rest := in.collectRun(b)
	if len(run) < 2 {
		return append(run, rest...), nil
	}
	in.paste.put(run)
	return append([]byte(string(pasteMarker)), rest...), nil
}

// collectRun reads the plain text that follows first while it keeps
// coming. It returns the run and what must follow it: the byte that ended
// the run (a control character, Enter), and an incomplete UTF-8 sequence
// cut from the end of the run.
func (in *ttyInput) collectRun(first byte) (run, rest []byte) {
	run = []byte{first}
	// Bytes the terminal holds are read without asking again for each.
	avail := in.available()
	for avail > 0 || in.waitReadable(pasteGap) {
		if avail == 0 {
			avail = max(in.available(), 1)
		}
		avail--
		b, err := in.readByte()
		if err != nil {
			break
		}
		if !isText(b) {
			in.esc = in.esc.next(b)
			rest = []byte{b}
			break
		}
		run = append(run, b)
	}
	cut := len(run)
	for i := len(run) - 1; i >= 0 && i >= len(run)-utf8.UTFMax; i-- {
		if utf8.RuneStart(run[i]) {
			if !utf8.FullRune(run[i:]) {
				cut = i
			}
			break
		}
	}
	return run[:cut], append(append([]byte{}, run[cut:]...), rest...)
}

// readByte reads one byte, taking the terminal back when the read fails
// because the shell is in the background.
func (in *ttyInput) readByte() (byte, error) {
	var b [1]byte
	reclaims := 0
	for {
		n, err := unix.Read(in.fd, b[:])
		if n == 1 {
			return b[0], nil
		}
		if in.closed.Load() {
			return 0, io.EOF
		}
		switch err {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			// Someone left the descriptor non-blocking.
			in.waitReadable(-1)
			continue
		case nil, unix.EIO:
			// Not in the foreground (or hung up: then reclaim fails).
			if reclaims < 100 && in.reclaim != nil && in.reclaim() {
				reclaims++
				if reclaims > 1 {
					time.Sleep(10 * time.Millisecond)
				}
				continue
			}
			in.hungUp.Store(true)
			return 0, io.EOF
		default:
			return 0, err
		}
	}
}

// hasTypeahead reports whether input is waiting to be read.
func (in *ttyInput) hasTypeahead() bool {
	in.mu.Lock()
	n := len(in.pending)
	in.mu.Unlock()
	return n > 0 || in.available() > 0
}

// available is the number of bytes the terminal holds for us.
func (in *ttyInput) available() int {
	n, err := unix.IoctlGetInt(in.fd, unix.TIOCINQ)
	if err != nil {
		return 0
	}
	return n
}

// waitReadable waits up to d (forever if negative) for input.
func (in *ttyInput) waitReadable(d time.Duration) bool {
	ms := -1
	if d >= 0 {
		ms = int(d / time.Millisecond)
	}
	fds := []unix.PollFd{{Fd: int32(in.fd), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(fds, ms)
		if err == unix.EINTR {
			continue
		}
		return n > 0
	}
}

func (in *ttyInput) Close() error {
	in.closed.Store(true)
	return nil
}

// isText reports whether b is part of plain text (not a key that edits).
func isText(b byte) bool { return b >= 0x20 && b != 0x7f }
