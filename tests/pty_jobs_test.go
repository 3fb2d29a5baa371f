package tests

// Helpers for the job-control scenarios (pty_jobs_*_test.go): every
// scenario runs in parallel on its own pty, waits by polling /proc rather
// than sleeping, and kills whatever it left behind.

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// procWait bounds every poll of /proc: generous, for a loaded machine.
const procWait = 15 * time.Second

// jobShell starts an interactive gsh for a job-control scenario and waits
// for its first prompt. GSH in its environment names the gsh binary.
func jobShell(t *testing.T, args ...string) *ptyShell {
	t.Helper()
	t.Parallel()
	bin := ptyGsh(t)
	return jobSetUp(startPty(t, []string{"GSH=" + bin, "GOTRACEBACK=all"}, args...))
}

// jobSetUp adds a job scenario's clean-ups and waits for the first prompt.
func jobSetUp(p *ptyShell) *ptyShell {
	p.t.Helper()
	p.t.Cleanup(func() { killTree(p.Pid()) }) // runs before the harness's own clean-up
	p.t.Cleanup(func() { p.dumpIfFailed() })
	p.Prompt()
	return p
}

// reapedShell is jobShell (gsh --norc -i) started by TestHelperReaper,
// which leads the terminal's session and adopts orphans. When gsh exits,
// its jobs keep a parent in their session, so the kernel does not hang
// up the stopped ones as it does an orphaned process group: only gsh can
// have ended them.
func reapedShell(t *testing.T) *ptyShell {
	t.Helper()
	t.Parallel()
	bin := ptyGsh(t)
	home := t.TempDir()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	t.Cleanup(func() { r.Close() })
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperReaper$", "--", bin, "--norc", "-i")
	cmd.Env = ptyEnv(home, "GSH="+bin, "GOTRACEBACK=all", reaperEnv+"=1")
	cmd.ExtraFiles = []*os.File{w}
	p := startPtyCmd(t, cmd, home)
	w.Close()
	// The reaper reports gsh's pid, then its wait status.
	lines := make(chan int, 2)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			n, err := strconv.Atoi(sc.Text())
			if err != nil {
				n = -1
			}
			lines <- n
		}
		close(lines)
	}()
	select {
	case pid, ok := <-lines:
		if !ok || pid <= 0 {
			t.Fatalf("the reaper did not start gsh; output:\n%q", p.Output())
		}
		p.pid = pid
	case <-time.After(procWait):
		t.Fatalf("the reaper did not report gsh's pid; output:\n%q", p.Output())
	}
	p.relayed = make(chan syscall.WaitStatus, 1)
	go func() {
		if ws, ok := <-lines; ok {
			p.relayed <- syscall.WaitStatus(ws)
		}
	}()
	return jobSetUp(p)
}

// reaperEnv, set in its environment, makes the test binary the reaper.
const reaperEnv = "GSH_TEST_REAPER"

// TestHelperReaper is the reaper of reapedShell: the session leader of
// the pty and a child subreaper (PR_SET_CHILD_SUBREAPER), it runs gsh
// (the arguments after --), reports gsh's pid and then its wait status
// on fd 3, and reaps whatever it adopts until the test kills it.
func TestHelperReaper(t *testing.T) {
	if os.Getenv(reaperEnv) == "" {
		t.Skip("helper process")
	}
	report := os.NewFile(3, "report")
	syscall.CloseOnExec(3)
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, reaperEnv+"=") {
			env = append(env, e)
		}
	}
	args := flag.Args()
	gsh, err := os.StartProcess(args[0], args, &os.ProcAttr{Env: env, Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(report, gsh.Pid)
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, 0, nil)
		switch {
		case err == syscall.EINTR:
		case err != nil: // nothing left to reap
			time.Sleep(time.Hour)
			return
		case pid == gsh.Pid:
			fmt.Fprintln(report, uint32(ws))
		}
	}
}

// dumpIfFailed logs where gsh's goroutines are when a scenario failed
// (SIGABRT makes Go print them), to tell a hang from a wrong answer.
func (p *ptyShell) dumpIfFailed() {
	if !p.t.Failed() || p.exited {
		return
	}
	n := len(p.Output())
	syscall.Kill(p.Pid(), syscall.SIGABRT)
	select {
	case <-p.done:
	case <-time.After(2 * time.Second):
	}
	out := p.Output()[n:]
	if len(out) > 200000 {
		out = out[:200000]
	}
	p.t.Logf("gsh's goroutines at the failure:\n%s", strings.ReplaceAll(out, "\r\n", "\n"))
}

// startWrapped starts gsh on a pty through another program (argv), for
// start-up conditions that exec.Cmd cannot create directly. GSH in its
// environment names the gsh binary.
func startWrapped(t *testing.T, argv ...string) *ptyShell {
	t.Helper()
	bin := ptyGsh(t)
	home := t.TempDir()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = ptyEnv(home, "GSH="+bin)
	p := startPtyCmd(t, cmd, home)
	t.Cleanup(func() { killTree(p.Pid()) })
	return p
}

// killTree kills every descendant of pid (collected while pid still
// holds them) so that no scenario leaves processes behind.
func killTree(pid int) {
	for i := 0; i < 3; i++ {
		ds := descendants(pid)
		if len(ds) == 0 {
			return
		}
		for _, c := range ds {
			syscall.Kill(c, syscall.SIGKILL)
		}
		waitFor(2*time.Second, func() bool {
			for _, c := range ds {
				if info, ok := readProc(c); ok && info.State != 'Z' {
					return false
				}
			}
			return true
		})
	}
}

