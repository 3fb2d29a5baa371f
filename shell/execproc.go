package shell

import (
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"gsh/jobs"
)

func jobsSpec(path string, argv, env []string, dir string) *jobs.Spec {
	return &jobs.Spec{Path: path, Argv: argv, Env: env, Dir: dir, Text: strings.Join(argv, " ")}
}

// execProcess replaces the process with path (exec builtin): the shell's
// descriptor table becomes the process's, then execve. If execve fails,
// descriptors 0-2 are put back and the error returned.
func (sh *Shell) execProcess(path string, argv, env []string) error {
	files := sh.fds.childFiles()
	// Save 0-2 so that a failed exec leaves the shell usable.
	var saved [3]int
	for i := range saved {
		saved[i] = -1
		if fd, err := unix.FcntlInt(uintptr(i), unix.F_DUPFD_CLOEXEC, 10); err == nil {
			saved[i] = fd
		}
	}
	// Move every source out of the way first, so dup2 never clobbers one
	// still needed.
	high := make([]int, len(files))
	for i, f := range files {
		high[i] = -1
		if f == jobs.ClosedFd {
			continue
		}
		fd, err := unix.FcntlInt(f, unix.F_DUPFD_CLOEXEC, 100)
		if err != nil {
			return err
		}
		high[i] = fd
	}
	for i, fd := range high {
		if fd < 0 {
			unix.Close(i)
			continue
		}
		unix.Dup2(fd, i)
		unix.Close(fd)
	}
	prev, _ := os.Getwd()
	if err := unix.Chdir(sh.cwd); err != nil {
		return err
	}
	err := syscall.Exec(path, argv, env)
	// Still here: the process keeps its directory (children rely on it).
	unix.Chdir(prev)
	for i, fd := range saved {
		if fd >= 0 {
			unix.Dup2(fd, i)
			unix.Close(fd)
		}
	}
	return err
}
