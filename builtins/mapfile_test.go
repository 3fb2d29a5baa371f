package builtins

import (
	"io"
	"strings"
	"testing"

	"gsh/shell/vars"
)

func TestMapfile(t *testing.T) {
	tests := []struct {
		in   string
		args []string
		pre  []string // x's elements before
		st   int
		want string
		err  string
	}{
		{"a\nb\nc\n", []string{"mapfile"}, nil, 0, "MAPFILE=(a\n|b\n|c\n)", ""},
		{"a\nb\nc", []string{"mapfile", "-t", "x"}, nil, 0, "x=(a|b|c)", ""},
		{"a\nb\nc\nd\n", []string{"readarray", "-n", "2", "-s", "1", "-t", "x"}, nil, 0, "x=(b|c)", ""},
		{"a,b,c", []string{"mapfile", "-d", ",", "x"}, nil, 0, "x=(a,|b,|c)", ""},
		{"a\x00b\x00", []string{"mapfile", "-d", "", "-t", "x"}, nil, 0, "x=(a|b)", ""},
		{"a\r\nb\n", []string{"mapfile", "-t", "x"}, nil, 0, "x=(a\r|b)", ""},
		{"a\nb\n", []string{"mapfile", "-O", "2", "-t", "x"}, []string{"1", "2", "3", "4", "5"}, 0, "x=(1|2|a|b|5)", ""},
		{"a\nb\n", []string{"mapfile", "-t", "x"}, []string{"1", "2", "3"}, 0, "x=(a|b)", ""},
		{"", []string{"mapfile", "x"}, []string{"1"}, 0, "x=()", ""},
		{"", []string{"mapfile", "-c", "0", "x"}, nil, 1, "", "gsh: mapfile: 0: invalid callback quantum\n"},
		{"", []string{"mapfile", "-n", "x", "x"}, nil, 1, "", "gsh: mapfile: x: invalid line count\n"},
		{"", []string{"mapfile", "-O", "-1", "x"}, nil, 1, "", "gsh: mapfile: -1: invalid array origin\n"},
		{"", []string{"mapfile", "-s", "-1", "x"}, nil, 1, "", "gsh: mapfile: -1: invalid line count\n"},
		{"", []string{"readarray", "-u", "9", "x"}, nil, 1, "", "gsh: readarray: 9: invalid file descriptor: Bad file descriptor\n"},
		{"", []string{"mapfile", "1x"}, nil, 1, "", "gsh: mapfile: '1x': not a valid identifier\n"},
		{"", []string{"mapfile", ""}, nil, 2, "", "gsh: mapfile: empty array variable name\n"},
		{"", []string{"mapfile", "-q"}, nil, 2, "", "gsh: mapfile: -q: invalid option\nmapfile: usage: mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c quantum] [array]\n"},
	}
	for _, pipe := range []bool{false, true} {
		for _, tc := range tests {
			f := newFake()
			if tc.pre != nil {
				elems := make([]vars.Elem, len(tc.pre))
				for i, v := range tc.pre {
					elems[i].Value = v
				}
				f.store.AssignList("x", elems, false)
			}
			inputFile(t, f, 0, tc.in, pipe)
			st := f.run(tc.args[0], tc.args[1:]...)
			got := varDump(f, "x", "MAPFILE")
			if st != tc.st || got != tc.want || f.err.String() != tc.err {
				t.Errorf("pipe=%v %q <<< %q: status %d, %q, err %q; want %d, %q, %q",
					pipe, tc.args, tc.in, st, got, f.err.String(), tc.st, tc.want, tc.err)
			}
		}
	}
}

func TestMapfileErrors(t *testing.T) {
	f := newFake()
	f.store.Declare("A", vars.Assoc, 0, false, false)
	f.store.Declare("R", vars.ReadOnly, 0, false, false)
	inputFile(t, f, 0, "", false)
	if st := f.run("mapfile", "A"); st != 1 {
		t.Errorf("assoc: %d", st)
	}
	if st := f.run("mapfile", "R"); st != 1 {
		t.Errorf("readonly: %d", st)
	}
	if want := "gsh: mapfile: A: not an indexed array\ngsh: R: readonly variable\n"; f.err.String() != want {
		t.Errorf("errors %q, want %q", f.err.String(), want)
	}
}

func TestMapfileCallbackAndRest(t *testing.T) {
	for _, pipe := range []bool{false, true} {
		f := newFake()
		var calls []string
		f.evalFn = func(src string) int { calls = append(calls, src); return 0 }
		in := inputFile(t, f, 0, "a\nb\nc\nd\ne\n", pipe)
		f.run("mapfile", "-n", "3", "-C", "cb", "-c", "2", "x")
		rest, _ := io.ReadAll(in)
		if got := strings.Join(calls, ";"); got != "cb 1 'b\n'" || string(rest) != "d\ne\n" {
			t.Errorf("pipe=%v: callbacks %q, rest %q", pipe, got, rest)
		}
	}
}
