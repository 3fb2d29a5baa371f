package arith

// parseNumber converts an integer constant token (digits plus any letters,
// '#', '@' and '_' that follow, as the lexer collects them) the way bash
// does: 0NN is octal, 0x hex, BASE#DIGITS any base from 2 to 64. Overflow
// wraps silently. On failure it returns bash's message.
func parseNumber(t string) (int64, string) {
	base := int64(10)
	foundBase := false
	i := 0
	if t[0] == '0' {
		if len(t) == 1 {
			return 0, ""
		}
		i = 1
		if t[1] == 'x' || t[1] == 'X' {
			base = 16
			i = 2
		} else {
			base = 8
		}
		foundBase = true
	}
	var val int64
	for ; i < len(t); i++ {
		c := t[i]
		if c == '#' {
			if foundBase {
				return 0, msgBadNumber
			}
			if val < 2 || val > 64 {
				return 0, msgBadBase
			}
			base, val, foundBase = val, 0, true
			if i == len(t)-1 {
				// "10#" has no digits at all.
				return 0, msgBadConst
			}
			continue
		}
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case c >= 'a' && c <= 'z':
			d = int64(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			// Upper case letters only mean 36..61 once lower case is taken.
			if base <= 36 {
				d = int64(c-'A') + 10
			} else {
				d = int64(c-'A') + 36
			}
		case c == '@':
			d = 62
		default: // '_'
			d = 63
		}
		if d >= base {
			return 0, msgTooGreat
		}
		val = val*base + d
	}
	return val, ""
}

// plainDecimal recognises the commonest values, a short decimal integer
// with an optional minus sign and surrounding blanks, without compiling.
// A leading 0 (octal) or more than 18 digits (possible overflow) is left to
// the full parser.
func plainDecimal(s string) (int64, bool) {
	i, j := 0, len(s)
	for i < j && isBlank(s[i]) {
		i++
	}
	for j > i && isBlank(s[j-1]) {
		j--
	}
	neg := false
	if i < j && s[i] == '-' {
		neg = true
		i++
	}
	n := j - i
	if n == 0 || n > 18 || (s[i] == '0' && n > 1) {
		return 0, false
	}
	var v int64
	for ; i < j; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// isBlank is bash's cr_whitespace: what the lexer skips between tokens.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }
