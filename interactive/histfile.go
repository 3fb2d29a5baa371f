package interactive

import (
	"os"
	"strconv"
	"strings"
)

// loadHistory reads HISTFILE at start-up (after the start-up files, which
// may set HISTFILE and HISTSIZE); a file over HISTFILESIZE is trimmed.
func (fe *frontEnd) loadHistory() {
	path := fe.sh.Vars().Str("HISTFILE")
	if path == "" {
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	text := string(data)
	if n, ok := fe.histFileSize(); ok {
		if kept, cut := trimHistText(text, n); cut {
			writeHistFile(path, kept, false)
			text = kept
		}
	}
	fe.hist.addRead(parseHistFile(text))
	fe.histFileLines = fe.hist.Len()
	fe.hist.Trim(fe.histSizeLimit())
	// What was read is numbered from 1, whatever HISTSIZE dropped.
	fe.hist.base = 1
	fe.hist.gen++
}

// saveHistory writes the history to HISTFILE when the shell exits: the
// whole list, or with histappend the new entries; then the file is
// trimmed to HISTFILESIZE.
func (fe *frontEnd) saveHistory() {
	if on, _ := fe.sh.Option("history"); !on {
		return
	}
	path := fe.sh.Vars().Str("HISTFILE")
	if path == "" {
		return
	}
	stamps := fe.sh.Vars().Get("HISTTIMEFORMAT").IsSet()
	fe.hist.Trim(fe.histSizeLimit())
	if on, _ := fe.sh.Option("histappend"); on {
		fe.hist.AppendFile(path, stamps)
	} else {
		fe.hist.WriteFile(path, stamps)
	}
	if n, ok := fe.histFileSize(); ok {
		truncateHistFile(path, n)
	}
}

// histSizeLimit is HISTSIZE as a limit (-1: none).
func (fe *frontEnd) histSizeLimit() int {
	v, ok := fe.sh.Var("HISTSIZE")
	return histSize(v, ok)
}

// histFileSize is HISTFILESIZE; ok is false when the file is not trimmed.
func (fe *frontEnd) histFileSize() (int, bool) {
	v, ok := fe.sh.Var("HISTFILESIZE")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
