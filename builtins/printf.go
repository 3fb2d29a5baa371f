package builtins

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gsh/shell/vars"
)

// StartTime is when the shell started: printf's %(fmt)T prints it for the
// argument -2. The shell sets it at start-up.
var StartTime = time.Now()

func init() {
	Register(&Builtin{Name: "printf", Fn: printfBuiltin, Usage: "printf [-v var] format [arguments]"})
}

// printer is the state of one printf invocation. Output is collected in
// buf and written at once at the end. Only before an error message are the
// complete lines so far written out, because bash's stdout is line
// buffered: with 2>&1 the message comes after them.
type printer struct {
	sh      Shell
	buf     []byte
	tmp     []byte // scratch for %b, %q and %T text
	args    []string
	next    int // index in args of the next argument to convert
	passBuf int // len(buf) when the current pass over the format began (%n)
	status  int
	toVar   bool // -v: nothing is written
	written int  // bytes of buf already written
	werr    bool // a write failed (and was reported)
}

var printerPool = sync.Pool{New: func() any { return &printer{buf: make([]byte, 0, 128)} }}

func printfBuiltin(sh Shell, args []string) int {
	vname, toVar, rest, st := printfOptions(sh, args)
	if st >= 0 {
		return st
	}
	if len(rest) == 0 {
		PrintUsage(sh, "printf")
		return 2
	}
	p := printerPool.Get().(*printer)
	p.sh, p.args, p.next, p.status = sh, rest[1:], 0, 0
	p.toVar, p.written, p.werr = toVar, 0, false
	p.buf = p.buf[:0]
	format := rest[0]
	for {
		first := p.next
		p.passBuf = len(p.buf)
		if p.pass(format) {
			break
		}
		if p.next >= len(p.args) || p.next == first {
			break
		}
	}
	if toVar {
		out := p.buf
		if k := bytes.IndexByte(out, 0); k >= 0 { // variables cannot hold NUL
			out = out[:k]
		}
		if !assignVarRef(sh, "printf", vname, string(out)) {
			p.status = 1
		}
	} else {
		p.write(p.buf[p.written:])
	}
	status := p.status
	p.sh, p.args = nil, nil
	if cap(p.buf) <= 64<<10 && cap(p.tmp) <= 64<<10 {
		printerPool.Put(p)
	}
	return status
}

// printfOptions parses -v var. It returns the variable (toVar when -v
// was given), the arguments after the options, and a status >= 0 when
// the builtin must stop.
func printfOptions(sh Shell, args []string) (vname string, toVar bool, rest []string, status int) {
	opts, rest, ok := parseOpts(sh, args, "v:")
	if !ok {
		return "", false, nil, 2
	}
	for _, o := range opts { // only -v: the last one counts, each is checked
		if _, _, _, ok := splitVarRef(o.Arg); !ok {
			sh.Errorf("printf: '%s': not a valid identifier", o.Arg)
			return "", false, nil, 2
		}
		vname, toVar = o.Arg, true
	}
	return vname, toVar, rest, -1
}

// write outputs b, reporting the first failure.
func (p *printer) write(b []byte) {
	if len(b) == 0 || p.werr {
		return
	}
	if _, err := p.sh.Stdout().Write(b); err != nil {
		p.werr = true
		p.status = reportWriteError(p.sh, "printf", err)
	}
}

// errorf prints an error message after writing out the complete lines of
// pending (the output so far, buf or an extension of it).
func (p *printer) errorf(pending []byte, format string, a ...any) {
	if !p.toVar {
		if k := bytes.LastIndexByte(pending[p.written:], '\n'); k >= 0 {
			p.write(pending[p.written : p.written+k+1])
			p.written += k + 1
		}
	}
	p.sh.Errorf(format, a...)
}

// escapeWarning reports a bad \x or \u (see appendEscapes). In a format,
// b holds the output so far; in a %b argument it is separate from it.
func (p *printer) escapeWarning(mode escMode, b []byte, msg string) {
	if mode != escFormat {
		b = p.buf
	}
	p.errorf(b, "%s", msg)
}

