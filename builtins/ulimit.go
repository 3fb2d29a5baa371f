package builtins

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

func init() {
	Register(&Builtin{Name: "ulimit", Fn: ulimitBuiltin, Usage: "ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]"})
}

// ulimitRes describes one limit as bash shows it on Linux.
type ulimitRes struct {
	opt      byte
	resource int // -1: pipe size, which is not a resource
	factor   uint64
	desc     string
	units    string
}

// ulimitTable is in bash's order, which `ulimit -a` follows.
var ulimitTable = []ulimitRes{
	{'R', unix.RLIMIT_RTTIME, 1, "real-time non-blocking time", "microseconds"},
	{'c', unix.RLIMIT_CORE, 512, "core file size", "blocks"},
	{'d', unix.RLIMIT_DATA, 1024, "data seg size", "kbytes"},
	{'e', unix.RLIMIT_NICE, 1, "scheduling priority", ""},
	{'f', unix.RLIMIT_FSIZE, 512, "file size", "blocks"},
	{'i', unix.RLIMIT_SIGPENDING, 1, "pending signals", ""},
	{'l', unix.RLIMIT_MEMLOCK, 1024, "max locked memory", "kbytes"},
	{'m', unix.RLIMIT_RSS, 1024, "max memory size", "kbytes"},
	{'n', unix.RLIMIT_NOFILE, 1, "open files", ""},
	{'p', -1, 512, "pipe size", "512 bytes"},
	{'q', unix.RLIMIT_MSGQUEUE, 1, "POSIX message queues", "bytes"},
	{'r', unix.RLIMIT_RTPRIO, 1, "real-time priority", ""},
	{'s', unix.RLIMIT_STACK, 1024, "stack size", "kbytes"},
	{'t', unix.RLIMIT_CPU, 1, "cpu time", "seconds"},
	{'u', unix.RLIMIT_NPROC, 1, "max user processes", ""},
	{'v', unix.RLIMIT_AS, 1024, "virtual memory", "kbytes"},
	{'x', unix.RLIMIT_LOCKS, 1, "file locks", ""},
}

const (
	limitSoft = 1
	limitHard = 2
)

func ulimitBuiltin(sh Shell, args []string) int {
	spec := "aSH"
	for _, r := range ulimitTable {
		spec += string(r.opt) + ";"
	}
	opts, rest, ok := parseOpts(sh, args, spec)
	if !ok {
		return 2
	}
	type cmd struct {
		res    *ulimitRes
		arg    string
		hasArg bool
	}
	var cmds []cmd
	mode, all := 0, false
	for _, o := range opts {
		switch o.C {
		case 'a':
			all = true
		case 'S':
			mode |= limitSoft
		case 'H':
			mode |= limitHard
		default:
			cmds = append(cmds, cmd{findLimit(o.C), o.Arg, o.HasArg})
		}
	}
	if all {
		if mode == 0 {
			mode = limitSoft
		}
		var b strings.Builder
		for i := range ulimitTable {
			r := &ulimitTable[i]
			soft, hard, err := getLimit(r)
			if err != nil {
				sh.Errorf("ulimit: %s: cannot get limit: %s", r.desc, ErrnoText(err))
				return 1
			}
			b.WriteString(formatLimit(r, pick(mode, soft, hard), true))
		}
		return builtinWrite(sh, "ulimit", b.String(), 0)
	}
	if len(cmds) == 0 {
		// `ulimit [n]` is `ulimit -f [n]`.
		c := cmd{res: findLimit('f')}
		if len(rest) > 0 {
			c.arg, c.hasArg = rest[0], true
			rest = rest[1:]
		}
		cmds = append(cmds, c)
	}
	// POSIX: `ulimit -n 100` may also be written with the limit as an operand.
	if last := &cmds[len(cmds)-1]; len(rest) > 0 && !last.hasArg {
		last.arg, last.hasArg = rest[0], true
	}
	for _, c := range cmds {
		if st := ulimitOne(sh, c.res, c.arg, c.hasArg, mode, len(cmds) > 1); st != 0 {
			return st
		}
	}
	return 0
}

func findLimit(c byte) *ulimitRes {
	for i := range ulimitTable {
		if ulimitTable[i].opt == c {
			return &ulimitTable[i]
		}
	}
	return nil
}

func pick(mode int, soft, hard uint64) uint64 {
	if mode&limitSoft != 0 {
		return soft
	}
	return hard
}

func getLimit(r *ulimitRes) (soft, hard uint64, err error) {
	if r.resource < 0 {
		return 4096, 4096, nil // PIPE_BUF, as bash reports it
	}
	var rl unix.Rlimit
	if err := unix.Getrlimit(r.resource, &rl); err != nil {
		return 0, 0, err
	}
	return rl.Cur, rl.Max, nil
}

// formatLimit prints one limit, with bash's description column when
// several are shown.
func formatLimit(r *ulimitRes, v uint64, desc bool) string {
	s := ""
	if desc {
		unit := fmt.Sprintf("(-%c) ", r.opt)
		if r.units != "" {
			unit = fmt.Sprintf("(%s, -%c) ", r.units, r.opt)
		}
		s = fmt.Sprintf("%-20s %20s", r.desc, unit)
	}
	if v == unix.RLIM_INFINITY {
		return s + "unlimited\n"
	}
	return s + strconv.FormatUint(v/r.factor, 10) + "\n"
}

// ulimitOne prints or sets one limit as bash's ulimit_internal does.
func ulimitOne(sh Shell, r *ulimitRes, arg string, setting bool, mode int, multiple bool) int {
	if mode == 0 {
		mode = limitSoft
		if setting {
			mode = limitSoft | limitHard
		}
	}
	soft, hard, err := getLimit(r)
	if err != nil {
		sh.Errorf("ulimit: %s: cannot get limit: %s", r.desc, ErrnoText(err))
		return 1
	}
	if !setting {
		return builtinWrite(sh, "ulimit", formatLimit(r, pick(mode, soft, hard), multiple), 0)
	}
	var val uint64
	switch {
	case arg == "hard":
		val = hard
	case arg == "soft":
		val = soft
	case arg == "unlimited":
		val = unix.RLIM_INFINITY
	case arg != "" && strings.Trim(arg, "0123456789") == "":
		n, err := strconv.ParseUint(arg, 10, 64)
		if err != nil || n > math.MaxUint64/r.factor {
			sh.Errorf("ulimit: %s: limit out of range", arg)
			return 1
		}
		val = n * r.factor
	default:
		sh.Errorf("ulimit: %s: invalid number", arg)
		return 1
	}
	if err := setLimit(r, val, mode); err != nil {
		sh.Errorf("ulimit: %s: cannot modify limit: %s", r.desc, ErrnoText(err))
		return 1
	}
	return 0
}

func setLimit(r *ulimitRes, val uint64, mode int) error {
	if r.resource < 0 {
		return syscall.EINVAL
	}
	var rl unix.Rlimit
	if err := unix.Getrlimit(r.resource, &rl); err != nil {
		return err
	}
	// Like bash, an unprivileged "unlimited" soft limit means the hard one.
	if unix.Geteuid() != 0 && val == unix.RLIM_INFINITY && mode&limitHard == 0 && rl.Cur <= rl.Max {
		val = rl.Max
	}
	if mode&limitSoft != 0 {
		rl.Cur = val
	}
	if mode&limitHard != 0 {
		rl.Max = val
	}
	return unix.Setrlimit(r.resource, &rl)
}
