package builtins

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// cmdCase is one builtin invocation with its expected results.
type cmdCase struct {
	cmd      []string
	st       int
	out, err string
}

func runCases(t *testing.T, f *fakeShell, cases []cmdCase) {
	t.Helper()
	for _, c := range cases {
		f.out.Reset()
		f.err.Reset()
		st := f.run(c.cmd[0], c.cmd[1:]...)
		if st != c.st || f.out.String() != c.out || f.err.String() != c.err {
			t.Errorf("%q: status %d out %q err %q; want %d %q %q", c.cmd, st, f.out.String(), f.err.String(), c.st, c.out, c.err)
		}
	}
}

func TestUmask(t *testing.T) {
	old := unix.Umask(0o22)
	defer unix.Umask(old)
	runCases(t, newFake(), []cmdCase{
		{[]string{"umask"}, 0, "0022\n", ""},
		{[]string{"umask", "-S"}, 0, "u=rwx,g=rx,o=rx\n", ""},
		{[]string{"umask", "-p"}, 0, "umask 0022\n", ""},
		{[]string{"umask", "-p", "-S"}, 0, "umask -S u=rwx,g=rx,o=rx\n", ""},
		{[]string{"umask", "027"}, 0, "", ""},
		{[]string{"umask"}, 0, "0027\n", ""},
		{[]string{"umask", "-S"}, 0, "u=rwx,g=rx,o=\n", ""},
		{[]string{"umask", "u=rwx,g=rx,o="}, 0, "", ""},
		{[]string{"umask"}, 0, "0027\n", ""},
		{[]string{"umask", "g-w"}, 0, "", ""},
		{[]string{"umask"}, 0, "0027\n", ""},
		{[]string{"umask", "a+w"}, 0, "", ""},
		{[]string{"umask"}, 0, "0005\n", ""},
		{[]string{"umask", "o+r"}, 0, "", ""},
		{[]string{"umask"}, 0, "0001\n", ""},
		{[]string{"umask", "="}, 0, "", ""},
		{[]string{"umask"}, 0, "0777\n", ""},
		{[]string{"umask", "+x"}, 0, "", ""},
		{[]string{"umask"}, 0, "0666\n", ""},
		{[]string{"umask", "-S", "022"}, 0, "u=rwx,g=rx,o=rx\n", ""},
		{[]string{"umask", "0777", "2"}, 0, "", ""},
		{[]string{"umask"}, 0, "0777\n", ""},
		{[]string{"umask", "8"}, 1, "", "gsh: umask: 8: octal number out of range\n"},
		{[]string{"umask", "1234567"}, 1, "", "gsh: umask: 1234567: octal number out of range\n"},
		{[]string{"umask", "u=q"}, 1, "", "gsh: umask: 'q': invalid symbolic mode character\n"},
		{[]string{"umask", "u=rwx,g=u"}, 1, "", "gsh: umask: 'u': invalid symbolic mode character\n"},
		{[]string{"umask", "u*x"}, 1, "", "gsh: umask: '*': invalid symbolic mode operator\n"},
		{[]string{"umask", "-x"}, 2, "", "gsh: umask: -x: invalid option\numask: usage: umask [-p] [-S] [mode]\n"},
	})
}

