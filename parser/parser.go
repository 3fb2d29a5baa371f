// Package parser reads shell source with mvdan.cc/sh/v3/syntax in bash
// mode, one line group at a time as bash does (so a syntax error on line 9
// does not stop lines 1-8 from running), and turns the library's errors into
// bash's wording.
package parser

import (
	"bufio"
	"io"
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
// returns false to stop. The error, if any, is a *SyntaxError.
func Stream(r LineReader, fn func([]*syntax.Stmt) bool) error {
	rec := &recorder{r: r}
	p := newParser()
	stopped := false
	err := p.Interactive(rec, func(stmts []*syntax.Stmt) bool {
		if p.Incomplete() || len(stmts) == 0 {
			return true
		}
		text := rec.text()
		for _, st := range stmts {
			rewriteArith(st, text)
		}
		if !fn(stmts) {
			stopped = true
			return false
		}
		return true
	})
	if err != nil && !stopped {
		return convert(err, rec.text())
	}
	return nil
}

// Parse parses a whole program at once (eval, trap actions, functions
// from the environment).
func Parse(src string) (*syntax.File, error) {
	f, err := newParser().Parse(strings.NewReader(src), "")
	if err != nil {
		return nil, convert(err, src)
	}
	rewriteArith(f, src)
	return f, nil
}

// IsIncomplete reports whether src is a valid prefix of a command that needs
// more lines (the interactive shell then prints PS2).
func IsIncomplete(src string) bool {
	_, err := newParser().Parse(strings.NewReader(src), "")
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
