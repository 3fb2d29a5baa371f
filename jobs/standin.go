package jobs

import (
	"os"
	"time"
)

// StandinArg is argv[1] of a stand-in process. A job that runs inside the
// shell (a function, loop or block started with &) still needs a real PID
// for $!, `kill PID` and `jobs -l`, and a process group that outlives any
// one of its commands: gsh re-executes itself in this mode to provide one.
// Signals sent to the stand-in are seen by the reaper and applied to the
// whole job.
const StandinArg = "--gsh-job-standin"

// RunStandin is the whole program of a stand-in: wait to be killed, with
// default signal actions, and leave if the shell goes away.
func RunStandin() {
	ppid := os.Getppid()
	for {
		time.Sleep(time.Second)
		if os.Getppid() != ppid {
			os.Exit(0)
		}
	}
}
