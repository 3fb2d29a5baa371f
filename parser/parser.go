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

// NewBufReader reads r, which the shell owns alone, through a buffer that
// holds most lines whole.
func NewBufReader(r io.Reader) BufReader { return BufReader{R: bufio.NewReaderSize(r, 64*1024)} }

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
			text := rec.text()
			src := text[mark:]
			// `time -v {` and the like are parsed again with the option
			// out of the way (recoverGroup).
			if reserved, timeV = checkGroup(src, stmts); reserved != nil || timeV {
				return false
			}
			for _, st := range stmts {
				rewriteArith(st, text)
			}
			mark = len(text)
			if !fn(stmts, src) {
				stopped = true
				return false
			}
			return true
		})
		if reserved != nil {
			return convert(reserved, rec.text(), rec.text())
		}
		if err == nil && !timeV || stopped {
			return nil
		}
		text := rec.text()
		before := strings.Count(text[:mark], "\n")
		group := text[mark:]
		f, fixed, ferr := recoverGroup(group, before, err, rec.next, warn)
		if ferr != nil {
			return convert(ferr, rec.text(), text[:mark]+fixed)
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

// recoverGroup parses the line group that follows before lines of input
// again after err (nil to parse it first): it applies fixups and blanks
// the -v of `time -v` before compound commands. more, if not nil, reads
// the next line ("" at the end of the input) when the group is
// incomplete; an unclosed here-document is then ended at the end of the
// input, with a warning, as bash does. It returns the group as fixed, also
// with an error, whose position refers to it.
func recoverGroup(group string, before int, err error, more func() string, warn func(int, string)) (*syntax.File, string, error) {
	pad := strings.Repeat("\n", before)
	var marks []timeMark
	ended := more == nil
	// Fixups are bounded; lines read are not, the input ends.
	for tries := 0; tries < 16; {
		if err != nil {
			pe, ok := err.(syntax.ParseError)
			if !ok {
				return nil, group, err
			}
			line := ""
			if pe.Incomplete && !ended {
				line = more()
				ended = line == ""
			}
			var m []string
			if ended && more != nil {
				m = reHeredoc().FindStringSubmatch(pe.Text)
			}
			switch {
			case line != "":
				group += line
			case m != nil:
				delim := strings.Trim(m[1], "'\"\\")
				if warn != nil {
					warn(before+strings.Count(group, "\n"), "warning: here-document at line "+
						itoa(int(pe.Pos.Line()))+" delimited by end-of-file (wanted '"+delim+"')")
				}
				group += delim + "\n"
				tries++
			case pe.Incomplete:
				return nil, group, err
			default:
				tries++
				pe = inGroup(pe, before)
				if fixed, mark, ok := fixTimeVerbose(group, pe); ok {
					group = fixed
					mark.line += uint(before)
					marks = append(marks, mark)
				} else if fixed, ok := fixup(group, pe); ok {
					group = fixed
				} else {
					return nil, group, err
				}
			}
		}
		f, perr := newParser().Parse(strings.NewReader(pad+group), "")
		if perr == nil {
			if fixed, more := blankVerboseTimes(pad+group, f); more != nil {
				group, marks, err = fixed[len(pad):], append(marks, more...), nil
				tries++
				continue
			}
			if rerr := misplacedIn(group, f); rerr != nil {
				return nil, group, rerr
			}
			rewriteArith(f, pad+group)
			markVerboseTimes(f, marks)
			return f, group, nil
		}
		err = perr
	}
	return nil, group, err
}

// inGroup makes the line of pe relative to a group that follows before
// lines, so that fixups look at the group alone, not the whole input.
func inGroup(pe syntax.ParseError, before int) syntax.ParseError {
	line := int(pe.Pos.Line()) - before
	pe.Pos = syntax.NewPos(0, uint(max(line, 0)), pe.Pos.Col())
	return pe
}

func itoa(n int) string { return strconv.Itoa(n) }

// Parse parses a whole program at once (eval, trap actions, functions
// from the environment).
func Parse(src string) (*syntax.File, error) {
	if !strings.HasSuffix(src, "\n") {
		src += "\n" // as bash, which reads a string as complete lines
	}
	f, fixed, err := recoverGroup(src, 0, nil, nil, nil)
	if err != nil {
		return nil, convert(err, src, fixed)
	}
	return f, nil
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

// next reads one more line for error recovery (outside the parser): ""
// at the end of the input.
func (rc *recorder) next() string {
	rc.pending = rc.pending[:0]
	rc.fetch()
	return string(rc.pending)
}

func (rc *recorder) Read(p []byte) (int, error) {
	for len(rc.pending) == 0 {
		if !rc.fetch() {
			return 0, io.EOF
		}
	}
	n := copy(p, rc.pending)
	rc.pending = rc.pending[n:]
	return n, nil
}

// fetch appends the next line of input to pending and records it; false
// at the end of the input.
func (rc *recorder) fetch() bool {
	if rc.eof {
		return false
	}
	line, err := rc.r.ReadLine()
	start := len(rc.pending)
	rc.pending = append(rc.pending, line...)
	if err != nil && err != bufio.ErrBufferFull {
		rc.eof = true
		if len(line) > 0 && line[len(line)-1] != '\n' {
			rc.pending = append(rc.pending, '\n')
		}
	}
	rc.buf.Write(rc.pending[start:])
	return true
}

func (rc *recorder) text() string { return rc.buf.String() }
