package shell

import (
	"strings"
	"syscall"

	"gsh/jobs"
	"gsh/tty"
)

// startPgrp is the process group gsh started in, given the terminal back
// at exit. A fact of the process, like its PID, hence not in Runtime.
var startPgrp int

// EnableJobControl turns job control on at start-up (interactive shells)
// or by `set -m`: the shell takes its own process group and the
// terminal, and remembers its terminal modes.
func (rt *Runtime) EnableJobControl(ttyFd int) error {
	if rt.jobControl {
		return nil
	}
	rt.ensureSignals()
	if ttyFd >= 0 && tty.IsTerminal(ttyFd) {
		pg, orig, err := tty.TakeForeground(ttyFd)
		if err != nil {
			return err
		}
		startPgrp = orig
		rt.ttyFd, rt.shellPgid = ttyFd, pg
		if m, err := tty.GetModes(ttyFd); err == nil {
			rt.shellModes = m
		}
	} else {
		rt.ttyFd = -1
	}
	rt.jobControl = true
	tty.Catch(rt.sigCh, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU)
	return nil
}

// enableJobControl is `set -m`.
func (rt *Runtime) enableJobControl(sh *Shell) {
	fd := 2
	if !tty.IsTerminal(fd) {
		fd = 0
	}
	if !tty.IsTerminal(fd) {
		fd = -1
	}
	if err := rt.EnableJobControl(fd); err != nil {
		sh.errorf("cannot set terminal process group (%d): %s", -1, errnoText(err))
		sh.errorf("no job control in this shell")
	}
}

// refuseExit implements the stopped-jobs check of an interactive exit:
// the first attempt warns and fails, an immediate second one exits.
func (rt *Runtime) refuseExit(sh *Shell) bool {
	// A second attempt right after the warning exits (the warning was given
	// by this command line or the one before).
	if rt.exitWarnedAt != 0 && rt.exitWarnedAt >= rt.commandNumber-1 {
		return false
	}
	stopped, running := false, false
	for _, j := range rt.jobs.Jobs() {
		switch j.State() {
		case jobs.JobStopped:
			stopped = true
		case jobs.JobRunning:
			if j.Async() {
				running = true
			}
		}
	}
	switch {
	case stopped:
		sh.writeErr("There are stopped jobs.\n")
	case running && sh.opts[optCheckjobs]:
		sh.writeErr("There are running jobs.\n")
	default:
		return false
	}
	if sh.opts[optCheckjobs] {
		var b strings.Builder
		for _, j := range rt.jobs.Jobs() {
			b.WriteString(sh.listLine(j, false) + "\n")
		}
		sh.writeErr(b.String())
	}
	rt.exitWarnedAt = rt.commandNumber
	return true
}

// hupStopped sends SIGHUP then SIGCONT to stopped jobs, so that no
// stopped orphan is left behind when the shell exits.
func (rt *Runtime) hupStopped() {
	for _, j := range rt.jobs.Jobs() {
		if j.State() == jobs.JobStopped && !j.Nohup() {
			rt.hangUpJob(j)
		}
	}
}

// endJobControl gives the terminal back at exit: the shell's own modes, and
// the process group that started gsh, if that was not gsh's own.
func (rt *Runtime) endJobControl() {
	if !rt.jobControl || rt.ttyFd < 0 {
		return
	}
	if rt.shellModes != nil {
		tty.SetModes(rt.ttyFd, rt.shellModes)
	}
	tty.EndForeground(rt.ttyFd, startPgrp)
}
