package tests

// Helpers for the interactive front-end scenarios (pty_interactive_*).

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ish is an interactive gsh whose prompt carries a counter, so that each
// prompt is told from the previous ones: the line editor redraws the line
// (prompt included) when it edits, so "$ " alone would match too early.
type ish struct {
	*ptyShell
	n int // number of the prompt last waited for
}

// numberedPS1 shows "[N]$ ", N counting every prompt drawn.
const numberedPS1 = `[$((++__p))]$ `

// startIsh starts gsh -i --norc on a pty with the numbered prompt and
// waits for the first prompt. extra are NAME=value environment entries
// (they override the defaults); args replace "--norc -i".
func startIsh(t *testing.T, extra []string, args ...string) *ish {
	t.Helper()
	p := startPty(t, append([]string{"PS1=" + numberedPS1}, extra...), args...)
	s := &ish{ptyShell: p}
	s.waitPrompt()
	return s
}

// startPtyEnv is startPty with full control of the environment: env
// replaces the harness defaults except PATH, HOME, TERM and LC_ALL, and
// names listed in drop are left out.
func startPtyEnv(t *testing.T, env []string, drop []string, args ...string) *ptyShell {
	t.Helper()
	bin := ptyGsh(t)
	home := t.TempDir()
	base := []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home, "LC_ALL=C", "TERM=xterm", "USER=tester"}
	full := append(base, env...)
	var kept []string
	for _, e := range full {
		name, _, _ := strings.Cut(e, "=")
		keep := true
		for _, d := range drop {
			if d == name {
				keep = false
			}
		}
		if keep {
			kept = append(kept, strings.ReplaceAll(e, "@HOME@", home))
		}
	}
	argv0 := bin
	if len(args) > 0 && strings.HasPrefix(args[0], "argv0=") {
		argv0 = strings.TrimPrefix(args[0], "argv0=")
		args = args[1:]
	}
	cmd := exec.Command(bin, args...)
	cmd.Args[0] = argv0
	cmd.Env = kept
	return startPtyCmd(t, cmd, home)
}

// promptRe matches prompt number n.
func promptRe(n int) string { return `\[` + strconv.Itoa(n) + `\]\$ ` }

// waitPrompt waits for the next prompt and returns the output before it.
func (s *ish) waitPrompt() string {
	s.t.Helper()
	s.n++
	out := s.Expect(`(?s)^.*?` + promptRe(s.n))
	return out[:len(out)-len(strconv.Itoa(s.n))-4]
}

// run types a command line and returns what it printed, cleaned of the
// editor's and terminal's control sequences, up to the next prompt. The
// echo of the line itself is dropped.
func (s *ish) run(line string) string {
	s.t.Helper()
	s.Line(line)
	out := clean(s.waitPrompt())
	if i := strings.Index(out, "\n"); i >= 0 {
		return out[i+1:]
	}
	return ""
}

var csiSeq = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// clean removes what the editor writes to place the cursor (escape
// sequences, " \b"), and turns CR LF into LF.
func clean(s string) string {
	s = strings.ReplaceAll(s, " \b", "")
	s = csiSeq.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "")
}

// exitShell ends the shell with exit and checks that it exited.
func (s *ish) exitShell() {
	s.t.Helper()
	s.Line("exit")
	s.Wait(10 * time.Second)
}

// writeFile writes a file under the shell's home directory.
func (s *ish) writeFile(name, text string) string {
	s.t.Helper()
	path := filepath.Join(s.home, name)
	if err := os.MkdirAll(filepath.Dir(path), 0755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0644); err != nil {
		s.t.Fatal(err)
	}
	return path
}

// waitClean waits until the cleaned output not yet consumed contains
// want, without consuming it; it returns that output.
func (p *ptyShell) waitClean(want string) string {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		p.mu.Lock()
		rest := p.out.String()[p.seen:]
		p.mu.Unlock()
		if c := clean(rest); strings.Contains(c, want) {
			return c
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out waiting for %q; unconsumed output (cleaned):\n%q", want, clean(rest))
		}
		time.Sleep(5 * time.Millisecond)
	}
}
