package interactive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gsh/builtins"
	"gsh/shell"
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
	// The cursor inside a line: later words count too (COMP_WORDS), up to
	// the end of the command, split as before the cursor.
	mid := []struct {
		line  string
		pos   int
		words string
		cur   int
		cmd   int
	}{
		{"git com --amend", 6, "git|com|--amend", 1, 0},
		{"cat fi>out x", 6, "cat|fi|>|out|x", 1, 0},
		{"cat fi>out x", 12, "cat|fi|>|out|x", 4, 0},
		{"cat fi $(ls) x", 6, "cat|fi", 1, 0},
		{"cat fi; ls x", 6, "cat|fi", 1, 0},
		{"cat  x", 4, "cat||x", 1, 0},
		{"cat 'a b' x", 6, "cat|'a b'|x", 1, 0},
		{"ls a; cat fi x", 12, "cat|fi|x", 1, 0},
		{"A=1 cm x", 6, "A=1|cm|x", 1, -1},
	}
	for _, c := range mid {
		cl := parseCompLine(c.line, c.pos)
		var ws []string
		for _, w := range cl.words {
			ws = append(ws, w.text)
		}
		if got := strings.Join(ws, "|"); got != c.words || cl.cur != c.cur || cl.cmd != c.cmd {
			t.Errorf("%q at %d: words %q cur %d cmd %d; want %q %d %d",
				c.line, c.pos, got, cl.cur, cl.cmd, c.words, c.cur, c.cmd)
		}
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

// testShell is a main shell state whose working directory is dir.
func testShell(t *testing.T, dir string) *shell.Shell {
	t.Helper()
	sh := shell.NewRuntime(shell.Config{Name: "gsh"}).NewMain("gsh", nil)
	if err := sh.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	return sh
}

// A spec's directory candidates keep the directory part of the word,
// whichever way they come (-o dirnames falls back to them).
func TestSpecDirectoryPart(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub", "xy"), 0755)
	os.WriteFile(filepath.Join(dir, "sub", "xfile"), nil, 0644)
	sh := testShell(t, dir)
	c := &completer{shell: func() builtins.Shell { return sh }}
	t.Cleanup(func() { sh.Eval("complete -r foo", "test") })
	for _, spec := range []string{"complete -o dirnames -W '' foo", "complete -d foo", "complete -o plusdirs -W '' foo"} {
		sh.Eval(spec, "test")
		r := c.complete("foo sub/x", 9)
		if got, _ := r.insertion(); got != "sub/xy/" {
			t.Errorf("%s: foo sub/x completes to %q, want sub/xy/", spec, got)
		}
	}
}

func TestFilterOut(t *testing.T) {
	sh := testShell(t, t.TempDir())
	cases := []struct {
		extglob   bool
		pat, word string
		in, kept  string
	}{
		{false, "[!a]*", "", "abc bcd", "abc"},
		{false, "!a*", "", "abc bcd", "abc"},
		{false, "*.@(o|so)", "", "a.o a.so a.c", "a.o a.so a.c"},
		{true, "*.@(o|so)", "", "a.o a.so a.c", "a.c"},
		{true, "!(*.c)", "", "a.o a.c b.c", "a.c b.c"},
		{false, "&?", "a*", "a*1 ab1 a*", "ab1 a*"},
		{false, `a\&*`, "", "ab a&b", "ab"},
	}
	for _, c := range cases {
		sh.SetOptionByName("extglob", c.extglob)
		got := strings.Join(filterOut(sh, strings.Fields(c.in), c.pat, c.word), " ")
		if got != c.kept {
			t.Errorf("extglob %v: -X %q on %q keeps %q, want %q", c.extglob, c.pat, c.in, got, c.kept)
		}
	}
}