func TestUlimit(t *testing.T) {
	var rl unix.Rlimit
	unix.Getrlimit(unix.RLIMIT_CORE, &rl)
	defer unix.Setrlimit(unix.RLIMIT_CORE, &rl)
	unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: rl.Max})
	var nofile unix.Rlimit
	unix.Getrlimit(unix.RLIMIT_NOFILE, &nofile)
	n := func(v uint64) string {
		if v == unix.RLIM_INFINITY {
			return "unlimited"
		}
		return strings.TrimSpace(formatLimit(findLimit('n'), v, false))
	}
	f := newFake()
	runCases(t, f, []cmdCase{
		{[]string{"ulimit", "-c"}, 0, "0\n", ""},
		{[]string{"ulimit", "-n"}, 0, n(nofile.Cur) + "\n", ""},
		{[]string{"ulimit", "-Hn"}, 0, n(nofile.Max) + "\n", ""},
		{[]string{"ulimit", "-n", "-c"}, 0, "open files                          (-n) " + n(nofile.Cur) + "\ncore file size              (blocks, -c) 0\n", ""},
		{[]string{"ulimit", "-p"}, 0, "8\n", ""},
		{[]string{"ulimit", "-S", "-c", "1"}, 0, "", ""},
		{[]string{"ulimit", "-c"}, 0, "1\n", ""},
		{[]string{"ulimit", "-Sc", "soft"}, 0, "", ""},
		{[]string{"ulimit", "-c"}, 0, "1\n", ""},
		{[]string{"ulimit", "-c", "x"}, 1, "", "gsh: ulimit: x: invalid number\n"},
		{[]string{"ulimit", "-p", "1"}, 1, "", "gsh: ulimit: pipe size: cannot modify limit: Invalid argument\n"},
		{[]string{"ulimit", "-b"}, 2, "", "gsh: ulimit: -b: invalid option\nulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n"},
	})
	f.run("ulimit", "-Sc", "0")
	f.out.Reset()
	f.run("ulimit", "-a")
	lines := strings.Split(f.out.String(), "\n")
	if len(lines) != 18 || !strings.HasPrefix(lines[0], "real-time non-blocking time  (microseconds, -R) ") ||
		lines[1] != "core file size              (blocks, -c) 0" ||
		lines[9] != "pipe size                (512 bytes, -p) 8" {
		t.Errorf("ulimit -a:\n%s", f.out.String())
	}
}

func TestAlias(t *testing.T) {
	f := newFake()
	runCases(t, f, []cmdCase{
		{[]string{"alias"}, 0, "", ""},
		{[]string{"alias", "ll=ls -l", "q=it's", "e=", "z='"}, 0, "", ""},
		{[]string{"alias"}, 0, "alias e=''\nalias ll='ls -l'\nalias q='it'\\''s'\nalias z=\\'\n", ""},
		{[]string{"alias", "-p", "ll"}, 0, "alias e=''\nalias ll='ls -l'\nalias q='it'\\''s'\nalias z=\\'\nalias ll='ls -l'\n", ""},
		{[]string{"alias", "nope", "ll"}, 1, "alias ll='ls -l'\n", "gsh: alias: nope: not found\n"},
		{[]string{"alias", "a b=c"}, 1, "", "gsh: alias: 'a b': invalid alias name\n"},
		{[]string{"alias", "x/y=1"}, 1, "", "gsh: alias: 'x/y': invalid alias name\n"},
		{[]string{"alias", "=foo"}, 1, "", "gsh: alias: =foo: not found\n"},
		{[]string{"alias", "-x"}, 2, "", "gsh: alias: -x: invalid option\nalias: usage: alias [-p] [name[=value] ... ]\n"},
		{[]string{"unalias", "nope", "ll"}, 1, "", "gsh: unalias: nope: not found\n"},
		{[]string{"unalias"}, 2, "", "unalias: usage: unalias [-a] name [name ...]\n"},
		{[]string{"alias", "--", "-v=1"}, 0, "", ""},
		{[]string{"alias", "-v"}, 2, "", "gsh: alias: -v: invalid option\nalias: usage: alias [-p] [name[=value] ... ]\n"},
		{[]string{"alias", "--", "-v"}, 0, "alias -- -v='1'\n", ""},
		{[]string{"unalias", "-a"}, 0, "", ""},
		{[]string{"alias"}, 0, "", ""},
	})
}

func TestShift(t *testing.T) {
	f := newFake()
	f.params = []string{"a", "b", "c"}
	runCases(t, f, []cmdCase{
		{[]string{"shift"}, 0, "", ""},
		{[]string{"shift", "3"}, 1, "", ""},
		{[]string{"shift", "0"}, 0, "", ""},
		{[]string{"shift", "-1"}, 1, "", "gsh: shift: -1: shift count out of range\n"},
		{[]string{"shift", "x"}, 1, "", "gsh: shift: x: numeric argument required\n"},
		{[]string{"shift", ""}, 1, "", "gsh: shift: : numeric argument required\n"},
		{[]string{"shift", "1", "2"}, 1, "", "gsh: shift: too many arguments\n"},
		{[]string{"shift", "--", " 1"}, 0, "", ""},
	})
	if len(f.params) != 1 || f.params[0] != "c" {
		t.Errorf("params %q", f.params)
	}
	f.opts["shift_verbose"] = true
	runCases(t, f, []cmdCase{
		{[]string{"shift", "2"}, 1, "", "gsh: shift: 2: shift count out of range\n"},
		{[]string{"shift", "1"}, 0, "", ""},
		{[]string{"shift"}, 1, "", "gsh: shift: shift count out of range\n"},
	})
}

