package shell

import (
	"os"
	"os/signal"
	"syscall"
	"time"

	"gsh/jobs"
	"gsh/tty"
)

// Signal handling. The shell never ignores a signal that its jobs should
// receive with the default action (an ignored disposition is inherited
// through exec): it catches them and decides here. Trap actions run
// between commands, on the interpreter's goroutine (see runPendingTraps).

const pendingSpecial = 1 // bit 0 of pendingSigs: interrupt or fatal signal

// ensureSignals installs the shell's dispositions, once. A
// non-interactive shell does so only when it first starts a program or
// sets a trap: until then the default actions are what bash's would be.
func (rt *Runtime) ensureSignals() { rt.sigOnce.Do(rt.setupSignals) }

// setupSignals installs the shell's dispositions.
func (rt *Runtime) setupSignals() {
	rt.sigCh = make(chan os.Signal, 32)
	catch := []syscall.Signal{syscall.SIGPIPE, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}
	if rt.interactive {
		catch = append(catch, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU, syscall.SIGWINCH)
	}
	for _, s := range catch {
		// Ignored on entry stays ignored, interactive or not (as in bash);
		// Go lets us see this for SIGHUP and SIGINT only.
		if rt.ignoredAtStart[s] {
			continue
		}
		tty.Catch(rt.sigCh, s)
	}
	go rt.signalLoop()
}

// noteIgnoredAtStart records the signals gsh's parent left ignored.
func (rt *Runtime) noteIgnoredAtStart() {
	for _, s := range []syscall.Signal{syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP,
		syscall.SIGPIPE, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM} {
		if signal.Ignored(s) {
			rt.ignoredAtStart[s] = true
		}
	}
	// bash ignores SIGQUIT in all cases (its children do not); Go would
	// print its goroutines and exit. Caught and dropped once signals are
	// set up; ignored until then.
	if !rt.ignoredAtStart[syscall.SIGQUIT] {
		tty.ShellIgnores(syscall.SIGQUIT)
	}
	// Signals that Go swallows but that end bash get their real default.
	tty.KernelDefault(syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM, syscall.SIGVTALRM,
		syscall.SIGXCPU, syscall.SIGXFSZ, syscall.SIGIO, syscall.SIGPWR, syscall.SIGSTKFLT)
}

// defaultDisposition is what sig goes back to when its trap is removed.
func (rt *Runtime) defaultDisposition(sig syscall.Signal) {
	rt.trapped.And(^(uint64(1) << uint(sig)))
	switch sig {
	case syscall.SIGPIPE, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT:
		if rt.ignoredAtStart[sig] {
			tty.Ignore(sig)
			return
		}
		tty.Catch(rt.sigCh, sig)
		return
	case syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU, syscall.SIGWINCH:
		if rt.interactive {
			tty.Catch(rt.sigCh, sig)
			return
		}
	case syscall.SIGCHLD:
		return // the reaper keeps its own registration
	}
	if rt.ignoredAtStart[sig] {
		tty.Ignore(sig)
		return
	}
	tty.Reset(sig)
}

func (rt *Runtime) signalLoop() {
	for s := range rt.sigCh {
		sig := s.(syscall.Signal)
		if rt.trapped.Load()&(1<<uint(sig)) != 0 {
			rt.pendingSigs.Or(1 << uint(sig))
			rt.jobs.Wake()
			rt.trapDue()
		} else {
			rt.untrapped(sig)
		}
		rt.sigSeq.Add(1)
	}
}

// SignalSelf sends sig to the shell itself and waits (briefly) until the
// signal goroutine has handled it, so that `kill -USR1 $$; echo after`
// runs the trap before the next command, as in bash where the signal
// arrives during the kill system call.
func (rt *Runtime) SignalSelf(sig syscall.Signal, send func() error) error {
	caught := tty.Current(sig) == tty.Caught
	seq := rt.sigSeq.Load()
	err := send()
	if err != nil || !caught {
		return err
	}
	deadline := time.Now().Add(200 * time.Millisecond)
	for rt.sigSeq.Load() == seq && time.Now().Before(deadline) {
		time.Sleep(50 * time.Microsecond)
	}
	return nil
}

// untrapped handles a caught signal that has no trap.
func (rt *Runtime) untrapped(sig syscall.Signal) {
	switch sig {
	case syscall.SIGINT:
		if rt.interactive {
			if j := rt.foregroundJob(); j != nil {
				j.Gate.Kill(int(syscall.SIGINT))
				j.Gate.Cont()
				rt.jobs.Wake()
			}
			return
		}
		if rt.fgWaits.Load() > 0 {
			rt.gotSigint.Store(true)
			return
		}
		rt.fatal(sig)
	case syscall.SIGTERM:
		if rt.interactive {
			return
		}
		rt.fatal(sig)
	case syscall.SIGHUP:
		rt.hangup()
		rt.fatal(sig)
	case syscall.SIGTSTP:
		if j := rt.foregroundJob(); j != nil && rt.interactive {
			j.Gate.Stop()
			rt.jobs.Recompute(j)
		}
	case syscall.SIGWINCH:
		rt.updateWinsize()
	}
}

