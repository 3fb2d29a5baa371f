package builtins

import (
	"fmt"
	"os"
	"strings"
	"syscall"

	"gsh/shell/vars"
)

// cd, pwd and the directory stack. The shell keeps the logical working
// directory (sh.Cwd); cd resolves "..", symbolic links and CDPATH the way
// bash does and hands sh.Chdir an absolute path.
//
// sh.DirStack() holds the saved directories without the current one, top
// first: element 0 is what `dirs` shows as +1.

func init() {
	Register(&Builtin{Name: "cd", Fn: cdBuiltin, Usage: "cd [-L|[-P [-e]]] [dir]"})
	Register(&Builtin{Name: "pwd", Fn: pwdBuiltin, Usage: "pwd [-LP]"})
	Register(&Builtin{Name: "pushd", Fn: pushdBuiltin, Usage: "pushd [-n] [+N | -N | dir]"})
	Register(&Builtin{Name: "popd", Fn: popdBuiltin, Usage: "popd [-n] [+N | -N]"})
	Register(&Builtin{Name: "dirs", Fn: dirsBuiltin, Usage: "dirs [-clpv] [+N] [-N]"})
}

func cdBuiltin(sh Shell, args []string) int {
	opts, rest, ok := parseOpts(sh, args, "LPe")
	if !ok {
		return 2
	}
	physical := physicalOpt(sh)
	for _, o := range opts {
		switch o.C {
		case 'L':
			physical = false
		case 'P':
			physical = true
		}
	}
	return changeDir(sh, "cd", rest, physical)
}

// changeDir is bash's cd_builtin after option parsing; pushd and popd use
// it too, with their own name in messages.
func changeDir(sh Shell, name string, rest []string, physical bool) int {
	st := sh.Vars()
	var dir string
	printPath := false
	switch {
	case len(rest) == 0:
		home, ok := st.Value("HOME")
		if !ok {
			sh.Errorf("%s: HOME not set", name)
			return 1
		}
		dir = home
	case len(rest) > 1:
		sh.Errorf("%s: too many arguments", name)
		return 1
	case rest[0] == "-":
		old, ok := st.Value("OLDPWD")
		if !ok {
			sh.Errorf("%s: OLDPWD not set", name)
			return 1
		}
		dir, printPath = old, true
	default:
		dir = rest[0]
		if cdpath, ok := st.Value("CDPATH"); ok && !dotRelative(dir) {
			for _, p := range strings.Split(cdpath, ":") {
				cand := dir
				if p != "" {
					if strings.HasPrefix(p, "~") {
						p = tildePrefix(sh, p)
					}
					cand = strings.TrimSuffix(p, "/") + "/" + dir
				} else {
					cand = "./" + dir
				}
				if tryChdir(sh, cand, physical) == nil {
					if p != "" {
						shown := sh.Cwd()
						if physical {
							shown = cand
						}
						fmt.Fprintln(sh.Stdout(), shown)
					}
					return bindPWD(sh)
				}
			}
		}
	}
	if err := tryChdir(sh, dir, physical); err != nil {
		sh.Errorf("%s: %s: %s", name, dir, ErrnoText(err))
		return 1
	}
	if printPath {
		fmt.Fprintln(sh.Stdout(), dir)
	}
	return bindPWD(sh)
}

// dotRelative reports names that CDPATH does not apply to: absolute, or
// starting with "." or ".." (bash's absolute_pathname).
func dotRelative(s string) bool {
	return strings.HasPrefix(s, "/") || s == "." || s == ".." ||
		strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../")
}

// tildePrefix expands a leading ~ of a CDPATH entry to $HOME.
func tildePrefix(sh Shell, p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, ok := sh.Vars().Value("HOME"); ok {
			return home + p[1:]
		}
	}
	return p
}

