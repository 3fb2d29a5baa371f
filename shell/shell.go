// Package shell is gsh's interpreter: the state of a shell (variables,
// functions, options, traps, descriptors), statement execution and word
// expansion. Subshells are copies of that state run on their own
// goroutine; only external commands are separate processes.
package shell

import (
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/jobs"
	"gsh/shell/vars"
)

// Runtime is what all the states of one gsh process share.
type Runtime struct {
	reaper *jobs.Reaper
	jobs   *jobs.Table

	pid, ppid   int
	start       time.Time
	interactive bool
	login       bool
	dashC       bool
	readsStdin  bool
	// name is $0 of the shell as started; errors of a non-interactive
	// shell are prefixed with it.
	name string

	// Job control.
	jobControl bool
	ttyFd      int
	shellPgid  int

	sigCh          chan os.Signal
	sigOnce        sync.Once
	ignoredAtStart map[syscall.Signal]bool
	pendingSigs    atomic.Uint64 // trapped signals waiting to run (bitmask; bit 0: fatal)
	trapped        atomic.Uint64 // signals with a trap action
	sigSeq         atomic.Uint64 // signals handled so far (see SignalSelf)
	hasExitTrap    atomic.Bool
	fatalSig       atomic.Int32
	fgMu           sync.Mutex
	fgJob          *jobs.Job // the command line running in the foreground

	randMu      sync.Mutex
	randSeed    uint32
	secondsBase time.Time
	utf8Known   bool
	isUTF8      bool
	mainSource  string // BASH_SOURCE at the bottom of the call stack

	shellModes *unix.Termios // the shell's own terminal modes
	fgWaits    atomic.Int32  // foreground children being waited for
	gotSigint  atomic.Bool   // SIGINT arrived while waiting (non-interactive)

	main          *Shell          // the top-level state (signal-time decisions)
	disabled      map[string]bool // builtins turned off by enable -n
	groupSeq      int             // line groups parsed so far (alias timing)
	aliasSeq      sync.Map        // alias name -> groupSeq when defined
	notifyNow     chan struct{}
	trapNow       chan struct{} // a trap is due (see TrapChan)
	bgMu          sync.Mutex
	bgStatus      map[int]int // statuses of ended background jobs, for wait PID
	bgOrder       []int
	commandNumber int // \# in prompts; counts commands read interactively
	exitWarnedAt  int

	// Hooks for the interactive front end.
	HistoryNumber func() int
	OnVarChange   func(name string)
	OnWinch       func()
}

// Func is a shell function.
type Func struct {
	Name     string
	Body     *syntax.Stmt
	Source   string // file that defined it (BASH_SOURCE)
	Line     int
	Exported bool
	ReadOnly bool
	Trace    bool
}

// cowMap is a map shared between shell states until one of them writes.
type cowMap[V any] struct {
	m      map[string]V
	shared bool
}

func (c *cowMap[V]) get(k string) (V, bool) {
	v, ok := c.m[k]
	return v, ok
}

func (c *cowMap[V]) own() {
	if c.shared || c.m == nil {
		n := make(map[string]V, len(c.m)+4)
		for k, v := range c.m {
			n[k] = v
		}
		c.m, c.shared = n, false
	}
}

func (c *cowMap[V]) set(k string, v V) {
	c.own()
	c.m[k] = v
}

func (c *cowMap[V]) del(k string) {
	if _, ok := c.m[k]; !ok {
		return
	}
	c.own()
	delete(c.m, k)
}

func (c *cowMap[V]) share() cowMap[V] {
	c.shared = true
	return cowMap[V]{m: c.m, shared: true}
}

// callFrame records a function call for FUNCNAME, BASH_SOURCE, BASH_LINENO
// and `caller`.
type callFrame struct {
	name   string
	source string
	line   int // line of the call
}

// Shell is the state of one shell execution context: the main shell, a
// subshell, or a job frozen by Ctrl-Z.
type Shell struct {
	rt *Runtime

	vars    *vars.Store
	funcs   cowMap[*Func]
	aliases cowMap[string]
	hash    cowMap[string]
	traps   cowMap[string]
	opts    Options
	params  []string
	arg0    string
	cwd     string
	fds     *fdTable
	dirs    []string

	status     int    // $?
	lastBg     int    // $!
	lastArg    string // $_
	pipeStatus []int

	ctl         builtins.Control
	ctlN        int
	loopDepth   int
	funcDepth   int
	sourceDepth int
	calls       []callFrame
	source      string // current source file name for error prefixes ("" = shell)
	lineBase    int    // added to node line numbers (eval, source)

	subshell    bool // exit ends only this context
	subLevel    int  // BASH_SUBSHELL
	noErrexit   int  // >0 where set -e does not apply (conditions, && ||, !)
	inTrap      int
	noErrTrap   int         // >0 inside functions without set -E (ERR not inherited)
	noDebugTrap int         // >0 inside functions without set -T (DEBUG, RETURN)
	trapGen     int         // counts trap changes (a RETURN trap set inside a function)
	line        int         // line of the command running ($LINENO)
	curCmd      syntax.Node // the command running ($BASH_COMMAND)
	job         *jobs.Job   // the job this context runs for (nil: none)
	gate        *jobs.Gate
	sigpipe     bool // a write hit EPIPE: this context dies as by SIGPIPE
	cmdSubDepth int
	async       bool // runs in the background without job control (ignore INT/QUIT)
	launchGroup *launchGroup
	procFds     []int // process substitution descriptors of the current command

	evalDepth    int // eval nesting, for the xtrace prefix
	aliasActive  map[string]bool
	execArgv0    string
	execClearEnv bool
	timing       *timeAcc   // set while a `time` command runs
	pidProc      *jobs.Proc // stand-in giving this subshell a $BASHPID

	globFail        string // failglob: the pattern that matched nothing
	lastArgNext     string
	builtinStatusIn int
	substStatus     int // status of the last command substitution (-1: none)
}

