package shell

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// Shell pattern matching (case, [[ == ]], ${x#p}, globbing), with bash's
// extended operators ?() *() +() @() !(). Patterns compile to a token list,
// cached by text. Patterns without extglob groups match in one pass that
// backtracks to the last star only; the others backtrack fully, with failed
// positions remembered so that stars and repeated groups stay polynomial.

type tokKind uint8

const (
	tLit tokKind = iota
	tAny
	tStar
	tClass
	tExt
)

type token struct {
	kind  tokKind
	lit   string
	class *charClass
	op    byte // ext: ? * + @ !
	alts  [][]token
}

type charClass struct {
	neg    bool
	runes  []rune
	ranges [][2]rune
	named  []string
}

// matcher is a compiled pattern.
type matcher struct {
	toks   []token
	nocase bool
	isLit  bool // no special characters: toks is one literal
	lit    string
	simple bool // no ext groups: matched by matchSimple
}

var patCache = newCache[string, *matcher](4096)

// compilePattern compiles a pattern; nocase gives case-insensitive matching.
func compilePattern(pat string, nocase bool) *matcher {
	key := pat
	if nocase {
		key = "\x00i" + pat
	}
	if m, ok := patCache.get(key); ok {
		return m
	}
	toks, _ := parsePattern(pat, 0, false)
	m := &matcher{toks: toks, nocase: nocase}
	if len(toks) == 0 || len(toks) == 1 && toks[0].kind == tLit {
		m.isLit = true
		if len(toks) == 1 {
			m.lit = toks[0].lit
		}
	}
	m.simple = true
	for _, t := range toks {
		if t.kind == tExt {
			m.simple = false
		}
	}
	patCache.put(key, m)
	return m
}

// parsePattern parses pat from i; inGroup stops at | or ) (extglob).
func parsePattern(pat string, i int, inGroup bool) ([]token, int) {
	var toks []token
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			toks = append(toks, token{kind: tLit, lit: lit.String()})
			lit.Reset()
		}
	}
	for i < len(pat) {
		c := pat[i]
		switch {
		case inGroup && (c == '|' || c == ')'):
			flush()
			return toks, i
		case c == '\\':
			if i+1 < len(pat) {
				lit.WriteByte(pat[i+1])
				i += 2
			} else {
				lit.WriteByte('\\')
				i++
			}
			continue
		case strings.IndexByte("?*+@!", c) >= 0 && i+1 < len(pat) && pat[i+1] == '(':
			if alts, end, ok := parseGroup(pat, i+2); ok {
				flush()
				toks = append(toks, token{kind: tExt, op: c, alts: alts})
				i = end
				continue
			}
			if c == '*' {
				flush()
				toks = append(toks, token{kind: tStar})
			} else if c == '?' {
				flush()
				toks = append(toks, token{kind: tAny})
			} else {
				lit.WriteByte(c)
			}
			i++
			continue
		case c == '*':
			flush()
			if len(toks) == 0 || toks[len(toks)-1].kind != tStar {
				toks = append(toks, token{kind: tStar})
			}
		case c == '?':
			flush()
			toks = append(toks, token{kind: tAny})
		case c == '[':
			if cl, end, ok := parseClass(pat, i+1); ok {
				flush()
				toks = append(toks, token{kind: tClass, class: cl})
				i = end
				continue
			}
			lit.WriteByte(c)
		default:
			lit.WriteByte(c)
		}
		i++
	}
	flush()
	return toks, i
}

// parseGroup parses the alternatives of an extglob group starting after
// "op(" and returns the index after ")".
func parseGroup(pat string, i int) ([][]token, int, bool) {
	var alts [][]token
	for {
		toks, end := parsePattern(pat, i, true)
		if end >= len(pat) {
			return nil, 0, false
		}
		alts = append(alts, toks)
		if pat[end] == ')' {
			return alts, end + 1, true
		}
		i = end + 1
	}
}

