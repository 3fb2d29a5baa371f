package jobs

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// fakeProc is a process of the table's point of view only: its reports
// are fed in by the test, as the reaper would.
func fakeProc(t *Table, j *Job, pid int) *Proc {
	p := newProc(pid, pid, "cmd")
	t.AddProc(j, p)
	return p
}

func report(t *Table, p *Proc, ws unix.WaitStatus) {
	p.update(ws, &unix.Rusage{Utime: unix.Timeval{Usec: 600000}})
	t.ProcChanged(p)
}

// Wait statuses as wait4 encodes them.
func exited(code int) unix.WaitStatus          { return unix.WaitStatus(code << 8) }
func signaled(sig unix.Signal) unix.WaitStatus { return unix.WaitStatus(sig) }
func coreDumped(sig unix.Signal) unix.WaitStatus {
	return unix.WaitStatus(sig) | 0x80
}
func stopped(sig unix.Signal) unix.WaitStatus { return unix.WaitStatus(sig)<<8 | 0x7f }

const continued = unix.WaitStatus(0xffff)

func TestJobNumbering(t *testing.T) {
	tb := NewTable()
	a := tb.New("a", true)
	b := tb.New("b", true)
	fg := tb.New("fg", false)
	if a.ID != 1 || b.ID != 2 || fg.ID != 0 {
		t.Fatalf("ids %d %d %d, want 1 2 0 (a foreground line gets a number when it stops)", a.ID, b.ID, fg.ID)
	}
	p := fakeProc(tb, fg, 100)
	report(tb, p, stopped(unix.SIGTSTP))
	if fg.ID != 3 || fg.State() != JobStopped {
		t.Fatalf("stopped foreground job: id %d state %v", fg.ID, fg.State())
	}
	tb.Remove(b)
	c := tb.New("c", true)
	if c.ID != 4 {
		t.Fatalf("new job after removing 2 got %d, want 4 (above every listed job)", c.ID)
	}
	tb.Remove(c)
	tb.Remove(fg)
	if d := tb.New("d", true); d.ID != 2 {
		t.Fatalf("numbers are reused from the top: got %d, want 2", d.ID)
	}
	if ids := jobIDs(tb.Jobs()); ids != "1 2" {
		t.Fatalf("Jobs() = %s", ids)
	}
}

func jobIDs(js []*Job) string {
	s := ""
	for i, j := range js {
		if i > 0 {
			s += " "
		}
		s += strconv.Itoa(j.ID)
	}
	return s
}

// %+ and %-: a job that stops becomes current; when the current job
// goes, the most recent stopped job (else the most recent job) takes over.
func TestCurrentJob(t *testing.T) {
	tb := NewTable()
	a, b, c := tb.New("a", true), tb.New("b", true), tb.New("c", true)
	pa, pb := fakeProc(tb, a, 1), fakeProc(tb, b, 2)
	fakeProc(tb, c, 3)
	tb.MakeCurrent(c)
	if cur, prev := tb.Current(); cur != c || prev != b {
		t.Fatalf("cur %v prev %v, want c b", name(cur), name(prev))
	}
	report(tb, pa, stopped(unix.SIGSTOP))
	if cur, prev := tb.Current(); cur != a || prev != c {
		t.Fatalf("after a stopped: cur %v prev %v, want a c", name(cur), name(prev))
	}
	report(tb, pb, stopped(unix.SIGTSTP))
	tb.Remove(b)
	if cur, prev := tb.Current(); cur != a || prev != c {
		t.Fatalf("after b removed: cur %v prev %v, want a c", name(cur), name(prev))
	}
	tb.Remove(a)
	if cur, prev := tb.Current(); cur != c || prev != nil {
		t.Fatalf("after a removed: cur %v prev %v, want c none", name(cur), name(prev))
	}
}

func name(j *Job) string {
	if j == nil {
		return "none"
	}
	return j.Text
}

