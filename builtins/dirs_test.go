package builtins

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dirTree makes root/d1/sub, root/d2, root/lnk -> d1/sub and a file.
func dirTree(t *testing.T) string {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"d1/sub", "d2"} {
		if err := os.MkdirAll(root+"/"+d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(root+"/d1/sub", root+"/lnk"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(root+"/file", nil, 0o644)
	return root
}

func TestCd(t *testing.T) {
	root := dirTree(t)
	type step struct {
		args     []string
		st       int
		cwd, out string
		err      string
	}
	tests := []struct {
		name  string
		setup map[string]string
		steps []step
	}{
		{"logical", nil, []step{
			{[]string{"lnk"}, 0, "R/lnk", "", ""},
			{[]string{".."}, 0, "R", "", ""},
			{[]string{"-P", "lnk"}, 0, "R/d1/sub", "", ""},
			{[]string{"-"}, 0, "R", "R\n", ""},
			{[]string{"lnk/../d2"}, 0, "R/d2", "", ""},
			{[]string{"-P", "R/lnk/.."}, 0, "R/d1", "", ""},
			{[]string{"-L", "R//d1/./sub/"}, 0, "R/d1/sub", "", ""},
			{[]string{"/" + "R"}, 0, "/R", "", ""},
			{[]string{""}, 0, "/R", "", ""},
		}},
		{"errors", nil, []step{
			{[]string{"R/nonexist"}, 1, "R", "", "gsh: cd: R/nonexist: No such file or directory\n"},
			{[]string{"R/file"}, 1, "R", "", "gsh: cd: R/file: Not a directory\n"},
			{[]string{"R/nonex/.."}, 1, "R", "", "gsh: cd: R/nonex/..: No such file or directory\n"},
			{[]string{"R/file/.."}, 1, "R", "", "gsh: cd: R/file/..: Not a directory\n"},
			{[]string{"a", "b"}, 1, "R", "", "gsh: cd: too many arguments\n"},
			{nil, 1, "R", "", "gsh: cd: HOME not set\n"},
			{[]string{"-"}, 1, "R", "", "gsh: cd: OLDPWD not set\n"},
			{[]string{"-x"}, 2, "R", "", "gsh: cd: -x: invalid option\ncd: usage: cd [-L|[-P [-e]]] [dir]\n"},
		}},
		{"home", map[string]string{"HOME": "R/d2"}, []step{
			{nil, 0, "R/d2", "", ""},
		}},
		{"cdpath", map[string]string{"CDPATH": ":R"}, []step{
			{[]string{"d1"}, 0, "R/d1", "", ""},
			{[]string{"d2"}, 0, "R/d2", "R/d2\n", ""},
			{[]string{"./d1"}, 1, "R/d2", "", "gsh: cd: ./d1: No such file or directory\n"},
			{[]string{"lnk"}, 0, "R/lnk", "R/lnk\n", ""},
			{[]string{"-P", "lnk"}, 0, "R/d1/sub", "R/lnk\n", ""},
		}},
	}
	for _, tc := range tests {
		f := newFake()
		f.cwd = root
		for k, v := range tc.setup {
			f.store.Set(k, strings.ReplaceAll(v, "R", root))
		}
		for _, s := range tc.steps {
			f.out.Reset()
			f.err.Reset()
			args := make([]string, len(s.args))
			for i, a := range s.args {
				args[i] = strings.ReplaceAll(a, "R", root)
			}
			st := f.run("cd", args...)
			cwd := strings.ReplaceAll(s.cwd, "R", root)
			out := strings.ReplaceAll(s.out, "R", root)
			errs := strings.ReplaceAll(s.err, "R", root)
			if st != s.st || f.cwd != cwd || f.out.String() != out || f.err.String() != errs {
				t.Errorf("%s: cd %q: status %d cwd %q out %q err %q; want %d %q %q %q",
					tc.name, args, st, f.cwd, f.out.String(), f.err.String(), s.st, cwd, out, errs)
			}
			if st == 0 && f.store.Str("PWD") != f.cwd {
				t.Errorf("%s: cd %q: PWD %q, cwd %q", tc.name, args, f.store.Str("PWD"), f.cwd)
			}
		}
	}
}

func TestCdSetsOldPWD(t *testing.T) {
	root := dirTree(t)
	f := newFake()
	f.store.Set("PWD", "/custom")
	f.run("cd", root)
	if f.store.Str("OLDPWD") != "/custom" || f.store.Str("PWD") != root {
		t.Errorf("OLDPWD %q PWD %q", f.store.Str("OLDPWD"), f.store.Str("PWD"))
	}
	f.store.Unset("PWD", false)
	f.run("cd", root+"/d1")
	if v := f.store.Get("OLDPWD"); v == nil || v.IsSet() {
		t.Errorf("OLDPWD should be declared without a value after PWD was unset: %v", v)
	}
}

func TestPwd(t *testing.T) {
	root := dirTree(t)
	f := newFake()
	f.cwd = root + "/lnk"
	f.run("pwd")
	f.run("pwd", "-P")
	f.run("pwd", "-P", "-L")
	f.opts["physical"] = true
	f.run("pwd")
	want := root + "/lnk\n" + root + "/d1/sub\n" + root + "/lnk\n" + root + "/d1/sub\n"
	if f.out.String() != want {
		t.Errorf("pwd printed %q, want %q", f.out.String(), want)
	}
	if st := f.run("pwd", "-x"); st != 2 || f.err.String() != "gsh: pwd: -x: invalid option\npwd: usage: pwd [-LP]\n" {
		t.Errorf("pwd -x: %d %q", st, f.err.String())
	}
}

func TestDirStack(t *testing.T) {
	root := dirTree(t)
	f := newFake()
	f.store.Set("HOME", root)
	f.cwd = root
	steps := []struct {
		cmd  string
		st   int
		out  string
		err  string
		cwd  string
		rest []string
	}{
		{"dirs", 0, "~\n", "", "R", nil},
		{"pushd", 1, "", "gsh: pushd: no other directory\n", "R", nil},
		{"pushd d1", 0, "~/d1 ~\n", "", "R/d1", nil},
		{"pushd R/d2", 0, "~/d2 ~/d1 ~\n", "", "R/d2", nil},
		{"pushd -n /etc", 0, "~/d2 /etc ~/d1 ~\n", "", "R/d2", nil},
		{"dirs -v", 0, " 0  ~/d2\n 1  /etc\n 2  ~/d1\n 3  ~\n", "", "R/d2", nil},
		{"dirs -p", 0, "~/d2\n/etc\n~/d1\n~\n", "", "R/d2", nil},
		{"dirs -l", 0, "R/d2 /etc R/d1 R\n", "", "R/d2", nil},
		{"dirs +1", 0, "/etc\n", "", "R/d2", nil},
		{"dirs -0", 0, "~\n", "", "R/d2", nil},
		{"dirs -v +1", 0, " 1  /etc\n", "", "R/d2", nil},
		{"dirs -v -1", 0, " 2  ~/d1\n", "", "R/d2", nil},
		{"dirs +9", 1, "", "gsh: dirs: 9: directory stack index out of range\n", "R/d2", nil},
		{"dirs -lv", 2, "", "gsh: dirs: -lv: invalid number\ndirs: usage: dirs [-clpv] [+N] [-N]\n", "R/d2", nil},
		{"dirs x", 2, "", "gsh: dirs: x: invalid option\ndirs: usage: dirs [-clpv] [+N] [-N]\n", "R/d2", nil},
		{"pushd +1", 0, "/etc ~/d1 ~ ~/d2\n", "", "/etc", nil},
		{"popd +1", 0, "/etc ~ ~/d2\n", "", "/etc", nil},
		{"pushd +1", 0, "~ ~/d2 /etc\n", "", "R", nil},
		{"pushd -1", 0, "~/d2 /etc ~\n", "", "R/d2", nil},
		{"pushd +9", 1, "", "gsh: pushd: +9: directory stack index out of range\n", "R/d2", nil},
		{"pushd -x", 2, "", "gsh: pushd: -x: invalid number\npushd: usage: pushd [-n] [+N | -N | dir]\n", "R/d2", nil},
		{"pushd a b", 1, "", "gsh: pushd: too many arguments\n", "R/d2", nil},
		{"pushd", 0, "/etc ~/d2 ~\n", "", "/etc", nil},
		{"popd", 0, "~/d2 ~\n", "", "R/d2", nil},
		{"popd -0", 0, "~/d2\n", "", "R/d2", nil},
		{"popd", 1, "", "gsh: popd: directory stack empty\n", "R/d2", nil},
		{"popd x", 2, "", "gsh: popd: x: invalid argument\npopd: usage: popd [-n] [+N | -N]\n", "R/d2", nil},
		{"pushd -n d2", 0, "~/d2 d2\n", "", "R/d2", []string{"d2"}},
		{"popd -n", 0, "~/d2\n", "", "R/d2", nil},
		{"pushd d1", 1, "", "gsh: pushd: d1: No such file or directory\n", "R/d2", nil},
		{"pushd ../d1", 0, "~/d1 ~/d2\n", "", "R/d1", []string{"R/d2"}},
		{"dirs -c", 0, "", "", "R/d1", nil},
		{"dirs", 0, "~/d1\n", "", "R/d1", nil},
	}
	for _, s := range steps {
		f.out.Reset()
		f.err.Reset()
		args := strings.Fields(strings.ReplaceAll(s.cmd, "R", root))
		st := f.run(args[0], args[1:]...)
		out := strings.ReplaceAll(s.out, "R", root)
		errs := strings.ReplaceAll(s.err, "R", root)
		cwd := strings.ReplaceAll(s.cwd, "R", root)
		if st != s.st || f.out.String() != out || f.err.String() != errs || f.cwd != cwd {
			t.Errorf("%s: status %d out %q err %q cwd %q; want %d %q %q %q",
				s.cmd, st, f.out.String(), f.err.String(), f.cwd, s.st, out, errs, cwd)
		}
		if s.rest != nil {
			want := strings.ReplaceAll(strings.Join(s.rest, " "), "R", root)
			if got := strings.Join(f.dirs, " "); got != want {
				t.Errorf("%s: stack %q, want %q", s.cmd, got, want)
			}
		}
	}
}
