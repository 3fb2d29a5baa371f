package tests

// Pseudo-terminal harness: start gsh on a pty as a person would, press
// keys, wait for output, and read the kernel's view of its processes in
// /proc. Scenario tests live in pty_*_test.go files.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// Keys a person presses.
const (
	CtrlC = "\x03"
	CtrlD = "\x04"
	CtrlZ = "\x1a"
)

// ptyShell is a gsh running on a pseudo-terminal.
type ptyShell struct {
	t    *testing.T
	cmd  *exec.Cmd // what runs on the pty: gsh, or a program that starts it
	pid  int       // gsh's process ID
	pty  *os.File
	home string

	// relayed carries gsh's wait status when cmd is not gsh itself but
	// the reaper that started it (reapedShell); nil otherwise.
	relayed chan syscall.WaitStatus
	exited  bool // Wait has returned gsh's status

	mu   sync.Mutex
	out  bytes.Buffer // everything gsh wrote
	seen int          // offset up to which expect has consumed output
	done chan struct{}
}

// startPty starts gsh in interactive mode on a new pty with a controlled
// environment; PS1 is "$ " so that prompts are easy to wait for. extra
// are additional NAME=value environment entries; args are gsh's options.
func startPty(t *testing.T, extra []string, args ...string) *ptyShell {
	t.Helper()
	bin := ptyGsh(t)
	home := t.TempDir()
	if len(args) == 0 {
		args = []string{"--norc", "-i"}
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = ptyEnv(home, extra...)
	return startPtyCmd(t, cmd, home)
}

// ptyGsh returns the gsh binary for a pty scenario, which runs against
// gsh only.
func ptyGsh(t *testing.T) string {
	t.Helper()
	if os.Getenv("GSH_TEST_SHELL") != "" {
		t.Skip("pty scenarios run against gsh only")
	}
	bin, err := buildGsh()
	if err != nil {
		t.Fatalf("building gsh: %v", err)
	}
	return bin
}

// ptyEnv is the harness's default environment for a shell in home, with
// extra NAME=value entries after it.
func ptyEnv(home string, extra ...string) []string {
	return append([]string{
		"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home, "LC_ALL=C", "LANG=C",
		"TERM=xterm", "USER=tester", "PS1=$ ", "PS2=> ", "HISTFILE=" + filepath.Join(home, ".gsh_history"),
	}, extra...)
}

// startPtyCmd starts cmd, in directory home, as the session leader of a
// new 80x24 pty, and reads its output; the test's end kills whatever of
// it is left.
func startPtyCmd(t *testing.T, cmd *exec.Cmd, home string) *ptyShell {
	t.Helper()
	cmd.Dir = home
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatalf("starting %v on a pty: %v", cmd.Args, err)
	}
	p := &ptyShell{t: t, cmd: cmd, pid: cmd.Process.Pid, pty: f, home: home, done: make(chan struct{})}
	go p.readLoop()
	t.Cleanup(p.cleanup)
	return p
}

