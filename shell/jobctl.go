package shell

import (
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"mvdan.cc/sh/v3/syntax"

	"gsh/jobs"
	"gsh/tty"
)

// launchGroup is the process group that the external stages of one
// pipeline share.
type launchGroup struct {
	job      *jobs.Job
	pgid     int  // 0 until the first process started
	fg       bool // the group gets the terminal
	resolved bool // pgid was looked up (under the reap lock)
}

// newLaunchGroup prepares the group of a pipeline under job control.
// Inside a background job the job's group is used. A foreground
// pipeline's group is formed by its first process: Ctrl-C and Ctrl-Z reach
// its in-process stages through the job's gate (the reaper freezes or
// ends the gate when a process of the job stops or dies of SIGINT, and
// the shell's own handlers do when it holds the terminal).
func (sh *Shell) newLaunchGroup() *launchGroup {
	g := &launchGroup{job: sh.job, fg: sh.job != nil && sh.job.Foreground()}
	if sh.launchGroup != nil {
		g.pgid, g.resolved = sh.launchGroup.pgid, true
	}
	return g
}

// launch starts one external command for this context.
func (sh *Shell) launch(s *jobs.Spec) (*jobs.Proc, error) {
	s.Files = sh.fds.childFiles()
	sh.rt.reaper.Lock()
	defer sh.rt.reaper.Unlock()
	var g *launchGroup
	if sh.rt.jobControl {
		g = sh.launchGroup
		if g == nil {
			g = &launchGroup{job: sh.job, fg: sh.job != nil && sh.job.Foreground()}
		}
	}
	sh.prepareSpec(s, g)
	p, err := sh.rt.reaper.StartLocked(s)
	if err != nil && s.Pgid > 0 && err == syscall.EPERM {
		// The group died between the check and the fork: start a new one.
		s.Pgid = 0
		p, err = sh.rt.reaper.StartLocked(s)
	}
	if err != nil {
		return nil, err
	}
	sh.noteProc(p, g)
	return p, nil
}

// liveJobPgid returns the job's process group if a member is still
// unreaped (a group lives while any member, a zombie included, exists).
// The caller holds the reap lock.
func (sh *Shell) liveJobPgid(j *jobs.Job) int {
	pg := j.Pgid()
	if pg == 0 {
		return 0
	}
	if sp := j.Standin(); sp != nil && sp.Pgid == pg && !sp.Terminated() {
		return pg
	}
	for _, p := range j.Procs() {
		if p.Pgid == pg && !p.Terminated() {
			return pg
		}
	}
	return 0
}

// prepareSpec fills in process group, terminal and signal settings.
func (sh *Shell) prepareSpec(s *jobs.Spec, g *launchGroup) {
	if !sh.rt.jobControl {
		s.Pgid = -1
		s.IgnoreIntQuit = sh.async
		return
	}
	s.Pgid = 0
	if g != nil {
		if !g.resolved && g.pgid == 0 && g.job != nil {
			// A process of the job still alive (a process substitution,
			// say) keeps the group: later processes join it.
			g.pgid, g.resolved = sh.liveJobPgid(g.job), true
		}
		s.Pgid = g.pgid
		if g.fg && sh.rt.ttyFd >= 0 {
			s.Foreground = true
			s.Tty = sh.rt.ttyFd
		}
	}
}

// noteProc records a started process in its job and group.
func (sh *Shell) noteProc(p *jobs.Proc, g *launchGroup) {
	if sh.timing != nil {
		sh.timing.add(p)
	}
	if g != nil && g.pgid == 0 {
		g.pgid = p.Pgid
	}
	if sh.job != nil {
		sh.rt.jobs.AddProc(sh.job, p)
		if p.Pgid > 0 {
			sh.job.SetPgid(p.Pgid)
		}
	}
	// The job was killed or stopped between its last gate check and this
	// fork: the new process shares its fate, or it would run on alone.
	if k := sh.gate.Killed(); k != 0 {
		syscall.Kill(p.Pid, syscall.Signal(k))
		if k != int(syscall.SIGKILL) {
			syscall.Kill(p.Pid, syscall.SIGCONT)
		}
	} else if sh.gate.Stopped() {
		syscall.Kill(p.Pid, syscall.SIGSTOP)
	}
}

