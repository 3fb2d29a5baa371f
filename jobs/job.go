package jobs

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// JobState is the state of a job as `jobs` shows it.
type JobState int

const (
	JobRunning JobState = iota
	JobStopped
	JobDone
)

// Job is one job: a pipeline or list started from one command line or one
// `&`. Its processes may come and go (a list runs one pipeline after
// another); its in-process part (builtins, functions, loops on a goroutine
// of the shell) is frozen and ended through Gate.
type Job struct {
	ID   int
	Text string
	Gate *Gate
	// Dir is the directory the job runs in; listings add "(wd: Dir)" when
	// the shell has moved elsewhere.
	Dir string

	t *Table // owner; its mu guards the fields below

	pgid       int
	procs      []*Proc
	standin    *Proc // stands for an in-process job: real PID, group leader
	inproc     bool  // the in-process part is still running
	hadInproc  bool  // the job has an in-process part: its status is inStatus
	inStatus   int   // its exit status once done
	state      JobState
	status     int  // exit status once done
	sigDone    int  // signal that killed the last process, for messages
	core       bool // it dumped core
	foreground bool
	async      bool // started with &
	notified   bool // the current state was reported
	nohup      bool
	removed    bool
	modes      *unix.Termios // terminal modes saved when it stopped
	stopSig    int
	ru         unix.Rusage // summed usage of ended processes
	lastPid    int
	ignored    uint64 // signals (bit sig-1) that the in-process part ignores
}

// InProcess reports whether the job's in-process part is still running.
func (j *Job) InProcess() bool {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.inproc
}

// SetIgnored records the signals that the job's in-process part ignores
// (an empty trap action), so that kill does not end it with one of them.
func (j *Job) SetIgnored(sigs []unix.Signal) {
	var m uint64
	for _, s := range sigs {
		if s > 0 && s <= 64 {
			m |= 1 << (uint(s) - 1)
		}
	}
	j.t.mu.Lock()
	j.ignored = m
	j.t.mu.Unlock()
}

// IgnoresSignal reports whether sig is one that SetIgnored recorded.
func (j *Job) IgnoresSignal(sig unix.Signal) bool {
	if sig <= 0 || sig > 64 {
		return false
	}
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.ignored&(1<<(uint(sig)-1)) != 0
}

// Pgid returns the job's process group (0 when it has none).
func (j *Job) Pgid() int {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.pgid
}

// SetPgid records the job's process group.
func (j *Job) SetPgid(pg int) {
	j.t.mu.Lock()
	if j.pgid != pg {
		j.pgid = pg
		j.prune()
	}
	j.t.mu.Unlock()
}

// prune drops ended processes from j.procs, so that a command line that
// runs thousands of programs does not make each one cost more than the
// last (their usage is summed in j.ru already). Kept: the first process
// (Leader without a group, and jobByPid for it), the last one (the job's
// status) and the members of the current process group (jobs -l lists
// every stage of the pipeline, ended ones included). j.t.mu is held.
func (j *Job) prune() {
	n := len(j.procs)
	if n <= 2 {
		return
	}
	kept := j.procs[:1]
	for _, p := range j.procs[1 : n-1] {
		if !p.Terminated() || (j.pgid != 0 && p.Pgid == j.pgid) {
			kept = append(kept, p)
		}
	}
	kept = append(kept, j.procs[n-1])
	clear(j.procs[len(kept):])
	j.procs = kept
}

// State returns the job's state.
func (j *Job) State() JobState {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.state
}

// Status is the exit status of a finished job.
func (j *Job) Status() int {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.status
}

// Procs returns a copy of the job's process list: its first and last
// processes, the live ones and the members of its current process group
// (see prune).
func (j *Job) Procs() []*Proc {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return append([]*Proc(nil), j.procs...)
}

// Standin returns the process standing for the in-process part, if any.
func (j *Job) Standin() *Proc { return j.standin }

// Leader returns the PID shown for the job (jobs -l, jobs -p): the
// stand-in, else the leader of its current process group (a command line
// goes through several), else its first process.
func (j *Job) Leader() int {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	if j.standin != nil {
		return j.standin.Pid
	}
	if j.pgid > 0 {
		return j.pgid
	}
	if len(j.procs) > 0 {
		return j.procs[0].Pid
	}
	return 0
}

// LastPid is the PID of the last process started for the job.
func (j *Job) LastPid() int {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.lastPid
}

// Foreground reports whether the job owns the terminal.
func (j *Job) Foreground() bool {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.foreground
}

// SetForeground marks the job as in the foreground or background.
func (j *Job) SetForeground(fg bool) {
	j.t.mu.Lock()
	j.foreground = fg
	j.t.mu.Unlock()
}

// Async reports whether the job was started with &.
func (j *Job) Async() bool { return j.async }

// Modes returns the terminal modes saved when the job stopped.
func (j *Job) Modes() *unix.Termios {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.modes
}

// SetModes saves the job's terminal modes.
func (j *Job) SetModes(m *unix.Termios) {
	j.t.mu.Lock()
	j.modes = m
	j.t.mu.Unlock()
}

// Rusage returns the summed resource usage of the job's ended processes.
func (j *Job) Rusage() unix.Rusage {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.ru
}

// Disown marks the job as no longer the shell's (disown, disown -h).
func (j *Job) SetNohup() {
	j.t.mu.Lock()
	j.nohup = true
	j.t.mu.Unlock()
}

// Nohup reports disown -h.
func (j *Job) Nohup() bool {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.nohup
}

// StopSignal returns the signal that stopped the job.
func (j *Job) StopSignal() int {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.stopSig
}

