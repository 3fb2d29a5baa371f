package interactive

import (
	"sync"

	"github.com/chzyer/readline"
)

// viTracker follows the editor's vi mode, which the library does not
// expose: whether vi editing is on, whether it is in command (normal) or
// insert mode, and the line's length and cursor (from the painter, which
// sees every redraw). It serves two purposes:
//
//   - guard: some keys make the library index past the end of the line
//     and crash the shell: Ctrl-T on a line of one character, and in vi
//     command mode r on an empty line and e at the last character; those
//     keys become a bell instead;
//   - keys: the library passes ESC through in vi mode, so cursor keys
//     (ESC [ A...) arrive as ESC, '[', 'A'; the input layer translates
//     them (see translate), and makes ESC step back one character as vi
//     does (the library leaves the cursor after the last character).
type viTracker struct {
	mu       sync.Mutex
	on       bool
	normal   bool
	len, idx int
}

func (v *viTracker) setOn(on bool) {
	v.mu.Lock()
	v.on, v.normal = on, false
	v.mu.Unlock()
}

// newLine: the library starts each line in insert mode.
func (v *viTracker) newLine() {
	v.mu.Lock()
	v.normal = false
	v.len, v.idx = 0, 0
	v.mu.Unlock()
}

// paint records the line and cursor of a redraw (a readline.Painter).
func (v *viTracker) Paint(line []rune, pos int) []rune {
	v.mu.Lock()
	v.len, v.idx = len(line), pos
	v.mu.Unlock()
	return line
}

// key follows a key on its way to the library and returns what the
// library should get.
func (v *viTracker) key(r rune) rune {
	v.mu.Lock()
	defer v.mu.Unlock()
	if r == readline.CharTranspose && v.len < 2 {
		// The library moves the cursor past the end of a one-character
		// line, and the next key crashes it.
		return readline.CharBell
	}
	if !v.on {
		return r
	}
	if !v.normal {
		if r == readline.CharEsc {
			v.normal = true
		}
		return r
	}
	switch r {
	case 'i', 'I', 'a', 'A', 's', 'S', 'c', readline.CharEnter, readline.CharCtrlJ, readline.CharInterrupt:
		v.normal = false
	case 'r':
		if v.idx >= v.len {
			return readline.CharBell
		}
	case 'e', 'E':
		if v.idx >= v.len-1 {
			return readline.CharBell
		}
	}
	return r
}

// translate turns an escape sequence read from the terminal into the
// keys the library understands in vi mode; nil drops it.
func (v *viTracker) translate(seq []byte) []byte {
	v.mu.Lock()
	normal := v.normal
	v.mu.Unlock()
	if len(seq) == 1 {
		if normal {
			return seq
		}
		return []byte{0x1b, 'h'} // leave insert mode one character back
	}
	final := seq[len(seq)-1]
	if string(seq) == "\x1b[3~" {
		if normal {
			return []byte{'x'}
		}
		return nil
	}
	keys := map[byte][2]byte{
		// final byte: {insert mode, command mode}
		'A': {readline.CharPrev, 'k'},
		'B': {readline.CharNext, 'j'},
		'C': {readline.CharForward, 'l'},
		'D': {readline.CharBackward, 'h'},
		'H': {readline.CharLineStart, '0'},
		'F': {readline.CharLineEnd, '$'},
	}
	k, ok := keys[final]
	if !ok || len(seq) < 3 || (seq[1] != '[' && seq[1] != 'O') {
		return nil
	}
	if normal {
		return []byte{k[1]}
	}
	return []byte{k[0]}
}

func (v *viTracker) enabled() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.on
}
