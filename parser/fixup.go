package parser

import (
	"encoding/hex"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Bash checks some constructs only when it runs them, where the library
// rejects them while parsing: arithmetic text ($(( 1 + )), (( 3 @ 4 ))),
// arguments of let and declare-like commands (`let x = 1`, `export 1x=2`),
// subscripts (${a[@@]}) and malformed ${...}. After a parse error inside
// one of those, the source is rewritten so that it parses and the error
// is reported at run time, as bash does:
//   - arithmetic text becomes a double-quoted word (bash removes the
//     quotes of arithmetic text anyway);
//   - `let` and declaration commands become plain commands (\let);
//   - a bad subscript is quoted; a bad ${...} becomes ${GSHBADSUBST_<hex>},
//     which the shell reports as "bad substitution".

// BadSubstPrefix marks a ${...} that failed to parse.
const BadSubstPrefix = "GSHBADSUBST_"

// DecodeBadSubst returns the original text of a bad-substitution marker.
func DecodeBadSubst(name string) (string, bool) {
	h, ok := strings.CutPrefix(name, BadSubstPrefix)
	if !ok {
		return "", false
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return "", false
	}
	return string(b), true
}

type region struct {
	kind       byte // 'a' $(( )), 'c' (( )), 'p' ${ }, 'i' [ ] inside ${ }
	start, end int  // byte offsets in the line; end is exclusive (len if open)
	inner      int  // offset where the contents start
	closed     bool // the closing token is on this line
}

// fixup rewrites the line group src after err; ok is false if nothing
// applies.
func fixup(src string, err syntax.ParseError) (string, bool) {
	lines := strings.SplitAfter(src, "\n")
	ln := int(err.Pos.Line()) - 1
	if ln < 0 || ln >= len(lines) {
		return src, false
	}
	line := lines[ln]
	col := int(err.Pos.Col()) - 1
	regs := scanRegions(line)
	var best *region
	for i := range regs {
		r := &regs[i]
		if col >= r.start && col <= r.end && (best == nil || r.start >= best.start) {
			best = r
		}
	}
	if best != nil && !best.closed {
		return src, false // an unclosed construct is a real syntax error
	}
	fixed := ""
	switch {
	case best != nil && (best.kind == 'a' || best.kind == 'c'):
		close := best.end
		if close > len(line) {
			close = len(line)
		}
		inner := line[best.inner:close]
		if strings.HasPrefix(strings.TrimSpace(inner), "\"") && strings.HasSuffix(strings.TrimSpace(inner), "\"") {
			return src, false // already fixed
		}
		fixed = line[:best.inner] + dquote(inner) + line[close:]
	case best != nil && best.kind == 'i':
		inner := line[best.inner:best.end]
		if strings.HasPrefix(inner, "\"") {
			return src, false
		}
		fixed = line[:best.inner] + dquote(inner) + line[best.end:]
	case best != nil && best.kind == 'p':
		if fixed = toggleCase(line, best); fixed != "" {
			break
		}
		// bash quotes the rest of the word (or of the quoted string).
		end := best.end + 1
		if end > len(line) {
			end = len(line)
		}
		inDq := strings.Count(line[:best.start], "\"")%2 == 1
		for end < len(line) {
			c := line[end]
			if inDq && c == '"' || !inDq && strings.IndexByte(" \t\n;&|)<>", c) >= 0 {
				break
			}
			end++
		}
		orig := line[best.start:end]
		if strings.Contains(orig, BadSubstPrefix) {
			return src, false
		}
		fixed = line[:best.start] + "${" + BadSubstPrefix + hex.EncodeToString([]byte(orig)) + "}" + line[end:]
	case strings.Contains(line, "time ! ") || strings.Contains(line, "time -p ! "):
		// time ! cmd: the library wants the ! first; ! time cmd is the same.
		fixed = strings.Replace(strings.Replace(line, "time -p ! ", "! time -p ", 1), "time ! ", "! time ", 1)
	default:
		s, ok := unkeyword(line, col)
		if !ok {
			return src, false
		}
		fixed = s
	}
	lines[ln] = fixed
	return strings.Join(lines, ""), true
}

// ToggleMarker prefixes the pattern of ${x^^...} that stands for bash's
// case-toggling ${x~pat} and ${x~~pat}, which the library does not parse.
const ToggleMarker = "GSHTOGGLE_"

// DecodeToggle returns the real pattern of a toggle marker.
func DecodeToggle(pat string) (string, bool) {
	h, ok := strings.CutPrefix(pat, ToggleMarker)
	if !ok {
		return "", false
	}
	b, err := hex.DecodeString(h)
	return string(b), err == nil
}

// toggleCase rewrites ${x~pat} as ${x^MARKER} and ${x~~pat} as
// ${x^^MARKER}, or returns "" if the (closed) region is not such a form.
func toggleCase(line string, r *region) string {
	inner := line[r.inner:r.end]
	i := strings.IndexByte(inner, '~')
	if i <= 0 {
		return ""
	}
	name := inner[:i]
	if j := strings.IndexByte(name, '['); j > 0 && strings.HasSuffix(name, "]") {
		name = name[:j]
	}
	if !isParamName(name) {
		return ""
	}
	op, pat := "^", inner[i+1:]
	if strings.HasPrefix(pat, "~") {
		op, pat = "^^", pat[1:]
	}
	return line[:r.start] + "${" + inner[:i] + op + ToggleMarker + hex.EncodeToString([]byte(pat)) + "}" + line[r.end+1:]
}

func isParamName(s string) bool {
	if s == "@" || s == "*" {
		return true
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return s != ""
}

// dquote wraps text in double quotes, escaping what is special there
// except $ and ` (their expansions must still happen).
func dquote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' && i+1 < len(s) && s[i+1] == '"' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

var declWords = []string{"let", "declare", "typeset", "local", "export", "readonly"}

// unkeyword turns the let or declaration command that contains col into
// a plain command by quoting its first letter.
func unkeyword(line string, col int) (string, bool) {
	best := -1
	for _, w := range declWords {
		for i := 0; i+len(w) <= len(line) && i <= col; i++ {
			if line[i:i+len(w)] != w {
				continue
			}
			if i+len(w) < len(line) && !isBlankOrEnd(line[i+len(w)]) {
				continue
			}
			if i > 0 && !strings.ContainsRune(" \t;&|({", rune(line[i-1])) {
				continue
			}
			if i > best {
				best = i
			}
		}
	}
	if best < 0 {
		return line, false
	}
	return line[:best] + "\\" + line[best:], true
}

func isBlankOrEnd(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == ';' }

// scanRegions finds arithmetic, ${...} and subscript regions of a line,
// following quotes well enough for error recovery.
func scanRegions(line string) []region {
	var regs []region
	type open struct {
		idx   int    // index in regs, -1 for plain parens/braces
		close string // what closes it
	}
	var stack []open
	sq, dq := false, false
	cmdStart := true
	for i := 0; i < len(line); i++ {
		c := line[i]
		if sq {
			if c == '\'' {
				sq = false
			}
			continue
		}
		if c == '\\' {
			i++
			continue
		}
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			if strings.HasPrefix(line[i:], top.close) {
				if top.idx >= 0 {
					regs[top.idx].end = i
					regs[top.idx].closed = true
				}
				stack = stack[:len(stack)-1]
				i += len(top.close) - 1
				continue
			}
		}
		switch {
		case c == '\'' && !dq:
			sq = true
		case c == '"':
			dq = !dq
		case strings.HasPrefix(line[i:], "$(("):
			regs = append(regs, region{kind: 'a', start: i, inner: i + 3, end: len(line)})
			stack = append(stack, open{len(regs) - 1, "))"})
			i += 2
		case strings.HasPrefix(line[i:], "((") && cmdStart && !dq:
			regs = append(regs, region{kind: 'c', start: i, inner: i + 2, end: len(line)})
			stack = append(stack, open{len(regs) - 1, "))"})
			i++
		case strings.HasPrefix(line[i:], "${"):
			regs = append(regs, region{kind: 'p', start: i, inner: i + 2, end: len(line)})
			stack = append(stack, open{len(regs) - 1, "}"})
			i++
		case c == '[' && len(stack) > 0 && stack[len(stack)-1].idx >= 0 && regs[stack[len(stack)-1].idx].kind == 'p',
			c == '[' && !dq && isSubscriptStart(line, i):
			regs = append(regs, region{kind: 'i', start: i, inner: i + 1, end: len(line)})
			stack = append(stack, open{len(regs) - 1, "]"})
		case strings.HasPrefix(line[i:], "$(") || c == '(':
			stack = append(stack, open{-1, ")"})
			if c == '$' {
				i++
			}
		}
		if !dq {
			switch c {
			case ' ', '\t':
			case ';', '&', '|', '(', '{':
				cmdStart = true
			default:
				cmdStart = false
			}
		}
	}
	return regs
}

// isSubscriptStart reports whether the [ at i opens the subscript of an
// assignment: name[...]= or an element [...]= of a compound assignment.
func isSubscriptStart(line string, i int) bool {
	close := strings.IndexByte(line[i:], ']')
	if close < 0 {
		return false
	}
	rest := line[i+close+1:]
	if !strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "+=") {
		return false
	}
	j := i
	for j > 0 && (isNameByte(line[j-1])) {
		j--
	}
	if j == i { // [k]=v inside ( ... )
		return i > 0 && (line[i-1] == '(' || line[i-1] == ' ' || line[i-1] == '\t')
	}
	return j == 0 || strings.IndexByte(" \t;&|(", line[j-1]) >= 0
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
