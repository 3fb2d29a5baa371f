package builtins

func init() {
	Register(&Builtin{Name: "echo", Fn: echoBuiltin, Usage: "echo [-neE] [arg ...]"})
}

// echoBuiltin is bash's echo: leading words made only of n, e and E are
// options (anything else, even -x or -, is printed); xpg_echo turns
// escapes on by default, and in POSIX mode it also disables the options.
func echoBuiltin(sh Shell, args []string) int {
	args = args[1:]
	newline := true
	escapes, _ := sh.Option("xpg_echo")
	posix, _ := sh.Option("posix")
	if !(escapes && posix) {
	opts:
		for len(args) > 0 {
			a := args[0]
			if len(a) < 2 || a[0] != '-' {
				break
			}
			for i := 1; i < len(a); i++ {
				if c := a[i]; c != 'n' && c != 'e' && c != 'E' {
					break opts
				}
			}
			for i := 1; i < len(a); i++ {
				switch a[i] {
				case 'n':
					newline = false
				case 'e':
					escapes = true
				case 'E':
					escapes = false
				}
			}
			args = args[1:]
		}
	}
	n := len(args)
	for _, a := range args {
		n += len(a)
	}
	buf := make([]byte, 0, n)
	for i, a := range args {
		if i > 0 {
			buf = append(buf, ' ')
		}
		if !escapes {
			buf = append(buf, a...)
			continue
		}
		var stop bool
		if buf, stop = appendEscapes(buf, a, escEcho, nil); stop {
			newline = false
			break
		}
	}
	if newline {
		buf = append(buf, '\n')
	}
	if _, err := sh.Stdout().Write(buf); err != nil {
		return reportWriteError(sh, "echo", err)
	}
	return 0
}
