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

// Option letters of complete and compgen (as in bash, compgen has no
// -p -r -D -E -I).
const (
	completeOpts = "abcdefgjksuvprDEIA:o:G:W:F:C:X:P:S:"
	compgenOpts  = "abcdefgjksuvA:o:G:W:F:C:X:P:S:"
)

// specArgs parses the options of complete or compgen (optSpec says
// which). It returns the spec, the flags -p -r and the operands; when ok
// is false the error is printed and the status is 2.
func specArgs(sh builtins.Shell, args []string, optSpec string) (spec *compSpec, print, remove bool, rest []string, ok bool) {
	opts, rest, ok := builtins.ParseOpts(sh, args, optSpec)
	if !ok {
		return nil, false, false, nil, false
	}
	spec = &compSpec{}
	addAction := func(a string) {
		if !slices.Contains(spec.actions, a) {
			spec.actions = append(spec.actions, a)
		}
	}
	for _, o := range opts {
		if l := letterAction(o.C); l != "" {
			addAction(l)
			continue
		}
		switch o.C {
		case 'p':
			print = true
		case 'r':
			remove = true
		case 'A':
			if !validAction(o.Arg) {
				sh.Errorf("%s: %s: invalid action name", args[0], o.Arg)
				return nil, false, false, nil, false
			}
			addAction(o.Arg)
		case 'o':
			if !slices.Contains(compOptions, o.Arg) {
				sh.Errorf("%s: %s: invalid option name", args[0], o.Arg)
				return nil, false, false, nil, false
			}
			if !spec.hasOpt(o.Arg) {
				spec.opts = append(spec.opts, o.Arg)
			}
		case 'G':
			spec.glob = o.Arg
		case 'W':
			spec.words = o.Arg
		case 'F':
			spec.fn = o.Arg
		case 'C':
			spec.command = o.Arg
		case 'X':
			spec.filter = o.Arg
		case 'P':
			spec.prefix = o.Arg
		case 'S':
			spec.suffix = o.Arg
		}
	}
	return spec, print, remove, rest, true
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
	spec, print, remove, names, ok := specArgs(sh, args, completeOpts)
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
			parts = append(parts, p.flag, builtins.QuoteLiteral(p.val))
		}
	}
	if s.fn != "" {
		parts = append(parts, "-F", s.fn)
	}
	return strings.Join(parts, " ") + " " + name
}

// biCompgen is the compgen builtin: it prints the completions of word.
func biCompgen(sh builtins.Shell, args []string) int {
	spec, _, _, rest, ok := specArgs(sh, args, compgenOpts)
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
		var def bool
		if out, def = specFallback(sh, spec, word); def {
			out = dirCands(sh, word, nil)
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
