package shell

import (
	"os"
	"strconv"
	"strings"
	"syscall"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/parser"
)

// Builtins that are part of the interpreter's control flow live here and
// register themselves in the shared registry.

func shFn(f func(*Shell, []string) int) builtins.Func {
	return func(b builtins.Shell, args []string) int { return f(b.(*Shell), args) }
}

func init() {
	for _, b := range []*builtins.Builtin{
		{Name: ":", Fn: shFn(func(*Shell, []string) int { return 0 }), Special: true, Usage: ": [arguments]"},
		{Name: "true", Fn: shFn(func(*Shell, []string) int { return 0 }), Usage: "true"},
		{Name: "false", Fn: shFn(func(*Shell, []string) int { return 1 }), Usage: "false"},
		{Name: "eval", Fn: shFn(biEval), Special: true, Usage: "eval [arg ...]"},
		{Name: "source", Fn: shFn(biSource), Special: true, Usage: "source filename [arguments]"},
		{Name: ".", Fn: shFn(biSource), Special: true, Usage: ". filename [arguments]"},
		{Name: "exec", Fn: shFn(biExec), Special: true, Usage: "exec [-cl] [-a name] [command [argument ...]] [redirection ...]"},
		{Name: "exit", Fn: shFn(biExit), Special: true, Usage: "exit [n]"},
		{Name: "logout", Fn: shFn(biLogout), Usage: "logout [n]"},
		{Name: "return", Fn: shFn(biReturn), Special: true, Usage: "return [n]"},
		{Name: "break", Fn: shFn(biBreak), Special: true, Usage: "break [n]"},
		{Name: "continue", Fn: shFn(biContinue), Special: true, Usage: "continue [n]"},
		{Name: "builtin", Fn: shFn(biBuiltin), Usage: "builtin [shell-builtin [arg ...]]"},
		{Name: "let", Fn: shFn(biLet), Usage: "let arg [arg ...]"},
		{Name: "caller", Fn: shFn(biCaller), Usage: "caller [expr]"},
	} {
		builtins.Register(b)
	}
}

func biEval(sh *Shell, args []string) int {
	src := strings.Join(args[1:], " ")
	if strings.TrimSpace(src) == "" {
		return 0
	}
	sh.evalString(src, "eval")
	return sh.status
}

// evalString parses src as a whole and runs it in this context.
func (sh *Shell) evalString(src, origin string) {
	f, err := parser.Parse(src)
	if err != nil {
		saved := sh.source
		se, _ := err.(*parser.SyntaxError)
		if se != nil && origin == "eval" {
			prefix := sh.errPrefixNoLine() + "eval: line " + itoa(se.Line+max(sh.line-1, 0)) + ": "
			msg := prefix + se.Msg + "\n"
			if se.HasSource {
				msg += prefix + "'" + se.Source + "'\n"
			}
			sh.writeErr(msg)
		} else {
			sh.syntaxError(err)
		}
		sh.source = saved
		sh.status = 2
		return
	}
	savedBase, savedLine := sh.lineBase, sh.line
	sh.lineBase = max(sh.line-1, 0)
	sh.evalDepth++
	sh.runLinesOf(f.Stmts)
	sh.evalDepth--
	sh.lineBase, sh.line = savedBase, savedLine
}

// errPrefixNoLine is the error prefix without "line N: ".
func (sh *Shell) errPrefixNoLine() string {
	name := sh.rt.name
	if sh.source != "" {
		name = sh.source
	}
	return name + ": "
}

func biSource(sh *Shell, args []string) int {
	if len(args) < 2 {
		sh.errorf("%s: filename argument required", args[0])
		sh.writeErr(args[0] + ": usage: " + args[0] + " filename [arguments]\n")
		return 2
	}
	return sh.sourceFile(args[1], args[2:])
}

