package jobs

import "golang.org/x/sys/unix"

// Await waits for p to end and returns its status. The waiting goroutine
// collects p's reports itself, so the shell resumes as soon as the kernel
// reports the exit, without the round trip through SIGCHLD, the reaper
// goroutine and a channel (a third of the cost of running /bin/true).
//
// It blocks in waitid with WNOWAIT, which leaves the report in place,
// then takes it with wait4 under the reap lock, like the reaper. Reports
// are thus applied in the kernel's order: with two collectors each
// applying outside a lock, a "continued" taken by one could be applied
// after the "exited" taken by the other, leaving an ended process
// running forever (seen: fg of a stopped `sleep 0.4; echo after` hung).
// Whichever collector takes a report handles it; if the reaper reaped p,
// waitid fails with ECHILD and Await waits for the reaper's update.
func (r *Reaper) Await(p *Proc) int {
	for !p.Terminated() {
		var info unix.Siginfo
		err := unix.Waitid(unix.P_PID, p.Pid, &info, unix.WEXITED|unix.WSTOPPED|unix.WCONTINUED|unix.WNOWAIT, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			break // the reaper has it: wait for its report
		}
		if _, err := r.take(p.Pid); err != nil && err != unix.EINTR {
			break
		}
	}
	return p.Wait()
}
