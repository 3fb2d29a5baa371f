package tty

import (
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Raw rt_sigaction, for the two places where Go's signal package cannot
// give the kernel's default action back: once a signal was Notify'd, Go
// keeps its own handler installed after Reset and drops the signal
// (measured: a SIGTTIN sent to ourselves after Notify and Reset does not
// stop the process). The shell needs the real default to stop itself with
// SIGTTIN, and a stand-in needs it to die or stop as a child would.

// kernelSigaction is the kernel's struct sigaction on 64-bit Linux
// (amd64 and arm64 share this layout).
type kernelSigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

const (
	sigDfl = 0
	sigIgn = 1
)

// sigaction sets sig's disposition to act (unless nil) and saves the one
// it had in old (unless nil).
func sigaction(sig syscall.Signal, act, old *kernelSigaction) error {
	_, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(act)),
		uintptr(unsafe.Pointer(old)), unsafe.Sizeof(kernelSigaction{}.mask), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// sigset is the set of the given signals.
func sigset(sigs ...syscall.Signal) unix.Sigset_t {
	var set unix.Sigset_t
	for _, s := range sigs {
		set.Val[(s-1)/64] |= 1 << (uint(s-1) % 64)
	}
	return set
}

// Action is a saved signal disposition.
type Action struct{ sa kernelSigaction }

// SetDefault gives sig the kernel's default action and returns the
// disposition it had, for RestoreAction.
func SetDefault(sig syscall.Signal) (Action, error) {
	var old Action
	err := sigaction(sig, &kernelSigaction{handler: sigDfl}, &old.sa)
	return old, err
}

// RestoreAction puts back a disposition saved by SetDefault.
func RestoreAction(sig syscall.Signal, a Action) { sigaction(sig, &a.sa, nil) }

// ResetAll gives every catchable signal the kernel's default action,
// except those in ignore, which get SIG_IGN. Only for a process that uses
// no signal of Go's own afterwards (a stand-in): Go installs its handler
// even over an inherited SIG_IGN (except for SIGHUP and SIGINT), so the
// ignored set has to be passed in.
func ResetAll(ignore map[syscall.Signal]bool) {
	for s := syscall.Signal(1); s <= 31; s++ {
		if s == syscall.SIGKILL || s == syscall.SIGSTOP {
			continue
		}
		sa := kernelSigaction{handler: sigDfl}
		if ignore[s] {
			sa.handler = sigIgn
		}
		sigaction(s, &sa, nil)
	}
}

// Die ends the process by sig, with the kernel's default action, so that
// the parent sees a death by that signal. The signal is sent to the
// calling thread with the action reset and the signal unblocked, so it is
// acted on before the system call returns; Go's own handler (kept after
// signal.Reset) would exit with a status instead, or race with a
// following os.Exit.
func Die(sig syscall.Signal) {
	runtime.LockOSThread()
	SetDefault(sig)
	set := sigset(sig)
	unix.PthreadSigmask(unix.SIG_UNBLOCK, &set, nil)
	unix.Tgkill(unix.Getpid(), unix.Gettid(), sig)
}

// SignalThread sends sig to the calling thread of this process: `kill
// -SIG $$` then acts before the kill returns, as in bash, whether the
// action is the kernel's or Go's handler (which, for a process-directed
// signal, may run on another thread while this one goes on).
func SignalThread(sig syscall.Signal) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if sig == 0 {
		return nil
	}
	return unix.Tgkill(unix.Getpid(), unix.Gettid(), sig)
}
