package builtins

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"gsh/shell/vars"
)

// fakeShell is a minimal Shell for unit tests of builtins. Tests set the
// fields they need; unset hooks behave as an empty shell would.
type fakeShell struct {
	out, err bytes.Buffer
	files    map[int]*os.File
	store    *vars.Store
	params   []string
	opts     map[string]bool
	cwd      string
	dirs     []string
	aliases  map[string]string
	hash     map[string]string
	traps    map[string]string
	ctl      Control
	ctlN     int
	// evalFn, when set, is used by Eval/Call/Source.
	evalFn func(src string) int
}

func newFake() *fakeShell {
	return &fakeShell{
		files:   map[int]*os.File{},
		store:   vars.New(&vars.Hooks{Arith: func(s string) (int64, error) { return strconv.ParseInt(strings.TrimSpace(s), 10, 64) }}),
		opts:    map[string]bool{},
		cwd:     "/",
		aliases: map[string]string{},
		hash:    map[string]string{},
		traps:   map[string]string{},
	}
}

func (f *fakeShell) Stdout() io.Writer { return &f.out }
func (f *fakeShell) Stderr() io.Writer { return &f.err }
func (f *fakeShell) File(fd int) *os.File {
	return f.files[fd]
}
func (f *fakeShell) Errorf(format string, a ...any) {
	fmt.Fprintf(&f.err, "gsh: "+format+"\n", a...)
}
func (f *fakeShell) Vars() *vars.Store { return f.store }
func (f *fakeShell) Arith(expr string) (int64, error) {
	return strconv.ParseInt(strings.TrimSpace(expr), 10, 64)
}
func (f *fakeShell) Params() []string     { return f.params }
func (f *fakeShell) SetParams(p []string) { f.params = p }
func (f *fakeShell) Arg0() string         { return "gsh" }
func (f *fakeShell) Option(name string) (bool, bool) {
	on, ok := f.opts[name]
	return on, ok || true
}
func (f *fakeShell) OptionNames(shopt bool) []string {
	var n []string
	for k := range f.opts {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}
func (f *fakeShell) Flags() string                         { return "h" }
func (f *fakeShell) Cwd() string                           { return f.cwd }
func (f *fakeShell) DirStack() *[]string                   { return &f.dirs }
func (f *fakeShell) FuncNames() []string                   { return nil }
func (f *fakeShell) FuncSource(name string) (string, bool) { return "", false }
func (f *fakeShell) SetFuncAttr(name string, export, readonly bool) bool {
	return false
}
func (f *fakeShell) Aliases() map[string]string  { return f.aliases }
func (f *fakeShell) SetAlias(name, value string) { f.aliases[name] = value }
func (f *fakeShell) UnsetAlias(name string) bool {
	_, ok := f.aliases[name]
	delete(f.aliases, name)
	return ok
}
func (f *fakeShell) Hash() map[string]string   { return f.hash }
func (f *fakeShell) SetHash(name, path string) { f.hash[name] = path }
func (f *fakeShell) ClearHash()                { f.hash = map[string]string{} }
func (f *fakeShell) Eval(src string, origin string) int {
	if f.evalFn != nil {
		return f.evalFn(src)
	}
	return 0
}
func (f *fakeShell) Call(args []string, noFuncs bool) int {
	return f.Eval(strings.Join(args, " "), "call")
}
func (f *fakeShell) SetControl(c Control, n int)    { f.ctl, f.ctlN = c, n }
func (f *fakeShell) Trap(sig string) (string, bool) { a, ok := f.traps[sig]; return a, ok }
func (f *fakeShell) SetTrap(sig, action string, reset bool) error {
	if reset {
		delete(f.traps, sig)
	} else {
		f.traps[sig] = action
	}
	return nil
}
func (f *fakeShell) LoginShell() bool { return false }

// Chdir checks, as the shell's does, that dir is a directory that can be
// entered; the builtin has made the path canonical.
func (f *fakeShell) Chdir(dir string) error {
	p := dir
	if !strings.HasPrefix(p, "/") {
		p = strings.TrimSuffix(f.cwd, "/") + "/" + p
	}
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
	f.cwd = p
	return nil
}

// run invokes builtin name with args on f and returns its status.
func (f *fakeShell) run(name string, args ...string) int {
	b := Lookup(name)
	if b == nil {
		panic("no builtin " + name)
	}
	return b.Fn(f, append([]string{name}, args...))
}

var _ Shell = (*fakeShell)(nil)
