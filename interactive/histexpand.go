package interactive

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"gsh/builtins"
)

// History expansion (bash's !-syntax), applied to each line an
// interactive shell reads while set -H is on.
//
//	!!  !n  !-n  !prefix  !?text?  !#      events
//	:n :^ :$ :% :x-y :* :x* :x-            word designators (also !$ !^ !* !:n)
//	:h :t :r :e :p :q :x :s/a/b/ :gs :& :g& modifiers
//	^old^new^                              quick substitution of the last command

// expandResult is the outcome of expanding one line.
type expandResult struct {
	line      string
	changed   bool // an expansion took place: the line is echoed
	printOnly bool // :p: show the result, do not run it
}

// histError is an expansion failure, in bash's words.
type histError struct{ msg string }

func (e *histError) Error() string { return e.msg }

// histExpander holds what an expansion needs besides the line.
type histExpander struct {
	hist *History
	// soFar is the text of the command typed before this line (for !#).
	soFar string
	// lastSearch is the text of the last !?text? search (for an empty :s
	// pattern) and lastMatchWord the word it matched (for :%); lastOld
	// and lastNew are the last :s pair (for :&).
	lastSearch       string
	lastMatchWord    string
	lastOld, lastNew string
	haveSubst        bool
	expChar, subChar byte
	extglob          bool
}

func (x *histExpander) expand(line string) (expandResult, error) {
	if x.expChar == 0 {
		x.expChar, x.subChar = '!', '^'
	}
	res := expandResult{line: line}
	if line == "" {
		return res, nil
	}
	if line[0] == x.subChar {
		// ^old^new^rest is !!:s^old^new^rest.
		rewritten := string(x.expChar) + string(x.expChar) + ":s" + line
		r, err := x.expandLine(rewritten)
		if err != nil {
			return res, err
		}
		r.changed = true
		return r, nil
	}
	if strings.IndexByte(line, x.expChar) < 0 {
		return res, nil
	}
	return x.expandLine(line)
}

func (x *histExpander) expandLine(line string) (expandResult, error) {
	var out strings.Builder
	res := expandResult{}
	inSingle, inDouble := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && !inSingle && i+1 < len(line):
			out.WriteByte(c)
			out.WriteByte(line[i+1])
			i++
			continue
		case c == '\'' && !inDouble:
			inSingle = !inSingle
		case c == '"' && !inSingle:
			inDouble = !inDouble
		case c == x.expChar && !inSingle:
			if i+1 >= len(line) {
				break
			}
			next := line[i+1]
			if next == ' ' || next == '\t' || next == '\n' || next == '=' ||
				(next == '(' && x.extglob) || (inDouble && next == '"') {
				break
			}
			// $! and ${!name} are parameters, not history references (bash
			// inhibits expansion there too).
			if i > 0 && line[i-1] == '$' || i > 1 && line[i-1] == '{' && line[i-2] == '$' {
				break
			}
			text, n, printOnly, err := x.event(line, i, out.String())
			if err != nil {
				return res, err
			}
			out.WriteString(text)
			res.changed = true
			res.printOnly = res.printOnly || printOnly
			i += n - 1
			continue
		}
		out.WriteByte(c)
	}
	res.line = out.String()
	return res, nil
}

