package shell

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"

	"gsh/builtins"
	"gsh/jobs"
	"gsh/tty"
)

// The job-control builtins: jobs, fg, bg, wait, kill, disown, suspend.

func init() {
	for _, b := range []*builtins.Builtin{
		{Name: "jobs", Fn: shFn(biJobs), Usage: "jobs [-lnprs] [jobspec ...] or jobs -x command [args]"},
		{Name: "fg", Fn: shFn(biFg), Usage: "fg [job_spec]"},
		{Name: "bg", Fn: shFn(biBg), Usage: "bg [job_spec ...]"},
		{Name: "wait", Fn: shFn(biWait), Usage: "wait [-fn] [-p var] [id ...]"},
		{Name: "kill", Fn: shFn(biKill), Usage: "kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]"},
		{Name: "disown", Fn: shFn(biDisown), Usage: "disown [-h] [-ar] [jobspec ... | pid ...]"},
		{Name: "suspend", Fn: shFn(biSuspend), Usage: "suspend [-f]"},
	} {
		builtins.Register(b)
	}
}

// findJob resolves a job spec (%n, %+, %%, %-, %str, %?str; the % may be
// left out) and reports a failure as bash does, for cmd's messages. An
// empty spec is the current job.
func (sh *Shell) findJob(cmd, spec string) (*jobs.Job, bool) {
	t := sh.rt.jobs
	all := t.Jobs()
	s := strings.TrimPrefix(spec, "%")
	cur, prev := t.Current()
	var found *jobs.Job
	switch {
	case spec == "":
		if cur == nil {
			sh.errorf("%s: current: no such job", cmd)
			return nil, false
		}
		return cur, true
	case s == "" || s == "+" || s == "%":
		found = cur
	case s == "-":
		found = prev
	default:
		if n, err := strconv.Atoi(s); err == nil {
			for _, j := range all {
				if j.ID == n {
					found = j
				}
			}
			break
		}
		contains := strings.HasPrefix(s, "?")
		needle := strings.TrimPrefix(s, "?")
		for _, j := range all {
			text := j.CommandText()
			if (contains && strings.Contains(text, needle)) || (!contains && strings.HasPrefix(text, needle)) {
				if found != nil {
					sh.errorf("%s: %s: ambiguous job spec", cmd, needle)
					found = nil
					break
				}
				found = j
			}
		}
	}
	if found == nil {
		sh.errorf("%s: %s: no such job", cmd, spec)
		return nil, false
	}
	return found, true
}

// jobByStandin finds the job whose stand-in process is pid.
func (sh *Shell) jobByStandin(pid int) *jobs.Job {
	for _, j := range sh.rt.jobs.Jobs() {
		if sp := j.Standin(); sp != nil && sp.Pid == pid && !sp.Terminated() {
			return j
		}
	}
	return nil
}

// jobByPid finds the job a PID belongs to.
func (sh *Shell) jobByPid(pid int) *jobs.Job {
	for _, j := range sh.rt.jobs.All() {
		if sp := j.Standin(); sp != nil && sp.Pid == pid {
			return j
		}
		if j.LastPid() == pid {
			return j
		}
		for _, p := range j.Procs() {
			if p.Pid == pid {
				return j
			}
		}
	}
	return nil
}

func biJobs(sh *Shell, args []string) int {
	long, pidsOnly, changed, running, stopped := false, false, false, false, false
	opts, specs, ok := builtins.ParseOpts(sh, args, "lnprsx")
	if !ok {
		return 2
	}
	for _, o := range opts {
		switch o.C {
		case 'l':
			long = true
		case 'p':
			pidsOnly = true
		case 'n':
			changed = true
		case 'r':
			running = true
		case 's':
			stopped = true
		case 'x':
			return jobsExec(sh, specs)
		}
	}
	var list []*jobs.Job
	st := 0
	if len(specs) > 0 {
		for _, spec := range specs {
			j, ok := sh.findJob("jobs", spec)
			if !ok {
				st = 1
				continue
			}
			list = append(list, j)
		}
	} else {
		list = sh.rt.jobs.Jobs()
	}
	var out strings.Builder
	for _, j := range list {
		state := j.State()
		if state == jobs.JobDone && !sh.rt.jobControl {
			// Without job control bash forgets ended jobs silently.
			j.MarkNotified()
			sh.rt.rememberStatus(j)
			sh.rt.jobs.Remove(j)
			continue
		}
		if (running && state != jobs.JobRunning) || (stopped && state != jobs.JobStopped) {
			continue
		}
		if changed && j.Notified() {
			continue
		}
		if pidsOnly {
			out.WriteString(strconv.Itoa(j.Leader()) + "\n")
		} else {
			out.WriteString(sh.listLine(j, long) + "\n")
		}
		j.MarkNotified()
		if state == jobs.JobDone {
			sh.rt.rememberStatus(j)
			sh.rt.jobs.Remove(j)
		}
	}
	sh.Stdout().Write([]byte(out.String()))
	// `jobs` right before `exit` lets the exit through (bash).
	sh.rt.exitWarnedAt = sh.rt.commandNumber
	return st
}

