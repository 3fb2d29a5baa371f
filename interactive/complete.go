package interactive

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gsh/builtins"
)

// completer computes what Tab offers for the word at the cursor.
type completer struct {
	// shell returns the current main shell state.
	shell func() builtins.Shell
	// jobs returns job specs ("%1"...) for fg, bg, kill, wait, disown.
	jobs func() []string
}

// completion is the result for one word.
type completion struct {
	start   int      // byte offset where the replaced text starts
	raw     string   // the text typed there (it is replaced)
	keep    string   // leading part of raw kept as typed (a directory, $X/)
	quote   byte     // quote style of the replacement: 0, '\'' or '"'
	opened  bool     // the quote was opened after keep (the replacement opens it again)
	cands   []string // unquoted candidates, without keep; directories end in /
	files   bool     // candidates are file names (quoted when inserted)
	noSpace bool     // no space after a unique match
}

// jobCommands are the builtins whose arguments may be job specs.
var jobCommands = map[string]bool{"fg": true, "bg": true, "kill": true, "wait": true, "disown": true, "jobs": true}

// complete finds the completions of the word ending at pos in line.
func (c *completer) complete(line string, pos int) *completion {
	sh := c.shell()
	cl := parseCompLine(line, pos)
	w := cl.words[cl.cur]
	raw := line[w.start:pos]
	res := &completion{start: w.start, raw: raw, quote: cl.quote}
	if cl.quote != 0 {
		res.opened = cl.quoteAt >= w.start
	}
	word := unquoteWord(raw)
	cmd := ""
	if cl.cur > 0 && !cl.cmdPos {
		for _, x := range cl.words[:cl.cur] {
			if !commandKeywords[x.text] && !isAssignment(x.text) {
				cmd = unquoteWord(x.text)
				break
			}
		}
	}
	// Variables: $NAME and ${NAME.
	if k := strings.LastIndexByte(raw, '$'); k >= 0 && cl.quote != '\'' && !strings.ContainsAny(raw[k:], "/ ") {
		name := raw[k+1:]
		brace := strings.HasPrefix(name, "{")
		name = strings.TrimPrefix(name, "{")
		if isName(name) || name == "" {
			res.keep = raw[:k]
			res.quote, res.opened = 0, false
			for _, v := range sh.Vars().Names() {
				if strings.HasPrefix(v, name) {
					if brace {
						res.cands = append(res.cands, "${"+v+"}")
					} else {
						res.cands = append(res.cands, "$"+v)
					}
				}
			}
			return res
		}
	}
	if cmd != "" {
		if spec := lookupSpec(cmd); spec != nil {
			words := make([]string, len(cl.words))
			for i, x := range cl.words {
				words[i] = x.text
			}
			ctx := &specContext{line: line, point: pos, words: words, cword: cl.cur, cmd: cmd}
			if r := c.fromSpec(sh, spec, word, ctx); r != nil {
				r.start, r.raw, r.quote, r.opened = res.start, raw, res.quote, res.opened
				if r.files {
					c.splitDir(r, raw)
				}
				return r
			}
		}
		if jobCommands[cmd] && strings.HasPrefix(word, "%") && c.jobs != nil {
			res.cands = filterPrefix(c.jobs(), word)
			return res
		}
	}
	switch {
	case cl.cmdPos && !strings.Contains(word, "/"):
		res.cands = commandNames(sh, word)
		res.files = true // quote special characters
	case cl.cmdPos:
		c.fileCands(sh, res, raw, word, func(fi os.FileInfo) bool { return fi.IsDir() || fi.Mode()&0111 != 0 })
	case cmd == "cd" || cmd == "pushd" || cmd == "rmdir":
		c.fileCands(sh, res, raw, word, func(fi os.FileInfo) bool { return fi.IsDir() })
	case strings.HasPrefix(word, "~") && !strings.Contains(word, "/"):
		res.cands = userNames(word[1:])
		res.noSpace = true
	default:
		c.fileCands(sh, res, raw, word, nil)
	}
	return res
}

// splitDir moves the directory part of file candidates into keep.
func (c *completer) splitDir(r *completion, raw string) {
	k := lastUnquotedSlash(raw)
	if k < 0 {
		return
	}
	dir := unquoteWord(raw[:k+1])
	var out []string
	for _, cand := range r.cands {
		if strings.HasPrefix(cand, dir) {
			out = append(out, cand[len(dir):])
		} else {
			return
		}
	}
	r.keep, r.cands = raw[:k+1], out
	if r.quote != 0 && r.opened {
		// The quote opened in the kept part; it is still open after it.
		r.opened = false
		if qk := strings.LastIndexByte(raw, r.quote); qk > k {
			r.opened = true
		}
	}
}

