package builtins

import (
	"strings"
	"testing"

	"gsh/shell/vars"
)

// bashCase is one builtin invocation with bash's output, error output and
// status (error lines as the fake shell prints them: "gsh: " prefix).
type bashCase struct {
	args  []string
	out   string
	err   string
	st    int
	c     bool // run in the C locale rather than C.UTF-8
	setup func(f *fakeShell)
}

// newCaseShell is a fake shell with TZ=UTC exported, as the cases were
// recorded.
func newCaseShell(t *testing.T) *fakeShell {
	f := newFake()
	if err := f.store.Set("TZ", "UTC"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Declare("TZ", vars.Export, 0, false, false); err != nil {
		t.Fatal(err)
	}
	return f
}

func checkCases(t *testing.T, cases []bashCase) {
	t.Helper()
	defer SetUTF8(UTF8())
	for _, c := range cases {
		SetUTF8(!c.c)
		f := newCaseShell(t)
		if c.setup != nil {
			c.setup(f)
		}
		st := f.run(c.args[0], c.args[1:]...)
		if f.out.String() != c.out || f.err.String() != c.err || st != c.st {
			t.Errorf("%s\n got out %q err %q st %d\nwant out %q err %q st %d",
				strings.Join(quoteAll(c.args), " "), f.out.String(), f.err.String(), st, c.out, c.err, c.st)
		}
	}
}

func quoteAll(a []string) []string {
	out := make([]string, len(a))
	for i, s := range a {
		out[i] = QuoteQ(s)
	}
	return out
}

func TestPrintfCases(t *testing.T) { checkCases(t, printfCases) }

func TestEchoCases(t *testing.T) { checkCases(t, echoCases) }

func TestTestCases(t *testing.T) { checkCases(t, testCases) }
