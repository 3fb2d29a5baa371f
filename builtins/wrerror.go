package builtins

import (
	"errors"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// reportWriteError prints bash's "name: write error: Reason" for a failed
// write of a builtin's output and returns the status bash gives (1).
func reportWriteError(sh Shell, name string, err error) int {
	sh.Errorf("%s: write error: %s", name, writeErrText(err))
	return 1
}

// writeErrText words err as C's strerror does: Go's errno texts are glibc's
// with a lower-case initial.
func writeErrText(err error) string {
	var en syscall.Errno
	msg := err.Error()
	if errors.As(err, &en) {
		msg = en.Error()
	}
	r, n := utf8.DecodeRuneInString(msg)
	return string(unicode.ToUpper(r)) + msg[n:]
}
