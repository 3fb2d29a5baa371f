package shell

import (
	"syscall"
	"time"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/jobs"
	"gsh/parser"
	"gsh/tty"
)

// RunCommandLine runs one command line typed at an interactive prompt
// and returns the state the shell continues with.
//
// The command line is a job and runs on its own goroutine. If it stops
// (Ctrl-Z, or a stop signal), the whole rest of the line stops with it, as
// in zsh: the goroutine keeps this state, frozen until fg or bg, and the
// shell goes on with a copy taken at that moment (fork semantics: what the
// job changes after it resumes does not reach the shell).
func (sh *Shell) RunCommandLine(src string) *Shell {
	f, err := parser.Parse(src)
	if err != nil {
		sh.syntaxError(err)
		sh.status = 2
		return sh
	}
	return sh.RunParsed(f.Stmts, src)
}

// RunParsed is RunCommandLine for statements already parsed.
func (sh *Shell) RunParsed(stmts []*syntax.Stmt, text string) *Shell {
	rt := sh.rt
	rt.commandNumber++
	if len(stmts) == 0 {
		return sh
	}
	j := rt.jobs.New(stmtsText(stmts), false)
	j.SetForeground(true)
	j.SetIgnored(rt.ignoredSignals())
	sh.job, sh.gate = j, j.Gate
	topParams := sh.params
	// The descriptors at top level: if the line stops inside a redirected
	// block, the shell goes on with these, not with the block's.
	topFds := sh.fds.clone()
	prevFg := rt.foregroundJob()
	rt.setForegroundJob(j)
	rt.jobs.SetInproc(j, true, 0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		reportTime := sh.reportTimeStart(stmts) // REPORTTIME, REPORTMEMORY
		func() {
			defer sh.recoverInternal()
			for _, st := range stmts {
				sh.stmt(st)
				if len(sh.procFds) > 0 {
					sh.closeProcFds()
				}
				if sh.ctl != builtins.CtlNone {
					break
				}
			}
		}()
		reportTime()
		if sig := j.Gate.Killed(); sig != 0 && sh.ctl == builtins.CtlExit {
			// The line was ended by a signal (Ctrl-C...), not by `exit`.
			sh.ctl, sh.status = builtins.CtlNone, 128+sig
		}
		if sh.ctl == ctlDiscard || (sh.ctl != builtins.CtlNone && sh.ctl != builtins.CtlExit) {
			sh.ctl = builtins.CtlNone
		}
		rt.jobs.SetInproc(j, false, sh.status)
	}()
	state := rt.jobs.WaitChange(j, false, nil)
	rt.setForegroundJob(prevFg)
	if state == jobs.JobDone {
		<-done
		if j.Gate.Killed() == int(syscall.SIGINT) {
			rt.reportForegroundEnd(sh, syscall.WaitStatus(syscall.SIGINT))
		}
		topFds.release()
		sh.job, sh.gate = nil, nil
		j.MarkNotified()
		rt.jobs.Remove(j)
		rt.reclaimTerminal(false)
		return sh
	}
	// Stopped: wait until the job's goroutine no longer touches its state.
	for !j.Gate.Quiescent() {
		select {
		case <-done:
		case <-time.After(time.Millisecond):
			continue
		}
		break
	}
	if rt.ttyFd >= 0 {
		if m, err := tty.GetModes(rt.ttyFd); err == nil {
			j.SetModes(m)
		}
	}
	j.SetForeground(false)
	j.Dir = sh.cwd
	rt.reclaimTerminal(true)
	next := sh.forkCopy(topParams)
	next.fds.release()
	next.fds = topFds
	rt.reportStopped(next, j)
	next.status = 128 + j.StopSignal()
	if j.StopSignal() == 0 {
		next.status = 148
	}
	return next
}

// forkCopy is the state the interactive shell continues with after its
// command line stopped: the stopped job's state, unwound to top level.
func (sh *Shell) forkCopy(topParams []string) *Shell {
	n := sh.subshellCopy()
	n.subshell, n.subLevel = sh.subshell, sh.subLevel
	n.traps = sh.traps.share()
	n.job, n.gate, n.launchGroup, n.async, n.timing = nil, nil, nil, false, nil
	n.vars.PopAll()
	if sh.funcDepth > 0 {
		n.params = topParams
	}
	n.funcDepth, n.loopDepth, n.sourceDepth, n.evalDepth, n.cmdSubDepth = 0, 0, 0, 0, 0
	n.calls, n.source, n.lineBase = nil, "", 0
	n.noErrexit = 0
	n.ctl, n.ctlN = builtins.CtlNone, 0
	n.rt.main = n
	return n
}

// ReportJobs prints job notices before a prompt (interactive shells).
func (rt *Runtime) ReportJobs(sh *Shell) { rt.reportJobs(sh) }

// NotifyChan delivers a value when `set -b` wants a notice printed now.
func (rt *Runtime) NotifyChan() <-chan struct{} { return rt.notifyNow }

// JobControl reports whether job control is on.
func (rt *Runtime) JobControl() bool { return rt.jobControl }

// TTY returns the controlling terminal descriptor (-1 if none).
func (rt *Runtime) TTY() int { return rt.ttyFd }

// RefuseExit applies the stopped-jobs check before leaving the shell
// (Ctrl-D); it returns true when the shell must not exit yet.
func (rt *Runtime) RefuseExit(sh *Shell) bool { return rt.refuseExit(sh) }

// CommandNumber counts the command lines run so far.
func (rt *Runtime) CommandNumber() int { return rt.commandNumber }

// SetStatus sets $? (for example 130 after Ctrl-C at the prompt).
func (sh *Shell) SetStatus(st int) { sh.status = st }

// Var returns a variable's value.
func (sh *Shell) Var(name string) (string, bool) { return sh.vars.Value(name) }

// ExpandPrompt expands a prompt string (PS1, PS2...).
func (sh *Shell) ExpandPrompt(s string) string { return sh.expandPrompt(s) }

// SourceFile runs a start-up file; errors are reported with its name.
func (sh *Shell) SourceFile(path string) int { return sh.sourceFile(path, nil) }

// Runtime returns the process-wide state.
func (sh *Shell) Runtime() *Runtime { return sh.rt }