// jobsExec implements jobs -x: job specs in args become process group IDs.
func jobsExec(sh *Shell, args []string) int {
	if len(args) == 0 {
		sh.errorf("jobs: usage: jobs -x command [args]")
		return 2
	}
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if strings.HasPrefix(a, "%") {
			j, ok := sh.findJob("jobs", a)
			if !ok {
				return 1
			}
			pg := j.Pgid()
			if pg == 0 {
				pg = j.Leader()
			}
			out[i] = strconv.Itoa(pg)
		}
	}
	sh.dispatch(out, nil, nil, false, false)
	return sh.status
}

func biFg(sh *Shell, args []string) int {
	if !sh.rt.jobControl {
		sh.errorf("fg: no job control")
		return 1
	}
	spec := ""
	if len(args) > 1 {
		spec = args[1]
	}
	j, ok := sh.findJob("fg", spec)
	if !ok {
		return 1
	}
	sh.Stdout().Write([]byte(j.CommandText() + "\n"))
	return sh.rt.foreground(sh, j)
}

// foreground continues j in the foreground and waits for it to stop or
// end (fg).
func (rt *Runtime) foreground(sh *Shell, j *jobs.Job) int {
	t := rt.jobs
	t.MakeCurrent(j)
	j.SetForeground(true)
	prevFg := rt.foregroundJob()
	rt.setForegroundJob(j)
	defer rt.setForegroundJob(prevFg)
	if pg := j.Pgid(); pg > 0 && rt.ttyFd >= 0 && rt.pgroupAlive(j) {
		if m := j.Modes(); m != nil {
			tty.SetModes(rt.ttyFd, m)
		}
		tty.SetForeground(rt.ttyFd, pg)
	}
	if j.State() == jobs.JobStopped {
		rt.signalJob(j, syscall.SIGCONT)
	}
	j.Gate.Cont()
	t.Recompute(j)
	sh.gate.EnterWait()
	state := t.WaitChange(j, false, nil)
	sh.gate.LeaveWait()
	if state == jobs.JobStopped && rt.ttyFd >= 0 {
		if m, err := tty.GetModes(rt.ttyFd); err == nil {
			j.SetModes(m)
		}
	}
	sig, core := j.DoneSignal()
	rt.reclaimTerminal(state == jobs.JobStopped || sig != 0)
	if state == jobs.JobStopped {
		j.SetForeground(false)
		j.Dir = sh.cwd
		rt.reportStopped(sh, j)
		if ss := j.StopSignal(); ss != 0 {
			return 128 + ss
		}
		return 128 + int(syscall.SIGTSTP)
	}
	st := j.Status()
	if sig != 0 {
		ws := syscall.WaitStatus(sig)
		if core {
			ws |= 0x80
		}
		rt.reportForegroundEnd(sh, ws)
	}
	j.MarkNotified()
	t.Remove(j)
	return st
}

// pgroupAlive reports whether j's process group still has a member.
func (rt *Runtime) pgroupAlive(j *jobs.Job) bool {
	return syscall.Kill(-j.Pgid(), 0) == nil
}

