package builtins

import (
	"strings"
)

func init() {
	Register(&Builtin{Name: "trap", Fn: trapBuiltin, Special: true, Usage: "trap [-lp] [[arg] signal_spec ...]"})
}

// Traps are stored in the shell under trapKey names: "EXIT", "INT",
// "RTMIN+3", "DEBUG", "ERR", "RETURN".

func trapBuiltin(sh Shell, args []string) int {
	opts, rest, ok := parseOpts(sh, args, "lp")
	if !ok {
		return 2
	}
	var list, display bool
	for _, o := range opts {
		if o.C == 'l' {
			list = true
		} else {
			display = true
		}
	}
	posix, _ := sh.Option("posix")
	if list {
		return builtinWrite(sh, "trap", SignalTable(false), 0)
	}
	if display || len(rest) == 0 {
		return showTraps(sh, rest, display && posix, posix)
	}

	const (
		set = iota
		revert
		ignore
	)
	op := set
	action := rest[0]
	_, isSig := SignalNumber(action)
	switch {
	case action != "" && strings.Trim(action, "0123456789") == "" && isSig:
		// `trap 2 3` resets: a leading number is a signal, not an action.
		op = revert
	case !posix && action != "" && action != "-" && isSig && len(rest) == 1:
		op = revert
	default:
		rest = rest[1:]
		if len(rest) == 0 {
			PrintUsage(sh, "trap")
			return 2
		}
		if action == "" {
			op = ignore
		} else if action == "-" {
			op = revert
		}
	}
	status := 0
	for _, spec := range rest {
		n, ok := SignalNumber(spec)
		if !ok {
			sh.Errorf("trap: %s: invalid signal specification", spec)
			status = 1
			continue
		}
		var err error
		switch op {
		case set:
			err = sh.SetTrap(trapKey(n), action, false)
		case revert:
			err = sh.SetTrap(trapKey(n), "", true)
		case ignore:
			err = sh.SetTrap(trapKey(n), "", false)
		}
		if err != nil {
			sh.Errorf("trap: %s", err)
			status = 1
		}
	}
	return status
}

// showTraps prints traps in reusable form, all of them (in signal order)
// or those named. showDefault also lists untrapped signals (trap -p in
// POSIX mode), which then are named without "SIG".
func showTraps(sh Shell, specs []string, showDefault, posix bool) int {
	var b strings.Builder
	show := func(n int) {
		action, set := sh.Trap(trapKey(n))
		if !set && !showDefault {
			return
		}
		name := trapDisplayName(n)
		if posix {
			name = strings.TrimPrefix(name, "SIG")
		}
		q := QuoteLiteral(action)
		if !set {
			q = "-"
		}
		b.WriteString("trap -- " + q + " " + name + "\n")
	}
	status := 0
	if len(specs) == 0 {
		for n := 0; n <= SigReturn; n++ {
			show(n)
		}
	}
	for _, spec := range specs {
		n, ok := SignalNumber(spec)
		if !ok {
			// Keep output and errors in order.
			if st := builtinWrite(sh, "trap", b.String(), 0); st != 0 {
				return st
			}
			b.Reset()
			sh.Errorf("trap: %s: invalid signal specification", spec)
			status = 1
			continue
		}
		show(n)
	}
	if st := builtinWrite(sh, "trap", b.String(), 0); st != 0 {
		return st
	}
	return status
}