// fatal ends the shell because of sig: at once, or after the EXIT trap
// when there is one (run by the interpreter at its next command).
func (rt *Runtime) fatal(sig syscall.Signal) {
	if rt.hasExitTrap.Load() {
		rt.fatalSig.Store(int32(sig))
		rt.pendingSigs.Or(pendingSpecial)
		rt.jobs.Wake()
		return
	}
	rt.dieBySignal(sig)
}

// hangup sends SIGHUP (and SIGCONT to stopped ones) to every job, as bash
// does when its terminal goes away.
func (rt *Runtime) hangup() {
	for _, j := range rt.jobs.Jobs() {
		if j.Nohup() {
			continue
		}
		rt.hangUpJob(j)
	}
}

// hangUpJob sends SIGHUP to j, then SIGCONT if it was stopped. The state
// is read first: SIGHUP itself releases the gate of an in-process job,
// which then looks running, yet its processes are still stopped and need
// SIGCONT to see the hang-up.
func (rt *Runtime) hangUpJob(j *jobs.Job) {
	stopped := j.State() == jobs.JobStopped
	rt.signalJob(j, syscall.SIGHUP)
	if stopped {
		rt.signalJob(j, syscall.SIGCONT)
	}
}

// signalJob sends sig to every process of j (its group under job
// control). The job's in-process part is frozen or ended first, so that
// nothing more of it runs once kill returns.
func (rt *Runtime) signalJob(j *jobs.Job, sig syscall.Signal) error {
	rt.signalGate(j, sig)
	var err error
	sent := false
	if pg := j.Pgid(); pg > 0 && rt.jobControl {
		err = syscall.Kill(-pg, sig)
		sent = err == nil
		if sp := j.Standin(); sp != nil && sp.Pgid != pg && !sp.Terminated() {
			syscall.Kill(sp.Pid, sig)
		}
		for _, p := range j.Procs() {
			if p.Pgid != pg && !p.Terminated() {
				syscall.Kill(p.Pid, sig)
			}
		}
	} else {
		err = nil
		if sp := j.Standin(); sp != nil && !sp.Terminated() {
			err = syscall.Kill(sp.Pid, sig)
			sent = err == nil
		}
		for _, p := range j.Procs() {
			if !p.Terminated() {
				if e := syscall.Kill(p.Pid, sig); e != nil && !sent {
					err = e
				} else if e == nil {
					sent = true
				}
			}
		}
	}
	if sig == syscall.SIGCONT {
		j.Gate.Cont()
		rt.jobs.Continued(j)
	} else {
		rt.jobs.Recompute(j)
	}
	if !sent && j.InProcess() {
		return nil // only the in-process part was left, and it got sig
	}
	return err
}

// continueAfterSignal sends SIGCONT to the processes of a stopped job
// that was sent a signal, so that they act on it. The in-process part
// stays as the signal left it (ended, or frozen if it ignored the signal).
func (rt *Runtime) continueAfterSignal(j *jobs.Job) {
	if pg := j.Pgid(); pg > 0 && rt.jobControl {
		syscall.Kill(-pg, syscall.SIGCONT)
	}
	for _, p := range j.Procs() {
		if !p.Terminated() {
			syscall.Kill(p.Pid, syscall.SIGCONT)
		}
	}
	if sp := j.Standin(); sp != nil && !sp.Terminated() {
		syscall.Kill(sp.Pid, syscall.SIGCONT)
	}
}

// signalGate applies sig to the in-process part of j: a stop signal
// freezes it, a signal whose default action terminates ends it. A signal
// the job ignores does nothing, and SIGCONT is applied after the
// processes were continued.
func (rt *Runtime) signalGate(j *jobs.Job, sig syscall.Signal) {
	if !j.InProcess() || sig == 0 || j.IgnoresSignal(sig) {
		return
	}
	switch sig {
	case syscall.SIGSTOP, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU:
		j.Gate.Stop()
	case syscall.SIGCONT, syscall.SIGCHLD, syscall.SIGURG, syscall.SIGWINCH:
	default:
		j.Gate.Kill(int(sig))
		j.Gate.Cont()
	}
}

// foregroundJob is the command line running in the foreground, if any.
func (rt *Runtime) foregroundJob() *jobs.Job {
	rt.fgMu.Lock()
	defer rt.fgMu.Unlock()
	return rt.fgJob
}

// setForegroundJob records the foreground command line.
func (rt *Runtime) setForegroundJob(j *jobs.Job) {
	rt.fgMu.Lock()
	rt.fgJob = j
	rt.fgMu.Unlock()
}

// ignoredSignals lists the signals a new job starts with ignored: those
// of an empty trap action and those ignored when gsh started.
func (rt *Runtime) ignoredSignals() []syscall.Signal {
	var out []syscall.Signal
	for s := syscall.Signal(1); s <= 31; s++ {
		if d := tty.Current(s); d == tty.Ignored || rt.ignoredAtStart[s] && d != tty.Caught {
			out = append(out, s)
		}
	}
	return out
}
