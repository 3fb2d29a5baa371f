package builtins

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/creack/pty"

	"gsh/shell/vars"
)

type testRun struct {
	args []string
	st   int
	err  string
}

func runTests(t *testing.T, f *fakeShell, runs []testRun) {
	t.Helper()
	for _, r := range runs {
		f.err.Reset()
		if st := f.run(r.args[0], r.args[1:]...); st != r.st || f.err.String() != r.err {
			t.Errorf("%q: status %d err %q, want %d %q", r.args, st, f.err.String(), r.st, r.err)
		}
	}
}

// Relative paths are resolved against the shell's directory, not the
// process's.
func TestTestFiles(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "full"), []byte("x"), 0o640))
	must(os.WriteFile(filepath.Join(dir, "empty"), nil, 0o600))
	must(os.WriteFile(filepath.Join(dir, "exe"), nil, 0o700))
	must(os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	must(os.Symlink("full", filepath.Join(dir, "link")))
	must(os.Symlink("nowhere", filepath.Join(dir, "dangling")))
	must(os.Link(filepath.Join(dir, "full"), filepath.Join(dir, "hard")))
	old := time.Unix(1e9, 0)
	must(os.Chtimes(filepath.Join(dir, "empty"), old, old))
	must(os.Chtimes(filepath.Join(dir, "exe"), old, time.Unix(2e9, 0))) // modified after last access

	f := newFake()
	f.cwd = dir
	runTests(t, f, []testRun{
		{[]string{"test", "-f", "full"}, 0, ""},
		{[]string{"test", "-e", "missing"}, 1, ""},
		{[]string{"test", "-d", "sub"}, 0, ""},
		{[]string{"test", "-d", "sub/"}, 0, ""},
		{[]string{"test", "-f", "full/"}, 1, ""},
		{[]string{"test", "-d", "sub/.."}, 0, ""},
		{[]string{"test", "-s", "full"}, 0, ""},
		{[]string{"test", "-s", "empty"}, 1, ""},
		{[]string{"test", "-h", "link"}, 0, ""},
		{[]string{"test", "-L", "full"}, 1, ""},
		{[]string{"test", "-L", "dangling"}, 0, ""},
		{[]string{"test", "-e", "dangling"}, 1, ""},
		{[]string{"test", "-f", "link"}, 0, ""},
		{[]string{"test", "-x", "exe"}, 0, ""},
		{[]string{"test", "-x", "full"}, 1, ""},
		{[]string{"test", "-r", "full"}, 0, ""},
		{[]string{"test", "-w", "empty"}, 0, ""},
		{[]string{"test", "-O", "full"}, 0, ""},
		{[]string{"test", "-G", "full"}, 0, ""},
		{[]string{"test", "-N", "exe"}, 0, ""},
		{[]string{"test", "-N", "empty"}, 1, ""},
		{[]string{"test", "full", "-nt", "empty"}, 0, ""},
		{[]string{"test", "empty", "-nt", "full"}, 1, ""},
		{[]string{"test", "empty", "-ot", "full"}, 0, ""},
		{[]string{"test", "full", "-nt", "missing"}, 0, ""},
		{[]string{"test", "missing", "-ot", "full"}, 0, ""},
		{[]string{"test", "missing", "-nt", "missing"}, 1, ""},
		{[]string{"test", "full", "-ef", "hard"}, 0, ""},
		{[]string{"test", "full", "-ef", "link"}, 0, ""},
		{[]string{"test", "full", "-ef", "empty"}, 1, ""},
		{[]string{"[", "-d", dir, "-a", "-f", "full", "]"}, 0, ""},
		{[]string{"test", "-e", filepath.Join(dir, "full")}, 0, ""},
	})
	if f.cwd != dir {
		t.Error("test changed the directory")
	}
}

// /dev/fd/N and /dev/std* are the shell's descriptors (which need not be
// the process's).
func TestTestDescriptors(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pty:", err)
	}
	defer ptm.Close()
	defer tty.Close()
	f := newFake()
	f.files[0] = r
	f.files[1] = tty
	f.files[7] = w
	runTests(t, f, []testRun{
		{[]string{"test", "-p", "/dev/stdin"}, 0, ""},
		{[]string{"test", "-p", "/dev/fd/7"}, 0, ""},
		{[]string{"test", "-e", "/dev/fd/8"}, 1, ""},
		{[]string{"test", "-c", "/dev/stdout"}, 0, ""},
		{[]string{"test", "-w", "/dev/fd/7"}, 0, ""},
		{[]string{"test", "-t", "1"}, 0, ""},
		{[]string{"test", "-t"}, 0, ""}, // one argument: a non-empty string
		{[]string{"test", "-t", "0"}, 1, ""},
		{[]string{"test", "-t", "7"}, 1, ""},
		{[]string{"test", "-t", "9"}, 1, ""},
		{[]string{"test", "!", "-t", "1"}, 1, ""},
		{[]string{"test", "-t", "1", "-a", "x"}, 0, ""},
	})
	if ok, _ := UnaryTest(f, "-t", " 1 "); !ok {
		t.Error("UnaryTest -t ' 1 ' = false")
	}
}

