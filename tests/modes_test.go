package tests

// Invocation modes that the corpus format cannot express: options that
// end the shell before any script runs, scripts started by the kernel
// through a #! line naming gsh, and files the kernel refuses to execute.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gshForInvocation is the built gsh; these tests skip other shells.
func gshForInvocation(t *testing.T) string {
	t.Helper()
	if os.Getenv("GSH_TEST_SHELL") != "" {
		t.Skip("invocation tests run against gsh only")
	}
	bin, err := buildGsh()
	if err != nil {
		t.Fatalf("building gsh: %v", err)
	}
	return bin
}

// runGsh runs the built gsh with args in dir and returns stdout, stderr
// and the exit status.
func runGsh(t *testing.T, dir, stdin string, args ...string) (string, string, int) {
	t.Helper()
	bin := gshForInvocation(t)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + filepath.Dir(bin) + ":/usr/local/bin:/usr/bin:/bin", "HOME=" + dir, "LC_ALL=C"}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	status := 0
	if ee, ok := err.(*exec.ExitError); ok {
		status = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running gsh: %v", err)
	}
	return out.String(), errb.String(), status
}

func TestVersionAndHelp(t *testing.T) {
	dir := t.TempDir()
	out, _, st := runGsh(t, dir, "", "--version")
	if st != 0 || !strings.HasPrefix(out, "gsh, version ") {
		t.Errorf("--version: status %d, output %q", st, out)
	}
	out, _, st = runGsh(t, dir, "", "--help")
	if st != 0 || !strings.Contains(out, "Usage:") || !strings.Contains(out, "-c") {
		t.Errorf("--help: status %d, output %q", st, out)
	}
	_, errOut, st := runGsh(t, dir, "", "-Q")
	if st != 2 || !strings.Contains(errOut, "-Q: invalid option") {
		t.Errorf("-Q: status %d, stderr %q", st, errOut)
	}
}

func TestOptionsOnCommandLine(t *testing.T) {
	dir := t.TempDir()
	_, errOut, st := runGsh(t, dir, "", "-o", "noclobber", "-c", "echo a > f; echo b > f")
	if st != 1 || !strings.Contains(errOut, "f: cannot overwrite existing file") {
		t.Errorf("-o noclobber: status %d, stderr %q", st, errOut)
	}
	out, _, st := runGsh(t, dir, "", "-c", `echo "$-"`)
	if st != 0 || !strings.Contains(out, "c") {
		t.Errorf("$- in -c: %q", out)
	}
	out, _, _ = runGsh(t, dir, "", "-e", "-u", "-c", `echo "$-"`)
	if !strings.Contains(out, "e") || !strings.Contains(out, "u") {
		t.Errorf("$- with -e -u: %q", out)
	}
	out, _, st = runGsh(t, dir, "echo \"[$0] [$1] [$2]\"\n", "-s", "--", "-x", "y")
	if st != 0 || !strings.HasSuffix(out, "[-x] [y]\n") {
		t.Errorf("-s -- args: status %d, %q", st, out)
	}
	out, errOut, st = runGsh(t, dir, "", "-n", "-c", "echo no; if")
	if st != 2 || out != "" || !strings.Contains(errOut, "syntax error") {
		t.Errorf("-n with a syntax error: status %d, out %q, err %q", st, out, errOut)
	}
}

// A script whose #! line names gsh runs when executed, with its arguments.
func TestShebangNamingGsh(t *testing.T) {
	dir := t.TempDir()
	bin, err := buildGsh()
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "greet")
	os.WriteFile(script, []byte("#!"+bin+"\necho \"hello $1 from ${0##*/}\"\n[[ -n $GSH_VERSION ]] && echo gsh\n"), 0o755)
	out, errOut, st := runGsh(t, dir, "", "-c", "./greet world")
	if st != 0 || out != "hello world from greet\ngsh\n" {
		t.Errorf("status %d, out %q, err %q", st, out, errOut)
	}
}

// A file without #! that the kernel refuses (ENOEXEC) runs as a gsh
// script, in a new gsh process.
func TestNoShebangRunsAsScript(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "plain"), []byte("echo plain \"$@\"\nexit 3\n"), 0o755)
	out, errOut, st := runGsh(t, dir, "", "-c", "./plain a b; echo status $?")
	if st != 0 || out != "plain a b\nstatus 3\n" {
		t.Errorf("status %d, out %q, err %q", st, out, errOut)
	}
	os.WriteFile(filepath.Join(dir, "binary"), []byte("\x7fELF\x00\x00junk"), 0o755)
	_, errOut, st = runGsh(t, dir, "", "-c", "./binary")
	if st != 126 || !strings.Contains(errOut, "cannot execute binary file") {
		t.Errorf("binary junk: status %d, err %q", st, errOut)
	}
}

// A script read from a regular file on standard input is read in blocks
// and the offset put back after each line, so the commands it runs read
// the lines that follow, as from a pipe (covered by the corpus).
func TestScriptOnSeekableStdin(t *testing.T) {
	bin := gshForInvocation(t)
	dir := t.TempDir()
	script := "read -r x\nfirst data line\necho \"got $x\"\nhead -n 1\nsecond data line\necho done\n"
	path := filepath.Join(dir, "s.sh")
	os.WriteFile(path, []byte(script), 0o644)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(bin)
	cmd.Stdin = f
	out, err := cmd.CombinedOutput()
	if want := "got first data line\nsecond data line\ndone\n"; err != nil || string(out) != want {
		t.Errorf("got %q (%v), want %q", out, err, want)
	}
}