// event expands the history reference at line[start] (the ! character).
// It returns the text, the length of the reference and whether :p was
// given.
func (x *histExpander) event(line string, start int, before string) (string, int, bool, error) {
	i := start + 1
	var text string
	var ok bool
	bad := func(spec string) error { return &histError{spec + ": event not found"} }
	c := line[i]
	switch {
	case c == x.expChar:
		i++
		text, ok = x.hist.Last()
		if !ok {
			return "", 0, false, bad(line[start:i])
		}
	case c == '#':
		i++
		text = x.soFar + before
	case c >= '0' && c <= '9' || c == '-' && i+1 < len(line) && isDigit(line[i+1]):
		j := i
		if c == '-' {
			j++
		}
		for j < len(line) && isDigit(line[j]) {
			j++
		}
		n, _ := strconv.Atoi(line[i:j])
		if n < 0 {
			n = x.hist.Next() + n
		}
		text, ok = x.hist.Get(n)
		if !ok {
			return "", 0, false, bad(line[start:j])
		}
		i = j
	case c == '?':
		j := i + 1
		for j < len(line) && line[j] != '?' && line[j] != '\n' {
			j++
		}
		pat := line[i+1 : j]
		if j < len(line) && line[j] == '?' {
			j++
		}
		if pat == "" {
			pat = x.lastSearch
		}
		text, ok = x.search(pat, false)
		if !ok {
			return "", 0, false, bad(line[start:j])
		}
		x.lastSearch = pat
		x.lastMatchWord = ""
		for _, w := range histWords(text) {
			if strings.Contains(w, pat) {
				x.lastMatchWord = w
				break
			}
		}
		i = j
	case c == ':' || c == '$' || c == '^' || c == '*' || c == '%':
		// !$ !^ !* !:n act on the previous command.
		text, ok = x.hist.Last()
		if !ok {
			return "", 0, false, bad(line[start : i+1])
		}
	default:
		j := i
		for j < len(line) && !strings.ContainsRune(" \t\n:;&|<>()\"'`", rune(line[j])) {
			j++
		}
		if j == i {
			return string(x.expChar), 1, false, nil
		}
		text, ok = x.search(line[i:j], true)
		if !ok {
			return "", 0, false, bad(line[start:j])
		}
		i = j
	}
	// Word designator.
	words := histWords(text)
	wordSel := false
	if i < len(line) {
		d := line[i]
		if d == ':' && i+1 < len(line) && strings.IndexByte("0123456789^$*%-", line[i+1]) >= 0 {
			i++
			wordSel = true
		} else if strings.IndexByte("^$*%", d) >= 0 || (d == '-' && i+1 < len(line) && isDigit(line[i+1])) {
			wordSel = true
		}
		if wordSel {
			sel, n, err := x.selectWords(words, line[i:], line[start:])
			if err != nil {
				return "", 0, false, err
			}
			text = sel
			i += n
		}
	}
	text, i, printOnly, err := x.modifiers(text, line, i)
	if err != nil {
		return "", 0, false, err
	}
	return text, i - start, printOnly, nil
}

// modifiers applies the :h :t :r :e :p :q :x :s :g :& modifiers found at
// line[i] to text; it returns the text, the offset after them, and
// whether :p was given.
func (x *histExpander) modifiers(text, line string, i int) (string, int, bool, error) {
	printOnly := false
	for i+1 < len(line) && line[i] == ':' {
		m := line[i+1]
		switch m {
		case 'h':
			if k := strings.LastIndexByte(text, '/'); k > 0 {
				text = text[:k]
			} else if k == 0 {
				text = "/"
			}
		case 't':
			if k := strings.LastIndexByte(text, '/'); k >= 0 {
				text = text[k+1:]
			}
		case 'r':
			if ext := path.Ext(text); ext != "" && !strings.Contains(ext, "/") {
				text = strings.TrimSuffix(text, ext)
			}
		case 'e':
			ext := path.Ext(text)
			text = ext
		case 'p':
			printOnly = true
		case 'q':
			text = builtins.QuoteLiteral(text)
		case 'x':
			ws := strings.Fields(text)
			for k := range ws {
				ws[k] = builtins.QuoteLiteral(ws[k])
			}
			text = strings.Join(ws, " ")
		case 's', 'g', '&', 'G':
			global := false
			j := i + 1
			if m == 'g' || m == 'G' {
				global = true
				j++
				if j >= len(line) {
					return "", 0, false, &histError{line[i:j] + ": unrecognized history modifier"}
				}
			}
			var oldS, newS string
			switch line[j] {
			case '&':
				if !x.haveSubst {
					return "", 0, false, &histError{line[i:j+1] + ": no previous substitution"}
				}
				oldS, newS = x.lastOld, x.lastNew
				j++
			case 's':
				if j+1 >= len(line) {
					return "", 0, false, &histError{line[i:] + ": substitution failed"}
				}
				delim := line[j+1]
				k := j + 2
				oldS, k = scanDelimited(line, k, delim)
				newS, k = scanDelimited(line, k, delim)
				if oldS == "" {
					oldS = x.lastSearch
				}
				newS = strings.ReplaceAll(newS, "\\&", "\x00")
				newS = strings.ReplaceAll(newS, "&", oldS)
				newS = strings.ReplaceAll(newS, "\x00", "&")
				x.lastOld, x.lastNew, x.haveSubst = oldS, newS, true
				spec := line[i:k]
				if oldS == "" || !strings.Contains(text, oldS) {
					return "", 0, false, &histError{spec + ": substitution failed"}
				}
				j = k
			default:
				return "", 0, false, &histError{line[i:j+1] + ": unrecognized history modifier"}
			}
			if global {
				text = strings.ReplaceAll(text, oldS, newS)
			} else {
				text = strings.Replace(text, oldS, newS, 1)
			}
			i = j
			continue
		default:
			return "", 0, false, &histError{line[i:i+2] + ": unrecognized history modifier"}
		}
		i += 2
	}
	return text, i, printOnly, nil
}

