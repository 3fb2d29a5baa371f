package shell

import (
	"golang.org/x/sys/unix"

	"gsh/builtins"
)

func init() {
	builtins.Register(&builtins.Builtin{Name: "times", Fn: shFn(biTimes), Special: true, Usage: "times"})
}

// biTimes prints the user and system times of the shell (every goroutine:
// in-process subshells are part of it) and of its reaped children, in
// bash's format. Like bash it ignores operands but rejects options.
func biTimes(sh *Shell, args []string) int {
	if len(args) > 1 && len(args[1]) > 1 && args[1][0] == '-' && args[1] != "--" {
		sh.errorf("times: %s: invalid option", args[1][:2])
		sh.writeErr("times: usage: times\n")
		return 2
	}
	var self, kids unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &self)
	unix.Getrusage(unix.RUSAGE_CHILDREN, &kids)
	line := func(ru *unix.Rusage) string {
		return fmtSecs(tvDur(ru.Utime), 3, true) + " " + fmtSecs(tvDur(ru.Stime), 3, true) + "\n"
	}
	if _, err := sh.Stdout().Write([]byte(line(&self) + line(&kids))); err != nil {
		return 1
	}
	return 0
}