func TestTrap(t *testing.T) {
	f := newFake()
	runCases(t, f, []cmdCase{
		{[]string{"trap"}, 0, "", ""},
		{[]string{"trap", "echo hi", "int", "SIGTERM", "0"}, 0, "", ""},
		{[]string{"trap", "", "HUP"}, 0, "", ""},
		{[]string{"trap", "it's", "ERR", "RTMIN+2"}, 0, "", ""},
		{[]string{"trap"}, 0, "trap -- 'echo hi' EXIT\ntrap -- '' SIGHUP\ntrap -- 'echo hi' SIGINT\ntrap -- 'echo hi' SIGTERM\ntrap -- 'it'\\''s' SIGRTMIN+2\ntrap -- 'it'\\''s' ERR\n", ""},
		{[]string{"trap", "-p", "INT", "FOO", "QUIT", "EXIT"}, 1, "trap -- 'echo hi' SIGINT\ntrap -- 'echo hi' EXIT\n", "gsh: trap: FOO: invalid signal specification\n"},
		{[]string{"trap", "x", "FOO", "USR1"}, 1, "", "gsh: trap: FOO: invalid signal specification\n"},
		{[]string{"trap", "-", "USR1", "HUP"}, 0, "", ""},
		{[]string{"trap", "2", "15"}, 0, "", ""},
		{[]string{"trap", "RTMIN+2"}, 0, "", ""},
		{[]string{"trap", "-p"}, 0, "trap -- 'echo hi' EXIT\ntrap -- 'it'\\''s' ERR\n", ""},
		{[]string{"trap", "x"}, 2, "", "trap: usage: trap [-lp] [[arg] signal_spec ...]\n"},
		{[]string{"trap", "-"}, 2, "", "trap: usage: trap [-lp] [[arg] signal_spec ...]\n"},
		{[]string{"trap", "-x"}, 2, "", "gsh: trap: -x: invalid option\ntrap: usage: trap [-lp] [[arg] signal_spec ...]\n"},
		{[]string{"trap", "-l", "x"}, 0, SignalTable(false), ""},
	})
	if len(f.traps) != 2 || f.traps["EXIT"] != "echo hi" || f.traps["ERR"] != "it's" {
		t.Errorf("traps %q", f.traps)
	}
	f.opts["posix"] = true
	f.out.Reset()
	f.run("trap", "-p")
	if !strings.HasPrefix(f.out.String(), "trap -- 'echo hi' EXIT\ntrap -- - HUP\n") || !strings.Contains(f.out.String(), "trap -- - 32\n") {
		t.Errorf("posix trap -p:\n%s", f.out.String())
	}
}

// shellWithFuncs adds functions to the fake shell.
type shellWithFuncs struct {
	*fakeShell
	funcs map[string]string
}

func (s shellWithFuncs) FuncSource(name string) (string, bool) {
	src, ok := s.funcs[name]
	return src, ok
}