// scanDelimited reads up to delim (or the end of the line); a backslash
// quotes the delimiter.
func scanDelimited(line string, i int, delim byte) (string, int) {
	var b strings.Builder
	for i < len(line) && line[i] != delim {
		if line[i] == '\\' && i+1 < len(line) && line[i+1] == delim {
			i++
		}
		b.WriteByte(line[i])
		i++
	}
	if i < len(line) {
		i++
	}
	return b.String(), i
}

// selectWords applies a word designator (spec starts at the designator)
// and returns the selected words and the designator's length.
func (x *histExpander) selectWords(words []string, spec, whole string) (string, int, error) {
	last := len(words) - 1
	num := func(s string) (int, int) {
		switch {
		case s == "":
			return -1, 0
		case s[0] == '^':
			return 1, 1
		case s[0] == '$':
			return last, 1
		case isDigit(s[0]):
			j := 0
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			n, _ := strconv.Atoi(s[:j])
			return n, j
		}
		return -1, 0
	}
	badSpec := func(n int) error {
		end := len(whole) - len(spec) + n
		return &histError{whole[:end] + ": bad word specifier"}
	}
	pick := func(from, to int) (string, error) {
		if from < 0 || to > last || from > to+1 {
			return "", fmt.Errorf("bad")
		}
		if from > to {
			return "", nil
		}
		return strings.Join(words[from:to+1], " "), nil
	}
	if spec[0] == '%' {
		return x.lastMatchWord, 1, nil
	}
	if spec[0] == '*' {
		s, _ := pick(1, last)
		return s, 1, nil
	}
	from, n := 0, 0
	if spec[0] != '-' {
		from, n = num(spec)
	}
	if n < len(spec) && spec[n] == '*' {
		s, err := pick(from, last)
		if err != nil {
			return "", 0, badSpec(n + 1)
		}
		return s, n + 1, nil
	}
	if n < len(spec) && spec[n] == '-' {
		to, m := num(spec[n+1:])
		if m == 0 {
			to = last - 1
		}
		s, err := pick(from, to)
		if err != nil {
			return "", 0, badSpec(n + 1 + m)
		}
		return s, n + 1 + m, nil
	}
	s, err := pick(from, from)
	if err != nil {
		return "", 0, badSpec(n)
	}
	return s, n, nil
}

// search finds the most recent entry that starts with (prefix) or
// contains text.
func (x *histExpander) search(text string, prefix bool) (string, bool) {
	if text == "" {
		return "", false
	}
	for n := x.hist.Next() - 1; n >= x.hist.First(); n-- {
		e, _ := x.hist.Get(n)
		if prefix && strings.HasPrefix(e, text) || !prefix && strings.Contains(e, text) {
			return e, true
		}
	}
	return "", false
}

// histWords splits a command into words as history expansion counts
// them: blanks separate, quotes group, and operators are words of their own.
func histWords(s string) []string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			flush()
		case c == '\\' && i+1 < len(s):
			cur.WriteByte(c)
			cur.WriteByte(s[i+1])
			i++
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' && c != '\'' {
					j++
				}
				j++
			}
			if j >= len(s) {
				j = len(s) - 1
			}
			cur.WriteString(s[i : j+1])
			i = j
		case strings.IndexByte(";&|<>()", c) >= 0:
			flush()
			j := i + 1
			for j < len(s) && j < i+2 && strings.IndexByte(";&|<>", s[j]) >= 0 && isOperator(s[i:j+1]) {
				j++
			}
			words = append(words, s[i:j])
			i = j - 1
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return words
}

func isOperator(s string) bool {
	switch s {
	case "&&", "||", ";;", ">>", "<<", ">&", "<&", "&>", "|&", ">|", "<>":
		return true
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
