package tests

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"
)

// killAtEnd kills pid when the test ends: for processes that outlive gsh
// on purpose, which killTree no longer finds below it. (A pid of 0 or -1
// would be a process group or every process.)
func killAtEnd(t *testing.T, pid int) {
	t.Helper()
	if pid <= 0 {
		t.Fatalf("killAtEnd(%d)", pid)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
}

// gone reports whether pid has ended (a zombie waiting for init counts).
func gone(pid int) bool {
	info, ok := readProc(pid)
	return !ok || info.State == 'Z'
}

// Item 10: exit with stopped jobs warns once; the second exit sends them
// SIGHUP and SIGCONT, so that no stopped orphan is left.
func TestPtyJobExitStopped(t *testing.T) {
	p := reapedShell(t)
	p.Line("sleep 100")
	sl := p.child("sleep", "S")
	killAtEnd(t, sl.Pid)
	p.Send(CtrlZ)
	p.ExpectLit("Stopped")
	p.Prompt()
	p.RunExpect("exit", "exit\nThere are stopped jobs.\n")
	p.RunExpect("echo still here", "still here\n")
	// Something else in between: the next exit warns again.
	p.RunExpect("exit", "exit\nThere are stopped jobs.\n")
	p.Line("exit")
	p.ExpectLit("exit\r\n")
	p.Wait(procWait)
	if !waitFor(procWait, func() bool { return gone(sl.Pid) }) {
		info, _ := readProc(sl.Pid)
		t.Fatalf("stopped job left behind after exit: state %c", info.State)
	}
}

// Ctrl-D is an exit too; `jobs` right before lets it through (bash).
func TestPtyJobExitCtrlD(t *testing.T) {
	p := reapedShell(t)
	p.Line("sleep 100")
	sl := p.child("sleep", "S")
	killAtEnd(t, sl.Pid)
	p.Send(CtrlZ)
	p.ExpectLit("Stopped")
	p.Prompt()
	p.Send(CtrlD)
	p.ExpectLit("There are stopped jobs.\r\n")
	p.Prompt()
	p.RunExpect("jobs", "[1]+  Stopped                 sleep 100\n")
	p.Send(CtrlD)
	p.Wait(procWait)
	if !waitFor(procWait, func() bool { return gone(sl.Pid) }) {
		t.Fatal("stopped job left behind after Ctrl-D")
	}
}

// checkjobs warns for running jobs too and lists them; without huponexit
// a running job survives the shell.
func TestPtyJobExitCheckjobs(t *testing.T) {
	p := jobShell(t)
	p.Run("shopt -s checkjobs")
	p.Run("sleep 100 &")
	sl := p.child("sleep", "S")
	killAtEnd(t, sl.Pid)
	p.RunExpect("exit", "exit\nThere are running jobs.\n[1]+  Running                 sleep 100 &\n")
	p.Line("exit")
	p.Wait(procWait)
	time.Sleep(100 * time.Millisecond)
	if info, ok := readProc(sl.Pid); !ok || info.State != 'S' {
		t.Fatalf("running job did not survive exit: %+v", info)
	}
}

// huponexit: a login shell sends SIGHUP to its jobs when it exits.
func TestPtyJobExitHuponexit(t *testing.T) {
	p := jobShell(t, "--norc", "--noprofile", "-l", "-i")
	p.Run("shopt -s huponexit")
	p.Run("sleep 100 &")
	sl := p.child("sleep", "S")
	killAtEnd(t, sl.Pid)
	p.Line("logout")
	p.Wait(procWait)
	if !waitFor(procWait, func() bool { return gone(sl.Pid) }) {
		t.Fatal("huponexit: job still running")
	}
}

// The terminal hangs up: every job gets SIGHUP (stopped ones SIGCONT
// too) before gsh exits.
func TestPtyJobHangup(t *testing.T) {
	p := reapedShell(t)
	p.Run("sleep 100 &")
	bg := p.child("sleep", "S")
	p.Line("sleep 101")
	var st procInfo
	if !waitFor(procWait, func() bool {
		for _, s := range p.childrenNamed("sleep") {
			if s.Pid != bg.Pid {
				st = s
				return true
			}
		}
		return false
	}) {
		t.Fatal("sleep 101 did not start")
	}
	p.Send(CtrlZ)
	p.ExpectLit("Stopped")
	p.Prompt()
	p.Run("{ sleep 102; echo x; } &")
	var inproc procInfo
	if !waitFor(procWait, func() bool {
		for _, s := range p.childrenNamed("sleep") {
			if s.Pid != bg.Pid && s.Pid != st.Pid {
				inproc = s
				return true
			}
		}
		return false
	}) {
		t.Fatal("sleep 102 did not start")
	}
	pids := []int{bg.Pid, st.Pid, inproc.Pid}
	for _, pid := range pids {
		killAtEnd(t, pid)
	}
	syscall.Kill(p.Pid(), syscall.SIGHUP)
	ws := p.Wait(procWait)
	if !ws.Signaled() || ws.Signal() != syscall.SIGHUP {
		t.Fatalf("gsh ended with %v, want killed by SIGHUP", ws)
	}
	for _, pid := range pids {
		if !waitFor(procWait, func() bool { return gone(pid) }) {
			info, _ := readProc(pid)
			t.Fatalf("job process %d survived the hangup: state %c", pid, info.State)
		}
	}
}

// Item 11: 1,000 background jobs ending at once leave no zombie, and the
// job table then holds only live jobs.
func TestPtyJobThousand(t *testing.T) {
	p := jobShell(t)
	start := len(p.Output())
	p.Line("for i in $(seq 1000); do sleep 0.5 & done")
	p.ExpectWithin(`\[1000\] \d+\r\n`, time.Minute)
	p.Prompt()
	if !waitFor(time.Minute, func() bool { return len(p.childrenNamed("sleep")) == 0 }) {
		t.Fatalf("%d sleeps still running", len(p.childrenNamed("sleep")))
	}
	p.assertNoZombiesOrStopped()
	p.Run("jobs")
	// Each job is reported once: at a prompt or by jobs.
	if n := strings.Count(p.Output()[start:], "Done                    sleep 0.5\r\n"); n != 1000 {
		t.Fatalf("%d Done notices, want 1000", n)
	}
	p.RunExpect("jobs", "")

	// The same, waited for.
	p.Line("for i in $(seq 1000); do sleep 0.5 & done; wait; echo waited $?")
	p.ExpectWithin(`waited 0\r\n`, time.Minute)
	p.Prompt()
	p.assertNoZombiesOrStopped()
	p.RunExpect("jobs; echo $(jobs | wc -l)", "0\n")
	// The reaper has nothing left to track.
	if n := len(descendants(p.Pid())); n != 0 {
		t.Fatalf("%d processes below gsh", n)
	}
}

// Item 12: without job control (-c, scripts) & jobs are tracked for $!,
// wait and jobs, and ignore SIGINT and SIGQUIT.
func TestJobsWithoutJobControl(t *testing.T) {
	t.Parallel()
	bin, err := buildGsh()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ script, want string }{
		{`sleep 0.3 & jobs; wait $!; echo $?; jobs`, "[1]+  Running                 sleep 0.3 &\n0\n"},
		{`sh -c "exit 3" & wait $!; echo $?`, "3\n"},
		{`sh -c "exit 3" & p=$!; sleep 0.3; jobs; wait $p; echo $?`, "3\n"},
		{`{ sleep 0.1; exit 4; } & wait %1; echo $?`, "4\n"},
		{`f() { return 5; }; f & wait $!; echo $?`, "5\n"},
		{`sleep 100 & kill $!; wait $!; echo $?`, "143\n"},
		{`{ sleep 100; echo no; } & kill $!; wait $!; echo $?`, "143\n"},
		{`fg`, "gsh: line 1: fg: no job control\n"},
	} {
		out, err := runCmd(bin, "-c", c.script, "gsh")
		if err != nil || out != c.want {
			t.Errorf("%s:\n got %q (%v)\nwant %q", c.script, out, err, c.want)
		}
	}
	// SIGINT and SIGQUIT ignored, for direct and in-process jobs alike.
	out, err := runCmd(bin, "-c", `sleep 100 & { sleep 100; } & sleep 0.2
for p in $(ps -o pid= --ppid $$) $(ps -o pid= --ppid $(jobs -p | tail -1)); do
  [ "$(cat /proc/$p/comm 2>/dev/null)" = sleep ] && grep SigIgn /proc/$p/status
done; kill %1 %2`)
	ign := fmt.Sprintf("SigIgn:\t%016x\n", sigbit(syscall.SIGINT, syscall.SIGQUIT))
	if err != nil || out != ign+ign {
		t.Fatalf("background jobs without job control:\n got %q (%v)\nwant %q twice", out, err, ign)
	}
}

