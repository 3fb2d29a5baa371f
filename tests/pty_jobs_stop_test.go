package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// Issue 3, item 2: Ctrl-Z, jobs, bg, fg, Ctrl-C.
func TestPtyJobCtrlZSleep(t *testing.T) {
	p := jobShell(t)
	p.Line("sleep 100")
	sl := p.child("sleep", "S")
	if sl.Pgrp == p.Pid() || sl.Pgrp != sl.Pid {
		t.Fatalf("sleep pgrp %d (pid %d, gsh %d): want a group of its own", sl.Pgrp, sl.Pid, p.Pid())
	}
	p.waitForeground(sl.Pgrp)

	p.Send(CtrlZ)
	p.ExpectLit("\r\n[1]+  Stopped                 sleep 100\r\n")
	p.Prompt()
	p.waitState(sl.Pid, "T")
	if p.tpgid() != p.Pid() {
		t.Fatalf("after Ctrl-Z the terminal belongs to %d, not gsh", p.tpgid())
	}
	p.RunExpect("echo $?", "148\n")
	p.RunExpect("jobs", "[1]+  Stopped                 sleep 100\n")

	p.RunExpect("bg", "[1]+ sleep 100 &\n")
	p.waitState(sl.Pid, "S")
	p.RunExpect("jobs", "[1]+  Running                 sleep 100 &\n")

	p.Line("fg")
	p.ExpectLit("fg\r\nsleep 100\r\n")
	p.waitForeground(sl.Pgrp)
	p.Send(CtrlC)
	p.Prompt()
	p.waitGone(sl.Pid)
	p.RunExpect("echo $?", "130\n")
	p.RunExpect("jobs", "")
	p.assertNoZombiesOrStopped()
}

// Ctrl-C ends the whole command line, not only its current process, and
// the shell lives on.
func TestPtyJobCtrlCList(t *testing.T) {
	p := jobShell(t)
	p.Line("sleep 100; echo aft''er")
	sl := p.child("sleep", "S")
	p.waitForeground(sl.Pgrp)
	p.Send(CtrlC)
	p.ExpectLit("^C\r\n")
	p.Prompt()
	p.RunExpect("echo $?", "130\n")
	// A builtin loop holds no process: the shell's own handler ends it.
	p.Line("while :; do :; done; echo aft''er")
	time.Sleep(50 * time.Millisecond)
	p.Send(CtrlC)
	p.ExpectLit("^C\r\n")
	p.Prompt()
	p.RunExpect("echo $?", "130\n")
	if strings.Contains(p.Output(), "after\r\n") {
		t.Fatalf("the rest of an interrupted line ran:\n%q", p.Output())
	}
	p.assertNoZombiesOrStopped()
}

// Item 3: a pipeline shares one process group, distinct from gsh's;
// Ctrl-Z stops every stage; kill %1 ends every stage.
func TestPtyJobPipelineGroup(t *testing.T) {
	p := jobShell(t)
	p.Line("sleep 100 | cat | sleep 101")
	a, b, c := p.childRunning("S", "sleep", "100"), p.childRunning("S", "cat"), p.childRunning("S", "sleep", "101")
	if a.Pgrp == p.Pid() || a.Pgrp != b.Pgrp || b.Pgrp != c.Pgrp {
		t.Fatalf("stage groups %d %d %d, gsh %d", a.Pgrp, b.Pgrp, c.Pgrp, p.Pid())
	}
	p.waitForeground(a.Pgrp)
	p.Send(CtrlZ)
	p.ExpectLit("[1]+  Stopped                 sleep 100 | cat | sleep 101\r\n")
	p.Prompt()
	for _, s := range []procInfo{a, b, c} {
		p.waitState(s.Pid, "T")
	}
	// bash's jobs -l: a line per process.
	gap := strings.Repeat(" ", 23) + "| "
	p.RunExpect("jobs -l", fmt.Sprintf("[1]+ %5d Stopped                 sleep 100\n     %5d%scat\n     %5d%ssleep 101\n", a.Pid, b.Pid, gap, c.Pid, gap))
	out := p.Run("kill %1")
	for _, s := range []procInfo{a, b, c} {
		p.waitGone(s.Pid)
	}
	out = p.untilNotice("Terminated", out)
	if out != "[1]+  Terminated              sleep 100 | cat | sleep 101\n" {
		t.Fatalf("notice after kill %%1: %q", out)
	}
	p.RunExpect("jobs", "")
	p.assertNoZombiesOrStopped()
}

