package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const tab = "\t"

// startCompletion starts a shell with a PATH of its own (two commands
// zzcmd-one and zzcmd-two) and some files in its home directory.
func startCompletion(t *testing.T) *ish {
	t.Helper()
	bin := t.TempDir()
	for _, n := range []string{"zzcmd-one", "zzcmd-two", "zzunique-cmd"} {
		os.WriteFile(filepath.Join(bin, n), []byte("#!/bin/sh\necho ran $0\n"), 0755)
	}
	s := startIsh(t, []string{"PATH=" + bin + ":/usr/bin:/bin"})
	s.writeFile("my file.txt", "x")
	s.writeFile("sub dir/inner.txt", "x")
	s.writeFile("subway.txt", "x")
	s.writeFile("dir1/a", "x")
	s.writeFile("dir2/b", "x")
	return s
}

// completeRun types keys (with Tabs), then Enter, and returns the line as
// the editor left it and what it printed, cleaned.
func (s *ish) completeRun(keys ...string) string {
	s.t.Helper()
	s.typeKeys(keys...)
	s.typeKeys("\r")
	return clean(s.waitPrompt())
}

// Command names in command position: programs in PATH, builtins,
// functions and aliases.
func TestPtyCompleteCommands(t *testing.T) {
	s := startCompletion(t)
	if out := s.completeRun("zzu", tab); !strings.Contains(out, "zzunique-cmd \n") || !strings.Contains(out, "ran ") {
		t.Fatalf("PATH command: %q", out)
	}
	if out := s.completeRun("histor", tab, "3"); !strings.Contains(out, "history 3") {
		t.Fatalf("builtin: %q", out)
	}
	s.run("myfunction_x() { echo in-function; }; alias myalias_y='echo in-alias'")
	if out := s.completeRun("myfunc", tab); !strings.Contains(out, "in-function") {
		t.Fatalf("function: %q", out)
	}
	if out := s.completeRun("myali", tab); !strings.Contains(out, "in-alias") {
		t.Fatalf("alias: %q", out)
	}
	// An ambiguous prefix is extended to the common part; a second Tab
	// lists the choices.
	s.typeKeys("zzc", tab)
	s.waitClean("zzcmd-")
	s.typeKeys(tab)
	listing := s.waitClean("zzcmd-two")
	if !strings.Contains(listing, "zzcmd-one") {
		t.Fatalf("listing: %q", listing)
	}
	s.typeKeys("o", tab, "\r")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "ran ") || !strings.Contains(out, "zzcmd-one") {
		t.Fatalf("after listing: %q", out)
	}
}

// File names elsewhere, with special characters quoted; cd completes
// directories only.
func TestPtyCompleteFiles(t *testing.T) {
	s := startCompletion(t)
	if out := s.completeRun("cat my", tab); !strings.Contains(out, `cat my\ file.txt `) {
		t.Fatalf("quoted file: %q", out)
	}
	if out := s.completeRun("echo 'my", tab); !strings.Contains(out, "echo 'my file.txt' \nmy file.txt\n") {
		t.Fatalf("single-quoted file: %q", out)
	}
	// "sub" is common to "sub dir/" and "subway.txt": the first Tab only
	// rings the bell.
	if out := s.completeRun("ls sub", tab, "\\ ", tab); !strings.Contains(out, "ls sub\\ dir/\ninner.txt") {
		t.Fatalf("directory: %q", out)
	}
	if out := s.completeRun("cd su", tab, "; pwd"); !strings.Contains(out, `cd sub\ dir/; pwd`) {
		t.Fatalf("cd: %q", out)
	}
	// (The shell is in "sub dir" now.)
	if out := s.completeRun("ls ~/dir", tab, tab); !strings.Contains(out, "dir1/ dir2/") {
		t.Fatalf("listing of directories: %q", out)
	}
	// cd also completes the directories under CDPATH entries, and cd
	// goes there.
	s.run("mkdir -p ~/cdp/zzproject/inner; CDPATH=~/cdp")
	if out := s.completeRun("cd zzpro", tab, "inn", tab, "; pwd"); !strings.Contains(out, "cd zzproject/inner/; pwd\n"+s.home+"/cdp/zzproject/inner\n") {
		t.Fatalf("cd with CDPATH: %q", out)
	}
}

