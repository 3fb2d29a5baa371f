package shell

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"gsh/jobs"
)

// What a timed command used comes from two sources:
//
//   - every process it started, with the rusage wait4 reported when the
//     process was reaped (noteProc adds each started process to
//     sh.timing), so a background job reaped meanwhile is not counted;
//   - the shell's own work (builtins, functions, loops), measured with
//     getrusage(RUSAGE_THREAD) on a goroutine pinned to its OS thread.
//
// Why RUSAGE_THREAD: RUSAGE_SELF would also count every other goroutine
// of the shell, such as an in-process background job (`{ loop; } & time
// sleep 1`) or the prompt while a timed job is stopped. RUSAGE_THREAD is
// exact only if the thread runs nothing but our goroutine, hence
// runtime.LockOSThread for the duration; and since in-process pipeline
// stages and process substitutions run on goroutines of their own, each
// of them is metered the same way (timeGoroutine) and adds its usage to
// the accumulator when it ends. Not counted: the Go runtime's background
// work (garbage collector workers, the reaper), which runs on other
// threads; a goroutine's GC assists are counted.

// timeAcc collects what a timed command used. Accumulators nest like the
// time clauses: what is added to one is added to every enclosing one.
type timeAcc struct {
	parent *timeAcc

	keepAll   bool // keep every process for time -v's table
	perThread bool // the shell's part is metered per goroutine (see above)

	mu      sync.Mutex
	procs   []*jobs.Proc // in start order
	ended   unix.Rusage  // processes folded out of procs (not keepAll)
	threads unix.Rusage  // shell goroutines other than the timing one
}

// add records a process started by the timed command.
func (t *timeAcc) add(p *jobs.Proc) {
	for a := t; a != nil; a = a.parent {
		a.mu.Lock()
		if !a.keepAll && len(a.procs) >= 64 && len(a.procs) == cap(a.procs) {
			a.fold()
		}
		a.procs = append(a.procs, p)
		a.mu.Unlock()
	}
}

// fold sums the processes that have ended, so that a timed loop that
// starts many processes does not keep them all.
func (t *timeAcc) fold() {
	live := t.procs[:0]
	for _, p := range t.procs {
		if p.Terminated() {
			ru := p.Rusage()
			jobs.AddRusage(&t.ended, &ru)
		} else {
			live = append(live, p)
		}
	}
	clear(t.procs[len(live):])
	t.procs = live
}

// addThread adds the usage of a goroutine that ran part of the command
// to the accumulators that meter per goroutine.
func (t *timeAcc) addThread(ru *unix.Rusage) {
	for a := t; a != nil; a = a.parent {
		if a.perThread {
			a.mu.Lock()
			jobs.AddRusage(&a.threads, ru)
			a.mu.Unlock()
		}
	}
}

// threadMeter measures the calling goroutine's usage from start to stop.
type threadMeter struct{ start unix.Rusage }

func startThreadMeter() *threadMeter {
	runtime.LockOSThread()
	m := &threadMeter{}
	unix.Getrusage(unix.RUSAGE_THREAD, &m.start)
	return m
}

// stop returns the usage since start and unpins the goroutine.
func (m *threadMeter) stop() unix.Rusage {
	var now unix.Rusage
	unix.Getrusage(unix.RUSAGE_THREAD, &now)
	runtime.UnlockOSThread()
	return subUsage(&now, &m.start)
}

// A child's max RSS, as wait4 reports it, includes the peak of the
// address space it had before exec (the kernel folds it in at exec). Go
// forks with CLONE_VM, so that is the shell's own peak: once the shell
// had grown, say to hold a large variable since unset, every process it
// started would report at least that much, and REPORTMEMORY would fire
// after every command. trimShellRSS, called when a timed command starts,
// brings the floor down to the shell's live size, as small as bash's
// fork gives: it resets the peak (/proc/self/clear_refs) and, if the
// shell is large, first returns freed memory to the system. That forced
// collection costs in proportion to the live data, so it is rate-limited
// to 1% of the time: a shell whose data is really large does not pay it
// on every command.

const trimAbove = 64 << 20 // bytes of resident size

var trimmed struct {
	sync.Mutex
	next time.Time // no forced release before
}

