package interactive

import "strings"

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
	if len(lcp) <= len(r.typed()) {
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
	typed := r.typed()
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
	return out, len([]rune(r.raw[len(r.keep):]))
}

// typed is the text typed after keep as the candidates spell it:
// unquoted, except that $NAME and ~user words are compared as typed.
func (r *completion) typed() string {
	raw := r.raw[len(r.keep):]
	if t := unquoteWord(raw); !strings.HasPrefix(t, "$") && !strings.HasPrefix(t, "~") {
		return t
	}
	return raw
}