func biBg(sh *Shell, args []string) int {
	if !sh.rt.jobControl {
		sh.errorf("bg: no job control")
		return 1
	}
	specs := args[1:]
	if len(specs) == 0 {
		specs = []string{""}
	}
	st := 0
	for _, spec := range specs {
		j, ok := sh.findJob("bg", spec)
		if !ok {
			st = 1
			continue
		}
		if j.State() == jobs.JobRunning {
			sh.errorf("bg: job %d already in background", j.ID)
			continue
		}
		j.SetForeground(false)
		sh.Stdout().Write([]byte(fmt.Sprintf("[%d]%c %s &\n", j.ID, sh.rt.jobMark(j), j.CommandText())))
		// A stopped job is not "notified" as running: its end is.
		j.MarkNotified()
		sh.rt.signalJob(j, syscall.SIGCONT)
		j.Gate.Cont()
		sh.rt.jobs.Recompute(j)
	}
	return st
}

func biWait(sh *Shell, args []string) int {
	anyOne, force := false, false
	pvar := ""
	opts, ids, ok := builtins.ParseOpts(sh, args, "fnp:")
	if !ok {
		return 2
	}
	for _, o := range opts {
		switch o.C {
		case 'n':
			anyOne = true
		case 'f':
			force = true
		case 'p':
			pvar = o.Arg
		}
	}
	rt := sh.rt
	if pvar != "" {
		sh.vars.Unset(pvar, false)
	}
	// The command line may be stopped (Ctrl-Z) while it waits: the
	// goroutine is parked meanwhile, and a trapped signal or Ctrl-C ends
	// the wait.
	sh.gate.EnterWait()
	defer sh.gate.LeaveWait()
	interrupted := func() bool { return rt.pendingSigs.Load() != 0 || sh.gate.Killed() != 0 }
	stopStatus := func() int {
		if k := sh.gate.Killed(); k != 0 {
			return 128 + k
		}
		return 128 + rt.firstPending()
	}
	// Under job control a wait ends when the job stops, unless -f.
	untilDone := force || !rt.jobControl
	if anyOne {
		var cand []*jobs.Job
		if len(ids) == 0 {
			for _, j := range rt.jobs.Jobs() {
				if j != rt.foregroundJob() && j != sh.job && j.State() != jobs.JobStopped {
					cand = append(cand, j)
				}
			}
		} else {
			for _, id := range ids {
				if j := sh.waitTarget(id); j != nil {
					cand = append(cand, j)
				}
			}
		}
		if len(cand) == 0 {
			return 127
		}
		j := rt.jobs.WaitAny(cand, interrupted)
		if j == nil {
			return stopStatus()
		}
		if pvar != "" {
			sh.vars.Set(pvar, strconv.Itoa(j.LastPid()))
		}
		return rt.finishWaited(sh, j)
	}
	if len(ids) == 0 {
		for _, j := range rt.jobs.Jobs() {
			if j == rt.foregroundJob() || j == sh.job {
				continue
			}
			if j.State() == jobs.JobStopped {
				sh.errorf("wait: warning: job %d[%d] stopped", j.ID, j.Leader())
				continue
			}
			switch rt.jobs.WaitChange(j, untilDone, interrupted) {
			case jobs.JobDone:
				rt.finishWaited(sh, j)
			case jobs.JobStopped:
				sh.errorf("wait: warning: job %d[%d] stopped", j.ID, j.Leader())
			default:
				return stopStatus()
			}
		}
		return 0
	}
	st := 0
	for _, id := range ids {
		j := sh.waitTarget(id)
		if j == nil {
			if pid, err := strconv.Atoi(id); err == nil {
				if s, ok := rt.takeStatus(pid); ok {
					st = s
					continue
				}
				sh.errorf("wait: pid %d is not a child of this shell", pid)
			}
			st = 127
			continue
		}
		if j.State() == jobs.JobStopped {
			sh.errorf("warning: wait_for_job: job %d is stopped", j.ID)
			if !force {
				st = 128 + j.StopSignal()
				continue
			}
		}
		switch rt.jobs.WaitChange(j, untilDone, interrupted) {
		case jobs.JobDone:
		case jobs.JobStopped:
			st = 128 + j.StopSignal()
			continue
		default:
			return stopStatus()
		}
		if pvar != "" {
			sh.vars.Set(pvar, strconv.Itoa(j.LastPid()))
		}
		st = rt.finishWaited(sh, j)
	}
	return st
}

