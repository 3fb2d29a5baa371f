package builtins

func init() {
	Register(&Builtin{Name: "shift", Fn: shiftBuiltin, Special: true, Usage: "shift [n]"})
}

func shiftBuiltin(sh Shell, args []string) int {
	rest := args[1:]
	if helpWanted(sh, "shift", rest) {
		return 2
	}
	if len(rest) > 0 && rest[0] == "--" {
		rest = rest[1:]
	}
	n := int64(1)
	if len(rest) > 0 {
		v, ok := legalNumber(rest[0])
		if !ok {
			sh.Errorf("shift: %s: numeric argument required", rest[0])
			return 1
		}
		if len(rest) > 1 {
			// bash also abandons the rest of the command line here.
			sh.Errorf("shift: too many arguments")
			return 1
		}
		n = v
	}
	params := sh.Params()
	switch {
	case n == 0:
		return 0
	case n < 0 || n > int64(len(params)):
		verbose, _ := sh.Option("shift_verbose")
		if n < 0 || verbose {
			if len(rest) > 0 {
				sh.Errorf("shift: %s: shift count out of range", rest[0])
			} else {
				sh.Errorf("shift: shift count out of range")
			}
		}
		return 1
	}
	sh.SetParams(params[n:])
	return 0
}
