package tty

import (
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
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
	disp map[syscall.Signal]Disposition
	ch   map[syscall.Signal]chan<- os.Signal
	// held lists the signals WithIgnored left ignored, to be put back
	// (see restorer); nheld is its size, for a lock-free Settle.
	held     map[syscall.Signal]bool
	nheld    atomic.Int32
	lastFork atomic.Int64 // UnixNano of the last WithIgnored
	kick     chan struct{}
	once     sync.Once
}{
	disp: map[syscall.Signal]Disposition{},
	ch:   map[syscall.Signal]chan<- os.Signal{},
	held: map[syscall.Signal]bool{},
	kick: make(chan struct{}, 1),
}

// Catch delivers sig to ch from now on.
func Catch(ch chan<- os.Signal, sigs ...syscall.Signal) {
	signals.Lock()
	defer signals.Unlock()
	for _, s := range sigs {
		release(s)
		signals.disp[s] = Caught
		signals.ch[s] = ch
		// Ignore first: Go installs its handler on Notify only if it
		// thinks it has none (see ShellIgnores, kernelDefault).
		signal.Ignore(s)
		signal.Notify(ch, s)
	}
}

// ShellIgnores makes the shell itself ignore sigs while its children get
// the default action: the kernel is set to SIG_IGN behind Go's back, and
// Go, which still counts its handler as installed, resets the signal in
// every child before exec. Catch later installs a handler as usual.
func ShellIgnores(sigs ...syscall.Signal) {
	for _, s := range sigs {
		sigaction(s, &kernelSigaction{handler: sigIgn}, nil)
	}
}

// Ignore sets SIG_IGN for sigs (inherited by children).
func Ignore(sigs ...syscall.Signal) {
	signals.Lock()
	defer signals.Unlock()
	for _, s := range sigs {
		release(s)
		signals.disp[s] = Ignored
		signal.Ignore(s)
	}
}

// Reset restores the default action for sigs.
func Reset(sigs ...syscall.Signal) {
	signals.Lock()
	defer signals.Unlock()
	for _, s := range sigs {
		release(s)
		signals.disp[s] = Default
		kernelDefault(s)
	}
}

// KernelDefault gives sigs the kernel's default action. Go's own default
// is not it for all signals: without a Notify, Go swallows SIGUSR1,
// SIGUSR2, SIGALRM and others that should end the shell, as they end
// bash.
func KernelDefault(sigs ...syscall.Signal) {
	signals.Lock()
	defer signals.Unlock()
	for _, s := range sigs {
		kernelDefault(s)
	}
}

// kernelDefault sets the real SIG_DFL. signal.Reset alone leaves a
// signal ignored after signal.Ignore (golang/go#46321), and leaves Go's
// handler, which swallows stop signals and more, after signal.Notify. Go
// is told to ignore the signal instead, which drops any Notify
// registration and makes it forget its handler (so that a later Notify
// installs it again), then the kernel's action is set behind its back.
// signal.Reset is not called at all: it costs a round trip to Go's
// signal-mask thread (some 50 µs each, paid at every start-up for the
// nine signals of noteIgnoredAtStart) and changes nothing that Ignore
// leaves.
func kernelDefault(s syscall.Signal) {
	signal.Ignore(s)
	SetDefault(s)
}

// Current returns the disposition last set for sig.
func Current(sig syscall.Signal) Disposition {
	signals.Lock()
	defer signals.Unlock()
	return signals.disp[sig]
}

// restoreDelay is how long a signal stays ignored after the last fork of
// a burst: long enough for `for ...; do cmd & done` to fork them all
// under one Ignore.
const restoreDelay = 5 * time.Millisecond

// WithIgnored runs fn (a fork) with sigs set to SIG_IGN, so that the child
// starts with them ignored: the background jobs of a shell without job
// control ignore SIGINT and SIGQUIT, as POSIX requires. Go gives no other
// way to set a child's dispositions before exec.
//
// Putting a caught signal back costs a round trip to Go's signal-mask
// thread (measured: some 50 µs, 150 µs in a fork loop), more than the
// fork. So the signals are put back by a goroutine once no fork came for
// restoreDelay, or at once by Settle. A signal that comes meanwhile is
// ignored by the shell too, as during the fork itself.
func WithIgnored(fn func(), sigs ...syscall.Signal) {
	signals.Lock()
	for _, s := range sigs {
		if signals.disp[s] != Ignored && !signals.held[s] {
			signal.Ignore(s)
			signals.held[s] = true
			signals.nheld.Add(1)
		}
	}
	fn()
	signals.lastFork.Store(time.Now().UnixNano())
	signals.Unlock()
	signals.once.Do(func() { go restorer() })
	select {
	case signals.kick <- struct{}{}:
	default:
	}
}

// restorer puts held signals back once forks have stopped coming.
func restorer() {
	for range signals.kick {
		for {
			idle := time.Since(time.Unix(0, signals.lastFork.Load()))
			if idle >= restoreDelay {
				break
			}
			time.Sleep(restoreDelay - idle)
		}
		Settle()
	}
}

// Settle puts back at once the signals that WithIgnored still holds
// ignored: before the shell waits for a foreground child, whose Ctrl-C it
// must see.
func Settle() {
	if signals.nheld.Load() == 0 {
		return
	}
	signals.Lock()
	defer signals.Unlock()
	for s := range signals.held {
		release(s)
		switch signals.disp[s] {
		case Caught:
			signal.Notify(signals.ch[s], s)
		default:
			kernelDefault(s)
		}
	}
}

// release forgets that WithIgnored holds s (the caller sets its final
// disposition); signals is locked.
func release(s syscall.Signal) {
	if signals.held[s] {
		delete(signals.held, s)
		signals.nheld.Add(-1)
	}
}
