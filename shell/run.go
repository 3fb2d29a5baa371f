package shell

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/jobs"
	"gsh/parser"
)

// Config describes how gsh was started.
type Config struct {
	Name        string // $0, and the prefix of error messages
	Interactive bool
	Login       bool
	DashC       bool
	ReadsStdin  bool
}

// NewRuntime prepares the process-wide state: job table, reaper, signals.
func NewRuntime(cfg Config) *Runtime {
	rt := &Runtime{
		pid:            os.Getpid(),
		ppid:           os.Getppid(),
		start:          time.Now(),
		interactive:    cfg.Interactive,
		login:          cfg.Login,
		dashC:          cfg.DashC,
		readsStdin:     cfg.ReadsStdin,
		name:           cfg.Name,
		ttyFd:          -1,
		ignoredAtStart: map[syscall.Signal]bool{},
	}
	rt.notifyNow = make(chan struct{}, 1)
	rt.trapNow = make(chan struct{}, 1)
	rt.jobs = jobs.NewTable()
	rt.jobs.OnChange = rt.jobChanged
	rt.noteIgnoredAtStart()
	rt.reaper = jobs.NewReaper(rt.jobs.ProcChanged, rt.ensureSignals)
	if cfg.Interactive {
		rt.ensureSignals()
	}
	return rt
}

// NewMain creates the main shell state with its start-up variables.
func (rt *Runtime) NewMain(arg0 string, params []string) *Shell {
	sh := New(rt)
	sh.arg0 = arg0
	sh.params = params
	sh.initVars()
	sh.opts[optLoginShell] = rt.login
	// $_ starts as the shell's own path, as the environment or argv gave it.
	if u, ok := os.LookupEnv("_"); ok {
		sh.lastArg = u
	} else if exe, err := os.Executable(); err == nil {
		sh.lastArg = exe
	}
	rt.main = sh
	builtins.StartTime = rt.start
	return sh
}

// SetOption sets a set -o or shopt option by name (command-line flags).
func (sh *Shell) SetOptionByName(name string, on bool) error {
	if o, ok := optIndex()[name]; ok {
		return sh.setOpt(o, on)
	}
	return fmt.Errorf("%s: invalid option name", name)
}

// SetFlag sets a single-letter option (-e, -x...).
func (sh *Shell) SetFlag(c byte, on bool) bool {
	o, ok := flagOpt(c)
	if !ok {
		return false
	}
	sh.setOpt(o, on)
	return true
}

// RunLines runs a script read line group by line group (a file, stdin, or
// a -c string). It returns the exit status.
func (sh *Shell) RunLines(r parser.LineReader) int {
	err := parser.Stream(r, func(stmts []*syntax.Stmt, src string) bool {
		if sh.opts[optVerbose] {
			sh.writeErr(src)
		}
		sh.rt.groupSeq++
		if !sh.opts[optExtglob] && strings.Contains(src, "(") {
			if pos, ok := findExtGlob(stmts); ok {
				sh.extglobError(pos, src, int(stmts[len(stmts)-1].End().Line()))
				return false
			}
		}
		sh.runTop(stmts)
		return sh.ctl != builtins.CtlExit
	}, sh.parseWarning)
	if err != nil && sh.ctl != builtins.CtlExit {
		sh.syntaxError(err)
		sh.status = 2
		if !sh.rt.interactive {
			sh.exit(2)
		}
	}
	if sh.ctl == builtins.CtlExit {
		sh.status = sh.ctlN
	}
	return sh.status
}

// RunString runs src (a -c string).
func (sh *Shell) RunString(src string) int {
	return sh.RunLines(&stringLines{s: src})
}

// stringLines serves a string one line at a time.
type stringLines struct{ s string }

func (l *stringLines) ReadLine() ([]byte, error) {
	if l.s == "" {
		return nil, os.ErrClosed
	}
	i := strings.IndexByte(l.s, '\n')
	if i < 0 {
		line := l.s
		l.s = ""
		return []byte(line), os.ErrClosed
	}
	line := l.s[:i+1]
	l.s = l.s[i+1:]
	return []byte(line), nil
}

