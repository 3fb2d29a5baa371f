package interactive

import "strings"

// compLine is what completion needs to know about the command line: the
// words of the simple command around the cursor and where the cursor is.
type compLine struct {
	words  []compWord // words of the command the cursor is in
	cur    int        // index in words of the word being completed
	cmdPos bool       // the word is in command position
	// quote is the quote character open at the cursor (0 if none) and
	// quoteAt its offset in the line.
	quote   byte
	quoteAt int
	// redirect: the word follows a redirection operator (a file name).
	redirect bool
}

type compWord struct {
	start, end int    // byte offsets in the line
	text       string // as typed
}

// commandKeywords are reserved words after which a command name comes.
var commandKeywords = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "do": true, "while": true,
	"until": true, "!": true, "{": true, "time": true, "exec": false,
}

// parseCompLine splits line into words (as typed) and finds the word that
// ends at pos. It understands quotes, backslashes and the operators that
// start a new command; it is a sketch of the shell's grammar, enough to
// decide what to complete.
func parseCompLine(line string, pos int) compLine {
	var cl compLine
	var words []compWord // words of the current command so far
	start := -1          // start of the word being read
	var quote byte
	quoteAt := 0
	endWord := func(end int) {
		if start >= 0 {
			words = append(words, compWord{start, end, line[start:end]})
			start = -1
		}
	}
	for i := 0; i < pos && i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			}
			continue
		case quote == '"':
			if c == '\\' {
				i++
			} else if c == '"' {
				quote = 0
			}
			continue
		}
		switch c {
		case '\\':
			if start < 0 {
				start = i
			}
			i++
		case '\'', '"':
			if start < 0 {
				start = i
			}
			quote, quoteAt = c, i
		case ' ', '\t', '\n':
			endWord(i)
		case ';', '&', '|', '(', ')', '`':
			// A new command starts.
			endWord(i)
			words = nil
		case '<', '>':
			endWord(i)
			j := i
			for j+1 < pos && j+1 < len(line) && strings.IndexByte("<>&|", line[j+1]) >= 0 {
				j++
			}
			words = append(words, compWord{i, j + 1, line[i : j+1]})
			i = j
		case '$':
			if i+1 < pos && line[i+1] == '(' && (i+2 >= len(line) || line[i+2] != '(') {
				// $( starts a command inside a word.
				endWord(i)
				words = nil
				i++
				continue
			}
			if start < 0 {
				start = i
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	cl.redirect = len(words) > 0 && isRedirOp(words[len(words)-1].text)
	cl.cmdPos = !cl.redirect
	for _, w := range words {
		if !commandKeywords[w.text] && !isAssignment(w.text) {
			cl.cmdPos = false
		}
	}
	inWord := start >= 0
	if !inWord {
		start = pos
	}
	words = append(words, compWord{start, pos, line[start:pos]})
	cl.cur = len(words) - 1
	cl.quote, cl.quoteAt = quote, quoteAt
	// The words after the cursor belong to the command too (COMP_WORDS).
	rest := parseRestWords(line, pos)
	if len(rest) > 0 && rest[0].start == pos && inWord {
		// The cursor is inside a word: it continues after pos.
		w := &words[cl.cur]
		w.end = rest[0].end
		w.text = line[w.start:w.end]
		rest = rest[1:]
	}
	cl.words = append(words, rest...)
	return cl
}

// parseRestWords returns the words from pos up to the end of the command.
func parseRestWords(line string, pos int) []compWord {
	var out []compWord
	start := -1
	var quote byte
	for i := pos; i < len(line); i++ {
		c := line[i]
		if quote != 0 {
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' {
				i++
			}
			continue
		}
		switch c {
		case '\\':
			if start < 0 {
				start = i
			}
			i++
		case '\'', '"':
			if start < 0 {
				start = i
			}
			quote = c
		case ' ', '\t', '\n':
			if start >= 0 {
				out = append(out, compWord{start, i, line[start:i]})
				start = -1
			}
		case ';', '&', '|', '(', ')', '`':
			if start >= 0 {
				out = append(out, compWord{start, i, line[start:i]})
			}
			return out
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		out = append(out, compWord{start, len(line), line[start:]})
	}
	return out
}

func isRedirOp(s string) bool {
	return s != "" && strings.Trim(s, "<>&|") == "" && (s[0] == '<' || s[0] == '>')
}

// isAssignment reports whether a word is NAME=value.
func isAssignment(w string) bool {
	eq := strings.IndexByte(w, '=')
	if eq <= 0 {
		return false
	}
	name := strings.TrimSuffix(w[:eq], "+")
	if k := strings.IndexByte(name, '['); k > 0 && strings.HasSuffix(name, "]") {
		name = name[:k]
	}
	return isName(name)
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// unquoteWord removes quotes and backslashes from a word as typed (an
// unfinished quote is fine); $ and ~ are kept.
func unquoteWord(s string) string {
	var b strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				b.WriteByte(c)
			}
		case quote == '"':
			if c == '"' {
				quote = 0
			} else if c == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
				i++
				b.WriteByte(s[i])
			} else {
				b.WriteByte(c)
			}
		case c == '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case c == '\'' || c == '"':
			quote = c
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
