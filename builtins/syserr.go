package builtins

import (
	"errors"
	"io/fs"
	"syscall"
)

// ErrnoText renders an error as bash prints it, with the C library's
// strerror text ("No such file or directory"): Go's errno strings are the
// same texts but start in lower case. Other errors keep their own text
// (that of a PathError without its operation and path).
func ErrnoText(err error) string {
	var en syscall.Errno
	if errors.As(err, &en) {
		s := en.Error()
		if s != "" && s[0] >= 'a' && s[0] <= 'z' {
			s = string(s[0]-'a'+'A') + s[1:]
		}
		return s
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
