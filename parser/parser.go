// Package parser reads shell source with mvdan.cc/sh/v3/syntax in bash
// mode, one line group at a time as bash does (so a syntax error on line 9
// does not stop lines 1-8 from running), and turns the library's errors into
// bash's wording.
package parser

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

func newParser() *syntax.Parser {
	return syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(false))
}

// LineReader yields the input one line at a time (with its newline, if
// any). Scripts read from a shared stdin use one that never reads past the
// line, so that commands in the script can read the rest of the input.
type LineReader interface {
	ReadLine() ([]byte, error)
}

// BufReader adapts an io.Reader that the shell owns alone.
type BufReader struct{ R *bufio.Reader }

func (b BufReader) ReadLine() ([]byte, error) { return b.R.ReadSlice('\n') }

// Stream parses r and calls fn with each group of complete statements,
// that is, each complete command line, before reading the next one. fn
// returns false to stop. The error, if any, is a *SyntaxError. fn also gets
// the source text of the group (for set -v); warn gets warnings such as a
// here-document ended by end of file.
func Stream(r LineReader, fn func(stmts []*syntax.Stmt, src string) bool, warn func(line int, msg string)) error {
	base := 0 // lines consumed before the current parser started
	for {
		rec := &recorder{r: r}
		rec.pad(base)
		p := newParser()
		stopped, timeV := false, false
		var reserved error
		mark := len(rec.text())
		err := interactive(p, rec, func(stmts []*syntax.Stmt) bool {
			if p.Incomplete() || len(stmts) == 0 {
				return true
			}
			for _, st := range stmts {
				if reserved = misplacedIn(rec.text()[mark:], st); reserved != nil {
					return false
				}
			}
			for _, st := range stmts {
				if strings.Contains(rec.text()[mark:], "time") && hasVerboseCompound(st) {
					// `time -v {` and the like: parsed again with
					// the option out of the way (recoverGroup).
					timeV = true
					return false
				}
			}
			text := rec.text()
			for _, st := range stmts {
				rewriteArith(st, text)
			}
			src := text[mark:]
			mark = len(text)
			if !fn(stmts, src) {
				stopped = true
				return false
			}
			return true
		})
		if reserved != nil {
			return convert(reserved, rec.text())
		}
		if err == nil && !timeV || stopped {
			return nil
		}
		text := rec.text()
		before := strings.Count(text[:mark], "\n")
		group := text[mark:]
		f, fixed, ferr := recoverGroup(group, before, err, rec, warn)
		if ferr != nil {
			return convert(ferr, rec.text())
		}
		if !fn(f.Stmts, fixed) {
			return nil
		}
		base = before + strings.Count(fixed, "\n")
	}
}

// interactive runs the library's line-by-line parser. Its iterator can
// call its consumer again after being told to stop when a parse error
// follows (a "range function continued iteration" panic, found by
// fuzzing): the first error is kept and that panic is absorbed.
func interactive(p *syntax.Parser, r io.Reader, fn func([]*syntax.Stmt) bool) (err error) {
	done := false
	defer func() {
		if v := recover(); v != nil {
			if e, ok := v.(error); !ok || !strings.Contains(e.Error(), "continued iteration") {
				panic(v)
			}
		}
	}()
	for stmts, e := range p.InteractiveSeq(r) {
		if done {
			continue
		}
		if e != nil {
			err, done = e, true
			continue
		}
		if !fn(stmts) {
			done = true
		}
	}
	return err
}

// recoverGroup parses a line group again after err (nil when the group
// parsed but holds a `time -v` before a compound command): it applies
// fixups, reading more lines when the fixed text turns out to be
// incomplete.
func recoverGroup(group string, before int, err error, rec *recorder, warn func(int, string)) (*syntax.File, string, error) {
	pad := strings.Repeat("\n", before)
	var marks []timeMark
	for tries := 0; tries < 16; tries++ {
		if err != nil {
			pe, ok := err.(syntax.ParseError)
			if !ok {
				return nil, "", err
			}
			if m := reHeredoc().FindStringSubmatch(pe.Text); m != nil && rec.eof {
				delim := strings.Trim(m[1], "'\"\\")
				if warn != nil {
					warn(strings.Count(pad+group, "\n"), "warning: here-document at line "+
						itoa(int(pe.Pos.Line()))+" delimited by end-of-file (wanted '"+delim+"')")
				}
				group += delim + "\n"
			} else if pe.Incomplete {
				line, rerr := rec.next()
				if rerr != nil && line == "" {
					return nil, "", err
				}
				group += line
			} else if fixed, mark, ok := fixTimeVerbose(pad+group, pe); ok {
				group = fixed[len(pad):]
				marks = append(marks, mark)
			} else {
				fixed, ok := fixup(pad+group, pe)
				if !ok {
					return nil, "", err
				}
				group = fixed[len(pad):]
			}
		}
		f, perr := newParser().Parse(strings.NewReader(pad+group), "")
		if perr == nil {
			if fixed, more := blankVerboseTimes(pad+group, f); more != nil {
				group, marks, err = fixed[len(pad):], append(marks, more...), nil
				continue
			}
			if rerr := misplacedIn(group, f); rerr != nil {
				return nil, "", rerr
			}
			rewriteArith(f, pad+group)
			markVerboseTimes(f, marks)
			return f, group, nil
		}
		err = perr
	}
	return nil, "", err
}