func TestTestVariables(t *testing.T) {
	f := newFake()
	st := f.store
	st.Set("x", "5")
	st.AssignList("a", []vars.Elem{{Value: "1"}, {Value: "2"}, {Value: "3"}}, false)
	st.UnsetIndex("a", 1)
	st.Declare("m", vars.Assoc, 0, false, false)
	st.SetKey("m", "k", "v", false)
	st.SetKey("m", "0", "z", false)
	st.AssignList("e", nil, false)
	st.Declare("d", 0, 0, false, false)
	st.Declare("r", vars.NameRef, 0, false, false)
	st.Set("r", "x")
	st.Declare("r2", vars.NameRef, 0, false, false)
	st.Set("r2", "nothing")
	f.params = []string{"p1", "p2"}
	f.opts["errexit"] = true
	f.opts["nounset"] = false
	bad := func(n string) string { return "gsh: " + n + ": bad array subscript\n" }
	runTests(t, f, []testRun{
		{[]string{"test", "-v", "x"}, 0, ""},
		{[]string{"test", "-v", "x[0]"}, 0, ""},
		{[]string{"test", "-v", "x[1]"}, 1, ""},
		{[]string{"test", "-v", "x[-1]"}, 1, bad("x")},
		{[]string{"test", "-v", "nope"}, 1, ""},
		{[]string{"test", "-v", "d"}, 1, ""},
		{[]string{"test", "-v", "a"}, 0, ""},
		{[]string{"test", "-v", "a[1]"}, 1, ""},
		{[]string{"test", "-v", "a[2]"}, 0, ""},
		{[]string{"test", "-v", "a[-1]"}, 0, ""},
		{[]string{"test", "-v", "a[-3]"}, 0, ""},
		{[]string{"test", "-v", "a[-4]"}, 1, bad("a")},
		{[]string{"test", "-v", "a[@]"}, 0, ""},
		{[]string{"test", "-v", "e"}, 1, ""},
		{[]string{"test", "-v", "e[*]"}, 1, ""},
		{[]string{"test", "-v", "m"}, 0, ""},
		{[]string{"test", "-v", "m[k]"}, 0, ""},
		{[]string{"test", "-v", "m[x]"}, 1, ""},
		{[]string{"test", "-v", "m[@]"}, 1, ""},
		{[]string{"test", "-v", "a["}, 1, ""},
		{[]string{"test", "-v", "0"}, 0, ""},
		{[]string{"test", "-v", "2"}, 0, ""},
		{[]string{"test", "-v", "3"}, 1, ""},
		{[]string{"test", "-v", " 1"}, 0, ""},
		{[]string{"test", "-v", "r"}, 0, ""},
		{[]string{"test", "-v", "r2"}, 1, ""},
		{[]string{"test", "-R", "r"}, 0, ""},
		{[]string{"test", "-R", "r2"}, 0, ""},
		{[]string{"test", "-R", "x"}, 1, ""},
		{[]string{"test", "-o", "errexit"}, 0, ""},
		{[]string{"test", "-o", "nounset"}, 1, ""},
		{[]string{"test", "-o", "bogus"}, 1, ""},
		{[]string{"test", "!", "-o", "nounset"}, 0, ""},
	})
}

func TestTestExports(t *testing.T) {
	f := newFake()
	for _, c := range []struct {
		op, x, y string
		want     bool
		err      string
	}{
		{"-eq", "3", " 3", true, ""},
		{"-lt", "2", "10", true, ""},
		{"-ge", "x", "1", false, `strconv.ParseInt: parsing "x": invalid syntax`},
		{"=", "a", "a", true, ""},
		{"==", "a*", "abc", false, ""},
		{"!=", "a", "b", true, ""},
		{"<", "B", "a", true, ""},
		{">", "é", "z", true, ""},
		{"-ef", "/", "/", true, ""},
		{"=~", "a", "a", false, "=~: binary operator expected"},
	} {
		got, err := BinaryTest(f, c.op, c.x, c.y)
		es := ""
		if err != nil {
			es = err.Error()
		}
		if got != c.want || es != c.err {
			t.Errorf("BinaryTest(%q, %q, %q) = %v, %q", c.op, c.x, c.y, got, es)
		}
	}
	if _, err := UnaryTest(f, "-q", "x"); err == nil || err.Error() != "-q: unary operator expected" {
		t.Errorf("UnaryTest -q: %v", err)
	}
	if ok, err := UnaryTest(f, "-d", "/"); !ok || err != nil {
		t.Errorf("UnaryTest -d /: %v %v", ok, err)
	}
}

func BenchmarkTestIntCompare(b *testing.B) {
	f := newFake()
	args := []string{"[", "42", "-lt", "100", "]"}
	fn := Lookup("[").Fn
	for b.Loop() {
		fn(f, args)
	}
}

func BenchmarkTestString(b *testing.B) {
	f := newFake()
	args := []string{"test", "-n", "abc", "-a", "x", "=", "x"}
	fn := Lookup("test").Fn
	for b.Loop() {
		fn(f, args)
	}
}
