package interactive

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// History is the command history list, numbered as bash numbers it: the
// first entry is number base, and dropping old entries (HISTSIZE) moves
// base up, so an entry keeps its number until it leaves the list.
type History struct {
	entries []histEntry
	base    int
	// newFrom is the index of the first entry not yet in the history file
	// (history -a appends from there).
	newFrom int
	// gen changes whenever entries change other than by an append or by
	// dropping the oldest (Trim), so that the editor reloads its copy.
	gen int
}

type histEntry struct {
	text string
	when int64 // Unix time the entry was added (0: unknown)
}

func newHistory() *History { return &History{base: 1} }

// Len is the number of entries.
func (h *History) Len() int { return len(h.entries) }

// Next is the number the next entry will get (\! in prompts).
func (h *History) Next() int { return h.base + len(h.entries) }

// Last returns the text of the most recent entry.
func (h *History) Last() (string, bool) {
	if len(h.entries) == 0 {
		return "", false
	}
	return h.entries[len(h.entries)-1].text, true
}

// Get returns entry number n.
func (h *History) Get(n int) (string, bool) {
	i := n - h.base
	if i < 0 || i >= len(h.entries) {
		return "", false
	}
	return h.entries[i].text, true
}

// First is the number of the oldest entry.
func (h *History) First() int { return h.base }

// Add appends an entry.
func (h *History) Add(text string) {
	h.entries = append(h.entries, histEntry{text, time.Now().Unix()})
}

// EraseDups removes earlier entries equal to text (HISTCONTROL=erasedups).
// Later entries move down, as in bash.
func (h *History) EraseDups(text string) {
	out := h.entries[:0]
	removed := 0
	for i, e := range h.entries {
		if e.text == text {
			removed++
			if i < h.newFrom {
				h.newFrom--
			}
			continue
		}
		out = append(out, e)
	}
	if removed > 0 {
		h.entries = out
		h.gen++
	}
}

// Trim keeps the newest limit entries (limit < 0: no limit).
func (h *History) Trim(limit int) {
	if limit < 0 || len(h.entries) <= limit {
		return
	}
	drop := len(h.entries) - limit
	// No copy: the next append that outgrows the array moves what is
	// left (amortised O(1) per entry); the dropped texts are freed now.
	clear(h.entries[:drop])
	h.entries = h.entries[drop:]
	h.base += drop
	h.newFrom = max(h.newFrom-drop, 0)
}

// Clear empties the list (history -c); numbering starts again at 1.
func (h *History) Clear() {
	h.entries = nil
	h.base = 1
	h.newFrom = 0
	h.gen++
}

// Delete removes entry number n; later entries are renumbered.
func (h *History) Delete(n int) bool {
	i := n - h.base
	if i < 0 || i >= len(h.entries) {
		return false
	}
	h.entries = append(h.entries[:i:i], h.entries[i+1:]...)
	if i < h.newFrom {
		h.newFrom--
	}
	h.gen++
	return true
}

// ReplaceLast replaces the newest entry (history -s).
func (h *History) ReplaceLast(text string) {
	if len(h.entries) > 0 {
		h.entries = h.entries[:len(h.entries)-1]
		h.gen++
	}
	h.Add(text)
}

// readHistFile reads a history file: one entry per line, or, in a file
// with timestamps ("#<digits>" lines, as bash writes them when
// HISTTIMEFORMAT is set), the lines from one timestamp to the next, so
// that a multi-line entry comes back whole.
func readHistFile(path string) ([]histEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseHistFile(string(data)), nil
}

// parseHistFile splits the text of a history file into entries.
func parseHistFile(data string) []histEntry {
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	stamped := len(lines) > 0 && isStamp(lines[0])
	var out []histEntry
	var when int64
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, histEntry{strings.Join(cur, "\n"), when})
		}
		cur, when = nil, 0
	}
	for _, line := range lines {
		switch {
		case isStamp(line):
			flush()
			when, _ = strconv.ParseInt(line[1:], 10, 64)
		case stamped:
			cur = append(cur, line)
		case line != "":
			cur = append(cur, line)
			flush()
		}
	}
	flush()
	return out
}

func isStamp(line string) bool { return len(line) > 1 && line[0] == '#' && isDigits(line[1:]) }

// ReadFile appends the entries of a history file (history -r, start-up).
func (h *History) ReadFile(path string) error {
	es, err := readHistFile(path)
	if err != nil {
		return err
	}
	h.addRead(es)
	return nil
}

// addRead appends entries read from the history file.
func (h *History) addRead(es []histEntry) {
	h.entries = append(h.entries, es...)
	h.newFrom = len(h.entries)
}

// formatEntries renders entries for a history file.
func formatEntries(es []histEntry, stamps bool) string {
	var b strings.Builder
	for _, e := range es {
		if stamps && e.when > 0 {
			b.WriteString("#" + strconv.FormatInt(e.when, 10) + "\n")
		}
		b.WriteString(e.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// WriteFile replaces the file with the whole list (history -w, exit).
func (h *History) WriteFile(path string, stamps bool) error {
	if err := writeHistFile(path, formatEntries(h.entries, stamps), false); err != nil {
		return err
	}
	h.newFrom = len(h.entries)
	return nil
}

// AppendFile appends the entries added since the last read or write
// (history -a, exit with histappend).
func (h *History) AppendFile(path string, stamps bool) error {
	if h.newFrom >= len(h.entries) {
		return nil
	}
	if err := writeHistFile(path, formatEntries(h.entries[h.newFrom:], stamps), true); err != nil {
		return err
	}
	h.newFrom = len(h.entries)
	return nil
}

// writeHistFile writes a history file, created with mode 0600: history
// can hold secrets typed on a command line.
func writeHistFile(path, text string, appending bool) error {
	flags := os.O_WRONLY | os.O_CREATE
	if appending {
		flags |= os.O_APPEND
	} else {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// truncateHistFile keeps the last limit lines of a history file
// (HISTFILESIZE); timestamp lines stay with their entries.
func truncateHistFile(path string, limit int) error {
	if limit < 0 {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if kept, cut := trimHistText(string(data), limit); cut {
		return writeHistFile(path, kept, false)
	}
	return nil
}

// trimHistText keeps the last limit lines of a history file's text, not
// counting timestamp lines. cut reports whether any were dropped.
func trimHistText(data string, limit int) (kept string, cut bool) {
	lines := strings.SplitAfter(data, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	count, start := 0, len(lines)
	for start > 0 && count < limit {
		start--
		if !isStamp(strings.TrimSuffix(lines[start], "\n")) {
			count++
		}
	}
	// A timestamp line just before the first kept entry belongs to it.
	if start > 0 {
		if isStamp(strings.TrimSuffix(lines[start-1], "\n")) && count > 0 {
			start--
		}
	}
	if start == 0 {
		return data, false
	}
	return strings.Join(lines[start:], ""), true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
