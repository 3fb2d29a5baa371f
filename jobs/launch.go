package jobs

import (
	"os"
	"sync"
	"syscall"

	"gsh/tty"
)

// Spec describes one process to start.
type Spec struct {
	Path  string
	Argv  []string
	Env   []string
	Dir   string
	Files []uintptr // child fd i = Files[i]; ^uintptr(0) closes it

	// Pgid: -1 leaves the child in the shell's group (no job control);
	// 0 makes it the leader of a new group; >0 joins that group.
	Pgid int
	// Foreground hands the terminal Tty to the child's group before exec.
	Foreground bool
	Tty        int
	// IgnoreIntQuit starts the child with SIGINT and SIGQUIT ignored (the
	// background jobs of a shell without job control).
	IgnoreIntQuit bool

	Text string
}

// ClosedFd marks a descriptor that the child must not have.
const ClosedFd = ^uintptr(0)

// StartLocked forks and execs s; the caller holds the reap lock.
func (r *Reaper) StartLocked(s *Spec) (*Proc, error) {
	attr := &syscall.ProcAttr{
		Dir:   s.Dir,
		Env:   s.Env,
		Files: s.Files,
		Sys:   &syscall.SysProcAttr{},
	}
	if s.Dir == currentProcessDir() {
		attr.Dir = "" // the child is there already: spare it a chdir
	}
	if s.Pgid >= 0 {
		attr.Sys.Setpgid = true
		attr.Sys.Pgid = s.Pgid
		if s.Foreground {
			attr.Sys.Foreground = true
			attr.Sys.Ctty = s.Tty
		}
	}
	var pid int
	var err error
	fork := func() { pid, err = syscall.ForkExec(s.Path, s.Argv, attr) }
	if s.IgnoreIntQuit {
		tty.WithIgnored(fork, syscall.SIGINT, syscall.SIGQUIT)
	} else {
		fork()
	}
	if err != nil {
		return nil, err
	}
	pgid := s.Pgid
	switch {
	case pgid == 0:
		pgid = pid
	case pgid < 0:
		pgid = 0
	}
	p := newProc(pid, pgid, s.Text)
	r.procs[pid] = p
	return p, nil
}

// Start is StartLocked for a single process.
func (r *Reaper) Start(s *Spec) (*Proc, error) {
	r.Lock()
	defer r.Unlock()
	return r.StartLocked(s)
}

// processDir is the process's working directory. The shell keeps its own
// directory per state and never changes the process's, so it is read
// once: the shell, which reads it at start, hands it over with
// SetProcessDir, sparing the launcher a second os.Getwd (two stats).
var processDir struct {
	once sync.Once
	dir  string
}

// SetProcessDir records dir as the process's working directory, unless
// it was already known.
func SetProcessDir(dir string) { processDir.once.Do(func() { processDir.dir = dir }) }

func currentProcessDir() string {
	processDir.once.Do(func() { processDir.dir, _ = os.Getwd() })
	return processDir.dir
}
