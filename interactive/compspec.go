package interactive

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/pattern"

	"gsh/builtins"
	"gsh/shell/vars"
)

// compSpec is a programmable completion (complete -W/-F/-A ... cmd).
type compSpec struct {
	actions []string // alias builtin command directory file function variable ...
	opts    []string // -o options
	glob    string   // -G
	words   string   // -W (expanded when used)
	prefix  string   // -P
	suffix  string   // -S
	filter  string   // -X
	command string   // -C
	fn      string   // -F
}

func (s *compSpec) hasOpt(o string) bool { return slices.Contains(s.opts, o) }

// specs holds the completions defined with `complete`, by command name.
var specs = struct {
	sync.Mutex
	m map[string]*compSpec
}{m: map[string]*compSpec{}}

// lookupSpec finds the spec for a command, by its name or base name.
func lookupSpec(cmd string) *compSpec {
	specs.Lock()
	defer specs.Unlock()
	if s, ok := specs.m[cmd]; ok {
		return s
	}
	if s, ok := specs.m[path.Base(cmd)]; ok {
		return s
	}
	return nil
}

// actionLetters maps the short options of complete/compgen to actions,
// in the order bash prints them.
var actionLetters = []struct {
	c      byte
	action string
}{
	{'a', "alias"}, {'b', "builtin"}, {'c', "command"}, {'d', "directory"}, {'e', "export"},
	{'f', "file"}, {'g', "group"}, {'j', "job"}, {'k', "keyword"}, {'s', "service"},
	{'u', "user"}, {'v', "variable"},
}

// longActions are the actions that have no letter, in bash's order.
var longActions = []string{"arrayvar", "binding", "disabled", "enabled", "function",
	"helptopic", "hostname", "running", "setopt", "shopt", "signal", "stopped"}

var compOptions = []string{"bashdefault", "default", "dirnames", "filenames", "noquote", "nosort", "nospace", "plusdirs"}

// specContext is the command line a completion function sees.
type specContext struct {
	line  string
	point int
	words []string
	cword int
	cmd   string
}

// fromSpec generates the completions of word by spec. It returns nil when
// the spec produced nothing and asks for the default completion.
func (c *completer) fromSpec(sh builtins.Shell, spec *compSpec, word string, ctx *specContext) *completion {
	cands, files := generate(sh, spec, word, ctx, c.jobs)
	if len(cands) == 0 {
		dirs, def := specFallback(sh, spec, word)
		if def {
			return nil
		}
		if dirs != nil {
			return &completion{cands: dirs, files: true}
		}
	}
	return &completion{cands: cands, files: files && !spec.hasOpt("noquote"), noSpace: spec.hasOpt("nospace")}
}

// specFallback is what a spec that produced nothing falls back to, as in
// bash: the directories completing word (-o dirnames), else, with -o
// default or bashdefault, the default completion (def: the caller's own).
func specFallback(sh builtins.Shell, spec *compSpec, word string) (dirs []string, def bool) {
	if spec.hasOpt("dirnames") {
		if dirs = dirCands(sh, word, isDir); dirs != nil {
			return dirs, false
		}
	}
	return nil, spec.hasOpt("default") || spec.hasOpt("bashdefault")
}

// dirCands lists the files that complete word, with its directory part
// in front as typed (ok filters; directories end in /).
func dirCands(sh builtins.Shell, word string, ok func(os.FileInfo) bool) []string {
	dir := dirOf(word)
	names := listDir(sh, dir, baseOf(word), ok)
	for i, n := range names {
		names[i] = dir + n
	}
	return names
}

func isDir(fi os.FileInfo) bool { return fi.IsDir() }

func dirOf(w string) string {
	if k := strings.LastIndexByte(w, '/'); k >= 0 {
		return w[:k+1]
	}
	return ""
}

func baseOf(w string) string { return w[len(dirOf(w)):] }

