package jobs

import (
	"sort"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Table is the job table. Its mutex guards every job's fields; cond is
// broadcast on any change so that fg, wait and the prompt can block on it.
type Table struct {
	mu   sync.Mutex
	cond *sync.Cond
	jobs []*Job
	cur  *Job // %+
	prev *Job // %-

	// OnChange is called (without locks) after a job changed state.
	OnChange func(*Job)
	// NotifyAtOnce mirrors `set -b` for OnChange, which runs on the
	// reaper's goroutine and may not read the shell's options.
	NotifyAtOnce atomic.Bool
}

// NewTable returns an empty job table.
func NewTable() *Table {
	t := &Table{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// New creates a job. async is true for `cmd &`. A foreground command
// line gets its job number only if it stops (bash numbers only the jobs
// it lists).
func (t *Table) New(text string, async bool) *Job {
	t.mu.Lock()
	defer t.mu.Unlock()
	j := &Job{Text: text, t: t, async: async, Gate: NewGate()}
	if async {
		j.ID = t.nextID()
	}
	t.jobs = append(t.jobs, j)
	return j
}

// nextID is the lowest number above every listed job; t.mu is held.
func (t *Table) nextID() int {
	id := 1
	for _, j := range t.jobs {
		if j.ID >= id {
			id = j.ID + 1
		}
	}
	return id
}

// AddProc records that p belongs to job j (the caller holds the reap lock,
// so p cannot have been reaped yet).
func (t *Table) AddProc(j *Job, p *Proc) {
	t.mu.Lock()
	p.job = j
	j.procs = append(j.procs, p)
	j.lastPid = p.Pid
	if j.pgid == 0 && p.Pgid > 0 {
		j.pgid = p.Pgid
	}
	if j.state == JobDone {
		j.state = JobRunning
	}
	j.prune()
	t.mu.Unlock()
}

// SetStandin records the process standing for j's in-process part.
func (t *Table) SetStandin(j *Job, p *Proc) {
	t.mu.Lock()
	p.job = j
	j.standin = p
	j.lastPid = p.Pid
	if p.Pgid > 0 {
		j.pgid = p.Pgid
	}
	t.mu.Unlock()
}

// SetInproc marks the start (running true) or end of j's in-process part.
func (t *Table) SetInproc(j *Job, running bool, status int) {
	t.mu.Lock()
	j.inproc = running
	if running {
		j.hadInproc = true
	} else {
		j.inStatus = status
	}
	changed := j.recompute()
	t.cond.Broadcast()
	t.mu.Unlock()
	if changed && t.OnChange != nil {
		t.OnChange(j)
	}
}

// Continued records that SIGCONT was sent to j: its stopped processes
// count as running at once, as bash marks them, rather than when the
// reaper sees their WCONTINUED reports. Otherwise fg, looking at the
// job's state right after sending SIGCONT, would find it still stopped.
func (t *Table) Continued(j *Job) {
	for _, p := range j.Procs() {
		p.markContinued()
	}
	t.Recompute(j)
}

// Recompute re-derives j's state after its gate changed.
func (t *Table) Recompute(j *Job) {
	t.mu.Lock()
	changed := j.recompute()
	t.cond.Broadcast()
	t.mu.Unlock()
	if changed && t.OnChange != nil {
		t.OnChange(j)
	}
}

// ProcChanged is the reaper's callback.
func (t *Table) ProcChanged(p *Proc) {
	t.mu.Lock()
	j := p.job
	if j == nil {
		t.mu.Unlock()
		return
	}
	ws := p.WaitStatus()
	if ws.Stopped() {
		j.stopSig = int(ws.StopSignal())
		if j.inproc && p != j.standin {
			// A stopped process stops the whole job: its in-process part
			// (the rest of the command line) is frozen too.
			j.Gate.Stop()
		}
	}
	if p.Terminated() && p != j.standin {
		ru := p.Rusage()
		AddRusage(&j.ru, &ru)
		j.prune()
		// Ctrl-C or Ctrl-\ that killed a foreground process interrupts the
		// rest of its command line too (bash: "act as if the shell
		// received SIGINT"). Done here, not by the waiter, because the
		// line may be busy in an in-process pipeline stage.
		if ws.Signaled() && j.foreground && j.inproc && (ws.Signal() == unix.SIGINT || ws.Signal() == unix.SIGQUIT) {
			j.Gate.Kill(int(ws.Signal()))
			j.Gate.Cont()
		}
	}
	standinEvent := p == j.standin
	changed := false
	if !standinEvent {
		changed = j.recompute()
	}
	t.cond.Broadcast()
	t.mu.Unlock()
	if standinEvent {
		t.standinChanged(j, p, ws)
		return
	}
	if changed && t.OnChange != nil {
		t.OnChange(j)
	}
}

// standinChanged applies to the whole job what happened to its stand-in:
// `kill $!` or `kill -STOP $!` reach only that process.
func (t *Table) standinChanged(j *Job, p *Proc, ws unix.WaitStatus) {
	switch {
	case ws.Stopped():
		j.Gate.Stop()
		t.signalOthers(j, unix.SIGSTOP)
	case ws.Continued():
		t.signalOthers(j, unix.SIGCONT)
		j.Gate.Cont()
	case ws.Signaled():
		if sig := ws.Signal(); sig != unix.SIGKILL || !j.finishing() {
			j.Gate.Kill(int(sig))
			t.signalOthers(j, sig)
			j.Gate.Cont()
		}
	}
	t.Recompute(j)
}

func (j *Job) finishing() bool {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return !j.inproc
}

// signalOthers sends sig to the job's processes other than the stand-in.
func (t *Table) signalOthers(j *Job, sig unix.Signal) {
	for _, p := range j.Procs() {
		if !p.Terminated() {
			unix.Kill(p.Pid, sig)
		}
	}
}

// Jobs returns the listed jobs (those with a number) in ID order.
func (t *Table) Jobs() []*Job {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*Job, 0, len(t.jobs))
	for _, j := range t.jobs {
		if j.ID > 0 {
			out = append(out, j)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}

// All returns every job, listed or not (process substitutions, the
// foreground command line).
func (t *Table) All() []*Job {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]*Job(nil), t.jobs...)
}

// Remove deletes j from the table.
func (t *Table) Remove(j *Job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, x := range t.jobs {
		if x == j {
			t.jobs = append(t.jobs[:i], t.jobs[i+1:]...)
			break
		}
	}
	j.removed = true
	if t.cur == j {
		t.cur, t.prev = t.prev, nil
	}
	if t.prev == j {
		t.prev = nil
	}
	t.fixCurrent()
}

// fixCurrent picks %+ and %- as bash does: the most recent stopped job,
// else the most recent job. t.mu is held.
func (t *Table) fixCurrent() {
	if t.cur != nil && t.cur.removed {
		t.cur = nil
	}
	if t.prev != nil && (t.prev.removed || t.prev == t.cur) {
		t.prev = nil
	}
	pick := func(skip *Job) *Job {
		var best *Job
		for _, j := range t.jobs {
			if j == skip || j.removed || j.ID == 0 {
				continue
			}
			if j.state == JobStopped && (best == nil || best.state != JobStopped || j.ID > best.ID) {
				best = j
			} else if best == nil || (best.state != JobStopped && j.ID > best.ID) {
				best = j
			}
		}
		return best
	}
	if t.cur == nil {
		t.cur = pick(nil)
	}
	if t.prev == nil {
		t.prev = pick(t.cur)
	}
}

// MakeCurrent makes j the current job (%+), the old one becoming %-.
func (t *Table) MakeCurrent(j *Job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cur != j {
		t.prev = t.cur
		t.cur = j
	}
	t.fixCurrent()
}

// Current returns %+ and %-.
func (t *Table) Current() (cur, prev *Job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fixCurrent()
	return t.cur, t.prev
}

// WaitChange blocks until j is no longer running (stopped or done), or
// until stop returns true (checked on each change).
func (t *Table) WaitChange(j *Job, untilDone bool, stop func() bool) JobState {
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		if j.state == JobDone || (!untilDone && j.state == JobStopped) {
			return j.state
		}
		if stop != nil && stop() {
			return j.state
		}
		t.cond.Wait()
	}
}

// Wake wakes every waiter (after a signal or a trap became pending).
func (t *Table) Wake() {
	t.mu.Lock()
	t.cond.Broadcast()
	t.mu.Unlock()
}

// WaitAny blocks until one of the given jobs is done and returns it, or
// until stop returns true.
func (t *Table) WaitAny(js []*Job, stop func() bool) *Job {
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		for _, j := range js {
			if j.state == JobDone {
				return j
			}
		}
		if stop != nil && stop() {
			return nil
		}
		t.cond.Wait()
	}
}

