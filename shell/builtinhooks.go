package shell

import "gsh/builtins"

// Optional services that builtins find by type assertion, beyond the
// Shell interface.

// Interruptible tells read and mapfile whether Interrupted must be
// polled while they wait: a signal can end the command line (a job's
// gate), or a trap can be due. Otherwise SIGINT ends the shell by itself.
func (sh *Shell) Interruptible() bool {
	rt := sh.rt
	return sh.gate != nil || rt.trapped.Load() != 0 || rt.hasExitTrap.Load()
}

// Interrupted is polled by read and mapfile while they wait for input.
// As between commands (stmt), it reports a command line ended by Ctrl-C
// and runs the traps of signals that came, at once as bash does; the
// wait goes on after a trap unless the trap ended the line (exit,
// return...).
func (sh *Shell) Interrupted() bool {
	if sh.gate.Killed() != 0 {
		return true
	}
	// Only the main shell runs traps here: a subshell running on a
	// goroutine would take the signal from it and drop it (its traps are
	// reset).
	if !sh.subshell && sh.rt.pendingSigs.Load() != 0 {
		sh.runPendingTraps()
		return sh.ctl != builtins.CtlNone || sh.gate.Killed() != 0
	}
	return false
}

// UnsetHash removes name from the command hash table (hash -d).
func (sh *Shell) UnsetHash(name string) bool {
	if _, ok := sh.hash.get(name); !ok {
		return false
	}
	sh.hash.del(name)
	return true
}
