package builtins

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"gsh/shell/vars"
)

// writeCounter records each Write call, failing with err when set.
type writeCounter struct {
	writes []string
	err    error
}

func (w *writeCounter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

// countingShell is the fake shell with its standard output replaced.
type countingShell struct {
	*fakeShell
	w *writeCounter
}

func (c countingShell) Stdout() io.Writer { return c.w }

func TestPrintfOneWrite(t *testing.T) {
	for _, args := range [][]string{
		{"printf", "%s-%d\n", "a", "1", "b", "2", "c"},
		{"echo", "-e", "a\\tb", "c"},
	} {
		w := &writeCounter{}
		sh := countingShell{newFake(), w}
		if st := Lookup(args[0]).Fn(sh, args); st != 0 {
			t.Fatalf("%v: status %d", args, st)
		}
		if len(w.writes) != 1 {
			t.Errorf("%v: %d writes %q, want 1", args, len(w.writes), w.writes)
		}
	}
}

func TestPrintfWriteError(t *testing.T) {
	for _, name := range []string{"printf", "echo"} {
		w := &writeCounter{err: &wrappedErr{syscall.ENOSPC}}
		f := newFake()
		sh := countingShell{f, w}
		st := Lookup(name).Fn(sh, []string{name, "x"})
		want := "gsh: " + name + ": write error: No space left on device\n"
		if st != 1 || f.err.String() != want {
			t.Errorf("%s: status %d, err %q; want 1, %q", name, st, f.err.String(), want)
		}
	}
}

type wrappedErr struct{ err error }

func (e *wrappedErr) Error() string { return "write /dev/full: " + e.err.Error() }
func (e *wrappedErr) Unwrap() error { return e.err }

func TestPrintfAssign(t *testing.T) {
	cases := []struct {
		name  string
		setup func(f *fakeShell)
		args  []string
		check func(f *fakeShell) string // the value to compare
		want  string
		err   string
		st    int
	}{
		{name: "scalar", args: []string{"-v", "x", "%s-%s", "a", "b", "c"},
			check: str("x"), want: "a-bc-"},
		{name: "last -v wins", args: []string{"-v", "x", "-v", "y", "%s", "a"},
			check: func(f *fakeShell) string { return f.store.Str("x") + "|" + f.store.Str("y") }, want: "|a"},
		{name: "attached", args: []string{"-vx", "%05.1f", "3.14159"}, check: str("x"), want: "003.1"},
		{name: "empty format assigns empty", args: []string{"-v", "x", ""},
			check: func(f *fakeShell) string { v := f.store.Get("x"); return strconv.FormatBool(v.IsSet()) }, want: "true"},
		{name: "NUL ends the value", args: []string{"-v", "x", "a\\0b%s", "c"}, check: str("x"), want: "a"},
		{name: "\\c in %b", args: []string{"-v", "x", "%b", "ab\\cd"}, check: str("x"), want: "ab"},
		{name: "\\c in the format is literal", args: []string{"-v", "x", "\\c"}, check: str("x"), want: "\\c"},
		{name: "array element", args: []string{"-v", "a[2]", "%s", "v"}, check: elem("a", 2), want: "v"},
		{name: "negative index", setup: func(f *fakeShell) { f.store.AssignList("a", []vars.Elem{{Value: "1"}, {Value: "2"}}, false) },
			args: []string{"-v", "a[-1]", "x"}, check: elem("a", 1), want: "x"},
		{name: "negative index of empty array", args: []string{"-v", "a[-1]", "x"},
			check: str("a"), want: "", err: "gsh: a[-1]: bad array subscript\n", st: 1},
		{name: "assoc key as written", setup: func(f *fakeShell) { f.store.Declare("m", vars.Assoc, 0, false, false) },
			args: []string{"-v", "m[k y]", "x"}, check: key("m", "k y"), want: "x"},
		{name: "assoc @ key", setup: func(f *fakeShell) { f.store.Declare("m", vars.Assoc, 0, false, false) },
			args: []string{"-v", "m[@]", "x"}, check: key("m", "@"), want: "x"},
		{name: "indexed @", args: []string{"-v", "a[@]", "x"}, check: str("a"), want: "",
			err: "gsh: a[@]: bad array subscript\n", st: 1},
		{name: "empty subscript", args: []string{"-v", "a[]", "x"}, check: str("a"), want: "",
			err: "gsh: printf: 'a[]': not a valid identifier\n", st: 1},
		{name: "readonly", setup: func(f *fakeShell) { f.store.Set("r", "old"); f.store.Declare("r", vars.ReadOnly, 0, false, false) },
			args: []string{"-v", "r", "new"}, check: str("r"), want: "old", err: "gsh: r: readonly variable\n", st: 1},
		{name: "output before an error is assigned", args: []string{"-v", "x", "ab%yq"}, check: str("x"), want: "ab",
			err: "gsh: printf: 'y': invalid format character\n", st: 1},
		{name: "%n counts this pass", args: []string{"-v", "x", "ab%sc%n|", "y", "n1", "zz", "n2"},
			check: func(f *fakeShell) string { return f.store.Str("n1") + "," + f.store.Str("n2") + "," + f.store.Str("x") },
			want:  "4,5,abyc|abzzc|"},
		{name: "%n bad name", args: []string{"-v", "x", "a%nb", "1x"}, check: str("x"), want: "a",
			err: "gsh: printf: '1x': not a valid identifier\n", st: 1},
		{name: "%n empty name", args: []string{"-v", "x", "a%nb", ""}, check: str("x"), want: "ab"},
	}
	for _, c := range cases {
		f := newFake()
		if c.setup != nil {
			c.setup(f)
		}
		st := f.run("printf", c.args...)
		got := c.check(f)
		if got != c.want || f.err.String() != c.err || st != c.st || f.out.Len() != 0 {
			t.Errorf("%s: got %q err %q st %d out %q; want %q err %q st %d", c.name, got, f.err.String(), st, f.out.String(), c.want, c.err, c.st)
		}
	}
}

func str(name string) func(f *fakeShell) string {
	return func(f *fakeShell) string { return f.store.Str(name) }
}

func elem(name string, i int64) func(f *fakeShell) string {
	return func(f *fakeShell) string {
		v := f.store.Get(name)
		if v == nil {
			return "<unset>"
		}
		s, _ := v.Array().Get(i)
		return s
	}
}

func key(name, k string) func(f *fakeShell) string {
	return func(f *fakeShell) string {
		v := f.store.Get(name)
		if v == nil {
			return "<unset>"
		}
		s, _ := v.Map().Get(k)
		return s
	}
}

func TestPrintfTimeSpecial(t *testing.T) {
	defer func(s time.Time) { StartTime = s }(StartTime)
	StartTime = time.Unix(1234567890, 0)
	f := newCaseShell(t)
	if st := f.run("printf", "%(%s)T|%(%Y-%m-%d %H:%M:%S)T", "-2", "-2"); st != 0 {
		t.Fatal(st)
	}
	if got, want := f.out.String(), "1234567890|2009-02-13 23:31:30"; got != want {
		t.Errorf("-2: got %q, want %q", got, want)
	}
	for _, args := range [][]string{{"%(%s)T", "-1"}, {"%(%s)T"}} {
		f = newCaseShell(t)
		before := time.Now().Unix()
		f.run("printf", args...)
		n, err := strconv.ParseInt(f.out.String(), 10, 64)
		if err != nil || n < before || n > time.Now().Unix() {
			t.Errorf("%q: got %q, want the current time", args, f.out.String())
		}
	}
}

func TestPrintfTimeZone(t *testing.T) {
	for _, c := range []struct{ tz, want string }{
		{"UTC", "1970-01-01 00:00 UTC +0000"},
		{"UTC0", "1970-01-01 00:00 UTC +0000"},
		{"JST-9", "1970-01-01 09:00 JST +0900"},
		{"<+0330>-3:30", "1970-01-01 03:30 +0330 +0330"},
		{"EST5EDT", "1969-12-31 19:00 EST -0500"},
		{":Asia/Tokyo", "1970-01-01 09:00 JST +0900"},
		{"", "1970-01-01 00:00 UTC +0000"},
	} {
		f := newCaseShell(t)
		f.store.Set("TZ", c.tz)
		f.run("printf", "%(%F %H:%M %Z %z)T", "0")
		if got := f.out.String(); got != c.want {
			t.Errorf("TZ=%q: got %q, want %q", c.tz, got, c.want)
		}
	}
}

// A huge width is formatted, not refused (bash prints it all too).
func TestPrintfLargeWidth(t *testing.T) {
	f := newFake()
	f.run("printf", "%100000d|%-*s|", "7", "70000", "x")
	out := f.out.String()
	if len(out) != 100000+1+70000+1 || !strings.HasPrefix(out, "    ") || !strings.Contains(out, "7|x ") {
		t.Errorf("unexpected output of length %d", len(out))
	}
}

func BenchmarkPrintfInt(b *testing.B) {
	f := newFake()
	args := []string{"printf", "%d: %s\n", "42", "hello"}
	fn := Lookup("printf").Fn
	for b.Loop() {
		f.out.Reset()
		fn(f, args)
	}
}

func BenchmarkPrintfFloat(b *testing.B) {
	f := newFake()
	args := []string{"printf", "%.2f\n", "3.14159"}
	fn := Lookup("printf").Fn
	for b.Loop() {
		f.out.Reset()
		fn(f, args)
	}
}

func BenchmarkEcho(b *testing.B) {
	f := newFake()
	args := []string{"echo", "hello", "world"}
	fn := Lookup("echo").Fn
	for b.Loop() {
		f.out.Reset()
		fn(f, args)
	}
}

// mergedShell sends standard output and error messages to one buffer, as
// 2>&1 does.
type mergedShell struct {
	*fakeShell
	both *strings.Builder
}

func (m mergedShell) Stdout() io.Writer { return m.both }
func (m mergedShell) Errorf(format string, a ...any) {
	fmt.Fprintf(m.both, "E:"+format+"\n", a...)
}

// bash's stdout is line buffered: an error message follows the complete
// lines printed before it, and precedes the rest (recorded with 2>&1).
func TestPrintfErrorOrder(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"%d\n", "1", "x", "3"}, "1\nE:printf: x: invalid number\n0\n3\n"},
		{[]string{"%d %d|", "1", "x", "3", "4"}, "E:printf: x: invalid number\n1 0|3 4|"},
		{[]string{"a\nb\\x|%s\n"}, "a\nE:printf: missing hex digit for \\x\nb\\x|\n"},
		{[]string{"a\n%b|\n", "\\x"}, "a\nE:printf: missing hex digit for \\x\n\\x|\n"},
		{[]string{"a\nb%y"}, "a\nE:printf: 'y': invalid format character\nb"},
		{[]string{"x\ny\n%s %d", "a", "b"}, "x\ny\nE:printf: b: invalid number\na 0"},
		{[]string{"%s\n%(%Y)Q\n"}, "\nE:printf: warning: 'Q': invalid time format specification\nE:printf: 'Y': invalid format character\n%("},
	} {
		var both strings.Builder
		sh := mergedShell{newFake(), &both}
		Lookup("printf").Fn(sh, append([]string{"printf"}, c.args...))
		if both.String() != c.want {
			t.Errorf("printf %q:\n got %q\nwant %q", c.args, both.String(), c.want)
		}
	}
}
