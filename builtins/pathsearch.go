package builtins

import (
	"strings"

	"golang.org/x/sys/unix"
)

// PATH searches for type, command and hash, with bash's rules: an empty
// element means the current directory (shown as "./name"), and a file
// that exists but is not executable is a last resort.

// shellPath makes a relative path absolute against the shell's own
// working directory, which is not the process's.
func shellPath(sh Shell, p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	return strings.TrimSuffix(sh.Cwd(), "/") + "/" + p
}

// fileKind returns whether p exists, is a directory, and is executable.
func fileKind(sh Shell, p string) (exists, dir, exec bool) {
	abs := shellPath(sh, p)
	var st unix.Stat_t
	if unix.Stat(abs, &st) != nil {
		return false, false, false
	}
	if st.Mode&unix.S_IFMT == unix.S_IFDIR {
		return true, true, false
	}
	return true, false, unix.Faccessat(unix.AT_FDCWD, abs, unix.X_OK, unix.AT_EACCESS) == nil
}

func isExecutable(sh Shell, p string) bool {
	_, _, x := fileKind(sh, p)
	return x
}

// pathCandidates lists dir/name for each element of pathVar.
func pathCandidates(sh Shell, name, pathVar string) []string {
	var out []string
	for _, d := range strings.Split(pathVar, ":") {
		if d == "" {
			d = "."
		} else if strings.HasPrefix(d, "~") {
			d = tildePrefix(sh, d)
		}
		out = append(out, strings.TrimSuffix(d, "/")+"/"+name)
	}
	return out
}

// SearchPath is bash's find_user_command, the search for a command to
// run (and for type, command and hash): the first executable file named
// name in pathVar, else the first one that merely exists (executable is
// then false: running it fails with "Permission denied"), unless that is
// a directory. An empty PATH yields name itself; a name with a slash is
// not searched for.
func SearchPath(sh Shell, name, pathVar string) (path string, executable bool) {
	if strings.Contains(name, "/") {
		return "", false
	}
	if pathVar == "" {
		return name, false
	}
	loser := ""
	loserDir := false
	for _, p := range pathCandidates(sh, name, pathVar) {
		exists, dir, exec := fileKind(sh, p)
		if exec {
			return p, true
		}
		if exists && loser == "" {
			loser, loserDir = p, dir
		}
	}
	if loserDir {
		return "", false
	}
	return loser, false
}

// searchPath is SearchPath; with execOnly, only an executable file counts.
func searchPath(sh Shell, name, pathVar string, execOnly bool) string {
	p, exec := SearchPath(sh, name, pathVar)
	if execOnly && !exec {
		return ""
	}
	return p
}

// SearchSourcePath finds the file that `source name` reads: the first
// regular file named name in pathVar.
func SearchSourcePath(sh Shell, name, pathVar string) string {
	for _, p := range pathCandidates(sh, name, pathVar) {
		var st unix.Stat_t
		if unix.Stat(shellPath(sh, p), &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
			return p
		}
	}
	return ""
}

// searchPathAll returns every executable file named name in pathVar, for
// type -a.
func searchPathAll(sh Shell, name, pathVar string) []string {
	if strings.Contains(name, "/") {
		return nil
	}
	if pathVar == "" {
		return []string{name}
	}
	var out []string
	for _, p := range pathCandidates(sh, name, pathVar) {
		if isExecutable(sh, p) {
			out = append(out, p)
		}
	}
	return out
}
