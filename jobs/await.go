package jobs

import "golang.org/x/sys/unix"

// Await waits for p to end and returns its status. The waiting goroutine
// calls wait4 on p itself, so the shell resumes as soon as the kernel
// reports the exit, without the round trip through SIGCHLD, the reaper
// goroutine and a channel (a third of the cost of running /bin/true).
// Whichever of Await and the reaper collects a report first handles it;
// if the reaper wins, wait4 here fails with ECHILD and Await falls back
// to the Proc's done channel. Stops and continues are recorded as the
// reaper would; Await keeps waiting until the process ends.
func (r *Reaper) Await(p *Proc) int {
	for !p.Terminated() {
		var ws unix.WaitStatus
		var ru unix.Rusage
		pid, err := unix.Wait4(p.Pid, &ws, unix.WUNTRACED|unix.WCONTINUED, &ru)
		if err == unix.EINTR {
			continue
		}
		if err != nil || pid != p.Pid {
			break // the reaper has it: wait for its report
		}
		if ws.Exited() || ws.Signaled() {
			r.mu.Lock()
			delete(r.procs, p.Pid)
			r.mu.Unlock()
		}
		p.update(ws, &ru)
		if r.onChange != nil {
			r.onChange(p)
		}
	}
	return p.Wait()
}
