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
	usage := func() int {
		io.WriteString(sh.Stderr(), "history: usage: "+builtins.Lookup("history").Usage+"\n")
		return 2
	}
	var clear bool
	var del string
	var fileOp byte
	var printArgs, storeArgs bool
	i := 1
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' || isNumber(a) {
			break
		}
		for j := 1; j < len(a); j++ {
			switch c := a[j]; c {
			case 'c':
				clear = true
			case 'd':
				if j+1 < len(a) {
					del = a[j+1:]
				} else if i+1 < len(args) {
					i++
					del = args[i]
				} else {
					sh.Errorf("history: -d: option requires an argument")
					return usage()
				}
				j = len(a)
			case 'a', 'n', 'r', 'w':
				if fileOp != 0 && fileOp != c {
					sh.Errorf("history: cannot use more than one of -anrw")
					return usage()
				}
				fileOp = c
			case 'p':
				printArgs = true
			case 's':
				storeArgs = true
			default:
				sh.Errorf("history: -%c: invalid option", c)
				return usage()
			}
		}
	}
	rest := args[i:]
	if clear {
		h.Clear()
	}
	if del != "" {
		return histDelete(sh, h, del)
	}
	if fileOp != 0 {
		return histFileOp(sh, fe, h, fileOp, rest)
	}
	if printArgs {
		// The expansion sees the history without this command line.
		prev := &History{entries: h.entries, base: h.base}
		if fe != nil && len(prev.entries) > 0 {
			prev.entries = prev.entries[:len(prev.entries)-1]
		}
		x := histExpander{hist: prev}
		st := 0
		for _, a := range rest {
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
	if storeArgs {
		if len(rest) > 0 && fe != nil {
			h.ReplaceLast(strings.Join(rest, " "))
		}
		return 0
	}
	if clear {
		return 0
	}
	if len(rest) > 1 {
		sh.Errorf("history: too many arguments")
		return 2
	}
	count := -1
	if len(rest) == 1 {
		n, err := strconv.Atoi(rest[0])
		if err != nil {
			sh.Errorf("history: %s: numeric argument required", rest[0])
			return 2
		}
		if n < 0 {
			sh.Errorf("history: %s: invalid number", rest[0])
			return 2
		}
		count = n
	}
	if fe != nil {
		h.Trim(fe.histSizeLimit())
	}
	return histList(sh, h, count)
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
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
	if k := strings.IndexByte(spec[1:], '-'); k >= 0 {
		from, to = spec[:k+1], spec[k+2:]
	}
	a, okA := pos(from)
	b, okB := pos(to)
	if !okA || !okB || b < a {
		bad := spec
		if okA && !okB {
			bad = to
		}
		if _, err := strconv.Atoi(from); err != nil {
			sh.Errorf("history: %s: numeric argument required", spec)
			return 2
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
	var err error
	switch op {
	case 'a':
		err = h.AppendFile(path, stamps)
	case 'w':
		err = h.WriteFile(path, stamps)
	case 'r':
		err = h.ReadFile(path)
	case 'n':
		es, e := readHistFile(path)
		err = e
		if e == nil && fe != nil {
			h.entries = append(h.entries, es[min(fe.histFileLines, len(es)):]...)
			h.newFrom = len(h.entries)
			fe.histFileLines = len(es)
		}
	}
	if err != nil {
		sh.Errorf("history: %s: %s", path, errText(err))
		return 1
	}
	if fe != nil && op != 'n' {
		if es, e := readHistFile(path); e == nil {
			fe.histFileLines = len(es)
		}
	}
	return 0
}
