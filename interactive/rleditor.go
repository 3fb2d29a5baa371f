package interactive

import (
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/chzyer/readline"
	"golang.org/x/sys/unix"

	"gsh/tty"
)

// rlEditor is the Editor of a terminal, built on chzyer/readline. The
// library is driven only through the hooks of its Config:
//
//   - Stdin is a ttyInput: one byte per read, EIO handled, pastes batched;
//   - raw mode is set and reset through tty.SetModes, which blocks SIGTTOU
//     (the library's own ioctl would loop forever from the background);
//   - Ctrl-Z is filtered out: the library's handler stops the shell's
//     parent too and then hangs. At the prompt it does nothing, as in bash;
//   - the width comes from the shell's SIGWINCH handling (Runtime.OnWinch)
//     and is re-read before each line, since a job may have changed it;
//   - output goes through termOut (prompt placeholders, small redraws).
type rlEditor struct {
	inst  *readline.Instance
	cfg   *readline.Config // the library reads HistoryLimit from it
	in    *ttyInput
	out   *termOut
	paste *pasteState
	tab   *tabCompleter
	vi    *viTracker

	inFd, outFd int

	mu      sync.Mutex
	cooked  *unix.Termios // modes to restore when a line is read
	onWidth func()
	// The library's copy of the history: the entries of hist (as of
	// histGen) numbered from histFirst to before histNext.
	hist                *History
	histGen             int
	histFirst, histNext int
	histAny             atomic.Bool // the copy is not empty
	reading             atomic.Bool
	// plain is set while keys are inserted as typed (no search, no
	// listing): the input layer reads it from another goroutine than the
	// library's, so it is kept here rather than asked of the library.
	plain atomic.Bool
}

// newRLEditor makes the editor for terminal input inFd and output out.
// reclaim takes the terminal back for the shell (see ttyInput).
func newRLEditor(inFd int, out *os.File, reclaim func() bool, comp *completer) (*rlEditor, error) {
	e := &rlEditor{inFd: inFd, outFd: int(out.Fd())}
	e.out = &termOut{f: out}
	e.paste = &pasteState{}
	e.vi = &viTracker{}
	e.in = &ttyInput{fd: inFd, reclaim: reclaim, paste: e.paste, vi: e.vi}
	e.tab = &tabCompleter{comp: comp, bell: func() { e.out.WriteString("\a") }}
	e.cfg = &readline.Config{
		Stdin:                  e.in,
		Stdout:                 e.out,
		Stderr:                 e.out,
		HistoryLimit:           1 << 30,
		DisableAutoSaveHistory: true,
		AutoComplete:           e.tab,
		InterruptPrompt:        "^C",
		EOFPrompt:              "\n", // the library prints a bare newline for "\n"
		FuncGetWidth:           e.width,
		FuncIsTerminal:         func() bool { return true },
		FuncMakeRaw:            e.makeRaw,
		FuncExitRaw:            e.exitRaw,
		FuncOnWidthChanged:     func(f func()) { e.mu.Lock(); e.onWidth = f; e.mu.Unlock() },
		FuncFilterInputRune:    e.filter,
		Painter:                e.vi,
	}
	e.cfg.SetListener(e.listen)
	inst, err := readline.NewEx(e.cfg)
	if err != nil {
		return nil, err
	}
	e.inst = inst
	e.paste.ok = func() bool { return e.plain.Load() && !e.vi.enabled() }
	return e, nil
}

func (e *rlEditor) ReadLine(p Prompt) (string, error) {
	head, tail, seqs := editorPrompt(p.Text)
	if head != "" {
		e.out.WriteString(head)
	}
	e.out.setPrompt(tail, seqs)
	e.inst.SetPrompt(tail)
	e.WidthChanged()
	e.reading.Store(true)
	line, err := e.inst.Readline()
	e.reading.Store(false)
	e.out.Flush()
	e.paste.discard()
	switch err {
	case nil:
		return line, nil
	case readline.ErrInterrupt:
		return "", ErrInterrupt
	}
	if e.in.hungUp.Load() {
		// No Ctrl-D: the terminal went away, and the library's reader
		// with it. The shell must end.
		return "", ErrHangup
	}
	return "", io.EOF
}

func (e *rlEditor) Above(fn func()) {
	if !e.reading.Load() || !e.inst.Terminal.IsReading() {
		// No line on the screen (yet).
		fn()
		return
	}
	e.inst.Clean()
	e.out.Flush()
	fn()
	e.inst.Refresh()
}

func (e *rlEditor) Configure(c EditorConfig) {
	if c.Vi != e.vi.enabled() {
		e.inst.SetVimMode(c.Vi)
		e.vi.setOn(c.Vi)
	}
	if h := c.History; h != nil {
		e.syncHistory(h, c.HistSize)
	}
}

