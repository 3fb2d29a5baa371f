package builtins

import "testing"

// Recorded from bash 5.2 with shopt -s xpg_echo (and set -o posix).
func TestEchoXpg(t *testing.T) {
	for _, c := range []struct {
		posix bool
		args  []string
		out   string
	}{
		{false, []string{"a\\tb", "-n"}, "a\tb -n\n"},
		{false, []string{"-n", "a\\tb\\c", "x"}, "a\tb"},
		{false, []string{"-E", "a\\tb"}, "a\\tb\n"},
		{true, []string{"-n", "a\\tb"}, "-n a\tb\n"},
		{true, []string{"-e", "a\\tb"}, "-e a\tb\n"},
	} {
		f := newFake()
		f.opts["xpg_echo"] = true
		f.opts["posix"] = c.posix
		if st := f.run("echo", c.args...); st != 0 || f.out.String() != c.out {
			t.Errorf("posix=%v echo %q: %d %q, want %q", c.posix, c.args, st, f.out.String(), c.out)
		}
	}
	f := newFake()
	f.opts["posix"] = true
	if f.run("echo", "-e", "a\\tb"); f.out.String() != "a\tb\n" {
		t.Errorf("posix without xpg_echo: %q", f.out.String())
	}
}
