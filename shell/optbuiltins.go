package shell

import (
	"fmt"
	"strings"

	"gsh/builtins"
)

func init() {
	builtins.Register(&builtins.Builtin{Name: "set", Fn: shFn(biSet), Special: true,
		Usage: "set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]"})
	builtins.Register(&builtins.Builtin{Name: "shopt", Fn: shFn(biShopt),
		Usage: "shopt [-pqsu] [-o] [optname ...]"})
}

func biSet(sh *Shell, args []string) int {
	if len(args) == 1 {
		var out strings.Builder
		for _, n := range sh.vars.Names() {
			v := sh.vars.Raw(n)
			if v == nil || !v.IsSet() {
				continue
			}
			out.WriteString(sh.setListing(n) + "\n")
		}
		for _, n := range sh.FuncNames() {
			f, _ := sh.funcs.get(n)
			out.WriteString(sh.funcText(f) + "\n")
		}
		sh.Stdout().Write([]byte(out.String()))
		return 0
	}
	i := 1
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			sh.params = append([]string(nil), args[i+1:]...)
			return 0
		}
		if a == "-" {
			sh.setOpt(optXtrace, false)
			sh.setOpt(optVerbose, false)
			i++
			break
		}
		if len(a) < 2 || (a[0] != '-' && a[0] != '+') {
			break
		}
		on := a[0] == '-'
		for j := 1; j < len(a); j++ {
			c := a[j]
			if c == 'o' {
				if i+1 >= len(args) {
					sh.printOptions(!on)
					continue
				}
				i++
				o, ok := lookupOpt(args[i], false)
				if !ok {
					sh.errorf("set: %s: invalid option name", args[i])
					return 2
				}
				if err := sh.setOpt(o, on); err != nil {
					sh.errorf("set: %s", err.Error())
					return 1
				}
				continue
			}
			o, ok := flagOpt(c)
			if !ok || c == 'i' {
				sh.errorf("set: %c%c: invalid option", a[0], c)
				sh.writeErr("set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n")
				return 2
			}
			sh.setOpt(o, on)
		}
	}
	if i < len(args) {
		sh.params = append([]string(nil), args[i:]...)
	}
	return 0
}

// printOptions implements set -o (plus false) and set +o (plus true).
func (sh *Shell) printOptions(plus bool) {
	var out strings.Builder
	for _, n := range setOptNames() {
		o, _ := lookupOpt(n, false)
		if plus {
			c := "+"
			if sh.opts[o] {
				c = "-"
			}
			fmt.Fprintf(&out, "set %so %s\n", c, n)
			continue
		}
		fmt.Fprintf(&out, "%-15s\t%s\n", n, onOff(sh.opts[o]))
	}
	sh.Stdout().Write([]byte(out.String()))
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func biShopt(sh *Shell, args []string) int {
	var set, unset, quiet, print, useSet bool
	opts, names, ok := builtins.ParseOpts(sh, args, "suqpo")
	if !ok {
		return 2
	}
	for _, o := range opts {
		switch o.C {
		case 's':
			set = true
		case 'u':
			unset = true
		case 'q':
			quiet = true
		case 'p':
			print = true
		case 'o':
			useSet = true
		}
	}
	if set && unset {
		sh.errorf("shopt: cannot set and unset shell options simultaneously")
		return 1
	}
	all := len(names) == 0
	if all {
		if useSet {
			names = setOptNames()
		} else {
			names = shoptNames()
		}
	}
	var out strings.Builder
	st := 0
	for _, n := range names {
		o, ok := lookupOpt(n, !useSet)
		if !ok {
			if useSet {
				sh.errorf("shopt: %s: invalid option name", n)
			} else {
				sh.errorf("shopt: %s: invalid shell option name", n)
			}
			st = 1
			continue
		}
		switch {
		case (set || unset) && !all:
			if err := sh.setOpt(o, set); err != nil {
				sh.errorf("shopt: %s", err.Error())
				st = 1
			}
		case set || unset:
			if sh.opts[o] != set {
				continue
			}
			fallthrough
		default:
			on := sh.opts[o]
			if !on && !all {
				st = 1
			}
			if quiet {
				continue
			}
			if print || set || unset {
				flag := "-u"
				if on {
					flag = "-s"
				}
				if useSet {
					flag = map[bool]string{true: "-o", false: "+o"}[on]
					fmt.Fprintf(&out, "set %s %s\n", flag, n)
				} else {
					fmt.Fprintf(&out, "shopt %s %s\n", flag, n)
				}
				continue
			}
			fmt.Fprintf(&out, "%-15s\t%s\n", n, onOff(on))
		}
	}
	sh.Stdout().Write([]byte(out.String()))
	return st
}
