package interactive

import (
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"

	"gsh/builtins"
)

// listDir lists the names in dir (as typed: ~ and $VAR expanded) that
// start with base; directories get a trailing slash.
func listDir(sh builtins.Shell, dir, base string, ok func(os.FileInfo) bool) []string {
	real := expandDir(sh, dir)
	if real == "" {
		real = "."
	}
	if !filepath.IsAbs(real) {
		real = filepath.Join(sh.Cwd(), real)
	}
	ents, err := os.ReadDir(real)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		name := e.Name()
		if !strings.HasPrefix(name, base) || name[0] == '.' && !strings.HasPrefix(base, ".") {
			continue
		}
		fi, err := os.Stat(filepath.Join(real, name))
		if err != nil {
			if fi, err = e.Info(); err != nil {
				continue
			}
		}
		if ok != nil && !ok(fi) {
			continue
		}
		if fi.IsDir() {
			name += "/"
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// expandDir expands a leading ~ and $NAME references in a typed directory.
func expandDir(sh builtins.Shell, dir string) string {
	if strings.HasPrefix(dir, "~") {
		end := strings.IndexByte(dir, '/')
		if end < 0 {
			end = len(dir)
		}
		name := dir[1:end]
		home := ""
		if name == "" {
			home = sh.Vars().Str("HOME")
		} else if u, err := user.Lookup(name); err == nil {
			home = u.HomeDir
		}
		if home != "" {
			dir = home + dir[end:]
		}
	}
	if strings.Contains(dir, "$") {
		dir = os.Expand(dir, func(n string) string { return sh.Vars().Str(n) })
	}
	return dir
}

// commandNames lists aliases, keywords, functions, builtins and programs
// in PATH that start with prefix.
func commandNames(sh builtins.Shell, prefix string) []string {
	seen := map[string]bool{}
	add := func(n string) {
		if strings.HasPrefix(n, prefix) {
			seen[n] = true
		}
	}
	for n := range sh.Aliases() {
		add(n)
	}
	for _, n := range builtins.Keywords() {
		add(n)
	}
	for _, n := range sh.FuncNames() {
		add(n)
	}
	for _, n := range builtins.Names() {
		add(n)
	}
	for _, n := range pathCommands(sh, prefix) {
		seen[n] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// pathCommands lists the executables in PATH that start with prefix.
func pathCommands(sh builtins.Shell, prefix string) []string {
	var out []string
	for _, dir := range strings.Split(sh.Vars().Str("PATH"), ":") {
		if dir == "" {
			dir = "."
		}
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(sh.Cwd(), dir)
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			n := e.Name()
			if !strings.HasPrefix(n, prefix) {
				continue
			}
			fi, err := os.Stat(filepath.Join(dir, n))
			if err != nil || fi.IsDir() || fi.Mode()&0111 == 0 {
				continue
			}
			out = append(out, n)
		}
	}
	return out
}

// userNames lists ~user completions from /etc/passwd.
func userNames(prefix string) []string {
	data, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		n, _, _ := strings.Cut(l, ":")
		if n != "" && strings.HasPrefix(n, prefix) {
			out = append(out, "~"+n+"/")
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