// Item 4: what is typed reaches the foreground job; Ctrl-Z and fg in the
// middle lose nothing, typeahead included.
func TestPtyJobTypedInput(t *testing.T) {
	p := jobShell(t)
	p.Line("cat | wc -l")
	cat := p.child("cat", "S")
	p.waitForeground(cat.Pgrp)
	// Type a line once cat waits for one, and wait until cat has it
	// (rchar also counts what the loader read, hence the baseline).
	typed := func(s string) {
		t.Helper()
		if !waitFor(procWait, func() bool { return readsStdin(cat.Pid) }) {
			t.Fatalf("cat does not read its input")
		}
		base := readChars(cat.Pid)
		p.Send(s)
		if !waitFor(procWait, func() bool { return readChars(cat.Pid) >= base+int64(len(s)) }) {
			t.Fatalf("cat read %d bytes of %q", readChars(cat.Pid)-base, s)
		}
	}
	typed("one\r")
	typed("two\r")
	p.Send(CtrlZ)
	p.ExpectLit("[1]+  Stopped                 cat | wc -l\r\n")
	p.Prompt()
	p.waitState(cat.Pid, "T")
	p.Line("fg")
	p.ExpectLit("cat | wc -l\r\n")
	p.waitForeground(cat.Pgrp)
	typed("three\r")
	p.Send(CtrlD)
	p.Expect(`\b3\r\n`)
	p.Prompt()
	p.RunExpect("echo $?", "0\n")
	p.assertNoZombiesOrStopped()
}

