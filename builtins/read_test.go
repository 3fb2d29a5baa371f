package builtins

import (
	"io"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"gsh/shell/vars"
)

// inputFile gives fd of f the contents s, as a regular file or a pipe.
func inputFile(t *testing.T, f *fakeShell, fd int, s string, pipe bool) *os.File {
	t.Helper()
	if pipe {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() { io.WriteString(w, s); w.Close() }()
		t.Cleanup(func() { r.Close() })
		f.files[fd] = r
		return r
	}
	p := t.TempDir() + "/in"
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	f.files[fd] = r
	return r
}

func varDump(f *fakeShell, names ...string) string {
	var b strings.Builder
	for _, n := range names {
		v := f.store.Get(n)
		if v == nil || !v.IsSet() {
			continue
		}
		if v.IsArray() {
			b.WriteString(n + "=(" + strings.Join(v.Elements(), "|") + ") ")
		} else {
			b.WriteString(n + "=[" + v.Str() + "] ")
		}
	}
	return strings.TrimSpace(b.String())
}

func TestRead(t *testing.T) {
	ws := " \t\n"
	tests := []struct {
		in   string
		ifs  *string
		args []string
		st   int
		want string
		err  string
	}{
		{"  x  y  z  \n", nil, []string{"a"}, 0, "a=[x  y  z]", ""},
		{"  x  y  z  \n", nil, []string{"a", "b"}, 0, "a=[x] b=[y  z]", ""},
		{"x y\n", nil, []string{"a", "b", "c"}, 0, "a=[x] b=[y] c=[]", ""},
		{"  lead  \n", nil, nil, 0, "REPLY=[  lead  ]", ""},
		{`a\tb\\c` + "\n", nil, nil, 0, `REPLY=[atb\c]`, ""},
		{`a\tb\\c` + "\n", nil, []string{"-r"}, 0, `REPLY=[a\tb\\c]`, ""},
		{"a\\\nb c\nd", nil, []string{"a", "b"}, 0, "a=[ab] b=[c]", ""},
		{`x\ y z` + "\n", nil, []string{"a", "b"}, 0, "a=[x y] b=[z]", ""},
		{`x\ ` + "\n", nil, []string{"a"}, 0, "a=[x ]", ""},
		{"partial", nil, []string{"a"}, 1, "a=[partial]", ""},
		{"", nil, []string{"a"}, 1, "a=[]", ""},
		{"x:y:\n", strp(":"), []string{"a", "b"}, 0, "a=[x] b=[y]", ""},
		{"x:y:\n", strp(":"), []string{"a"}, 0, "a=[x:y:]", ""},
		{"x:y::\n", strp(":"), []string{"a", "b"}, 0, "a=[x] b=[y::]", ""},
		{":x\n", strp(":"), []string{"a", "b"}, 0, "a=[] b=[x]", ""},
		{" x , y ,, z , \n", strp(" \t\n,"), []string{"a", "b", "c"}, 0, "a=[x] b=[y] c=[, z ,]", ""},
		{"  x  y  \n", strp(""), []string{"a", "b"}, 0, "a=[  x  y  ] b=[]", ""},
		{" x , y ,, z \n", strp(" \t\n,"), []string{"-a", "arr"}, 0, "arr=(x|y||z)", ""},
		{" x y z \n", nil, []string{"-a", "arr", "b"}, 0, "arr=(x|y|z)", ""},
		{"abcdef", nil, []string{"-n", "3", "a"}, 0, "a=[abc]", ""},
		{"ab\ncdef", nil, []string{"-n", "3", "a"}, 0, "a=[ab]", ""},
		{`a\bcdef`, nil, []string{"-n", "3", "a"}, 0, "a=[abc]", ""},
		{"  a b c", nil, []string{"-N", "4", "a", "b"}, 0, "a=[  a ] b=[]", ""},
		{"a\nb c", nil, []string{"-N", "4", "a"}, 0, "a=[a\nb ]", ""},
		{"ab", nil, []string{"-N", "4", "a"}, 1, "a=[ab]", ""},
		{"abc\n", nil, []string{"-n", "0", "a"}, 0, "a=[]", ""},
		{"x y\x00z", nil, []string{"-d", "", "a", "b"}, 0, "a=[x] b=[y]", ""},
		{"x,y;z", nil, []string{"-d", ";,", "a"}, 0, "a=[x,y]", ""},
		{"a\x00b\n", nil, []string{"a"}, 0, "a=[ab]", ""},
		{"x y\n", nil, []string{"a[1]", "b"}, 0, "a=(x) b=[y]", ""},
		{"x y\n", &ws, []string{"-rd", "y", "a"}, 0, "a=[x]", ""},

		{"abc\n", nil, []string{"1x"}, 1, "", "gsh: read: '1x': not a valid identifier\n"},
		{"abc\n", nil, []string{"a", "1x"}, 1, "a=[abc]", "gsh: read: '1x': not a valid identifier\n"},
		{"abc\n", nil, []string{"-a", "a[1]"}, 1, "", "gsh: read: 'a[1]': not a valid identifier\n"},
		{"abc\n", nil, []string{"-x"}, 2, "", "gsh: read: -x: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n"},
		{"abc\n", nil, []string{"-t"}, 2, "", "gsh: read: -t: option requires an argument\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n"},
		{"abc\n", nil, []string{"-n", "x"}, 1, "", "gsh: read: x: invalid number\n"},
		{"abc\n", nil, []string{"-n", "-1"}, 1, "", "gsh: read: -1: invalid number\n"},
		{"abc\n", nil, []string{"-t", "x"}, 1, "", "gsh: read: x: invalid timeout specification\n"},
		{"abc\n", nil, []string{"-t", "1e2"}, 1, "", "gsh: read: 1e2: invalid timeout specification\n"},
		{"abc\n", nil, []string{"-t", "-1"}, 1, "", "gsh: read: -1: invalid timeout specification\n"},
		{"abc\n", nil, []string{"-u", "x"}, 1, "", "gsh: read: x: invalid file descriptor specification\n"},
		{"abc\n", nil, []string{"-u", "5"}, 1, "", "gsh: read: 5: invalid file descriptor: Bad file descriptor\n"},
		{"abc\n", nil, []string{"-t", ".5", "a"}, 0, "a=[abc]", ""},
	}
	for _, pipe := range []bool{false, true} {
		for _, tc := range tests {
			f := newFake()
			if tc.ifs != nil {
				f.store.Set("IFS", *tc.ifs)
			}
			inputFile(t, f, 0, tc.in, pipe)
			st := f.run("read", tc.args...)
			got := varDump(f, "a", "b", "c", "arr", "REPLY")
			if st != tc.st || got != tc.want || f.err.String() != tc.err {
				t.Errorf("pipe=%v read %q <<< %q: status %d, %s, err %q; want %d, %s, %q",
					pipe, tc.args, tc.in, st, got, f.err.String(), tc.st, tc.want, tc.err)
			}
		}
	}
}

