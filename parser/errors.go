package parser

import (
	"regexp"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// SyntaxError is a parse error in bash's words. The shell prints it as
// "<prefix>line N: <Msg>" followed, when Source is set, by
// "<prefix>line N: '<Source>'", as bash does.
type SyntaxError struct {
	Line      int
	Msg       string
	Source    string
	HasSource bool
}

func (e *SyntaxError) Error() string { return e.Msg }

// The patterns are compiled on first use: most runs never see a syntax
// error, and start-up time matters (gsh -c true).
var errRegexps = sync.OnceValue(func() [4]*regexp.Regexp {
	return [4]*regexp.Regexp{
		regexp.MustCompile("^reached EOF without closing quote `(.*)`$"),
		regexp.MustCompile("^reached EOF without matching `(.*)` with `(.*)`$"),
		regexp.MustCompile("^unclosed here-document `(.*)`$"),
		// a binary operator of [[ ]] followed directly by the closing ]]
		regexp.MustCompile(`\[\[.*\s(==|!=|=~|=|<|>|-eq|-ne|-lt|-le|-gt|-ge|-nt|-ot|-ef)\s+\]\]`),
	}
})

func reQuote() *regexp.Regexp          { return errRegexps()[0] }
func reMatch() *regexp.Regexp          { return errRegexps()[1] }
func reHeredoc() *regexp.Regexp        { return errRegexps()[2] }
func reMissingOperand() *regexp.Regexp { return errRegexps()[3] }

// convert turns a syntax.ParseError into a *SyntaxError. text is the
// input seen so far, as written, and fixed the same after error recovery
// rewrote it: the error's position refers to fixed, while the source line
// quoted is the one written.
func convert(err error, text, fixed string) error {
	pe, ok := err.(syntax.ParseError)
	if !ok {
		return &SyntaxError{Line: 1, Msg: "syntax error: " + err.Error()}
	}
	line := int(pe.Pos.Line())
	lines := strings.Split(strings.TrimSuffix(fixed, "\n"), "\n")
	written := lines
	if text != fixed {
		written = strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	}
	eofLine := len(written) + 1
	src := ""
	if line >= 1 && line <= len(lines) {
		src = lines[line-1]
	}
	col := int(pe.Pos.Col()) - 1
	if pe.Text == "`((` must be followed by an expression" && strings.TrimSpace(src[min(col+2, len(src)):]) == "" {
		return &SyntaxError{Line: line, Msg: "unexpected EOF while looking for matching ')'"}
	}
	if m := reMissingOperand().FindStringSubmatch(src); m != nil && (strings.HasPrefix(pe.Text, "not a valid test operator") ||
		strings.Contains(pe.Text, "without matching `[[`")) {
		// [[ a == ]]: the operand is missing, not the closing ]].
		return &SyntaxError{Line: line, Msg: "unexpected argument ']]' to conditional binary operator"}
	}
	if pe.Incomplete {
		se := &SyntaxError{Line: eofLine, Msg: "syntax error: unexpected end of file"}
		if q := reQuote().FindStringSubmatch(pe.Text); q != nil {
			se.Line, se.Msg = line, "unexpected EOF while looking for matching '"+q[1]+"'"
		} else if m := reMatch().FindStringSubmatch(pe.Text); m != nil {
			switch m[1] {
			case "$(", "`":
				se.Msg = "unexpected EOF while looking for matching '" + m[2] + "'"
			case "${", "((", "$((", "$[", "[[", "[":
				se.Line, se.Msg = line, "unexpected EOF while looking for matching '"+m[2]+"'"
			}
		}
		return se
	}
	tok := tokenAt(src, col)
	switch {
	case strings.Contains(pe.Text, "must be followed by `do`"):
		tok = tokenAt(src, afterLoopHeader(src, col))
	case strings.HasPrefix(pe.Text, "`foo(` must be followed by"):
		if i := strings.IndexByte(src[col:], '('); i >= 0 {
			tok = tokenAt(src, col+i+1)
		}
	case strings.Contains(pe.Text, "must be followed by"):
		tok = tokenAt(src, skipToken(src, col))
	}
	if m := reEncountered().FindStringSubmatch(pe.Text); m != nil {
		tok = m[1]
	}
	if src = ""; line >= 1 && line <= len(written) {
		src = written[line-1]
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

// afterLoopHeader returns the column after the header of a for/select
// loop that lacks its `do`: after "(( ... ))" or after the first ; or &.
func afterLoopHeader(line string, col int) int {
	rest := line[col:]
	if i := strings.Index(rest, "(("); i >= 0 {
		if j := strings.Index(rest[i:], "))"); j >= 0 {
			return col + i + j + 2
		}
	}
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case '\'', '"':
			if j := strings.IndexByte(rest[i+1:], rest[i]); j >= 0 {
				i += j + 1
			}
		case ';', '&', '\n':
			return col + i + 1
		}
	}
	return len(line)
}

var reEncountered = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("encountered `(.*)`$") })
