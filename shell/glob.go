package shell

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// globField expands an unquoted word with glob characters into matching
// path names. ok is false when the word is not a valid pattern or matches
// nothing (the caller then keeps it as is, unless nullglob or failglob).
func (sh *Shell) globField(segs []seg) ([]string, bool) {
	pat := segsPattern(segs)
	if !hasGlobMeta(pat) {
		return nil, false
	}
	// A set GLOBIGNORE also lets patterns match names starting with a dot.
	ign, _ := sh.vars.Value("GLOBIGNORE")
	matches := sh.glob(pat, sh.opts[optDotglob] || ign != "")
	if ign != "" {
		matches = sh.globIgnore(matches, ign)
	}
	if len(matches) == 0 {
		if sh.opts[optFailglob] {
			sh.globFail = pat
			return []string{}, true
		}
		if sh.opts[optNullglob] {
			return []string{}, true
		}
		return nil, false
	}
	return matches, true
}

// globIgnore drops the matches that GLOBIGNORE's patterns match, and
// always . and .. (bash does so whenever GLOBIGNORE is set).
func (sh *Shell) globIgnore(matches []string, ign string) []string {
	var ms []*matcher
	for _, p := range strings.Split(ign, ":") {
		if p != "" {
			m := compilePattern(p, false)
			ms = append(ms, m)
		}
	}
	out := matches[:0]
	for _, f := range matches {
		base := f[strings.LastIndexByte(f, '/')+1:]
		if base == "." || base == ".." {
			continue
		}
		keep := true
		for _, m := range ms {
			if m.match(f) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, f)
		}
	}
	return out
}

// hasGlobMeta reports whether pat has an unescaped * ? or a bracket
// expression, or an extglob group.
func hasGlobMeta(pat string) bool {
	for i := 0; i < len(pat); i++ {
		switch pat[i] {
		case '\\':
			i++
		case '*', '?':
			return true
		case '[':
			if _, _, ok := parseClass(pat, i+1); ok {
				return true
			}
		case '+', '@', '!':
			if i+1 < len(pat) && pat[i+1] == '(' {
				return true
			}
		}
	}
	return false
}

// unescapeGlob removes pattern backslashes from a component without metas.
func unescapeGlob(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// glob returns the sorted paths matching pat, relative to the shell's
// directory unless pat is absolute. dots lets names starting with a dot
// match without an explicit dot in the pattern.
func (sh *Shell) glob(pat string, dots bool) []string {
	prefix, comps := globComps(pat)
	paths := []string{prefix}
	nocase := sh.opts[optNocaseglob]
	for ci, comp := range comps {
		last := ci == len(comps)-1
		if comp == "" { // trailing slash: directories only
			var dirs []string
			for _, p := range paths {
				if p != "" && isDir(sh.abs(p)) {
					if !strings.HasSuffix(p, "/") {
						p += "/"
					}
					dirs = append(dirs, p)
				}
			}
			paths = dirs
			continue
		}
		if !hasGlobMeta(comp) {
			name := unescapeGlob(comp)
			var next []string
			for _, p := range paths {
				q := joinGlob(p, name)
				if last {
					if _, err := os.Lstat(sh.abs(q)); err != nil {
						continue
					}
				}
				next = append(next, q)
			}
			paths = next
			continue
		}
		if comp == "**" && sh.opts[optGlobstar] {
			var next []string
			for _, p := range paths {
				next = append(next, sh.globStar(p, last, dots)...)
			}
			paths = next
			continue
		}
		m := compilePattern(comp, nocase)
		explicitDot := strings.HasPrefix(comp, ".") || strings.HasPrefix(comp, "\\.")
		var next []string
		for _, p := range paths {
			dir := p
			if dir == "" {
				dir = "."
			}
			ents, err := os.ReadDir(sh.abs(dir))
			if err != nil {
				continue
			}
			for _, e := range ents {
				name := e.Name()
				if name[0] == '.' && !explicitDot && !dots {
					continue
				}
				if !m.match(name) {
					continue
				}
				q := joinGlob(p, name)
				if !last && !e.IsDir() && (e.Type()&os.ModeSymlink == 0 || !isDir(sh.abs(q))) {
					continue
				}
				next = append(next, q)
			}
			if explicitDot && !sh.opts[optGlobskipdots] {
				for _, name := range []string{".", ".."} {
					if m.match(name) {
						next = append(next, joinGlob(p, name))
					}
				}
			}
		}
		paths = next
		if len(paths) == 0 {
			return nil
		}
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}

// globComps splits pat at slashes. Like bash, it keeps the literal part
// before the first component with pattern characters as it is, repeated
// slashes included (d//* gives d//x), and collapses later runs of slashes;
// a trailing slash leaves an empty last component (directories only).
func globComps(pat string) (prefix string, comps []string) {
	all := strings.Split(pat, "/")
	i := 0
	for i < len(all)-1 && !hasGlobMeta(all[i]) {
		all[i] = unescapeGlob(all[i])
		i++
	}
	if i > 0 {
		prefix = strings.Join(all[:i], "/") + "/"
	}
	rest := all[i:]
	comps = rest[:0]
	for j, c := range rest {
		if c != "" || j == len(rest)-1 {
			comps = append(comps, c)
		}
	}
	return prefix, comps
}

// globStar expands ** under dir: dir itself and every directory below
// (and, as the last component, every file too). Symbolic links to
// directories count as directories but are not followed; hidden entries
// only with dots.
func (sh *Shell) globStar(dir string, last, dots bool) []string {
	var out []string
	if dir != "" || !last { // "**" alone lists what is below ".", not "." itself
		out = append(out, dir)
	}
	var walk func(p string)
	walk = func(p string) {
		d := p
		if d == "" {
			d = "."
		}
		ents, err := os.ReadDir(sh.abs(d))
		if err != nil {
			return
		}
		for _, e := range ents {
			name := e.Name()
			if name[0] == '.' && !dots {
				continue
			}
			q := joinGlob(p, name)
			switch {
			case e.IsDir():
				out = append(out, q)
				walk(q)
			case last || e.Type()&os.ModeSymlink != 0 && isDir(sh.abs(q)):
				out = append(out, q)
			}
		}
	}
	walk(dir)
	return out
}

func joinGlob(dir, name string) string {
	if dir == "" {
		return name
	}
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// abs resolves p against the shell's working directory.
func (sh *Shell) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	if p == "" || p == "." {
		return sh.cwd
	}
	return sh.cwd + "/" + p
}
