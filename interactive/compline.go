package interactive

import (
	"strings"

	"gsh/shell/vars"
)

// compLine is what completion needs to know about the command line: the
// words of the simple command around the cursor and where the cursor is.
type compLine struct {
	words  []compWord // words of the command the cursor is in
	cur    int        // index in words of the word being completed
	cmd    int        // index in words of the command name before cur, or -1
	cmdPos bool       // the word is in command position
	// quote is the quote character open at the cursor (0 if none) and
	// quoteAt its offset in the line.
	quote   byte
	quoteAt int
}

type compWord struct {
	start, end int    // byte offsets in the line
	text       string // as typed
}

// commandKeywords are reserved words after which a command name comes.
var commandKeywords = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "do": true, "while": true,
	"until": true, "!": true, "{": true, "time": true,
}

// parseCompLine splits the command around pos into words (as typed) and
// finds the word that ends at pos; when the cursor is between words, an
// empty word is inserted there. It understands quotes, backslashes,
// redirections and the operators that start a new command; it is a
// sketch of the shell's grammar, enough to decide what to complete.
func parseCompLine(line string, pos int) compLine {
	cl := compLine{cur: -1, cmd: -1}
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
	// atCursor notes what is known when the scan reaches pos. The word
	// in progress, if any, is the current one and ends later.
	atCursor := func() {
		cl.cur = len(words)
		cl.quote, cl.quoteAt = quote, quoteAt
		for k, w := range words {
			if !commandKeywords[w.text] && !isAssignment(w.text) {
				cl.cmd = k
				break
			}
		}
		redirect := len(words) > 0 && isRedirOp(words[len(words)-1].text)
		cl.cmdPos = !redirect && cl.cmd < 0
		if start < 0 {
			words = append(words, compWord{pos, pos, ""})
		}
	}
	i := 0
scan:
	for ; i < len(line); i++ {
		if cl.cur < 0 && i >= pos {
			atCursor()
		}
		// Before the cursor, an operator does not run past it.
		lim := len(line)
		if cl.cur < 0 {
			lim = pos
		}
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
			// A new command starts: the cursor's command ends here.
			endWord(i)
			if cl.cur >= 0 {
				break scan
			}
			words = nil
		case '<', '>':
			endWord(i)
			j := i
			for j+1 < lim && strings.IndexByte("<>&|", line[j+1]) >= 0 {
				j++
			}
			words = append(words, compWord{i, j + 1, line[i : j+1]})
			i = j
		case '$':
			if i+1 < lim && line[i+1] == '(' && (i+2 >= len(line) || line[i+2] != '(') {
				// $( starts a command inside a word.
				endWord(i)
				if cl.cur >= 0 {
					break scan
				}
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
	if cl.cur < 0 {
		atCursor()
	}
	endWord(min(i, len(line)))
	cl.words = words
	return cl
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
	return vars.ValidName(name)
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