// DoneSignal returns the signal that killed the job (0 if it exited) and
// whether it dumped core.
func (j *Job) DoneSignal() (int, bool) {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.sigDone, j.core
}

// recompute derives the job's state from its parts; j.t.mu is held.
// It returns true when the state changed.
func (j *Job) recompute() bool {
	running, stopped := j.inproc && !j.Gate.Stopped(), j.inproc && j.Gate.Stopped()
	for _, p := range j.procs {
		switch p.State() {
		case Running:
			running = true
		case Stopped:
			stopped = true
		}
	}
	old := j.state
	switch {
	case running:
		j.state = JobRunning
	case stopped:
		j.state = JobStopped
	default:
		j.state = JobDone
		j.status = j.finalStatus()
	}
	if j.state != old {
		j.notified = false
		if j.state == JobStopped {
			if j.ID == 0 {
				j.ID = j.t.nextID()
			}
			// A job that stops becomes the current job (bash).
			if j.t.cur != j {
				j.t.prev, j.t.cur = j.t.cur, j
			}
		}
		return true
	}
	return false
}

// finalStatus is the status of the last part of the job to end.
func (j *Job) finalStatus() int {
	if j.standin != nil || j.hadInproc || len(j.procs) == 0 {
		j.sigDone, j.core = 0, false
		if j.Gate.Killed() != 0 {
			j.sigDone = j.Gate.Killed()
			return 128 + j.sigDone
		}
		// The line's status came from its last process, killed by a
		// signal: report the signal, as for a plain process.
		if n := len(j.procs); n > 0 && j.procs[n-1].Status() == j.inStatus {
			if ws := j.procs[n-1].WaitStatus(); ws.Signaled() {
				j.sigDone, j.core = int(ws.Signal()), ws.CoreDump()
			}
		}
		return j.inStatus
	}
	last := j.procs[len(j.procs)-1]
	ws := last.WaitStatus()
	j.sigDone, j.core = 0, false
	if ws.Signaled() {
		j.sigDone, j.core = int(ws.Signal()), ws.CoreDump()
	}
	return last.Status()
}

// Describe returns the text bash shows for the job's state: "Running",
// "Stopped", "Done", "Exit 3", "Terminated", "Killed"... With long (jobs
// -l), a stop names its signal: "Stopped (signal)", "Stopped (tty input)".
// core reports "(core dumped)", which bash prints after the padding.
func (j *Job) Describe(long bool) (text string, core bool) {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.describeLocked(long)
}

func (j *Job) describeLocked(long bool) (string, bool) {
	switch j.state {
	case JobRunning:
		return "Running", false
	case JobStopped:
		if long && j.stopSig != 0 && j.stopSig != int(unix.SIGTSTP) {
			return SignalDescription(j.stopSig), false
		}
		return "Stopped", false
	}
	if j.sigDone != 0 {
		return SignalDescription(j.sigDone), j.core
	}
	if j.status != 0 {
		return "Exit " + strconv.Itoa(j.status), false
	}
	return "Done", false
}

// SignalDescription is the text bash prints for a job killed by sig.
func SignalDescription(sig int) string {
	switch unix.Signal(sig) {
	case unix.SIGHUP:
		return "Hangup"
	case unix.SIGINT:
		return "Interrupt"
	case unix.SIGQUIT:
		return "Quit"
	case unix.SIGILL:
		return "Illegal instruction"
	case unix.SIGTRAP:
		return "Trace/breakpoint trap"
	case unix.SIGABRT:
		return "Aborted"
	case unix.SIGBUS:
		return "Bus error"
	case unix.SIGFPE:
		return "Floating point exception"
	case unix.SIGKILL:
		return "Killed"
	case unix.SIGUSR1:
		return "User defined signal 1"
	case unix.SIGSEGV:
		return "Segmentation fault"
	case unix.SIGUSR2:
		return "User defined signal 2"
	case unix.SIGPIPE:
		return "Broken pipe"
	case unix.SIGALRM:
		return "Alarm clock"
	case unix.SIGTERM:
		return "Terminated"
	case unix.SIGSTKFLT:
		return "Stack fault"
	case unix.SIGXCPU:
		return "CPU time limit exceeded"
	case unix.SIGXFSZ:
		return "File size limit exceeded"
	case unix.SIGVTALRM:
		return "Virtual timer expired"
	case unix.SIGPROF:
		return "Profiling timer expired"
	case unix.SIGIO:
		return "I/O possible"
	case unix.SIGPWR:
		return "Power failure"
	case unix.SIGSYS:
		return "Bad system call"
	case unix.SIGSTOP:
		return "Stopped (signal)"
	case unix.SIGTSTP:
		return "Stopped"
	case unix.SIGTTIN:
		return "Stopped (tty input)"
	case unix.SIGTTOU:
		return "Stopped (tty output)"
	case unix.SIGCONT:
		return "Continued"
	case unix.SIGCHLD:
		return "Child exited"
	case unix.SIGURG:
		return "Urgent I/O condition"
	case unix.SIGWINCH:
		return "Window changed"
	}
	if sig >= 34 && sig <= 64 {
		return "Real-time signal " + strconv.Itoa(sig-34)
	}
	return "Unknown signal " + strconv.Itoa(sig)
}

// CommandText returns the job's text for listings.
func (j *Job) CommandText() string { return strings.TrimSpace(j.Text) }

// GroupProcs returns the processes of the job's current process group,
// in the order they started (the stages of its pipeline), or nil for a
// job with a stand-in or without a group.
func (j *Job) GroupProcs() []*Proc {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	if j.standin != nil || j.pgid == 0 {
		return nil
	}
	var out []*Proc
	for _, p := range j.procs {
		if p.Pgid == j.pgid {
			out = append(out, p)
		}
	}
	return out
}