// A script with set -m reports its jobs between commands, as bash does.
func TestJobControlScriptNotices(t *testing.T) {
	t.Parallel()
	bin, err := buildGsh()
	if err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(bin, "-c", `set -m; sleep 0.1 & sleep 0.3; echo x; sleep 0.1 & sleep 0.3; jobs; echo y
sh -c "kill -TERM \$\$" & sleep 0.2; echo z; jobs`)
	want := "[1]+  Done                    sleep 0.1\nx\n[1]+  Done                    sleep 0.1\ny\n" +
		"[1]+  Terminated              sh -c \"kill -TERM \\$\\$\"\nz\n"
	if err != nil || out != want {
		t.Fatalf("got %q (%v)\nwant %q", out, err, want)
	}
}

// A script whose foreground child dies of the SIGINT that the script got
// too ends as if killed by it, as bash does; a child killed by a SIGINT
// of its own does not end the script.
func TestPtyJobScriptSigint(t *testing.T) {
	p := jobShell(t)
	bin, _ := buildGsh()
	p.Line(bin + ` -c 'sleep 100; echo aft""er'`)
	sl := p.child("sleep", "S")
	p.waitForeground(sl.Pgrp)
	p.Send(CtrlC)
	p.Prompt()
	if got := p.Run("echo $?"); got != "130\n" {
		t.Fatalf("status %q; output %q", got, p.Output())
	}
	p.Line(bin + ` -c 'sleep 100; echo aft""er'`)
	sl = p.child("sleep", "S")
	syscall.Kill(sl.Pid, syscall.SIGINT)
	p.ExpectLit("after\r\n")
	p.Prompt()
	p.RunExpect("echo $?", "0\n")
	if strings.Count(p.Output(), "after\r\n") != 1 {
		t.Fatalf("output:\n%q", p.Output())
	}
	p.assertNoZombiesOrStopped()
}
