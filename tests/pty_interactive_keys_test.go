package tests

import (
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Ctrl-C discards the line being typed: ^C, a new prompt, $? 130.
func TestPtyCtrlC(t *testing.T) {
	s := startIsh(t, nil)
	s.typeKeys("echo never", CtrlC)
	out := clean(s.waitPrompt())
	if !strings.Contains(out, "echo never^C\n") {
		t.Fatalf("Ctrl-C output %q", out)
	}
	if out := s.run("echo $?"); out != "130\n" {
		t.Fatalf("$? after Ctrl-C: %q", out)
	}
	// In a reverse search and in a completion listing too.
	s.typeKeys(ctrlR, "ec", CtrlC)
	s.waitPrompt()
	s.typeKeys("ls /", tab, tab, CtrlC)
	s.waitPrompt()
	if out := s.run("echo ok"); out != "ok\n" {
		t.Fatalf("after Ctrl-C in search/listing: %q", out)
	}
}

// Ctrl-D on a non-empty line deletes the character under the cursor; on
// an empty line it exits.
func TestPtyCtrlD(t *testing.T) {
	s := startIsh(t, nil)
	s.typeKeys("echo abXc", left, left, CtrlD, "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nabc\n") {
		t.Fatalf("Ctrl-D in a line: %q", out)
	}
	s.Send(CtrlD)
	ws := s.Wait(10 * time.Second)
	if !ws.Exited() || ws.ExitStatus() != 0 {
		t.Fatalf("exit status %v", ws)
	}
	if !strings.Contains(clean(s.Output()), "exit\n") {
		t.Fatalf("no exit message: %q", clean(s.Output()))
	}
}

// Ctrl-D with a stopped job warns once, then exits.
func TestPtyCtrlDStoppedJobs(t *testing.T) {
	s := startIsh(t, nil)
	s.Line("sleep 30")
	waitFor(5*time.Second, func() bool { _, ok := childByComm(s.Pid(), "sleep"); return ok })
	time.Sleep(50 * time.Millisecond)
	s.Send(CtrlZ)
	s.waitPrompt()
	s.Send(CtrlD)
	if out := clean(s.waitPrompt()); !strings.Contains(out, "exit\nThere are stopped jobs.\n") {
		t.Fatalf("first Ctrl-D: %q", out)
	}
	s.Send(CtrlD)
	s.Wait(10 * time.Second)
}

// set -o ignoreeof and IGNOREEOF keep the shell on Ctrl-D.
func TestPtyIgnoreEOF(t *testing.T) {
	s := startIsh(t, nil)
	s.run("set -o ignoreeof")
	s.Send(CtrlD)
	if out := clean(s.waitPrompt()); !strings.Contains(out, `Use "exit" to leave the shell.`) {
		t.Fatalf("ignoreeof: %q", out)
	}
	s.run("set +o ignoreeof; IGNOREEOF=1")
	s.Send(CtrlD)
	if out := clean(s.waitPrompt()); !strings.Contains(out, `Use "exit" to leave the shell.`) {
		t.Fatalf("IGNOREEOF=1, first: %q", out)
	}
	s.Send(CtrlD)
	s.Wait(10 * time.Second)
}

// Ctrl-Z at the prompt does nothing (it must not stop the shell).
func TestPtyCtrlZAtPrompt(t *testing.T) {
	s := startIsh(t, nil)
	s.typeKeys("echo z", CtrlZ, "z\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nzz\n") {
		t.Fatalf("Ctrl-Z at prompt: %q", out)
	}
	if info, _ := readProc(s.Pid()); info.State == 'T' {
		t.Fatal("shell stopped")
	}
}

// Keys typed while a foreground job runs go to the job; typed-ahead
// lines the job does not read run next; the prompt after a job starts on
// a line of its own.
func TestPtyTypeaheadToJob(t *testing.T) {
	s := startIsh(t, nil)
	s.Line("head -n 1")
	waitFor(5*time.Second, func() bool { _, ok := childByComm(s.Pid(), "head"); return ok })
	s.Send("to-the-job\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "to-the-job\nto-the-job\n") {
		t.Fatalf("head output %q", out)
	}
	// A job that runs until the test lets it end.
	flag := filepath.Join(s.home, "flag")
	s.Line("until [ -e " + flag + " ]; do sleep 0.05; done")
	waitFor(5*time.Second, func() bool { _, ok := childByComm(s.Pid(), "sleep"); return ok })
	s.Send("echo typed-ahead")
	s.waitClean("echo typed-ahead")
	os.WriteFile(flag, nil, 0644)
	// The terminal echoes the keys; the prompt is then drawn over them,
	// on a clean line, with the typed text.
	out := s.waitPrompt()
	s.Expect(`^( \x08)?echo typed-ahead`)
	if !strings.HasSuffix(out, "echo typed-ahead\x1b[J\x1b[2K\r") {
		t.Fatalf("prompt after typeahead: %q", out)
	}
	s.Send("\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\ntyped-ahead\n") {
		t.Fatalf("typed-ahead line: %q", out)
	}
	// Output without a final newline stays, the prompt after it (bash).
	s.Line("printf partial")
	s.Expect(`partial` + promptRe(s.n+1))
	s.n++
}

// Standard input that is not a terminal: no editor, no prompt, the input
// is a script; -i makes it interactive (prompts on stderr).
func TestNonTerminalInput(t *testing.T) {
	bin, err := buildGsh()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	os.WriteFile(filepath.Join(home, ".gshrc"), []byte("echo rc-read\n"), 0644)
	env := []string{"HOME=" + home, "PATH=/usr/bin:/bin", "PS1=P1> ", "PS2=P2> "}
	cmd := exec.Command(bin)
	cmd.Env = env
	cmd.Stdin = strings.NewReader("echo one\nread x\nfrom-stdin\necho $x\n")
	out, _ := cmd.CombinedOutput()
	if string(out) != "one\nfrom-stdin\n" {
		t.Fatalf("script from stdin: %q", out)
	}
	cmd = exec.Command(bin, "-i")
	cmd.Env = env
	cmd.Stdin = strings.NewReader("echo one\nif true; then\necho two\nfi\n!-2\n")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Run()
	if stdout.String() != "rc-read\none\ntwo\none\n" {
		t.Fatalf("-i stdout: %q", stdout.String())
	}
	if !strings.Contains(stderr.String(), "P1> P1> P2> P2> P1> echo one\nP1> exit\n") {
		t.Fatalf("-i stderr: %q", stderr.String())
	}
}

// A read by the editor while another process group has the terminal is
// not end of input: the shell takes the terminal back and goes on.
func TestPtyReclaimTerminal(t *testing.T) {
	s := startIsh(t, nil)
	// A background job takes the terminal for its own group and exits.
	s.run("GSH_TEST_STEAL_TTY=1 " + os.Args[0] + " -test.run=^TestHelperStealTerminal$ &")
	if !waitFor(10*time.Second, func() bool {
		info, _ := readProc(s.Pid())
		return info.TPgid != s.Pid()
	}) {
		t.Fatal("the helper did not take the terminal")
	}
	s.typeKeys("echo still-here\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\nstill-here\n") {
		t.Fatalf("after losing the terminal: %q", out)
	}
	if info, _ := readProc(s.Pid()); info.TPgid != s.Pid() {
		t.Fatalf("terminal foreground group %d, want gsh's %d", info.TPgid, s.Pid())
	}
}

// TestHelperStealTerminal runs as a background job of the shell in
// TestPtyReclaimTerminal: it makes its process group the terminal's
// foreground group (allowed with SIGTTOU ignored), and exits a little
// later.
func TestHelperStealTerminal(t *testing.T) {
	if os.Getenv("GSH_TEST_STEAL_TTY") == "" {
		t.Skip("helper process")
	}
	signal.Ignore(syscall.SIGTTOU)
	if err := unix.IoctlSetPointerInt(0, unix.TIOCSPGRP, unix.Getpgrp()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
}

// A trapped signal that comes while the editor waits for keys runs its
// trap at once, as in bash, above the line being typed, which is kept;
// a trap that runs a program leaves the editor working.
func TestPtyTrapAtPrompt(t *testing.T) {
	s := startIsh(t, nil)
	s.run(`trap 'echo got-usr1' USR1; trap '/bin/echo ext-$((++n))' USR2`)
	s.Send("echo part")
	s.Expect(`echo part`)
	syscall.Kill(s.Pid(), syscall.SIGUSR1)
	s.Expect(`got-usr1`)
	syscall.Kill(s.Pid(), syscall.SIGUSR2)
	s.Expect(`ext-1`)
	// The editor's modes are back: keys are not echoed by the terminal
	// nor held for a whole line.
	time.Sleep(100 * time.Millisecond)
	if tio, err := unix.IoctlGetTermios(int(s.pty.Fd()), unix.TCGETS); err != nil || tio.Lflag&(unix.ICANON|unix.ECHO) != 0 {
		t.Errorf("terminal modes after a trap ran a program at the prompt: %+v, %v", tio, err)
	}
	s.Send("ial\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\npartial\n") {
		t.Fatalf("line typed around the traps: %q", out)
	}
	if out := s.run("echo still-$n"); out != "still-1\n" {
		t.Fatalf("after the traps: %q", out)
	}
	// A CHLD trap runs when a background job ends, without a key pressed.
	s.run(`trap 'echo chld-trap' CHLD; sleep 0.2 &`)
	s.Expect(`chld-trap`)
	// exit in a trap at the prompt leaves the terminal as it found it.
	s.run(`trap 'exit 3' USR1`)
	tio0, _ := unix.IoctlGetTermios(int(s.pty.Fd()), unix.TCGETS)
	syscall.Kill(s.Pid(), syscall.SIGUSR1)
	if st := s.Wait(10 * time.Second); st.ExitStatus() != 3 {
		t.Fatalf("exit status %v", st)
	}
	tio1, err := unix.IoctlGetTermios(int(s.pty.Fd()), unix.TCGETS)
	if err != nil || tio1.Lflag&(unix.ICANON|unix.ECHO) != unix.ICANON|unix.ECHO {
		t.Errorf("terminal left in the editor's mode: %+v (before: %+v) %v", tio1, tio0, err)
	}
}