// $VAR names, and %job specs after fg and friends.
func TestPtyCompleteVarsAndJobs(t *testing.T) {
	s := startCompletion(t)
	s.run("ZZVARIABLE=value-of-var")
	if out := s.completeRun("echo $ZZVAR", tab); !strings.Contains(out, "value-of-var") {
		t.Fatalf("$VAR: %q", out)
	}
	if out := s.completeRun("echo ${ZZVAR", tab); !strings.Contains(out, "echo ${ZZVARIABLE}") {
		t.Fatalf("${VAR: %q", out)
	}
	s.run("sleep 30 &")
	if out := s.completeRun("kill %", tab); !strings.Contains(out, "kill %1 ") {
		t.Fatalf("%%job: %q", out)
	}
}

// complete -W, complete -F with COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT,
// complete -p and -r.
func TestPtyCompleteSpecs(t *testing.T) {
	s := startCompletion(t)
	s.run("complete -W 'start stop status' svc")
	s.run("svc() { echo svc-ran \"$@\"; }")
	if out := s.completeRun("svc sta", tab, tab); !strings.Contains(out, "start") || !strings.Contains(out, "status") {
		t.Fatalf("-W listing: %q", out)
	}
	if out := s.completeRun("svc sto", tab); !strings.Contains(out, "svc-ran stop") {
		t.Fatalf("-W: %q", out)
	}
	s.run(`_comp() { COMPREPLY=("w${#COMP_WORDS[@]}-c$COMP_CWORD-p$COMP_POINT-$2-$3"); echo "[$COMP_LINE]" > ` + filepath.Join(s.home, "cl") + `; }`)
	s.run("complete -F _comp fn")
	if out := s.completeRun("fn x ab", tab); !strings.Contains(out, "fn x w3-c2-p7-ab-x ") {
		t.Fatalf("-F: %q", out)
	}
	if data, _ := os.ReadFile(filepath.Join(s.home, "cl")); string(data) != "[fn x ab]\n" {
		t.Fatalf("COMP_LINE: %q", data)
	}
	if out := s.run("complete -p svc fn"); out != "complete -W 'start stop status' svc\ncomplete -F _comp fn\n" {
		t.Fatalf("complete -p: %q", out)
	}
	if out := s.run("complete -r svc; complete -p svc"); !strings.Contains(out, "complete: svc: no completion specification") {
		t.Fatalf("complete -r: %q", out)
	}
}

// compgen, in an interactive shell and in a script.
func TestCompgen(t *testing.T) {
	bin, err := buildGsh()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "alpha.txt"), nil, 0644)
	os.Mkdir(filepath.Join(dir, "alpdir"), 0755)
	script := `
compgen -W 'alpha beta alpine' al; echo "st $?"
compgen -W 'x' q; echo "st $?"
f_one() { :; }; f_two() { :; }
compgen -A function f_
compgen -b hist
compgen -k th
alias al_x=ls; compgen -a al_
ZZ_A=1; ZZ_B=2; compgen -v ZZ_
compgen -f alp
compgen -d alp
compgen -c f_o
compgen -W 'a b' -P '<' -S '>' ''
compgen -W 'a.c b.o' -X '*.o' ''
`
	cmd := exec.Command(bin, "-c", script)
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	want := "alpha\nalpine\nst 0\nst 1\nf_one\nf_two\nhistory\nthen\nal_x\nZZ_A\nZZ_B\nalpdir\nalpha.txt\nalpdir\nf_one\n<a>\n<b>\na.c\n"
	if string(out) != want {
		t.Fatalf("compgen output:\n%s\nwant:\n%s", out, want)
	}
}
