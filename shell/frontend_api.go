package shell

import (
	"strconv"
	"sync"
)

// What the interactive front end needs from the interpreter beyond the
// builtins interface.

// RunHidden runs a command line that the user did not type (PROMPT_COMMAND,
// a start-up file) like RunCommandLine, without counting it in \#.
func (sh *Shell) RunHidden(src string) *Shell {
	rt := sh.rt
	n := rt.commandNumber
	next := sh.RunCommandLine(src)
	rt.commandNumber = n
	return next
}

// JobSpecs returns a job spec ("%1") for each job in the table, for
// completion after fg, bg, kill, wait and disown.
func (rt *Runtime) JobSpecs() []string {
	var out []string
	for _, j := range rt.jobs.Jobs() {
		if j.ID > 0 {
			out = append(out, "%"+strconv.Itoa(j.ID))
		}
	}
	return out
}

// exitHooks run once when the shell process is about to exit.
var exitHooks struct {
	sync.Mutex
	fns  []func()
	done bool
}

// OnExit registers fn to run just before the shell exits: by exit, at the
// end of its input, or killed by a signal it handles (SIGHUP). The
// front end saves the command history there.
func (rt *Runtime) OnExit(fn func()) {
	exitHooks.Lock()
	exitHooks.fns = append(exitHooks.fns, fn)
	exitHooks.Unlock()
}

// runExitHooks runs the OnExit functions, once.
func runExitHooks() {
	exitHooks.Lock()
	if exitHooks.done {
		exitHooks.Unlock()
		return
	}
	exitHooks.done = true
	fns := exitHooks.fns
	exitHooks.Unlock()
	for _, fn := range fns {
		fn()
	}
}
