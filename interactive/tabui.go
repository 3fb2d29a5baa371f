package interactive

import (
	"sync"

	"github.com/chzyer/readline"
)

// tabCompleter connects the completer to the editor's Tab key, with
// bash's behaviour: Tab inserts the unique match or the longest common
// prefix; when it cannot add anything it rings the bell, and a second Tab
// in a row lists the choices.
//
// The editor can only insert text at the cursor, so the replacement of the
// typed word is handed to the change listener (applyEdit), which runs
// right after the Tab key with the line and cursor.
type tabCompleter struct {
	comp *completer
	bell func()

	mu       sync.Mutex
	edit     *lineEdit
	prevTab  bool
	prevLine string
	prevPos  int
}

// lineEdit replaces runes [start, end) of the line with text.
type lineEdit struct {
	start, end int
	text       []rune
}

// Do is called by the editor on Tab.
func (t *tabCompleter) Do(line []rune, pos int) ([][]rune, int) {
	if t.comp == nil {
		return nil, 0
	}
	s := string(line)
	bytePos := len(string(line[:pos]))
	res := t.comp.complete(s, bytePos)
	if res == nil || len(res.cands) == 0 {
		t.bell()
		return nil, 0
	}
	t.mu.Lock()
	second := t.prevTab && t.prevLine == s && t.prevPos == pos
	t.mu.Unlock()
	if text, ok := res.insertion(); ok {
		start := len([]rune(s[:res.start]))
		t.mu.Lock()
		t.edit = &lineEdit{start: start, end: pos, text: []rune(text)}
		t.mu.Unlock()
		return nil, 0
	}
	if !second {
		t.bell()
		return nil, 0
	}
	return res.listing()
}

// applyEdit applies the replacement chosen by the last Tab.
func (t *tabCompleter) applyEdit(line []rune, pos int) ([]rune, int, bool) {
	t.mu.Lock()
	ed := t.edit
	t.edit = nil
	t.mu.Unlock()
	if ed == nil || ed.end > len(line) || ed.start > ed.end {
		return nil, 0, false
	}
	n := make([]rune, 0, len(line)+len(ed.text))
	n = append(append(append(n, line[:ed.start]...), ed.text...), line[ed.end:]...)
	return n, ed.start + len(ed.text), true
}

// noteKey records the last key, to recognise a second Tab.
func (t *tabCompleter) noteKey(key rune, line []rune, pos int) {
	t.mu.Lock()
	t.prevTab = key == readline.CharTab
	t.prevLine, t.prevPos = string(line), pos
	t.mu.Unlock()
}

// reset forgets the key history (a new line starts).
func (t *tabCompleter) reset() {
	t.mu.Lock()
	t.prevTab, t.edit = false, nil
	t.mu.Unlock()
}
