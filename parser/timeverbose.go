package parser

import (
	"regexp"
	"runtime"
	"strings"
	"sync"
	"weak"

	"mvdan.cc/sh/v3/syntax"
)

// `time -v` (gsh's per-process table) is not syntax the library knows: it
// parses `time -v cmd` as the timed simple command `-v cmd`, from which
// the shell takes the option, but `time -v { ...; }`, `time -v ( ... )`
// or `time -v for ...` fail to parse. After such an error the option
// words are blanked out (columns kept) and the clause remembered, so that
// the shell can ask VerboseTime.

// verboseTimes holds the TimeClauses whose -v was blanked out, as long as
// their tree can run (a function body can run much later): the keys are
// weak and an entry goes when its clause is collected, so that trees
// parsed over and over (eval in a loop) do not pile up.
var verboseTimes sync.Map // weak.Pointer[syntax.TimeClause] -> struct{}

// VerboseTime reports whether c was written `time -v` before a command
// that the library could not parse with the option in place.
func VerboseTime(c *syntax.TimeClause) bool {
	_, ok := verboseTimes.Load(weak.Make(c))
	return ok
}

func markVerbose(c *syntax.TimeClause) {
	k := weak.Make(c)
	if _, loaded := verboseTimes.LoadOrStore(k, struct{}{}); !loaded {
		runtime.AddCleanup(c, func(k weak.Pointer[syntax.TimeClause]) { verboseTimes.Delete(k) }, k)
	}
}

// timeMark is where a `time` keyword whose -v was blanked out stands.
type timeMark struct{ line, col uint }

// reTimeOpts finds `time` followed by option words of which one has a v.
var reTimeOpts = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^|[\s;&|(!{])time((?:[ \t]+-[pv]+)+)[ \t]`)
})

// fixTimeVerbose blanks the options of the last `time -v` at or before
// the error, keeping -p; ok is false if there is none.
func fixTimeVerbose(src string, pe syntax.ParseError) (string, timeMark, bool) {
	if !strings.Contains(src, "time") {
		return src, timeMark{}, false
	}
	lines := strings.SplitAfter(src, "\n")
	last := int(pe.Pos.Line()) - 1
	for ln := min(last, len(lines)-1); ln >= 0; ln-- {
		line := lines[ln]
		if ln == last {
			// Up to the end of the word at the error, which can be the
			// -v itself (`time -v (` reads as a function `-v()`).
			end := min(len(line), max(int(pe.Pos.Col())-1, 0))
			for end < len(line) && line[end] != ' ' && line[end] != '\t' && line[end] != '\n' {
				end++
			}
			line = line[:min(len(line), end+1)]
		}
		locs := reTimeOpts().FindAllStringSubmatchIndex(line, -1)
		for i := len(locs) - 1; i >= 0; i-- {
			m := locs[i]
			opts := line[m[4]:m[5]]
			if !strings.Contains(opts, "v") {
				continue
			}
			blanked := strings.Repeat(" ", len(opts))
			if strings.Contains(opts, "p") {
				blanked = " -p" + blanked[3:]
			}
			lines[ln] = lines[ln][:m[4]] + blanked + lines[ln][m[5]:]
			mark := timeMark{line: uint(ln + 1), col: uint(m[4] - len("time") + 1)}
			return strings.Join(lines, ""), mark, true
		}
	}
	return src, timeMark{}, false
}

// markVerboseTimes records the TimeClauses of f that stand at marks.
func markVerboseTimes(f syntax.Node, marks []timeMark) {
	if len(marks) == 0 {
		return
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		if c, ok := n.(*syntax.TimeClause); ok {
			for _, m := range marks {
				if c.Time.Line() == m.line && c.Time.Col() == m.col {
					markVerbose(c)
				}
			}
		}
		return true
	})
}

// compoundOpeners are the words that start a compound command.
var compoundOpeners = map[string]bool{"{": true, "[[": true, "((": true, "if": true, "for": true,
	"while": true, "until": true, "case": true, "select": true, "function": true}

// verboseCompound returns the option words of c when its timed command
// reads as `-v if ...` or `-v {`: options with a v, then the unquoted
// word that opens a compound command. That parses, as a simple command,
// when the compound command goes on over the next lines.
func verboseCompound(c *syntax.TimeClause) []*syntax.Word {
	if c.Stmt == nil {
		return nil
	}
	call, ok := c.Stmt.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Assigns) > 0 {
		return nil
	}
	verbose := false
	for i, w := range call.Args {
		lit := w.Lit()
		if len(lit) > 1 && lit[0] == '-' && strings.Trim(lit[1:], "pv") == "" {
			verbose = verbose || strings.Contains(lit, "v")
			continue
		}
		if verbose && compoundOpeners[lit] {
			return call.Args[:i]
		}
		return nil
	}
	return nil
}

// blankVerboseTimes blanks, in the text src that f was parsed from, the
// options of each `time -v` that stands before a compound command (see
// verboseCompound), keeping -p, and returns the new text with the places
// of those time keywords. marks is nil when there is none.
func blankVerboseTimes(src string, nodes ...syntax.Node) (string, []timeMark) {
	if !strings.Contains(src, "time") {
		return src, nil
	}
	var marks []timeMark
	b := []byte(src)
	for _, n := range nodes {
		syntax.Walk(n, func(n syntax.Node) bool {
			c, ok := n.(*syntax.TimeClause)
			if !ok {
				return true
			}
			opts := verboseCompound(c)
			if opts == nil {
				return true
			}
			start, end := int(opts[0].Pos().Offset()), int(opts[len(opts)-1].End().Offset())
			if end > len(b) {
				return true
			}
			posix := strings.Contains(src[start:end], "p")
			for i := start; i < end; i++ {
				b[i] = ' '
			}
			if posix {
				copy(b[start:], "-p")
			}
			marks = append(marks, timeMark{line: c.Time.Line(), col: c.Time.Col()})
			return true
		})
	}
	return string(b), marks
}