// spec is one parsed conversion specification.
type spec struct {
	minus, plus, space, alt, zero bool
	width                         int
	prec                          int  // -1: none
	overflow                      bool // a width or precision past INT_MAX: C's printf prints nothing
	conv                          byte
}

// pass formats the whole format string once. It reports whether printf
// must stop (\c in %b, or an error in the format).
func (p *printer) pass(f string) bool {
	for i := 0; i < len(f); {
		if f[i] != '%' {
			j := strings.IndexByte(f[i:], '%')
			if j < 0 {
				j = len(f)
			} else {
				j += i
			}
			if strings.IndexByte(f[i:j], '\\') >= 0 {
				p.buf, _ = appendEscapes(p.buf, f[i:j], escFormat, p)
			} else {
				p.buf = append(p.buf, f[i:j]...)
			}
			i = j
			continue
		}
		if i+1 < len(f) && f[i+1] == '%' {
			p.buf = append(p.buf, '%')
			i += 2
			continue
		}
		var stop bool
		if i, stop = p.conversion(f, i); stop {
			return true
		}
	}
	return false
}

// conversion handles the specification starting at f[start] == '%' and
// returns the index after it.
func (p *printer) conversion(f string, start int) (int, bool) {
	sp := spec{prec: -1}
	i := start + 1
flags:
	for ; i < len(f); i++ {
		switch f[i] {
		case '-':
			sp.minus = true
		case '+':
			sp.plus = true
		case ' ':
			sp.space = true
		case '#':
			sp.alt = true
		case '0':
			sp.zero = true
		case '\'': // digit grouping: C and C.UTF-8 have no separator
		default:
			break flags
		}
	}
	if i < len(f) && f[i] == '*' {
		i++
		w := p.intArgInt()
		if w < 0 {
			sp.minus = true
			w = -w
		}
		sp.width = w
	} else {
		i, sp.width = specNumber(f, i, &sp.overflow)
	}
	if i < len(f) && f[i] == '.' {
		i++
		if i < len(f) && f[i] == '*' {
			i++
			if pr := p.intArgInt(); pr >= 0 {
				sp.prec = pr
			}
		} else {
			if i < len(f) && f[i] == '-' {
				i++
			}
			i, sp.prec = specNumber(f, i, &sp.overflow)
		}
	}
	for i < len(f) && strings.IndexByte("hjlLtz", f[i]) >= 0 {
		i++
	}
	if i >= len(f) {
		p.errorf(p.buf, "printf: '%s': missing format character", f[start:])
		p.status = 1
		return i, true
	}
	sp.conv = f[i]
	i++
	switch sp.conv {
	case 'c':
		s := p.strArg()
		c := byte(0)
		if s != "" {
			c = s[0]
		}
		p.tmp = append(p.tmp[:0], c)
		sp.prec = -1
		p.putText(&sp, p.tmp)
	case 's':
		p.putString(&sp, p.strArg())
	case 'b':
		var stop bool
		p.tmp, stop = appendEscapes(p.tmp[:0], p.strArg(), escB, p)
		p.putText(&sp, p.tmp)
		if stop {
			return i, true
		}
	case 'q':
		p.tmp = appendQ(p.tmp[:0], p.strArg())
		p.putText(&sp, p.tmp)
	case 'Q': // precision cuts the argument, not its quoted form
		s := p.strArg()
		if sp.prec >= 0 && sp.prec < len(s) {
			s = s[:sp.prec]
		}
		sp.prec = -1
		p.tmp = appendQ(p.tmp[:0], s)
		p.putText(&sp, p.tmp)
	case 'd', 'i':
		v := p.intArg()
		neg := v < 0
		mag := uint64(v)
		if neg {
			mag = -mag
		}
		p.putInt(&sp, neg, mag)
	case 'o', 'u', 'x', 'X':
		p.putInt(&sp, false, p.uintArg())
	case 'e', 'E', 'f', 'F', 'g', 'G', 'a', 'A':
		p.putFloat(&sp, p.floatArg())
	case 'n':
		name := p.strArg()
		if name == "" {
			break
		}
		if !vars.ValidName(name) {
			p.errorf(p.buf, "printf: '%s': not a valid identifier", name)
			p.status = 1
			return i, true
		}
		if err := p.sh.Vars().Set(name, strconv.Itoa(len(p.buf)-p.passBuf)); err != nil {
			p.errorf(p.buf, "%s", err)
		}
	case '(':
		return p.timeConversion(&sp, f, start, i)
	default:
		p.errorf(p.buf, "printf: '%c': invalid format character", sp.conv)
		p.status = 1
		return i, true
	}
	return i, false
}

