package interactive

import (
	"testing"

	"github.com/chzyer/readline"
)

func TestViTracker(t *testing.T) {
	v := &viTracker{}
	if v.key('r') != 'r' {
		t.Fatal("vi off: keys pass")
	}
	v.setOn(true)
	v.Paint(nil, 0)
	if v.key('r') != 'r' {
		t.Fatal("insert mode: r is text")
	}
	v.key(readline.CharEsc)
	if v.key('r') != readline.CharBell || v.key('e') != readline.CharBell {
		t.Fatal("r and e on an empty line must be refused")
	}
	v.Paint([]rune("abc"), 1)
	if v.key('r') != 'r' || v.key('e') != 'e' {
		t.Fatal("r and e inside the line pass")
	}
	v.Paint([]rune("abc"), 2)
	if v.key('e') != readline.CharBell {
		t.Fatal("e at the last character must be refused")
	}
	if string(v.translate([]byte("\x1b[A"))) != "k" || string(v.translate([]byte("\x1b"))) != "\x1b" {
		t.Fatal("command mode translation")
	}
	v.key('i')
	if string(v.translate([]byte("\x1b[D"))) != string(rune(readline.CharBackward)) || string(v.translate([]byte("\x1b"))) != "\x1bh" {
		t.Fatal("insert mode translation")
	}
	if v.translate([]byte("\x1b[15~")) != nil {
		t.Fatal("unknown sequences are dropped")
	}
}
