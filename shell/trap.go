package shell

import (
	"os"
	"strings"
	"syscall"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/tty"
)

// Traps are stored by name: "EXIT", "ERR", "DEBUG", "RETURN", or a signal
// name without SIG ("INT"). An empty action means the signal is ignored.

// pseudo-signals that are not real signals
var pseudoSignals = map[string]bool{"EXIT": true, "ERR": true, "DEBUG": true, "RETURN": true}

// trapSignal returns the signal number for a trap name, or 0.
func trapSignal(name string) syscall.Signal {
	if pseudoSignals[name] {
		return 0
	}
	n, ok := builtins.SignalNumber(name)
	if !ok {
		return 0
	}
	return syscall.Signal(n)
}

// setTrap installs (or with reset, removes) a trap.
func (sh *Shell) setTrap(name, action string, reset bool) error {
	sh.rt.ensureSignals()
	sig := trapSignal(name)
	if sig != 0 && !sh.rt.interactive && sh.rt.ignoredAtStart[sig] {
		return nil // POSIX: signals ignored at entry stay ignored
	}
	if sig == syscall.SIGKILL || sig == syscall.SIGSTOP {
		if !reset {
			sh.traps.set(name, action) // bash accepts and ignores them
		}
		return nil
	}
	if reset {
		sh.traps.del(name)
	} else {
		sh.traps.set(name, action)
	}
	sh.trapGen++
	if name == "EXIT" && !sh.subshell {
		sh.rt.hasExitTrap.Store(!reset && action != "")
	}
	if sig != 0 && !sh.subshell {
		sh.rt.applyDisposition(sig, action, reset)
	}
	return nil
}

// applyDisposition makes the process's handling of sig match its trap.
func (rt *Runtime) applyDisposition(sig syscall.Signal, action string, reset bool) {
	bit := uint64(1) << uint(sig)
	switch {
	case !reset && action == "":
		rt.trapped.And(^bit)
		tty.Ignore(sig)
	case !reset:
		rt.trapped.Or(bit)
		tty.Catch(rt.sigCh, sig)
	default:
		rt.defaultDisposition(sig)
	}
}

// runPendingTraps runs the actions of trapped signals that arrived.
func (sh *Shell) runPendingTraps() {
	rt := sh.rt
	for {
		bits := rt.pendingSigs.Load()
		if bits == 0 {
			return
		}
		if !rt.pendingSigs.CompareAndSwap(bits, 0) {
			continue
		}
		if bits&pendingSpecial != 0 {
			if sig := rt.fatalSig.Load(); sig != 0 {
				sh.fatalSignal(syscall.Signal(sig))
			}
		}
		for sig := 1; sig < 64; sig++ {
			if bits&(1<<uint(sig)) == 0 {
				continue
			}
			name := builtins.SignalName(sig)
			name = strings.TrimPrefix(name, "SIG")
			if _, ok := sh.traps.get(name); ok {
				sh.runTrap(name)
			}
		}
	}
}

// TrapChan is signalled when a trap is due, so that an interactive shell
// waiting at its prompt runs it at once, as bash does, rather than when
// the next command line comes.
func (rt *Runtime) TrapChan() <-chan struct{} { return rt.trapNow }

func (rt *Runtime) trapDue() {
	select {
	case rt.trapNow <- struct{}{}:
	default:
	}
}

// RunPendingTraps runs the traps of the signals that have come.
func (sh *Shell) RunPendingTraps() { sh.runPendingTraps() }

// runTrap runs a trap action, keeping $? for the interrupted command.
func (sh *Shell) runTrap(name string) {
	action, ok := sh.traps.get(name)
	if !ok || action == "" {
		return
	}
	status := sh.status
	sh.inTrap++
	sh.evalString(action, "trap")
	sh.inTrap--
	if sh.ctl != builtins.CtlExit && sh.ctl != builtins.CtlReturn {
		sh.status = status
	}
}

// debugTrap runs the DEBUG trap before a command, with BASH_COMMAND set.
func (sh *Shell) debugTrap(cmd syntax.Node) {
	if sh.inTrap > 0 || len(sh.traps.m) == 0 || sh.noDebugTrap > 0 {
		return
	}
	if _, ok := sh.traps.get("DEBUG"); !ok {
		return
	}
	sh.curCmd = cmd
	sh.runTrap("DEBUG")
}

// fatalSignal ends the shell as if killed by sig, after its EXIT trap.
func (sh *Shell) fatalSignal(sig syscall.Signal) {
	root := sh
	root.finishContext()
	sh.rt.dieBySignal(sig)
}

// dieBySignal resets sig to its default action and sends it to ourselves.
func (rt *Runtime) dieBySignal(sig syscall.Signal) {
	runExitHooks()
	if rt.jobControl && rt.shellModes != nil && rt.ttyFd >= 0 {
		tty.SetModes(rt.ttyFd, rt.shellModes)
	}
	tty.Reset(sig)
	tty.Die(sig) // a Kill to ourselves could lose the race with os.Exit
	// Still here (the signal is blocked or ignored by inheritance): exit.
	os.Exit(128 + int(sig))
}