// New creates the main shell state.
func New(rt *Runtime) *Shell {
	sh := &Shell{
		rt:   rt,
		opts: defaultOptions(),
		fds:  inheritedFds(),
	}
	sh.vars = vars.New(sh.varHooks())
	sh.funcs.m = map[string]*Func{}
	sh.aliases.m = map[string]string{}
	sh.hash.m = map[string]string{}
	sh.traps.m = map[string]string{}
	if wd, err := os.Getwd(); err == nil {
		sh.cwd = wd
		jobs.SetProcessDir(wd)
	} else {
		sh.cwd = "/"
	}
	return sh
}

// subshellCopy returns a copy of the state for a subshell that runs
// concurrently with its parent (fork semantics).
func (sh *Shell) subshellCopy() *Shell { return sh.copyState(false) }

// syncSubshell returns a copy for a subshell the parent waits for
// ($(...), ( ... )): the copy shares the parent's tables and copies them
// only when it writes, so a command substitution costs no map copies.
func (sh *Shell) syncSubshell() *Shell { return sh.copyState(true) }

func (sh *Shell) copyState(sync bool) *Shell {
	n := &Shell{
		rt:          sh.rt,
		opts:        sh.opts,
		params:      sh.params,
		arg0:        sh.arg0,
		cwd:         sh.cwd,
		fds:         sh.fds.clone(),
		dirs:        sh.dirs,
		status:      sh.status,
		lastBg:      sh.lastBg,
		lastArg:     sh.lastArg,
		pipeStatus:  sh.pipeStatus,
		funcDepth:   sh.funcDepth,
		sourceDepth: sh.sourceDepth,
		calls:       sh.calls,
		source:      sh.source,
		lineBase:    sh.lineBase,
		subshell:    true,
		subLevel:    sh.subLevel + 1,
		noErrexit:   sh.noErrexit,
		line:        sh.line,
		job:         sh.job,
		gate:        sh.gate,
		async:       sh.async,
		launchGroup: sh.launchGroup,
		evalDepth:   sh.evalDepth,
		timing:      sh.timing,
	}
	if sync {
		n.funcs = cowMap[*Func]{m: sh.funcs.m, shared: true}
		n.aliases = cowMap[string]{m: sh.aliases.m, shared: true}
		n.hash = cowMap[string]{m: sh.hash.m, shared: true}
		n.vars = sh.vars.CloneSync(n.varHooks())
	} else {
		n.funcs = sh.funcs.share()
		n.aliases = sh.aliases.share()
		n.hash = sh.hash.share()
		n.vars = sh.vars.Clone(n.varHooks())
	}
	// A subshell keeps ignored signals; other traps are reset (POSIX).
	for k, v := range sh.traps.m {
		if v == "" {
			if n.traps.m == nil {
				n.traps.m = map[string]string{}
			}
			n.traps.m[k] = v
		}
	}
	return n
}

// release drops the state's descriptors (end of a subshell).
func (sh *Shell) release() {
	if sh.fds != nil {
		sh.fds.release()
	}
	if sh.pidProc != nil {
		syscall.Kill(sh.pidProc.Pid, syscall.SIGKILL)
		sh.pidProc = nil
	}
}

// bashPID is $BASHPID. An in-process subshell has no process of its own:
// the first time it asks, a stand-in process is started to give it a real,
// unique PID for as long as it runs (a background job uses its own
// stand-in).
func (sh *Shell) bashPID() int {
	if !sh.subshell {
		return sh.rt.pid
	}
	if sh.pidProc != nil {
		return sh.pidProc.Pid
	}
	if sh.async && sh.job != nil {
		if sp := sh.job.Standin(); sp != nil {
			return sp.Pid
		}
	}
	if p := sh.startStandinFor(nil, nil); p != nil {
		sh.pidProc = p
		return p.Pid
	}
	return sh.rt.pid
}
