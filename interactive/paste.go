package interactive

import "sync"

// pasteMarker stands in the editor's input for a run of pasted text: a
// Unicode noncharacter, which no terminal sends for a key.
const pasteMarker = '\uFDD0'

// pasteState carries a paste from ttyInput to the editor. The input
// layer stores the text and sends pasteMarker through the editor's key
// stream, so the text keeps its place among the keys around it; the key
// filter arms the paste when the marker arrives and the editor's change
// listener inserts the whole text at the cursor with a single redraw.
type pasteState struct {
	mu    sync.Mutex
	text  []byte
	armed bool
	// ok reports whether the editor is in a state where typed text is
	// inserted as it is (not in a search, a completion menu or vi command
	// mode); only then may a run skip the editor's key handling.
	ok func() bool
}

func (p *pasteState) allowed() bool { return p.ok == nil || p.ok() }

// put stores a run read by the input layer.
func (p *pasteState) put(b []byte) {
	p.mu.Lock()
	p.text = append(p.text, b...)
	p.mu.Unlock()
}

// arm is called when the marker reaches the editor; it reports whether
// text is waiting (a real U+FDD0 typed alone is then passed on).
func (p *pasteState) arm() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.text) == 0 {
		return false
	}
	p.armed = true
	return true
}

// take returns the armed text, once.
func (p *pasteState) take() (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.armed {
		return "", false
	}
	s := string(p.text)
	p.text, p.armed = nil, false
	return s, true
}

// discard drops a paste that never reached the editor's listener.
func (p *pasteState) discard() {
	p.mu.Lock()
	p.text, p.armed = nil, false
	p.mu.Unlock()
}
