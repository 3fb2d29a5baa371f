package interactive

import (
	"os"
	"path/filepath"
	"strings"

	"gsh/builtins"
)

// startupFiles runs the start-up files of an interactive shell:
//
//   - a login shell (-l, --login, or argv[0] starting with '-'):
//     /etc/profile, then the first of ~/.gsh_profile and ~/.profile
//     (none with --noprofile);
//   - POSIX-style (--posix, or invoked as sh): the file named by $ENV,
//     after parameter expansion;
//   - otherwise ~/.gshrc, or the --rcfile file (none with --norc).
//
// Scripts and gsh -c read none of them (they never get here). An error
// in a file is reported with its name and line, and the shell goes on.
func (fe *frontEnd) startupFiles() {
	if fe.opts.Login {
		if !fe.opts.NoProfile {
			fe.sourceIfExists("/etc/profile")
			for _, name := range []string{".gsh_profile", ".profile"} {
				if fe.sourceIfExists(fe.home(name)) {
					break
				}
			}
		}
		return
	}
	if fe.posixStyle() {
		if env := fe.expandENV(); env != "" {
			fe.sourceIfExists(env)
		}
		return
	}
	if fe.opts.NoRC {
		return
	}
	if fe.opts.RCFile != "" {
		// A named file must exist: its absence is reported, as in bash.
		fe.source(fe.opts.RCFile)
		return
	}
	fe.sourceIfExists(fe.home(".gshrc"))
}

// posixStyle reports whether gsh runs in POSIX mode or under the name sh.
func (fe *frontEnd) posixStyle() bool {
	if on, _ := fe.sh.Option("posix"); on {
		return true
	}
	return len(os.Args) > 0 && strings.TrimPrefix(filepath.Base(os.Args[0]), "-") == "sh"
}

// expandENV is $ENV with its parameter expansions done.
func (fe *frontEnd) expandENV() string {
	env, ok := fe.sh.Var("ENV")
	if !ok || env == "" {
		return ""
	}
	quoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(env)
	return strings.Join(evalAssign(fe.sh, `"`+quoted+`"`, "ENV"), "")
}

// home is a file in $HOME ("" if HOME is unset).
func (fe *frontEnd) home(name string) string {
	h, _ := fe.sh.Var("HOME")
	if h == "" {
		return ""
	}
	return filepath.Join(h, name)
}

// sourceIfExists runs a start-up file if it exists.
func (fe *frontEnd) sourceIfExists(path string) bool {
	if path == "" {
		return false
	}
	if _, err := os.Stat(path); err != nil {
		return false
	}
	fe.source(path)
	return true
}

// source runs a start-up file in the foreground, as a command line of
// its own (so that the programs it starts own the terminal).
func (fe *frontEnd) source(path string) {
	fe.runHidden(". " + builtins.QuoteLiteral(path))
}
