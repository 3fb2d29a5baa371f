package interactive

import (
	"container/list"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// newTestEditor makes an editor on a pipe that never delivers a key.
func newTestEditor(t testing.TB) *rlEditor {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close(); out.Close() })
	e, err := newRLEditor(int(r.Fd()), out, func() bool { return false }, &completer{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// libHistory reads the library's copy of the history (a private list:
// this test checks what Up and Ctrl-R would walk through).
func libHistory(e *rlEditor) []string {
	op := reflect.ValueOf(e.inst.Operation).Elem()
	hist := op.FieldByName("history")
	hist = reflect.NewAt(hist.Type(), unsafe.Pointer(hist.UnsafeAddr())).Elem().Elem()
	l := hist.FieldByName("history")
	lst := reflect.NewAt(l.Type(), unsafe.Pointer(l.UnsafeAddr())).Elem().Interface().(*list.List)
	var out []string
	for el := lst.Front(); el != nil; el = el.Next() {
		if src := reflect.ValueOf(el.Value).Elem().FieldByName("Source").Interface().([]rune); len(src) > 0 {
			out = append(out, string(src))
		}
	}
	return out
}

func TestEditorHistorySync(t *testing.T) {
	e := newTestEditor(t)
	h := newHistory()
	add := func(n int) {
		for range n {
			h.Add("cmd " + strconv.Itoa(h.Next()))
		}
	}
	check := func(what string, size int) {
		t.Helper()
		e.Configure(EditorConfig{History: h, HistSize: size})
		want := strings.Join(texts(h), "|")
		if got := strings.Join(libHistory(e), "|"); got != want {
			t.Errorf("%s: editor has %q, want %q", what, got, want)
		}
		if e.histAny.Load() != (h.Len() > 0) {
			t.Errorf("%s: histAny %v with %d entries", what, e.histAny.Load(), h.Len())
		}
	}
	add(5)
	h.Trim(3)
	check("first load", 3)
	add(2)
	h.Trim(3)
	check("full list, new entries", 3)
	check("HISTSIZE raised", 10)
	h.Trim(1)
	check("trimmed below HISTSIZE", 10)
	add(4)
	check("appended", 10)
	h.Delete(h.First() + 1)
	check("deleted", 10)
	add(20)
	h.Trim(10)
	check("more new entries than HISTSIZE", 10)
	add(1)
	h.Trim(0)
	check("HISTSIZE=0", 0)
	add(2)
	check("unlimited", -1)
	h.Clear()
	check("cleared", -1)
}
