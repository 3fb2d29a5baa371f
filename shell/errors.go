package shell

import (
	"fmt"
	"strconv"

	"gsh/builtins"
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
func errnoText(err error) string { return builtins.ErrnoText(err) }