// parseClass parses a bracket expression after "[".
func parseClass(pat string, i int) (*charClass, int, bool) {
	cl := &charClass{}
	if i < len(pat) && (pat[i] == '!' || pat[i] == '^') {
		cl.neg = true
		i++
	}
	first := true
	for i < len(pat) {
		c := pat[i]
		if c == ']' && !first {
			return cl, i + 1, true
		}
		first = false
		if c == '[' && i+1 < len(pat) && pat[i+1] == ':' {
			if end := strings.Index(pat[i+2:], ":]"); end >= 0 {
				cl.named = append(cl.named, pat[i+2:i+2+end])
				i += end + 4
				continue
			}
		}
		if c == '[' && i+1 < len(pat) && (pat[i+1] == '=' || pat[i+1] == '.') {
			close := string(pat[i+1]) + "]"
			if end := strings.Index(pat[i+2:], close); end >= 0 {
				for _, r := range pat[i+2 : i+2+end] {
					cl.runes = append(cl.runes, r)
				}
				i += end + 4
				continue
			}
		}
		var r rune
		if c == '\\' && i+1 < len(pat) {
			i++
		}
		r, n := utf8.DecodeRuneInString(pat[i:])
		i += n
		if i+1 < len(pat) && pat[i] == '-' && pat[i+1] != ']' {
			j := i + 1
			if pat[j] == '\\' && j+1 < len(pat) {
				j++
			}
			hi, m := utf8.DecodeRuneInString(pat[j:])
			cl.ranges = append(cl.ranges, [2]rune{r, hi})
			i = j + m
			continue
		}
		cl.runes = append(cl.runes, r)
	}
	return nil, 0, false
}

func (cl *charClass) has(r rune, nocase bool) bool {
	in := cl.contains(r)
	if !in && nocase {
		if u := unicode.ToUpper(r); u != r {
			in = cl.contains(u)
		}
		if l := unicode.ToLower(r); !in && l != r {
			in = cl.contains(l)
		}
	}
	return in != cl.neg
}

func (cl *charClass) contains(r rune) bool {
	for _, x := range cl.runes {
		if x == r {
			return true
		}
	}
	for _, rg := range cl.ranges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	for _, n := range cl.named {
		if classHas(n, r) {
			return true
		}
	}
	return false
}

func classHas(name string, r rune) bool {
	switch name {
	case "alpha":
		return unicode.IsLetter(r)
	case "digit":
		return r >= '0' && r <= '9'
	case "alnum":
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	case "upper":
		return unicode.IsUpper(r)
	case "lower":
		return unicode.IsLower(r)
	case "space":
		return unicode.IsSpace(r)
	case "blank":
		return r == ' ' || r == '\t'
	case "punct":
		return r < 128 && unicode.IsPunct(r) || r < 128 && unicode.IsSymbol(r)
	case "print":
		return unicode.IsPrint(r)
	case "graph":
		return unicode.IsPrint(r) && r != ' '
	case "cntrl":
		return unicode.IsControl(r)
	case "xdigit":
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F'
	case "word":
		return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return false
}

// match reports whether the whole of s matches.
func (m *matcher) match(s string) bool {
	if m.isLit {
		if m.nocase {
			return strings.EqualFold(m.lit, s)
		}
		return m.lit == s
	}
	if m.simple {
		return matchSimple(m.toks, s, m.nocase)
	}
	st := &matchState{s: s, nocase: m.nocase, ntoks: len(m.toks)}
	return st.seq(m.toks, 0, nil)
}

// matchSimple matches patterns without extglob groups. It backtracks
// only to the last star seen, which is enough for * ? [..] and literals
// and keeps matching linear in practice (no exponential blow-up with
// patterns like *a*a*a*a*b).
func matchSimple(toks []token, s string, nocase bool) bool {
	ti, si := 0, 0
	starT, starS := -1, 0
	for si < len(s) || ti < len(toks) {
		if ti < len(toks) {
			t := toks[ti]
			switch t.kind {
			case tStar:
				starT, starS = ti, si
				ti++
				continue
			case tLit:
				if hasPrefixFold(s[si:], t.lit, nocase) {
					ti++
					si += len(t.lit)
					continue
				}
			case tAny:
				if si < len(s) {
					_, n := utf8.DecodeRuneInString(s[si:])
					ti++
					si += n
					continue
				}
			case tClass:
				if si < len(s) {
					r, n := utf8.DecodeRuneInString(s[si:])
					if t.class.has(r, nocase) {
						ti++
						si += n
						continue
					}
				}
			}
		}
		// Mismatch: let the last star take one more character.
		if starT < 0 || starS >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starS:])
		starS += n
		ti, si = starT+1, starS
	}
	return true
}

