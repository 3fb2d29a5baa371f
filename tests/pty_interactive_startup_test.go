package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// rcShell starts gsh on a pty after writing files into its home (given by
// name relative to $HOME; the home directory is made first).
func rcShell(t *testing.T, files map[string]string, env []string, args ...string) *ish {
	t.Helper()
	home := t.TempDir()
	for name, text := range files {
		path := filepath.Join(home, name)
		os.MkdirAll(filepath.Dir(path), 0755)
		if err := os.WriteFile(path, []byte(strings.ReplaceAll(text, "@HOME@", home)), 0644); err != nil {
			t.Fatal(err)
		}
	}
	env = append([]string{"HOME=" + home, "PS1=" + numberedPS1}, env...)
	for i := range env {
		env[i] = strings.ReplaceAll(env[i], "@HOME@", home)
	}
	for i := range args {
		args[i] = strings.ReplaceAll(args[i], "@HOME@", home)
	}
	p := startPtyEnv(t, env, nil, args...)
	p.home = home
	s := &ish{ptyShell: p}
	s.waitPrompt()
	return s
}

// An interactive non-login shell reads ~/.gshrc; --norc and --rcfile.
func TestPtyRCFile(t *testing.T) {
	files := map[string]string{
		".gshrc":       "RC=gshrc\n",
		".profile":     "PROFILE=profile\n",
		".gsh_profile": "PROFILE=gsh_profile\n",
		"other.rc":     "RC=other\n",
	}
	s := rcShell(t, files, nil, "-i")
	if out := s.run(`echo "${RC-none} ${PROFILE-none}"`); out != "gshrc none\n" {
		t.Fatalf("-i: %q", out)
	}
	s = rcShell(t, files, nil, "--norc", "-i")
	if out := s.run(`echo "${RC-none}"`); out != "none\n" {
		t.Fatalf("--norc: %q", out)
	}
	s = rcShell(t, files, nil, "--rcfile", "@HOME@/other.rc", "-i")
	if out := s.run(`echo "${RC-none}"`); out != "other\n" {
		t.Fatalf("--rcfile: %q", out)
	}
}

// A login shell reads the first of ~/.gsh_profile and ~/.profile (after
// /etc/profile), not ~/.gshrc; --noprofile; argv[0] starting with '-'.
func TestPtyLoginFiles(t *testing.T) {
	// /etc/profile may set PS1: the profiles set it back.
	ps1 := "PS1='" + numberedPS1 + "'\n"
	files := map[string]string{
		".gshrc":       "RC=gshrc\n",
		".profile":     ps1 + "PROFILE=profile\n",
		".gsh_profile": ps1 + "PROFILE=gsh_profile\n",
	}
	s := rcShell(t, files, nil, "-l", "-i")
	if out := s.run(`echo "${RC-none} ${PROFILE-none}"`); out != "none gsh_profile\n" {
		t.Fatalf("-l: %q", out)
	}
	delete(files, ".gsh_profile")
	s = rcShell(t, files, nil, "--login", "-i")
	if out := s.run(`echo "${PROFILE-none}"`); out != "profile\n" {
		t.Fatalf("--login with ~/.profile: %q", out)
	}
	s = rcShell(t, files, nil, "argv0=-gsh", "-i")
	if out := s.run(`echo "${PROFILE-none}"`); out != "profile\n" {
		t.Fatalf("argv[0] -gsh: %q", out)
	}
	s = rcShell(t, files, nil, "-l", "--noprofile", "-i")
	if out := s.run(`echo "${PROFILE-none} ${RC-none}"`); out != "none none\n" {
		t.Fatalf("--noprofile: %q", out)
	}
}

// POSIX-style invocation reads the file named by $ENV (expanded).
func TestPtyENVFile(t *testing.T) {
	files := map[string]string{"env.sh": "FROM_ENV=yes\n", ".gshrc": "RC=gshrc\n"}
	s := rcShell(t, files, []string{"ENV=$HOME/env.sh"}, "--posix", "-i")
	if out := s.run(`echo "${FROM_ENV-none} ${RC-none}"`); out != "yes none\n" {
		t.Fatalf("--posix: %q", out)
	}
	s = rcShell(t, files, []string{"ENV=$HOME/env.sh"}, "argv0=sh", "-i")
	if out := s.run(`echo "${FROM_ENV-none}"`); out != "yes\n" {
		t.Fatalf("invoked as sh: %q", out)
	}
}

// Errors in a start-up file name the file and line; the shell starts.
func TestPtyRCFileErrors(t *testing.T) {
	files := map[string]string{".gshrc": "echo before\nnosuchcommand_zz\nif then\nOK=1\n"}
	home := t.TempDir()
	for n, c := range files {
		os.WriteFile(filepath.Join(home, n), []byte(c), 0644)
	}
	p := startPtyEnv(t, []string{"HOME=" + home, "PS1=" + numberedPS1}, nil, "-i")
	s := &ish{ptyShell: p}
	out := clean(s.waitPrompt())
	rc := filepath.Join(home, ".gshrc")
	if !strings.Contains(out, "before") || !strings.Contains(out, rc+": line 2: nosuchcommand_zz: command not found") ||
		!strings.Contains(out, rc+": line 3: syntax error") {
		t.Fatalf("start-up errors: %q", out)
	}
	if out := s.run("echo alive"); out != "alive\n" {
		t.Fatalf("shell after rc errors: %q", out)
	}
}

// Scripts and gsh -c read no start-up file.
func TestNoStartupFilesForScripts(t *testing.T) {
	bin, err := buildGsh()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	for _, n := range []string{".gshrc", ".profile", ".gsh_profile", "env.sh"} {
		os.WriteFile(filepath.Join(home, n), []byte("echo read "+n+"\n"), 0644)
	}
	script := filepath.Join(home, "s.sh")
	os.WriteFile(script, []byte("echo script\n"), 0644)
	env := []string{"HOME=" + home, "PATH=/usr/bin:/bin", "ENV=" + filepath.Join(home, "env.sh")}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-c", "echo dash-c"}, "dash-c\n"},
		{[]string{script}, "script\n"},
		{[]string{"-l", "-c", "echo login-c"}, "login-c\n"},
		{[]string{"--posix", script}, "script\n"},
	} {
		cmd := exec.Command(bin, c.args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if string(out) != c.want || err != nil {
			t.Errorf("gsh %v: output %q (%v), want %q: no start-up file read", c.args, out, err, c.want)
		}
	}
}
