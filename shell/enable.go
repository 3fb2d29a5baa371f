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
	opts, names, ok := builtins.ParseOpts(sh, args, "adnpsf:")
	if !ok {
		return 2
	}
	disable, all, special := false, false, false
	for _, o := range opts {
		switch o.C {
		case 'n':
			disable = true
		case 'a':
			all = true
		case 's':
			special = true
		case 'f', 'd':
			sh.errorf("enable: -%c: loadable builtins are not supported", o.C)
			return 1
		}
	}
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
