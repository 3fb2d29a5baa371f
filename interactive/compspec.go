package interactive

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

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
		if spec.hasOpt("dirnames") {
			return &completion{cands: listDir(sh, dirOf(word), baseOf(word), isDir), files: true}
		}
		if spec.hasOpt("default") || spec.hasOpt("bashdefault") {
			return nil
		}
	}
	r := &completion{cands: cands, files: files && !spec.hasOpt("noquote"), noSpace: spec.hasOpt("nospace")}
	return r
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
			for _, n := range listDir(sh, dirOf(word), baseOf(word), ok) {
				out = append(out, dirOf(word)+n)
			}
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
		pat, neg := spec.filter, false
		if strings.HasPrefix(pat, "!") {
			pat, neg = pat[1:], true
		}
		pat = strings.ReplaceAll(pat, "&", word)
		kept := out[:0]
		for _, s := range out {
			m, _ := path.Match(pat, s)
			if m == neg {
				kept = append(kept, s)
			}
		}
		out = kept
	}
	if spec.hasOpt("plusdirs") {
		for _, n := range listDir(sh, dirOf(word), baseOf(word), isDir) {
			out = append(out, dirOf(word)+n)
		}
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
		out = append(out, shellKeywords...)
	case "user":
		for _, u := range userNames("") {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(u, "~"), "/"))
		}
	case "group":
		out = fileColumn("/etc/group", 0)
	case "service":
		out = fileColumn("/etc/services", 0)
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
		for _, n := range signalNames {
			out = append(out, "SIG"+n)
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

var signalNames = []string{"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
	"SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
	"URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"}

// fileColumn lists the first field of each line of a colon- or
// blank-separated system file.
func fileColumn(name string, col int) []string {
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
		if len(f) > col {
			out = append(out, f[col])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// tmpVar names the variable used to expand a word list.
const tmpVar = "__gsh_compwords"

// expandWords expands a -W word list as the shell would (quotes,
// parameters, command substitution) and splits it into words.
func expandWords(sh builtins.Shell, list string) []string {
	st := sh.Vars()
	sh.Eval(tmpVar+"=("+list+")", "complete")
	v := st.Get(tmpVar)
	out := v.Elements()
	st.Unset(tmpVar, true)
	return out
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
	sh.Call([]string{fn, ctx.cmd, word, prev}, false, true)
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
	st := sh.Vars()
	q := func(s string) string { return singleQuote(s) }
	sh.Eval(tmpVar+"=\"$("+command+" "+q(cmd)+" "+q(word)+" "+q(prev)+")\"", "complete")
	out := strings.Split(strings.TrimRight(st.Str(tmpVar), "\n"), "\n")
	st.Unset(tmpVar, true)
	if len(out) == 1 && out[0] == "" {
		return nil
	}
	return out
}
