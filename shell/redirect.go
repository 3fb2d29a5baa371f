package shell

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// pushRedirs applies a command's redirections to a copy of the descriptor
// table. restore puts the shell's table back; if ok is false a
// redirection failed (already reported, status 1) and the table is back.
func (sh *Shell) pushRedirs(redirs []*syntax.Redirect) (restore func(), ok bool) {
	saved := sh.fds
	sh.fds = saved.clone()
	restore = func() {
		sh.fds.release()
		sh.fds = saved
	}
	if !sh.redirect(redirs) {
		restore()
		sh.status = 1
		return func() {}, false
	}
	return restore, true
}

// redirect applies redirections to sh.fds in order. On failure it prints
// bash's message and returns false; the command must then not run.
func (sh *Shell) redirect(redirs []*syntax.Redirect) bool {
	for _, r := range redirs {
		if !sh.redirectOne(r) {
			return false
		}
	}
	return true
}

func (sh *Shell) redirectOne(r *syntax.Redirect) bool {
	fd := 1
	switch r.Op {
	case syntax.RdrIn, syntax.RdrInOut, syntax.DplIn, syntax.Hdoc, syntax.DashHdoc, syntax.WordHdoc:
		fd = 0
	}
	varName := ""
	if r.N != nil {
		if strings.HasPrefix(r.N.Value, "{") {
			varName = strings.Trim(r.N.Value, "{}")
			fd = -1
		} else {
			n, err := strconv.Atoi(r.N.Value)
			if err != nil {
				sh.errorf("%s: bad file descriptor", r.N.Value)
				return false
			}
			fd = n
		}
	}
	// allocFd places o at fd, or at a new descriptor >= 10 for {var}.
	place := func(o *ofile) bool {
		if fd < 0 {
			n := 10
			for sh.fds.get(n) != nil {
				n++
			}
			if err := sh.vars.Set(varName, strconv.Itoa(n)); err != nil {
				o.unref()
				sh.errorf("%s", err.Error())
				return false
			}
			sh.fds.set(n, o)
			return true
		}
		sh.fds.set(fd, o)
		return true
	}
	switch r.Op {
	case syntax.Hdoc, syntax.DashHdoc:
		body, err := sh.heredocBody(r)
		if err != nil {
			sh.expansionFailed(err)
			return false
		}
		o, err := dataFile(body)
		if err != nil {
			sh.errorf("cannot create temp file for here-document: %s", errnoText(err))
			return false
		}
		return place(o)
	case syntax.WordHdoc:
		s, err := sh.expandLiteral(r.Word)
		if err != nil {
			sh.expansionFailed(err)
			return false
		}
		o, err := dataFile(s + "\n")
		if err != nil {
			sh.errorf("cannot create temp file for here-document: %s", errnoText(err))
			return false
		}
		return place(o)
	}
	target, ok := sh.redirTarget(r.Word)
	if !ok {
		return false
	}
	switch r.Op {
	case syntax.DplIn, syntax.DplOut:
		if target == "-" {
			if fd < 0 {
				if v, ok := sh.vars.Value(varName); ok {
					fd, _ = strconv.Atoi(v)
				}
			}
			sh.fds.set(fd, nil)
			return true
		}
		move := strings.HasSuffix(target, "-")
		num := strings.TrimSuffix(target, "-")
		src, err := strconv.Atoi(num)
		if err != nil {
			if r.Op == syntax.DplOut && r.N == nil { // >&file is &>file
				return sh.openTo(1, target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, true, 2, place)
			}
			sh.errorf("%s: ambiguous redirect", target)
			return false
		}
		o := sh.fds.get(src)
		if o == nil {
			sh.errorf("%d: Bad file descriptor", src)
			return false
		}
		if src == fd {
			return true
		}
		if !place(o.ref()) {
			return false
		}
		if move {
			sh.fds.set(src, nil)
		}
		return true
	case syntax.RdrOut, syntax.RdrClob:
		flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		clobber := r.Op == syntax.RdrClob || !sh.opts[optNoclobber]
		return sh.openTo(fd, target, flags, clobber, -1, place)
	case syntax.AppOut:
		return sh.openTo(fd, target, os.O_WRONLY|os.O_CREATE|os.O_APPEND, true, -1, place)
	case syntax.RdrIn:
		return sh.openTo(fd, target, os.O_RDONLY, true, -1, place)
	case syntax.RdrInOut:
		return sh.openTo(fd, target, os.O_RDWR|os.O_CREATE, true, -1, place)
	case syntax.RdrAll:
		return sh.openTo(1, target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, !sh.opts[optNoclobber], 2, place)
	case syntax.AppAll:
		return sh.openTo(1, target, os.O_WRONLY|os.O_CREATE|os.O_APPEND, true, 2, place)
	}
	sh.errorf("unsupported redirection")
	return false
}

// redirTarget expands a redirection word to exactly one field.
func (sh *Shell) redirTarget(w *syntax.Word) (string, bool) {
	fields, err := sh.expandFields([]*syntax.Word{w})
	if err != nil {
		sh.expansionFailed(err)
		return "", false
	}
	if len(fields) != 1 {
		sh.errorf("%s: ambiguous redirect", printWord(w))
		return "", false
	}
	return fields[0], true
}

