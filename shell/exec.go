package shell

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
)

// runStmts runs statements in order until one changes control flow.
func (sh *Shell) runStmts(stmts []*syntax.Stmt) {
	for _, st := range stmts {
		sh.stmt(st)
		if sh.ctl != builtins.CtlNone {
			return
		}
	}
}

// runLinesOf runs the statements of a string read as lines (eval, a
// trap action): an error that abandons the command line skips the rest
// of its line only, as bash, which reads such strings line by line.
func (sh *Shell) runLinesOf(stmts []*syntax.Stmt) {
	skip := uint(0) // line whose remaining statements are abandoned
	for _, st := range stmts {
		if skip != 0 && st.Pos().Line() == skip {
			continue
		}
		skip = 0
		sh.stmt(st)
		if sh.ctl == ctlDiscard {
			sh.ctl, skip = builtins.CtlNone, st.End().Line()
			continue
		}
		if sh.ctl != builtins.CtlNone {
			return
		}
	}
}

// stmt runs one statement: a command with its redirections, negation and
// background flag, then applies set -e.
func (sh *Shell) stmt(st *syntax.Stmt) {
	if sh.gate != nil {
		if sig := sh.gate.Check(); sig != 0 {
			sh.killedBy(sig)
			return
		}
	}
	// Signals to the shell's PID are the main shell's: a subshell (on a
	// goroutine, its traps reset) would take them and drop them.
	if !sh.subshell && sh.rt.pendingSigs.Load() != 0 {
		sh.runPendingTraps()
		if sh.ctl != builtins.CtlNone {
			return
		}
	}
	if sh.opts[optNoexec] && !sh.rt.interactive {
		return
	}
	if st.Background {
		sh.background(st)
		return
	}
	if st.Negated {
		sh.noErrexit++
		sh.command(st.Cmd, st.Redirs)
		sh.noErrexit--
		if sh.status == 0 {
			sh.status = 1
		} else {
			sh.status = 0
		}
		return
	}
	sh.command(st.Cmd, st.Redirs)
	if sh.status != 0 && sh.ctl == builtins.CtlNone {
		sh.afterFailure(st.Cmd)
	}
}

// afterFailure runs the ERR trap and applies set -e after a command
// failed. Compound commands and && || lists are judged by their parts.
func (sh *Shell) afterFailure(c syntax.Command) {
	switch c := c.(type) {
	case *syntax.BinaryCmd:
		if c.Op == syntax.AndStmt || c.Op == syntax.OrStmt {
			return
		}
	case *syntax.IfClause, *syntax.WhileClause, *syntax.ForClause, *syntax.CaseClause, *syntax.Block:
		return
	case *syntax.FuncDecl:
		return
	}
	if sh.noErrexit > 0 {
		return
	}
	if _, ok := sh.traps.get("ERR"); ok && sh.inTrap == 0 && sh.noErrTrap == 0 {
		sh.runTrap("ERR")
	}
	if sh.opts[optErrexit] && sh.ctl == builtins.CtlNone {
		sh.exit(sh.status)
	}
}

// exit ends this context (the shell, or a subshell) with status.
func (sh *Shell) exit(status int) {
	sh.status = status
	sh.ctl = builtins.CtlExit
	sh.ctlN = status
}

// command dispatches on the command type. Redirections of compound
// commands apply to the whole command.
func (sh *Shell) command(c syntax.Command, redirs []*syntax.Redirect) {
	if call, ok := c.(*syntax.CallExpr); ok {
		sh.call(call, redirs)
		return
	}
	if c == nil { // only redirections: `> file`
		sh.call(&syntax.CallExpr{}, redirs)
		return
	}
	if len(redirs) > 0 {
		restore, ok := sh.pushRedirs(redirs)
		if !ok {
			return
		}
		defer restore()
	}
	sh.setLine(c.Pos())
	switch c := c.(type) {
	case *syntax.Block:
		sh.runStmts(c.Stmts)
	case *syntax.Subshell:
		sh.subshellCmd(c)
	case *syntax.IfClause:
		sh.ifClause(c)
	case *syntax.WhileClause:
		sh.whileClause(c)
	case *syntax.ForClause:
		sh.forClause(c)
	case *syntax.CaseClause:
		sh.caseClause(c)
	case *syntax.BinaryCmd:
		sh.binaryCmd(c)
	case *syntax.FuncDecl:
		sh.funcDecl(c)
	case *syntax.ArithmCmd:
		sh.arithCmd(c)
	case *syntax.TestClause:
		sh.testClause(c)
	case *syntax.DeclClause:
		sh.declClause(c)
	case *syntax.LetClause:
		sh.letClause(c)
	case *syntax.TimeClause:
		sh.timeClause(c)
	case *syntax.CoprocClause:
		sh.coproc(c)
	default:
		sh.errorf("unsupported command")
		sh.status = 2
	}
}

func (sh *Shell) setLine(p syntax.Pos) {
	if p.IsValid() {
		sh.line = int(p.Line()) + sh.lineBase
	}
}

func (sh *Shell) lineNo() int { return sh.line }