// Notified reports whether j's current state was reported; MarkNotified
// records that it was.
func (j *Job) Notified() bool {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	return j.notified
}

// ClaimNotice marks j's current state as reported and returns it; ok is
// false when it was already reported (by another goroutine, perhaps).
func (j *Job) ClaimNotice() (st JobState, ok bool) {
	j.t.mu.Lock()
	defer j.t.mu.Unlock()
	if j.notified {
		return j.state, false
	}
	j.notified = true
	return j.state, true
}

// MarkNotified records that j's state was reported to the user.
func (j *Job) MarkNotified() {
	j.t.mu.Lock()
	j.notified = true
	j.t.mu.Unlock()
}

// AddRusage adds b to a: times and counters summed, maxrss the larger.
func AddRusage(a, b *unix.Rusage) {
	a.Utime = unix.NsecToTimeval(a.Utime.Nano() + b.Utime.Nano())
	a.Stime = unix.NsecToTimeval(a.Stime.Nano() + b.Stime.Nano())
	a.Maxrss = max(a.Maxrss, b.Maxrss)
	a.Minflt += b.Minflt
	a.Majflt += b.Majflt
	a.Inblock += b.Inblock
	a.Oublock += b.Oublock
	a.Nvcsw += b.Nvcsw
	a.Nivcsw += b.Nivcsw
}
