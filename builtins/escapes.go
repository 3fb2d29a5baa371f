package builtins

import "strings"

// escMode selects one of bash's flavours of backslash escapes.
type escMode int

const (
	escEcho   escMode = iota // echo -e: \0nnn octal only, \c stops
	escFormat                // printf format: \nnn octal, \c literal, \' -> '
	escB                     // printf %b: both octal forms, \c stops
	escANSIC                 // $'...': as escFormat, \cX a control character, a NUL stops
)

// ANSIC decodes the backslash escapes of $'...' (and ${x@E}). Like bash,
// the string ends at a decoded NUL byte.
func ANSIC(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	b, _ := appendEscapes(make([]byte, 0, len(s)), s, escANSIC, nil)
	return string(b)
}

// escWarner reports printf's complaints about escapes: a \x or \u
// without digits.
type escWarner interface {
	escapeWarning(mode escMode, b []byte, msg string)
}

// appendEscapes appends s to b with its backslash escapes expanded. stop
// reports a \c (a NUL in escANSIC), after which nothing more must be
// output. In the printf modes a \x or \u without digits is reported to w
// (which may be nil in the other modes) and left as is.
func appendEscapes(b []byte, s string, mode escMode, w escWarner) (out []byte, stop bool) {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] != '\\' {
			j++
		}
		b = append(b, s[i:j]...)
		if j >= len(s) {
			break
		}
		if j+1 == len(s) { // a trailing backslash stays
			b = append(b, '\\')
			break
		}
		c := s[j+1]
		i = j + 2
		switch c {
		case 'a':
			b = append(b, '\a')
		case 'b':
			b = append(b, '\b')
		case 'e', 'E':
			b = append(b, 033)
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'v':
			b = append(b, '\v')
		case '\\':
			b = append(b, '\\')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			if mode == escEcho && c != '0' {
				b = append(b, '\\', c)
				break
			}
			v := int(c - '0')
			more := 2
			if c == '0' && (mode == escEcho || mode == escB) {
				more = 3
			}
			for ; more > 0 && i < len(s) && s[i] >= '0' && s[i] <= '7'; more-- {
				v = v*8 + int(s[i]-'0')
				i++
			}
			if byte(v) == 0 && mode == escANSIC {
				return b, true
			}
			b = append(b, byte(v))
		case 'x':
			v, n := hexPrefix(s[i:], 2)
			if n == 0 {
				if mode == escFormat || mode == escB {
					w.escapeWarning(mode, b, `printf: missing hex digit for \x`)
				}
				b = append(b, '\\', 'x')
				break
			}
			i += n
			if v == 0 && mode == escANSIC {
				return b, true
			}
			b = append(b, byte(v))
		case 'u', 'U':
			max := 4
			if c == 'U' {
				max = 8
			}
			v, n := hexPrefix(s[i:], max)
			if n == 0 {
				if mode == escFormat || mode == escB {
					w.escapeWarning(mode, b, `printf: missing unicode digit for \`+string(c))
				}
				b = append(b, '\\', c)
				break
			}
			i += n
			if v == 0 && mode == escANSIC {
				return b, true
			}
			b = AppendCodePoint(b, v)
		case '\'', '"', '?':
			if mode == escEcho || mode == escB {
				b = append(b, '\\')
			}
			b = append(b, c)
		case 'c':
			if mode == escANSIC && i < len(s) {
				// \cX is control-X (\c? is DEL); \c\\ takes both backslashes.
				x := s[i]
				i++
				if x == '\\' && i < len(s) && s[i] == '\\' {
					i++
				}
				if x == '?' {
					x = 0x7f
				} else if x &= 0x1f; x == 0 {
					return b, true
				}
				b = append(b, x)
				break
			}
			if mode == escEcho || mode == escB {
				return b, true
			}
			b = append(b, '\\', c)
		default:
			b = append(b, '\\', c)
		}
	}
	return b, false
}

// hexPrefix reads up to max hex digits at the start of s.
func hexPrefix(s string, max int) (v uint32, n int) {
	for n < max && n < len(s) {
		d := hexDigitVal(s[n])
		if d < 0 {
			break
		}
		v = v*16 + uint32(d)
		n++
	}
	return v, n
}

func hexDigitVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