func TestTypeAndCommand(t *testing.T) {
	dir := t.TempDir()
	for name, mode := range map[string]os.FileMode{"p1/foo": 0o644, "p2/foo": 0o755, "p1/bar": 0o644, "p2/echo": 0o755} {
		os.MkdirAll(dir+"/"+name[:2], 0o755)
		os.WriteFile(dir+"/"+name, nil, mode)
	}
	os.MkdirAll(dir+"/p2/dd", 0o755)
	f := newFake()
	f.cwd = dir
	f.opts["expand_aliases"] = true
	f.aliases["ll"] = "ls -l"
	f.hash["hs"] = "/x/hs"
	f.store.Set("PATH", dir+"/p1:"+dir+"/p2")
	sh := shellWithFuncs{f, map[string]string{"fn": "fn () \n{ \n    echo hi\n}\n"}}
	run := func(args ...string) (int, string, string) {
		f.out.Reset()
		f.err.Reset()
		st := Lookup(args[0]).Fn(sh, args)
		return st, strings.ReplaceAll(f.out.String(), dir, "D"), f.err.String()
	}
	tests := []cmdCase{
		{[]string{"type", "ll", "fn", "cd", "if", "foo", "hs", "nope"}, 1,
			"ll is aliased to 'ls -l'\nfn is a function\nfn () \n{ \n    echo hi\n}\ncd is a shell builtin\nif is a shell keyword\nfoo is D/p2/foo\nhs is hashed (/x/hs)\n",
			"gsh: type: nope: not found\n"},
		{[]string{"type", "-t", "ll", "fn", "cd", "if", "foo", "nope"}, 1, "alias\nfunction\nbuiltin\nkeyword\nfile\n", ""},
		{[]string{"type", "bar"}, 0, "bar is D/p1/bar\n", ""},
		{[]string{"type", "-a", "bar"}, 1, "", "gsh: type: bar: not found\n"},
		{[]string{"type", "dd"}, 1, "", "gsh: type: dd: not found\n"},
		{[]string{"type", "-a", "echo", "foo"}, 0, "echo is a shell builtin\necho is D/p2/echo\nfoo is D/p2/foo\n", ""},
		{[]string{"type", "-p", "cd", "foo"}, 0, "D/p2/foo\n", ""},
		{[]string{"type", "-P", "cd", "foo"}, 1, "D/p2/foo\n", ""},
		{[]string{"type", "-f", "fn"}, 1, "", "gsh: type: fn: not found\n"},
		{[]string{"type", "-af", "echo"}, 0, "echo is a shell builtin\necho is D/p2/echo\n", ""},
		{[]string{"type", "./p2/foo", "p1/foo"}, 1, "./p2/foo is ./p2/foo\n", "gsh: type: p1/foo: not found\n"},
		{[]string{"type"}, 0, "", ""},
		{[]string{"type", "-x"}, 2, "", "gsh: type: -x: invalid option\ntype: usage: type [-afptP] name [name ...]\n"},
		{[]string{"command", "-v", "ll", "fn", "cd", "if", "foo", "nope"}, 0, "alias ll='ls -l'\nfn\ncd\nif\nD/p2/foo\n", ""},
		{[]string{"command", "-v", "nope"}, 1, "", ""},
		{[]string{"command", "-V", "ll", "nope"}, 0, "ll is aliased to 'ls -l'\n", "gsh: command: nope: not found\n"},
		{[]string{"command"}, 0, "", ""},
	}
	for _, c := range tests {
		st, out, errs := run(c.cmd...)
		if st != c.st || out != c.out || errs != c.err {
			t.Errorf("%q: status %d out %q err %q; want %d %q %q", c.cmd, st, out, errs, c.st, c.out, c.err)
		}
	}
	f.store.Set("PATH", ".:"+dir+"/p1")
	os.WriteFile(dir+"/loc", nil, 0o755)
	for _, c := range []cmdCase{
		{[]string{"type", "loc"}, 0, "loc is ./loc\n", ""},
		{[]string{"command", "-V", "loc"}, 0, "loc is D/loc\n", ""},
	} {
		st, out, errs := run(c.cmd...)
		if st != c.st || out != c.out || errs != c.err {
			t.Errorf("%q: status %d out %q err %q; want %d %q %q", c.cmd, st, out, errs, c.st, c.out, c.err)
		}
	}
	var called string
	f.evalFn = func(src string) int { called = src + " PATH=" + f.store.Str("PATH"); return 3 }
	if st, _, _ := run("command", "-p", "ls", "-l"); st != 3 || called != "ls -l PATH=/bin:/usr/bin" || f.store.Str("PATH") != ".:"+dir+"/p1" {
		t.Errorf("command -p: %d %q PATH %q", st, called, f.store.Str("PATH"))
	}
}