// generate runs a spec: actions, glob, word list, function and command,
// then the filter, prefix and suffix. files reports whether the results
// are file names.
func generate(sh builtins.Shell, spec *compSpec, word string, ctx *specContext, jobs func() []string) (out []string, files bool) {
	for _, a := range spec.actions {
		switch a {
		case "file", "directory":
			files = true
			var ok func(os.FileInfo) bool
			if a == "directory" {
				ok = isDir
			}
			out = append(out, dirCands(sh, word, ok)...)
		default:
			out = append(out, filterPrefix(actionWords(sh, a, word, jobs), word)...)
		}
	}
	if spec.glob != "" {
		ms, _ := filepath.Glob(filepath.Join(sh.Cwd(), spec.glob))
		for _, m := range ms {
			if rel, err := filepath.Rel(sh.Cwd(), m); err == nil && !filepath.IsAbs(spec.glob) {
				m = rel
			}
			out = append(out, m)
		}
		files = true
	}
	if spec.words != "" {
		out = append(out, filterPrefix(expandWords(sh, spec.words), word)...)
	}
	if spec.fn != "" && ctx != nil {
		out = append(out, callCompFunc(sh, spec.fn, word, ctx)...)
	}
	if spec.command != "" {
		out = append(out, runCompCommand(sh, spec.command, word, ctx)...)
	}
	if spec.filter != "" {
		out = filterOut(sh, out, spec.filter, word)
	}
	if spec.hasOpt("plusdirs") {
		out = append(out, dirCands(sh, word, isDir)...)
	}
	if spec.prefix != "" || spec.suffix != "" {
		for i := range out {
			out[i] = spec.prefix + out[i] + spec.suffix
		}
	}
	if spec.hasOpt("filenames") {
		files = true
	}
	return out, files
}

// filterOut applies -X: it drops the candidates that match pat, or with
// a leading ! those that do not. In pat, & stands for word and \& for a
// literal &; extglob's operators count when the option is on, as in bash.
func filterOut(sh builtins.Shell, cands []string, pat, word string) []string {
	mode := pattern.EntireString | pattern.NoGlobStar
	extglob, _ := sh.Option("extglob")
	if extglob {
		mode |= pattern.ExtendedOperators
	}
	// With extglob, !( starts a pattern rather than negating one.
	neg := strings.HasPrefix(pat, "!") && !(extglob && strings.HasPrefix(pat, "!("))
	if neg {
		pat = pat[1:]
	}
	var b strings.Builder
	for i := 0; i < len(pat); i++ {
		switch {
		case pat[i] == '\\' && i+1 < len(pat):
			b.WriteString(pat[i : i+2])
			i++
		case pat[i] == '&':
			b.WriteString(pattern.QuoteMeta(word, mode))
		default:
			b.WriteByte(pat[i])
		}
	}
	match := patternMatcher(b.String(), mode)
	kept := cands[:0]
	for _, c := range cands {
		if match(c) == neg {
			kept = append(kept, c)
		}
	}
	return kept
}

// patternMatcher compiles a shell pattern. Go's regexp cannot express
// !(...): a pattern that is one such group matches what the same @(...)
// does not; other uses of it, like a bad pattern, match nothing.
func patternMatcher(pat string, mode pattern.Mode) func(string) bool {
	expr, err := pattern.Regexp(pat, mode)
	var neg *pattern.NegExtGlobError
	if errors.As(err, &neg) && len(neg.Groups) == 1 && neg.Groups[0].Start == 0 && neg.Groups[0].End == len(pat) {
		m := patternMatcher("@"+pat[1:], mode)
		return func(s string) bool { return !m(s) }
	}
	var rx *regexp.Regexp
	if err == nil {
		rx, _ = regexp.Compile(expr)
	}
	return func(s string) bool { return rx != nil && rx.MatchString(s) }
}

