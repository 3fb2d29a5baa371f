package tests

import (
	"strings"
	"testing"
	"time"
)

// A 1 MB line pasted at the prompt arrives whole and quickly.
func TestPtyPasteLongLine(t *testing.T) {
	s := startIsh(t, nil)
	const size = 1 << 20
	start := time.Now()
	s.Send("x=" + strings.Repeat("a", size) + "\r")
	s.waitPromptWithin(120 * time.Second)
	if out := s.run("echo ${#x}"); out != "1048576\n" {
		t.Fatalf("length %q", out)
	}
	t.Logf("1 MB line: %v", time.Since(start))
}

// 10,000 pasted lines all run, none lost.
func TestPtyPasteManyLines(t *testing.T) {
	s := startIsh(t, nil)
	const n = 10000
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("((n++))\r")
	}
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.pty.WriteString(b.String() + "echo total=$n\r")
	}()
	s.ExpectWithin(`total=10000\r\n`, 180*time.Second)
	<-done
	t.Logf("%d lines: %v", n, time.Since(start))
}

// waitPromptWithin is waitPrompt with a deadline.
func (s *ish) waitPromptWithin(d time.Duration) string {
	s.t.Helper()
	s.n++
	return s.ExpectWithin(`(?s)^.*?`+promptRe(s.n), d)
}

// Job notices: before the prompt, and with set -b at once, above the line
// being typed, which is then drawn again.
func TestPtyJobNotices(t *testing.T) {
	s := startIsh(t, nil)
	s.run("sleep 0.2 &")
	waitFor(10*time.Second, func() bool { _, ok := childByComm(s.Pid(), "sleep"); return !ok })
	time.Sleep(100 * time.Millisecond) // the reaper's turn
	// An empty line gives a new prompt, with the notice before it.
	if out := s.run(""); !strings.Contains(out, "[1]+  Done                    sleep 0.2\n") {
		t.Fatalf("no Done notice before the prompt: %q", out)
	}
	s.run("set -b")
	s.run("sleep 0.3 &")
	s.typeKeys("echo par")
	// The line is erased, the notice printed, the line drawn again.
	s.Expect(`echo par\x1b\[J\x1b\[2K\r\[1\]\+  Done {20}sleep 0\.3\r\n` + promptRe(s.n) + `echo par`)
	s.typeKeys("tial\r")
	if out := clean(s.waitPrompt()); !strings.HasSuffix(out, "tial\npartial\n") {
		t.Fatalf("command after notice: %q", out)
	}
}
