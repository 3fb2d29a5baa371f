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
		var ws unix.WaitStatus
		var ru unix.Rusage
		r.mu.Lock()
		pid, err := unix.Wait4(-1, &ws, unix.WNOHANG|unix.WUNTRACED|unix.WCONTINUED, &ru)
		if err == unix.EINTR {
			r.mu.Unlock()
			continue
		}
		if pid <= 0 || err != nil {
			r.mu.Unlock()
			return
		}
		p := r.procs[pid]
		ended := ws.Exited() || ws.Signaled()
		if ended {
			delete(r.procs, pid)
		}
		if p != nil {
			// Under the reap lock, so that reports are applied in the
			// order they were taken (Await takes some too).
			p.update(ws, &ru)
		}
		r.mu.Unlock()
		if p == nil {
			continue // not ours (or already forgotten): tolerated
		}
		if r.onChange != nil {
			r.onChange(p)
		}
	}
}

// Lock takes the reap lock (see Reaper.mu).
func (r *Reaper) Lock() {
	r.start()
	r.mu.Lock()
}

// Unlock releases the reap lock and collects anything that ended meanwhile.
func (r *Reaper) Unlock() { r.mu.Unlock() }

// Live returns the registered processes that have not ended.
func (r *Reaper) Live() []*Proc {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*Proc, 0, len(r.procs))
	for _, p := range r.procs {
		out = append(out, p)
	}
	return out
}