// waitTarget resolves a wait operand (job spec or PID) to a job.
func (sh *Shell) waitTarget(id string) *jobs.Job {
	if strings.HasPrefix(id, "%") {
		j, _ := sh.findJob("wait", id)
		return j
	}
	pid, err := strconv.Atoi(id)
	if err != nil {
		sh.errorf("wait: '%s': not a pid or valid job spec", id)
		return nil
	}
	return sh.jobByPid(pid)
}

// finishWaited removes a waited-for job and returns its status. An
// interactive shell reports it first, as bash does.
func (rt *Runtime) finishWaited(sh *Shell, j *jobs.Job) int {
	st := j.Status()
	if rt.interactive && rt.jobControl && !j.Notified() && !j.Foreground() {
		line := sh.listLine(j, false)
		if _, ok := j.ClaimNotice(); ok {
			sh.writeErr(line + "\n")
		}
	}
	j.MarkNotified()
	rt.jobs.Remove(j)
	return st
}

// rememberStatus keeps the status of an ended background job, so that a
// later `wait PID` still gets it after the job left the table.
func (rt *Runtime) rememberStatus(j *jobs.Job) {
	rt.bgMu.Lock()
	defer rt.bgMu.Unlock()
	if rt.bgStatus == nil {
		rt.bgStatus = map[int]int{}
	}
	if len(rt.bgOrder) >= 4096 {
		delete(rt.bgStatus, rt.bgOrder[0])
		rt.bgOrder = rt.bgOrder[1:]
	}
	pid := j.Leader()
	rt.bgStatus[pid] = j.Status()
	rt.bgOrder = append(rt.bgOrder, pid)
}

func (rt *Runtime) takeStatus(pid int) (int, bool) {
	rt.bgMu.Lock()
	defer rt.bgMu.Unlock()
	st, ok := rt.bgStatus[pid]
	if ok {
		delete(rt.bgStatus, pid)
	}
	return st, ok
}

// firstPending is the lowest pending trapped signal.
func (rt *Runtime) firstPending() int {
	bits := rt.pendingSigs.Load()
	for s := 1; s < 64; s++ {
		if bits&(1<<uint(s)) != 0 {
			return s
		}
	}
	return 0
}

func biKill(sh *Shell, args []string) int {
	sig := syscall.SIGTERM
	i := 1
	if len(args) < 2 {
		sh.writeErr("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n")
		return 2
	}
	for i < len(args) {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		switch a {
		case "-l", "-L":
			return killList(sh, args[i+1:])
		case "-s", "-n":
			if i+1 >= len(args) {
				sh.errorf("kill: %s: option requires an argument", a)
				return 2
			}
			n, ok := parseSignal(args[i+1])
			if !ok {
				sh.errorf("kill: %s: invalid signal specification", args[i+1])
				return 1
			}
			sig = n
			i += 2
			continue
		}
		if _, err := strconv.Atoi(a[1:]); err == nil || a[1] >= 'A' {
			n, ok := parseSignal(a[1:])
			if !ok {
				sh.errorf("kill: %s: invalid signal specification", a[1:])
				return 1
			}
			sig = n
			i++
			continue
		}
		break
	}
	if i >= len(args) {
		sh.writeErr("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n")
		return 2
	}
	st := 0
	for _, target := range args[i:] {
		if strings.HasPrefix(target, "%") {
			j, ok := sh.findJob("kill", target)
			if !ok {
				st = 1
				continue
			}
			stopped := j.State() == jobs.JobStopped
			if err := sh.rt.signalJob(j, sig); err != nil {
				sh.errorf("kill: %s: %s", target, errnoText(err))
				st = 1
				continue
			}
			// A stopped job gets SIGCONT too, or it would never act on sig.
			switch sig {
			case 0, syscall.SIGKILL, syscall.SIGCONT, syscall.SIGSTOP, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU:
			default:
				if stopped {
					sh.rt.continueAfterSignal(j)
				}
			}
			continue
		}
		pid, err := strconv.Atoi(target)
		if err != nil {
			sh.errorf("kill: %s: arguments must be process or job IDs", target)
			st = 1
			continue
		}
		if j := sh.jobByStandin(pid); j != nil {
			// The stand-in of an in-process job stands for all of it.
			sh.rt.signalGate(j, sig)
		}
		send := func() error { return syscall.Kill(pid, sig) }
		if pid == sh.rt.pid {
			send = func() error { return tty.SignalThread(sig) }
		}
		if pid == sh.rt.pid || pid == 0 || (pid < 0 && -pid == syscall.Getpgrp()) {
			err = sh.rt.SignalSelf(sig, send)
		} else {
			err = send()
		}
		if err != nil {
			sh.errorf("kill: (%d) - %s", pid, errnoText(err))
			st = 1
		}
	}
	return st
}

