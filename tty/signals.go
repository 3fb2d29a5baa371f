package tty

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// Disposition is how the shell itself treats a signal.
type Disposition int

const (
	Default Disposition = iota // kernel default (Go's emulation of it)
	Caught                     // delivered to the shell's channel
	Ignored                    // SIG_IGN, inherited by children (trap '' SIG)
)

// signals tracks dispositions so that a disposition can be changed
// temporarily around a fork and put back exactly. Go's signal.Ignore drops
// channel registrations, so re-registering needs to know them.
var signals = struct {
	sync.Mutex
	disp      map[syscall.Signal]Disposition
	ch        map[syscall.Signal]chan<- os.Signal
	atStartup map[syscall.Signal]bool
}{
	disp: map[syscall.Signal]Disposition{},
	ch:   map[syscall.Signal]chan<- os.Signal{},
}

// IgnoredAtStartup reports whether sig was ignored when gsh started. POSIX:
// such signals stay ignored in a non-interactive shell and cannot be trapped.
func IgnoredAtStartup(sig syscall.Signal) bool {
	return signal.Ignored(sig)
}

// Catch delivers sig to ch from now on.
func Catch(ch chan<- os.Signal, sigs ...syscall.Signal) {
	signals.Lock()
	defer signals.Unlock()
	for _, s := range sigs {
		signals.disp[s] = Caught
		signals.ch[s] = ch
		signal.Notify(ch, s)
	}
}

// Ignore sets SIG_IGN for sigs (inherited by children).
func Ignore(sigs ...syscall.Signal) {
	signals.Lock()
	defer signals.Unlock()
	for _, s := range sigs {
		signals.disp[s] = Ignored
		signal.Ignore(s)
	}
}

// Reset restores the default action for sigs.
func Reset(sigs ...syscall.Signal) {
	signals.Lock()
	defer signals.Unlock()
	for _, s := range sigs {
		signals.disp[s] = Default
		signal.Reset(s)
	}
}

// Current returns the disposition last set for sig.
func Current(sig syscall.Signal) Disposition {
	signals.Lock()
	defer signals.Unlock()
	return signals.disp[sig]
}

// WithIgnored runs fn with sigs set to SIG_IGN, then restores them. The
// launcher uses it to start background jobs of a non-interactive shell
// with SIGINT and SIGQUIT ignored, as POSIX requires. A signal sent to the
// shell during fn (a fork: microseconds) is ignored; that window is the
// price of Go not letting a child change dispositions before exec.
func WithIgnored(fn func(), sigs ...syscall.Signal) {
	signals.Lock()
	defer signals.Unlock()
	var changed []syscall.Signal
	for _, s := range sigs {
		if signals.disp[s] != Ignored {
			signal.Ignore(s)
			changed = append(changed, s)
		}
	}
	fn()
	for _, s := range changed {
		switch signals.disp[s] {
		case Caught:
			signal.Notify(signals.ch[s], s)
		default:
			signal.Reset(s)
		}
	}
}