func printWord(w *syntax.Word) string {
	var b strings.Builder
	syntax.NewPrinter().Print(&b, w)
	return b.String()
}

// openTo opens name and installs it at fd (and at also, when >= 0).
func (sh *Shell) openTo(fd int, name string, flags int, clobber bool, also int, place func(*ofile) bool) bool {
	if f, handled := sh.devFile(name, flags); handled {
		if f == nil {
			sh.errorf("%s: Bad file descriptor", name)
			return false
		}
		if !place(f) {
			return false
		}
		if also >= 0 {
			sh.fds.set(also, f.ref())
		}
		return true
	}
	path := sh.abs(name)
	if !clobber {
		var st unix.Stat_t
		if unix.Stat(path, &st) == nil {
			if st.Mode&unix.S_IFMT == unix.S_IFREG {
				sh.errorf("%s: cannot overwrite existing file", name)
				return false
			}
			// An existing non-regular file (/dev/null) is opened as is.
		} else if flags&os.O_TRUNC != 0 {
			flags |= os.O_EXCL
		}
	}
	f, err := openFile(path, flags)
	if err != nil {
		if name == "" {
			sh.errorf(": No such file or directory")
		} else {
			sh.errorf("%s: %s", name, errnoText(err))
		}
		return false
	}
	o := newOfile(f)
	o.name = name
	if !place(o) {
		return false
	}
	if also >= 0 {
		sh.fds.set(also, o.ref())
	}
	return true
}

// openFile opens a redirection's file. os.OpenFile would also try to
// register it with the poller (several more system calls per
// redirection); the shell reads and writes its files blocking anyway.
func openFile(path string, flags int) (*os.File, error) {
	for {
		fd, err := unix.Open(path, flags|unix.O_CLOEXEC, 0o666)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		return os.NewFile(uintptr(fd), path), nil
	}
}

// devFile emulates /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd/N on
// the shell's own descriptor table: in an in-process subshell the
// process's descriptors are not the subshell's.
func (sh *Shell) devFile(name string, flags int) (*ofile, bool) {
	n := -1
	switch {
	case name == "/dev/stdin":
		n = 0
	case name == "/dev/stdout":
		n = 1
	case name == "/dev/stderr":
		n = 2
	case strings.HasPrefix(name, "/dev/fd/"):
		v, err := strconv.Atoi(name[len("/dev/fd/"):])
		if err != nil {
			return nil, false
		}
		n = v
	default:
		return nil, false
	}
	o := sh.fds.get(n)
	if o == nil {
		return nil, true
	}
	return o.ref(), true
}

// heredocBody returns the text of a here-document, expanded unless the
// delimiter was quoted; <<- strips leading tabs.
func (sh *Shell) heredocBody(r *syntax.Redirect) (string, error) {
	if r.Hdoc == nil {
		return "", nil
	}
	parts := r.Hdoc.Parts
	if r.Op == syntax.DashHdoc {
		parts = stripTabs(parts)
	}
	if quotedWord(r.Word) {
		var b strings.Builder
		for _, p := range parts {
			if l, ok := p.(*syntax.Lit); ok {
				b.WriteString(l.Value)
				continue
			}
			// The library may parse expansions in a body whose delimiter
			// was only partly quoted; such a body is literal.
			syntax.NewPrinter().Print(&b, &syntax.Word{Parts: []syntax.WordPart{p}})
		}
		return b.String(), nil
	}
	return sh.expandHeredoc(&syntax.Word{Parts: parts})
}

// stripTabs removes tabs at the start of each line of a <<- body.
func stripTabs(parts []syntax.WordPart) []syntax.WordPart {
	out := make([]syntax.WordPart, len(parts))
	atStart := true
	for i, p := range parts {
		l, ok := p.(*syntax.Lit)
		if !ok {
			out[i] = p
			atStart = false
			continue
		}
		var b strings.Builder
		for j := 0; j < len(l.Value); j++ {
			c := l.Value[j]
			if atStart && c == '\t' {
				continue
			}
			atStart = c == '\n'
			b.WriteByte(c)
		}
		out[i] = &syntax.Lit{ValuePos: l.ValuePos, ValueEnd: l.ValueEnd, Value: b.String()}
	}
	return out
}

// quotedWord reports whether any part of w was quoted.
func quotedWord(w *syntax.Word) bool {
	if w == nil {
		return false
	}
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.SglQuoted, *syntax.DblQuoted:
			return true
		case *syntax.Lit:
			if strings.IndexByte(p.Value, '\\') >= 0 {
				return true
			}
		}
	}
	return false
}

// dataFile returns a readable descriptor holding s: a pipe when s fits in
// the pipe buffer (no writer needed), else an in-memory file.
func dataFile(s string) (*ofile, error) {
	if len(s) <= 60*1024 {
		var p [2]int
		if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
			return nil, err
		}
		w := os.NewFile(uintptr(p[1]), "hdoc-w")
		if _, err := w.WriteString(s); err != nil {
			w.Close()
			unix.Close(p[0])
			return nil, err
		}
		w.Close()
		return newOfile(os.NewFile(uintptr(p[0]), "hdoc")), nil
	}
	fd, err := unix.MemfdCreate("gsh-heredoc", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "hdoc")
	if _, err := f.WriteString(s); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, 0); err != nil {
		f.Close()
		return nil, err
	}
	return newOfile(f), nil
}
