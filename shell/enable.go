package shell

import (
	"slices"
	"strings"

	"gsh/builtins"
)

func init() {
	builtins.Register(&builtins.Builtin{Name: "enable", Fn: shFn(biEnable),
		Usage: "enable [-a] [-dnps] [-f filename] [name ...]"})
}

// biEnable lists, enables and disables builtins (enable -n name makes
// name run the program of that name instead).
func biEnable(sh *Shell, args []string) int {
	disable, all, special := false, false, false
	i := 1
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		for _, c := range a[1:] {
			switch c {
			case 'n':
				disable = true
			case 'a':
				all = true
			case 'p':
			case 's':
				special = true
			case 'f', 'd':
				sh.errorf("enable: -%c: loadable builtins are not supported", c)
				return 1
			default:
				sh.errorf("enable: -%c: invalid option", c)
				sh.writeErr("enable: usage: enable [-a] [-dnps] [-f filename] [name ...]\n")
				return 2
			}
		}
	}
	names := args[i:]
	if len(names) == 0 {
		list := builtins.Names()
		slices.Sort(list)
		var out strings.Builder
		for _, n := range list {
			b := builtins.Lookup(n)
			if special && !b.Special {
				continue
			}
			off := sh.rt.disabled[n]
			switch {
			case off && (disable || all):
				out.WriteString("enable -n " + n + "\n")
			case !off && (!disable || all):
				out.WriteString("enable " + n + "\n")
			}
		}
		sh.Stdout().Write([]byte(out.String()))
		return 0
	}
	st := 0
	for _, n := range names {
		if builtins.Lookup(n) == nil {
			sh.errorf("enable: %s: not a shell builtin", n)
			st = 1
			continue
		}
		if disable {
			if sh.rt.disabled == nil {
				sh.rt.disabled = map[string]bool{}
			}
			sh.rt.disabled[n] = true
		} else {
			delete(sh.rt.disabled, n)
		}
	}
	return st
}

// builtin returns the enabled builtin named name, or nil.
func (sh *Shell) builtin(name string) *builtins.Builtin {
	b := builtins.Lookup(name)
	if b == nil || sh.rt.disabled[name] {
		return nil
	}
	return b
}
