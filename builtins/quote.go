package builtins

import "strings"

// Quoting in the styles bash uses for its output. Every style switches to
// $'...' when the string holds a character that is not printable in the
// current locale (see SetUTF8), so that the result is reusable as input.

// QuoteQ quotes s as printf %q does: backslashes before special
// characters, a pair of quotes for the empty string, $'...' for unprintable characters.
func QuoteQ(s string) string { return string(appendQ(nil, s)) }

// appendQ appends s quoted as QuoteQ does.
func appendQ(b []byte, s string) []byte {
	switch {
	case s == "":
		return append(b, '\'', '\'')
	case needsANSIC(s):
		return appendANSIC(b, s)
	}
	return appendBackslashQuoted(b, s)
}

// QuoteSingle quotes s as ${s@Q} does: single quotes, with an embedded
// quote written as quote, backslash, quote, quote (a lone quote is \'),
// or $'...' for unprintable characters.
func QuoteSingle(s string) string {
	if s == "" {
		return "''"
	}
	if needsANSIC(s) {
		return string(appendANSIC(nil, s))
	}
	return QuoteLiteral(s)
}

// QuoteLiteral always single-quotes s, leaving every other byte as is
// (newlines included). alias and trap -p print their values this way.
func QuoteLiteral(s string) string {
	if s == "'" {
		return `\'`
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for {
		i := strings.IndexByte(s, '\'')
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(`'\''`)
		s = s[i+1:]
	}
	b.WriteString(s)
	b.WriteByte('\'')
	return b.String()
}

// QuoteDouble quotes s as declare -p prints values: "..." with \ before
// " $ ` and \, or $'...' for unprintable characters.
func QuoteDouble(s string) string {
	if needsANSIC(s) {
		return string(appendANSIC(nil, s))
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '$', '`', '\\':
			b = append(b, '\\', c)
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"'))
}

// QuoteWord quotes s as the `set` listing prints values: unchanged when it
// holds nothing special to the shell (so "" stays empty), '...' when it
// does, $'...' for unprintable characters.
func QuoteWord(s string) string {
	if needsANSIC(s) {
		return string(appendANSIC(nil, s))
	}
	if hasShellMetas(s) {
		return QuoteLiteral(s)
	}
	return s
}

// needsANSIC reports whether s holds a character that is not printable.
func needsANSIC(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n, ok := decodeChar(s[i:])
		if !ok || !printableRune(r) {
			return true
		}
		i += n
	}
	return false
}

// appendANSIC appends s in $'...' form. Unprintable bytes (including each
// byte of an invalid sequence) become three-digit octal escapes.
func appendANSIC(b []byte, s string) []byte {
	b = append(b, '$', '\'')
	for i := 0; i < len(s); {
		c := s[i]
		var e byte
		switch c {
		case 033:
			e = 'E'
		case '\a':
			e = 'a'
		case '\v':
			e = 'v'
		case '\b':
			e = 'b'
		case '\f':
			e = 'f'
		case '\n':
			e = 'n'
		case '\r':
			e = 'r'
		case '\t':
			e = 't'
		case '\\', '\'':
			e = c
		}
		if e != 0 {
			b = append(b, '\\', e)
			i++
			continue
		}
		r, n, ok := decodeChar(s[i:])
		if !ok || !printableRune(r) {
			b = append(b, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
			i++
			continue
		}
		b = append(b, s[i:i+n]...)
		i += n
	}
	return append(b, '\'')
}

// backslashSpecial marks the ASCII bytes printf %q escapes anywhere in a word.
var backslashSpecial = [128]bool{
	' ': true, '!': true, '"': true, '$': true, '&': true, '\'': true,
	'(': true, ')': true, '*': true, ',': true, ';': true, '<': true,
	'>': true, '?': true, '[': true, '\\': true, ']': true, '^': true,
	'`': true, '{': true, '|': true, '}': true, '\t': true, '\n': true,
}

// appendBackslashQuoted appends s with backslashes before special bytes;
// # is special only at the start and ~ where tilde expansion could apply.
func appendBackslashQuoted(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x80 && backslashSpecial[c],
			c == '#' && i == 0,
			c == '~' && (i == 0 || s[i-1] == ':' || s[i-1] == '='):
			b = append(b, '\\')
		}
		b = append(b, c)
	}
	return b
}

// hasShellMetas reports whether s needs quoting in the `set` listing.
func hasShellMetas(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\'', '"', '\\', '|', '&', ';', '(', ')', '<', '>',
			'!', '{', '}', '*', '[', '?', ']', '^', '$', '`':
			return true
		case '~':
			if i == 0 || s[i-1] == '=' || s[i-1] == ':' {
				return true
			}
		case '#':
			if i == 0 {
				return true
			}
		}
	}
	return false
}

// QuoteKey quotes an associative array key as declare -p and ${m[@]@K}
// print it: unchanged when it holds nothing special to the shell, "..."
// (QuoteDouble) when it does, $'...' for unprintable characters.
func QuoteKey(s string) string {
	if !needsANSIC(s) && !hasShellMetas(s) {
		return s
	}
	return QuoteDouble(s)
}

// QuoteTrace quotes a word for set -x output. Unlike the other styles,
// shell metacharacters take precedence: a word with a newline is printed
// single-quoted with the newline as is, and only words with unprintable
// characters but no metacharacters get $'...'. The empty word is a pair
// of single quotes.
func QuoteTrace(s string) string {
	switch {
	case s == "":
		return "''"
	case hasShellMetas(s):
		return QuoteLiteral(s)
	case needsANSIC(s):
		return string(appendANSIC(nil, s))
	}
	return s
}