func strp(s string) *string { return &s }

// read must leave the rest of the input for the next command.
func TestReadConsumesOnlyTheLine(t *testing.T) {
	for _, pipe := range []bool{false, true} {
		f := newFake()
		in := inputFile(t, f, 0, "one\ntwo three\nrest\n", pipe)
		f.run("read", "a")
		f.run("read", "-n", "4", "b")
		f.run("read", "-d", "e", "c")
		rest, _ := io.ReadAll(in)
		if got := varDump(f, "a", "b", "c"); got != "a=[one] b=[two] c=[thr]" || string(rest) != "e\nrest\n" {
			t.Errorf("pipe=%v: %s, rest %q", pipe, got, rest)
		}
	}
}

// intrShell is a fake shell that reports an interrupt (SIGINT) once
// intr is set, as *shell.Shell does.
type intrShell struct {
	*fakeShell
	intr  atomic.Bool
	polls atomic.Int32
}

func (s *intrShell) Interruptible() bool { return true }
func (s *intrShell) Interrupted() bool   { s.polls.Add(1); return s.intr.Load() }

// With an interrupt check, a pipe is polled before it is read: once for
// the bytes already there, and every 100ms while read waits, which ends
// with status 130 at an interrupt.
func TestReadInterrupted(t *testing.T) {
	s := &intrShell{fakeShell: newFake()}
	in := inputFile(t, s.fakeShell, 0, "one two\nrest\n", true)
	time.Sleep(20 * time.Millisecond) // the writer has filled the pipe
	if st := readBuiltin(s, []string{"read", "a"}); st != 0 || varDump(s.fakeShell, "a") != "a=[one two]" {
		t.Fatalf("read: %d %s", st, varDump(s.fakeShell, "a"))
	}
	if n := s.polls.Load(); n != 1 {
		t.Errorf("%d interrupt checks for input already there, want 1", n)
	}
	if rest, _ := io.ReadAll(in); string(rest) != "rest\n" {
		t.Errorf("rest %q", rest)
	}

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	s.files[0] = r
	time.AfterFunc(150*time.Millisecond, func() { s.intr.Store(true) })
	start := time.Now()
	if st := readBuiltin(s, []string{"read", "b"}); st != 130 {
		t.Errorf("interrupted read: status %d", st)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("interrupt noticed after %v", d)
	}
}