// fileCands lists the files that complete word (typed as raw); ok filters.
func (c *completer) fileCands(sh builtins.Shell, res *completion, raw, word string, ok func(os.FileInfo) bool) {
	res.files = true
	k := lastUnquotedSlash(raw)
	dirTyped, base := "", word
	if k >= 0 {
		res.keep = raw[:k+1]
		dirTyped = unquoteWord(raw[:k+1])
		base = unquoteWord(raw[k+1:])
		if res.quote != 0 {
			res.opened = strings.LastIndexByte(raw, res.quote) > k
		}
	}
	res.cands = listDir(sh, dirTyped, base, ok)
}

// lastUnquotedSlash is the offset of the last / of raw, which ends the
// directory part of a file name (inside quotes too).
func lastUnquotedSlash(raw string) int { return strings.LastIndexByte(raw, '/') }

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
		user := dir[1:end]
		home := ""
		if user == "" {
			home = sh.Vars().Str("HOME")
		} else {
			home = homeOf(user)
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
	for _, n := range shellKeywords {
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

var shellKeywords = []string{"if", "then", "else", "elif", "fi", "case", "esac", "for", "select",
	"while", "until", "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc"}

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

// homeOf is user's home directory from /etc/passwd.
func homeOf(user string) string {
	data, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(data), "\n") {
		f := strings.Split(l, ":")
		if len(f) > 5 && f[0] == user {
			return f[5]
		}
	}
	return ""
}

func filterPrefix(list []string, prefix string) []string {
	var out []string
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			out = append(out, s)
		}
	}
	return out
}

// insertion returns the text that replaces the typed word when Tab can
// add something: the unique candidate (with a closing quote and a space
// unless it is a directory), or the longest common prefix of all.
func (r *completion) insertion() (string, bool) {
	if len(r.cands) == 0 {
		return "", false
	}
	if len(r.cands) == 1 {
		c := r.cands[0]
		text := r.keep + r.quoteText(c)
		if strings.HasSuffix(c, "/") || r.noSpace {
			return text, text != r.raw
		}
		if r.quote != 0 {
			text += string(r.quote)
		}
		return text + " ", true
	}
	lcp := r.cands[0]
	for _, c := range r.cands[1:] {
		n := 0
		for n < len(lcp) && n < len(c) && lcp[n] == c[n] {
			n++
		}
		lcp = lcp[:n]
	}
	typed := unquoteWord(r.raw[len(r.keep):])
	if strings.HasPrefix(typed, "$") || strings.HasPrefix(typed, "~") {
		typed = r.raw[len(r.keep):]
	}
	if len(lcp) <= len(typed) {
		return "", false
	}
	return r.keep + r.quoteText(lcp), true
}

// quoteText quotes a candidate for insertion in the word's quote style.
func (r *completion) quoteText(s string) string {
	if !r.files {
		return s
	}
	switch r.quote {
	case '\'':
		q := strings.ReplaceAll(s, "'", `'\''`)
		if r.opened {
			return "'" + q
		}
		return q
	case '"':
		var b strings.Builder
		if r.opened {
			b.WriteByte('"')
		}
		for i := 0; i < len(s); i++ {
			if strings.IndexByte("\"$`\\", s[i]) >= 0 {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
		return b.String()
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(" \t\n\"'\\$`&|;<>()[]*?!{}#^=,", c) >= 0 || c == '~' && i == 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// listing returns the choices to show after a second Tab, as the editor
// wants them: the part of each after what was typed (tail), and the
// length in characters of that typed part. Choices that do not extend
// the typed text are shown whole.
func (r *completion) listing() ([][]rune, int) {
	rawTail := r.raw[len(r.keep):]
	typed := unquoteWord(rawTail)
	if strings.HasPrefix(typed, "$") || strings.HasPrefix(typed, "~") {
		typed = rawTail
	}
	out := make([][]rune, 0, len(r.cands))
	for _, c := range r.cands {
		if !strings.HasPrefix(c, typed) {
			out = out[:0]
			for _, c := range r.cands {
				out = append(out, []rune(c))
			}
			return out, 0
		}
		out = append(out, []rune(c[len(typed):]))
	}
	return out, len([]rune(rawTail))
}
