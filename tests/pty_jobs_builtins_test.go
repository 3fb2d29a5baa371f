package tests

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// Item 9: job specs and the errors bash gives for them (outputs checked
// against bash 5.2 by hand, with "bash:" for "gsh:").
func TestPtyJobSpecErrors(t *testing.T) {
	p := jobShell(t)
	for _, c := range []struct{ cmd, want string }{
		{"fg %5; echo $?", "gsh: fg: %5: no such job\n1\n"},
		{"bg %5; echo $?", "gsh: bg: %5: no such job\n1\n"},
		{"jobs %5; echo $?", "gsh: jobs: %5: no such job\n1\n"},
		{"kill %5; echo $?", "gsh: kill: %5: no such job\n1\n"},
		{"wait %5; echo $?", "gsh: wait: %5: no such job\n127\n"},
		{"disown %5; echo $?", "gsh: disown: %5: no such job\n1\n"},
		{"fg", "gsh: fg: current: no such job\n"},
		{"bg", "gsh: bg: current: no such job\n"},
		{"disown", "gsh: disown: current: no such job\n"},
		{"fg %-", "gsh: fg: %-: no such job\n"},
		{"fg %+; fg %%", "gsh: fg: %+: no such job\ngsh: fg: %%: no such job\n"},
		{"wait 1; echo $?", "gsh: wait: pid 1 is not a child of this shell\n127\n"},
		{"wait -n; echo $?", "127\n"},
		{"jobs -z", "gsh: jobs: -z: invalid option\njobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n"},
		{"wait -x", "gsh: wait: -x: invalid option\nwait: usage: wait [-fn] [-p var] [id ...]\n"},
		{"disown -x", "gsh: disown: -x: invalid option\ndisown: usage: disown [-h] [-ar] [jobspec ... | pid ...]\n"},
		{"suspend -x", "gsh: suspend: -x: invalid option\nsuspend: usage: suspend [-f]\n"},
	} {
		p.RunExpect(c.cmd, c.want)
	}

	p.Run("sleep 100 &")
	p.Run("sleep 200 &")
	a, b := p.childRunning("S", "sleep", "100"), p.childRunning("S", "sleep", "200")
	pa, pb := strconv.Itoa(a.Pid), strconv.Itoa(b.Pid)
	for _, c := range []struct{ cmd, want string }{
		{"jobs %sleep; echo $?", "gsh: jobs: sleep: ambiguous job spec\ngsh: jobs: %sleep: no such job\n1\n"},
		{"jobs %?0", "gsh: jobs: 0: ambiguous job spec\ngsh: jobs: %?0: no such job\n"},
		{"jobs %xyz; echo $?", "gsh: jobs: %xyz: no such job\n1\n"},
		{"jobs %?200 %?100", "[2]+  Running                 sleep 200 &\n[1]-  Running                 sleep 100 &\n"},
		{"jobs %- %+ %% %1 %2 %sleep\\ 2", "[1]-  Running                 sleep 100 &\n[2]+  Running                 sleep 200 &\n" +
			"[2]+  Running                 sleep 200 &\n[1]-  Running                 sleep 100 &\n" +
			"[2]+  Running                 sleep 200 &\n[2]+  Running                 sleep 200 &\n"},
		{"jobs -p", pa + "\n" + pb + "\n"},
		{"jobs -l", fmt.Sprintf("[1]- %5d Running                 sleep 100 &\n[2]+ %5d Running                 sleep 200 &\n", a.Pid, b.Pid)},
		{"jobs -r", "[1]-  Running                 sleep 100 &\n[2]+  Running                 sleep 200 &\n"},
		{"jobs -s; echo s", "s\n"},
		{"jobs -x echo %1 %2 x", pa + " " + pb + " x\n"},
		{"bg %1; echo $?", "gsh: bg: job 1 already in background\n0\n"},
		// -n: only what changed since it was last reported.
		{"jobs -n; echo n", "n\n"},
	} {
		p.RunExpect(c.cmd, c.want)
	}
	// kill's ways of naming a signal.
	out := p.Run("kill -s STOP %1")
	p.waitState(a.Pid, "T")
	p.untilNotice(`Stopped`, out)
	p.RunExpect("jobs -n; echo n", "n\n")
	p.RunExpect("jobs -s", "[1]+  Stopped                 sleep 100\n")
	p.RunExpect("jobs -r", "[2]-  Running                 sleep 200 &\n")
	p.RunExpect("jobs -l %1", fmt.Sprintf("[1]+ %5d Stopped (signal)        sleep 100\n", a.Pid))
	out = p.Run("kill -n 18 %1; kill -SIGSTOP %2")
	p.waitState(a.Pid, "S")
	p.waitState(b.Pid, "T")
	if out = p.untilNotice("Stopped", out); out != "[2]+  Stopped                 sleep 200\n" {
		t.Fatalf("notice after kill -SIGSTOP %%2: %q", out)
	}
	p.RunExpect("kill -CONT "+pb, "")
	p.waitState(b.Pid, "S")
	p.RunExpect("kill -l 15 143 SIGKILL", "TERM\nTERM\n9\n")
	errs := "gsh: kill: 99: invalid signal specification\ngsh: kill: FOO: invalid signal specification\n" +
		"gsh: kill: FOO: invalid signal specification\ngsh: kill: abc: arguments must be process or job IDs\n" +
		"gsh: kill: abc: arguments must be process or job IDs\n"
	out = p.Run("kill -l 99; kill -s FOO 1; kill -FOO 1; kill abc; kill %1 abc")
	if !strings.HasPrefix(out, errs) {
		t.Fatalf("kill errors: %q", out)
	}
	p.waitGone(a.Pid)
	out = p.untilNotice(`Terminated`, strings.TrimPrefix(out, errs))
	if out != "[1]-  Terminated              sleep 100\n" {
		t.Fatalf("after kill %%1: %q", out)
	}
	p.RunExpect("kill -9 "+pb+"; wait "+pb+"; echo $?", "[2]+  Killed                  sleep 200\n137\n")
	p.RunExpect("jobs", "")
	p.assertNoZombiesOrStopped()
}

