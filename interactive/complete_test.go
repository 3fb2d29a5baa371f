package interactive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCompLine(t *testing.T) {
	cases := []struct {
		line   string
		words  string // words of the command, | separated
		cur    int
		cmdPos bool
		quote  byte
	}{
		{"ec", "ec", 0, true, 0},
		{"echo a", "echo|a", 1, false, 0},
		{"echo a; ls -", "ls|-", 1, false, 0},
		{"echo a | gr", "gr", 0, true, 0},
		{"if tr", "if|tr", 1, true, 0},
		{"A=1 B=2 cm", "A=1|B=2|cm", 2, true, 0},
		{"echo $(ca", "ca", 0, true, 0},
		{"cat < fi", "cat|<|fi", 2, false, 0},
		{"echo 'my fi", "echo|'my fi", 1, false, '\''},
		{`echo "a b`, `echo|"a b`, 1, false, '"'},
		{`echo my\ fi`, `echo|my\ fi`, 1, false, 0},
		{"echo ", "echo|", 1, false, 0},
	}
	for _, c := range cases {
		cl := parseCompLine(c.line, len(c.line))
		var ws []string
		for _, w := range cl.words {
			ws = append(ws, w.text)
		}
		if got := strings.Join(ws, "|"); got != c.words || cl.cur != c.cur || cl.cmdPos != c.cmdPos || cl.quote != c.quote {
			t.Errorf("%q: words %q cur %d cmdPos %v quote %q; want %q %d %v %q",
				c.line, got, cl.cur, cl.cmdPos, cl.quote, c.words, c.cur, c.cmdPos, c.quote)
		}
	}
	// The cursor inside a line: later words count too (COMP_WORDS).
	cl := parseCompLine("git com --amend", 6)
	if len(cl.words) != 3 || cl.cur != 1 || cl.words[1].text != "com" {
		t.Errorf("mid-line: %+v", cl)
	}
}

func TestUnquoteWord(t *testing.T) {
	for in, want := range map[string]string{
		`my\ file`: "my file", `'a b`: "a b", `"x\"y`: `x"y`, `a'b'c`: "abc", `$HOME/x`: "$HOME/x",
	} {
		if got := unquoteWord(in); got != want {
			t.Errorf("unquoteWord(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompletionInsertion(t *testing.T) {
	cases := []struct {
		r    completion
		want string
		ok   bool
	}{
		{completion{raw: "my", cands: []string{"my file.txt"}, files: true}, `my\ file.txt `, true},
		{completion{raw: "'my", quote: '\'', opened: true, cands: []string{"my file's"}, files: true}, `'my file'\''s' `, true},
		{completion{raw: `"a`, quote: '"', opened: true, cands: []string{"a$b"}, files: true}, `"a\$b" `, true},
		{completion{raw: "su", cands: []string{"sub dir/", "subway"}, files: true}, "sub", true},
		{completion{raw: "sub", cands: []string{"sub dir/", "subway"}, files: true}, "", false},
		{completion{raw: "d/x", keep: "d/", cands: []string{"xy/"}, files: true}, "d/xy/", true},
		{completion{raw: "$HO", cands: []string{"$HOME", "$HOSTNAME"}}, "", false},
		{completion{raw: "$HOM", cands: []string{"$HOME"}}, "$HOME ", true},
	}
	for _, c := range cases {
		got, ok := c.r.insertion()
		if got != c.want || ok != c.ok {
			t.Errorf("%+v: %q %v, want %q %v", c.r, got, ok, c.want, c.ok)
		}
	}
	r := completion{raw: "d/fi", keep: "d/", cands: []string{"file1", "file2"}, files: true}
	list, n := r.listing()
	if n != 2 || len(list) != 2 || string(list[0]) != "le1" {
		t.Errorf("listing %q %d", list, n)
	}
}

func TestListDir(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.txt", ".hidden", "ab/"} {
		p := filepath.Join(dir, n)
		if strings.HasSuffix(n, "/") {
			os.Mkdir(p, 0755)
		} else {
			os.WriteFile(p, nil, 0644)
		}
	}
	got := listDir(nil, dir+"/", "a", nil)
	if strings.Join(got, ",") != "a.txt,ab/" {
		t.Errorf("listDir: %q", got)
	}
	if got := listDir(nil, dir+"/", ".", nil); strings.Join(got, ",") != ".hidden" {
		t.Errorf("listDir dot: %q", got)
	}
}
