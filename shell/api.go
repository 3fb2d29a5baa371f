package shell

import (
	"errors"
	"fmt"
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

// fdReader reads from a descriptor of a shell context.
type fdReader struct {
	sh *Shell
	fd int
}

func (r fdReader) Read(p []byte) (int, error) {
	o := r.sh.fds.get(r.fd)
	if o == nil {
		return 0, syscall.EBADF
	}
	return o.Read(p)
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

func (sh *Shell) Stdin() io.Reader  { return fdReader{sh, 0} }
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
func (sh *Shell) LastStatus() int                  { return sh.builtinStatusIn }
func (sh *Shell) LineNo() int                      { return sh.line }

func (sh *Shell) Option(name string) (bool, bool) {
	if o, ok := lookupOpt(name, false); ok {
		return sh.opts[o], true
	}
	if o, ok := lookupOpt(name, true); ok {
		return sh.opts[o], true
	}
	return false, false
}

func (sh *Shell) SetOption(name string, on bool) error { return sh.SetOptionByName(name, on) }

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

func (sh *Shell) UnsetFunc(name string) bool {
	f, ok := sh.funcs.get(name)
	if !ok {
		return false
	}
	if f.ReadOnly {
		return false
	}
	sh.funcs.del(name)
	return true
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

func (sh *Shell) LookupCommand(name string) (builtins.CommandKind, string) {
	if v, ok := sh.aliases.get(name); ok && sh.opts[optExpandAliases] {
		return builtins.KindAlias, v
	}
	if isReservedWord(name) {
		return builtins.KindKeyword, ""
	}
	if _, ok := sh.funcs.get(name); ok {
		return builtins.KindFunction, ""
	}
	if sh.builtin(name) != nil {
		return builtins.KindBuiltin, ""
	}
	if p := sh.lookPath(name, false); p != "" {
		return builtins.KindFile, p
	}
	return builtins.KindNone, ""
}

func isReservedWord(s string) bool {
	switch s {
	case "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
		"do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc":
		return true
	}
	return false
}

func (sh *Shell) LookupPath(name string, noHash bool) string { return sh.lookPath(name, noHash) }
func (sh *Shell) Hash() map[string]string                    { return sh.hash.m }
func (sh *Shell) SetHash(name, path string)                  { sh.hash.set(name, path) }
func (sh *Shell) ClearHash()                                 { sh.hash = cowMap[string]{m: map[string]string{}} }

func (sh *Shell) Eval(src string, origin string) int {
	sh.evalString(src, origin)
	return sh.status
}

func (sh *Shell) Source(path string, args []string) int { return sh.sourceFile(path, args) }

func (sh *Shell) Call(args []string, noFuncs, noAlias bool) int {
	sh.dispatch(args, nil, nil, noFuncs, false)
	return sh.status
}

func (sh *Shell) Exec(args []string) int { return sh.execReplace(args) }

func (sh *Shell) SetControl(c builtins.Control, n int) {
	sh.ctl, sh.ctlN = c, n
	if c == builtins.CtlReturn || c == builtins.CtlExit {
		sh.status = n
	}
}

func (sh *Shell) LoopDepth() int   { return sh.loopDepth }
func (sh *Shell) FuncDepth() int   { return sh.funcDepth }
func (sh *Shell) SourceDepth() int { return sh.sourceDepth }

func (sh *Shell) Trap(sig string) (string, bool) { return sh.traps.get(sig) }
func (sh *Shell) SetTrap(sig, action string, reset bool) error {
	return sh.setTrap(sig, action, reset)
}
func (sh *Shell) TrapNames() []string { return sh.trapNames() }

func (sh *Shell) Interactive() bool { return sh.rt.interactive }
func (sh *Shell) LoginShell() bool  { return sh.rt.login }
func (sh *Shell) Subshell() bool    { return sh.subshell }

func (sh *Shell) Jobs() builtins.JobControl { return jobControl{sh} }

var _ builtins.Shell = (*Shell)(nil)
var _ = fmt.Sprint