// tryChdir changes to newdir as bash's change_to_directory does: the
// logical path is canonicalized ("a/b/.." becomes "a" when a/b is a
// directory); if that fails the path is resolved physically. sh.Chdir
// checks that the directory can be entered.
func tryChdir(sh Shell, newdir string, physical bool) error {
	t := shellPath(sh, newdir)
	if !physical {
		if c, ok := canonPath(t); ok {
			err := sh.Chdir(c)
			if err == nil {
				return nil
			}
			// As bash does, retry with the path resolved physically.
			if p, err2 := physPath(t); err2 == nil && sh.Chdir(p) == nil {
				return nil
			}
			return err
		}
	}
	// -P, or canonicalization failed (a component is missing or "x/.."
	// with x not a directory): resolve the path as the kernel would.
	p, err := physPath(t)
	if err != nil {
		return err
	}
	return sh.Chdir(p)
}

// physPath resolves symbolic links in the absolute path p component by
// component, applying ".." to the resolved directory, with the kernel's
// errors (a non-directory followed by anything is ENOTDIR).
func physPath(p string) (string, error) {
	var out []string
	comps := strings.Split(p, "/")
	links := 0
	for len(comps) > 0 {
		c := comps[0]
		comps = comps[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			continue
		}
		cur := "/" + strings.Join(append(out, c), "/")
		fi, err := os.Lstat(cur)
		if err != nil {
			return "", err
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			if links++; links > 40 {
				return "", syscall.ELOOP
			}
			target, err := os.Readlink(cur)
			if err != nil {
				return "", err
			}
			if strings.HasPrefix(target, "/") {
				out = out[:0]
			}
			comps = append(strings.Split(target, "/"), comps...)
			continue
		}
		if !fi.IsDir() && len(comps) > 0 {
			return "", syscall.ENOTDIR
		}
		out = append(out, c)
	}
	return "/" + strings.Join(out, "/"), nil
}

// canonPath is bash's sh_canonpath with PATH_CHECKDOTDOT|PATH_CHECKEXISTS:
// it removes ".", "..", and repeated slashes, failing when a component
// on the way is not a directory. A leading "//" is kept, as POSIX allows.
func canonPath(p string) (string, bool) {
	prefix := "/"
	if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
		prefix = "//"
	}
	var parts []string
	join := func() string { return prefix + strings.Join(parts, "/") }
	for _, c := range strings.Split(p, "/") {
		switch c {
		case "", ".":
		case "..":
			if len(parts) > 0 {
				if !isDir(join()) {
					return "", false
				}
				parts = parts[:len(parts)-1]
			}
		default:
			parts = append(parts, c)
			if !isDir(join()) {
				return "", false
			}
		}
	}
	return join(), true
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// bindPWD sets OLDPWD to the old $PWD and PWD to the new directory
// (after cd -P, sh.Cwd is already the physical path).
func bindPWD(sh Shell) int {
	st := sh.Vars()
	status := 0
	old, set := st.Value("PWD")
	if set {
		if err := st.Set("OLDPWD", old); err != nil {
			sh.Errorf("%s", err)
			status = 1
		}
	} else if v := st.Get("OLDPWD"); v != nil && !v.Has(vars.ReadOnly) {
		// bash binds OLDPWD to a null value: declared, without a value.
		attrs := v.Attrs() & vars.Export
		st.Unset("OLDPWD", false)
		st.Declare("OLDPWD", attrs, 0, false, true)
	}
	if err := st.Set("PWD", sh.Cwd()); err != nil {
		sh.Errorf("%s", err)
		status = 1
	}
	return status
}

func pwdBuiltin(sh Shell, args []string) int {
	opts, _, ok := parseOpts(sh, args, "LP")
	if !ok {
		return 2
	}
	physical := physicalOpt(sh)
	for _, o := range opts {
		physical = o.C == 'P'
	}
	dir := sh.Cwd()
	if physical {
		p, err := physPath(dir)
		if err != nil {
			sh.Errorf("pwd: error retrieving current directory: getcwd: cannot access parent directories: %s", ErrnoText(err))
			return 1
		}
		dir = p
	}
	return builtinWrite(sh, "pwd", dir+"\n", 0)
}
