package interactive

import "testing"

func TestHistExpand(t *testing.T) {
	h := newHistory()
	for _, e := range []string{"echo one", "ls -l /usr/lib/file.tar.gz", "printf '%s\\n' a 'b c' d", "echo two"} {
		h.Add(e)
	}
	cases := []struct{ in, out, err string }{
		{"!!", "echo two", ""},
		{"!1", "echo one", ""},
		{"!-2", "printf '%s\\n' a 'b c' d", ""},
		{"!ls", "ls -l /usr/lib/file.tar.gz", ""},
		{"!?tar?", "ls -l /usr/lib/file.tar.gz", ""},
		{"x !$", "x two", ""},
		{"x !^", "x two", ""},
		{"x !*", "x two", ""},
		{"x !-2:2", "x a", ""},
		{"x !-2:3", "x 'b c'", ""},
		{"x !-2:1-2", "x '%s\\n' a", ""},
		{"x !-2:2*", "x a 'b c' d", ""},
		{"x !-2:2-", "x a 'b c'", ""},
		{"x !ls:$:h", "x /usr/lib", ""},
		{"x !ls:$:t", "x file.tar.gz", ""},
		{"x !ls:$:r", "x /usr/lib/file.tar", ""},
		{"x !ls:$:e", "x .gz", ""},
		{"!!:s/two/three/", "echo three", ""},
		{"^two^four^", "echo four", ""},
		{"^two^four", "echo four", ""},
		{"!ls:gs/l/L/", "Ls -L /usr/Lib/fiLe.tar.gz", ""},
		{"echo '!!' \\!! \"a!\" x! !=", "echo '!!' \\!! \"a!\" x! !=", ""},
		{"echo \"!!\"", "echo \"echo two\"", ""},
		{"echo $!; ${!ref} ${!a[@]}", "echo $!; ${!ref} ${!a[@]}", ""},
		{"!nope", "", "!nope: event not found"},
		{"!99", "", "!99: event not found"},
		{"^zz^y", "", ":s^zz^y: substitution failed"},
		{"!!:9", "", "!!:9: bad word specifier"},
	}
	for _, c := range cases {
		x := histExpander{hist: h}
		r, err := x.expand(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || r.line != c.out {
			t.Errorf("%q: got %q, %v; want %q", c.in, r.line, err, c.out)
		}
		if r.changed != (c.in != c.out) {
			t.Errorf("%q: changed %v", c.in, r.changed)
		}
	}
	x := histExpander{hist: h}
	if r, _ := x.expand("!!:p"); !r.printOnly || r.line != "echo two" {
		t.Errorf(":p gives %+v", r)
	}
	x.soFar = "echo a\n"
	if r, _ := x.expand("x !#"); r.line != "x echo a\nx " {
		t.Errorf("!# gives %q", r.line)
	}
}

func TestHistWords(t *testing.T) {
	got := histWords(`cat <a.txt|grep -e 'x y' "q \" r">>out; echo \ z`)
	want := []string{"cat", "<", "a.txt", "|", "grep", "-e", "'x y'", `"q \" r"`, ">>", "out", ";", "echo", `\ z`}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}