// fg and bg with specs; wait's statuses; Done jobs leave the table.
func TestPtyJobFgBgWait(t *testing.T) {
	p := jobShell(t)
	p.Line("sleep 100")
	a := p.childRunning("S", "sleep", "100")
	p.Send(CtrlZ)
	p.ExpectLit("[1]+  Stopped                 sleep 100\r\n")
	p.Prompt()
	p.Line("sleep 200")
	b := p.childRunning("S", "sleep", "200")
	p.Send(CtrlZ)
	p.ExpectLit("[2]+  Stopped                 sleep 200\r\n")
	p.Prompt()
	p.RunExpect("jobs", "[1]-  Stopped                 sleep 100\n[2]+  Stopped                 sleep 200\n")
	p.RunExpect("bg %1 %2", "[1]- sleep 100 &\n[2]+ sleep 200 &\n")
	p.waitState(a.Pid, "S")
	p.waitState(b.Pid, "S")
	p.Line("fg %?100")
	p.ExpectLit("sleep 100\r\n")
	p.waitForeground(a.Pgrp)
	p.Send(CtrlZ)
	p.ExpectLit("[1]+  Stopped                 sleep 100\r\n")
	p.Prompt()
	// wait on a stopped job returns at once, as bash's does.
	p.RunExpect("wait %1; echo $?", "gsh: warning: wait_for_job: job 1 is stopped\n148\n")
	// wait for all skips a stopped job; Ctrl-C ends the wait (and the line).
	p.Line("wait; echo $?")
	p.ExpectLit("gsh: wait: warning: job 1[" + strconv.Itoa(a.Pid) + "] stopped\r\n")
	p.Send(CtrlC)
	p.Prompt()
	p.RunExpect("echo $?", "130\n")
	p.RunExpect("kill %2; wait %2; echo $?", "[2]-  Terminated              sleep 200\n143\n")
	p.RunExpect("jobs", "[1]+  Stopped                 sleep 100\n")
	p.RunExpect("kill %1; wait %1; echo $?", "[1]+  Terminated              sleep 100\n143\n")

	// wait -n, -p, statuses of jobs that are already gone, unknown PIDs.
	out := startNotice.ReplaceAllString(p.Run(`sh -c "exit 7" & sh -c "sleep 0.3; exit 5" & wait -n; echo $?; wait -n; echo $?; wait -n; echo $?`), "")
	if want := "[1]-  Exit 7                  sh -c \"exit 7\"\n7\n[2]+  Exit 5                  sh -c \"sleep 0.3; exit 5\"\n5\n127\n"; out != want {
		t.Fatalf("wait -n:\n got %q\nwant %q", out, want)
	}
	out = p.Run(`sh -c "exit 6" & p=$! && wait -p v -n; echo $? $v $p`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	f := strings.Fields(lines[len(lines)-1])
	if len(f) != 3 || f[0] != "6" || f[1] != f[2] {
		t.Fatalf("wait -p: %q", out)
	}
	out = p.Run(`sh -c "exit 4" & p=$! && sleep 0.3`)
	p.Run("")
	p.RunExpect(`wait $p; echo $?`, "4\n")
	p.RunExpect(`wait $p; echo $?`, "gsh: wait: pid "+strings.Fields(strings.Split(out, "\n")[0])[1]+" is not a child of this shell\n127\n")
	p.RunExpect("jobs", "")
	p.assertNoZombiesOrStopped()
}

// disown with -h -a -r, and by PID.
func TestPtyJobDisown(t *testing.T) {
	p := jobShell(t)
	p.Run("sleep 100 &")
	p.Run("sleep 200 &")
	p.Run("sleep 300 &")
	p.untilNotice("Stopped", p.Run("kill -STOP %1"))
	p.RunExpect("disown -h %2; jobs", "[1]+  Stopped                 sleep 100\n[2]   Running                 sleep 200 &\n[3]-  Running                 sleep 300 &\n")
	p.RunExpect("disown -r; jobs", "[1]+  Stopped                 sleep 100\n")
	sl := p.childrenNamed("sleep")
	if len(sl) != 3 {
		t.Fatalf("disowned jobs must go on running: %v", sl)
	}
	var stopped procInfo
	for _, s := range sl {
		if s.State == 'T' {
			stopped = s
		}
	}
	p.RunExpect("disown -a; jobs", fmt.Sprintf("gsh: warning: deleting stopped job 1 with process group %d\n", stopped.Pgrp))
	p.Run("sleep 400 &")
	s4 := p.childRunning("S", "sleep", "400")
	p.RunExpect("disown "+strconv.Itoa(s4.Pid)+"; jobs; disown 1; echo $?", "gsh: disown: 1: no such job\n1\n")
	// The disowned are still reaped when they end.
	for _, s := range p.childrenNamed("sleep") {
		p.RunExpect("kill -9 "+strconv.Itoa(s.Pid), "")
		p.waitGone(s.Pid)
	}
	p.assertNoZombiesOrStopped()
}

// suspend stops the shell (its parent sees it stopped) unless it is a
// login shell and -f is not given.
func TestPtyJobSuspend(t *testing.T) {
	p := jobShell(t)
	bin, _ := buildGsh()
	p.Line(bin + " --norc -i")
	var inner procInfo
	if !waitFor(procWait, func() bool {
		for _, c := range p.childrenNamed("gsh") {
			if c.PPid == p.Pid() && c.TPgid == c.Pid {
				inner = c
				return true
			}
		}
		return false
	}) {
		t.Fatal("inner gsh did not start")
	}
	p.Prompt()
	p.Line("suspend")
	p.ExpectLit("[1]+  Stopped                 " + bin + " --norc -i\r\n")
	p.Prompt()
	p.waitState(inner.Pid, "T")
	p.Line("fg")
	p.ExpectLit(bin + " --norc -i\r\n")
	p.waitForeground(inner.Pid)
	p.Prompt() // suspend returned: the inner shell prompts again
	p.RunExpect("echo $$", strconv.Itoa(inner.Pid)+"\n")
	p.Line("exit")
	p.Prompt()
	p.waitGone(inner.Pid)

	p.Line(bin + " --norc --noprofile -l -i")
	p.Prompt()
	p.RunExpect("suspend; echo $?", "gsh: suspend: cannot suspend a login shell\n1\n")
	p.Line("suspend -f")
	p.ExpectLit("Stopped")
	p.Prompt()
	p.Line("fg")
	p.Prompt()
	p.Line("logout")
	p.Prompt()
	p.RunExpect("jobs", "")
	p.assertNoZombiesOrStopped()
}

// kill -l and kill -L list the signals in bash's layout.
func TestKillList(t *testing.T) {
	t.Parallel()
	bin, err := buildGsh()
	if err != nil {
		t.Fatal(err)
	}
	l, _ := runCmd(bin, "-c", "kill -l")
	L, _ := runCmd(bin, "-c", "kill -L")
	lines := strings.Split(l, "\n")
	if l != L || len(lines) != 14 ||
		lines[0] != " 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP" ||
		lines[6] != "31) SIGSYS\t34) SIGRTMIN\t35) SIGRTMIN+1\t36) SIGRTMIN+2\t37) SIGRTMIN+3" ||
		lines[12] != "63) SIGRTMAX-1\t64) SIGRTMAX\t" {
		t.Fatalf("kill -l:\n%q\nkill -L:\n%q", l, L)
	}
}

// A job started in another directory says where: "(wd: ~)".
func TestPtyJobWorkingDir(t *testing.T) {
	p := jobShell(t)
	p.Run("mkdir sub")
	p.Run("sleep 100 &")
	p.RunExpect("cd sub && jobs", "[1]+  Running                 sleep 100 &  (wd: ~)\n")
	p.RunExpect("cd .. && jobs", "[1]+  Running                 sleep 100 &\n")
	p.RunMatch("cd sub && kill %1 && wait", `^\[1\]\+  Terminated              sleep 100  \(wd: ~\)\n$`)
}
