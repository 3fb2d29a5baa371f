// Package interactive is gsh's front end on a terminal: prompts, line
// editing, history, completion and start-up files around the
// interpreter's command-line runner.
package interactive

import (
	"os"
	"strconv"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"gsh/builtins"
	"gsh/shell"
	"gsh/tty"
)

// Options are the command-line choices that concern the front end.
type Options struct {
	Login     bool
	NoRC      bool
	NoProfile bool
	RCFile    string
}

// IsTerminal reports whether fd is a terminal.
func IsTerminal(fd int) bool { return tty.IsTerminal(fd) }

// frontEnd is the state of the interactive shell around the interpreter.
type frontEnd struct {
	rt   *shell.Runtime
	sh   *shell.Shell // the state commands run in (replaced after a stop)
	opts Options
	ed   Editor
	hist *History
	hx   histExpander
	comp *completer
	// stateMu is held while shell code runs off the main goroutine's
	// command loop: completion functions and traps at the prompt.
	stateMu sync.Mutex

	inFd     int // the terminal the editor reads, or -1
	eofCount int // consecutive Ctrl-D (IGNOREEOF)
	cols     int // last window size seen (COLUMNS, LINES)
	rows     int //
	// histFileLines is how many entries of HISTFILE this shell has seen
	// (history -n reads the ones after).
	histFileLines int
}

// active is the front end of this process (nil in scripts), for the
// builtins that need it.
var active atomic.Pointer[frontEnd]

func current() *frontEnd { return active.Load() }

// Run is the interactive shell. It returns only if the shell cannot run;
// the shell exits through sh.Exit.
func Run(rt *shell.Runtime, sh *shell.Shell, o Options) int {
	fe := &frontEnd{rt: rt, sh: sh, opts: o, hist: newHistory(), inFd: -1}
	active.Store(fe)
	fe.comp = &completer{shell: func() builtins.Shell { return fe.sh }, jobs: fe.jobSpecs, mu: &fe.stateMu}
	fe.hx.hist = fe.hist
	rt.HistoryNumber = fe.hist.Next
	rt.OnExit(fe.saveHistory)

	if tty.IsTerminal(2) || tty.IsTerminal(0) {
		sh.SetOptionByName("monitor", true)
	} else {
		os.Stderr.WriteString("gsh: cannot set terminal process group (-1): Inappropriate ioctl for device\n")
		os.Stderr.WriteString("gsh: no job control in this shell\n")
	}
	if on, _ := sh.Option("vi"); !on {
		sh.SetOptionByName("emacs", true)
	}
	sh.SetOptionByName("histexpand", true)
	sh.SetOptionByName("expand_aliases", true)
	sh.SetOptionByName("history", true)
	fe.defaultVars()

	if tty.IsTerminal(0) {
		fe.inFd = 0
		ed, err := newRLEditor(0, os.Stderr, fe.reclaimTerminal, fe.comp)
		if err == nil {
			rt.OnWinch = ed.WidthChanged
			fe.ed = ed
		}
	}
	if fe.ed == nil {
		fe.ed = &plainReader{fd: 0, out: os.Stderr}
	}
	fe.startupFiles()
	fe.loadHistory()
	fe.loop()
	return 0
}

// defaultVars sets the variables an interactive shell has from the start
// (before the start-up files, which may change them).
func (fe *frontEnd) defaultVars() {
	v := fe.sh.Vars()
	setDefault := func(name, val string) {
		if _, ok := v.Value(name); !ok {
			v.Set(name, val)
		}
	}
	setDefault("PS1", `\u@\h:\w\$ `)
	setDefault("PS2", "> ")
	if home := v.Str("HOME"); home != "" {
		setDefault("HISTFILE", home+"/.gsh_history")
	}
	setDefault("HISTSIZE", "500")
	setDefault("HISTFILESIZE", v.Str("HISTSIZE"))
}

// reclaimTerminal puts the shell in the terminal's foreground if another
// group has it: before the editor reads, and when its read failed for
// that reason. It reports whether it did, so that the read is tried
// again; false after a failed read means the terminal hung up.
func (fe *frontEnd) reclaimTerminal() bool {
	fd := fe.inFd
	if fd < 0 || !fe.rt.JobControl() {
		return false
	}
	pg := unix.Getpgrp()
	if fg, err := tty.Foreground(fd); err == nil && fg == pg {
		return false // already ours
	}
	return tty.SetForeground(fd, pg) == nil
}

// jobSpecs lists %n for each job (completion).
func (fe *frontEnd) jobSpecs() []string { return fe.rt.JobSpecs() }

// windowVars sets COLUMNS and LINES when the window size changed
// (shopt checkwinsize, on by default).
func (fe *frontEnd) windowVars() {
	if on, _ := fe.sh.Option("checkwinsize"); !on || fe.inFd < 0 {
		return
	}
	c, r, err := tty.Size(fe.inFd)
	if err != nil || c == fe.cols && r == fe.rows {
		return
	}
	fe.cols, fe.rows = c, r
	fe.sh.Vars().Set("COLUMNS", strconv.Itoa(c))
	fe.sh.Vars().Set("LINES", strconv.Itoa(r))
}