// ExpectLit waits for the literal text s.
func (p *ptyShell) ExpectLit(s string) string {
	p.t.Helper()
	return p.Expect(regexp.QuoteMeta(s))
}

// RunExpect runs a command line and fails unless its output is want.
func (p *ptyShell) RunExpect(cmd, want string) {
	p.t.Helper()
	if got := p.Run(cmd); got != want {
		p.t.Fatalf("%s:\n got %q\nwant %q", cmd, got, want)
	}
}

// RunMatch runs a command line and fails unless its output matches re.
func (p *ptyShell) RunMatch(cmd, re string) string {
	p.t.Helper()
	got := p.Run(cmd)
	if !regexp.MustCompile(re).MatchString(got) {
		p.t.Fatalf("%s:\n got %q\nwant match for %q", cmd, got, re)
	}
	return got
}

// child waits for a descendant of gsh running comm whose state is one of
// states, and returns it.
func (p *ptyShell) child(comm, states string) procInfo {
	p.t.Helper()
	var found procInfo
	ok := waitFor(procWait, func() bool {
		for _, c := range descendants(p.Pid()) {
			if info, ok := readProc(c); ok && info.Comm == comm && strings.IndexByte(states, info.State) >= 0 {
				found = info
				return true
			}
		}
		return false
	})
	if !ok {
		p.t.Fatalf("no %s process in state %s below gsh; output:\n%q", comm, states, p.Output())
	}
	return found
}

// childrenNamed returns the live descendants of gsh running comm.
func (p *ptyShell) childrenNamed(comm string) []procInfo {
	var out []procInfo
	for _, c := range descendants(p.Pid()) {
		if info, ok := readProc(c); ok && info.Comm == comm && info.State != 'Z' {
			out = append(out, info)
		}
	}
	return out
}

// waitState waits until pid is in one of states ("" accepts gone: a
// process that ended and was reaped).
func (p *ptyShell) waitState(pid int, states string) {
	p.t.Helper()
	var last procInfo
	ok := waitFor(procWait, func() bool {
		info, ok := readProc(pid)
		if !ok {
			return states == ""
		}
		last = info
		return strings.IndexByte(states, info.State) >= 0
	})
	if !ok {
		if states == "" {
			p.t.Fatalf("process %d (%s) did not go away: state %c", pid, last.Comm, last.State)
		}
		p.t.Fatalf("process %d (%s) state %c, want one of %q", pid, last.Comm, last.State, states)
	}
}

// waitGone waits until pid no longer exists (reaped).
func (p *ptyShell) waitGone(pid int) { p.t.Helper(); p.waitState(pid, "") }

// tpgid is the terminal's foreground process group, as the kernel has it.
func (p *ptyShell) tpgid() int {
	info, _ := readProc(p.Pid())
	return info.TPgid
}

// waitForeground waits until pgid owns the terminal.
func (p *ptyShell) waitForeground(pgid int) {
	p.t.Helper()
	if !waitFor(procWait, func() bool { return p.tpgid() == pgid }) {
		p.t.Fatalf("terminal's foreground group is %d, want %d", p.tpgid(), pgid)
	}
}

// termios reads the terminal's modes through the slave side.
func (p *ptyShell) termios() *unix.Termios {
	p.t.Helper()
	f, err := os.OpenFile(fmt.Sprintf("/proc/%d/fd/0", p.Pid()), os.O_RDONLY|unix.O_NOCTTY, 0)
	if err != nil {
		p.t.Fatalf("opening gsh's terminal: %v", err)
	}
	defer f.Close()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		p.t.Fatalf("TCGETS: %v", err)
	}
	return tio
}

// sigbit is sig's bit in /proc SigIgn, SigBlk, SigCgt masks.
func sigbit(sigs ...syscall.Signal) uint64 {
	var m uint64
	for _, s := range sigs {
		m |= 1 << (uint(s) - 1)
	}
	return m
}

// cpuTicks is the user+system CPU time of pid, in clock ticks.
func cpuTicks(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	var u, sy int64
	fmt.Sscan(f[11], &u)
	fmt.Sscan(f[12], &sy)
	return u + sy
}

// runCmd runs a program without a terminal (stdin /dev/null) and returns
// its combined output; it is killed, with its process group, after a
// minute.
func runCmd(bin string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "HOME=/"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	timer := time.AfterFunc(time.Minute, func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	defer timer.Stop()
	err := cmd.Wait()
	if _, ok := err.(*exec.ExitError); ok {
		err = nil // the status is for the caller to check through the output
	}
	return out.String(), err
}

// readsStdin reports whether pid is blocked in read(0, ...), from
// /proc/pid/syscall (the read system call's number depends on the
// architecture).
func readsStdin(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/syscall", pid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(data))
	nr := "0" // amd64
	if runtime.GOARCH == "arm64" {
		nr = "63"
	}
	return len(f) > 1 && f[0] == nr && f[1] == "0x0"
}

// childRunning waits for a descendant of gsh whose command line is argv
// (NUL-separated in /proc/pid/cmdline), in one of states.
func (p *ptyShell) childRunning(states string, argv ...string) procInfo {
	p.t.Helper()
	want := strings.Join(argv, "\x00") + "\x00"
	var found procInfo
	if !waitFor(procWait, func() bool {
		for _, c := range descendants(p.Pid()) {
			data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", c))
			if string(data) != want {
				continue
			}
			if info, ok := readProc(c); ok && strings.IndexByte(states, info.State) >= 0 {
				found = info
				return true
			}
		}
		return false
	}) {
		p.t.Fatalf("no %q in state %s below gsh", argv, states)
	}
	return found
}
