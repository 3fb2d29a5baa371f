package builtins

import (
	"math"
	"strconv"
)

// Numeric arguments are read as C's strtoimax/strtoumax (base 0: 0x hex,
// leading 0 octal) would. Bad ones are reported but their converted prefix
// is still printed, and printf's status becomes 1; out-of-range ones are
// clamped with a warning, which does not change the status.

func isCSpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

// parseCInt converts the longest number at the start of s. end is 0 when
// there is none; over reports a magnitude past 2^64-1.
func parseCInt(s string) (neg bool, mag uint64, over bool, end int) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	base := uint64(10)
	switch {
	case i+2 < len(s) && s[i] == '0' && s[i+1]|0x20 == 'x' && hexDigitVal(s[i+2]) >= 0:
		base = 16
		i += 2
	case i < len(s) && s[i] == '0':
		base = 8
	}
	digits := i
	for ; i < len(s); i++ {
		v := hexDigitVal(s[i])
		if v < 0 || uint64(v) >= base {
			break
		}
		d := uint64(v)
		if mag > (math.MaxUint64-d)/base {
			over = true
		}
		mag = mag*base + d
	}
	if i == digits {
		return false, 0, false, 0
	}
	return neg, mag, over, i
}

// numArg takes the next argument for a numeric conversion. quoted is true
// for 'c and "c forms, whose value is code.
func (p *printer) numArg() (s string, code int64, quoted, ok bool) {
	if p.next >= len(p.args) {
		return "", 0, false, false
	}
	s = p.strArg()
	if s != "" && (s[0] == '\'' || s[0] == '"') {
		if len(s) > 1 {
			r, _, _ := decodeChar(s[1:])
			code = int64(r)
		}
		return s, code, true, true
	}
	return s, 0, false, true
}

// checkNum reports a conversion that stopped before the end of s, or one
// that overflowed.
func (p *printer) checkNum(s string, end int, over bool) {
	switch {
	case end < len(s):
		p.errorf(p.buf, "printf: %s: %s", s, invalidNumberText(s))
		p.status = 1
	case over:
		p.errorf(p.buf, "printf: warning: %s: Numerical result out of range", s)
	}
}

// invalidNumberText words bash's sh_invalidnum message for s.
func invalidNumberText(s string) string {
	if len(s) > 1 && s[0] == '0' {
		if s[1] >= '0' && s[1] <= '9' {
			return "invalid octal number"
		} else if s[1] == 'x' {
			return "invalid hex number"
		}
	}
	return "invalid number"
}

// intArg is bash's getintmax.
func (p *printer) intArg() int64 {
	s, code, quoted, ok := p.numArg()
	if !ok || quoted {
		return code
	}
	neg, mag, over, end := parseCInt(s)
	var v int64
	switch {
	case neg && (over || mag > 1<<63):
		over, v = true, math.MinInt64
	case neg:
		v = -int64(mag)
	case over || mag > math.MaxInt64:
		over, v = true, math.MaxInt64
	default:
		v = int64(mag)
	}
	p.checkNum(s, end, over)
	return v
}

// uintArg is bash's getuintmax: negative numbers wrap around.
func (p *printer) uintArg() uint64 {
	s, code, quoted, ok := p.numArg()
	if !ok || quoted {
		return uint64(code)
	}
	neg, mag, over, end := parseCInt(s)
	switch {
	case over:
		mag = math.MaxUint64
	case neg:
		mag = -mag
	}
	p.checkNum(s, end, over)
	return mag
}

// intArgInt reads a * width or precision. Out of int range, bash warns
// about the argument after it (a quirk kept here) and the value is unusable.
func (p *printer) intArgInt() int {
	v := p.intArg()
	if v > math.MaxInt32 || v < math.MinInt32 {
		if p.next < len(p.args) {
			p.errorf(p.buf, "printf: warning: %s: Numerical result out of range", p.args[p.next])
		}
		return 0
	}
	return int(v)
}

// putInt formats an integer conversion (d i o u x X) as C's printf does.
func (p *printer) putInt(sp *spec, neg bool, mag uint64) {
	if sp.overflow {
		return
	}
	var num [24]byte
	var digits []byte
	switch sp.conv {
	case 'o':
		digits = strconv.AppendUint(num[:0], mag, 8)
	case 'x', 'X':
		digits = strconv.AppendUint(num[:0], mag, 16)
		if sp.conv == 'X' {
			for k, c := range digits {
				if c >= 'a' {
					digits[k] = c - 'a' + 'A'
				}
			}
		}
	default:
		digits = strconv.AppendUint(num[:0], mag, 10)
	}
	if sp.prec == 0 && mag == 0 {
		digits = digits[:0]
	}
	zeros := 0
	if sp.prec > len(digits) {
		zeros = sp.prec - len(digits)
	}
	if sp.conv == 'o' && sp.alt && zeros == 0 && (len(digits) == 0 || digits[0] != '0') {
		zeros = 1
	}
	var prefix string
	switch {
	case sp.conv == 'd' || sp.conv == 'i':
		switch {
		case neg:
			prefix = "-"
		case sp.plus:
			prefix = "+"
		case sp.space:
			prefix = " "
		}
	case sp.alt && mag != 0 && sp.conv == 'x':
		prefix = "0x"
	case sp.alt && mag != 0 && sp.conv == 'X':
		prefix = "0X"
	}
	p.buf = appendNumber(p.buf, sp, prefix, zeros, digits, sp.prec < 0)
}

// appendNumber lays out sign/prefix, leading zeros and digits in the field
// width; zeroPad allows the 0 flag (C ignores it when a precision is given).
func appendNumber(b []byte, sp *spec, prefix string, zeros int, digits []byte, zeroPad bool) []byte {
	pad := sp.width - len(prefix) - zeros - len(digits)
	if pad > 0 && !sp.minus {
		if sp.zero && zeroPad {
			zeros += pad
		} else {
			b = appendByteN(b, ' ', pad)
		}
	}
	b = append(b, prefix...)
	b = appendByteN(b, '0', zeros)
	b = append(b, digits...)
	if pad > 0 && sp.minus {
		b = appendByteN(b, ' ', pad)
	}
	return b
}
