package shell

import (
	"fmt"
	"strings"
	"syscall"

	"gsh/jobs"
)

// jobChanged is the job table's callback (reaper goroutine). With
// `set -b` an interactive shell reports at once; a CHLD trap is queued.
func (rt *Runtime) jobChanged(j *jobs.Job) {
	if j.ID == 0 && !j.Foreground() && j.State() == jobs.JobDone {
		// An unlisted job (process substitution) leaves the table at once;
		// its status stays available to `wait $!`.
		if j.Leader() != 0 {
			rt.rememberStatus(j)
		}
		rt.jobs.Remove(j)
		return
	}
	if rt.trapped.Load()&(1<<uint(syscall.SIGCHLD)) != 0 && j.State() == jobs.JobDone {
		rt.pendingSigs.Or(1 << uint(syscall.SIGCHLD))
	}
	if rt.main != nil && rt.main.opts[optNotify] && rt.interactive && j.Async() && j.State() != jobs.JobRunning {
		select {
		case rt.notifyNow <- struct{}{}:
		default:
		}
	}
}

// JobLine formats a job the way bash's `jobs` does.
func JobLine(j *jobs.Job, mark byte, long bool) string {
	state := j.Describe()
	text := j.CommandText()
	if j.State() == jobs.JobRunning && j.Async() {
		text += " &"
	}
	if long {
		return fmt.Sprintf("[%d]%c %d %-24s%s", j.ID, mark, j.Leader(), state, text)
	}
	return fmt.Sprintf("[%d]%c  %-24s%s", j.ID, mark, state, text)
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

// reportJobs prints notices for jobs whose state changed since they were
// last reported (bash prints them before the prompt) and forgets done jobs.
func (rt *Runtime) reportJobs(sh *Shell, force bool) {
	var out strings.Builder
	for _, j := range rt.jobs.Jobs() {
		st := j.State()
		if st == jobs.JobRunning || j.Notified() {
			continue
		}
		if st == jobs.JobDone && !j.Async() && !force {
			// A foreground job that ended needs no notice, except a
			// signal death (bash prints "Terminated" etc. then).
			if sig, _ := j.DoneSignal(); sig != 0 && sig != int(syscall.SIGINT) && sig != int(syscall.SIGPIPE) && rt.interactive {
				out.WriteString(j.Describe() + "\n")
			}
			j.MarkNotified()
			rt.jobs.Remove(j)
			continue
		}
		if rt.interactive || st == jobs.JobStopped {
			out.WriteString(JobLine(j, rt.jobMark(j), false) + "\n")
		}
		j.MarkNotified()
		if st == jobs.JobDone {
			rt.rememberStatus(j)
			rt.jobs.Remove(j)
		}
	}
	if out.Len() > 0 {
		sh.writeErr(out.String())
	}
}

// reportStopped prints the notice for a job that just stopped.
func (rt *Runtime) reportStopped(j *jobs.Job) {
	rt.jobs.MakeCurrent(j)
	j.MarkNotified()
	if rt.main != nil {
		rt.main.writeErr("\n" + JobLine(j, rt.jobMark(j), false) + "\n")
	}
}
