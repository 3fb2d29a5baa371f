package jobs

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gsh/tty"
)

// StandinArg is argv[1] of a stand-in process. A job that runs inside the
// shell (a function, loop or block started with &) still needs a real PID
// for $!, `kill PID` and `jobs -l`, and a process group that outlives any
// one of its commands: gsh re-executes itself in this mode to provide one.
// Signals sent to the stand-in are seen by the reaper and applied to the
// whole job. argv[2] lists the signals the job ignores ("2,3").
const StandinArg = "--gsh-job-standin"

// StandinArgv is the argument vector of a stand-in for a job that
// ignores the given signals.
func StandinArgv(ignored []syscall.Signal) []string {
	nums := make([]string, len(ignored))
	for i, s := range ignored {
		nums[i] = strconv.Itoa(int(s))
	}
	return []string{"gsh", StandinArg, strings.Join(nums, ",")}
}

// RunStandin is the whole program of a stand-in: take the dispositions a
// forked subshell would have (Go's own handlers would swallow SIGUSR1 or
// keep SIGQUIT from killing), then wait to be killed, and leave if the
// shell goes away.
func RunStandin() {
	ign := map[syscall.Signal]bool{}
	if len(os.Args) > 2 {
		for _, f := range strings.Split(os.Args[2], ",") {
			if n, err := strconv.Atoi(f); err == nil {
				ign[syscall.Signal(n)] = true
			}
		}
	}
	ppid := os.Getppid()
	tty.ResetAll(ign)
	for {
		time.Sleep(500 * time.Millisecond)
		if os.Getppid() != ppid {
			os.Exit(0)
		}
	}
}