// waitProc waits for a foreground process and returns its status. Under
// job control it takes the terminal back once the job's process group
// has no live member left. In a shell without job control, a child killed
// by the SIGINT that the shell also received (Ctrl-C) ends the shell the
// same way, as bash does.
func (sh *Shell) waitProc(p *jobs.Proc) int {
	rt := sh.rt
	if !rt.jobControl {
		tty.Settle() // SIGINT caught again, if a background fork held it ignored
		rt.fgWaits.Add(1)
		sh.gate.EnterWait()
		st := rt.reaper.Await(p)
		sh.gate.LeaveWait()
		ws := p.WaitStatus()
		if ws.Signaled() && ws.Signal() == syscall.SIGINT && !rt.interactive && rt.awaitSigint() {
			rt.fgWaits.Add(-1)
			sh.fatalSignal(syscall.SIGINT)
		}
		rt.fgWaits.Add(-1)
		if ws.Signaled() && ws.Signal() == syscall.SIGINT && sh.gate != nil && sh.job != nil && !sh.job.Async() {
			sh.gate.Kill(int(syscall.SIGINT))
		}
		rt.gotSigint.Store(false)
		return st
	}
	st := sh.waitJobProc(p)
	if !rt.interactive && !sh.async {
		// A script with set -m reports jobs between commands, as bash
		// does after each foreground wait.
		rt.reportJobs(sh)
	}
	if sh.job == nil || sh.job.Foreground() {
		ws := p.WaitStatus()
		if !rt.groupBusy(sh.job, p) {
			rt.reclaimTerminal(ws.Signaled())
		}
		if ws.Signaled() && (ws.Signal() == syscall.SIGINT || ws.Signal() == syscall.SIGQUIT) && sh.gate != nil {
			// The rest of the command line is interrupted too.
			sh.gate.Kill(int(ws.Signal()))
		}
		// Ctrl-C's newline comes when the line is over (RunParsed).
		if sh.job != nil && p.Pid == sh.job.LastPid() && !sh.async && !(ws.Signaled() && ws.Signal() == syscall.SIGINT) {
			rt.reportForegroundEnd(sh, syscall.WaitStatus(ws))
		}
	}
	return st
}

// awaitSigint reports whether the shell got the SIGINT that killed its
// foreground child (Ctrl-C reaches the whole group at once). The child's
// death can be seen before the shell's own signal went through Go's
// signal goroutine, so a pending SIGINT is waited for, briefly; a SIGINT
// sent to the child alone costs that wait.
func (rt *Runtime) awaitSigint() bool {
	if rt.trapped.Load()&(1<<uint(syscall.SIGINT)) != 0 || tty.Current(syscall.SIGINT) != tty.Caught {
		return false // a trap runs instead, or the shell ignores SIGINT
	}
	deadline := time.Now().Add(50 * time.Millisecond)
	for !rt.gotSigint.Load() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Microsecond)
	}
	return true
}

// groupBusy reports whether a process of j other than p is still alive in
// p's process group: the group keeps the terminal until its last member
// ends (a pipeline whose first stage ended is still in the foreground).
func (rt *Runtime) groupBusy(j *jobs.Job, p *jobs.Proc) bool {
	if j == nil || p.Pgid == 0 {
		return false
	}
	for _, q := range j.Procs() {
		if q != p && q.Pgid == p.Pgid && !q.Terminated() {
			return true
		}
	}
	return false
}

// waitJobProc waits for p under job control. In an interactive shell the
// command line's goroutine simply waits (Ctrl-Z freezes it with its job);
// a script with set -m returns when the process stops, as bash does.
func (sh *Shell) waitJobProc(p *jobs.Proc) int {
	if sh.rt.interactive || sh.job == nil {
		sh.gate.EnterWait()
		defer sh.gate.LeaveWait()
		return sh.rt.reaper.Await(p)
	}
	for {
		ch := p.Changes()
		if p.Terminated() {
			return p.Status()
		}
		if p.State() == jobs.Stopped {
			sh.rt.reclaimTerminal(true)
			sh.job.SetForeground(false)
			sh.rt.reportStopped(sh, sh.job)
			return p.Status()
		}
		<-ch
	}
}

