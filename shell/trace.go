package shell

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
)

// xtrace (set -x): each command is printed to standard error (or
// BASH_XTRACEFD) after expansion, prefixed by PS4, whose first character
// is repeated once per level of command substitution and eval.

func (sh *Shell) tracePrefix() string {
	ps4, ok := sh.vars.Value("PS4")
	if !ok {
		return ""
	}
	if strings.ContainsAny(ps4, "$`\\") {
		saved := sh.opts[optXtrace]
		sh.opts[optXtrace] = false
		ps4 = sh.expandPS4(ps4)
		sh.opts[optXtrace] = saved
	}
	if ps4 == "" {
		return ""
	}
	level := 1 + sh.cmdSubDepth + sh.evalDepth
	return strings.Repeat(ps4[:1], level-1) + ps4
}

func (sh *Shell) traceRaw(line string) {
	out := sh.tracePrefix() + line + "\n"
	if fd, ok := sh.vars.Value("BASH_XTRACEFD"); ok {
		if n, err := strconv.Atoi(fd); err == nil {
			if o := sh.fds.get(n); o != nil {
				o.Write([]byte(out))
				return
			}
		}
	}
	sh.writeErr(out)
}

// trace prints a command's words.
func (sh *Shell) trace(args []string) {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = traceQuote(a)
	}
	sh.traceRaw(strings.Join(q, " "))
}

// traceQuote quotes a word for the trace as bash does (” for empty).
func traceQuote(s string) string { return builtins.QuoteTrace(s) }

// traceAssign prints one assignment.
func (sh *Shell) traceAssign(name, value string, appending bool) {
	op := "="
	if appending {
		op = "+="
	}
	sh.traceRaw(name + op + builtins.QuoteWord(value))
}

// traceAssigned prints an assignment after it was made.
func (sh *Shell) traceAssigned(a *syntax.Assign) {
	v := sh.vars.Get(a.Name.Value)
	if v == nil {
		return
	}
	if a.Array != nil {
		var parts []string
		for _, e := range v.Elements() {
			parts = append(parts, builtins.QuoteWord(e))
		}
		sh.traceRaw(a.Name.Value + "=(" + strings.Join(parts, " ") + ")")
		return
	}
	if a.Index != nil {
		return
	}
	sh.traceAssign(a.Name.Value, v.Str(), a.Append)
}
