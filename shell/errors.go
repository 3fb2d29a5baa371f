package shell

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"syscall"
)

// errPrefix is bash's prefix for error messages: "gsh: line 3: " in a
// script or -c string (the name is $0 as started, or the sourced file),
// "gsh: " in an interactive shell.
func (sh *Shell) errPrefix() string {
	name := sh.rt.name
	if sh.source != "" {
		name = sh.source
	}
	if sh.rt.interactive && sh.source == "" {
		return name + ": "
	}
	return name + ": line " + strconv.Itoa(sh.lineNo()) + ": "
}

// errorf prints an error message on the shell's standard error.
func (sh *Shell) errorf(format string, a ...any) {
	msg := sh.errPrefix() + fmt.Sprintf(format, a...) + "\n"
	sh.writeErr(msg)
}

// writeErr writes s to descriptor 2 of this context.
func (sh *Shell) writeErr(s string) {
	if o := sh.fds.get(2); o != nil {
		o.Write([]byte(s))
	}
}

// errnoText returns the C library's text for an error, as bash prints it.
func errnoText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errnoString(errno)
	}
	return err.Error()
}

// errnoString capitalises Go's errno text as strerror(3) does.
func errnoString(e syscall.Errno) string {
	switch e {
	case syscall.ENOENT:
		return "No such file or directory"
	case syscall.EACCES:
		return "Permission denied"
	case syscall.EISDIR:
		return "Is a directory"
	case syscall.ENOTDIR:
		return "Not a directory"
	case syscall.EEXIST:
		return "File exists"
	case syscall.EBADF:
		return "Bad file descriptor"
	case syscall.ENOEXEC:
		return "Exec format error"
	case syscall.E2BIG:
		return "Argument list too long"
	case syscall.EPIPE:
		return "Broken pipe"
	case syscall.ETXTBSY:
		return "Text file busy"
	case syscall.ENAMETOOLONG:
		return "File name too long"
	case syscall.ELOOP:
		return "Too many levels of symbolic links"
	case syscall.EROFS:
		return "Read-only file system"
	case syscall.ENOSPC:
		return "No space left on device"
	case syscall.EPERM:
		return "Operation not permitted"
	case syscall.EINVAL:
		return "Invalid argument"
	case syscall.EMFILE:
		return "Too many open files"
	case syscall.ENXIO:
		return "No such device or address"
	case syscall.ESRCH:
		return "No such process"
	case syscall.EINTR:
		return "Interrupted system call"
	case syscall.EIO:
		return "Input/output error"
	case syscall.ENOTTY:
		return "Inappropriate ioctl for device"
	}
	s := e.Error()
	if s != "" {
		s = string(s[0]-32*b2i(s[0] >= 'a' && s[0] <= 'z')) + s[1:]
	}
	return s
}

func b2i(b bool) byte {
	if b {
		return 1
	}
	return 0
}
