package interactive

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"gsh/builtins"
	"gsh/shell/vars"
)

// completer computes what Tab offers for the word at the cursor.
type completer struct {
	// shell returns the current main shell state.
	shell func() builtins.Shell
	// jobs returns job specs ("%1"...) for fg, bg, kill, wait, disown.
	jobs func() []string
	// mu, if set, is held while completion runs shell code.
	mu *sync.Mutex
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
	if c.mu != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
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
	if cl.cmd >= 0 {
		cmd = unquoteWord(cl.words[cl.cmd].text)
	}
	// Variables: $NAME and ${NAME.
	if k := strings.LastIndexByte(raw, '$'); k >= 0 && cl.quote != '\'' && !strings.ContainsAny(raw[k:], "/ ") {
		name := raw[k+1:]
		brace := strings.HasPrefix(name, "{")
		name = strings.TrimPrefix(name, "{")
		if vars.ValidName(name) || name == "" {
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
		isDir := func(fi os.FileInfo) bool { return fi.IsDir() }
		c.fileCands(sh, res, raw, word, isDir)
		if cmd != "rmdir" {
			addCdpath(sh, res, raw, isDir)
		}
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
	k := strings.LastIndexByte(raw, '/')
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
	k := strings.LastIndexByte(raw, '/')
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

// addCdpath adds, for cd and pushd, the directories under each CDPATH
// entry that cd would find for a relative name (as bash-completion's _cd
// does); names under the current directory come first.
func addCdpath(sh builtins.Shell, res *completion, raw string, ok func(os.FileInfo) bool) {
	cdpath, _ := sh.Vars().Value("CDPATH")
	if cdpath == "" || strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "~") ||
		strings.HasPrefix(raw, "./") || strings.HasPrefix(raw, "../") {
		return
	}
	k := strings.LastIndexByte(raw, '/')
	dirTyped, base := "", unquoteWord(raw)
	if k >= 0 {
		dirTyped, base = unquoteWord(raw[:k+1]), unquoteWord(raw[k+1:])
	}
	seen := map[string]bool{}
	for _, c := range res.cands {
		seen[c] = true
	}
	for _, entry := range strings.Split(cdpath, ":") {
		if entry == "" || entry == "." {
			continue // the current directory: already listed
		}
		for _, c := range listDir(sh, filepath.Join(entry, dirTyped)+"/", base, ok) {
			if !seen[c] {
				seen[c] = true
				res.cands = append(res.cands, c)
			}
		}
	}
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
