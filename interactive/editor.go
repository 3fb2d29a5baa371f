package interactive

import "errors"

// Editor reads command lines for the interactive loop. The readline-based
// editor serves terminals; plainReader serves any other input (gsh -i with
// a pipe or file). The interface is gsh's own so that the library behind it
// stays replaceable.
type Editor interface {
	// ReadLine shows prompt and returns one line without its newline. The
	// error is ErrInterrupt (Ctrl-C: the line is discarded), io.EOF
	// (Ctrl-D on an empty line, or the end of the input) or ErrHangup.
	ReadLine(p Prompt) (string, error)
	// Above runs fn (which writes job notices) with the line being edited
	// taken off the screen, then draws it again. It may be called from
	// another goroutine while ReadLine waits for keys.
	Above(fn func())
	// Configure applies the settings that the shell may change between
	// lines: editing mode, history contents, completion.
	Configure(c EditorConfig)
	// Write prints text of the front end's own (not while ReadLine runs).
	WriteString(s string)
}

// Prompt is an expanded prompt string (\[ \] spans marked by \001 \002).
type Prompt struct {
	Text string
}

// EditorConfig is what the editor takes from the shell before each line.
type EditorConfig struct {
	Vi       bool
	History  *History
	HistSize int // HISTSIZE: how many entries the editor keeps (-1: all)
}

var (
	// ErrInterrupt is returned by ReadLine when Ctrl-C discarded the line.
	ErrInterrupt = errors.New("interrupt")
	// ErrHangup is returned by ReadLine when the terminal is gone.
	ErrHangup = errors.New("hangup")
)
