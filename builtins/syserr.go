package builtins

import (
	"errors"
	"syscall"
)

// errnoText renders an error as the C library's strerror would
// ("No such file or directory"): Go's errno strings are the same texts
// but start in lower case.
func errnoText(err error) string {
	var en syscall.Errno
	if errors.As(err, &en) {
		s := en.Error()
		if s != "" && s[0] >= 'a' && s[0] <= 'z' {
			s = string(s[0]-'a'+'A') + s[1:]
		}
		return s
	}
	return err.Error()
}
