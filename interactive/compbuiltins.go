package interactive

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"gsh/builtins"
)

func init() {
	builtins.Register(&builtins.Builtin{Name: "complete", Fn: biComplete,
		Usage: "complete [-abcdefgjksuv] [-pr] [-DEI] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [name ...]"})
	builtins.Register(&builtins.Builtin{Name: "compgen", Fn: biCompgen,
		Usage: "compgen [-abcdefgjksuv] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [word]"})
}

// specArgs parses the options shared by complete and compgen. It returns
// the spec, the flags -p -r (complete only) and the remaining operands.
func specArgs(sh builtins.Shell, name string, args []string, allowPR bool) (spec *compSpec, print, remove bool, rest []string, ok bool) {
	spec = &compSpec{}
	addAction := func(a string) {
		if !slices.Contains(spec.actions, a) {
			spec.actions = append(spec.actions, a)
		}
	}
	usage := func() {
		sh.Stderr().Write([]byte(name + ": usage: " + builtins.Lookup(name).Usage + "\n"))
	}
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
		for j := 1; j < len(a); j++ {
			c := a[j]
			if l := letterAction(c); l != "" {
				addAction(l)
				continue
			}
			switch c {
			case 'p', 'r':
				if !allowPR {
					sh.Errorf("%s: -%c: invalid option", name, c)
					usage()
					return nil, false, false, nil, false
				}
				if c == 'p' {
					print = true
				} else {
					remove = true
				}
				continue
			case 'D', 'E', 'I':
				continue
			case 'A', 'o', 'G', 'W', 'F', 'C', 'X', 'P', 'S':
			default:
				sh.Errorf("%s: -%c: invalid option", name, c)
				usage()
				return nil, false, false, nil, false
			}
			// Options with an argument: the rest of this word or the next.
			val := a[j+1:]
			if val == "" {
				if i+1 >= len(args) {
					sh.Errorf("%s: -%c: option requires an argument", name, c)
					usage()
					return nil, false, false, nil, false
				}
				i++
				val = args[i]
			}
			switch c {
			case 'A':
				if !validAction(val) {
					sh.Errorf("%s: %s: invalid action name", name, val)
					return nil, false, false, nil, false
				}
				addAction(val)
			case 'o':
				if !slices.Contains(compOptions, val) {
					sh.Errorf("%s: %s: invalid option name", name, val)
					return nil, false, false, nil, false
				}
				if !slices.Contains(spec.opts, val) {
					spec.opts = append(spec.opts, val)
				}
			case 'G':
				spec.glob = val
			case 'W':
				spec.words = val
			case 'F':
				spec.fn = val
			case 'C':
				spec.command = val
			case 'X':
				spec.filter = val
			case 'P':
				spec.prefix = val
			case 'S':
				spec.suffix = val
			}
			break
		}
	}
	return spec, print, remove, args[i:], true
}

func letterAction(c byte) string {
	for _, l := range actionLetters {
		if l.c == c {
			return l.action
		}
	}
	return ""
}

func validAction(a string) bool {
	if slices.Contains(longActions, a) {
		return true
	}
	for _, l := range actionLetters {
		if l.action == a {
			return true
		}
	}
	return false
}

// biComplete is the complete builtin.
func biComplete(sh builtins.Shell, args []string) int {
	spec, print, remove, names, ok := specArgs(sh, "complete", args, true)
	if !ok {
		return 2
	}
	specs.Lock()
	defer specs.Unlock()
	if remove {
		if len(names) == 0 {
			specs.m = map[string]*compSpec{}
			return 0
		}
		st := 0
		for _, n := range names {
			if _, ok := specs.m[n]; !ok {
				sh.Errorf("complete: %s: no completion specification", n)
				st = 1
				continue
			}
			delete(specs.m, n)
		}
		return st
	}
	if print || len(names) == 0 && isEmptySpec(spec) {
		if len(names) == 0 {
			keys := make([]string, 0, len(specs.m))
			for k := range specs.m {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			names = keys
		}
		st := 0
		for _, n := range names {
			s, ok := specs.m[n]
			if !ok {
				sh.Errorf("complete: %s: no completion specification", n)
				st = 1
				continue
			}
			io.WriteString(sh.Stdout(), formatSpec(s, n)+"\n")
		}
		return st
	}
	for _, n := range names {
		specs.m[n] = spec
	}
	return 0
}

func isEmptySpec(s *compSpec) bool {
	return len(s.actions) == 0 && len(s.opts) == 0 && s.glob == "" && s.words == "" &&
		s.prefix == "" && s.suffix == "" && s.filter == "" && s.command == "" && s.fn == ""
}

// formatSpec prints a spec as `complete -p` does, reusable as input.
func formatSpec(s *compSpec, name string) string {
	parts := []string{"complete"}
	for _, o := range compOptions {
		if s.hasOpt(o) {
			parts = append(parts, "-o", o)
		}
	}
	for _, l := range actionLetters {
		if slices.Contains(s.actions, l.action) {
			parts = append(parts, "-"+string(l.c))
		}
	}
	for _, a := range longActions {
		if slices.Contains(s.actions, a) {
			parts = append(parts, "-A", a)
		}
	}
	for _, p := range []struct{ flag, val string }{
		{"-G", s.glob}, {"-W", s.words}, {"-P", s.prefix}, {"-S", s.suffix}, {"-X", s.filter}, {"-C", s.command},
	} {
		if p.val != "" {
			parts = append(parts, p.flag, singleQuote(p.val))
		}
	}
	if s.fn != "" {
		parts = append(parts, "-F", s.fn)
	}
	return strings.Join(parts, " ") + " " + name
}

// biCompgen is the compgen builtin: it prints the completions of word.
func biCompgen(sh builtins.Shell, args []string) int {
	spec, _, _, rest, ok := specArgs(sh, "compgen", args, false)
	if !ok {
		return 2
	}
	word := ""
	if len(rest) > 0 {
		word = rest[0]
	}
	var ctx *specContext
	if spec.fn != "" {
		ctx = &specContext{line: word, point: len(word), words: []string{word}, cword: 0}
	}
	var jobs func() []string
	if fe := current(); fe != nil {
		jobs = fe.jobSpecs
	}
	out, _ := generate(sh, spec, word, ctx, jobs)
	if len(out) == 0 {
		if spec.hasOpt("dirnames") {
			for _, n := range listDir(sh, dirOf(word), baseOf(word), isDir) {
				out = append(out, dirOf(word)+strings.TrimSuffix(n, "/"))
			}
		} else if spec.hasOpt("default") || spec.hasOpt("bashdefault") {
			for _, n := range listDir(sh, dirOf(word), baseOf(word), nil) {
				out = append(out, dirOf(word)+strings.TrimSuffix(n, "/"))
			}
		}
	}
	if len(out) == 0 {
		return 1
	}
	var b strings.Builder
	for _, s := range out {
		fmt.Fprintln(&b, strings.TrimSuffix(s, "/"))
	}
	io.WriteString(sh.Stdout(), b.String())
	return 0
}
