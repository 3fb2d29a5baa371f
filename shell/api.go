package shell

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"syscall"

	"gsh/builtins"
	"gsh/shell/vars"
)

// fdWriter writes to a descriptor of a shell context. A write that hits a
// closed pipe makes the context die as by SIGPIPE (bash's subshell would
// be killed by the signal before it could print anything).
type fdWriter struct {
	sh *Shell
	fd int
}

func (w fdWriter) Write(p []byte) (int, error) {
	o := w.sh.fds.get(w.fd)
	if o == nil {
		return 0, syscall.EBADF
	}
	n, err := o.Write(p)
	if err != nil && errors.Is(err, syscall.EPIPE) {
		w.sh.sigpipe = true
		return n, sigpipeErr{}
	}
	return n, err
}

// dieOfSigpipe ends the context that wrote to a closed pipe.
func (sh *Shell) dieOfSigpipe() {
	if sh.rt.ignoredAtStart[syscall.SIGPIPE] {
		sh.sigpipe = false
		return
	}
	if sh.subshell {
		sh.exit(141)
		return
	}
	sh.rt.dieBySignal(syscall.SIGPIPE)
}

func (sh *Shell) Stdout() io.Writer { return fdWriter{sh, 1} }
func (sh *Shell) Stderr() io.Writer { return fdWriter{sh, 2} }

func (sh *Shell) File(fd int) *os.File {
	o := sh.fds.get(fd)
	if o == nil {
		return nil
	}
	if o.sink != nil {
		return os.NewFile(o.fd(), "sink")
	}
	return o.f
}

func (sh *Shell) Errorf(format string, a ...any) {
	if sh.sigpipe {
		return
	}
	sh.errorf(format, a...)
}

func (sh *Shell) Vars() *vars.Store                { return sh.vars }
func (sh *Shell) Arith(expr string) (int64, error) { return sh.arithString(expr) }
func (sh *Shell) Params() []string                 { return sh.params }
func (sh *Shell) SetParams(p []string)             { sh.params = p }
func (sh *Shell) Arg0() string                     { return sh.arg0 }

// Option looks a set -o or shopt name up (they share one index).
func (sh *Shell) Option(name string) (bool, bool) {
	if o, ok := optIndex()[name]; ok {
		return sh.opts[o], true
	}
	return false, false
}

func (sh *Shell) OptionNames(shopt bool) []string {
	if shopt {
		return shoptNames()
	}
	return setOptNames()
}

func (sh *Shell) Flags() string { return sh.dollarDash() }

func (sh *Shell) Cwd() string { return sh.cwd }

// Chdir changes the shell's directory (not the process's: in-process
// subshells have their own).
func (sh *Shell) Chdir(dir string) error {
	p := sh.abs(dir)
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return &os.PathError{Op: "chdir", Path: dir, Err: syscall.ENOTDIR}
	}
	if err := syscall.Access(p, 1); err != nil {
		return &os.PathError{Op: "chdir", Path: dir, Err: err}
	}
	sh.cwd = filepath.Clean(p)
	return nil
}

func (sh *Shell) DirStack() *[]string { return &sh.dirs }

func (sh *Shell) FuncNames() []string {
	var n []string
	for k := range sh.funcs.m {
		n = append(n, k)
	}
	slices.Sort(n)
	return n
}

func (sh *Shell) FuncSource(name string) (string, bool) {
	f, ok := sh.funcs.get(name)
	if !ok {
		return "", false
	}
	return sh.funcText(f), true
}

func (sh *Shell) SetFuncAttr(name string, export, readonly bool) bool {
	f, ok := sh.funcs.get(name)
	if !ok {
		return false
	}
	n := *f
	if export {
		n.Exported = true
	}
	if readonly {
		n.ReadOnly = true
	}
	sh.funcs.set(name, &n)
	return true
}

func (sh *Shell) Aliases() map[string]string { return sh.aliases.m }
func (sh *Shell) SetAlias(name, value string) {
	sh.aliases.set(name, value)
	// An alias takes effect from the next command line parsed (bash
	// substitutes aliases while reading).
	sh.rt.aliasSeq.Store(name, sh.rt.groupSeq)
}
func (sh *Shell) UnsetAlias(name string) bool {
	_, ok := sh.aliases.get(name)
	sh.aliases.del(name)
	return ok
}

func (sh *Shell) Hash() map[string]string   { return sh.hash.m }
func (sh *Shell) SetHash(name, path string) { sh.hash.set(name, path) }
func (sh *Shell) ClearHash()                { sh.hash = cowMap[string]{m: map[string]string{}} }

func (sh *Shell) Eval(src string, origin string) int {
	sh.evalString(src, origin)
	return sh.status
}

func (sh *Shell) Call(args []string, noFuncs bool) int {
	sh.dispatch(args, nil, nil, noFuncs, false)
	return sh.status
}

func (sh *Shell) SetControl(c builtins.Control, n int) {
	sh.ctl, sh.ctlN = c, n
	if c == builtins.CtlReturn || c == builtins.CtlExit {
		sh.status = n
	}
}

func (sh *Shell) Trap(sig string) (string, bool) { return sh.traps.get(sig) }
func (sh *Shell) SetTrap(sig, action string, reset bool) error {
	return sh.setTrap(sig, action, reset)
}

func (sh *Shell) LoginShell() bool { return sh.rt.login }

var _ builtins.Shell = (*Shell)(nil)
