package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The history file: written at exit with mode 0600, read at start, trimmed
// to HISTFILESIZE; HISTSIZE limits the list.
func TestPtyHistoryFile(t *testing.T) {
	s := startIsh(t, nil)
	hf := filepath.Join(s.home, ".gsh_history")
	s.run("echo first")
	s.run("echo second")
	s.exitShell()
	fi, err := os.Stat(hf)
	if err != nil {
		t.Fatalf("history file: %v", err)
	}
	if fi.Mode().Perm() != 0600 {
		t.Fatalf("history file mode %v, want 0600", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(hf)
	if string(data) != "echo first\necho second\nexit\n" {
		t.Fatalf("history file %q", data)
	}

	// A new shell trims the file to HISTFILESIZE=2, reads it, and keeps
	// HISTSIZE=3 entries; at exit the file is trimmed again.
	os.WriteFile(hf, []byte("one\ntwo\nthree\nfour\n"), 0600)
	p := startPtyEnv(t, []string{"PS1=" + numberedPS1, "HISTFILE=" + hf, "HISTSIZE=3", "HISTFILESIZE=2"}, nil, "--norc", "-i")
	s = &ish{ptyShell: p}
	s.waitPrompt()
	if out := s.run("history"); out != "    1  three\n    2  four\n    3  history\n" {
		t.Fatalf("history with HISTSIZE=3: %q", out)
	}
	s.exitShell()
	if data, _ := os.ReadFile(hf); string(data) != "history\nexit\n" {
		t.Fatalf("file after HISTFILESIZE=2: %q", data)
	}
}

// Without HISTFILE in the environment the history goes to ~/.gsh_history.
func TestPtyHistoryDefaultFile(t *testing.T) {
	p := startPtyEnv(t, []string{"PS1=" + numberedPS1}, []string{"HISTFILE", "HISTSIZE"}, "--norc", "-i")
	s := &ish{ptyShell: p}
	s.waitPrompt()
	want := filepath.Join(s.home, ".gsh_history")
	if out := s.run("echo $HISTFILE $HISTSIZE $HISTFILESIZE"); out != want+" 500 500\n" {
		t.Fatalf("defaults: %q", out)
	}
	s.exitShell()
	if data, err := os.ReadFile(want); err != nil || string(data) != "echo $HISTFILE $HISTSIZE $HISTFILESIZE\nexit\n" {
		t.Fatalf("default history file: %q %v", data, err)
	}
}

// HISTCONTROL: ignorespace, ignoredups, ignoreboth, erasedups.
func TestPtyHistControl(t *testing.T) {
	s := startIsh(t, nil)
	s.run("HISTCONTROL=ignorespace")
	s.run(" echo hidden")
	s.run("echo a")
	s.run("echo a")
	if out := s.run("history"); out != "    1  HISTCONTROL=ignorespace\n    2  echo a\n    3  echo a\n    4  history\n" {
		t.Fatalf("ignorespace: %q", out)
	}
	s.run("history -c; HISTCONTROL=ignoreboth")
	s.run("echo b")
	s.run("echo b")
	s.run(" echo hidden")
	if out := s.run("history"); out != "    1  echo b\n    2  history\n" {
		t.Fatalf("ignoreboth: %q", out)
	}
	s.run("history -c; HISTCONTROL=erasedups")
	s.run("echo c")
	s.run("echo d")
	s.run("echo c")
	if out := s.run("history"); out != "    1  echo d\n    2  echo c\n    3  history\n" {
		t.Fatalf("erasedups: %q", out)
	}
}

// A command typed on several lines is one history entry, joined as bash
// does; a multi-line string keeps its newline.
func TestPtyHistoryMultiline(t *testing.T) {
	s := startIsh(t, nil)
	s.Line("for i in 1 2")
	s.Expect("> ")
	s.Line("do echo $i")
	s.Expect("> ")
	s.Line("done")
	s.waitPrompt()
	s.Line("echo 'a")
	s.Expect("> ")
	s.Line("b'")
	s.waitPrompt()
	if out := s.run("history"); out != "    1  for i in 1 2; do echo $i; done\n    2  echo 'a\nb'\n    3  history\n" {
		t.Fatalf("history: %q", out)
	}
}

// The history builtin: list, history N, -c, -d, -w, -r, -a, -s, -p.
func TestPtyHistoryBuiltin(t *testing.T) {
	s := startIsh(t, nil)
	for _, c := range []string{"echo 1", "echo 2", "echo 3"} {
		s.run(c)
	}
	if out := s.run("history 2"); out != "    3  echo 3\n    4  history 2\n" {
		t.Fatalf("history 2: %q", out)
	}
	s.run("history -d 2")
	if out := s.run("history 3"); out != "    3  history 2\n    4  history -d 2\n    5  history 3\n" {
		t.Fatalf("after -d 2: %q", out)
	}
	if out := s.run("history -d 99"); !strings.Contains(out, "history: 99: history position out of range") {
		t.Fatalf("-d 99: %q", out)
	}
	// -1 is the last entry: this very command line, as in bash.
	if out := s.run("history -d -1; history 2"); out != "    5  history 3\n    6  history -d 99\n" {
		t.Fatalf("-d -1: %q", out)
	}
	f := filepath.Join(s.home, "h.txt")
	s.run("history -w " + f)
	data, _ := os.ReadFile(f)
	if !strings.HasPrefix(string(data), "echo 1\necho 3\n") || !strings.HasSuffix(string(data), "history -w "+f+"\n") {
		t.Fatalf("-w wrote %q", data)
	}
	s.run("history -c")
	if out := s.run("history"); out != "    1  history\n" {
		t.Fatalf("after -c: %q", out)
	}
	os.WriteFile(f, []byte("from-file-1\nfrom-file-2\n"), 0600)
	if out := s.run("history -r " + f + "; history"); out != "    1  history\n    2  history -r "+f+"; history\n    3  from-file-1\n    4  from-file-2\n" {
		t.Fatalf("-r: %q", out)
	}
	a := filepath.Join(s.home, "a.txt")
	s.run("history -w " + a)
	s.run("echo appended")
	s.run("history -a " + a)
	data, _ = os.ReadFile(a)
	if !strings.HasSuffix(string(data), "history -w "+a+"\necho appended\nhistory -a "+a+"\n") {
		t.Fatalf("-a: %q", data)
	}
	// -s replaces the entry of the command line itself.
	if out := s.run("history -s stored entry; history 2"); out != "    7  history -a "+a+"\n    8  stored entry\n" {
		t.Fatalf("-s: %q", out)
	}
	if out := s.run("history -p '!!'"); out != "stored entry\n" {
		t.Fatalf("-p: %q", out)
	}
	// HISTTIMEFORMAT puts the time before each entry.
	if out := s.run("HISTTIMEFORMAT='<%Y> '; history 1"); !regexp.MustCompile(`^ +\d+  <\d{4}> HISTTIMEFORMAT=`).MatchString(out) {
		t.Fatalf("HISTTIMEFORMAT: %q", out)
	}
}

// History expansion in an interactive shell; the expanded line is shown.
func TestPtyHistoryExpansion(t *testing.T) {
	s := startIsh(t, nil)
	s.run("echo one")
	s.run("echo two")
	if out := s.run("!!"); out != "echo two\ntwo\n" {
		t.Fatalf("!!: %q", out)
	}
	if out := s.run("!1"); out != "echo one\none\n" {
		t.Fatalf("!1: %q", out)
	}
	if out := s.run("!-2"); out != "echo two\ntwo\n" {
		t.Fatalf("!-2: %q", out)
	}
	s.run("printf '%s\\n' x y zed")
	if out := s.run("!ec"); out != "echo two\ntwo\n" {
		t.Fatalf("!ec: %q", out)
	}
	s.run("printf '%s\\n' x y zed")
	if out := s.run("echo !$"); out != "echo zed\nzed\n" {
		t.Fatalf("!$: %q", out)
	}
	if out := s.run("^zed^zoo"); out != "echo zoo\nzoo\n" {
		t.Fatalf("^old^new: %q", out)
	}
	if out := s.run("echo '!!' \\!! \"a!\""); out != "!! !! a!\n" {
		t.Fatalf("quoted !: %q", out)
	}
	if out := s.run("!nosuch"); out != "gsh: !nosuch: event not found\n" {
		t.Fatalf("event not found: %q", out)
	}
	if out := s.run("history 3"); !strings.Contains(out, "echo zoo\n") || strings.Contains(out, "nosuch") {
		t.Fatalf("history after expansion: %q", out)
	}
	// Not in scripts or gsh -c.
	bin, _ := buildGsh()
	out, _ := exec.Command(bin, "-c", "echo one; echo !!").CombinedOutput()
	if string(out) != "one\n!!\n" {
		t.Fatalf("gsh -c: %q", out)
	}
	// set +H turns it off.
	s.run("set +H")
	if out := s.run("echo !!"); out != "!!\n" {
		t.Fatalf("set +H: %q", out)
	}
}

// Ctrl-D at an empty prompt exits; the history is saved then too.
func TestPtyHistorySavedOnEOF(t *testing.T) {
	s := startIsh(t, nil)
	s.run("echo saved")
	s.Send(CtrlD)
	s.Wait(10 * time.Second)
	data, _ := os.ReadFile(filepath.Join(s.home, ".gsh_history"))
	if string(data) != "echo saved\n" {
		t.Fatalf("history file %q", data)
	}
}
