package shell

import (
	"errors"
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/jobs"
)

// external runs an external program and waits for it.
func (sh *Shell) external(args []string, assigns []envAssign, redirs []*syntax.Redirect) {
	if len(redirs) > 0 {
		restore, ok := sh.pushRedirs(redirs)
		if !ok {
			return
		}
		defer restore()
	}
	env, pathVar := sh.commandEnv(assigns)
	path := sh.findCommand(args[0], pathVar)
	if path == "" {
		sh.status = sh.notFound(args[0])
		return
	}
	p, err := sh.launch(&jobs.Spec{Path: path, Argv: args, Env: env, Dir: sh.cwd, Text: strings.Join(args, " ")})
	if err != nil {
		sh.status = sh.execFailed(args, path, env, err)
		return
	}
	sh.status = sh.waitProc(p)
}

// commandEnv returns the environment of a program run with the prefix
// assignments temps, and the PATH that one of them sets for finding the
// program (nil if none does).
func (sh *Shell) commandEnv(temps []envAssign) (env []string, pathVar *string) {
	env = sh.vars.Environ()
	if len(temps) == 0 {
		return env, nil
	}
	overrides := make([]string, 0, len(temps))
	for _, a := range temps {
		val := a.value
		if a.append {
			val = sh.vars.Str(a.name) + val
		}
		if a.name == "PATH" {
			pathVar = &val
		}
		kv := a.name + "=" + val
		if i := overrideIndex(a.name, overrides); i >= 0 {
			overrides[i] = kv // a=1 a=2 cmd: the last one counts
		} else {
			overrides = append(overrides, kv)
		}
	}
	return mergeEnv(env, overrides), pathVar
}

// mergeEnv puts overrides first and drops the names they replace.
func mergeEnv(env, overrides []string) []string {
	out := make([]string, 0, len(env)+len(overrides))
	out = append(out, overrides...)
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if overrideIndex(name, overrides) < 0 {
			out = append(out, kv)
		}
	}
	return out
}

// overrideIndex returns the index of the NAME=value entry for name, or -1.
func overrideIndex(name string, overrides []string) int {
	for i, o := range overrides {
		if len(o) > len(name) && o[len(name)] == '=' && o[:len(name)] == name {
			return i
		}
	}
	return -1
}

// findCommand returns the file to run for the command name: a name with a
// slash as it is, else the one found in pathVar (a PATH assigned for
// this command alone, not hashed) or in PATH and the hash table; "" if
// there is none.
func (sh *Shell) findCommand(name string, pathVar *string) string {
	switch {
	case strings.IndexByte(name, '/') >= 0:
		return sh.abs(name)
	case name == "":
		return ""
	case pathVar != nil:
		p, _ := builtins.SearchPath(sh, name, *pathVar)
		return p
	}
	return sh.lookPath(name, false)
}

// notFound reports a command that is not there and returns its status.
func (sh *Shell) notFound(name string) int {
	sh.errorf("%s: command not found", name)
	return 127
}

// defaultPath is searched when PATH is unset, as in bash.
const defaultPath = "/usr/local/bin:/usr/bin:/bin"

// lookPath searches the hash table and PATH for name, with bash's rules
// (builtins.SearchPath); an executable found is hashed.
func (sh *Shell) lookPath(name string, noHash bool) string {
	useHash := !noHash && sh.opts[optHashall]
	if useHash {
		if p, ok := sh.hash.get(name); ok {
			if unix.Access(sh.abs(p), unix.X_OK) == nil {
				return p
			}
			sh.hash.del(name)
		}
	}
	pathVar, ok := sh.vars.Value("PATH")
	if !ok {
		pathVar = defaultPath
	}
	p, executable := builtins.SearchPath(sh, name, pathVar)
	if executable && useHash {
		sh.hash.set(name, p)
	}
	return p
}

// execFailed reports why a program could not start and returns the
// status; a file the kernel will not execute runs as a gsh script.
func (sh *Shell) execFailed(args []string, path string, env []string, err error) int {
	var errno syscall.Errno
	errors.As(err, &errno)
	name := args[0]
	switch errno {
	case syscall.ENOEXEC:
		if isBinaryFile(path) {
			sh.errorf("%s: cannot execute binary file: Exec format error", name)
			return 126
		}
		self, e := os.Executable()
		if e != nil {
			sh.errorf("%s: %s", name, errnoText(err))
			return 126
		}
		argv := append([]string{"gsh", path}, args[1:]...)
		p, e := sh.launch(&jobs.Spec{Path: self, Argv: argv, Env: env, Dir: sh.cwd, Text: strings.Join(args, " ")})
		if e != nil {
			sh.errorf("%s: %s", name, errnoText(e))
			return 126
		}
		return sh.waitProc(p)
	case syscall.ENOENT:
		if interp := shebang(path); interp != "" {
			if _, e := os.Stat(interp); e != nil {
				sh.errorf("%s: %s: bad interpreter: No such file or directory", name, interp)
				return 126
			}
		}
		sh.errorf("%s: No such file or directory", name)
		return 127
	case syscall.EACCES:
		if isDir(path) {
			sh.errorf("%s: Is a directory", name)
		} else {
			sh.errorf("%s: Permission denied", name)
		}
		return 126
	}
	sh.errorf("%s: %s", name, errnoText(err))
	return 126
}

// shebang returns the interpreter named by a #! line.
func shebang(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var buf [256]byte
	n, _ := f.Read(buf[:])
	s := string(buf[:n])
	if !strings.HasPrefix(s, "#!") {
		return ""
	}
	s = strings.TrimLeft(s[2:], " \t")
	if i := strings.IndexAny(s, " \t\r\n"); i >= 0 {
		s = s[:i]
	}
	return s
}

func isBinaryFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var buf [80]byte
	n, _ := f.Read(buf[:])
	for _, c := range buf[:n] {
		if c == 0 {
			return true
		}
		if c == '\n' {
			break
		}
	}
	return false
}
