package shell

import (
	"strings"
	"time"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/parser"
)

// The time reserved word. gsh knows every process the timed command
// started and gets each one's rusage from wait4, so it reports exactly
// what the command used (see time_acc.go); bash subtracts RUSAGE_CHILDREN
// snapshots, which counts any background job reaped meanwhile.

func (sh *Shell) timeClause(c *syntax.TimeClause) {
	stmt, posix, verbose := timeOptions(c)
	acc := &timeAcc{parent: sh.timing, keepAll: verbose, perThread: true}
	real, self := sh.timed(acc, func() {
		if stmt != nil {
			sh.stmt(stmt)
		} else {
			sh.status = 0
		}
	})
	if sh.ctl == builtins.CtlReturn {
		return // bash's return jumps out before the report
	}
	sh.printTimeReport(acc.report(real, &self, sh.status), posix, verbose)
}

// timed runs fn with acc collecting its processes and returns the real
// time and the usage of this goroutine. Should fn panic (an internal
// error, recovered further up), the goroutine is unpinned and the
// accumulator dropped all the same.
func (sh *Shell) timed(acc *timeAcc, fn func()) (real time.Duration, self unix.Rusage) {
	saved := sh.timing
	sh.timing = acc
	trimShellRSS()
	meter := startThreadMeter()
	start := time.Now()
	defer func() {
		real = time.Since(start)
		self = meter.stop()
		sh.timing = saved
	}()
	fn()
	return
}

// printTimeReport writes the summary (TIMEFORMAT, or the default; -p
// wins) and with -v the per-process table to the shell's stderr.
func (sh *Shell) printTimeReport(r *timeReport, posix, verbose bool) {
	format, set := sh.vars.Value("TIMEFORMAT")
	if !set {
		format = defaultTimeFormat
	}
	if posix {
		format = posixTimeFormat
	}
	if format != "" {
		out, bad, ok := formatTime(format, r)
		if !ok {
			sh.errorf("TIMEFORMAT: `%s': invalid format character", string([]byte{bad}))
			return
		}
		sh.writeErr(out + "\n")
	}
	if verbose {
		sh.writeErr(verboseTable(r, sh.rt.pid))
	}
}

// timeOptions reads the options of `time`. The parser knows only -p
// directly after the keyword; other leading words arrive as the first
// words of the timed command, so they are taken from there: -v (the
// per-process table, a gsh extension), -p, clusters of these (-pv), and
// `--`, which ends the options and, as in bash, selects the POSIX format.
// A quoted '-v' is not an option. The syntax tree is shared (functions,
// loops), so the path to the stripped command is copied, never modified.
func timeOptions(c *syntax.TimeClause) (stmt *syntax.Stmt, posix, verbose bool) {
	stmt, posix, verbose = timeWords(c)
	// `time time cmd` times cmd once, as in bash, where both keywords
	// set the same flag of one command.
	if stmt != nil && !stmt.Negated && !stmt.Background && len(stmt.Redirs) == 0 {
		if inner, ok := stmt.Cmd.(*syntax.TimeClause); ok {
			s, p, v := timeOptions(inner)
			return s, posix || p, verbose || v
		}
	}
	return stmt, posix, verbose
}

func timeWords(c *syntax.TimeClause) (stmt *syntax.Stmt, posix, verbose bool) {
	posix = c.PosixFormat
	if parser.VerboseTime(c) {
		// `time -v` before a compound command: the parser took -v out.
		return c.Stmt, posix, true
	}
	if c.Stmt == nil {
		return nil, posix, false
	}
	call := firstCall(c.Stmt)
	if call == nil {
		return c.Stmt, posix, false
	}
	n := 0
words:
	for ; n < len(call.Args); n++ {
		w := call.Args[n].Lit()
		if w == "--" {
			posix = true
			n++
			break
		}
		if len(w) < 2 || w[0] != '-' {
			break
		}
		for _, l := range w[1:] {
			if l != 'p' && l != 'v' {
				break words
			}
		}
		for _, l := range w[1:] {
			if l == 'p' {
				posix = true
			} else {
				verbose = true
			}
		}
	}
	if n == 0 {
		return c.Stmt, posix, false
	}
	rest := *call
	rest.Args = call.Args[n:]
	// Assignments after the options prefix the command, as they would
	// have without them (the library saw them as arguments).
	for len(rest.Args) > 0 {
		as := wordAssign(rest.Args[0])
		if as == nil {
			break
		}
		rest.Assigns = append(rest.Assigns[:len(rest.Assigns):len(rest.Assigns)], as)
		rest.Args = rest.Args[1:]
	}
	if len(rest.Args) == 0 && len(rest.Assigns) == 0 && len(c.Stmt.Redirs) == 0 && c.Stmt.Cmd == call {
		return nil, posix, verbose // bare `time -v`
	}
	return replaceFirstCall(c.Stmt, &rest), posix, verbose
}

// wordAssign reads a word such as x=1, x+=$y or x= as an assignment, or
// returns nil.
func wordAssign(w *syntax.Word) *syntax.Assign {
	lit, ok := w.Parts[0].(*syntax.Lit)
	if !ok {
		return nil
	}
	name, _, found := strings.Cut(lit.Value, "=")
	appendOp := strings.HasSuffix(name, "+")
	name = strings.TrimSuffix(name, "+")
	if !found || !syntax.ValidName(name) {
		return nil
	}
	as := &syntax.Assign{Append: appendOp, Name: &syntax.Lit{ValuePos: lit.ValuePos, ValueEnd: lit.ValuePos, Value: name}}
	value := lit.Value[strings.IndexByte(lit.Value, '=')+1:]
	parts := w.Parts[1:]
	if value != "" {
		parts = append([]syntax.WordPart{&syntax.Lit{ValuePos: lit.ValuePos, ValueEnd: lit.ValueEnd, Value: value}}, parts...)
	}
	if len(parts) > 0 {
		as.Value = &syntax.Word{Parts: parts}
	}
	return as
}

// firstCall is the simple command that a statement or the first stage
// of its pipeline consists of, if any.
func firstCall(st *syntax.Stmt) *syntax.CallExpr {
	for st != nil {
		switch c := st.Cmd.(type) {
		case *syntax.CallExpr:
			if len(c.Assigns) > 0 {
				return nil // `time -v` must come first
			}
			return c
		case *syntax.BinaryCmd:
			if c.Op != syntax.Pipe && c.Op != syntax.PipeAll {
				return nil
			}
			st = c.X
		default:
			return nil
		}
	}
	return nil
}

// replaceFirstCall copies st down to its first simple command, which is
// replaced by call.
func replaceFirstCall(st *syntax.Stmt, call *syntax.CallExpr) *syntax.Stmt {
	cp := *st
	if b, ok := st.Cmd.(*syntax.BinaryCmd); ok {
		bc := *b
		bc.X = replaceFirstCall(b.X, call)
		cp.Cmd = &bc
	} else {
		cp.Cmd = call
	}
	return &cp
}
