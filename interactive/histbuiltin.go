package interactive

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gsh/builtins"
)

func init() {
	builtins.Register(&builtins.Builtin{Name: "history", Fn: biHistory,
		Usage: "history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]"})
}

// biHistory is the history builtin:
//
//	history [n]          list (the last n entries)
//	history -c           clear
//	history -d N[-M]     delete entries (negative N counts from the end)
//	history -a/-n/-r/-w [file]   append new / read new / read / write
//	history -p args      expand args and print them (nothing is stored)
//	history -s args      store args as one entry
func biHistory(sh builtins.Shell, args []string) int {
	fe := current()
	var h *History
	if fe != nil {
		h = fe.hist
	} else {
		h = newHistory() // scripts keep no history
	}
	opts, rest, ok := builtins.ParseOpts(sh, args, "cd:anrwps")
	if !ok {
		return 2
	}
	var clear, del, printArgs, storeArgs bool
	var delArg string
	var fileOp byte
	for _, o := range opts {
		switch o.C {
		case 'c':
			clear = true
		case 'd':
			del, delArg = true, o.Arg
		case 'a', 'n', 'r', 'w':
			if fileOp != 0 && fileOp != o.C {
				sh.Errorf("history: cannot use more than one of -anrw")
				return 1
			}
			fileOp = o.C
		case 'p':
			printArgs = true
		case 's':
			storeArgs = true
		}
	}
	// The options act in bash's order: -c, then -s, -p, -d, a listing
	// or a file operation.
	if clear {
		h.Clear()
		if len(rest) == 0 {
			return 0
		}
	}
	switch {
	case storeArgs:
		if len(rest) > 0 && fe != nil {
			h.ReplaceLast(strings.Join(rest, " "))
		}
		return 0
	case printArgs:
		return histPrint(sh, fe, h, rest)
	case del:
		return histDelete(sh, h, delArg)
	case fileOp != 0:
		return histFileOp(sh, fe, h, fileOp, rest)
	case clear:
		return 0
	}
	count := -1
	if len(rest) > 0 {
		n, err := strconv.Atoi(strings.TrimSpace(rest[0]))
		if err != nil {
			sh.Errorf("history: %s: numeric argument required", rest[0])
			return 1
		}
		if len(rest) > 1 {
			sh.Errorf("history: too many arguments")
			return 1
		}
		count = max(n, -n) // bash lists the last |n|
	}
	if fe != nil {
		h.Trim(fe.histSizeLimit())
	}
	return histList(sh, h, count)
}

// histPrint is history -p: it prints args after history expansion,
// storing nothing.
func histPrint(sh builtins.Shell, fe *frontEnd, h *History, args []string) int {
	// The expansion sees the history without this command line.
	prev := &History{entries: h.entries, base: h.base}
	if fe != nil && len(prev.entries) > 0 {
		prev.entries = prev.entries[:len(prev.entries)-1]
	}
	x := histExpander{hist: prev}
	st := 0
	for _, a := range args {
		res, err := x.expand(a)
		if err != nil {
			sh.Errorf("history: %s", err)
			st = 1
			continue
		}
		io.WriteString(sh.Stdout(), res.line+"\n")
	}
	return st
}

// histList prints the last count entries (all if count < 0) as bash does:
// the number right-aligned in 5 columns, two spaces, the (time and) text.
func histList(sh builtins.Shell, h *History, count int) int {
	first := h.First()
	if count >= 0 && count < h.Len() {
		first = h.Next() - count
	}
	tf := sh.Vars().Get("HISTTIMEFORMAT")
	var b strings.Builder
	for n := first; n < h.Next(); n++ {
		e := h.entries[n-h.base]
		fmt.Fprintf(&b, "%5d  ", n)
		if tf.IsSet() {
			t := time.Unix(e.when, 0)
			if e.when == 0 {
				t = time.Now()
			}
			b.WriteString(builtins.Strftime(tf.Str(), t))
		}
		b.WriteString(e.text)
		b.WriteByte('\n')
	}
	io.WriteString(sh.Stdout(), b.String())
	return 0
}

// histDelete is history -d N or -d N-M; negative positions count back
// from the end (-1 is the last entry).
func histDelete(sh builtins.Shell, h *History, spec string) int {
	pos := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, false
		}
		if n < 0 {
			n = h.Next() + n
		}
		return n, n >= h.First() && n < h.Next()
	}
	from, to := spec, spec
	// N-M; a leading - is N's sign.
	if k := strings.IndexByte(spec[min(1, len(spec)):], '-'); k >= 0 {
		from, to = spec[:k+1], spec[k+2:]
	}
	a, okA := pos(from)
	b, okB := pos(to)
	if !okA || !okB || b < a {
		// A word that is no number is out of range too, as in bash.
		bad := spec
		if okA && !okB {
			bad = to
		}
		sh.Errorf("history: %s: history position out of range", bad)
		return 1
	}
	for n := b; n >= a; n-- {
		h.Delete(n)
	}
	return 0
}

// histFileOp is history -a, -n, -r or -w with HISTFILE or the named file.
func histFileOp(sh builtins.Shell, fe *frontEnd, h *History, op byte, rest []string) int {
	path := sh.Vars().Str("HISTFILE")
	if len(rest) > 0 {
		path = rest[0]
	}
	if path == "" {
		return 0
	}
	stamps := sh.Vars().Get("HISTTIMEFORMAT").IsSet()
	// seen is how many entries of the file this shell knows after the
	// operation (see frontEnd.histFileLines): as in bash, what -a appends
	// counts as seen.
	seen := 0
	if fe != nil {
		seen = fe.histFileLines
	}
	var err error
	switch op {
	case 'a':
		n := h.Len() - h.newFrom
		if err = h.AppendFile(path, stamps); err == nil {
			seen += n
		}
	case 'w':
		err = h.WriteFile(path, stamps)
		seen = h.Len()
	case 'r':
		n := h.Len()
		err = h.ReadFile(path)
		seen = h.Len() - n
	case 'n':
		var es []histEntry
		if es, err = readHistFile(path); err == nil {
			h.addRead(es[min(seen, len(es)):])
			seen = len(es)
		}
	}
	if err != nil {
		sh.Errorf("history: %s: %s", path, builtins.ErrnoText(err))
		return 1
	}
	if fe != nil {
		fe.histFileLines = seen
	}
	return 0
}
