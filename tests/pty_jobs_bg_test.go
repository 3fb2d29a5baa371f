package tests

import (
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// untilNotice runs empty command lines until a job notice matching re
// shows up before a prompt, and returns everything they printed after
// prior (output already seen, which may hold the notice).
func (p *ptyShell) untilNotice(re string, prior ...string) string {
	p.t.Helper()
	rx := regexp.MustCompile(re)
	out := strings.Join(prior, "")
	if !rx.MatchString(out) && !waitFor(procWait, func() bool {
		out += p.Run("")
		return rx.MatchString(out)
	}) {
		p.t.Fatalf("no notice matching %q; got %q", re, out)
	}
	return startNotice.ReplaceAllString(out, "")
}

// startNotice is the "[1] PID" line of `cmd &`.
var startNotice = regexp.MustCompile(`(?m)^\[\d+\] \d+\n`)

// Item 7: `cmd &` prints [n] PID, $! is that process, and the prompt
// after it ends says how it ended, in bash's words.
func TestPtyJobBackgroundNotices(t *testing.T) {
	p := jobShell(t)
	out := p.Run("sleep 1 &")
	sl := p.child("sleep", "SZ")
	if out != "[1] "+strconv.Itoa(sl.Pid)+"\n" {
		t.Fatalf("sleep 0.2 &: %q, sleep is %d", out, sl.Pid)
	}
	p.RunExpect("echo $!", strconv.Itoa(sl.Pid)+"\n")
	p.waitGone(sl.Pid)
	if out := p.untilNotice(`Done`); out != "[1]+  Done                    sleep 1\n" {
		t.Fatalf("Done notice: %q", out)
	}

	if out := p.untilNotice(`Exit`, p.Run("sh -c 'exit 3' &")); out != "[1]+  Exit 3                  sh -c 'exit 3'\n" {
		t.Fatalf("Exit notice: %q", out)
	}

	p.Run("sleep 100 &")
	sl = p.child("sleep", "S")
	p.RunExpect("kill -0 $! && echo alive", "alive\n")
	out = p.Run("kill %1")
	p.waitGone(sl.Pid)
	if out = p.untilNotice(`Terminated`, out); out != "[1]+  Terminated              sleep 100\n" {
		t.Fatalf("Terminated notice: %q", out)
	}

	p.Run("sleep 100 &")
	sl = p.child("sleep", "S")
	out = p.Run("kill -9 %1")
	p.waitGone(sl.Pid)
	if out = p.untilNotice(`Killed`, out); out != "[1]+  Killed                  sleep 100\n" {
		t.Fatalf("Killed notice: %q", out)
	}

	out = p.untilNotice(`Segmentation`, p.Run("sh -c 'ulimit -c unlimited 2>/dev/null; kill -SEGV $$' &"))
	if !regexp.MustCompile(`^\[1\]\+  Segmentation fault      (\(core dumped\) )?sh -c 'ulimit -c unlimited 2>/dev/null; kill -SEGV \$\$'\n$`).MatchString(out) {
		t.Fatalf("Segmentation fault notice: %q", out)
	}
	p.RunExpect("jobs", "")
	p.assertNoZombiesOrStopped()
}

// set -b reports at once, without waiting for the next prompt.
func TestPtyJobNotifyAtOnce(t *testing.T) {
	p := jobShell(t)
	p.Run("set -b")
	p.Run("sleep 0.2 &")
	p.ExpectLit("[1]+  Done                    sleep 0.2")
	p.RunExpect("jobs", "")
}

// Item 8: background compound jobs have a real PID in $!, and kill (by
// PID or job spec) ends all of them: nothing more of them runs.
func TestPtyJobBackgroundCompoundKill(t *testing.T) {
	p := jobShell(t)
	p.Run("f() { sleep 100; echo in''f; }")
	for _, c := range []struct{ start, kill string }{
		{"{ sleep 100; echo x''y; } &", "kill $!"},
		{"{ sleep 100; echo x''y; } &", "kill %1"},
		{"f &", "kill %1"},
		{"f | cat &", "kill $!"},
		{"f | cat &", "kill %1"},
	} {
		out := p.Run(c.start)
		pid := strings.TrimPrefix(strings.TrimSpace(out), "[1] ")
		if _, err := strconv.Atoi(pid); err != nil {
			t.Fatalf("%s: %q", c.start, out)
		}
		sl := p.child("sleep", "S")
		p.RunExpect("echo $! && kill -0 $! && echo alive", pid+"\nalive\n")
		out = p.Run(c.kill)
		p.waitGone(sl.Pid)
		out = p.untilNotice(`Terminated`, out)
		if !strings.HasPrefix(out, "[1]+  Terminated              ") || strings.Count(out, "\n") != 1 {
			t.Fatalf("%s; %s: %q", c.start, c.kill, out)
		}
		p.RunExpect("jobs", "")
		if n, _ := strconv.Atoi(pid); n > 0 {
			p.waitGone(n)
		}
	}
	time.Sleep(100 * time.Millisecond)
	if o := p.Output(); strings.Contains(o, "xy") || strings.Contains(o, "inf") {
		t.Fatalf("a killed job went on:\n%q", o)
	}
	p.assertNoZombiesOrStopped()
}

// kill -STOP stops all of a background job, a builtin loop included;
// kill -CONT resumes it.
func TestPtyJobBackgroundStopCont(t *testing.T) {
	p := jobShell(t)
	p.Run("while :; do :; done &")
	t0 := cpuTicks(p.Pid())
	if !waitFor(procWait, func() bool { return cpuTicks(p.Pid())-t0 > 10 }) {
		t.Fatal("the loop does not run")
	}
	out := p.untilNotice(`Stopped`, p.Run("kill -STOP %1"))
	if out != "[1]+  Stopped                 while :; do :; done\n" {
		t.Fatalf("notice after kill -STOP: %q", out)
	}
	time.Sleep(100 * time.Millisecond)
	t1 := cpuTicks(p.Pid())
	time.Sleep(300 * time.Millisecond)
	if d := cpuTicks(p.Pid()) - t1; d > 5 {
		t.Fatalf("stopped loop used %d ticks in 300 ms", d)
	}
	p.RunMatch("jobs -l", `^\[1\]\+ +\d+ Stopped \(signal\)        while :; do :; done\n$`)
	p.Run("kill -CONT %1")
	if !waitFor(procWait, func() bool { return cpuTicks(p.Pid())-t1 > 10 }) {
		t.Fatal("kill -CONT did not resume the loop")
	}
	p.RunExpect("jobs", "[1]+  Running                 while :; do :; done &\n")
	p.untilNotice(`Terminated`, p.Run("kill %1"))
	t2 := cpuTicks(p.Pid())
	time.Sleep(300 * time.Millisecond)
	if d := cpuTicks(p.Pid()) - t2; d > 5 {
		t.Fatalf("killed loop still uses CPU: %d ticks in 300 ms", d)
	}

	// A job with a process: all of it stops and continues.
	p.Run("{ sleep 100; echo x''y; } &")
	sl := p.child("sleep", "S")
	out = p.Run("kill -STOP %1")
	p.waitState(sl.Pid, "T")
	p.untilNotice(`Stopped`, out)
	p.Run("kill -CONT %1")
	p.waitState(sl.Pid, "S")
	p.RunExpect("jobs", "[1]+  Running                 { sleep 100; echo x''y; } &\n")
	out = p.Run("kill %1")
	p.waitGone(sl.Pid)
	p.untilNotice(`Terminated`, out)
	p.assertNoZombiesOrStopped()
}

// fg brings a background compound job to the terminal: Ctrl-Z stops all
// of it, and Ctrl-C ends all of it.
func TestPtyJobFgCompound(t *testing.T) {
	p := jobShell(t)
	p.Run("{ sleep 100; echo x''y; } &")
	sl := p.child("sleep", "S")
	p.Line("fg")
	p.ExpectLit("{ sleep 100; echo x''y; }\r\n")
	p.waitForeground(sl.Pgrp)
	p.Send(CtrlZ)
	p.ExpectLit("[1]+  Stopped                 { sleep 100; echo x''y; }\r\n")
	p.Prompt()
	p.waitState(sl.Pid, "T")
	p.Line("fg")
	p.ExpectLit("{ sleep 100; echo x''y; }\r\n")
	p.waitForeground(sl.Pgrp)
	p.waitState(sl.Pid, "S")
	p.Send(CtrlC)
	p.Prompt()
	p.waitGone(sl.Pid)
	p.RunExpect("echo $?; jobs", "130\n")
	if strings.Contains(p.Output(), "xy") {
		t.Fatal("the job went on after Ctrl-C")
	}
	p.assertNoZombiesOrStopped()
}

// wait -f waits for a stopped job to end, not to change state.
func TestPtyJobWaitForce(t *testing.T) {
	p := jobShell(t)
	p.Line("sleep 100")
	sl := p.child("sleep", "S")
	p.Send(CtrlZ)
	p.ExpectLit("Stopped")
	p.Prompt()
	p.Line("wait -f %1; echo sta''tus $?")
	p.ExpectLit("gsh: warning: wait_for_job: job 1 is stopped\r\n")
	time.Sleep(100 * time.Millisecond)
	if strings.Contains(p.Output(), "status ") {
		t.Fatal("wait -f returned while the job was only stopped")
	}
	syscall.Kill(sl.Pid, syscall.SIGKILL)
	p.ExpectLit("status 137\r\n")
	p.Prompt()
	p.RunExpect("jobs", "")
}