// syncHistory brings the library's copy of the history up to date at
// each prompt. New entries are passed on; with HistoryLimit at HISTSIZE
// the library drops the oldest ones itself, as History.Trim does. Any
// other change (or a new HISTSIZE) reloads the list.
func (e *rlEditor) syncHistory(h *History, size int) {
	limit := size
	if limit < 0 {
		limit = 1 << 30
	}
	if h != e.hist || h.gen != e.histGen || limit != e.cfg.HistoryLimit ||
		max(e.histFirst, h.Next()-limit) < h.First() { // dropped more than the library would
		e.inst.ResetHistory()
		e.cfg.HistoryLimit = limit
		e.hist, e.histGen, e.histNext = h, h.gen, h.First()
	}
	for n := max(e.histNext, h.First(), h.Next()-limit); n < h.Next(); n++ {
		t, _ := h.Get(n)
		e.inst.SaveHistory(t)
	}
	e.histFirst, e.histNext = h.First(), h.Next()
	e.histAny.Store(h.Len() > 0 && limit > 0)
}

func (e *rlEditor) WriteString(s string) { e.out.WriteString(s) }

// WidthChanged passes a new terminal width to the editor.
func (e *rlEditor) WidthChanged() {
	e.mu.Lock()
	f := e.onWidth
	e.mu.Unlock()
	if f != nil {
		f()
	}
}

func (e *rlEditor) width() int {
	for _, fd := range []int{e.outFd, e.inFd} {
		if c, _, err := tty.Size(fd); err == nil && c > 0 {
			return c
		}
	}
	return 80
}

// makeRaw puts the terminal in the editor's mode: no echo, no line
// buffering, no signals from keys (Ctrl-C and Ctrl-Z arrive as keys).
// Output processing stays on, so "\n" still starts a new line.
func (e *rlEditor) makeRaw() error {
	t, err := tty.GetModes(e.inFd)
	if err != nil {
		return err
	}
	saved := *t
	e.mu.Lock()
	e.cooked = &saved
	e.mu.Unlock()
	raw := *t
	// ICRNL stays on, as bash's readline keeps it: keys typed ahead while
	// the editor is up are queued as they will be read, so an Enter typed
	// before a job starts ends that job's line ("\r" would not).
	raw.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.IXON
	raw.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	raw.Cflag &^= unix.CSIZE | unix.PARENB
	raw.Cflag |= unix.CS8
	raw.Cc[unix.VMIN], raw.Cc[unix.VTIME] = 1, 0
	err = tty.SetModes(e.inFd, &raw)
	// Keys typed while the last command ran were echoed by the terminal
	// on the current line: then the editor's first erase gives the prompt
	// a clean line. Otherwise the line is kept (see termOut.keepLine).
	// (Only in raw mode does the terminal count an unfinished line.)
	e.out.keepLine(!e.in.hasTypeahead())
	return err
}

func (e *rlEditor) exitRaw() error {
	e.mu.Lock()
	t := e.cooked
	e.mu.Unlock()
	if t == nil {
		return nil
	}
	return tty.SetModes(e.inFd, t)
}

// filter sees every key before the editor.
func (e *rlEditor) filter(r rune) (rune, bool) {
	if op := e.inst.Operation; op.IsInCompleteMode() {
		// Completions are listed, as bash lists them: any key goes back
		// to editing, and Tab lists again. (The library would select
		// with further Tabs, complete while typing, and divide by zero
		// when a choice is wider than the screen.)
		op.ExitCompleteMode(false)
	}
	switch r {
	case readline.CharCtrlZ:
		// Ctrl-G (7) does nothing in the editor but leave a search or a
		// completion menu. Dropping the key (returning false) would leave
		// a stale wake-up that makes the library read the terminal after
		// Enter, stealing the next command's input.
		r = readline.CharBell
	case readline.CharInterrupt:
		// Ctrl-C discards the line even in a search (the library would
		// only leave the search).
		if op := e.inst.Operation; op.IsSearchMode() {
			op.ExitSearchMode(false)
		}
	case pasteMarker:
		if e.paste.arm() {
			return readline.CharBell, true
		}
	}
	r = e.vi.key(r)
	if op := e.inst.Operation; r == readline.CharBell && op.IsSearchMode() && !e.histAny.Load() {
		// Leaving a search restores the history entry it started from;
		// with no history there is none and the library would crash.
		op.ExitSearchMode(false)
	}
	return r, true
}

// listen runs after every key with the line and cursor: it inserts a
// paste and applies completions.
func (e *rlEditor) listen(line []rune, pos int, key rune) ([]rune, int, bool) {
	if line == nil && key == 0 {
		e.tab.reset()
		e.vi.newLine()
		e.plain.Store(true)
		return nil, 0, false
	}
	op := e.inst.Operation
	e.plain.Store(!op.IsSearchMode() && !op.IsInCompleteMode())
	if text, ok := e.paste.take(); ok {
		ins := []rune(text)
		n := make([]rune, 0, len(line)+len(ins))
		n = append(append(append(n, line[:pos]...), ins...), line[pos:]...)
		e.tab.noteKey(0, nil, 0)
		return n, pos + len(ins), true
	}
	if nl, np, ok := e.tab.applyEdit(line, pos); ok {
		e.tab.noteKey(key, nl, np)
		return nl, np, true
	}
	e.tab.noteKey(key, line, pos)
	return nil, 0, false
}