func TestReadUnicodeCount(t *testing.T) {
	defer SetUTF8(UTF8())
	SetUTF8(true)
	f := newFake()
	inputFile(t, f, 0, "é€abc", true)
	f.run("read", "-n", "2", "a")
	SetUTF8(false)
	f.run("read", "-n", "2", "b")
	if got := varDump(f, "a", "b"); got != "a=[é€] b=[ab]" {
		t.Errorf("got %s", got)
	}
}

func TestReadFd(t *testing.T) {
	f := newFake()
	inputFile(t, f, 3, "ab\ncd\n", false)
	f.run("read", "-u", "3", "a")
	f.run("read", "-u3", "b")
	if got := varDump(f, "a", "b"); got != "a=[ab] b=[cd]" {
		t.Errorf("got %s", got)
	}
}

func TestReadTimeout(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	f := newFake()
	f.files[0] = r
	if st := f.run("read", "-t", "0"); st != 1 {
		t.Errorf("read -t 0 on an empty pipe: %d", st)
	}
	w.WriteString("ab")
	if st := f.run("read", "-t", "0"); st != 0 {
		t.Errorf("read -t 0 with data: %d", st)
	}
	start := time.Now()
	st := f.run("read", "-t", "0.2", "a")
	if st != 142 || varDump(f, "a") != "a=[ab]" {
		t.Errorf("timeout: status %d, %s", st, varDump(f, "a"))
	}
	if d := time.Since(start); d < 150*time.Millisecond || d > 10*time.Second { // it waits, and it ends
		t.Errorf("timeout took %v", d)
	}
}

func TestReadErrors(t *testing.T) {
	f := newFake()
	if st := f.run("read", "x"); st != 1 || f.err.String() != "gsh: read: read error: 0: Bad file descriptor\n" {
		t.Errorf("closed stdin: %d %q", st, f.err.String())
	}
	f = newFake()
	d, _ := os.Open(t.TempDir())
	defer d.Close()
	f.files[0] = d
	if st := f.run("read", "x"); st != 1 || f.err.String() != "gsh: read: read error: 0: Is a directory\n" {
		t.Errorf("directory: %d %q", st, f.err.String())
	}
	f = newFake()
	f.store.Declare("r", vars.ReadOnly, 0, false, false)
	inputFile(t, f, 0, "hi there\n", false)
	if st := f.run("read", "a", "r"); st != 1 || f.err.String() != "gsh: r: readonly variable\n" || varDump(f, "a") != "a=[hi]" {
		t.Errorf("readonly: %d %q %s", st, f.err.String(), varDump(f, "a"))
	}
	f = newFake()
	f.store.Declare("as", vars.Assoc, 0, false, false)
	inputFile(t, f, 0, "hi there\n", false)
	if st := f.run("read", "-a", "as"); st != 1 || f.err.String() != "gsh: read: as: not an indexed array\n" {
		t.Errorf("assoc: %d %q", st, f.err.String())
	}
}

// On a terminal, -n reads characters as they are typed, -s hides them,
// -p prompts on stderr, and the terminal settings come back afterwards.
func TestReadTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pty:", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Skip(err)
	}
	f := newFake()
	f.files[0] = tty
	done := make(chan int)
	go func() { done <- f.run("read", "-s", "-n", "2", "-p", "P> ", "a") }()
	time.Sleep(100 * time.Millisecond)
	during, _ := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	ptmx.Write([]byte("xyz")) // no newline: -n must not wait for one
	select {
	case st := <-done:
		if st != 0 || varDump(f, "a") != "a=[xy]" || f.err.String() != "P> " {
			t.Errorf("status %d, %s, stderr %q", st, varDump(f, "a"), f.err.String())
		}
	case <-time.After(3 * time.Second):
		t.Fatal("read -n 2 did not return")
	}
	if during.Lflag&(unix.ECHO|unix.ICANON) != 0 {
		t.Errorf("echo or canonical mode still on during read -s -n: %#x", during.Lflag)
	}
	after, _ := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if after.Lflag != before.Lflag {
		t.Errorf("terminal flags not restored: %#x, was %#x", after.Lflag, before.Lflag)
	}
}

// BenchmarkReadFileLine is one `while read -r x` iteration on a regular
// file.
func BenchmarkReadFileLine(b *testing.B) {
	p := b.TempDir() + "/in"
	if err := os.WriteFile(p, []byte(strings.Repeat("some words here\n", 1000)), 0o644); err != nil {
		b.Fatal(err)
	}
	r, err := os.Open(p)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	f := newFake()
	f.files[0] = r
	args := []string{"read", "-r", "x"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if readBuiltin(f, args) != 0 {
			r.Seek(0, io.SeekStart)
		}
	}
}
