package builtins

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gsh/shell/vars"
)

func init() {
	Register(&Builtin{Name: "read", Fn: readBuiltin,
		Usage: "read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]"})
}

// statusTimeout is read's status when -t expires: 128+SIGALRM.
const statusTimeout = 128 + 14

type readOpts struct {
	raw, silent   bool
	array         string
	delim         int // byte value; -1: none (-N)
	nchars        int
	nflag         bool
	ignoreDelim   bool
	prompt        string
	hasPrompt     bool
	timeout       time.Duration
	hasTimeout    bool
	fd            int
	names         []string
	multibyteRead bool
}

func readBuiltin(sh Shell, args []string) int {
	o := readOpts{delim: '\n'}
	opts, names, ok := parseOpts(sh, args, "ersa:d:i:n:N:p:t:u:")
	if !ok {
		return 2
	}
	for _, op := range opts {
		switch op.C {
		case 'r':
			o.raw = true
		case 's':
			o.silent = true
		case 'e', 'i':
			// Line editing is only offered interactively; gsh reads plainly.
		case 'a':
			o.array = op.Arg
		case 'd':
			o.delim = 0
			if op.Arg != "" {
				o.delim = int(op.Arg[0])
			}
		case 'n', 'N':
			n, ok := legalNumber(op.Arg)
			if !ok || n < 0 || n > 1<<31-1 {
				sh.Errorf("read: %s: invalid number", op.Arg)
				return 1
			}
			o.nchars, o.nflag = int(n), true
			if op.C == 'N' {
				o.ignoreDelim = true
			}
		case 'p':
			o.prompt, o.hasPrompt = op.Arg, true
		case 't':
			d, ok := parseTimeout(op.Arg)
			if !ok {
				sh.Errorf("read: %s: invalid timeout specification", op.Arg)
				return 1
			}
			o.timeout, o.hasTimeout = d, true
		case 'u':
			n, ok := legalNumber(op.Arg)
			if !ok || n < 0 || n > 1<<31-1 {
				sh.Errorf("read: %s: invalid file descriptor specification", op.Arg)
				return 1
			}
			if sh.File(int(n)) == nil {
				sh.Errorf("read: %d: invalid file descriptor: Bad file descriptor", n)
				return 1
			}
			o.fd = int(n)
		}
	}
	o.names = names

	f := sh.File(o.fd)
	if o.hasTimeout && o.timeout == 0 {
		if f != nil && inputAvailable(f) {
			return 0
		}
		return 1
	}
	if len(names) > 0 && !validVarRef(names[0]) {
		sh.Errorf("read: '%s': not a valid identifier", names[0])
		return 1
	}
	if o.array != "" && !vars.ValidName(o.array) {
		sh.Errorf("read: '%s': not a valid identifier", o.array)
		return 1
	}
	if f == nil {
		sh.Errorf("read: read error: %d: Bad file descriptor", o.fd)
		return 1
	}
	o.multibyteRead = UTF8()

	line, status, err := readLine(sh, &o, f)
	switch {
	case errors.Is(err, errReadInterrupted):
		return 128 + 2 // SIGINT abandons the read, as in bash
	case err != nil:
		sh.Errorf("read: read error: %d: %s", o.fd, ErrnoText(err))
		return 1
	}
	if st := assignRead(sh, &o, line); st != 0 {
		return st
	}
	return status
}

// rchar is one byte of the line; q marks a byte escaped by a backslash,
// which is never a field separator.
type rchar struct {
	b byte
	q bool
}

// readLine reads up to the delimiter (or nchars characters) and returns
// the bytes with their escape marks. The status is 0, 1 at end of file or
// statusTimeout; err is a read error, after which nothing is assigned.
func readLine(sh Shell, o *readOpts, file *os.File) ([]rchar, int, error) {
	tty := fileIsTTY(file)
	if tty {
		if o.hasPrompt {
			fmt.Fprint(sh.Stderr(), o.prompt)
		}
		restore := ttyMode(file, o.nchars > 0 || o.ignoreDelim || o.delim != '\n', o.silent)
		defer restore()
	}
	if o.nflag && o.nchars == 0 {
		return nil, 0, nil
	}
	in := newFDInput(sh, file)
	defer in.release()
	if o.hasTimeout {
		in.deadline = time.Now().Add(o.timeout)
	}
	delim := o.delim
	if o.ignoreDelim {
		delim = -1
	}
	var line []rchar
	passNext := false
	count := 0
	for {
		c, err := in.readByte()
		switch {
		case err == io.EOF:
			return line, 1, nil
		case errors.Is(err, errReadTimeout):
			return line, statusTimeout, nil
		case err != nil:
			return nil, 1, err
		}
		if passNext {
			passNext = false
			if c == '\n' {
				continue // line continuation
			}
			if c == 0 {
				continue
			}
			line = append(line, rchar{c, true})
		} else {
			if c == '\\' && !o.raw {
				passNext = true
				continue
			}
			if int(c) == delim {
				return line, 0, nil
			}
			if c == 0 {
				continue // bash drops NUL bytes unless NUL is the delimiter
			}
			line = append(line, rchar{c, false})
		}
		if o.multibyteRead && c >= 0xc0 {
			line = readRestOfChar(in, line, c)
		}
		count++
		if o.nchars > 0 && count >= o.nchars {
			return line, 0, nil
		}
	}
}

// readRestOfChar appends the continuation bytes of the UTF-8 character
// that starts with lead, so that -n counts characters. Like bash it keeps
// a byte that turns out not to continue the sequence.
func readRestOfChar(in *fdInput, line []rchar, lead byte) []rchar {
	want := 1
	switch {
	case lead >= 0xf0:
		want = 3
	case lead >= 0xe0:
		want = 2
	}
	for ; want > 0; want-- {
		c, err := in.readByte()
		if err != nil {
			break
		}
		line = append(line, rchar{c, false})
		if utf8.RuneStart(c) {
			break
		}
	}
	return line
}

// parseTimeout parses -t's argument as bash's uconvert does: digits with
// an optional fraction (at most six digits count), no exponent.
func parseTimeout(s string) (time.Duration, bool) {
	p := s
	neg := false
	if p != "" && (p[0] == '-' || p[0] == '+') {
		neg = p[0] == '-'
		p = p[1:]
	}
	ip, fp, _ := strings.Cut(p, ".")
	for _, c := range ip {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	if len(fp) > 6 {
		fp = fp[:6]
	}
	for _, c := range fp {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	var sec, usec int64
	if ip != "" {
		n, err := strconv.ParseInt(ip, 10, 64)
		if err != nil || n > 1<<31 {
			return 0, false
		}
		sec = n
	}
	if fp != "" {
		usec, _ = strconv.ParseInt((fp + "000000")[:6], 10, 64)
	}
	if neg && (sec != 0 || usec != 0) {
		return 0, false
	}
	return time.Duration(sec)*time.Second + time.Duration(usec)*time.Microsecond, true
}
