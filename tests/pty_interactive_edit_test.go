package tests

import (
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// Keys sent as a person types them, one at a time, so that the editor
// handles each (a burst of text is inserted as a paste).
func (s *ish) typeKeys(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		before := readChars(s.Pid())
		s.Send(k)
		// Wait until the shell has read the key: on a loaded machine, ESC
		// and the next key arriving together would read as Alt-key.
		waitFor(2*time.Second, func() bool { return readChars(s.Pid()) >= before+int64(len(k)) })
		time.Sleep(5 * time.Millisecond)
	}
}

const (
	ctrlA = "\x01"
	ctrlE = "\x05"
	ctrlK = "\x0b"
	ctrlU = "\x15"
	ctrlW = "\x17"
	ctrlY = "\x19"
	ctrlR = "\x12"
	esc   = "\x1b"
	left  = "\x1b[D"
	up    = "\x1b[A"
)

// Emacs keys are the default: moving, killing and yanking.
func TestPtyEmacsKeys(t *testing.T) {
	s := startIsh(t, nil)
	// "cho one" / Ctrl-A / "e" / Enter: insertion at the start of the line.
	s.typeKeys("cho one", ctrlA, "e", "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\none\n") {
		t.Fatalf("Ctrl-A: %q", out)
	}
	// Kill to the end with Ctrl-K, yank it back at the end with Ctrl-Y.
	s.typeKeys("echo two three", left, left, left, left, left, ctrlK, ctrlE, " x ", ctrlY, "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\ntwo x three\n") {
		t.Fatalf("Ctrl-K/Ctrl-Y: %q", out)
	}
	// Ctrl-W deletes a word, Ctrl-U the line before the cursor.
	s.typeKeys("echo four five", ctrlW, "six\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nfour six\n") {
		t.Fatalf("Ctrl-W: %q", out)
	}
	s.typeKeys("garbage", ctrlU, "echo seven\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nseven\n") {
		t.Fatalf("Ctrl-U: %q", out)
	}
	// Up arrow recalls the previous command.
	s.typeKeys(up, "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nseven\n") {
		t.Fatalf("Up: %q", out)
	}
	// Alt-b moves back a word.
	s.typeKeys("echo eight nine", esc+"b", "X\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\neight Xnine\n") {
		t.Fatalf("Alt-b: %q", out)
	}
}

// set -o vi switches the editor to vi keys; set -o emacs switches back.
func TestPtyViMode(t *testing.T) {
	s := startIsh(t, nil)
	s.run("set -o vi")
	// In command mode: 0 to the start, w to the next word, x deletes.
	s.typeKeys("echo xvi", esc, "0", "w", "x", "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nvi\n") {
		t.Fatalf("vi command mode: %q", out)
	}
	// i enters insert mode again.
	s.typeKeys("echo ab", esc, "0", "w", "i", "Z", "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nZab\n") {
		t.Fatalf("vi insert: %q", out)
	}
	// ESC steps back onto the last character, as in vi: r replaces it.
	s.typeKeys("echo abc", esc, "r", "x", "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nabx\n") {
		t.Fatalf("vi r: %q", out)
	}
	// Cursor keys work in insert mode; r and e on an empty line only ring
	// the bell (the library would crash).
	s.typeKeys("echo abd", left, "Q", "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nabQd\n") {
		t.Fatalf("vi left arrow: %q", out)
	}
	s.typeKeys(esc, "r", "e", "i", "echo alive", "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nalive\n") {
		t.Fatalf("vi on an empty line: %q", out)
	}
	s.typeKeys(up, "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nalive\n") {
		t.Fatalf("vi up arrow: %q", out)
	}
	if out := s.run("set -o | grep -E '^(vi|emacs) '"); !strings.Contains(out, "emacs          \toff\nvi             \ton") {
		t.Fatalf("set -o: %q", out)
	}
	s.run("set -o emacs")
	s.typeKeys("cho emacs", ctrlA, "e\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nemacs\n") {
		t.Fatalf("back to emacs: %q", out)
	}
}

// Ctrl-R searches the history backwards.
func TestPtyReverseSearch(t *testing.T) {
	s := startIsh(t, nil)
	s.run("echo needle-one")
	s.run("echo other")
	s.typeKeys(ctrlR, "n", "e", "e", "d")
	s.waitClean("needle-one")
	s.typeKeys("\r")
	// The command's output, on a line of its own: the search line shows
	// "needle-one" too.
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nneedle-one\n") {
		t.Fatalf("Ctrl-R: %q", out)
	}
	// The line found and run is the newest entry before this one.
	if out := s.run("history 2"); !strings.HasSuffix(out, "  echo needle-one\n    4  history 2\n") {
		t.Fatalf("history after search: %q", out)
	}
}

// A line longer than the terminal is edited and run whole.
func TestPtyLongLine(t *testing.T) {
	s := startIsh(t, nil)
	word := strings.Repeat("w", 200)
	s.typeKeys("echo "+word, ctrlA, "x=1; ", "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\n"+word+"\n") {
		t.Fatalf("long line: %q", out)
	}
}

// The editor follows the window width: when the text reaches the right
// margin it moves the cursor to the next row itself (" \b"). The width
// also changes while a job has the terminal (the job gets SIGWINCH, not
// the shell), and the editor notices.
func TestPtyWindowWidth(t *testing.T) {
	s := startIsh(t, nil)
	fill := func(width int) string {
		// The prompt "[N]$ " is 5 characters.
		return strings.Repeat("y", width-5)
	}
	// Width 40, changed at the prompt.
	if err := pty.Setsize(s.pty, &pty.Winsize{Rows: 24, Cols: 40}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // SIGWINCH reaches the shell
	s.Send(": " + fill(40)[2:])
	s.Expect(`y \x08`)
	s.Send("\r")
	s.waitPrompt()
	if out := s.run("echo $COLUMNS"); out != "40\n" {
		t.Fatalf("COLUMNS %q", out)
	}
	// Width 60, changed while sleep runs in the foreground.
	s.Line("sleep 0.5")
	waitFor(5*time.Second, func() bool { _, ok := childByComm(s.Pid(), "sleep"); return ok })
	if err := pty.Setsize(s.pty, &pty.Winsize{Rows: 24, Cols: 60}); err != nil {
		t.Fatal(err)
	}
	s.waitPrompt()
	s.Send(": " + fill(60)[2:])
	s.Expect(`y \x08`)
	s.Send("\r")
	s.waitPrompt()
	if out := s.run("echo $COLUMNS"); out != "60\n" {
		t.Fatalf("COLUMNS %q", out)
	}
}

// Keys that made the editor library crash the shell (index out of range,
// nil history, division by zero) are harmless.
func TestPtyEditorCrashGuards(t *testing.T) {
	s := startIsh(t, nil)
	// Ctrl-G leaves a search started with an empty history.
	s.typeKeys(ctrlR, "x", "\x07", "echo one\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\none\n") {
		t.Fatalf("search with no history: %q", out)
	}
	// Ctrl-T on a one-character line.
	s.typeKeys("a", "\x14", "b", ctrlA, "echo ", "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nab\n") {
		t.Fatalf("Ctrl-T: %q", out)
	}
	// Tab after a listing lists again; arrows then edit the line.
	s.typeKeys("echo /b", tab, tab, tab, up, left, "\r")
	s.waitPrompt()
	if out := s.run("echo two"); out != "two\n" {
		t.Fatalf("after listing keys: %q", out)
	}
}
