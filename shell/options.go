package shell

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// opt identifies a shell option (set -o or shopt).
type opt int

const (
	// set -o options
	optAllexport opt = iota
	optBraceexpand
	optEmacs
	optErrexit
	optErrtrace
	optFunctrace
	optHashall
	optHistexpand
	optHistory
	optIgnoreeof
	optInteractiveComments
	optKeyword
	optMonitor
	optNoclobber
	optNoexec
	optNoglob
	optNolog
	optNotify
	optNounset
	optOnecmd
	optPhysical
	optPipefail
	optPosix
	optPrivileged
	optVerbose
	optVi
	optXtrace
	numSetOpts
)

const (
	// shopt options
	optAutocd opt = numSetOpts + iota
	optCdableVars
	optCdspell
	optCheckhash
	optCheckjobs
	optCheckwinsize
	optCmdhist
	optDotglob
	optExpandAliases
	optExtglob
	optExtquote
	optFailglob
	optForceFignore
	optGlobasciiranges
	optGlobskipdots
	optGlobstar
	optHistappend
	optHuponexit
	optInheritErrexit
	optLastpipe
	optLithist
	optLocalvarInherit
	optLocalvarUnset
	optLoginShell
	optNocaseglob
	optNocasematch
	optNullglob
	optProgcomp
	optPromptvars
	optShiftVerbose
	optSourcepath
	optXpgEcho
	numOpts
)

var optNames = [numOpts]string{
	optAllexport: "allexport", optBraceexpand: "braceexpand", optEmacs: "emacs",
	optErrexit: "errexit", optErrtrace: "errtrace", optFunctrace: "functrace",
	optHashall: "hashall", optHistexpand: "histexpand", optHistory: "history",
	optIgnoreeof: "ignoreeof", optInteractiveComments: "interactive-comments",
	optKeyword: "keyword", optMonitor: "monitor", optNoclobber: "noclobber",
	optNoexec: "noexec", optNoglob: "noglob", optNolog: "nolog", optNotify: "notify",
	optNounset: "nounset", optOnecmd: "onecmd", optPhysical: "physical",
	optPipefail: "pipefail", optPosix: "posix", optPrivileged: "privileged",
	optVerbose: "verbose", optVi: "vi", optXtrace: "xtrace",

	optAutocd: "autocd", optCdableVars: "cdable_vars", optCdspell: "cdspell",
	optCheckhash: "checkhash", optCheckjobs: "checkjobs", optCheckwinsize: "checkwinsize",
	optCmdhist: "cmdhist", optDotglob: "dotglob", optExpandAliases: "expand_aliases",
	optExtglob: "extglob", optExtquote: "extquote", optFailglob: "failglob",
	optForceFignore: "force_fignore", optGlobasciiranges: "globasciiranges",
	optGlobskipdots: "globskipdots", optGlobstar: "globstar", optHistappend: "histappend",
	optHuponexit: "huponexit", optInheritErrexit: "inherit_errexit", optLastpipe: "lastpipe",
	optLithist: "lithist", optLocalvarInherit: "localvar_inherit",
	optLocalvarUnset: "localvar_unset", optLoginShell: "login_shell",
	optNocaseglob: "nocaseglob", optNocasematch: "nocasematch", optNullglob: "nullglob",
	optProgcomp: "progcomp", optPromptvars: "promptvars", optShiftVerbose: "shift_verbose",
	optSourcepath: "sourcepath", optXpgEcho: "xpg_echo",
}

// flag letters of set options, in the order bash prints $-.
var optFlags = []struct {
	c byte
	o opt
}{
	{'a', optAllexport}, {'b', optNotify}, {'e', optErrexit}, {'f', optNoglob},
	{'h', optHashall}, {'k', optKeyword}, {'m', optMonitor}, {'n', optNoexec},
	{'p', optPrivileged}, {'t', optOnecmd}, {'u', optNounset}, {'v', optVerbose},
	{'x', optXtrace}, {'B', optBraceexpand}, {'C', optNoclobber}, {'E', optErrtrace},
	{'H', optHistexpand}, {'P', optPhysical}, {'T', optFunctrace},
}

// Options is the set of option values; it is copied into subshells.
type Options [numOpts]bool

func defaultOptions() Options {
	var o Options
	for _, x := range []opt{optBraceexpand, optHashall, optInteractiveComments,
		optCheckwinsize, optCmdhist, optExtquote, optForceFignore, optGlobasciiranges,
		optGlobskipdots, optProgcomp, optPromptvars, optSourcepath} {
		o[x] = true
	}
	return o
}

// optIndex maps option names to options (builtins ask by name in loops).
var optIndex = sync.OnceValue(func() map[string]opt {
	m := make(map[string]opt, numOpts)
	for o := opt(0); o < numOpts; o++ {
		m[optNames[o]] = o
	}
	return m
})

func lookupOpt(name string, shopt bool) (opt, bool) {
	o, ok := optIndex()[name]
	if !ok || (o >= numSetOpts) != shopt {
		return 0, false
	}
	return o, true
}

func flagOpt(c byte) (opt, bool) {
	for _, f := range optFlags {
		if f.c == c {
			return f.o, true
		}
	}
	return 0, false
}

// dollarDash is $-.
func (sh *Shell) dollarDash() string {
	var b strings.Builder
	for _, f := range optFlags {
		if sh.opts[f.o] {
			b.WriteByte(f.c)
		}
		if f.c == 'h' && sh.rt.interactive {
			b.WriteByte('i') // bash's order: himBHs
		}
	}
	if sh.rt.readsStdin {
		b.WriteByte('s')
	}
	if sh.rt.dashC {
		b.WriteByte('c')
	}
	return b.String()
}

// setOpt changes an option, with the side effects some of them have.
func (sh *Shell) setOpt(o opt, on bool) error {
	switch o {
	case optEmacs, optVi:
		sh.opts[optEmacs], sh.opts[optVi] = false, false
	case optMonitor:
		if on && !sh.opts[optMonitor] {
			sh.rt.enableJobControl(sh)
		}
	case optLoginShell:
		return fmt.Errorf("login_shell: cannot set option")
	}
	sh.opts[o] = on
	switch o {
	case optAllexport:
		sh.vars.AllExport = on
	case optPosix:
		sh.opts[optInheritErrexit] = on || sh.opts[optInheritErrexit]
	case optNotify:
		if !sh.subshell { // notices are the main shell's
			sh.rt.jobs.NotifyAtOnce.Store(on)
		}
	}
	return nil
}

func setOptNames() []string {
	var n []string
	for o := opt(0); o < numSetOpts; o++ {
		n = append(n, optNames[o])
	}
	slices.Sort(n)
	return n
}

func shoptNames() []string {
	var n []string
	for o := numSetOpts; o < numOpts; o++ {
		n = append(n, optNames[o])
	}
	slices.Sort(n)
	return n
}
