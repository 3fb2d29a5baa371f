package tests

// Command substitution of builtins and functions must cost no fork; only
// external commands inside it are forked. The test runs gsh under ptrace
// and counts the processes it creates (fork, vfork, and clone without
// CLONE_THREAD), ignoring the Go runtime's threads.

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// countForks runs gsh -c script under ptrace and returns how many
// processes gsh itself created, and what it wrote to stdout and stderr.
func countForks(t *testing.T, script string) (int, string) {
	t.Helper()
	if os.Getenv("GSH_TEST_SHELL") != "" {
		t.Skip("counts gsh's own forks")
	}
	bin, err := buildGsh()
	if err != nil {
		t.Fatalf("building gsh: %v", err)
	}
	// ptrace requests must come from the thread that attached.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cmd := exec.Command(bin, "-c", script)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Ptrace: true}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot trace (%v)", err)
	}
	pid := cmd.Process.Pid
	var ws syscall.WaitStatus
	if _, err := syscall.Wait4(pid, &ws, 0, nil); err != nil || !ws.Stopped() {
		t.Fatalf("tracee did not stop at exec: %v %v", err, ws)
	}
	const exitKill = 0x100000 // PTRACE_O_EXITKILL: no traced process outlives the test
	const opts = syscall.PTRACE_O_TRACEFORK | syscall.PTRACE_O_TRACEVFORK | syscall.PTRACE_O_TRACECLONE | exitKill
	if err := syscall.PtraceSetOptions(pid, opts); err != nil {
		t.Skipf("ptrace options refused: %v", err)
	}
	syscall.PtraceCont(pid, 0)
	forks := 0
	for {
		wpid, err := syscall.Wait4(-1, &ws, syscall.WALL, nil)
		if err != nil {
			break
		}
		if ws.Exited() || ws.Signaled() {
			if wpid == pid {
				break
			}
			continue
		}
		if !ws.Stopped() {
			continue
		}
		sig := ws.StopSignal()
		switch ws.TrapCause() {
		case syscall.PTRACE_EVENT_FORK, syscall.PTRACE_EVENT_VFORK:
			forks++
			sig = 0
		case syscall.PTRACE_EVENT_CLONE:
			// A thread, unless the new task is a process of its own.
			if msg, err := syscall.PtraceGetEventMsg(wpid); err == nil && isProcess(int(msg)) {
				forks++
			}
			sig = 0
		}
		if sig == syscall.SIGTRAP || sig == syscall.SIGSTOP {
			sig = 0 // stops caused by tracing, not real signals
		}
		syscall.PtraceCont(wpid, int(sig))
	}
	// Wait4 reaped gsh; cmd.Wait only collects the output now.
	cmd.Wait()
	return forks, out.String()
}

// isProcess reports whether tid is a thread-group leader (a process).
func isProcess(tid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(tid) + "/status")
	if err != nil {
		return false
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "Tgid:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n == tid
		}
	}
	return false
}

func TestCommandSubstitutionDoesNotFork(t *testing.T) {
	// The output shows the script ran (a broken one forks nothing either).
	n, out := countForks(t, `f() { echo "in $1"; }
i=0; while [ $i -lt 50 ]; do x=$(echo hi); y=$(f $i); z=$( (printf '%s' sub) ); i=$((i+1)); done
echo "$x $y $z"`)
	if n != 0 || out != "hi in 49 sub\n" {
		t.Errorf("builtins and functions in $(...) forked %d processes, want 0; output %q", n, out)
	}
	// External commands are forked, once each.
	if n, out := countForks(t, `x=$(/bin/true); y=$(echo a; /bin/true; echo b); echo "$x|$y"`); n != 2 || out != "|a\nb\n" {
		t.Errorf("two external commands in $(...) forked %d processes, want 2; output %q", n, out)
	}
}