func (p *ptyShell) readLoop() {
	defer close(p.done)
	buf := make([]byte, 4096)
	for {
		n, err := p.pty.Read(buf)
		if n > 0 {
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// Pid is gsh's process ID.
func (p *ptyShell) Pid() int { return p.pid }

// Send writes keys to the terminal.
func (p *ptyShell) Send(s string) {
	p.t.Helper()
	if _, err := p.pty.WriteString(s); err != nil {
		p.t.Fatalf("writing to pty: %v", err)
	}
}

// Line sends a command line and Enter.
func (p *ptyShell) Line(s string) { p.t.Helper(); p.Send(s + "\r") }

// Output returns everything written so far.
func (p *ptyShell) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// Expect waits until output not yet consumed matches re, and consumes it
// up to the end of the match. It returns the consumed text.
func (p *ptyShell) Expect(re string) string {
	p.t.Helper()
	return p.ExpectWithin(re, 10*time.Second)
}

// ExpectWithin is Expect with a deadline.
func (p *ptyShell) ExpectWithin(re string, d time.Duration) string {
	p.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(d)
	for {
		p.mu.Lock()
		rest := p.out.String()[p.seen:]
		if loc := rx.FindStringIndex(rest); loc != nil {
			p.seen += loc[1]
			p.mu.Unlock()
			return rest[:loc[1]]
		}
		p.mu.Unlock()
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out waiting for %q; unconsumed output:\n%q", re, rest)
		}
		select {
		case <-p.done:
			p.mu.Lock()
			rest = p.out.String()[p.seen:]
			p.mu.Unlock()
			if loc := rx.FindStringIndex(rest); loc != nil {
				p.seen += loc[1]
				return rest[:loc[1]]
			}
			p.t.Fatalf("gsh exited while waiting for %q; unconsumed output:\n%q", re, rest)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Prompt waits for the next "$ " prompt.
func (p *ptyShell) Prompt() string { p.t.Helper(); return p.Expect(`\$ $|\$ `) }

// Run sends a command line and returns its output up to the next prompt.
func (p *ptyShell) Run(cmd string) string {
	p.t.Helper()
	p.Line(cmd)
	out := p.Expect(`\r?\n((?s).*?)\$ `)
	out = strings.TrimSuffix(out, "$ ")
	// Drop the echo of the command line itself.
	if i := strings.Index(out, "\n"); i >= 0 {
		out = out[i+1:]
	}
	return strings.ReplaceAll(out, "\r\n", "\n")
}

// Wait waits for gsh to exit and returns its wait status.
func (p *ptyShell) Wait(d time.Duration) syscall.WaitStatus {
	p.t.Helper()
	ch := p.relayed
	if ch == nil {
		c := make(chan syscall.WaitStatus, 1)
		go func() {
			p.cmd.Wait()
			c <- p.cmd.ProcessState.Sys().(syscall.WaitStatus)
		}()
		ch = c
	}
	select {
	case ws := <-ch:
		p.exited = true
		return ws
	case <-time.After(d):
		p.t.Fatalf("gsh did not exit within %v; output:\n%q", d, p.Output())
	}
	return 0
}

// cleanup kills what runs on the pty and everything below it (gsh's
// orphans included, when a reaper adopted them).
func (p *ptyShell) cleanup() {
	if p.cmd.ProcessState == nil {
		top := p.cmd.Process.Pid
		syscall.Kill(-top, syscall.SIGKILL)
		for _, c := range descendants(top) {
			syscall.Kill(c, syscall.SIGKILL)
		}
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
	p.pty.Close()
}

// procInfo is what /proc/PID/stat and /proc/PID/status say of a process.
type procInfo struct {
	Pid, PPid, Pgrp, Session, TPgid int
	State                           byte   // R S D T Z ...
	Comm                            string // executable name
	SigIgn, SigBlk, SigCgt          uint64
}

// readProc reads /proc/pid; ok is false if the process is gone.
func readProc(pid int) (procInfo, bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procInfo{}, false
	}
	s := string(data)
	open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || close < 0 {
		return procInfo{}, false
	}
	fields := strings.Fields(s[close+2:])
	info := procInfo{Pid: pid, Comm: s[open+1 : close], State: fields[0][0]}
	info.PPid, _ = strconv.Atoi(fields[1])
	info.Pgrp, _ = strconv.Atoi(fields[2])
	info.Session, _ = strconv.Atoi(fields[3])
	info.TPgid, _ = strconv.Atoi(fields[5])
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			k, v, ok := strings.Cut(line, ":\t")
			if !ok {
				continue
			}
			n, _ := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			switch k {
			case "SigIgn":
				info.SigIgn = n
			case "SigBlk":
				info.SigBlk = n
			case "SigCgt":
				info.SigCgt = n
			}
		}
	}
	return info, true
}

// readChars is how many bytes pid has read (rchar of /proc/pid/io), or
// -1 if it is gone.
func readChars(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "rchar: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return -1
}

// children returns the direct children of pid.
func children(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, tf := range tasks {
		data, err := os.ReadFile(tf)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(data)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// descendants returns every process below pid.
func descendants(pid int) []int {
	var out []int
	for _, c := range children(pid) {
		out = append(out, c)
		out = append(out, descendants(c)...)
	}
	return out
}

// waitFor polls cond until it is true or d passes.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return cond()
}

// childByComm finds a descendant of pid running the named program.
func childByComm(pid int, comm string) (procInfo, bool) {
	for _, c := range descendants(pid) {
		if info, ok := readProc(c); ok && info.Comm == comm {
			return info, true
		}
	}
	return procInfo{}, false
}

// assertNoZombiesOrStopped fails if any descendant of gsh is a zombie
// or stopped (checked after a scenario ends, with a grace period).
func (p *ptyShell) assertNoZombiesOrStopped() {
	p.t.Helper()
	var bad []string
	ok := waitFor(2*time.Second, func() bool {
		bad = bad[:0]
		for _, c := range descendants(p.Pid()) {
			if info, ok := readProc(c); ok && (info.State == 'Z' || info.State == 'T') {
				bad = append(bad, fmt.Sprintf("%d %s state %c", c, info.Comm, info.State))
			}
		}
		return len(bad) == 0
	})
	if !ok {
		p.t.Errorf("processes left behind: %v", bad)
	}
}

func TestPtySmoke(t *testing.T) {
	p := startPty(t, nil)
	p.Prompt()
	if out := p.Run("echo hello"); !strings.Contains(out, "hello") {
		t.Fatalf("echo output %q", out)
	}
	p.Line("exit")
	ws := p.Wait(5 * time.Second)
	if !ws.Exited() || ws.ExitStatus() != 0 {
		t.Fatalf("exit status %v", ws)
	}
}
