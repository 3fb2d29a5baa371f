package shell

import (
	"strconv"
	"strings"
	"syscall"

	"gsh/jobs"
)

// jobChanged is the job table's callback (reaper goroutine). A CHLD trap
// is queued; with `set -b` an interactive front end is told to report at
// once (it erases the line being edited, calls ReportJobs, redraws).
func (rt *Runtime) jobChanged(j *jobs.Job) {
	st := j.State()
	if rt.trapped.Load()&(1<<uint(syscall.SIGCHLD)) != 0 && st == jobs.JobDone {
		rt.pendingSigs.Or(1 << uint(syscall.SIGCHLD))
		rt.trapDue()
	}
	if st == jobs.JobRunning || j.Foreground() || j.ID == 0 || !rt.interactive {
		return
	}
	if rt.jobs.NotifyAtOnce.Load() {
		select {
		case rt.notifyNow <- struct{}{}:
		default:
		}
	}
}

// statusWidth is bash's LONGEST_SIGNAL_DESC: job states are padded to it.
const statusWidth = 24

// jobLine formats a job as bash's `jobs` does:
//
//	[1]+  Stopped                 sleep 100
//	[2]-  Running                 sleep 200 &  (wd: ~/src)
//	[1]+ 12345 Segmentation fault      (core dumped) ./crash
//
// cwd and home, when cwd is not empty, add bash's "(wd: ...)" for a job
// started in another directory.
func (rt *Runtime) jobLine(j *jobs.Job, mark byte, long bool, cwd, home string) string {
	if long {
		if s, ok := pipelineLines(j, mark); ok {
			return s + wdSuffix(j, cwd, home)
		}
	}
	var b strings.Builder
	b.WriteString("[" + strconv.Itoa(j.ID) + "]" + string(mark) + " ")
	if long {
		pid := strconv.Itoa(j.Leader())
		b.WriteString(strings.Repeat(" ", max(0, 5-len(pid))) + pid)
	}
	b.WriteByte(' ')
	state, core := j.Describe(long)
	b.WriteString(state)
	b.WriteString(strings.Repeat(" ", max(0, statusWidth-len(state))))
	if core {
		b.WriteString("(core dumped) ")
	}
	b.WriteString(j.CommandText())
	if j.State() == jobs.JobRunning && !j.Foreground() {
		b.WriteString(" &")
	}
	b.WriteString(wdSuffix(j, cwd, home))
	return b.String()
}

// wdSuffix is bash's "  (wd: ~/dir)" for a job started elsewhere.
func wdSuffix(j *jobs.Job, cwd, home string) string {
	if cwd != "" && j.Dir != "" && j.Dir != cwd {
		return "  (wd: " + politeDir(j.Dir, home) + ")"
	}
	return ""
}

// pipelineLines is `jobs -l` for a job that is one pipeline of programs:
// a line per process, as bash prints it, a process's state shown only
// where it differs from the first's:
//
//	[1]+  4159 Stopped (signal)        sleep 100
//	      4160                       | cat
//	      4161 Done                    | true
func pipelineLines(j *jobs.Job, mark byte) (string, bool) {
	procs := j.GroupProcs()
	if len(procs) < 2 {
		return "", false
	}
	texts := make([]string, len(procs))
	for i, p := range procs {
		texts[i] = p.Text
	}
	if strings.Join(texts, " | ") != j.CommandText() {
		return "", false // not the whole job (a list, or expanded words)
	}
	var b strings.Builder
	first, firstCore := procs[0].Describe()
	for i, p := range procs {
		if i == 0 {
			b.WriteString("[" + strconv.Itoa(j.ID) + "]" + string(mark) + " ")
		} else {
			b.WriteString("\n     ")
		}
		pid := strconv.Itoa(p.Pid)
		b.WriteString(strings.Repeat(" ", max(0, 5-len(pid))) + pid + " ")
		state, core := p.Describe()
		if i > 0 && state == first && core == firstCore {
			state = ""
		}
		b.WriteString(state)
		w := len(state)
		if w == 0 {
			w = 2 // the "| " that follows
		}
		b.WriteString(strings.Repeat(" ", max(0, statusWidth-w)))
		if core {
			b.WriteString("(core dumped) ")
		}
		if i > 0 {
			b.WriteString("| ")
		}
		b.WriteString(p.Text)
	}
	if j.State() == jobs.JobRunning && !j.Foreground() {
		b.WriteString(" &")
	}
	return b.String(), true
}

// politeDir shortens a directory under $HOME to ~/..., as bash's
// polite_directory_format does.
func politeDir(dir, home string) string {
	if home != "" && home != "/" {
		if dir == home {
			return "~"
		}
		if rest, ok := strings.CutPrefix(dir, home+"/"); ok {
			return "~/" + rest
		}
	}
	return dir
}

// listLine is jobLine with the listing shell's directory.
func (sh *Shell) listLine(j *jobs.Job, long bool) string {
	home, _ := sh.vars.Value("HOME")
	return sh.rt.jobLine(j, sh.rt.jobMark(j), long, sh.cwd, home)
}

// jobMark is '+' for the current job, '-' for the previous, ' ' otherwise.
func (rt *Runtime) jobMark(j *jobs.Job) byte {
	cur, prev := rt.jobs.Current()
	switch j {
	case cur:
		return '+'
	case prev:
		return '-'
	}
	return ' '
}

// reportJobs prints, before a prompt (or between commands of a script
// with set -m), notices for jobs whose state changed since they were last
// reported, and forgets the jobs that ended. Without job control ended
// jobs leave silently (their status is kept for `wait PID`).
func (rt *Runtime) reportJobs(sh *Shell) {
	var out strings.Builder
	for _, j := range rt.jobs.Jobs() {
		if j.State() == jobs.JobRunning || j.Notified() {
			continue
		}
		line := sh.listLine(j, false)
		st, ok := j.ClaimNotice()
		if !ok || st == jobs.JobRunning {
			continue
		}
		// A job that ended in the foreground was reported by its waiter.
		if rt.jobControl && !(st == jobs.JobDone && j.Foreground()) {
			out.WriteString(line + "\n")
		}
		if st == jobs.JobDone {
			rt.rememberStatus(j)
			rt.jobs.Remove(j)
		}
	}
	if out.Len() > 0 {
		sh.writeErr(out.String())
	}
}

// reportStopped prints the notice for a foreground job that just stopped.
func (rt *Runtime) reportStopped(sh *Shell, j *jobs.Job) {
	rt.jobs.MakeCurrent(j)
	j.MarkNotified()
	sh.writeErr("\n" + sh.listLine(j, false) + "\n")
}

// reportForegroundEnd prints what bash prints when a foreground job ends:
// the signal that killed it ("Terminated", "Segmentation fault (core
// dumped)"), or just a newline after Ctrl-C.
func (rt *Runtime) reportForegroundEnd(sh *Shell, ws syscall.WaitStatus) {
	if !ws.Signaled() || !rt.interactive {
		return
	}
	switch sig := ws.Signal(); sig {
	case syscall.SIGINT:
		sh.writeErr("\n")
	case syscall.SIGPIPE:
	default:
		msg := jobs.SignalDescription(int(sig))
		if ws.CoreDump() {
			msg += " (core dumped)"
		}
		sh.writeErr(msg + "\n")
	}
}
