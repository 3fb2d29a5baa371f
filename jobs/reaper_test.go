package jobs

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// One reaper for the whole test binary: a second wait4(-1) caller would
// take the first one's children.
var (
	shared struct {
		r *Reaper
		t *Table
	}
	sharedOnce sync.Once
)

func testReaper(t *testing.T) (*Reaper, *Table) {
	t.Helper()
	sharedOnce.Do(func() {
		shared.t = NewTable()
		shared.r = NewReaper(shared.t.ProcChanged, nil)
	})
	return shared.r, shared.t
}

func lookPath(t *testing.T, prog string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		t.Skipf("%s not found", prog)
	}
	return p
}

// spec runs argv with stdin/stdout/stderr closed, in the test's group.
func spec(t *testing.T, argv ...string) *Spec {
	return &Spec{Path: lookPath(t, argv[0]), Argv: argv, Env: os.Environ(),
		Files: []uintptr{ClosedFd, ClosedFd, ClosedFd}, Pgid: -1, Text: strings.Join(argv, " ")}
}

func start(t *testing.T, r *Reaper, argv ...string) *Proc {
	t.Helper()
	p, err := r.Start(spec(t, argv...))
	if err != nil {
		t.Fatalf("start %v: %v", argv, err)
	}
	t.Cleanup(func() {
		if !p.Terminated() {
			unix.Kill(p.Pid, unix.SIGKILL)
			p.Wait()
		}
	})
	return p
}

func waitDone(t *testing.T, p *Proc) int {
	t.Helper()
	select {
	case <-p.done:
		return p.Status()
	case <-time.After(30 * time.Second):
		t.Fatalf("process %d (%s) not reaped", p.Pid, p.Text)
	}
	return -1
}

// waitProcState waits for the reaper to report state s for p.
func waitProcState(t *testing.T, p *Proc, s ProcState) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		ch := p.Changes()
		if p.State() == s {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("process %d state %v, want %v", p.Pid, p.State(), s)
		}
	}
}

func TestReaperStatuses(t *testing.T) {
	r, _ := testReaper(t)
	for _, c := range []struct {
		argv   []string
		status int
		sig    syscall.Signal
	}{
		{[]string{"true"}, 0, 0},
		{[]string{"sh", "-c", "exit 3"}, 3, 0},
		{[]string{"sh", "-c", "kill -TERM $$"}, 143, syscall.SIGTERM},
		{[]string{"sh", "-c", "kill -KILL $$"}, 137, syscall.SIGKILL},
	} {
		p := start(t, r, c.argv...)
		if st := waitDone(t, p); st != c.status {
			t.Errorf("%v: status %d, want %d", c.argv, st, c.status)
		}
		ws := p.WaitStatus()
		if c.sig != 0 && (!ws.Signaled() || ws.Signal() != c.sig) {
			t.Errorf("%v: wait status %#x, want killed by %v", c.argv, ws, c.sig)
		}
		if p.State() != Exited && p.State() != Signaled || p.End().IsZero() {
			t.Errorf("%v: state %v end %v", c.argv, p.State(), p.End())
		}
	}
}

// Stops and continues are reported (WUNTRACED, WCONTINUED), then the end.
func TestReaperStopCont(t *testing.T) {
	r, tb := testReaper(t)
	j := tb.New("sleep 30", true)
	p := start(t, r, "sleep", "30")
	tb.AddProc(j, p)
	unix.Kill(p.Pid, unix.SIGSTOP)
	waitProcState(t, p, Stopped)
	// The table hears of it just after the process.
	if tb.WaitChange(j, false, nil) != JobStopped || j.StopSignal() != int(unix.SIGSTOP) {
		t.Fatalf("job %v stop signal %d", j.State(), j.StopSignal())
	}
	unix.Kill(p.Pid, unix.SIGCONT)
	waitProcState(t, p, Running)
	if !waitUntil(func() bool { return j.State() == JobRunning }) {
		t.Fatalf("job %v after SIGCONT", j.State())
	}
	unix.Kill(p.Pid, unix.SIGKILL)
	if st := waitDone(t, p); st != 137 {
		t.Fatalf("status %d", st)
	}
	if tb.WaitChange(j, true, nil) != JobDone {
		t.Fatal("job not done")
	}
	tb.Remove(j)
}

// Resource usage comes with the exit report, per process.
func TestReaperRusage(t *testing.T) {
	r, _ := testReaper(t)
	p := start(t, r, "sh", "-c", `i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done`)
	waitDone(t, p)
	ru := p.Rusage()
	if ru.Utime.Sec == 0 && ru.Utime.Usec == 0 {
		t.Fatalf("no user time reported: %+v", ru)
	}
	if ru.Maxrss == 0 {
		t.Fatal("no maxrss reported")
	}
}

