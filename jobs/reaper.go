package jobs

import (
	"os"
	"os/signal"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// Reaper owns wait4(-1): it is the only code that reaps children. It is
// woken by SIGCHLD (coalesced, so it drains until no report is left).
type Reaper struct {
	// mu is the reap lock. wait4 runs only under it, and the launcher holds
	// it while it forks and registers the stages of one pipeline, so that a
	// process group leader cannot be reaped before the last stage joined.
	mu    sync.Mutex
	procs map[int]*Proc

	// onChange is called, without locks held, after each state change.
	onChange func(*Proc)
	// onStart is called once, before the first child is forked.
	onStart func()
	once    sync.Once
	sigs    chan os.Signal
}

// NewReaper returns a reaper. It starts working (SIGCHLD handler and
// goroutine) when the first child is about to be forked, so that a shell
// that runs no program (gsh -c true) does not pay for it.
func NewReaper(onChange func(*Proc), onStart func()) *Reaper {
	return &Reaper{procs: map[int]*Proc{}, onChange: onChange, onStart: onStart, sigs: make(chan os.Signal, 1)}
}

func (r *Reaper) start() {
	r.once.Do(func() {
		if r.onStart != nil {
			r.onStart()
		}
		signal.Notify(r.sigs, syscall.SIGCHLD)
		go r.loop()
	})
}

func (r *Reaper) loop() {
	for range r.sigs {
		r.Reap()
	}
}

// Reap collects every pending report without blocking.
func (r *Reaper) Reap() {
	for {
		pid, err := r.take(-1)
		if err == unix.EINTR {
			continue
		}
		if pid <= 0 || err != nil {
			return
		}
	}
}

// take collects one pending report of pid (-1: of any child) and applies
// it. It returns the PID reported (0 when none was pending). The report
// is applied under the reap lock, so that reports are applied in the
// order they were taken by whichever collector (the reaper, Await).
// Unknown PIDs are tolerated: not ours, or already forgotten.
func (r *Reaper) take(pid int) (int, error) {
	var ws unix.WaitStatus
	var ru unix.Rusage
	r.mu.Lock()
	got, err := unix.Wait4(pid, &ws, unix.WNOHANG|unix.WUNTRACED|unix.WCONTINUED, &ru)
	var p *Proc
	if err == nil && got > 0 {
		if p = r.procs[got]; p != nil && p.update(ws, &ru) {
			delete(r.procs, got)
		}
	}
	r.mu.Unlock()
	if p != nil && r.onChange != nil {
		r.onChange(p)
	}
	return got, err
}

// Lock takes the reap lock (see Reaper.mu).
func (r *Reaper) Lock() {
	r.start()
	r.mu.Lock()
}

// Unlock releases the reap lock. What ended meanwhile raised SIGCHLD,
// which wakes the reaper.
func (r *Reaper) Unlock() { r.mu.Unlock() }