// sourceFile runs a file in the current context (. and source).
func (sh *Shell) sourceFile(name string, args []string) int {
	path := name
	if !strings.Contains(name, "/") {
		path = ""
		if sh.opts[optSourcepath] {
			if p := builtins.SearchSourcePath(sh, name, sh.vars.Str("PATH")); p != "" {
				path = p
			}
		}
		if path == "" {
			path = name
		}
	}
	full := sh.abs(path)
	f, err := os.Open(full)
	if err == nil {
		if fi, e := f.Stat(); e == nil && fi.IsDir() {
			f.Close()
			err = &os.PathError{Err: syscall.EISDIR}
		}
	}
	if err != nil {
		sh.errorf("%s: %s", name, errnoText(err))
		return 1
	}
	defer f.Close()
	savedParams := sh.params
	if len(args) > 0 {
		sh.params = args
	}
	savedSource, savedBase, savedLine := sh.source, sh.lineBase, sh.line
	sh.source, sh.lineBase = path, 0
	sh.sourceDepth++
	sh.calls = append(sh.calls, callFrame{name: "source", source: path, line: savedLine})
	sh.status = 0
	perr := parser.Stream(parser.NewBufReader(f), func(stmts []*syntax.Stmt, src string) bool {
		if sh.opts[optVerbose] {
			sh.writeErr(src)
		}
		sh.runStmts(stmts)
		if sh.ctl == ctlDiscard {
			sh.ctl = builtins.CtlNone // the next line of the file runs
		}
		return sh.ctl == builtins.CtlNone
	}, sh.parseWarning)
	if perr != nil && sh.ctl == builtins.CtlNone {
		sh.syntaxError(perr)
		sh.status = 2
	}
	sh.calls = sh.calls[:len(sh.calls)-1]
	sh.sourceDepth--
	if sh.ctl == builtins.CtlReturn {
		sh.ctl = builtins.CtlNone
		sh.status = sh.ctlN
	}
	sh.source, sh.lineBase, sh.line = savedSource, savedBase, savedLine
	if len(args) > 0 {
		sh.params = savedParams
	}
	return sh.status
}

func biExec(sh *Shell, args []string) int {
	opts, args, ok := builtins.ParseOpts(sh, args, "cla:")
	if !ok {
		return 2
	}
	argv0 := ""
	clearEnv, login := false, false
	for _, o := range opts {
		switch o.C {
		case 'c':
			clearEnv = true
		case 'l':
			login = true
		case 'a':
			argv0 = o.Arg
		}
	}
	if len(args) == 0 {
		// Only redirections: they stay in effect (withRedirsAndTemps).
		sh.fds.persist = true
		return 0
	}
	if argv0 != "" || login {
		name := args[0]
		if argv0 != "" {
			name = argv0
		}
		if login {
			name = "-" + name
		}
		sh.execArgv0 = name
	}
	sh.execClearEnv = clearEnv
	return sh.execReplace(args)
}

// execReplace replaces the shell with a program. In an in-process
// subshell there is no process of its own to replace: the program runs
// and the subshell ends with its status.
func (sh *Shell) execReplace(args []string) int {
	argv0, clearEnv := sh.execArgv0, sh.execClearEnv
	sh.execArgv0, sh.execClearEnv = "", false
	// exec runs programs, never functions (bash: "exec: f: not found"). A
	// subshell has no process to replace: an enabled builtin runs as is.
	if b := sh.builtin(args[0]); b != nil && sh.subshell {
		sh.runBuiltin(b, args)
		sh.exit(sh.status)
		return sh.status
	}
	var path string
	if strings.IndexByte(args[0], '/') >= 0 {
		path = sh.abs(args[0])
	} else if path = sh.lookPath(args[0], false); path == "" {
		sh.errorf("exec: %s: not found", args[0])
		if !sh.rt.interactive {
			sh.exit(127)
		}
		return 127
	}
	env := sh.vars.Environ()
	if clearEnv {
		env = nil
	}
	argv := append([]string(nil), args...)
	if argv0 != "" {
		argv[0] = argv0
	}
	if sh.subshell {
		p, err := sh.launch(jobsSpec(path, argv, env, sh.cwd))
		if err != nil {
			st := sh.execFailed(args, path, env, err)
			sh.exit(st)
			return st
		}
		sh.exit(sh.waitProc(p))
		return sh.status
	}
	err := sh.execProcess(path, argv, env)
	st := sh.execFailed(args, path, env, err)
	if !sh.rt.interactive {
		sh.exit(st)
	}
	return st
}

