package builtins

import (
	"fmt"
	"io"
	"strings"
)

// Opt is one option found by parseOpts.
type Opt struct {
	C      byte
	Arg    string
	HasArg bool
}

// parseOpts scans the leading options of args (args[0] is the builtin's
// name) the way bash's internal_getopt does, so that grouping (-rn1),
// attached or separate arguments, "--" and "-" behave the same. In spec a
// letter followed by ':' takes an argument and one followed by ';' takes
// an optional one (the next word, unless it starts with '-').
//
// On an invalid option or a missing argument it prints bash's message and
// the usage line and returns ok=false; "--help" prints the builtin's help.
// Either way the builtin should return status 2.
func parseOpts(sh Shell, args []string, spec string) (opts []Opt, rest []string, ok bool) {
	name := args[0]
	i := 1
	for i < len(args) {
		w := args[i]
		if len(w) < 2 || w[0] != '-' {
			break
		}
		if w == "--" {
			i++
			break
		}
		if w == "--help" {
			printBuiltinHelp(sh, name)
			return nil, nil, false
		}
		for sp := 1; sp < len(w); sp++ {
			c := w[sp]
			k := strings.IndexByte(spec, c)
			if c == ':' || c == ';' || k < 0 {
				sh.Errorf("%s: -%c: invalid option", name, c)
				PrintUsage(sh, name)
				return nil, nil, false
			}
			kind := byte(0)
			if k+1 < len(spec) {
				kind = spec[k+1]
			}
			if kind != ':' && kind != ';' {
				opts = append(opts, Opt{C: c})
				continue
			}
			switch {
			case sp+1 < len(w):
				opts = append(opts, Opt{C: c, Arg: w[sp+1:], HasArg: true})
			case i+1 < len(args) && (kind == ':' || !strings.HasPrefix(args[i+1], "-")):
				i++
				opts = append(opts, Opt{C: c, Arg: args[i], HasArg: true})
			case kind == ';':
				opts = append(opts, Opt{C: c})
			default:
				sh.Errorf("%s: -%c: option requires an argument", name, c)
				PrintUsage(sh, name)
				return nil, nil, false
			}
			break
		}
		i++
	}
	return opts, args[i:], true
}

// helpWanted prints the help of a builtin that parses its own options
// when its first argument is "--help"; the builtin then returns 2.
func helpWanted(sh Shell, name string, rest []string) bool {
	if len(rest) > 0 && rest[0] == "--help" {
		printBuiltinHelp(sh, name)
		return true
	}
	return false
}

// PrintUsage prints "name: usage: synopsis" as bash's builtin_usage does
// (no "gsh: line N:" prefix).
func PrintUsage(sh Shell, name string) {
	if b := Lookup(name); b != nil && b.Usage != "" {
		fmt.Fprintf(sh.Stderr(), "%s: usage: %s\n", name, b.Usage)
	}
}

// builtinWrite writes s to stdout and reports a write error as bash's
// sh_chkwrite does, returning the status the builtin should give.
func builtinWrite(sh Shell, name, s string, status int) int {
	if s == "" {
		return status
	}
	if _, err := io.WriteString(sh.Stdout(), s); err != nil {
		return reportWriteError(sh, name, err)
	}
	return status
}

// reportWriteError prints bash's "name: write error: Reason" for a failed
// write of a builtin's output and returns the status bash gives (1).
func reportWriteError(sh Shell, name string, err error) int {
	sh.Errorf("%s: write error: %s", name, ErrnoText(err))
	return 1
}
