package tests

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Ctrl-C while the read builtin waits on the terminal, as bash 5.2 does
// (checked by hand): without a trap the command line ends with status
// 130; with an INT trap the trap runs at once and read goes on reading.
// "rea''dy" in a command line prints "ready", which its echo does not
// show: once it is out, the line editor has let go of the terminal and
// Ctrl-C is a signal.

func TestPtyReadInterrupt(t *testing.T) {
	t.Parallel()
	p := startPty(t, nil)
	p.Prompt()
	p.Line("echo rea''dy; read x; echo not reached")
	p.Expect(`ready\r\n`)
	time.Sleep(150 * time.Millisecond) // read is waiting
	p.Send(CtrlC)
	p.Prompt()
	if out := p.Run("echo st=$? x=$x"); out != "st=130 x=\n" {
		t.Fatalf("after Ctrl-C in read: %q", out)
	}
}

func TestPtyReadInterruptTrap(t *testing.T) {
	t.Parallel()
	p := startPty(t, nil)
	p.Prompt()
	p.Run("trap 'echo TR''AP' INT")
	p.Line("echo rea''dy; read y")
	p.Expect(`ready\r\n`)
	time.Sleep(150 * time.Millisecond)
	p.Send(CtrlC)
	p.ExpectWithin(`TRAP\r\n`, 5*time.Second) // before any input
	p.Line("abc")
	p.Prompt()
	if out := p.Run("echo st=$? y=$y"); out != "st=0 y=abc\n" {
		t.Fatalf("read after the trap: %q", out)
	}
}

func TestPtyReadInterruptTrapScript(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	script := filepath.Join(dir, "s.sh")
	src := "trap 'echo TRAP' INT\necho ready\nread x\necho \"st=$? x=$x\"\n"
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p := startPty(t, nil, script)
	p.Expect(`ready\r\n`)
	time.Sleep(150 * time.Millisecond)
	p.Send(CtrlC)
	p.ExpectWithin(`TRAP\r\n`, 5*time.Second)
	p.Line("hello")
	p.Expect(`st=0 x=hello\r\n`)
	if ws := p.Wait(10 * time.Second); ws.ExitStatus() != 0 {
		t.Fatalf("script status %v", ws)
	}
}
