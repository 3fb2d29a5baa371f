package tests

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Issue 3, item 1: start-up takes a process group and the terminal, and
// catches the job-control signals without ignoring them; jobs start with
// nothing ignored or blocked.
func TestPtyJobStartupSignals(t *testing.T) {
	p := jobShell(t)
	info, _ := readProc(p.Pid())
	if info.Pgrp != p.Pid() || info.TPgid != p.Pid() {
		t.Fatalf("gsh pgrp %d, terminal foreground %d, want both %d", info.Pgrp, info.TPgid, p.Pid())
	}
	jc := sigbit(syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU)
	if info.SigCgt&jc != jc || info.SigIgn&jc != 0 {
		t.Fatalf("gsh SigCgt %x SigIgn %x: want INT QUIT TSTP TTIN TTOU caught, not ignored", info.SigCgt, info.SigIgn)
	}

	check := func(what string, c procInfo, ign uint64) {
		t.Helper()
		if c.SigIgn != ign || c.SigBlk != 0 {
			t.Fatalf("%s: SigIgn %x SigBlk %x, want SigIgn %x SigBlk 0", what, c.SigIgn, c.SigBlk, ign)
		}
		if c.Pgrp == p.Pid() {
			t.Fatalf("%s runs in gsh's process group", what)
		}
	}
	p.Line("sleep 100")
	fg := p.child("sleep", "S")
	check("foreground job", fg, 0)
	p.waitForeground(fg.Pgrp)
	p.Send(CtrlC)
	p.Prompt()
	p.waitGone(fg.Pid)

	p.Line("sleep 100 &")
	p.Prompt()
	check("background job", p.child("sleep", "S"), 0)
	p.RunMatch("kill %1; wait", `^\[1\]\+  Terminated              .*\n$`)

	p.Line("{ sleep 100; echo x; } &")
	p.Prompt()
	check("background compound job", p.child("sleep", "S"), 0)
	p.RunMatch("kill %1; wait", `^\[1\]\+  Terminated              .*\n$`)

	// trap '' is inherited, as POSIX wants.
	p.Line("trap '' USR1; sleep 100 &")
	p.Prompt()
	check("job after trap ''", p.child("sleep", "S"), sigbit(syscall.SIGUSR1))
	p.RunMatch("kill %1; wait", `^\[1\]\+  Terminated              .*\n$`)
	p.assertNoZombiesOrStopped()
}

// A signal ignored when gsh started stays ignored for its jobs. (Go lets
// a program see this for SIGHUP and SIGINT only: it installs its own
// handler over an inherited SIG_IGN of any other signal.)
func TestPtyJobStartupInheritedIgnore(t *testing.T) {
	t.Parallel()
	p := startWrapped(t, "/bin/sh", "-c", `trap "" INT HUP; exec "$GSH" --norc -i`)
	p.Prompt()
	p.Line("sleep 100")
	c := p.child("sleep", "S")
	if want := sigbit(syscall.SIGINT, syscall.SIGHUP); c.SigIgn != want {
		t.Fatalf("SigIgn %x, want %x", c.SigIgn, want)
	}
	p.Send(CtrlZ)
	p.ExpectLit("Stopped")
	p.Prompt()
	p.RunExpect("kill -9 %1", "")
}

// Started in its parent's process group, gsh moves to its own group and
// takes the terminal; on exit it gives the terminal back.
func TestPtyJobStartupOwnGroup(t *testing.T) {
	p := jobShell(t)
	p.Line(`sh -c '"$GSH" --norc -i; echo sh-resumed; read x; echo "read $x"'`)
	var inner procInfo
	if !waitFor(procWait, func() bool {
		for _, c := range p.childrenNamed("gsh") {
			// (Its parent is sh: a child of gsh named gsh is one not yet
			// exec'd.)
			if c.PPid != p.Pid() && c.Pgrp == c.Pid && c.TPgid == c.Pid {
				inner = c
				return true
			}
		}
		return false
	}) {
		t.Fatalf("inner gsh did not take its own group and the terminal")
	}
	p.Prompt()
	p.RunExpect("echo $$", strconv.Itoa(inner.Pid)+"\n")
	p.Line("exit")
	p.ExpectLit("sh-resumed")
	// sh reads from the terminal: it must be in the foreground again.
	p.Line("hello")
	p.ExpectLit("read hello")
	p.Prompt()
	p.assertNoZombiesOrStopped()
}

// Started in the background, gsh stops itself with SIGTTIN until it is
// brought to the foreground.
func TestPtyJobStartupInBackground(t *testing.T) {
	p := jobShell(t)
	bin, _ := buildGsh()
	p.Line(bin + " --norc -i &")
	out := p.Prompt()
	inner := p.child("gsh", "T")
	p.untilNotice(`Stopped`, out)
	if inner.Pgrp != inner.Pid || inner.TPgid == inner.Pgrp {
		t.Fatalf("inner gsh pgrp %d tpgid %d", inner.Pgrp, inner.TPgid)
	}
	p.RunExpect("jobs -l", "[1]+ "+fmt.Sprintf("%5d", inner.Pid)+" Stopped (tty input)     "+bin+" --norc -i\n")
	p.Line("fg")
	p.ExpectLit(bin + " --norc -i\r\n")
	p.waitForeground(inner.Pid)
	p.Prompt()
	p.RunExpect("echo $$", strconv.Itoa(inner.Pid)+"\n")
	p.Line("exit")
	p.Prompt()
	p.waitGone(inner.Pid)
	p.RunExpect("jobs", "")
	p.assertNoZombiesOrStopped()
}

// set -m turns job control on in a script; scripts and -c have it off.
func TestJobControlOffInScripts(t *testing.T) {
	t.Parallel()
	bin, err := buildGsh()
	if err != nil {
		t.Fatal(err)
	}
	run := func(script string) string {
		out, err := runCmd(bin, "-c", script)
		if err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
		return out
	}
	// Without job control a job stays in gsh's process group.
	out := run(`sleep 10 & ps -o pgid= -p $!; ps -o pgid= -p $$; kill $!`)
	f := strings.Fields(out)
	if len(f) != 2 || f[0] != f[1] {
		t.Fatalf("job and shell groups %q: want the same group", out)
	}
	out = run(`set -m; sleep 10 & ps -o pgid= -p $!; echo $!; kill $!`)
	f = strings.Fields(out)
	if len(f) < 2 || f[0] != f[1] {
		t.Fatalf("set -m: job group and pid %q: want a group of its own", out)
	}
	if got := run(`echo $-; set -m; echo $-`); !strings.Contains(strings.Split(got, "\n")[1], "m") || strings.Contains(strings.Split(got, "\n")[0], "m") {
		t.Fatalf("$- %q", got)
	}
}
