package builtins

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"gsh/shell/vars"
)

func init() {
	Register(&Builtin{Name: "getopts", Fn: getoptsBuiltin, Usage: "getopts optstring name [arg ...]"})
}

// getoptState is the part of getopts' state that bash keeps outside OPTIND:
// the argument being scanned and the position inside it, so that grouped
// options (-abc) come out one per call.
type getoptState struct {
	optind  int // bash's sh_optind; 0 means "start over"
	curopt  int // argument holding the group being scanned
	next    int // index of the next option letter in it; 0: none
	written string
}

// The state belongs to the OPTIND variable it was computed for: a function
// with `local OPTIND` gets its own, and the caller's is intact when the
// local goes away. A change of OPTIND's value by anyone but getopts
// restarts the scan, as assigning OPTIND does in bash.
var getoptStates = struct {
	sync.Mutex
	m map[*vars.Var]*getoptState
}{m: map[*vars.Var]*getoptState{}}

func loadGetoptState(sh Shell) *getoptState {
	val, set := sh.Vars().Value("OPTIND")
	v := sh.Vars().Get("OPTIND")
	getoptStates.Lock()
	saved := getoptStates.m[v]
	getoptStates.Unlock()
	if saved != nil && set && saved.written == val {
		// A copy: a subshell sharing the variable must not move our scan.
		g := *saved
		return &g
	}
	g := &getoptState{}
	if set {
		n := cAtoi(val)
		if n > 1 {
			g.optind = n
		}
	}
	return g
}

func saveGetoptState(sh Shell, g *getoptState) {
	v := sh.Vars().Get("OPTIND")
	getoptStates.Lock()
	defer getoptStates.Unlock()
	if len(getoptStates.m) > 256 {
		// Forget states of variables that have probably gone away.
		getoptStates.m = map[*vars.Var]*getoptState{}
	}
	getoptStates.m[v] = g
}

// cAtoi is C's atoi: leading blanks, a sign, then digits; junk ends it.
func cAtoi(s string) int {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, _ := strconv.Atoi(s[:i])
	return n
}

func getoptsBuiltin(sh Shell, args []string) int {
	_, rest, ok := parseOpts(sh, args, "")
	if !ok {
		return 2
	}
	if len(rest) < 2 {
		PrintUsage(sh, "getopts")
		return 2
	}
	optstr, name := rest[0], rest[1]
	argv := append([]string{sh.Arg0()}, rest[2:]...)
	if len(rest) == 2 {
		argv = append([]string{sh.Arg0()}, sh.Params()...)
	}
	silent := strings.HasPrefix(optstr, ":")
	opterr := !silent
	if s := sh.Vars().Str("OPTERR"); opterr && s != "" {
		opterr = cAtoi(s) != 0
	}
	if silent {
		optstr = optstr[1:]
	}

	g := loadGetoptState(sh)
	r := g.scan(sh, argv, optstr, opterr)
	st := sh.Vars()
	g.written = strconv.Itoa(g.optind)
	if err := st.Set("OPTIND", g.written); err != nil {
		sh.Errorf("%s", err)
	}
	saveGetoptState(sh, g)

	switch r.kind {
	case optEnd:
		st.Unset("OPTARG", false)
		getoptsBind(sh, name, "?")
		return 1
	case optInvalid:
		status := getoptsBind(sh, name, "?")
		if silent {
			st.Set("OPTARG", string(r.c))
		} else {
			st.Unset("OPTARG", false)
		}
		return status
	case optMissing:
		if silent {
			status := getoptsBind(sh, name, ":")
			st.Set("OPTARG", string(r.c))
			return status
		}
		status := getoptsBind(sh, name, "?")
		st.Unset("OPTARG", false)
		return status
	}
	if r.hasArg {
		st.Set("OPTARG", r.arg)
	} else {
		st.Unset("OPTARG", false)
	}
	return getoptsBind(sh, name, string(r.c))
}

// getoptsBind assigns the option letter to the user's variable.
func getoptsBind(sh Shell, name, val string) int {
	if !vars.ValidName(name) {
		sh.Errorf("getopts: '%s': not a valid identifier", name)
		return 1
	}
	if err := sh.Vars().Set(name, val); err != nil {
		sh.Errorf("%s", err)
		return 2
	}
	return 0
}

const (
	optFound = iota
	optEnd
	optInvalid
	optMissing
)

type getoptResult struct {
	kind   int
	c      byte // the option letter, or the offending one
	arg    string
	hasArg bool
}

// scan is bash's sh_getopt: it finds the next option in argv (argv[0] is
// $0, used in messages) and advances the state.
func (g *getoptState) scan(sh Shell, argv []string, optstr string, opterr bool) getoptResult {
	argc := len(argv)
	if g.optind >= argc || g.optind < 0 {
		g.optind = argc
		return getoptResult{kind: optEnd}
	}
	if g.optind == 0 {
		g.optind, g.next = 1, 0
	}
	if g.next > 0 && (g.curopt >= argc || g.next >= len(argv[g.curopt])) {
		g.next = 0 // the arguments changed under us
	}
	if g.next == 0 {
		if g.optind >= argc {
			return getoptResult{kind: optEnd}
		}
		w := argv[g.optind]
		if w == "--" {
			g.optind++
			return getoptResult{kind: optEnd}
		}
		if len(w) < 2 || w[0] != '-' {
			return getoptResult{kind: optEnd}
		}
		g.curopt, g.next = g.optind, 1
	}
	word := argv[g.curopt]
	c := word[g.next]
	g.next++
	if g.next >= len(word) {
		// The last letter of an argument moves OPTIND past it.
		g.optind++
		g.next = 0
	}
	k := strings.IndexByte(optstr, c)
	if k < 0 || c == ':' {
		if opterr {
			fmt.Fprintf(sh.Stderr(), "%s: illegal option -- %c\n", argv[0], c)
		}
		return getoptResult{kind: optInvalid, c: c}
	}
	if k+1 >= len(optstr) || optstr[k+1] != ':' {
		return getoptResult{kind: optFound, c: c}
	}
	r := getoptResult{kind: optFound, c: c, hasArg: true}
	switch {
	case g.next > 0: // -ovalue
		r.arg = word[g.next:]
		g.optind++
	case g.optind == argc:
		if opterr {
			fmt.Fprintf(sh.Stderr(), "%s: option requires an argument -- %c\n", argv[0], c)
		}
		if optstr[0] == ':' {
			r.c = ':' // what bash does for an optstring of "::..."
		} else {
			r = getoptResult{kind: optMissing, c: c}
		}
	default:
		r.arg = argv[g.optind]
		g.optind++
	}
	g.next = 0
	return r
}