// runTop runs a group of top-level statements, with the recover that
// turns an interpreter bug into an error message instead of a crash.
func (sh *Shell) runTop(stmts []*syntax.Stmt) {
	defer sh.recoverInternal()
	if sh.rt.jobControl && !sh.rt.interactive {
		j := sh.rt.jobs.New(stmtsText(stmts), false)
		j.SetForeground(true)
		sh.job, sh.gate = j, j.Gate
		defer func() {
			sh.rt.jobs.SetInproc(j, false, sh.status)
			if j.State() == jobs.JobDone {
				sh.rt.jobs.Remove(j)
			}
			sh.job, sh.gate = nil, nil
		}()
		sh.rt.jobs.SetInproc(j, true, 0)
	}
	for _, st := range stmts {
		sh.stmt(st)
		if len(sh.procFds) > 0 {
			sh.closeProcFds()
		}
		if sh.ctl == builtins.CtlExit {
			return
		}
		if sh.ctl != builtins.CtlNone {
			// break/continue/return outside their context end here.
			if sh.ctl == ctlDiscard {
				sh.ctl = builtins.CtlNone
				return
			}
			sh.ctl = builtins.CtlNone
		}
	}
	if sh.rt.jobControl {
		sh.rt.reportJobs(sh)
	}
}

func stmtsText(stmts []*syntax.Stmt) string {
	var parts []string
	for _, st := range stmts {
		parts = append(parts, stmtText(st))
	}
	return strings.Join(parts, "; ")
}

// ctlDiscard abandons the rest of the command line after an error that
// bash handles so (see unwind); eval and source end it at their own line.
// It is not a builtin's control request.
const ctlDiscard builtins.Control = 100

// recoverInternal reports a panic in the interpreter as an error, so that
// no input can crash the shell.
func (sh *Shell) recoverInternal() {
	r := recover()
	if r == nil {
		return
	}
	if _, ok := r.(exitPanic); ok {
		panic(r)
	}
	sh.errorf("internal error: %v", r)
	if os.Getenv("GSH_DEBUG") != "" {
		sh.writeErr(string(debug.Stack()))
	}
	sh.status = 1
}

// exitPanic is never recovered (reserved for a forced exit).
type exitPanic struct{}

// syntaxError prints a parse error as bash does.
func (sh *Shell) syntaxError(err error) {
	se, ok := err.(*parser.SyntaxError)
	if !ok {
		sh.errorf("%s", err.Error())
		return
	}
	prefix := sh.rt.name + ": "
	if sh.source != "" {
		prefix = sh.source + ": "
	}
	if sh.rt.dashC && sh.source == "" {
		prefix += "-c: "
	}
	line := se.Line + sh.lineBase
	if !sh.rt.interactive || sh.source != "" {
		prefix += "line " + itoa(line) + ": "
	}
	msg := prefix + se.Msg + "\n"
	if se.HasSource {
		msg += prefix + "'" + se.Source + "'\n"
	}
	sh.writeErr(msg)
}

// Exit ends the shell process: EXIT trap, job clean-up, then exit(status).
func (sh *Shell) Exit(status int) {
	sh.exit(status)
	sh.finishContext()
	sh.rt.beforeExit(sh)
	os.Exit(sh.status & 0xff)
}

// Status is $?.
func (sh *Shell) Status() int { return sh.status }

// Exiting reports whether exit was requested.
func (sh *Shell) Exiting() bool { return sh.ctl == builtins.CtlExit }

// beforeExit sends SIGHUP to jobs when the shell is a login shell with
// huponexit, and restores the terminal.
func (rt *Runtime) beforeExit(sh *Shell) {
	runExitHooks()
	if rt.interactive && rt.login && sh.opts[optHuponexit] {
		rt.hangup()
	}
	rt.hupStopped()
	rt.endJobControl()
}

// SetMainSource records the script file name (BASH_SOURCE for the main
// script).
func (rt *Runtime) SetMainSource(name string) { rt.mainSource = name }

// findExtGlob finds an extended pattern outside [[ ]] (where bash always
// allows them): without extglob, bash's parser rejects it.
func findExtGlob(stmts []*syntax.Stmt) (syntax.Pos, bool) {
	var pos syntax.Pos
	found := false
	for _, st := range stmts {
		syntax.Walk(st, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.TestClause:
				return false
			case *syntax.ExtGlob:
				if !found {
					pos, found = n.OpPos, true
				}
				return false
			}
			return !found
		})
	}
	return pos, found
}

// extglobError reports an extended pattern used without extglob.
func (sh *Shell) extglobError(pos syntax.Pos, src string, lastLine int) {
	line := int(pos.Line())
	lines := strings.Split(src, "\n")
	first := lastLine - strings.Count(src, "\n") + 1
	text := ""
	if i := line - first; i >= 0 && i < len(lines) {
		text = lines[i]
	}
	sh.syntaxError(&parser.SyntaxError{Line: line, Msg: "syntax error near unexpected token '('", Source: text, HasSource: true})
	sh.status = 2
	if !sh.rt.interactive {
		sh.exit(2)
	}
}

// parseWarning reports a parser warning (here-document ended by EOF).
func (sh *Shell) parseWarning(line int, msg string) {
	saved := sh.line
	sh.line = line + sh.lineBase
	sh.errorf("%s", msg)
	sh.line = saved
}