// parseSignal decodes the signal that kill sends: a number or a name (with
// or without SIG, any case) of a real signal, not EXIT, ERR and the like.
func parseSignal(s string) (syscall.Signal, bool) {
	n, ok := builtins.SignalNumber(s)
	if !ok || n >= builtins.NSig {
		return 0, false
	}
	return syscall.Signal(n), true
}

// killList implements kill -l and kill -L (the same in bash).
func killList(sh *Shell, args []string) int {
	if len(args) == 0 {
		sh.Stdout().Write([]byte(builtins.SignalTable(false)))
		return 0
	}
	st := 0
	for _, a := range args {
		if n, err := strconv.Atoi(a); err == nil {
			if n > 128 {
				n -= 128
			}
			name := builtins.SignalName(n)
			if name == "" {
				sh.errorf("kill: %s: invalid signal specification", a)
				st = 1
				continue
			}
			sh.Stdout().Write([]byte(strings.TrimPrefix(name, "SIG") + "\n"))
			continue
		}
		n, ok := builtins.SignalNumber(a) // kill -l ERR is 66, as in bash
		if !ok {
			sh.errorf("kill: %s: invalid signal specification", a)
			st = 1
			continue
		}
		sh.Stdout().Write([]byte(strconv.Itoa(n) + "\n"))
	}
	return st
}

func biDisown(sh *Shell, args []string) int {
	nohup, all, runningOnly := false, false, false
	opts, specs, ok := builtins.ParseOpts(sh, args, "har")
	if !ok {
		return 2
	}
	for _, o := range opts {
		switch o.C {
		case 'h':
			nohup = true
		case 'a':
			all = true
		case 'r':
			runningOnly = true
		}
	}
	var list []*jobs.Job
	st := 0
	switch {
	case len(specs) > 0:
		for _, spec := range specs {
			var j *jobs.Job
			if pid, err := strconv.Atoi(spec); err == nil {
				j = sh.jobByPid(pid)
				if j == nil {
					sh.errorf("disown: %s: no such job", spec)
					st = 1
					continue
				}
			} else {
				var ok bool
				if j, ok = sh.findJob("disown", spec); !ok {
					st = 1
					continue
				}
			}
			list = append(list, j)
		}
	case all || runningOnly:
		list = sh.rt.jobs.Jobs()
	default:
		j, ok := sh.findJob("disown", "")
		if !ok {
			return 1
		}
		list = []*jobs.Job{j}
	}
	for _, j := range list {
		if runningOnly && j.State() != jobs.JobRunning {
			continue
		}
		if nohup {
			j.SetNohup()
			continue
		}
		if j.State() == jobs.JobStopped {
			sh.errorf("warning: deleting stopped job %d with process group %d", j.ID, j.Pgid())
		}
		sh.rt.jobs.Remove(j)
	}
	return st
}

func biSuspend(sh *Shell, args []string) int {
	opts, rest, ok := builtins.ParseOpts(sh, args, "f")
	if !ok {
		return 2
	}
	if len(rest) > 0 {
		sh.errorf("suspend: too many arguments")
		return 1
	}
	force := len(opts) > 0
	if sh.rt.login && !force {
		sh.errorf("suspend: cannot suspend a login shell")
		return 1
	}
	if !sh.rt.jobControl && !force {
		sh.errorf("suspend: cannot suspend: no job control")
		return 1
	}
	sh.rt.suspendSelf()
	return 0
}

// suspendSelf stops the shell until it is continued, then takes the
// terminal back.
func (rt *Runtime) suspendSelf() {
	if rt.shellModes != nil && rt.ttyFd >= 0 {
		tty.SetModes(rt.ttyFd, rt.shellModes)
	}
	syscall.Kill(rt.pid, syscall.SIGSTOP)
	if rt.jobControl && rt.ttyFd >= 0 {
		tty.TakeForeground(rt.ttyFd)
	}
}
