package builtins

import (
	"fmt"
	"strings"
	"testing"

	"gsh/shell/vars"
)

// getoptsLoop runs `while getopts optstr o args...` and records each
// round as the bash script in the comments of TestGetopts printed it.
func getoptsLoop(f *fakeShell, optstr string, args ...string) string {
	var b strings.Builder
	show := func(prefix string) {
		arg, set := f.store.Value("OPTARG")
		if !set {
			arg = "unset"
		} else {
			arg = "[" + arg + "]"
		}
		fmt.Fprintf(&b, "%so=[%s] OPTARG=%s OPTIND=%s\n", prefix, f.store.Str("o"), arg, f.store.Str("OPTIND"))
	}
	for i := 0; i < 50; i++ {
		if f.run("getopts", append([]string{optstr, "o"}, args...)...) != 0 {
			break
		}
		show("")
	}
	show("end ")
	return b.String()
}

func TestGetopts(t *testing.T) {
	// Expected output recorded from bash 5.2 with
	//   f() { local OPTIND=1 o; local s=$1; shift; while getopts "$s" o "$@"; do
	//     echo "o=[$o] OPTARG=[${OPTARG-unset}] OPTIND=$OPTIND"; done; ... }
	tests := []struct {
		opts string
		args []string
		out  string
		err  string
	}{
		{"ab:c", []string{"-a", "-b", "x", "-cb", "y", "z"},
			"o=[a] OPTARG=unset OPTIND=2\no=[b] OPTARG=[x] OPTIND=4\no=[c] OPTARG=unset OPTIND=4\no=[b] OPTARG=[y] OPTIND=6\nend o=[?] OPTARG=unset OPTIND=6\n", ""},
		{"ab:c", []string{"-acbfoo", "--", "-a"},
			"o=[a] OPTARG=unset OPTIND=1\no=[c] OPTARG=unset OPTIND=1\no=[b] OPTARG=[foo] OPTIND=2\nend o=[?] OPTARG=unset OPTIND=3\n", ""},
		{"ab:c", []string{"-x", "-b"},
			"o=[?] OPTARG=unset OPTIND=2\no=[?] OPTARG=unset OPTIND=3\nend o=[?] OPTARG=unset OPTIND=3\n",
			"gsh: illegal option -- x\ngsh: option requires an argument -- b\n"},
		{":ab:c", []string{"-x", "-b"},
			"o=[?] OPTARG=[x] OPTIND=2\no=[:] OPTARG=[b] OPTIND=3\nend o=[?] OPTARG=unset OPTIND=3\n", ""},
		{"ab:c", []string{"-", "-a"}, "end o=[?] OPTARG=unset OPTIND=1\n", ""},
		{"ab:c", []string{"-a", "-"}, "o=[a] OPTARG=unset OPTIND=2\nend o=[?] OPTARG=unset OPTIND=2\n", ""},
		{"ab:", []string{"-a:"},
			"o=[a] OPTARG=unset OPTIND=1\no=[?] OPTARG=unset OPTIND=2\nend o=[?] OPTARG=unset OPTIND=2\n",
			"gsh: illegal option -- :\n"},
		{"", []string{"-a"}, "o=[?] OPTARG=unset OPTIND=2\nend o=[?] OPTARG=unset OPTIND=2\n", "gsh: illegal option -- a\n"},
		{"a:", []string{"-a", ""}, "o=[a] OPTARG=[] OPTIND=3\nend o=[?] OPTARG=unset OPTIND=3\n", ""},
		{"a", []string{"-a", "--", "x"}, "o=[a] OPTARG=unset OPTIND=2\nend o=[?] OPTARG=unset OPTIND=3\n", ""},
		{"a", []string{"-a", "-a", "-a", "-a", "-a", "-a", "-a", "-a", "-a", "-a", "-a"},
			"o=[a] OPTARG=unset OPTIND=2\no=[a] OPTARG=unset OPTIND=3\no=[a] OPTARG=unset OPTIND=4\no=[a] OPTARG=unset OPTIND=5\no=[a] OPTARG=unset OPTIND=6\no=[a] OPTARG=unset OPTIND=7\no=[a] OPTARG=unset OPTIND=8\no=[a] OPTARG=unset OPTIND=9\no=[a] OPTARG=unset OPTIND=10\no=[a] OPTARG=unset OPTIND=11\no=[a] OPTARG=unset OPTIND=12\nend o=[?] OPTARG=unset OPTIND=12\n", ""},
	}
	for _, tc := range tests {
		f := newFake()
		f.store.Set("OPTIND", "1")
		got := getoptsLoop(f, tc.opts, tc.args...)
		if got != tc.out || f.err.String() != tc.err {
			t.Errorf("getopts %q %q:\n%s err %q\nwant:\n%s err %q", tc.opts, tc.args, got, f.err.String(), tc.out, tc.err)
		}
	}
}

func TestGetoptsOptErr(t *testing.T) {
	f := newFake()
	f.store.Set("OPTERR", "0")
	got := getoptsLoop(f, "ab:", "-x", "-b")
	if f.err.String() != "" || got != "o=[?] OPTARG=unset OPTIND=2\no=[?] OPTARG=unset OPTIND=3\nend o=[?] OPTARG=unset OPTIND=3\n" {
		t.Errorf("OPTERR=0: %q %q", got, f.err.String())
	}
}

func TestGetoptsState(t *testing.T) {
	f := newFake()
	f.params = []string{"-ab", "x"}
	step := func(want string) {
		t.Helper()
		f.run("getopts", "ab", "o")
		if got := f.store.Str("o") + " " + f.store.Str("OPTIND"); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	step("a 1")
	step("b 2")
	f.store.Set("OPTIND", "1") // resets
	step("a 1")
	// A function with its own OPTIND does not disturb the caller's scan.
	f.store.PushFrame()
	f.store.Local("OPTIND")
	f.store.Set("OPTIND", "1")
	f.params = []string{"-b"}
	step("b 2")
	f.store.PopFrame()
	f.params = []string{"-ab", "x"}
	step("b 2")
	if st := f.run("getopts", "ab", "o"); st != 1 {
		t.Errorf("end of options: %d", st)
	}
}

func TestGetoptsErrors(t *testing.T) {
	f := newFake()
	if st := f.run("getopts", "a"); st != 2 || f.err.String() != "getopts: usage: getopts optstring name [arg ...]\n" {
		t.Errorf("usage: %d %q", st, f.err.String())
	}
	f = newFake()
	if st := f.run("getopts", "ab", "1x", "-a"); st != 1 || f.err.String() != "gsh: getopts: '1x': not a valid identifier\n" {
		t.Errorf("bad name: %d %q", st, f.err.String())
	}
	f = newFake()
	f.store.Declare("ro", vars.ReadOnly, 0, false, false)
	if st := f.run("getopts", "a", "ro", "-a"); st != 2 || f.err.String() != "gsh: ro: readonly variable\n" {
		t.Errorf("readonly: %d %q", st, f.err.String())
	}
}