// reclaimTerminal puts the shell back in the terminal's foreground after
// a job. restoreModes (a job that stopped or was killed by a signal) puts
// the shell's own modes back; otherwise the job's changes (stty) are kept
// and become the shell's, as in bash.
func (rt *Runtime) reclaimTerminal(restoreModes bool) {
	if !rt.jobControl || rt.ttyFd < 0 {
		return
	}
	tty.SetForeground(rt.ttyFd, rt.shellPgid)
	termMu.Lock()
	if restoreModes && rt.shellModes != nil {
		tty.SetModes(rt.ttyFd, rt.shellModes)
	} else if m, err := tty.GetModes(rt.ttyFd); err == nil {
		rt.shellModes = m
	}
	termMu.Unlock()
	rt.updateWinsize()
}

// termMu serialises reading and saving the shell's terminal modes:
// command lines, fg and the signal handler may all take the terminal back.
var termMu sync.Mutex

// background runs `stmt &`.
func (sh *Shell) background(st *syntax.Stmt) {
	fg := *st
	fg.Background = false
	text := stmtText(&fg)
	j := sh.rt.jobs.New(text, true)
	j.Dir = sh.cwd
	sub := sh.subshellCopy()
	sub.job, sub.gate, sub.async = j, j.Gate, true
	sub.launchGroup = nil
	// A single external command is forked directly; its words are
	// expanded in the job's own copy of the state.
	spec, fail := sub.directSpec(&fg)
	if spec != nil {
		p, err := sub.launch(spec)
		if err == nil {
			sub.release()
			sh.startedBackground(j, p.Pid)
			return
		}
		fail = func() { sub.status = sub.execFailed(spec.Argv, spec.Path, spec.Env, err) }
	}
	g := &launchGroup{job: j}
	standin := sh.startStandinFor(j, g)
	if standin == nil {
		sub.release()
		sh.rt.jobs.Remove(j)
		sh.errorf("fork: cannot start a background job")
		sh.status = 254
		return
	}
	if sh.rt.jobControl {
		sub.launchGroup = g
	}
	sh.rt.jobs.SetInproc(j, true, 0)
	go func() {
		timed := sub.timeGoroutine() // its usage counts for an enclosing `time`
		if fail != nil {
			sub.runSubshellFn(fail)
		} else {
			sub.runSubshell([]*syntax.Stmt{&fg})
		}
		timed()
		status := sub.status
		if sub.sigpipe {
			status = 141
		}
		sh.rt.jobs.SetInproc(j, false, status)
		syscall.Kill(standin.Pid, syscall.SIGKILL)
	}()
	sh.startedBackground(j, standin.Pid)
}

func (sh *Shell) startedBackground(j *jobs.Job, pid int) {
	sh.lastBg = pid
	sh.status = 0
	if sh.rt.interactive {
		sh.writeErr("[" + itoa(j.ID) + "] " + itoa(pid) + "\n")
	}
	sh.rt.jobs.MakeCurrent(j)
}

// startStandinFor starts the stand-in of an in-process background job j,
// as the leader of its process group g.
func (sh *Shell) startStandinFor(j *jobs.Job, g *launchGroup) *jobs.Proc {
	self, err := os.Executable()
	if err != nil {
		return nil
	}
	ign := sh.rt.ignoredSignals()
	spec := &jobs.Spec{Path: self, Env: []string{}, Dir: "/",
		Files: []uintptr{jobs.ClosedFd, jobs.ClosedFd, jobs.ClosedFd}, Text: "(job)"}
	if sh.rt.jobControl {
		spec.Pgid = 0
	} else {
		spec.Pgid = -1
		spec.IgnoreIntQuit = true
		ign = append(ign, syscall.SIGINT, syscall.SIGQUIT)
	}
	spec.Argv = jobs.StandinArgv(ign)
	p, err := sh.rt.reaper.Start(spec)
	if err != nil {
		return nil
	}
	if g != nil {
		g.pgid = p.Pgid
	}
	if j != nil {
		j.SetIgnored(ign)
		sh.rt.jobs.SetStandin(j, p)
	}
	return p
}

// stmtText is the command text of a statement, as jobs shows it.
func stmtText(st *syntax.Stmt) string {
	var b strings.Builder
	syntax.NewPrinter(syntax.SingleLine(true)).Print(&b, st)
	return strings.TrimSpace(b.String())
}

func (rt *Runtime) updateWinsize() {
	if rt.ttyFd < 0 {
		return
	}
	if _, _, err := tty.Size(rt.ttyFd); err == nil && rt.OnWinch != nil {
		rt.OnWinch()
	}
}