func trimShellRSS() {
	if residentBytes() > trimAbove {
		trimmed.Lock()
		if now := time.Now(); now.After(trimmed.next) {
			debug.FreeOSMemory()
			trimmed.next = time.Now().Add(100 * time.Since(now))
		}
		trimmed.Unlock()
	}
	resetPeakRSS()
}

// resetPeakRSS sets the shell's peak resident size to its current size.
// Errors (no /proc) are ignored: the figures are then as bash's.
func resetPeakRSS() {
	fd, err := unix.Open("/proc/self/clear_refs", unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	unix.Write(fd, []byte("5"))
	unix.Close(fd)
}

// residentBytes is the shell's resident size from /proc/self/statm.
func residentBytes() int64 {
	var buf [128]byte
	fd, err := unix.Open("/proc/self/statm", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0
	}
	n, _ := unix.Read(fd, buf[:])
	unix.Close(fd)
	f := strings.Fields(string(buf[:max(n, 0)]))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(unix.Getpagesize())
}

// processMeter measures the whole shell process, every goroutine, from
// start to stop: cheaper than threadMeter (nothing is pinned) but it
// counts whatever else the shell did meanwhile.
type processMeter struct{ start unix.Rusage }

func startProcessMeter() *processMeter {
	m := &processMeter{}
	unix.Getrusage(unix.RUSAGE_SELF, &m.start)
	return m
}

func (m *processMeter) stop() unix.Rusage {
	var now unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &now)
	return subUsage(&now, &m.start)
}

// timeGoroutine is called first on a goroutine that runs part of a timed
// command (an in-process pipeline stage, a process substitution, an
// in-process background job); defer the function it returns, so that the
// goroutine's usage is added before anyone waiting for it goes on.
func (sh *Shell) timeGoroutine() func() {
	acc := sh.timing
	if acc == nil || !acc.perThread {
		return func() {}
	}
	m := startThreadMeter()
	return func() {
		ru := m.stop()
		acc.addThread(&ru)
	}
}

// timeReport is what a timed command used.
type timeReport struct {
	real   time.Duration
	user   time.Duration // processes and shell
	sys    time.Duration
	ru     unix.Rusage // counters: processes and shell; Maxrss: largest process
	shell  unix.Rusage // the shell's own part (Maxrss unused)
	status int
	procs  []*jobs.Proc // in start order; unfinished ones are not counted
}

// report sums what was collected; self is the timing goroutine's usage.
func (t *timeAcc) report(real time.Duration, self *unix.Rusage, status int) *timeReport {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := &timeReport{real: real, status: status, procs: append([]*jobs.Proc(nil), t.procs...)}
	r.shell = t.threads
	jobs.AddRusage(&r.shell, self)
	r.shell.Maxrss = 0 // a thread's maxrss is the whole shell's lifetime peak
	r.ru = r.shell
	jobs.AddRusage(&r.ru, &t.ended)
	for _, p := range r.procs {
		if p.Terminated() {
			ru := p.Rusage()
			jobs.AddRusage(&r.ru, &ru)
		}
	}
	r.user = tvDur(r.ru.Utime)
	r.sys = tvDur(r.ru.Stime)
	return r
}

func tvDur(tv unix.Timeval) time.Duration {
	return time.Duration(tv.Sec)*time.Second + time.Duration(tv.Usec)*time.Microsecond
}

func durTv(d time.Duration) unix.Timeval {
	us := d.Microseconds()
	return unix.Timeval{Sec: us / 1e6, Usec: us % 1e6}
}

// subUsage returns a-b for times and counters; maxrss is a's.
func subUsage(a, b *unix.Rusage) unix.Rusage {
	r := *a
	r.Utime = durTv(max(tvDur(a.Utime)-tvDur(b.Utime), 0))
	r.Stime = durTv(max(tvDur(a.Stime)-tvDur(b.Stime), 0))
	r.Minflt -= b.Minflt
	r.Majflt -= b.Majflt
	r.Inblock -= b.Inblock
	r.Oublock -= b.Oublock
	r.Nvcsw -= b.Nvcsw
	r.Nivcsw -= b.Nivcsw
	return r
}