func hasPrefixFold(s, p string, nocase bool) bool {
	if len(s) < len(p) {
		return false
	}
	if nocase {
		return strings.EqualFold(s[:len(p)], p)
	}
	return s[:len(p)] == p
}

// matchState is one match of a pattern with extglob groups against s.
type matchState struct {
	s      string
	nocase bool
	depth  int
	ntoks  int      // length of the whole pattern's token list
	failed []uint64 // bit set of (suffix length, position) that cannot end s
}

// seq matches toks against s from position i, calling k with each
// possible end position until k returns true. A nil k asks for the end of
// s: toks is then a suffix of the whole pattern, so a failure depends only
// on its length and i, and is remembered.
func (st *matchState) seq(toks []token, i int, k func(int) bool) bool {
	if k != nil {
		return st.step(toks, i, k)
	}
	key := len(toks)*(len(st.s)+1) + i
	if st.failed != nil && st.failed[key/64]&(1<<(key%64)) != 0 {
		return false
	}
	if st.step(toks, i, nil) {
		return true
	}
	if st.failed == nil {
		st.failed = make([]uint64, ((st.ntoks+1)*(len(st.s)+1)+63)/64)
	}
	st.failed[key/64] |= 1 << (key % 64)
	return false
}

// end calls k with end position i (nil k: is i the end of s).
func (st *matchState) end(k func(int) bool, i int) bool {
	if k == nil {
		return i == len(st.s)
	}
	return k(i)
}

