package shell

import (
	"os/user"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/shell/vars"
)

// Word expansion, bash's order: brace expansion, then tilde, parameter,
// arithmetic and command substitution left to right, then field splitting
// on the results of unquoted expansions, then pathname expansion, then
// quote removal. A field is kept as segments that remember whether they
// were quoted, so that globbing knows which metacharacters are literal.

// expErr is an expansion error; level says how much of the script it
// ends, as bash decides it.
type expErr struct {
	msg    string
	status int
	level  failLevel
}

// failLevel is how far an error unwinds.
type failLevel uint8

const (
	failCommand   failLevel = iota // the command fails (${x@Z})
	failLine                       // the rest of the command line is abandoned (failglob, ${!x} unset)
	failLinePosix                  // failLine; in POSIX mode a script exits (arithmetic, readonly)
	failExit                       // a script exits (${x:?}, set -u); interactively failLine
)

func (e *expErr) Error() string { return e.msg }

type seg struct {
	s string
	q bool // quoted: glob characters in it are literal
}

// fieldBuilder accumulates the fields of one or more words.
type fieldBuilder struct {
	sh      *Shell
	out     []string
	segs    []seg
	buf     [6]seg // backing store for segs: most fields have few segments
	glob    bool   // the current field has an unquoted glob character
	bracket bool   // an unquoted [ was seen in the current field
	start   bool   // the current field exists even if empty (quotes, "$@" element)
	delim   int    // splitting state: 0 in field, 1 after IFS white space, 2 after other IFS
	split   bool   // field splitting applies (false for assignments and [[ ]])
	noGlob  bool
	ifs     string
}

const (
	dlNone = iota
	dlWhite
	dlOther
)

func (fb *fieldBuilder) addQuoted(s string) {
	fb.segs = append(fb.segs, seg{s, true})
	fb.start = true
	fb.delim = dlNone
}

// addLit adds unquoted literal text (never split, may glob).
func (fb *fieldBuilder) addLit(s string) {
	if s == "" {
		return
	}
	if !fb.glob {
		// A bracket expression may span parts: [$x] is a pattern.
		if strings.IndexByte(s, '[') >= 0 {
			fb.bracket = true
		}
		if strings.ContainsAny(s, "*?") || fb.bracket && strings.IndexByte(s, ']') >= 0 {
			fb.glob = true
		}
	}
	fb.segs = append(fb.segs, seg{s, false})
	fb.start = true
	fb.delim = dlNone
}

// addSplit adds the result of an unquoted expansion: split on IFS.
func (fb *fieldBuilder) addSplit(s string) {
	if !fb.split || fb.ifs == "" {
		if s != "" {
			fb.addLit(s)
		}
		return
	}
	ifs := fb.ifs
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(ifs, c) < 0 {
			continue
		}
		if start < i {
			fb.addLit(s[start:i])
		}
		start = i + 1
		if c == ' ' || c == '\t' || c == '\n' {
			if fb.delim == dlNone && fb.start {
				fb.flush()
				fb.delim = dlWhite
			}
			continue
		}
		// Other IFS characters delimit a field, possibly empty, unless the
		// white space just before already did.
		switch {
		case fb.delim == dlWhite:
		case fb.delim == dlNone && fb.start:
			fb.flush()
		default: // leading, or a second delimiter in a row: an empty field
			fb.start = true
			fb.flush()
		}
		fb.delim = dlOther
	}
	if start < len(s) {
		fb.addLit(s[start:])
	}
}

// breakField ends the current field unconditionally ("$@" elements).
func (fb *fieldBuilder) breakField() {
	fb.start = true
	fb.flush()
}

// flush ends the current field.
func (fb *fieldBuilder) flush() {
	if !fb.start && len(fb.segs) == 0 {
		return
	}
	if fb.glob && !fb.noGlob {
		if matches, ok := fb.sh.globField(fb.segs); ok {
			fb.out = append(fb.out, matches...)
			fb.reset()
			return
		}
	}
	fb.out = append(fb.out, joinSegs(fb.segs))
	fb.reset()
}

func (fb *fieldBuilder) reset() {
	fb.segs = fb.segs[:0]
	fb.glob, fb.start, fb.bracket = false, false, false
}

