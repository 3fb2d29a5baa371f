package shell

import (
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"

	"gsh/jobs"
	"gsh/tty"
)

// launchGroup is the process group that the external stages of one
// pipeline share.
type launchGroup struct {
	job  *jobs.Job
	pgid int // 0 until the first process started
	fg   bool
}

// newLaunchGroup prepares the group of a pipeline under job control. A
// pipeline that mixes in-process stages with programs gets a stand-in
// process as its leader, so that Ctrl-C and Ctrl-Z, sent to the group,
// also reach the in-process stages (through the reaper).
func (sh *Shell) newLaunchGroup(stages []*pipeStage) *launchGroup {
	g := &launchGroup{job: sh.job, fg: sh.job != nil && sh.job.Foreground()}
	if sh.launchGroup != nil {
		g.pgid = sh.launchGroup.pgid
		return g
	}
	inproc, ext := false, false
	for _, s := range stages {
		if s.spec == nil && !s.failed {
			inproc = true
		} else if s.spec != nil {
			ext = true
		}
	}
	if inproc && ext && sh.job != nil {
		if p := sh.startStandin(g); p != nil {
			g.pgid = p.Pgid
		}
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
			if sh.job != nil {
				g.pgid = sh.liveJobPgid(sh.job)
			}
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
}

// waitProc waits for a foreground process and returns its status. Under
// job control it takes the terminal back afterwards. In a shell without
// job control, a child killed by the SIGINT that the shell also received
// (Ctrl-C) ends the shell the same way, as bash does.
func (sh *Shell) waitProc(p *jobs.Proc) int {
	rt := sh.rt
	if !rt.jobControl {
		rt.fgWaits.Add(1)
		st := rt.reaper.Await(p)
		rt.fgWaits.Add(-1)
		ws := p.WaitStatus()
		if ws.Signaled() && ws.Signal() == syscall.SIGINT && !rt.interactive && rt.gotSigint.Load() {
			sh.fatalSignal(syscall.SIGINT)
		}
		if ws.Signaled() && ws.Signal() == syscall.SIGINT && sh.gate != nil && sh.job != nil && !sh.job.Async() {
			sh.gate.Kill(int(syscall.SIGINT))
		}
		rt.gotSigint.Store(false)
		return st
	}
	st := sh.waitJobProc(p)
	if sh.job == nil || sh.job.Foreground() {
		ws := p.WaitStatus()
		rt.reclaimTerminal(ws.Signaled())
		if ws.Signaled() && (ws.Signal() == syscall.SIGINT || ws.Signal() == syscall.SIGQUIT) && sh.gate != nil {
			// The rest of the command line is interrupted too.
			sh.gate.Kill(int(ws.Signal()))
		}
	}
	return st
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
		select {
		case <-p.Done():
			return p.Status()
		case <-p.Changes():
			if p.State() == jobs.Stopped {
				sh.rt.reclaimTerminal(false)
				sh.rt.reportStopped(sh.job)
				return p.Status()
			}
		}
	}
}

// reclaimTerminal puts the shell back in the terminal's foreground and
// restores its modes after a job that may have changed them.
func (rt *Runtime) reclaimTerminal(restoreModes bool) {
	if !rt.jobControl || rt.ttyFd < 0 {
		return
	}
	tty.SetForeground(rt.ttyFd, rt.shellPgid)
	if restoreModes && rt.shellModes != nil {
		tty.SetModes(rt.ttyFd, rt.shellModes)
	}
	rt.updateWinsize()
}

// background runs `stmt &`.
func (sh *Shell) background(st *syntax.Stmt) {
	fg := *st
	fg.Background = false
	text := stmtText(&fg)
	j := sh.rt.jobs.New(text, true)
	// A single external command is forked directly.
	if spec, bad := sh.asyncDirectSpec(&fg); spec != nil || bad {
		if bad {
			sh.rt.jobs.Remove(j)
			sh.status = 1
			return
		}
		sub := sh.bgContext(j)
		sub.fds = sh.fds.clone()
		if len(fg.Redirs) > 0 && !sub.redirect(fg.Redirs) {
			sub.release()
			sh.rt.jobs.Remove(j)
			sh.status = 1
			return
		}
		p, err := sub.launch(spec)
		sub.release()
		if err != nil {
			sh.rt.jobs.Remove(j)
			sh.status = sh.execFailed(spec.Argv, spec.Path, spec.Env, err)
			return
		}
		sh.startedBackground(j, p.Pid)
		return
	}
	sub := sh.subshellCopy()
	sub.job, sub.gate, sub.async = j, j.Gate, true
	sub.launchGroup = nil
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
		sub.runSubshell([]*syntax.Stmt{&fg})
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

// bgContext is a context for launching a background job's process.
func (sh *Shell) bgContext(j *jobs.Job) *Shell {
	c := *sh
	c.job, c.gate, c.async, c.launchGroup = j, j.Gate, true, nil
	return &c
}

func (sh *Shell) startedBackground(j *jobs.Job, pid int) {
	sh.lastBg = pid
	sh.status = 0
	if sh.rt.interactive {
		sh.writeErr("[" + itoa(j.ID) + "] " + itoa(pid) + "\n")
	}
	sh.rt.jobs.MakeCurrent(j)
}

// asyncDirectSpec is directSpec for a background command; the stage's
// redirections are applied by the caller.
func (sh *Shell) asyncDirectSpec(st *syntax.Stmt) (*jobs.Spec, bool) {
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 {
		return nil, false
	}
	cp := *st
	cp.Redirs = nil
	return sh.directSpec(&cp)
}

// startStandin starts a stand-in as the leader of group g.
func (sh *Shell) startStandin(g *launchGroup) *jobs.Proc {
	return sh.startStandinFor(sh.job, g)
}

func (sh *Shell) startStandinFor(j *jobs.Job, g *launchGroup) *jobs.Proc {
	self, err := os.Executable()
	if err != nil {
		return nil
	}
	spec := &jobs.Spec{Path: self, Argv: []string{"gsh", jobs.StandinArg}, Env: []string{}, Dir: "/",
		Files: []uintptr{jobs.ClosedFd, jobs.ClosedFd, jobs.ClosedFd}, Text: "(job)"}
	if sh.rt.jobControl {
		spec.Pgid = 0
	} else {
		spec.Pgid = -1
		spec.IgnoreIntQuit = true
	}
	p, err := sh.rt.reaper.Start(spec)
	if err != nil {
		return nil
	}
	if g != nil {
		g.pgid = p.Pgid
	}
	if j != nil {
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

var _ = unix.SIGINT
