package parser

import (
	"regexp"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// SyntaxError is a parse error in bash's words. The shell prints it as
// "<prefix>line N: <Msg>" followed, when Source is set, by
// "<prefix>line N: '<Source>'", as bash does.
type SyntaxError struct {
	Line       int
	Msg        string
	Source     string
	HasSource  bool
	Incomplete bool // more input could have completed it (interactive PS2)
}

func (e *SyntaxError) Error() string { return e.Msg }

var (
	reQuote   = regexp.MustCompile("^reached EOF without closing quote `(.*)`$")
	reMatch   = regexp.MustCompile("^reached EOF without matching `(.*)` with `(.*)`$")
	reHeredoc = regexp.MustCompile("^unclosed here-document `(.*)`$")
)

// convert turns a syntax.ParseError into a *SyntaxError. text is the input
// seen so far and base the number of lines before it.
func convert(err error, text string) error {
	pe, ok := err.(syntax.ParseError)
	if !ok {
		return &SyntaxError{Line: 1, Msg: "syntax error: " + err.Error()}
	}
	line := int(pe.Pos.Line())
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	eofLine := len(lines) + 1
	if pe.Incomplete {
		se := &SyntaxError{Incomplete: true}
		switch {
		case reQuote.MatchString(pe.Text):
			q := reQuote.FindStringSubmatch(pe.Text)[1]
			se.Line, se.Msg = line, "unexpected EOF while looking for matching '"+q+"'"
		case reMatch.MatchString(pe.Text):
			m := reMatch.FindStringSubmatch(pe.Text)
			switch m[1] {
			case "$(", "`", "${", "((", "$((", "$[", "[[", "[":
				se.Line, se.Msg = line, "unexpected EOF while looking for matching '"+m[2]+"'"
				if m[1] == "$(" || m[1] == "`" {
					se.Line = eofLine
				}
			default:
				se.Line, se.Msg = eofLine, "syntax error: unexpected end of file"
			}
		case reHeredoc.MatchString(pe.Text):
			se.Line, se.Msg = eofLine, "syntax error: unexpected end of file"
		default:
			se.Line, se.Msg = eofLine, "syntax error: unexpected end of file"
		}
		return se
	}
	src := ""
	if line >= 1 && line <= len(lines) {
		src = lines[line-1]
	}
	col := int(pe.Pos.Col()) - 1
	tok := tokenAt(src, col)
	if strings.Contains(pe.Text, "must be followed by") {
		tok = tokenAt(src, skipToken(src, col))
	}
	if m := regexp.MustCompile("encountered `(.*)`$").FindStringSubmatch(pe.Text); m != nil {
		tok = m[1]
	}
	return &SyntaxError{
		Line:      line,
		Msg:       "syntax error near unexpected token '" + tok + "'",
		Source:    src,
		HasSource: true,
	}
}

var operators = []string{";;&", ";;", ";&", "&&", "||", "|&", ">>", "<<", "&>", "<&", ">&", "(", ")", ";", "&", "|", "<", ">"}

func isOpByte(c byte) bool { return strings.IndexByte(";&|()<>", c) >= 0 }

// tokenAt returns the shell token starting at or after byte col of line,
// or "newline" at the end of the line.
func tokenAt(line string, col int) string {
	if col < 0 {
		col = 0
	}
	for col < len(line) && (line[col] == ' ' || line[col] == '\t') {
		col++
	}
	if col >= len(line) || line[col] == '#' {
		return "newline"
	}
	rest := line[col:]
	for _, op := range operators {
		if strings.HasPrefix(rest, op) {
			return op
		}
	}
	end := 0
	for end < len(rest) && rest[end] != ' ' && rest[end] != '\t' && !isOpByte(rest[end]) {
		end++
	}
	return rest[:end]
}

// skipToken returns the column just after the token at col.
func skipToken(line string, col int) int {
	tok := tokenAt(line, col)
	if tok == "newline" {
		return len(line)
	}
	for col < len(line) && (line[col] == ' ' || line[col] == '\t') {
		col++
	}
	return col + len(tok)
}