func joinSegs(segs []seg) string {
	switch len(segs) {
	case 0:
		return ""
	case 1:
		return segs[0].s
	}
	n := 0
	for _, s := range segs {
		n += len(s.s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range segs {
		b.WriteString(s.s)
	}
	return b.String()
}

// ifsValue returns IFS (default when unset).
func (sh *Shell) ifsValue() string {
	if v, ok := sh.vars.Value("IFS"); ok {
		return v
	}
	return " \t\n"
}

// expandFields expands command words into fields.
func (sh *Shell) expandFields(words []*syntax.Word) ([]string, error) {
	// Fast path: a leading run of plain literal words is copied as is.
	k := 0
	for k < len(words) && plainWord(words[k]) != "" {
		k++
	}
	out := make([]string, k, len(words))
	for i, w := range words[:k] {
		out[i] = w.Parts[0].(*syntax.Lit).Value
	}
	if k == len(words) {
		return out, nil
	}
	fb := &fieldBuilder{sh: sh, split: true, noGlob: sh.opts[optNoglob], ifs: sh.ifsValue(), out: out}
	fb.segs = fb.buf[:0]
	for _, w := range words[k:] {
		if s := plainWord(w); s != "" {
			fb.out = append(fb.out, s)
			continue
		}
		if !sh.opts[optBraceexpand] || !hasBraceLit(w) {
			if err := sh.expandWord(fb, w); err != nil {
				return nil, err
			}
			continue
		}
		for _, bw := range braceWords(w) {
			if err := sh.expandWord(fb, bw); err != nil {
				return nil, err
			}
		}
	}
	return fb.out, nil
}

// expandWord expands one command word into fields.
func (sh *Shell) expandWord(fb *fieldBuilder, w *syntax.Word) error {
	if err := sh.expandWordInto(fb, w.Parts, false, true); err != nil {
		return err
	}
	fb.flush()
	fb.delim = dlNone
	return nil
}

// plainWord returns the text of a word that expands to itself (a literal
// without quotes, escapes, braces, tilde or glob characters), or "".
func plainWord(w *syntax.Word) string {
	if len(w.Parts) != 1 {
		return ""
	}
	lit, ok := w.Parts[0].(*syntax.Lit)
	if !ok || lit.Value == "" || strings.ContainsAny(lit.Value, "*?\\{~") ||
		strings.IndexByte(lit.Value, '[') >= 0 && strings.IndexByte(lit.Value, ']') >= 0 {
		return ""
	}
	return lit.Value
}

// expandWordInto walks word parts, feeding fb. quoted is true inside
// double quotes; first marks the start of a word (tilde expansion).
func (sh *Shell) expandWordInto(fb *fieldBuilder, parts []syntax.WordPart, quoted, first bool) error {
	for i, p := range parts {
		switch p := p.(type) {
		case *syntax.Lit:
			s := p.Value
			if quoted {
				fb.addQuoted(dqUnescape(s))
				continue
			}
			if i == 0 && first && strings.HasPrefix(s, "~") {
				var done bool
				s, done = sh.tildePrefix(fb, s, len(parts) > 1)
				if done {
					continue
				}
			}
			if i == 0 && first && strings.Contains(s, "~") {
				if eq := assignPrefixLen(s); eq > 0 {
					// Words that look like assignments get tilde expansion
					// after = and : too (bash: `echo x=~`).
					fb.addLit(s[:eq])
					sh.tildeList(fb, s[eq:], len(parts) > 1)
					continue
				}
			}
			sh.addUnquotedLit(fb, s)
		case *syntax.SglQuoted:
			if p.Dollar {
				fb.addQuoted(builtins.ANSIC(p.Value))
			} else {
				fb.addQuoted(p.Value)
			}
		case *syntax.DblQuoted:
			if len(p.Parts) == 0 {
				fb.addQuoted("")
				continue
			}
			if len(p.Parts) == 1 {
				if pe, ok := p.Parts[0].(*syntax.ParamExp); ok {
					if err := sh.paramInto(fb, pe, true); err != nil {
						return err
					}
					continue
				}
			}
			before := len(fb.out)
			if err := sh.expandWordInto(fb, p.Parts, true, false); err != nil {
				return err
			}
			if len(fb.out) == before && !fb.start {
				fb.start = true
			}
		case *syntax.ParamExp:
			if err := sh.paramInto(fb, p, quoted); err != nil {
				return err
			}
		case *syntax.CmdSubst:
			out, err := sh.cmdSubst(p)
			if err != nil {
				return err
			}
			if quoted {
				fb.addQuoted(out)
			} else {
				fb.addSplit(out)
			}
		case *syntax.ArithmExp:
			n, err := sh.arithNode(p.X)
			if err != nil {
				return err
			}
			s := strconv.FormatInt(n, 10)
			if quoted {
				fb.addQuoted(s)
			} else {
				fb.addSplit(s)
			}
		case *syntax.ProcSubst:
			path, err := sh.procSubst(p)
			if err != nil {
				return err
			}
			fb.addSplit(path)
		case *syntax.ExtGlob:
			s := p.Op.String() + p.Pattern.Value + ")"
			if quoted {
				fb.addQuoted(s)
			} else {
				fb.glob = true
				fb.segs = append(fb.segs, seg{s, false})
				fb.start = true
				fb.delim = dlNone
			}
		case *syntax.BraceExp:
			// Only reached when brace expansion is off: print it back.
			fb.addLit(printBrace(p))
		default:
			return &expErr{msg: "unsupported word part", status: 1}
		}
	}
	return nil
}

// addUnquotedLit handles backslash escapes in an unquoted literal: the
// escaped character becomes quoted.
func (sh *Shell) addUnquotedLit(fb *fieldBuilder, s string) {
	for {
		i := strings.IndexByte(s, '\\')
		if i < 0 || i == len(s)-1 {
			fb.addLit(s)
			return
		}
		fb.addLit(s[:i])
		if s[i+1] == '\n' { // line continuation
			s = s[i+2:]
			continue
		}
		fb.addQuoted(s[i+1 : i+2])
		s = s[i+2:]
	}
}

// dqUnescape removes the backslashes that are special inside double quotes.
func dqUnescape(s string) string { return unescape(s, "$`\"\\") }

// heredocUnescape is dqUnescape for here-document bodies, where " is plain.
func heredocUnescape(s string) string { return unescape(s, "$`\\") }

// unescape drops a backslash before one of special, and a backslash-newline.
func unescape(s, special string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			if s[i+1] == '\n' {
				i++
				continue
			}
			if strings.IndexByte(special, s[i+1]) >= 0 {
				i++
				c = s[i]
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// expandLiteral expands a word to one string, without field splitting or
// globbing (assignment values, redirection targets for here-strings, case
// subjects, [[ ]] operands).
func (sh *Shell) expandLiteral(w *syntax.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	if len(w.Parts) == 1 {
		if lit, ok := w.Parts[0].(*syntax.Lit); ok && !strings.ContainsAny(lit.Value, "\\~") {
			return lit.Value, nil
		}
	}
	fb := fieldBuilder{sh: sh, noGlob: true}
	if err := sh.expandWordInto(&fb, w.Parts, false, true); err != nil {
		return "", err
	}
	return joinSegs(fb.segs), nil
}

// expandAssignValue expands the value of an assignment: like a literal,
// with tilde expansion also after each unquoted ':' (PATH=~/bin:~/x).
func (sh *Shell) expandAssignValue(w *syntax.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	if len(w.Parts) == 1 {
		if lit, ok := w.Parts[0].(*syntax.Lit); ok && !strings.ContainsAny(lit.Value, "\\~") {
			return lit.Value, nil
		}
	}
	fb := fieldBuilder{sh: sh, noGlob: true}
	parts := w.Parts
	if lit, ok := parts[0].(*syntax.Lit); ok && strings.Contains(lit.Value, ":~") {
		// Expand ~ after colons in the leading literal.
		sh.tildeList(&fb, lit.Value, len(parts) > 1)
		parts = parts[1:]
		if err := sh.expandWordInto(&fb, parts, false, false); err != nil {
			return "", err
		}
	} else if err := sh.expandWordInto(&fb, parts, false, true); err != nil {
		return "", err
	}
	return joinSegs(fb.segs), nil
}

// expandPattern expands a word used as a pattern (case, [[ == ]], ${x#p}):
// quoted characters are escaped so that they match literally.
func (sh *Shell) expandPattern(w *syntax.Word) (string, error) {
	segs, err := sh.patternSegs(w)
	return segsPattern(segs), err
}

// patternSegs expands a pattern word into its quoted and unquoted pieces.
func (sh *Shell) patternSegs(w *syntax.Word) ([]seg, error) {
	if w == nil {
		return nil, nil
	}
	fb := fieldBuilder{sh: sh, noGlob: true}
	if err := sh.expandWordInto(&fb, w.Parts, false, true); err != nil {
		return nil, err
	}
	return fb.segs, nil
}

// segsPattern joins pieces into a pattern, quoted ones escaped.
func segsPattern(segs []seg) string {
	if len(segs) == 1 && !segs[0].q {
		return segs[0].s
	}
	var b strings.Builder
	for _, s := range segs {
		if s.q {
			b.WriteString(quoteMeta(s.s))
		} else {
			b.WriteString(s.s)
		}
	}
	return b.String()
}

// quoteMeta escapes pattern characters.
func quoteMeta(s string) string {
	if !strings.ContainsAny(s, "*?[]\\()|!@+") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("*?[]\\()|!@+", s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// expandHeredoc expands a here-document body (parameter, command and
// arithmetic expansion; backslash quotes only $ ` \ and newline).
func (sh *Shell) expandHeredoc(w *syntax.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	fb := fieldBuilder{sh: sh, noGlob: true}
	for _, p := range w.Parts {
		if lit, ok := p.(*syntax.Lit); ok {
			fb.addQuoted(heredocUnescape(lit.Value))
			continue
		}
		if err := sh.expandWordInto(&fb, []syntax.WordPart{p}, true, false); err != nil {
			return "", err
		}
	}
	return joinSegs(fb.segs), nil
}

// tildePrefix expands a leading ~ or ~user in s (an unquoted literal at the
// start of a word). It returns the rest of s to add, or done when it added
// everything itself.
func (sh *Shell) tildePrefix(fb *fieldBuilder, s string, more bool) (string, bool) {
	end := strings.IndexByte(s, '/')
	name := s[1:]
	rest := ""
	if end >= 0 {
		name, rest = s[1:end], s[end:]
	} else if more {
		return s, false // ~'quoted' or ~$x: no expansion
	}
	var dir string
	switch {
	case name == "":
		v, ok := sh.vars.Value("HOME")
		if !ok {
			dir = homeOf("")
			if dir == "" {
				return s, false
			}
		} else {
			dir = v
		}
	case name == "+":
		dir = sh.vars.Str("PWD")
	case name == "-":
		v, ok := sh.vars.Value("OLDPWD")
		if !ok {
			return s, false
		}
		dir = v
	default:
		if strings.ContainsAny(name, "\\'\"$`") {
			return s, false
		}
		dir = homeOf(name)
		if dir == "" {
			return s, false
		}
	}
	fb.addQuoted(dir)
	if rest != "" {
		sh.addUnquotedLit(fb, rest)
	}
	return "", true
}

// homeOf returns the home directory of user name ("" = current user).
func homeOf(name string) string {
	var u *user.User
	var err error
	if name == "" {
		u, err = user.Current()
	} else {
		u, err = user.Lookup(name)
	}
	if err != nil {
		return ""
	}
	return u.HomeDir
}

// assignPrefixLen returns the length of "name=" at the start of s, or 0.
func assignPrefixLen(s string) int {
	i := strings.IndexByte(s, '=')
	if i <= 0 || !vars.ValidName(s[:i]) {
		return 0
	}
	return i + 1
}

// tildeList adds a colon-separated list, expanding a ~ at the start of
// each element (assignment values: PATH=~/bin:~/sbin).
func (sh *Shell) tildeList(fb *fieldBuilder, s string, more bool) {
	pieces := strings.Split(s, ":")
	for i, p := range pieces {
		if i > 0 {
			fb.addLit(":")
		}
		last := i == len(pieces)-1
		if strings.HasPrefix(p, "~") && (!last || !more || strings.Contains(p, "/")) {
			if rest, done := sh.tildePrefix(fb, p, false); !done {
				sh.addUnquotedLit(fb, rest)
			}
			continue
		}
		sh.addUnquotedLit(fb, p)
	}
}
