package interactive

import (
	"os"
	"strconv"
	"testing"
)

// BenchmarkPromptFullHistory is the history work of one prompt once the
// list is full (HISTSIZE entries): a command is added, the oldest entry
// dropped, and the editor brought up to date.
func BenchmarkPromptFullHistory(b *testing.B) {
	const size = 10000
	r, w, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	out, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	e, err := newRLEditor(int(r.Fd()), out, func() bool { return false }, &completer{})
	if err != nil {
		b.Fatal(err)
	}
	h := newHistory()
	for i := range size {
		h.Add("echo " + strconv.Itoa(i))
	}
	cfg := EditorConfig{History: h, HistSize: size}
	e.Configure(cfg)
	b.ResetTimer()
	for i := range b.N {
		h.Add("echo new " + strconv.Itoa(i))
		h.Trim(size)
		e.Configure(cfg)
	}
}