func TestHash(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(dir+"/ls", nil, 0o755)
	os.WriteFile(dir+"/cat", nil, 0o755)
	f := newFake()
	f.opts["hashall"] = true
	f.store.Set("PATH", dir)
	runCases(t, f, []cmdCase{
		{[]string{"hash"}, 0, "hash: hash table empty\n", ""},
		{[]string{"hash", "-l"}, 0, "", ""},
		{[]string{"hash", "ls", "cat", "nope", "cd", "/bin/x"}, 1, "", "gsh: hash: nope: not found\n"},
		{[]string{"hash"}, 0, "hits\tcommand\n   0\t" + dir + "/ls\n   0\t" + dir + "/cat\n", ""},
		{[]string{"hash", "-p", "/a b", "x y"}, 0, "", ""},
		{[]string{"hash", "-l"}, 0, "builtin hash -p " + dir + "/ls ls\nbuiltin hash -p '/a b' 'x y'\nbuiltin hash -p " + dir + "/cat cat\n", ""},
		{[]string{"hash", "-t", "x y", "nope", "ls"}, 1, "x y\t/a b\nls\t" + dir + "/ls\n", "gsh: hash: nope: not found\n"},
		{[]string{"hash", "-t", "ls"}, 0, dir + "/ls\n", ""},
		{[]string{"hash", "-lt", "x y"}, 0, "builtin hash -p /a b x y\n", ""},
		{[]string{"hash", "-d", "ls"}, 0, "", ""},
		{[]string{"hash", "-d", "ls"}, 1, "", "gsh: hash: ls: not found\n"},
		{[]string{"hash", "-d"}, 1, "", "gsh: hash: -d: option requires an argument\n"},
		{[]string{"hash", "-p", dir, "x"}, 1, "", "gsh: hash: " + dir + ": Is a directory\n"},
		{[]string{"hash", "-r"}, 0, "", ""},
		{[]string{"hash"}, 0, "hash: hash table empty\n", ""},
	})
	f.opts["hashall"] = false
	runCases(t, f, []cmdCase{{[]string{"hash"}, 1, "", "gsh: hash: hashing disabled\n"}})
}

func TestHelp(t *testing.T) {
	f := newFake()
	runCases(t, f, []cmdCase{
		{[]string{"help", "-s", "pwd", "if"}, 0, "pwd: pwd [-LP]\nif: if COMMANDS; then COMMANDS; [ elif COMMANDS; then COMMANDS; ]... [ else COMMANDS; ] fi\n", ""},
		{[]string{"help", "-s", "pu"}, 0, "pushd: pushd [-n] [+N | -N | dir]\n", ""},
		{[]string{"help", "-d", "p?d"}, 0, "Shell commands matching keyword 'p?d'\n\npwd - " + builtinDesc()["pwd"] + "\n", ""},
		{[]string{"help", "pwd"}, 0, "pwd: pwd [-LP]\n    " + builtinDesc()["pwd"] + "\n", ""},
		{[]string{"help", "zzz"}, 1, "", "gsh: help: no help topics match 'zzz'.  Try 'help help' or 'man -k zzz' or 'info zzz'.\n"},
		{[]string{"pwd", "--help"}, 2, "pwd: pwd [-LP]\n    " + builtinDesc()["pwd"] + "\n", ""},
	})
	f.store.Set("COLUMNS", "80")
	f.out.Reset()
	f.run("help")
	lines := strings.Split(f.out.String(), "\n")
	var row string
	for _, l := range lines {
		if strings.HasPrefix(l, " alias ") {
			row = l
		}
	}
	if lines[0] != "gsh, version "+Version || !strings.HasPrefix(lines[1], "These shell commands are defined internally.") ||
		!strings.HasPrefix(row, " alias [-p] [name[=value] ... ]         ") || len(row) < 41 {
		t.Errorf("help listing:\n%s", f.out.String())
	}
	// A synopsis too long for its column is cut and marked with '>'; the
	// second column, where read falls, is a byte narrower (bash 5.2).
	found := false
	for _, l := range lines {
		if i := strings.Index(l, " read [-ers]"); i >= 0 {
			found = true
			if l[i:] != " read [-ers] [-a array] [-d delim] [->" {
				t.Errorf("truncation: %q", l)
			}
		}
	}
	if !found {
		t.Errorf("no read row in help listing:\n%s", f.out.String())
	}
}
