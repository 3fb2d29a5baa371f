package interactive

import (
	"os"
	"strings"
	"testing"
)

// termOutput runs writes through a termOut and returns what reached the
// file.
func termOutput(t *testing.T, prompt string, seqs []string, keep bool, writes ...string) string {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	out := &termOut{f: f}
	out.setPrompt(prompt, seqs)
	out.keepLine(keep)
	for _, w := range writes {
		out.Write([]byte(w))
	}
	out.Flush()
	data, _ := os.ReadFile(f.Name())
	return string(data)
}

func TestTermOutRedraws(t *testing.T) {
	erase := "\x1b[J\x1b[2K\r"
	// Typing: only the new characters are written.
	got := termOutput(t, "$ ", nil, false, erase, "$  \b", erase, "$ e", erase, "$ ec", erase, "$ ec\n")
	if want := erase + "$  \bec\n"; got != want {
		t.Errorf("typing: %q, want %q", got, want)
	}
	// The first erase of a prompt is dropped when the line is kept.
	got = termOutput(t, "$ ", nil, true, erase, "$  \b", erase, "$ x")
	if want := "$  \bx"; got != want {
		t.Errorf("kept line: %q, want %q", got, want)
	}
	// A shorter line (Backspace) is redrawn whole.
	got = termOutput(t, "$ ", nil, false, erase, "$ ab", erase, "$ a")
	if want := erase + "$ ab" + erase + "$ a"; got != want {
		t.Errorf("backspace: %q, want %q", got, want)
	}
	// A long erase arrives in pieces and is still recognised.
	long := "\x1b[J" + strings.Repeat("\x1b[2K\r\x1b[A", 600) + "\x1b[2K\r"
	line := "$ " + strings.Repeat("a", 50000)
	got = termOutput(t, "$ ", nil, false, erase, line, long[:4096], long[4096:], line+"b")
	if want := erase + line + "b"; got != want {
		t.Errorf("long erase: %d bytes, want %d", len(got), len(want))
	}
	// Other output in between makes the next redraw whole again.
	got = termOutput(t, "$ ", nil, false, erase, "$ a", "\a", erase, "$ ab")
	if want := erase + "$ a" + "\a" + erase + "$ ab"; got != want {
		t.Errorf("other output: %q, want %q", got, want)
	}
	// Placeholders become the sequences they stand for.
	head, tail, seqs := editorPrompt("\x01\x1b[31m\x02red\x01\x1b[0m\x02> ")
	got = termOutput(t, tail, seqs, false, erase, tail+"x")
	if want := erase + "\x1b[31mred\x1b[0m> x"; head != "" || got != want {
		t.Errorf("placeholders: %q, want %q", got, want)
	}
}

func TestEditorPrompt(t *testing.T) {
	head, tail, seqs := editorPrompt("line1\n\x01\x1b]0;title\x07\x02\x1b[1mB\x1b[0m\\> \x1b")
	if head != "line1\n" {
		t.Errorf("head %q", head)
	}
	if len(seqs) != 4 || seqs[0] != "\x1b]0;title\x07" || seqs[1] != "\x1b[1m" || seqs[2] != "\x1b[0m" || seqs[3] != "\x1b" {
		t.Errorf("seqs %q", seqs)
	}
	want := string(rune(placeholderBase)) + string(rune(placeholderBase+1)) + "B" + string(rune(placeholderBase+2)) + "\\> " + string(rune(placeholderBase+3))
	if tail != want {
		t.Errorf("tail %q, want %q", tail, want)
	}
}
