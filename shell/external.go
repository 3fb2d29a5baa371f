package shell

import (
	"errors"
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"

	"gsh/jobs"
)

// external runs an external program and waits for it.
func (sh *Shell) external(args []string, assigns []envAssign, redirs []*syntax.Redirect) {
	var overrides []string
	for _, a := range assigns {
		val := a.value
		if a.append {
			val = sh.vars.Str(a.name) + val
		}
		overrides = append(overrides, a.name+"="+val)
	}
	if len(redirs) > 0 {
		restore, ok := sh.pushRedirs(redirs)
		if !ok {
			return
		}
		defer restore()
	}
	pathVar := ""
	for _, o := range overrides {
		if v, ok := strings.CutPrefix(o, "PATH="); ok {
			pathVar = v
		}
	}
	var path string
	var errStatus int
	if pathVar != "" && strings.IndexByte(args[0], '/') < 0 {
		// PATH=dir cmd: look cmd up in the temporary PATH.
		if path = sh.searchPath(args[0], pathVar); path == "" {
			sh.errorf("%s: command not found", args[0])
			errStatus = 127
		}
	} else {
		path, errStatus = sh.resolveCommand(args[0])
	}
	if errStatus != 0 {
		sh.status = errStatus
		return
	}
	env := sh.vars.Environ()
	if len(overrides) > 0 {
		env = mergeEnv(env, overrides)
	}
	p, err := sh.launch(&jobs.Spec{Path: path, Argv: args, Env: env, Dir: sh.cwd, Text: strings.Join(args, " ")})
	if err != nil {
		sh.status = sh.execFailed(args, path, env, err)
		return
	}
	sh.status = sh.waitProc(p)
}

// mergeEnv puts overrides first and drops the names they replace.
func mergeEnv(env, overrides []string) []string {
	out := make([]string, 0, len(env)+len(overrides))
	out = append(out, overrides...)
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		dup := false
		for _, o := range overrides {
			if strings.HasPrefix(o, name+"=") {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, kv)
		}
	}
	return out
}

// resolveCommand finds the file for name, printing bash's error and
// returning its status when there is none.
func (sh *Shell) resolveCommand(name string) (string, int) {
	if strings.IndexByte(name, '/') >= 0 {
		return sh.abs(name), 0
	}
	if name == "" {
		sh.errorf(": command not found")
		return "", 127
	}
	path := sh.lookPath(name, false)
	if path == "" {
		sh.errorf("%s: command not found", name)
		return "", 127
	}
	return path, 0
}

// lookPath searches PATH (and the hash table) for an executable name.
func (sh *Shell) lookPath(name string, noHash bool) string {
	if !noHash && sh.opts[optHashall] {
		if p, ok := sh.hash.get(name); ok {
			if unix.Access(p, unix.X_OK) == nil {
				return p
			}
			sh.hash.del(name)
		}
	}
	pathVar, ok := sh.vars.Value("PATH")
	if !ok {
		pathVar = "/usr/local/bin:/usr/bin:/bin"
	}
	p := sh.searchPath(name, pathVar)
	if p != "" && !noHash && sh.opts[optHashall] && unix.Access(sh.abs(p), unix.X_OK) == nil {
		sh.hash.set(name, p)
	}
	return p
}

// searchPath looks name up in the directories of pathVar. A file that
// exists but is not executable is returned when nothing better is found
// (bash then reports "Permission denied").
func (sh *Shell) searchPath(name, pathVar string) string {
	fallback := ""
	for _, dir := range strings.Split(pathVar, ":") {
		if dir == "" {
			dir = "."
		}
		p := dir + "/" + name
		full := sh.abs(p)
		fi, err := os.Stat(full)
		if err != nil || fi.IsDir() {
			continue
		}
		if unix.Access(full, unix.X_OK) != nil {
			if fallback == "" {
				fallback = p
			}
			continue
		}
		return p
	}
	return fallback
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
