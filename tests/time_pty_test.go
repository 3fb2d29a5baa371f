package tests

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A timed job stopped with Ctrl-Z and resumed with fg reports when it
// ends, its real time including the time it was stopped. (bash 5.2
// prints its report at the stop instead; gsh's command line stops and
// resumes as a whole, as in zsh.)
func TestPtyTimeStoppedAndResumed(t *testing.T) {
	p := startPty(t, []string{"TIMEFORMAT=R=%3R"})
	p.Prompt()
	p.Line("time cat")
	var cat procInfo
	if !waitFor(5*time.Second, func() bool {
		var ok bool
		cat, ok = childByComm(p.Pid(), "cat")
		return ok && cat.TPgid == cat.Pgrp
	}) {
		t.Fatalf("cat did not start in the foreground; output %q", p.Output())
	}
	p.Send(CtrlZ)
	p.Expect(`Stopped`)
	p.Prompt()
	stopped := time.Now()
	time.Sleep(1200 * time.Millisecond)
	if strings.Contains(p.Output(), "R=") {
		t.Fatalf("report printed while the job was stopped: %q", p.Output())
	}
	p.Line("fg")
	if !waitFor(5*time.Second, func() bool {
		info, ok := readProc(cat.Pid)
		return ok && info.State != 'T' && info.TPgid == info.Pgrp
	}) {
		t.Fatalf("cat not resumed in the foreground; output %q", p.Output())
	}
	p.Send(CtrlD)
	m := regexp.MustCompile(`R=(\d+\.\d+)`).FindStringSubmatch(p.Expect(`R=\d+\.\d+`))
	real, _ := strconv.ParseFloat(m[1], 64)
	if pause := time.Since(stopped).Seconds(); real < 1.2 || real < pause-0.5 {
		t.Errorf("real %.3f s does not include the %.1f s stopped", real, pause)
	}
	p.Prompt()
	p.assertNoZombiesOrStopped()
}

// REPORTTIME (seconds of CPU) and REPORTMEMORY (KB of max RSS) print the
// time report after a foreground command line that exceeded them.
func TestPtyReportTimeAndMemory(t *testing.T) {
	h := timeHelper(t)
	p := startPty(t, []string{"TIMEFORMAT=REPORT u=%3U m=%M", "H=" + h})
	p.Prompt()
	p.Run("REPORTTIME=0.1")
	out := p.Run("$H burn 300")
	if m := regexp.MustCompile(`REPORT u=(\d+\.\d+) m=\d+`).FindStringSubmatch(out); m == nil || m[1] < "0.250" {
		t.Errorf("no report after 0.3 s of CPU: %q", out)
	}
	if out := p.Run("$H burn 10; echo small"); strings.Contains(out, "REPORT") {
		t.Errorf("report below REPORTTIME: %q", out)
	}
	// The shell's own work counts too: a loop that runs until the shell
	// has used 0.3 s more CPU (utime+stime of /proc/$$/stat, in ticks of
	// 1/100 s on Linux), however fast or loaded the machine.
	out = p.Run(`read -ra f </proc/$$/stat; s=$((f[13]+f[14])); ` +
		`while read -ra f </proc/$$/stat; ((f[13]+f[14]-s < 30)); do :; done`)
	if !strings.Contains(out, "REPORT") {
		t.Errorf("no report after a shell loop used 0.3 s of CPU: %q", out)
	}
	p.Run("unset REPORTTIME; REPORTMEMORY=40000")
	out = p.Run("$H mem 64 | cat")
	m := regexp.MustCompile(`REPORT u=\S+ m=(\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no report after 64 MiB: %q", out)
	}
	if kb, _ := strconv.Atoi(m[1]); kb < 64<<10 {
		t.Errorf("reported max RSS %d KB for 64 MiB", kb)
	}
	if out := p.Run("$H mem 1"); strings.Contains(out, "REPORT") {
		t.Errorf("report below REPORTMEMORY: %q", out)
	}
	if out := p.Run("$H burn 300"); strings.Contains(out, "REPORT") {
		t.Errorf("report with REPORTTIME unset: %q", out)
	}
	// An explicit time reports once.
	p.Run("REPORTMEMORY=0")
	if out := p.Run("time true"); strings.Count(out, "REPORT") != 1 {
		t.Errorf("time under REPORTMEMORY=0: %q", out)
	}
}
