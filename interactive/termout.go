package interactive

import (
	"bytes"
	"os"
	"sync"
	"unicode/utf8"
)

// termOut is the line editor's output. It does two things the editor
// cannot:
//
//   - Invisible prompt sequences (\[...\]) reach the editor as zero-width
//     placeholder characters, so that it measures the prompt right; they
//     are turned back into the real bytes here.
//   - The editor redraws the whole line (erase, prompt, text) for every key.
//     When the new line only extends what is on the screen, only the new
//     characters are written: the display is the same, output stays small
//     for long pastes, and typing shows on the terminal as it would in bash
//     (the prompt is not repeated for every key).
type termOut struct {
	f *os.File

	mu     sync.Mutex
	prompt []byte   // the prompt as the editor has it (with placeholders)
	seqs   []string // placeholder i stands for seqs[i]
	held   []byte   // an erase sequence not yet written
	keep   bool     // drop the next erase sequence (see setPrompt)
	shown  []byte   // prompt and text on the screen, cursor at the end
	known  bool     // shown is valid
}

// A placeholder is a Unicode tag character (format class: zero width for
// the editor); the i-th invisible sequence of a prompt is placeholderBase+i.
const (
	placeholderBase = 0xE0020
	placeholderMax  = 0xE007F
)

// The editor erases the line it edits with ESC [J, then ESC [2K CR ESC [A
// for each row above the cursor, then ESC [2K CR. A long erase arrives in
// several writes (the editor buffers it in 4 KiB pieces).
const (
	eraseStart = "\x1b[J"
	eraseUp    = "\x1b[2K\r\x1b[A"
	eraseEnd   = "\x1b[2K\r"
)

// eraseState tells whether s is (a prefix of) an erase sequence.
func eraseState(s []byte) (prefix, complete bool) {
	if len(s) < len(eraseStart) {
		return bytes.HasPrefix([]byte(eraseStart), s), false
	}
	if !bytes.HasPrefix(s, []byte(eraseStart)) {
		return false, false
	}
	rest := s[len(eraseStart):]
	for bytes.HasPrefix(rest, []byte(eraseUp)) {
		rest = rest[len(eraseUp):]
	}
	if string(rest) == eraseEnd {
		return true, true
	}
	return bytes.HasPrefix([]byte(eraseUp), rest), false
}

func (t *termOut) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(b)
	if len(t.held) > 0 || bytes.HasPrefix(b, []byte("\x1b[")) {
		cand := append(append([]byte{}, t.held...), b...)
		if prefix, _ := eraseState(cand); prefix {
			t.held = cand
			return n, nil
		}
	}
	_, erased := eraseState(t.held)
	if erased && t.keep {
		// The prompt's first erase: keep the line (see keepLine).
		t.held, t.keep = nil, false
	}
	isLine := len(t.prompt) > 0 && bytes.HasPrefix(b, t.prompt) || erased && len(t.prompt) == 0
	if isLine && erased && t.held != nil && t.known && bytes.HasPrefix(b, t.shown) {
		// The line grew (or did not change): write the difference only.
		t.held = nil
		t.raw(b[len(t.shown):])
		t.noteLine(b)
		return n, nil
	}
	t.flushHeld()
	t.raw(b)
	if isLine {
		t.noteLine(b)
	} else {
		t.known = false
	}
	return n, nil
}

// noteLine records what a line redraw left on the screen, when the cursor
// is known to be at its end.
func (t *termOut) noteLine(b []byte) {
	// A final " \b" (the editor's way of moving to the next row when the
	// text fills the last one) leaves the cursor where the next
	// character goes: it is not part of what is shown.
	b = bytes.TrimSuffix(b, []byte(" \b"))
	rest := b[len(t.prompt):]
	if bytes.ContainsAny(rest, "\b\r\n\x1b\a\t") {
		t.known = false
		return
	}
	t.shown = append(t.shown[:0], b...)
	t.known = true
}

func (t *termOut) flushHeld() {
	if t.held != nil {
		h := t.held
		t.held = nil
		t.raw(h)
	}
}

// raw writes b with placeholders replaced.
func (t *termOut) raw(b []byte) {
	if len(b) == 0 {
		return
	}
	if len(t.seqs) > 0 && bytes.IndexByte(b, 0xF3) >= 0 {
		var out []byte
		for len(b) > 0 {
			r, size := utf8.DecodeRune(b)
			if r >= placeholderBase && r <= placeholderMax && int(r-placeholderBase) < len(t.seqs) {
				out = append(out, t.seqs[r-placeholderBase]...)
			} else {
				out = append(out, b[:size]...)
			}
			b = b[size:]
		}
		b = out
	}
	t.f.Write(b)
}

// setPrompt tells the writer the prompt of the next line read.
func (t *termOut) setPrompt(prompt string, seqs []string) {
	t.mu.Lock()
	t.prompt = []byte(prompt)
	t.seqs = seqs
	t.known = false
	t.mu.Unlock()
}

// keepLine(true) drops the editor's next erase, so that the prompt
// follows what is on the cursor's line: a command's output that did not
// end with a newline stays visible, as in bash.
func (t *termOut) keepLine(keep bool) {
	t.mu.Lock()
	t.keep = keep
	t.mu.Unlock()
}

// Flush writes a held erase sequence and forgets what the screen shows
// (the caller is about to write something of its own).
func (t *termOut) Flush() {
	t.mu.Lock()
	t.flushHeld()
	t.known = false
	t.mu.Unlock()
}

// WriteString writes text of the front end's own (not the editor's).
func (t *termOut) WriteString(s string) {
	t.mu.Lock()
	t.flushHeld()
	t.known = false
	t.f.WriteString(s)
	t.mu.Unlock()
}
