// Package tty owns the controlling terminal: who is in the foreground,
// terminal modes, and the shell's signal dispositions.
package tty

import (
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// WithStopSignalsBlocked runs fn on a locked OS thread with SIGTTOU,
// SIGTTIN and SIGTSTP blocked. A tcsetpgrp or tcsetattr made while the
// shell is in a background process group raises SIGTTOU; if SIGTTOU is
// caught, Linux restarts the call forever. Blocked, the call just works.
func WithStopSignalsBlocked(fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	set := sigset(unix.SIGTTOU, unix.SIGTTIN, unix.SIGTSTP)
	var old unix.Sigset_t
	if err := unix.PthreadSigmask(unix.SIG_BLOCK, &set, &old); err != nil {
		return err
	}
	err := fn()
	unix.PthreadSigmask(unix.SIG_SETMASK, &old, nil)
	return err
}

// SetForeground makes pgid the terminal's foreground process group.
func SetForeground(fd, pgid int) error {
	return WithStopSignalsBlocked(func() error {
		return unix.IoctlSetPointerInt(fd, unix.TIOCSPGRP, pgid)
	})
}

// Foreground returns the terminal's foreground process group.
func Foreground(fd int) (int, error) {
	return unix.IoctlGetInt(fd, unix.TIOCGPGRP)
}

// GetModes reads the terminal modes.
func GetModes(fd int) (*unix.Termios, error) {
	return unix.IoctlGetTermios(fd, unix.TCGETS)
}

// SetModes applies terminal modes, waiting for output to drain (TCSADRAIN).
func SetModes(fd int, t *unix.Termios) error {
	return WithStopSignalsBlocked(func() error {
		return unix.IoctlSetTermios(fd, unix.TCSETSW, t)
	})
}

// IsTerminal reports whether fd is a terminal.
func IsTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}

// Size returns the window size (columns, rows).
func Size(fd int) (int, int, error) {
	ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
	if err != nil {
		return 0, 0, err
	}
	return int(ws.Col), int(ws.Row), nil
}

// TakeForeground waits, as bash does, until the shell's process group is
// in the foreground of the terminal fd: while it is not, the shell stops
// itself with SIGTTIN (so a `gsh &` from another shell waits for `fg`).
// Then it puts the shell in its own process group and takes the terminal.
// It returns the shell's group and the group it started in, to be given
// the terminal back at exit (EndForeground).
func TakeForeground(fd int) (pgid, orig int, err error) {
	if err := waitForeground(fd); err != nil {
		return 0, 0, err
	}
	orig = unix.Getpgrp()
	pid := unix.Getpid()
	if orig != pid {
		if err := unix.Setpgid(0, pid); err != nil {
			return 0, 0, err
		}
	}
	if err := SetForeground(fd, pid); err != nil {
		return 0, 0, err
	}
	return pid, orig, nil
}

// waitForeground stops the shell with SIGTTIN until its group owns the
// terminal. SIGTTIN gets its real default action meanwhile: a Notify'd
// signal never stops a Go program.
func waitForeground(fd int) error {
	var saved *Action
	defer func() {
		if saved != nil {
			RestoreAction(unix.SIGTTIN, *saved)
		}
	}()
	for {
		fg, err := Foreground(fd)
		if err != nil {
			return err
		}
		pg := unix.Getpgrp()
		if fg == pg {
			return nil
		}
		if saved == nil {
			a, err := SetDefault(unix.SIGTTIN)
			if err != nil {
				return err
			}
			saved = &a
		}
		unix.Kill(-pg, unix.SIGTTIN)
		// Stopped here until continued (normally by fg); a continue while
		// still in the background loops and stops again.
		time.Sleep(time.Millisecond)
	}
}

// EndForeground gives the terminal back to the process group the shell
// started in (the shell that started it may read from the terminal next).
func EndForeground(fd, orig int) {
	if orig <= 0 || orig == unix.Getpgrp() {
		return
	}
	// The original group may be gone; then there is no one to give it to.
	if unix.Kill(-orig, 0) != nil {
		return
	}
	unix.Setpgid(0, orig)
	SetForeground(fd, orig)
}
