// Package builtins holds gsh's builtin commands, one file per family. A
// builtin sees the interpreter only through the Shell interface below; the
// shell package implements it and wires the registry in.
package builtins

import (
	"io"
	"os"

	"gsh/shell/vars"
)

// Func is a builtin: it gets the shell and its arguments (args[0] is the
// builtin's name) and returns an exit status.
type Func func(sh Shell, args []string) int

// Builtin describes one builtin command.
type Builtin struct {
	Name    string
	Fn      Func
	Special bool   // POSIX special builtin: assignments before it persist
	Usage   string // one-line synopsis for `help`
}

// Control is a pending change of control flow requested by a builtin.
type Control int

const (
	CtlNone Control = iota
	CtlBreak
	CtlContinue
	CtlReturn
	CtlExit
)

// CommandKind is what a name resolves to, for type/command/hash.
type CommandKind int

const (
	KindNone CommandKind = iota
	KindAlias
	KindKeyword
	KindFunction
	KindBuiltin
	KindFile
)

// Shell is what builtins may use of the interpreter.
type Shell interface {
	// Standard streams of this command, after its redirections.
	Stdout() io.Writer
	Stderr() io.Writer
	// File returns the open file behind descriptor fd, or nil if fd is
	// closed. A descriptor captured in memory (command substitution) is
	// turned into a real pipe first.
	File(fd int) *os.File

	// Errorf prints "gsh: line N: " + message to stderr, in the shell's
	// error format (script name and line when running a script).
	Errorf(format string, a ...any)

	// Variables and parameters.
	Vars() *vars.Store
	// Arith evaluates an arithmetic expression as $(( )) does.
	Arith(expr string) (int64, error)
	Params() []string
	SetParams(p []string)
	Arg0() string

	// Options: `set -o` long names (errexit, nounset, monitor...) and shopt
	// names (extglob, nullglob...). ok is false for an unknown name.
	Option(name string) (on, ok bool)
	// OptionNames lists set -o names (shopt false) or shopt names (shopt true), sorted.
	OptionNames(shopt bool) []string
	// Flags returns $- (for example "hB").
	Flags() string

	// Working directory, kept by the shell rather than the process so that
	// in-process subshells work.
	Cwd() string
	Chdir(dir string) error
	DirStack() *[]string

	// Functions.
	FuncNames() []string
	FuncSource(name string) (string, bool) // `declare -f` text
	SetFuncAttr(name string, export, readonly bool) bool

	// Aliases.
	Aliases() map[string]string // read only
	SetAlias(name, value string)
	UnsetAlias(name string) bool

	// Command lookup: what name would run as, and the path of a file
	// (hashed lookups honour the hash table unless noHash).
	Hash() map[string]string // name -> path, read only
	SetHash(name, path string)
	ClearHash()

	// Execution.
	Eval(src string, origin string) int   // eval, trap actions, completion functions
	Call(args []string, noFuncs bool) int // command / builtin / callbacks
	SetControl(c Control, n int)          // break/continue/return/exit with status or count n

	// Traps: action text by signal name ("EXIT", "INT", "ERR"...).
	Trap(sig string) (action string, set bool)
	SetTrap(sig string, action string, reset bool) error

	// Shell identity.
	LoginShell() bool
}

// registry of builtins, filled by init functions in this package.
var registry = map[string]*Builtin{}

// Register adds a builtin to the registry.
func Register(b *Builtin) { registry[b.Name] = b }

// Lookup finds a builtin by name.
func Lookup(name string) *Builtin { return registry[name] }

// Names lists every builtin name (unsorted).
func Names() []string {
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	return out
}