// specNumber reads a decimal width or precision at f[i:].
func specNumber(f string, i int, overflow *bool) (int, int) {
	n := 0
	for ; i < len(f) && f[i] >= '0' && f[i] <= '9'; i++ {
		n = n*10 + int(f[i]-'0')
		if n > 1<<31-1 {
			*overflow = true
			n = 1<<31 - 1
		}
	}
	return i, n
}

// timeConversion handles %(fmt)T; i is just after the opening parenthesis.
func (p *printer) timeConversion(sp *spec, f string, start, i int) (int, bool) {
	depth := 1
	j := i
	for ; j < len(f); j++ {
		if f[j] == '(' {
			depth++
		} else if f[j] == ')' {
			if depth--; depth == 0 {
				break
			}
		}
	}
	if j+1 >= len(f) || f[j+1] != 'T' {
		c := "\x00" // bash prints the string's terminating NUL
		if j+1 < len(f) {
			c = f[j+1 : j+2]
		}
		p.errorf(p.buf, "printf: warning: '%s': invalid time format specification", c)
		p.buf = append(p.buf, '%')
		return start + 1, false
	}
	tf := f[i:j]
	if tf == "" {
		tf = "%X"
	}
	secs := int64(-1)
	if p.next < len(p.args) {
		secs = p.intArg()
	}
	var t time.Time
	switch secs {
	case -1:
		t = time.Now()
	case -2:
		t = StartTime
	default:
		t = time.Unix(secs, 0)
	}
	t = t.In(shellLocation(p.sh))
	if y := int64(t.Year()) - 1900; y > 1<<31-1 || y < -1<<31 { // localtime fails
		t = time.Unix(0, 0).In(t.Location())
	}
	p.tmp = appendStrftime(p.tmp[:0], tf, t)
	if len(p.tmp) >= 128 { // bash's strftime buffer: too long gives nothing
		p.tmp = p.tmp[:0]
	}
	p.putText(sp, p.tmp)
	return j + 2, false
}

// strArg returns the next argument, or "" when they are used up.
func (p *printer) strArg() string {
	if p.next >= len(p.args) {
		return ""
	}
	p.next++
	return p.args[p.next-1]
}

// putString pads s (cut to the precision) to the field width.
func (p *printer) putString(sp *spec, s string) { p.buf = appendPadded(p.buf, sp, s) }

func (p *printer) putText(sp *spec, b []byte) { p.buf = appendPadded(p.buf, sp, b) }

func appendPadded[T string | []byte](b []byte, sp *spec, s T) []byte {
	if sp.overflow {
		return b
	}
	if sp.prec >= 0 && sp.prec < len(s) {
		s = s[:sp.prec]
	}
	pad := sp.width - len(s)
	if pad > 0 && !sp.minus {
		b = appendByteN(b, ' ', pad)
	}
	b = append(b, s...)
	if pad > 0 && sp.minus {
		b = appendByteN(b, ' ', pad)
	}
	return b
}

// appendByteN appends n copies of c (nothing when n <= 0).
func appendByteN(b []byte, c byte, n int) []byte {
	if n <= 0 {
		return b
	}
	b = slices.Grow(b, n)
	l := len(b)
	b = b[:l+n]
	for i := l; i < len(b); i++ {
		b[i] = c
	}
	return b
}
