// Package jobs launches processes (fork/exec into process groups) and keeps
// the process and job tables, driven by one wait4 reaper.
package jobs

import (
	"strconv"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// ProcState is what the kernel last reported about a process.
type ProcState int

const (
	Running ProcState = iota
	Stopped
	Exited   // exited normally
	Signaled // killed by a signal
)

// Proc is one child process of the shell.
type Proc struct {
	Pid   int
	Pgid  int
	Text  string // command text, for jobs -l and time -v
	Start time.Time

	mu      sync.Mutex
	state   ProcState
	ws      unix.WaitStatus
	ru      unix.Rusage
	end     time.Time
	done    chan struct{} // closed when the process has exited or been killed
	changes chan struct{} // closed and replaced on every state change
	job     *Job
}

func newProc(pid, pgid int, text string) *Proc {
	return &Proc{Pid: pid, Pgid: pgid, Text: text, Start: time.Now(), done: make(chan struct{}), changes: make(chan struct{})}
}

// Changes returns a channel closed at the next state change.
func (p *Proc) Changes() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.changes
}

// State returns the current state.
func (p *Proc) State() ProcState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state
}

// WaitStatus returns the last wait status.
func (p *Proc) WaitStatus() unix.WaitStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ws
}

// Rusage returns the resource usage reported when the process ended.
func (p *Proc) Rusage() unix.Rusage {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ru
}

// End returns when the process was reaped.
func (p *Proc) End() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.end
}

// Status is the shell exit status: the exit code, or 128+signal.
func (p *Proc) Status() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return statusOf(p.ws)
}

func statusOf(ws unix.WaitStatus) int {
	switch {
	case ws.Exited():
		return ws.ExitStatus()
	case ws.Signaled():
		return 128 + int(ws.Signal())
	case ws.Stopped():
		return 128 + int(ws.StopSignal())
	}
	return 0
}

// Wait blocks until the process terminates and returns its status.
func (p *Proc) Wait() int {
	<-p.done
	return p.Status()
}

// Terminated reports whether the process has ended.
func (p *Proc) Terminated() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// update records a wait4 report. It returns true when the process ended.
func (p *Proc) update(ws unix.WaitStatus, ru *unix.Rusage) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == Exited || p.state == Signaled {
		return false // an end is final
	}
	close(p.changes)
	p.changes = make(chan struct{})
	p.ws = ws
	switch {
	case ws.Exited():
		p.state = Exited
	case ws.Signaled():
		p.state = Signaled
	case ws.Stopped():
		p.state = Stopped
		return false
	case ws.Continued():
		p.state = Running
		return false
	default:
		return false
	}
	p.ru = *ru
	p.end = time.Now()
	close(p.done)
	return true
}

// markContinued sets a stopped process running (SIGCONT was sent to it).
func (p *Proc) markContinued() {
	p.mu.Lock()
	if p.state == Stopped {
		p.state = Running
	}
	p.mu.Unlock()
}

// Describe is the state text of one process for `jobs -l`, as bash's:
// "Running", "Stopped (signal)", "Done", "Exit 2", "Terminated"...; core
// reports a core dump.
func (p *Proc) Describe() (text string, core bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch p.state {
	case Running:
		return "Running", false
	case Stopped:
		return SignalDescription(int(p.ws.StopSignal())), false
	case Signaled:
		return SignalDescription(int(p.ws.Signal())), p.ws.CoreDump()
	}
	if st := p.ws.ExitStatus(); st != 0 {
		return "Exit " + strconv.Itoa(st), false
	}
	return "Done", false
}