// Children the reaper does not know are reaped too (no zombie), and do
// not disturb the others.
func TestReaperUnknownChild(t *testing.T) {
	r, _ := testReaper(t)
	known := start(t, r, "sleep", "0.2")
	// Forked behind the reaper's back: it is in no table.
	pid, err := syscall.ForkExec(lookPath(t, "true"), []string{"true"}, &syscall.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			break // reaped
		}
		if time.Now().After(deadline) {
			t.Fatalf("unknown child not reaped: %s", data)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if st := waitDone(t, known); st != 0 {
		t.Fatalf("known child status %d", st)
	}
}

// The reap lock keeps a group leader from being reaped while the later
// stages of its pipeline join its group: joining a group whose members
// were all reaped fails with EPERM.
func TestReaperGroupLeaderKept(t *testing.T) {
	r, _ := testReaper(t)
	r.Lock()
	s := spec(t, "true")
	s.Pgid = 0
	leader, err := r.StartLocked(s)
	if err != nil {
		r.Unlock()
		t.Fatal(err)
	}
	// Let the leader exit: it stays a zombie while the lock is held.
	time.Sleep(50 * time.Millisecond)
	s2 := spec(t, "sleep", "0.1")
	s2.Pgid = leader.Pid
	member, err := r.StartLocked(s2)
	r.Unlock()
	if err != nil {
		t.Fatalf("joining the leader's group: %v", err)
	}
	if member.Pgid != leader.Pid {
		t.Fatalf("member pgid %d, leader %d", member.Pgid, leader.Pid)
	}
	waitDone(t, leader)
	waitDone(t, member)
}

// Await collects the waited-for child itself, stops and continues
// included: the reaper is not woken meanwhile, so the test fails if
// Await left the collecting to it.
func TestAwait(t *testing.T) {
	r, _ := testReaper(t)
	p := start(t, r, "sleep", "30")
	muteReaper(t, r)
	out := make(chan int)
	go func() { out <- r.Await(p) }()
	unix.Kill(p.Pid, unix.SIGSTOP)
	waitProcState(t, p, Stopped)
	unix.Kill(p.Pid, unix.SIGCONT)
	waitProcState(t, p, Running)
	unix.Kill(p.Pid, unix.SIGTERM)
	select {
	case st := <-out:
		if st != 143 {
			t.Fatalf("status %d", st)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Await did not return")
	}
}

// muteReaper stops waking the reaper on SIGCHLD until the test ends.
func muteReaper(t *testing.T, r *Reaper) {
	signal.Stop(r.sigs)
	select {
	case <-r.sigs: // a wake-up left from an earlier test
	default:
	}
	t.Cleanup(func() {
		signal.Notify(r.sigs, syscall.SIGCHLD)
		r.Reap()
	})
}

// Many goroutines start and wait for processes at once (run with -race):
// every process is reported once, and none is left a zombie.
func TestReaperConcurrent(t *testing.T) {
	r, tb := testReaper(t)
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				j := tb.New("true", true)
				r.Lock()
				p, err := r.StartLocked(spec(t, "sh", "-c", fmt.Sprintf("exit %d", i%4)))
				if err == nil {
					tb.AddProc(j, p)
				}
				r.Unlock()
				if err != nil {
					errs <- err
					return
				}
				var st int
				if i%2 == 0 {
					st = r.Await(p)
				} else {
					st = p.Wait()
				}
				if st != i%4 {
					errs <- fmt.Errorf("status %d, want %d", st, i%4)
				}
				if tb.WaitChange(j, true, nil) != JobDone || j.Status() != i%4 {
					errs <- fmt.Errorf("job status %d, want %d", j.Status(), i%4)
				}
				tb.Remove(j)
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if kids := childrenOfSelf(); len(kids) != 0 {
		t.Fatalf("children left: %v", kids)
	}
	r.mu.Lock()
	n := len(r.procs)
	r.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d processes still registered", n)
	}
}

// childrenOfSelf lists this process's children (zombies included).
func childrenOfSelf() []string {
	var out []string
	files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", os.Getpid()))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		out = append(out, strings.Fields(string(data))...)
	}
	return out
}

// A stopped process continued while Await waits for it, ending at once:
// Await and the reaper race for its "continued" and "exited" reports,
// and the end must win whatever the order (it once lost: fg hung).
func TestAwaitContinuedThenExit(t *testing.T) {
	r, tb := testReaper(t)
	for i := 0; i < 40; i++ {
		j := tb.New("x", true)
		r.Lock()
		p, err := r.StartLocked(spec(t, "sh", "-c", "kill -STOP $$; exit 3"))
		if err == nil {
			tb.AddProc(j, p)
		}
		r.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		out := make(chan int, 1)
		go func() { out <- r.Await(p) }()
		if tb.WaitChange(j, false, nil) != JobStopped {
			t.Fatalf("not stopped: %v", j.State())
		}
		unix.Kill(p.Pid, unix.SIGCONT)
		select {
		case st := <-out:
			if st != 3 {
				t.Fatalf("status %d", st)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Await did not return")
		}
		if !waitUntil(func() bool { return j.State() == JobDone }) || p.State() != Exited {
			t.Fatalf("try %d: job %v, process %v after its exit", i, j.State(), p.State())
		}
		tb.Remove(j)
	}
}