// A job's state is derived from its processes and its in-process part.
func TestJobStates(t *testing.T) {
	tb := NewTable()
	var changes []JobState
	var mu sync.Mutex
	tb.OnChange = func(j *Job) {
		mu.Lock()
		changes = append(changes, j.State())
		mu.Unlock()
	}
	j := tb.New("a | b", true)
	a, b := fakeProc(tb, j, 10), fakeProc(tb, j, 11)
	report(tb, a, stopped(unix.SIGTSTP))
	if j.State() != JobRunning {
		t.Fatal("one stage stopped, one running: the job runs")
	}
	report(tb, b, stopped(unix.SIGTSTP))
	if j.State() != JobStopped || j.StopSignal() != int(unix.SIGTSTP) {
		t.Fatalf("all stopped: state %v stopsig %d", j.State(), j.StopSignal())
	}
	if s, _ := j.Describe(false); s != "Stopped" {
		t.Fatalf("describe %q", s)
	}
	report(tb, a, continued)
	report(tb, b, continued)
	report(tb, a, exited(0))
	if j.State() != JobRunning {
		t.Fatal("b still runs")
	}
	report(tb, b, exited(3))
	if j.State() != JobDone || j.Status() != 3 {
		t.Fatalf("done: state %v status %d", j.State(), j.Status())
	}
	if s, _ := j.Describe(false); s != "Exit 3" {
		t.Fatalf("describe %q", s)
	}
	if ru := j.Rusage(); ru.Utime.Sec != 1 || ru.Utime.Usec != 200000 {
		t.Fatalf("summed rusage %+v", ru.Utime)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []JobState{JobStopped, JobRunning, JobDone}
	if len(changes) != len(want) {
		t.Fatalf("changes %v, want %v", changes, want)
	}
	for i := range want {
		if changes[i] != want[i] {
			t.Fatalf("changes %v, want %v", changes, want)
		}
	}
}

func TestDescribe(t *testing.T) {
	tb := NewTable()
	for _, c := range []struct {
		ws         unix.WaitStatus
		short      string
		core       bool
		status     int
		long       string
		stoppedJob bool
	}{
		{exited(0), "Done", false, 0, "Done", false},
		{exited(1), "Exit 1", false, 1, "Exit 1", false},
		{signaled(unix.SIGTERM), "Terminated", false, 143, "Terminated", false},
		{signaled(unix.SIGKILL), "Killed", false, 137, "Killed", false},
		{coreDumped(unix.SIGSEGV), "Segmentation fault", true, 139, "Segmentation fault", false},
		{signaled(unix.SIGINT), "Interrupt", false, 130, "Interrupt", false},
		{stopped(unix.SIGSTOP), "Stopped", false, 0, "Stopped (signal)", true},
		{stopped(unix.SIGTTIN), "Stopped", false, 0, "Stopped (tty input)", true},
		{stopped(unix.SIGTTOU), "Stopped", false, 0, "Stopped (tty output)", true},
		{stopped(unix.SIGTSTP), "Stopped", false, 0, "Stopped", true},
	} {
		j := tb.New("x", true)
		report(tb, fakeProc(tb, j, 20), c.ws)
		s, core := j.Describe(false)
		l, _ := j.Describe(true)
		if s != c.short || l != c.long || core != c.core {
			t.Errorf("%#x: %q %q core %v, want %q %q %v", c.ws, s, l, core, c.short, c.long, c.core)
		}
		if !c.stoppedJob && j.Status() != c.status {
			t.Errorf("%#x: status %d, want %d", c.ws, j.Status(), c.status)
		}
		tb.Remove(j)
	}
	if d := SignalDescription(40); d != "Real-time signal 6" {
		t.Errorf("signal 40: %q", d)
	}
}

// The in-process part of a job (a loop on a goroutine) counts: a stop
// of a process freezes it, and its status is the job's.
func TestInProcessPart(t *testing.T) {
	tb := NewTable()
	j := tb.New("sleep 1; echo", false)
	j.SetForeground(true)
	tb.SetInproc(j, true, 0)
	p := fakeProc(tb, j, 30)
	report(tb, p, stopped(unix.SIGTSTP))
	if !j.Gate.Stopped() || j.State() != JobStopped {
		t.Fatalf("a stopped process must freeze the line: gate %v state %v", j.Gate.Stopped(), j.State())
	}
	j.Gate.Cont()
	tb.Continued(j)
	if j.State() != JobRunning || p.State() != Running {
		t.Fatalf("continued: state %v proc %v", j.State(), p.State())
	}
	// Ctrl-C that kills the foreground process ends the line too.
	report(tb, p, signaled(unix.SIGINT))
	if j.Gate.Killed() != int(unix.SIGINT) {
		t.Fatal("SIGINT death of a foreground process must end the line")
	}
	tb.SetInproc(j, false, 130)
	if j.State() != JobDone || j.Status() != 130 {
		t.Fatalf("done: %v %d", j.State(), j.Status())
	}
	if sig, _ := j.DoneSignal(); sig != int(unix.SIGINT) {
		t.Fatalf("done signal %d", sig)
	}

	// A background job's in-process part gives the status.
	b := tb.New("f &", true)
	tb.SetInproc(b, true, 0)
	q := fakeProc(tb, b, 31)
	report(tb, q, signaled(unix.SIGINT))
	if b.Gate.Killed() != 0 {
		t.Fatal("a background job is not interrupted by its process's SIGINT")
	}
	tb.SetInproc(b, false, 5)
	if b.Status() != 5 {
		t.Fatalf("status %d, want 5", b.Status())
	}
}

// WaitChange and WaitAny block until the job changes and can be woken.
func TestWaiters(t *testing.T) {
	tb := NewTable()
	j := tb.New("x", true)
	p := fakeProc(tb, j, 40)
	got := make(chan JobState)
	go func() { got <- tb.WaitChange(j, false, nil) }()
	time.Sleep(10 * time.Millisecond)
	report(tb, p, stopped(unix.SIGSTOP))
	if s := <-got; s != JobStopped {
		t.Fatalf("WaitChange: %v", s)
	}
	go func() { got <- tb.WaitChange(j, true, nil) }()
	report(tb, p, continued)
	report(tb, p, exited(0))
	if s := <-got; s != JobDone {
		t.Fatalf("WaitChange until done: %v", s)
	}
	k := tb.New("y", true)
	fakeProc(tb, k, 41)
	var stop sync.Mutex
	stopNow := false
	done := make(chan *Job)
	go func() {
		done <- tb.WaitAny([]*Job{k}, func() bool { stop.Lock(); defer stop.Unlock(); return stopNow })
	}()
	stop.Lock()
	stopNow = true
	stop.Unlock()
	tb.Wake()
	if w := <-done; w != nil {
		t.Fatal("WaitAny must return nil when stopped")
	}
}

// Notices: each state is claimed once, whoever asks first.
func TestClaimNotice(t *testing.T) {
	tb := NewTable()
	j := tb.New("x", true)
	p := fakeProc(tb, j, 50)
	report(tb, p, exited(0))
	var wg sync.WaitGroup
	var mu sync.Mutex
	claims := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok := j.ClaimNotice(); ok {
				mu.Lock()
				claims++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if claims != 1 {
		t.Fatalf("%d claims, want 1", claims)
	}
}

// The gate freezes and ends goroutines of a job.
func TestGate(t *testing.T) {
	g := NewGate()
	if g.Check() != 0 {
		t.Fatal("open gate")
	}
	g.Stop()
	out := make(chan int)
	go func() { out <- g.Check() }()
	if !waitUntil(func() bool { return g.Quiescent() }) {
		t.Fatal("a goroutine blocked in Check is parked")
	}
	select {
	case <-out:
		t.Fatal("Check must block while stopped")
	case <-time.After(20 * time.Millisecond):
	}
	g.Cont()
	if s := <-out; s != 0 {
		t.Fatalf("after Cont: %d", s)
	}
	g.Stop()
	go func() { out <- g.Check() }()
	g.Kill(int(unix.SIGTERM))
	if s := <-out; s != int(unix.SIGTERM) {
		t.Fatalf("after Kill: %d", s)
	}
	g.Kill(int(unix.SIGINT))
	if g.Killed() != int(unix.SIGTERM) {
		t.Fatal("the first killing signal stays")
	}
	var nilGate *Gate
	if nilGate.Check() != 0 || nilGate.Stopped() || nilGate.Killed() != 0 {
		t.Fatal("a nil gate is open")
	}
}

func waitUntil(cond func() bool) bool {
	for i := 0; i < 1000; i++ {
		if cond() {
			return true
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

// Many goroutines change one table at once (run with -race).
func TestTableConcurrent(t *testing.T) {
	tb := NewTable()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				j := tb.New("job", i%2 == 0)
				p := fakeProc(tb, j, 1000+g*1000+i)
				report(tb, p, stopped(unix.SIGSTOP))
				tb.Current()
				tb.Jobs()
				j.Describe(true)
				report(tb, p, continued)
				report(tb, p, exited(i%3))
				j.ClaimNotice()
				tb.Remove(j)
			}
		}(g)
	}
	wg.Wait()
	if n := len(tb.All()); n != 0 {
		t.Fatalf("%d jobs left", n)
	}
}

// The PID shown for a job is its current group's leader: a command line
// goes through several groups, one after the other.
func TestLeader(t *testing.T) {
	tb := NewTable()
	j := tb.New("sleep 1; sleep 100", false)
	a := newProc(70, 70, "sleep 1")
	tb.AddProc(j, a)
	report(tb, a, exited(0))
	b := newProc(71, 71, "sleep 100")
	tb.AddProc(j, b)
	j.SetPgid(71)
	if l := j.Leader(); l != 71 {
		t.Fatalf("leader %d, want 71", l)
	}
	k := tb.New("x &", true)
	tb.AddProc(k, newProc(80, 0, "x")) // no job control: no group
	if l := k.Leader(); l != 80 {
		t.Fatalf("leader %d, want 80", l)
	}
	s := tb.New("{ x; } &", true)
	tb.SetStandin(s, newProc(90, 90, "(job)"))
	tb.AddProc(s, newProc(91, 90, "x"))
	if l := s.Leader(); l != 90 {
		t.Fatalf("leader %d, want the stand-in 90", l)
	}
}

// Once a process has ended, a late report (taken by another collector
// before the end, applied after it) changes nothing.
func TestEndIsFinal(t *testing.T) {
	tb := NewTable()
	j := tb.New("x", true)
	p := fakeProc(tb, j, 60)
	report(tb, p, exited(0))
	report(tb, p, continued)
	if p.State() != Exited || j.State() != JobDone {
		t.Fatalf("process %v job %v", p.State(), j.State())
	}
}

// A command line that runs many programs keeps only what it still needs
// of them, with and without job control: ended processes are summed and
// dropped, but the first (Leader without a group), the last (the job's
// status) and the stages of the current group stay.
func TestEndedProcsDropped(t *testing.T) {
	for _, groups := range []bool{false, true} {
		tb := NewTable()
		j := tb.New("while :; do true; done", false)
		for pid := 100; pid < 1100; pid++ {
			pg := 0
			if groups {
				pg = pid
			}
			p := newProc(pid, pg, "true")
			tb.AddProc(j, p)
			if groups {
				j.SetPgid(pg)
			}
			report(tb, p, exited(pid%2))
		}
		if n := len(j.Procs()); n > 3 {
			t.Errorf("groups %v: %d processes kept after 1000 ended", groups, n)
		}
		if ru := j.Rusage(); ru.Utime.Sec != 600 {
			t.Errorf("groups %v: summed user time %v, want 600 s", groups, ru.Utime)
		}
		want := 100
		if groups {
			want = 1099
		}
		if l := j.Leader(); l != want {
			t.Errorf("groups %v: leader %d, want %d", groups, l, want)
		}
		if j.State() != JobDone || j.Status() != 1 {
			t.Errorf("groups %v: job %v status %d, want done 1", groups, j.State(), j.Status())
		}
	}
	// The ended stages of the current group are kept for jobs -l.
	tb := NewTable()
	j := tb.New("a | b | c", false)
	a, b, c := newProc(200, 200, "a"), newProc(201, 200, "b"), newProc(202, 200, "c")
	for _, p := range []*Proc{a, b, c} {
		tb.AddProc(j, p)
	}
	report(tb, b, exited(0))
	if n := len(j.GroupProcs()); n != 3 {
		t.Fatalf("%d stages listed, want 3", n)
	}
}

func TestAddRusage(t *testing.T) {
	a := unix.Rusage{Utime: unix.Timeval{Sec: 1, Usec: 700000}, Maxrss: 10, Minflt: 1}
	b := unix.Rusage{Utime: unix.Timeval{Usec: 400000}, Stime: unix.Timeval{Sec: 2, Usec: 5}, Maxrss: 30, Minflt: 2}
	AddRusage(&a, &b)
	if a.Utime.Sec != 2 || a.Utime.Usec != 100000 || a.Stime.Sec != 2 || a.Stime.Usec != 5 {
		t.Errorf("times %+v %+v, want 2.1 s and 2.000005 s", a.Utime, a.Stime)
	}
	if a.Maxrss != 30 || a.Minflt != 3 {
		t.Errorf("maxrss %d minflt %d, want the larger 30 and the sum 3", a.Maxrss, a.Minflt)
	}
}