func itoa(n int) string { return strconv.Itoa(n) }

// Parse parses a whole program at once (eval, trap actions, functions
// from the environment).
func Parse(src string) (*syntax.File, error) {
	if !strings.HasSuffix(src, "\n") {
		src += "\n" // as bash, which reads a string as complete lines
	}
	f, marks, err := parseFixed(src)
	if err != nil {
		return nil, err
	}
	markVerboseTimes(f, marks)
	return f, nil
}

// parseFixed parses src, applying fixups after errors and blanking the -v
// of `time -v` before compound commands.
func parseFixed(src string) (*syntax.File, []timeMark, error) {
	var marks []timeMark
	f, err := newParser().Parse(strings.NewReader(src), "")
	for tries := 0; tries < 16; tries++ {
		if err == nil {
			fixed, more := blankVerboseTimes(src, f)
			if more == nil {
				break
			}
			src, marks = fixed, append(marks, more...)
		} else {
			pe, ok := err.(syntax.ParseError)
			if !ok || pe.Incomplete {
				break
			}
			if fixed, mark, ok := fixTimeVerbose(src, pe); ok {
				src = fixed
				marks = append(marks, mark)
			} else if fixed, ok := fixup(src, pe); ok {
				src = fixed
			} else {
				break
			}
		}
		f, err = newParser().Parse(strings.NewReader(src), "")
	}
	if err == nil {
		err = misplacedIn(src, f)
	}
	if err != nil {
		return nil, nil, convert(err, src)
	}
	rewriteArith(f, src)
	return f, marks, nil
}

// IsIncomplete reports whether src is a valid prefix of a command that needs
// more lines (the interactive shell then prints PS2).
func IsIncomplete(src string) bool {
	f, err := newParser().Parse(strings.NewReader(src), "")
	if err == nil {
		// `time -v {` goes on over the next lines.
		if fixed, marks := blankVerboseTimes(src, f); marks != nil {
			_, err = newParser().Parse(strings.NewReader(fixed), "")
		}
	}
	return err != nil && syntax.IsIncomplete(err)
}

// recorder passes input to the parser and keeps it, so that errors can
// quote the offending line. It supplies a final newline when the input
// lacks one: the library only completes a line group at a newline.
type recorder struct {
	r       LineReader
	pending []byte
	buf     strings.Builder
	eof     bool
}

// pad starts the stream with n empty lines, so that a parser started in
// the middle of the input reports absolute line numbers.
func (rc *recorder) pad(n int) {
	rc.pending = append(rc.pending, strings.Repeat("\n", n)...)
	rc.buf.WriteString(strings.Repeat("\n", n))
}

// next reads one more line for error recovery (outside the parser).
func (rc *recorder) next() (string, error) {
	if rc.eof {
		return "", io.EOF
	}
	line, err := rc.r.ReadLine()
	s := string(line)
	if err != nil && err != bufio.ErrBufferFull {
		rc.eof = true
		if s != "" && !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
	}
	rc.buf.WriteString(s)
	return s, nil
}

func (rc *recorder) Read(p []byte) (int, error) {
	for len(rc.pending) == 0 {
		if rc.eof {
			return 0, io.EOF
		}
		line, err := rc.r.ReadLine()
		rc.pending = append(rc.pending[:0], line...)
		if err != nil && err != bufio.ErrBufferFull {
			rc.eof = true
			if len(line) > 0 && line[len(line)-1] != '\n' {
				rc.pending = append(rc.pending, '\n')
			}
		}
		rc.buf.Write(rc.pending)
	}
	n := copy(p, rc.pending)
	rc.pending = rc.pending[n:]
	return n, nil
}

func (rc *recorder) text() string { return rc.buf.String() }
