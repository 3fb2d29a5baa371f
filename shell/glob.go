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
	var b strings.Builder
	for _, s := range segs {
		if s.q {
			b.WriteString(quoteMeta(s.s))
		} else {
			b.WriteString(s.s)
		}
	}
	pat := b.String()
	if !hasGlobMeta(pat) {
		return nil, false
	}
	matches := sh.glob(pat)
	if ign, ok := sh.vars.Value("GLOBIGNORE"); ok && ign != "" {
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
			m, _ := sh.compilePattern(p, false)
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
// directory unless pat is absolute.
func (sh *Shell) glob(pat string) []string {
	comps := strings.Split(pat, "/")
	paths := []string{""}
	if comps[0] == "" { // absolute
		paths = []string{"/"}
		comps = comps[1:]
	}
	nocase := sh.opts[optNocaseglob]
	ign, _ := sh.vars.Value("GLOBIGNORE")
	dotglob := sh.opts[optDotglob] || ign != ""
	for ci, comp := range comps {
		last := ci == len(comps)-1
		if comp == "" {
			if last { // trailing slash: directories only
				var dirs []string
				for _, p := range paths {
					if p != "" && isDir(sh.abs(p)) {
						dirs = append(dirs, p+"/")
					}
				}
				paths = dirs
			} else {
				for i, p := range paths {
					paths[i] = p + "/"
				}
			}
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
				next = append(next, sh.globStar(p, last)...)
			}
			paths = next
			continue
		}
		m, _ := sh.compilePattern(comp, nocase)
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
				if name[0] == '.' && !explicitDot && !dotglob {
					continue
				}
				if !m.match(name) {
					continue
				}
				q := joinGlob(p, name)
				if !last && !isDir(sh.abs(q)) {
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

// globStar expands ** under dir: dir itself and every directory below
// (and, as the last component, every file too), not following symlinks
// to directories, hidden entries only with dotglob.
func (sh *Shell) globStar(dir string, last bool) []string {
	var out []string
	if dir == "" {
		if last {
			// "**" alone lists everything below ".", not "." itself.
		} else {
			out = append(out, "")
		}
	} else {
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
			if name[0] == '.' && !sh.opts[optDotglob] {
				continue
			}
			q := joinGlob(p, name)
			if e.IsDir() {
				if last {
					out = append(out, q)
				} else {
					out = append(out, q+"/")
				}
				walk(q)
			} else if last {
				out = append(out, q)
			}
		}
	}
	walk(dir)
	if !last {
		for i, p := range out {
			out[i] = strings.TrimSuffix(p, "/")
		}
	}
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