func biExit(sh *Shell, args []string) int {
	if sh.rt.interactive && !sh.subshell {
		// bash says "exit" before "There are stopped jobs."
		if sh.rt.login {
			sh.writeErr("logout\n")
		} else {
			sh.writeErr("exit\n")
		}
		if sh.rt.refuseExit(sh) {
			return 1
		}
	}
	st := sh.builtinStatusIn
	if len(args) > 1 {
		n, err := strconv.ParseInt(strings.TrimSpace(args[1]), 10, 64)
		if err != nil {
			sh.errorf("exit: %s: numeric argument required", args[1])
			st = 2
		} else {
			st = int(n & 0xff)
		}
		if len(args) > 2 && err == nil {
			sh.errorf("exit: too many arguments")
			st = 1
		}
	}
	sh.exit(st)
	return st
}

func biLogout(sh *Shell, args []string) int {
	if !sh.rt.login {
		sh.errorf("logout: not login shell: use 'exit'")
		return 1
	}
	return biExit(sh, args)
}

func biReturn(sh *Shell, args []string) int {
	if sh.funcDepth == 0 && sh.sourceDepth == 0 {
		sh.errorf("return: can only 'return' from a function or sourced script")
		return 2
	}
	st := sh.builtinStatusIn
	if len(args) > 1 {
		n, err := strconv.ParseInt(strings.TrimSpace(args[1]), 10, 64)
		if err != nil {
			sh.errorf("return: %s: numeric argument required", args[1])
			st = 2
		} else {
			st = int(n & 0xff)
		}
	}
	sh.SetControl(builtins.CtlReturn, st)
	return st
}

func loopCount(sh *Shell, args []string) (int, bool) {
	if len(args) < 2 {
		return 1, true
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		sh.errorf("%s: %s: numeric argument required", args[0], args[1])
		return 0, false
	}
	if n < 1 {
		sh.errorf("%s: %d: loop count out of range", args[0], n)
		return 0, false
	}
	return n, true
}

func biBreak(sh *Shell, args []string) int {
	n, ok := loopCount(sh, args)
	if !ok {
		return 1
	}
	if sh.loopDepth == 0 {
		sh.errorf("break: only meaningful in a 'for', 'while', or 'until' loop")
		return 0
	}
	sh.ctl, sh.ctlN = builtins.CtlBreak, min(n, sh.loopDepth)
	return 0
}

func biContinue(sh *Shell, args []string) int {
	n, ok := loopCount(sh, args)
	if !ok {
		return 1
	}
	if sh.loopDepth == 0 {
		sh.errorf("continue: only meaningful in a 'for', 'while', or 'until' loop")
		return 0
	}
	sh.ctl, sh.ctlN = builtins.CtlContinue, min(n, sh.loopDepth)
	return 0
}

func biBuiltin(sh *Shell, args []string) int {
	if len(args) < 2 {
		return 0
	}
	sh.dispatch(args[1:], nil, nil, true, true)
	sh.fds.persist = false // bash: `builtin exec >f` keeps no redirection
	return sh.status
}

func biLet(sh *Shell, args []string) int {
	if len(args) < 2 {
		sh.errorf("let: expression expected")
		return 1
	}
	var n int64
	for _, a := range args[1:] {
		var err error
		n, err = sh.arithString(a)
		if err != nil {
			sh.errorf("let: %s", err.Error())
			return 1
		}
	}
	if n == 0 {
		return 1
	}
	return 0
}

func biCaller(sh *Shell, args []string) int {
	n := 0
	if len(args) > 1 {
		v, err := strconv.Atoi(args[1])
		if err != nil || v < 0 {
			sh.errorf("caller: %s: invalid number", args[1])
			return 2
		}
		n = v
	}
	depth := len(sh.calls)
	if depth == 0 || n >= depth {
		return 1
	}
	frame := sh.calls[depth-1-n]
	name := "main"
	src := sh.rt.mainSource
	if depth-2-n >= 0 {
		name = sh.calls[depth-2-n].name
		src = sh.calls[depth-2-n].source
	}
	if len(args) == 1 {
		sh.Stdout().Write([]byte(itoa(frame.line) + " " + src + "\n"))
		return 0
	}
	sh.Stdout().Write([]byte(itoa(frame.line) + " " + name + " " + src + "\n"))
	return 0
}
