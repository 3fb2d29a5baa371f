package builtins

import (
	"bytes"
	"fmt"

	"gsh/shell/vars"
)

func init() {
	const opts = " [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c quantum] [array]"
	Register(&Builtin{Name: "mapfile", Fn: mapfileBuiltin, Usage: "mapfile" + opts})
	Register(&Builtin{Name: "readarray", Fn: mapfileBuiltin, Usage: "readarray" + opts})
}

func mapfileBuiltin(sh Shell, args []string) int {
	name := args[0]
	opts, rest, ok := parseOpts(sh, args, "d:u:n:O:tC:c:s:")
	if !ok {
		return 2
	}
	var (
		delim        byte = '\n'
		fd, count    int
		origin, skip int64
		quantum      int64 = 5000
		chop, clear        = false, true
		callback     string
	)
	// number parses a non-negative count as bash does.
	number := func(s, what string, min int64) (int64, bool) {
		n, ok := legalNumber(s)
		if !ok || n < min || n > 1<<32-1 {
			sh.Errorf("%s: %s: invalid %s", name, s, what)
			return 0, false
		}
		return n, true
	}
	for _, o := range opts {
		var ok bool
		var n int64
		switch o.C {
		case 'd':
			delim = 0
			if o.Arg != "" {
				delim = o.Arg[0]
			}
		case 'u':
			n, ok = legalNumber(o.Arg)
			if !ok || n < 0 || n > 1<<31-1 {
				sh.Errorf("%s: %s: invalid file descriptor specification", name, o.Arg)
				return 1
			}
			if sh.File(int(n)) == nil {
				sh.Errorf("%s: %d: invalid file descriptor: Bad file descriptor", name, n)
				return 1
			}
			fd = int(n)
		case 'n':
			if n, ok = number(o.Arg, "line count", 0); !ok {
				return 1
			}
			count = int(n)
		case 'O':
			if origin, ok = number(o.Arg, "array origin", 0); !ok {
				return 1
			}
			clear = false
		case 's':
			if skip, ok = number(o.Arg, "line count", 0); !ok {
				return 1
			}
		case 't':
			chop = true
		case 'C':
			callback = o.Arg
		case 'c':
			if quantum, ok = number(o.Arg, "callback quantum", 1); !ok {
				return 1
			}
		}
	}
	arr := "MAPFILE"
	if len(rest) > 0 {
		arr = rest[0]
		if arr == "" {
			sh.Errorf("%s: empty array variable name", name)
			return 2
		}
	}
	if !vars.ValidName(arr) {
		sh.Errorf("%s: '%s': not a valid identifier", name, arr)
		return 1
	}
	st := sh.Vars()
	if v := st.Get(arr); v != nil {
		if v.Has(vars.ReadOnly) {
			sh.Errorf("%s: readonly variable", arr)
			return 1
		}
		if v.Has(vars.Assoc) {
			sh.Errorf("%s: %s: not an indexed array", name, arr)
			return 1
		}
	}
	if clear {
		if err := st.AssignList(arr, nil, false); err != nil {
			sh.Errorf("%s", err)
			return 1
		}
	} else if _, err := st.Declare(arr, vars.Indexed, 0, false, false); err != nil {
		sh.Errorf("%s", err)
		return 1
	}

	f := sh.File(fd)
	if f == nil {
		return 0
	}
	in := newFDInput(sh, f)
	defer in.release()
	for i := int64(0); i < skip; i++ {
		if _, ok := readDelimited(in, delim); !ok {
			break
		}
	}
	idx := origin
	for lines := 1; ; idx++ {
		line, ok := readDelimited(in, delim)
		if !ok {
			break
		}
		if chop && len(line) > 0 && line[len(line)-1] == delim {
			line = line[:len(line)-1]
		}
		// Values are C strings in bash: a NUL byte ends the line's value.
		if k := bytes.IndexByte(line, 0); k >= 0 {
			line = line[:k]
		}
		if callback != "" && lines%int(quantum) == 0 {
			in.sync()
			sh.Eval(fmt.Sprintf("%s %d %s", callback, idx, QuoteLiteral(string(line))), name)
		}
		if err := st.SetIndex(arr, idx, string(line), false); err != nil {
			sh.Errorf("%s", err)
			return 1
		}
		lines++
		if count != 0 && lines > count {
			break
		}
	}
	return 0
}

// readDelimited reads one line including its delimiter. ok is false at
// end of input (or on an error) when nothing was read.
func readDelimited(in *fdInput, delim byte) ([]byte, bool) {
	var line []byte
	for {
		c, err := in.readByte()
		if err != nil {
			return line, len(line) > 0
		}
		line = append(line, c)
		if c == delim {
			return line, true
		}
	}
}