// actionWords lists the names an action stands for.
func actionWords(sh builtins.Shell, action, word string, jobs func() []string) []string {
	var out []string
	switch action {
	case "alias":
		for n := range sh.Aliases() {
			out = append(out, n)
		}
		slices.Sort(out)
	case "builtin", "enabled":
		out = builtins.Names()
		slices.Sort(out)
	case "command":
		return commandNames(sh, word)
	case "export", "variable", "arrayvar":
		for _, n := range sh.Vars().Names() {
			v := sh.Vars().Get(n)
			switch {
			case action == "export" && (v == nil || !v.Has(vars.Export)):
				continue
			case action == "arrayvar" && (v == nil || !v.IsArray()):
				continue
			}
			out = append(out, n)
		}
	case "function":
		out = sh.FuncNames()
	case "keyword":
		out = append(out, builtins.Keywords()...)
	case "user":
		for _, u := range userNames("") {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(u, "~"), "/"))
		}
	case "group":
		out = fileColumn("/etc/group")
	case "service":
		out = fileColumn("/etc/services")
	case "hostname":
		data, _ := os.ReadFile("/etc/hosts")
		for _, l := range strings.Split(string(data), "\n") {
			if i := strings.IndexByte(l, '#'); i >= 0 {
				l = l[:i]
			}
			f := strings.Fields(l)
			if len(f) > 1 {
				out = append(out, f[1:]...)
			}
		}
	case "setopt":
		out = sh.OptionNames(false)
	case "shopt":
		out = sh.OptionNames(true)
	case "signal":
		for n := 0; n <= builtins.SigReturn; n++ {
			if name := builtins.SignalName(n); name != "" {
				out = append(out, name)
			}
		}
	case "job", "running", "stopped":
		if jobs != nil {
			out = jobs()
		}
	case "helptopic":
		out = builtins.Names()
		slices.Sort(out)
	}
	return out
}

// fileColumn lists the first field of each line of a colon- or
// blank-separated system file.
func fileColumn(name string) []string {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.FieldsFunc(l, func(r rune) bool { return r == ':' || r == ' ' || r == '\t' })
		if len(f) > 0 {
			out = append(out, f[0])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// tmpVar names the variable evalAssign uses.
const tmpVar = "__gsh_compwords"

// evalAssign has the shell expand rhs (shell syntax) by assigning it to
// a variable, and returns the values (one for a scalar) leaving no
// variable behind.
func evalAssign(sh builtins.Shell, rhs, origin string) []string {
	sh.Eval(tmpVar+"="+rhs, origin)
	defer sh.Vars().Unset(tmpVar, true)
	return sh.Vars().Get(tmpVar).Elements()
}

// expandWords expands a -W word list as the shell would (quotes,
// parameters, command substitution) and splits it into words.
func expandWords(sh builtins.Shell, list string) []string {
	return evalAssign(sh, "("+list+")", "complete")
}

// callCompFunc runs a -F function with COMP_WORDS, COMP_CWORD, COMP_LINE
// and COMP_POINT set and returns its COMPREPLY.
func callCompFunc(sh builtins.Shell, fn, word string, ctx *specContext) []string {
	st := sh.Vars()
	elems := make([]vars.Elem, len(ctx.words))
	for i, w := range ctx.words {
		elems[i] = vars.Elem{Value: w}
	}
	st.AssignList("COMP_WORDS", elems, false)
	st.Set("COMP_CWORD", strconv.Itoa(ctx.cword))
	st.Set("COMP_LINE", ctx.line)
	st.Set("COMP_POINT", strconv.Itoa(len([]rune(ctx.line[:ctx.point]))))
	st.Set("COMP_TYPE", "9")
	st.Set("COMP_KEY", "9")
	st.Unset("COMPREPLY", true)
	prev := ""
	if ctx.cword > 0 && ctx.cword-1 < len(ctx.words) {
		prev = ctx.words[ctx.cword-1]
	}
	sh.Call([]string{fn, ctx.cmd, word, prev}, false)
	out := st.Get("COMPREPLY").Elements()
	for _, n := range []string{"COMP_WORDS", "COMP_CWORD", "COMP_LINE", "COMP_POINT", "COMP_TYPE", "COMP_KEY"} {
		st.Unset(n, true)
	}
	return out
}

// runCompCommand runs a -C command and takes its output lines.
func runCompCommand(sh builtins.Shell, command, word string, ctx *specContext) []string {
	cmd, prev := "", ""
	if ctx != nil {
		cmd = ctx.cmd
		if ctx.cword > 0 {
			prev = ctx.words[ctx.cword-1]
		}
	}
	q := builtins.QuoteLiteral
	text := strings.Join(evalAssign(sh, "\"$("+command+" "+q(cmd)+" "+q(word)+" "+q(prev)+")\"", "complete"), "")
	if text = strings.TrimRight(text, "\n"); text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}