// cond runs a condition list (if/while/until/&& ||) where set -e is off.
func (sh *Shell) cond(stmts []*syntax.Stmt) bool {
	sh.noErrexit++
	sh.runStmts(stmts)
	sh.noErrexit--
	return sh.status == 0
}

func (sh *Shell) ifClause(c *syntax.IfClause) {
	for ; c != nil; c = c.Else {
		if c.ThenPos.IsValid() || c.Cond != nil {
			if len(c.Cond) > 0 {
				ok := sh.cond(c.Cond)
				if sh.ctl != builtins.CtlNone {
					return
				}
				if !ok {
					if c.Else == nil {
						sh.status = 0
					}
					continue
				}
			}
		}
		sh.runStmts(c.Then)
		return
	}
}

func (sh *Shell) whileClause(c *syntax.WhileClause) {
	status := 0
	sh.loopDepth++
	defer func() { sh.loopDepth-- }()
	for {
		ok := sh.cond(c.Cond)
		if sh.loopCtl() {
			break
		}
		if ok == c.Until {
			break
		}
		sh.runStmts(c.Do)
		status = sh.status
		if sh.loopCtl() {
			status = sh.status
			break
		}
	}
	sh.status = status
}

// loopCtl handles break/continue after a loop body; it returns true when
// the loop must stop.
func (sh *Shell) loopCtl() bool {
	switch sh.ctl {
	case builtins.CtlNone:
		return false
	case builtins.CtlBreak:
		sh.ctlN--
		if sh.ctlN <= 0 {
			sh.ctl = builtins.CtlNone
		}
		return true
	case builtins.CtlContinue:
		sh.ctlN--
		if sh.ctlN <= 0 {
			sh.ctl = builtins.CtlNone
			return false
		}
		return true
	}
	return true
}

func (sh *Shell) forClause(c *syntax.ForClause) {
	sh.loopDepth++
	defer func() { sh.loopDepth-- }()
	switch l := c.Loop.(type) {
	case *syntax.WordIter:
		var items []string
		if l.InPos.IsValid() {
			var err error
			items, err = sh.expandFields(l.Items)
			if err != nil {
				sh.expansionFailed(err)
				return
			}
		} else {
			items = sh.params
		}
		name := l.Name.Value
		sh.status = 0
		if c.Select {
			sh.selectLoop(c, name, items)
			return
		}
		traced := "" // the trace line, built once for the whole loop
		for _, it := range items {
			if sh.opts[optXtrace] {
				if traced == "" {
					q := make([]string, len(items))
					for i, x := range items {
						q[i] = traceQuote(x)
					}
					traced = "for " + name + " in " + strings.Join(q, " ")
				}
				sh.traceRaw(traced)
			}
			if err := sh.vars.Set(name, it); err != nil {
				sh.errorf("%s", err.Error())
				sh.status = 1
				if !sh.rt.interactive {
					sh.exit(1)
				}
				return
			}
			sh.runStmts(c.Do)
			if sh.loopCtl() {
				return
			}
		}
	case *syntax.CStyleLoop:
		if l.Init != nil {
			if _, err := sh.arithWord(l.Init); err != nil {
				sh.arithFailed(err, "((")
				return
			}
		}
		sh.status = 0
		status := 0
		for {
			if l.Cond != nil {
				n, err := sh.arithWord(l.Cond)
				if err != nil {
					sh.arithFailed(err, "((")
					return
				}
				if n == 0 {
					break
				}
			}
			sh.runStmts(c.Do)
			status = sh.status
			if sh.loopCtl() {
				sh.status = status
				return
			}
			if l.Post != nil {
				if _, err := sh.arithWord(l.Post); err != nil {
					sh.arithFailed(err, "((")
					return
				}
			}
		}
		sh.status = status
	}
}

func (sh *Shell) caseClause(c *syntax.CaseClause) {
	subject, err := sh.expandLiteral(c.Word)
	if err != nil {
		sh.expansionFailed(err)
		return
	}
	sh.status = 0
	nocase := sh.opts[optNocasematch]
	matched := false
	for i := 0; i < len(c.Items); i++ {
		it := c.Items[i]
		if !matched {
			for _, pw := range it.Patterns {
				pat, err := sh.expandPattern(pw)
				if err != nil {
					sh.expansionFailed(err)
					return
				}
				m := compilePattern(pat, nocase)
				if m.match(subject) {
					matched = true
					break
				}
			}
			if !matched {
				continue
			}
		}
		sh.runStmts(it.Stmts)
		if sh.ctl != builtins.CtlNone {
			return
		}
		switch it.Op {
		case syntax.Fallthrough: // ;& runs the next body unconditionally
			continue
		case syntax.Resume: // ;;& tests the next patterns
			matched = false
			continue
		}
		return
	}
}

func (sh *Shell) binaryCmd(c *syntax.BinaryCmd) {
	switch c.Op {
	case syntax.AndStmt, syntax.OrStmt:
		sh.noErrexit++
		sh.stmt(c.X)
		sh.noErrexit--
		if sh.ctl != builtins.CtlNone {
			return
		}
		if (sh.status == 0) == (c.Op == syntax.AndStmt) {
			sh.stmt(c.Y)
		}
	case syntax.Pipe, syntax.PipeAll:
		sh.pipeline(c)
	}
}