// step is seq without the memo.
func (st *matchState) step(toks []token, i int, k func(int) bool) bool {
	if len(toks) == 0 {
		return st.end(k, i)
	}
	st.depth++
	defer func() { st.depth-- }()
	if st.depth > 10000 {
		return false
	}
	s := st.s
	t := toks[0]
	switch t.kind {
	case tLit:
		if !hasPrefixFold(s[i:], t.lit, st.nocase) {
			return false
		}
		return st.seq(toks[1:], i+len(t.lit), k)
	case tAny:
		if i >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		return st.seq(toks[1:], i+n, k)
	case tClass:
		if i >= len(s) {
			return false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !t.class.has(r, st.nocase) {
			return false
		}
		return st.seq(toks[1:], i+n, k)
	case tStar:
		if len(toks) == 1 && k == nil {
			return true
		}
		for j := i; j <= len(s); {
			if st.seq(toks[1:], j, k) {
				return true
			}
			if j == len(s) {
				break
			}
			_, n := utf8.DecodeRuneInString(s[j:])
			j += n
		}
		return false
	case tExt:
		rest := toks[1:]
		switch t.op {
		case '@':
			return st.alts(t.alts, i, func(e int) bool { return st.seq(rest, e, k) })
		case '?':
			if st.seq(rest, i, k) {
				return true
			}
			return st.alts(t.alts, i, func(e int) bool { return st.seq(rest, e, k) })
		case '*', '+':
			// rep(j, false) depends on j only: remember where it failed.
			var failed map[int]bool
			var rep func(int, bool) bool
			rep = func(j int, need bool) bool {
				if !need {
					if failed[j] {
						return false
					}
					if st.seq(rest, j, k) {
						return true
					}
				}
				// Only the first, required, repetition may be empty.
				if st.alts(t.alts, j, func(e int) bool { return (e > j || need) && rep(e, false) }) {
					return true
				}
				if !need {
					if failed == nil {
						failed = map[int]bool{}
					}
					failed[j] = true
				}
				return false
			}
			return rep(i, t.op == '+')
		case '!':
			for e := len(s); e >= i; e-- {
				sub := &matchState{s: s[i:e], nocase: st.nocase}
				if sub.alts(t.alts, 0, func(x int) bool { return x == e-i }) {
					continue
				}
				if st.seq(rest, e, k) {
					return true
				}
			}
			return false
		}
	}
	return false
}

func (st *matchState) alts(alts [][]token, i int, k func(int) bool) bool {
	for _, a := range alts {
		if st.seq(a, i, k) {
			return true
		}
	}
	return false
}

// runeStarts returns the byte offsets of rune boundaries of s, 0..len(s).
func runeStarts(s string) []int {
	out := make([]int, 0, len(s)+1)
	for i := range s {
		out = append(out, i)
	}
	return append(out, len(s))
}

// remove implements ${x#p} ${x##p} ${x%p} ${x%%p}.
func (m *matcher) remove(s string, suffix, longest bool) string {
	if m.isLit {
		if suffix {
			return strings.TrimSuffix(s, m.lit)
		}
		return strings.TrimPrefix(s, m.lit)
	}
	b := runeStarts(s)
	if !suffix {
		if longest {
			for k := len(b) - 1; k >= 0; k-- {
				if m.match(s[:b[k]]) {
					return s[b[k]:]
				}
			}
		} else {
			for _, i := range b {
				if m.match(s[:i]) {
					return s[i:]
				}
			}
		}
		return s
	}
	if longest {
		for _, i := range b {
			if m.match(s[i:]) {
				return s[:i]
			}
		}
	} else {
		for k := len(b) - 1; k >= 0; k-- {
			if m.match(s[b[k]:]) {
				return s[:b[k]]
			}
		}
	}
	return s
}

// repl is a replacement string; & stands for the match (patsub_replacement).
type repl struct {
	parts []string // literal pieces, joined by the match
}

func (r repl) expand(match string) string {
	if len(r.parts) == 1 {
		return r.parts[0]
	}
	return strings.Join(r.parts, match)
}

// replace implements ${x/p/r} and its forms.
func (m *matcher) replace(s string, r repl, all bool, anchor byte) string {
	if m.isLit && m.lit == "" && anchor == 0 {
		return s
	}
	b := runeStarts(s)
	switch anchor {
	case '#':
		for k := len(b) - 1; k >= 0; k-- {
			if m.match(s[:b[k]]) {
				return r.expand(s[:b[k]]) + s[b[k]:]
			}
		}
		return s
	case '%':
		for _, i := range b {
			if m.match(s[i:]) {
				return s[:i] + r.expand(s[i:])
			}
		}
		return s
	}
	if m.isLit && len(r.parts) == 1 {
		n := 1
		if all {
			n = -1
		}
		return strings.Replace(s, m.lit, r.parts[0], n)
	}
	var out strings.Builder
	last := 0
	for k := 0; k < len(b)-1; {
		i := b[k]
		end := -1
		for e := len(b) - 1; e > k; e-- {
			if m.match(s[i:b[e]]) {
				end = e
				break
			}
		}
		if end < 0 {
			k++
			continue
		}
		out.WriteString(s[last:i])
		out.WriteString(r.expand(s[i:b[end]]))
		last = b[end]
		k = end
		if !all {
			break
		}
	}
	if last == 0 && out.Len() == 0 {
		return s
	}
	out.WriteString(s[last:])
	return out.String()
}

// replacement expands the replacement of ${x/p/r}; an unquoted & stands
// for the matched text (bash 5.2's patsub_replacement).
func (sh *Shell) replacement(w *syntax.Word) (repl, error) {
	if w == nil {
		return repl{parts: []string{""}}, nil
	}
	fb := fieldBuilder{sh: sh, noGlob: true}
	if err := sh.expandWordInto(&fb, w.Parts, false, false); err != nil {
		return repl{}, err
	}
	var parts []string
	var cur strings.Builder
	for _, s := range fb.segs {
		if s.q {
			cur.WriteString(s.s)
			continue
		}
		rest := s.s
		for {
			i := strings.IndexByte(rest, '&')
			if i < 0 {
				cur.WriteString(rest)
				break
			}
			cur.WriteString(rest[:i])
			parts = append(parts, cur.String())
			cur.Reset()
			rest = rest[i+1:]
		}
	}
	parts = append(parts, cur.String())
	return repl{parts: parts}, nil
}
