package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
)

// maxFuncDepth bounds recursion (bash's FUNCNEST is unlimited by default,
// but a Go stack overflow would kill the shell; this fails cleanly).
const maxFuncDepth = 5000

// callFunc runs a shell function with args[1:] as its parameters.
func (sh *Shell) callFunc(f *Func, args []string) {
	if sh.funcDepth >= maxFuncDepth {
		sh.errorf("%s: maximum function nesting level exceeded (%d)", f.Name, maxFuncDepth)
		sh.status = 1
		if !sh.rt.interactive {
			sh.exit(1)
		}
		return
	}
	savedParams, savedArg0Line := sh.params, sh.line
	sh.params = args[1:]
	sh.funcDepth++
	sh.vars.PushFrame()
	sh.calls = append(sh.calls, callFrame{name: f.Name, source: f.Source, line: sh.line})
	savedSource := sh.source
	sh.source = f.Source
	savedLoop := sh.loopDepth
	sh.loopDepth = 0
	// ERR, DEBUG and RETURN traps are not inherited by functions unless
	// set -E (errtrace) or set -T (functrace).
	if !sh.opts[optErrtrace] {
		sh.noErrTrap++
		defer func() { sh.noErrTrap-- }()
	}
	if !sh.opts[optFunctrace] {
		sh.noDebugTrap++
		defer func() { sh.noDebugTrap-- }()
	}
	gen := sh.trapGen

	sh.stmt(f.Body)

	if sh.ctl == builtins.CtlReturn {
		sh.ctl = builtins.CtlNone
		sh.status = sh.ctlN
	}
	inherited := sh.opts[optFunctrace] || sh.trapGen != gen
	if action, ok := sh.traps.get("RETURN"); ok && action != "" && sh.inTrap == 0 && inherited {
		st := sh.status
		sh.inTrap++
		sh.evalString(action, "trap")
		sh.inTrap--
		sh.status = st
	}
	sh.loopDepth = savedLoop
	sh.source = savedSource
	sh.calls = sh.calls[:len(sh.calls)-1]
	sh.vars.PopFrame()
	sh.funcDepth--
	sh.params = savedParams
	sh.line = savedArg0Line
}

// funcText prints a function definition as `declare -f` does.
func (sh *Shell) funcText(f *Func) string {
	var b strings.Builder
	p := syntax.NewPrinter(syntax.Indent(4), syntax.FunctionNextLine(false), syntax.SpaceRedirects(true))
	body := f.Body
	b.WriteString(f.Name)
	b.WriteString(" () \n")
	if blk, ok := body.Cmd.(*syntax.Block); ok && len(body.Redirs) == 0 {
		b.WriteString("{ \n")
		for _, st := range blk.Stmts {
			var sb strings.Builder
			p.Print(&sb, st)
			for _, line := range strings.Split(strings.TrimRight(sb.String(), "\n"), "\n") {
				b.WriteString("    " + line + "\n")
			}
		}
		b.WriteString("}")
		return b.String()
	}
	var sb strings.Builder
	p.Print(&sb, body)
	b.WriteString(strings.TrimRight(sb.String(), "\n"))
	return b.String()
}