// Item 5: a program's terminal modes are its own; the prompt gets the
// shell's back after Ctrl-Z and after a signal; fg restores the job's.
// The window size is read again after a job.
func TestPtyJobTerminalModes(t *testing.T) {
	p := jobShell(t)
	before := p.Run("stty -g")
	p.Line("sh -c 'stty -icanon -echo; exec sleep 100'")
	sl := p.child("sleep", "S")
	if m := p.termios(); m.Lflag&(unix.ECHO|unix.ICANON) != 0 {
		t.Fatalf("the job did not get its modes: lflag %#x", m.Lflag)
	}
	p.Send(CtrlZ)
	p.ExpectLit("Stopped")
	p.Prompt()
	if got := p.Run("stty -g"); got != before {
		t.Fatalf("modes after Ctrl-Z %q, want the shell's %q", got, before)
	}
	p.Line("fg")
	p.ExpectLit("exec sleep 100'\r\n")
	p.waitForeground(sl.Pgrp)
	if m := p.termios(); m.Lflag&(unix.ECHO|unix.ICANON) != 0 {
		t.Fatalf("fg did not give the job its modes back: lflag %#x", m.Lflag)
	}
	// A resize while the job runs reaches only the job; the shell reads
	// the size again when the job is over.
	if err := pty.Setsize(p.pty, &pty.Winsize{Rows: 30, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	p.Send(CtrlC)
	p.Prompt()
	p.waitGone(sl.Pid)
	if got := p.Run("stty -g"); got != before {
		t.Fatalf("modes after a job killed by SIGINT %q, want %q", got, before)
	}
	p.RunExpect("echo $COLUMNS $LINES", "100 30\n")

	// Killed by another signal while it had its own modes.
	p.Line("sh -c 'stty -icanon -echo; exec sleep 100'")
	sl = p.child("sleep", "S")
	p.waitForeground(sl.Pgrp)
	if m := p.termios(); m.Lflag&unix.ECHO != 0 {
		t.Fatalf("second job did not get its modes")
	}
	syscall.Kill(sl.Pid, syscall.SIGKILL)
	p.ExpectLit("Killed\r\n")
	p.Prompt()
	if got := p.Run("stty -g"); got != before {
		t.Fatalf("modes after a job killed by SIGKILL %q, want %q", got, before)
	}
	p.assertNoZombiesOrStopped()
}

// Item 6: Ctrl-Z suspends the rest of the command line.
func TestPtyJobStopsRestOfLine(t *testing.T) {
	p := jobShell(t)
	p.Line("sleep 0.4; echo aft''er")
	sl := p.child("sleep", "S")
	p.Send(CtrlZ)
	p.ExpectLit("[1]+  Stopped                 sleep 0.4; echo aft''er\r\n")
	p.Prompt()
	p.waitState(sl.Pid, "T")
	time.Sleep(700 * time.Millisecond) // longer than the sleep: nothing may run
	if strings.Contains(p.Output(), "after") {
		t.Fatalf("the rest of a stopped line ran:\n%q", p.Output())
	}
	p.Line("fg")
	p.ExpectLit("sleep 0.4; echo aft''er\r\nafter\r\n")
	p.Prompt()
	p.assertNoZombiesOrStopped()
}

// A stopped loop writes nothing more; bg finishes it in the background,
// with a Done notice.
func TestPtyJobStoppedLoopBg(t *testing.T) {
	p := jobShell(t)
	f := filepath.Join(p.home, "f")
	p.Line("for i in 1 2 3; do sleep 0.3; echo $i >> f; done")
	sl := p.child("sleep", "S")
	p.Send(CtrlZ)
	p.ExpectLit("[1]+  Stopped                 for i in 1 2 3; do")
	p.Prompt()
	p.waitState(sl.Pid, "T")
	time.Sleep(600 * time.Millisecond)
	if data, _ := os.ReadFile(f); len(data) != 0 {
		t.Fatalf("stopped loop wrote %q", data)
	}
	p.RunMatch("bg", `^\[1\]\+ for i in 1 2 3; do sleep 0\.3; echo \$i >> ?f; done &\n$`)
	if !waitFor(procWait, func() bool { data, _ := os.ReadFile(f); return string(data) == "1\n2\n3\n" }) {
		data, _ := os.ReadFile(f)
		t.Fatalf("f holds %q", data)
	}
	// The job's end is noticed at the next prompt.
	var out string
	waitFor(procWait, func() bool {
		out += p.Run("")
		return strings.Contains(out, "Done")
	})
	if !regexp.MustCompile(`^\[1\]\+  Done                    for i in 1 2 3; do .*; done\n$`).MatchString(out) {
		t.Fatalf("Done notice: %q", out)
	}
	p.RunExpect("jobs", "")
	p.assertNoZombiesOrStopped()
}

// The same for a function; and state changed before the stop stays in
// the shell, what the resumed job changes does not (fork semantics).
func TestPtyJobStoppedFunctionState(t *testing.T) {
	p := jobShell(t)
	if err := os.Mkdir(filepath.Join(p.home, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	p.Run("f() { sleep 0.3; echo in''-f; }")
	p.Line("f")
	sl := p.child("sleep", "S")
	p.Send(CtrlZ)
	p.ExpectLit("[1]+  Stopped                 f\r\n")
	p.Prompt()
	p.waitState(sl.Pid, "T")
	time.Sleep(500 * time.Millisecond)
	if strings.Contains(p.Output(), "in-f") {
		t.Fatal("stopped function went on")
	}
	p.Line("fg")
	p.ExpectLit("f\r\nin-f\r\n")
	p.Prompt()

	p.Line("cd sub; x=1; sleep 0.3; cd ..; x=2")
	sl = p.child("sleep", "S")
	p.Send(CtrlZ)
	p.ExpectLit("Stopped")
	p.Prompt()
	p.RunExpect("echo ${PWD##*/} $x", "sub 1\n")
	p.Line("fg")
	p.ExpectLit("x=2\r\n")
	p.Prompt()
	p.waitGone(sl.Pid)
	p.RunExpect("echo ${PWD##*/} $x", "sub 1\n")
	p.assertNoZombiesOrStopped()
}

// A builtin loop stopped with Ctrl-Z uses no CPU, and fg resumes it.
func TestPtyJobStopBuiltinLoop(t *testing.T) {
	p := jobShell(t)
	p.Line("while :; do :; done")
	time.Sleep(50 * time.Millisecond)
	p.Send(CtrlZ)
	p.ExpectLit("[1]+  Stopped                 while :; do :; done\r\n")
	p.Prompt()
	t0 := cpuTicks(p.Pid())
	time.Sleep(300 * time.Millisecond)
	if d := cpuTicks(p.Pid()) - t0; d > 5 {
		t.Fatalf("stopped loop used %d ticks in 300 ms", d)
	}
	p.Line("fg")
	p.ExpectLit("while :; do :; done\r\n")
	if !waitFor(procWait, func() bool { return cpuTicks(p.Pid())-t0 > 10 }) {
		t.Fatal("fg did not resume the loop")
	}
	p.Send(CtrlC)
	p.Prompt()
	p.RunExpect("jobs; echo ok", "ok\n")
}