func (sh *Shell) subshellCmd(c *syntax.Subshell) {
	sub := sh.syncSubshell()
	sub.runSubshell(c.Stmts)
	sh.status = sub.status
	if sub.sigpipe && !sh.subshell {
		sh.status = 141
	}
}

// runSubshell runs stmts as a subshell body: exit ends it, EXIT trap runs.
func (sh *Shell) runSubshell(stmts []*syntax.Stmt) {
	sh.runSubshellFn(func() { sh.runStmts(stmts) })
}

// runSubshellFn is runSubshell for a body given as a function.
func (sh *Shell) runSubshellFn(body func()) {
	func() {
		defer sh.recoverInternal()
		body()
	}()
	sh.finishContext()
	sh.release()
}

// finishContext runs the EXIT trap of a subshell or of the shell.
func (sh *Shell) finishContext() {
	if sh.ctl == builtins.CtlExit {
		sh.status = sh.ctlN
	}
	sh.ctl = builtins.CtlNone
	if action, ok := sh.traps.get("EXIT"); ok && action != "" {
		status := sh.status
		sh.traps.del("EXIT")
		sh.inTrap++
		sh.evalString(action, "trap")
		sh.inTrap--
		if sh.ctl == builtins.CtlExit {
			status = sh.ctlN
		}
		sh.ctl = builtins.CtlNone
		sh.status = status
	}
}

func (sh *Shell) arithCmd(c *syntax.ArithmCmd) {
	sh.debugTrap(c)
	var n int64
	s, err := "", error(nil)
	if c.X != nil {
		s, err = sh.arithText(c.X) // expanded once, traced, then evaluated
	}
	if err == nil {
		if sh.opts[optXtrace] {
			sh.traceRaw("(( " + s + " ))")
		}
		n, err = sh.arithString(strings.TrimLeft(s, " \t\n"))
	}
	if err != nil {
		sh.arithFailed(err, "((")
		return
	}
	if n != 0 {
		sh.status = 0
	} else {
		sh.status = 1
	}
}

func (sh *Shell) letClause(c *syntax.LetClause) {
	var n int64
	for _, e := range c.Exprs {
		var err error
		n, err = sh.arithWord(e)
		if err != nil {
			sh.arithFailed(err, "let")
			return
		}
	}
	if n != 0 {
		sh.status = 0
	} else {
		sh.status = 1
	}
}

// funcDecl defines a function.
func (sh *Shell) funcDecl(c *syntax.FuncDecl) {
	name := c.Name.Value
	if f, ok := sh.funcs.get(name); ok && f.ReadOnly {
		sh.errorf("%s: readonly function", name)
		sh.status = 1
		return
	}
	if sh.opts[optPosix] && isSpecialBuiltin(name) {
		// A fatal error in POSIX mode, as in bash (interactive too).
		sh.errorf("'%s': is a special builtin", name)
		sh.exit(2)
		return
	}
	src := sh.source
	if src == "" {
		src = sh.rt.mainSource
	}
	sh.funcs.set(name, &Func{Name: name, Body: c.Body, Source: src, Line: int(c.Pos().Line()) + sh.lineBase})
	sh.status = 0
}

// expansionFailed reports an expansion error; fatal ones end a
// non-interactive shell.
func (sh *Shell) expansionFailed(err error) {
	if e, ok := err.(*expErr); ok {
		if e.msg != "" {
			sh.errorf("%s", e.msg)
		}
		sh.status = e.status
		if e.status == 0 {
			sh.status = 1
		}
		sh.unwind(e.level)
		return
	}
	if _, ok := err.(sigpipeErr); ok {
		return
	}
	sh.errorf("%s", err.Error())
	sh.status = 1
}

// unwind ends as much of the script as an error of this level ends in
// bash: the shell (a script), the rest of the command line, or nothing
// more than the failed command.
func (sh *Shell) unwind(level failLevel) {
	script := !sh.rt.interactive
	switch {
	case level == failExit && script, level == failLinePosix && script && sh.opts[optPosix]:
		if level == failLinePosix {
			sh.status = sh.paramErrStatus() // bash's fatal status (127 atop -c)
		}
		sh.exit(sh.status)
	case level >= failLine && sh.ctl == builtins.CtlNone:
		sh.ctl = ctlDiscard
	}
}

// arithFailed reports an arithmetic error in (( )), let or for (( )).
func (sh *Shell) arithFailed(err error, what string) {
	if e, ok := err.(*expErr); ok && e.level == failCommand {
		sh.expansionFailed(err)
		return
	}
	msg := err.Error()
	if what != "" {
		msg = what + ": " + msg
	}
	sh.errorf("%s", msg)
	sh.status = 1
}

// killedBy ends this context because its job was killed by signal sig.
func (sh *Shell) killedBy(sig int) {
	sh.exit(128 + sig)
}

func itoa(n int) string { return strconv.Itoa(n) }
