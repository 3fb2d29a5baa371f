package shell

import (
	"syscall"

	"gsh/jobs"
	"gsh/tty"
)

// EnableJobControl turns job control on at start-up (interactive shells)
// or by `set -m`: the shell takes its own process group and the
// terminal, and remembers its terminal modes.
func (rt *Runtime) EnableJobControl(ttyFd int) error {
	if rt.jobControl {
		return nil
	}
	rt.ensureSignals()
	if ttyFd >= 0 && tty.IsTerminal(ttyFd) {
		pg, err := tty.TakeForeground(ttyFd)
		if err != nil {
			return err
		}
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
		rt.reportJobs(sh, true)
	default:
		return false
	}
	rt.exitWarnedAt = rt.commandNumber
	return true
}

// hupStopped sends SIGHUP then SIGCONT to stopped jobs, so that no
// stopped orphan is left behind when the shell exits.
func (rt *Runtime) hupStopped() {
	for _, j := range rt.jobs.Jobs() {
		if j.State() == jobs.JobStopped && !j.Nohup() {
			rt.signalJob(j, syscall.SIGHUP)
			rt.signalJob(j, syscall.SIGCONT)
		}
	}
}
