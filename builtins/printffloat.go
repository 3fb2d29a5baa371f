package builtins

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
	"sync"
)

// bash formats floating-point conversions with C's long double, which on
// x86-64 is the 80-bit extended format: a 64-bit significand and an
// exponent down to 2^-16445 (subnormal). Rounding every argument to that
// format rather than to float64 makes printf '%.1f' 0.15 print 0.2 as
// bash does, and %a print bash's digits (0x8p-3 for 1).

// ldouble is an x86 extended-precision value: mant * 2^exp when finite.
type ldouble struct {
	neg, inf, nan bool
	mant          uint64 // top bit set unless zero or subnormal
	exp           int
}

const (
	ldMinExp = -16445 // exponent of the smallest subnormal's unit
	ldMaxExp = 16384  // values reach 2^16384 at most (exclusive)
)

// floatArg is bash's getfloatmax (strtold).
func (p *printer) floatArg() ldouble {
	s, code, quoted, ok := p.numArg()
	if !ok {
		return ldouble{}
	}
	if quoted {
		return ldFromUint(uint64(code), false)
	}
	v, over, end := parseLDouble(s)
	p.checkNum(s, end, over)
	return v
}

func ldFromUint(m uint64, neg bool) ldouble {
	if m == 0 {
		return ldouble{neg: neg}
	}
	z := bits.LeadingZeros64(m)
	return ldouble{neg: neg, mant: m << z, exp: -z}
}

// parseLDouble converts the longest prefix of s that strtold accepts.
// end is 0 when nothing could be converted; erange reports overflow or
// underflow.
func parseLDouble(s string) (v ldouble, erange bool, end int) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		v.neg = s[i] == '-'
		i++
	}
	rest := strings.ToLower(s[i:min(len(s), i+8)])
	switch {
	case strings.HasPrefix(rest, "infinity"):
		v.inf = true
		return v, false, i + 8
	case strings.HasPrefix(rest, "inf"):
		v.inf = true
		return v, false, i + 3
	case strings.HasPrefix(rest, "nan"):
		v.nan = true
		i += 3
		if i < len(s) && s[i] == '(' {
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= '0' && s[j] <= '9' || s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') {
				j++
			}
			if j < len(s) && s[j] == ')' {
				i = j + 1
			}
		}
		return v, false, i
	}
	if i+2 < len(s) && s[i] == '0' && s[i+1]|0x20 == 'x' &&
		(hexDigitVal(s[i+2]) >= 0 || s[i+2] == '.' && i+3 < len(s) && hexDigitVal(s[i+3]) >= 0) {
		return parseHexLDouble(s, i+2, v.neg)
	}
	// Decimal: collect significant digits and the power of ten.
	var digits []byte
	var buf [40]byte
	digits = buf[:0]
	exp10 := 0
	seen := false
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		seen = true
		if len(digits) > 0 || s[i] != '0' {
			digits = append(digits, s[i])
		}
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for ; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
			seen = true
			if len(digits) > 0 || s[j] != '0' {
				digits = append(digits, s[j])
			}
			exp10--
		}
		if seen {
			i = j
		}
	}
	if !seen {
		return ldouble{}, false, 0
	}
	if e, n := parseExponent(s[i:], 'e'); n > 0 {
		exp10 += e
		i += n
	}
	if len(digits) == 0 {
		return v, false, i
	}
	for digits[len(digits)-1] == '0' { // 1000 is 1e3: keeps the fast path
		digits = digits[:len(digits)-1]
		exp10++
	}
	if f, ok := fastLDouble(digits, exp10, v.neg); ok {
		return f, false, i
	}
	r, erange := bigLDouble(digits, exp10, v.neg)
	return r, erange, i
}

// bigLDouble rounds digits * 10^exp10 to the extended format exactly.
func bigLDouble(digits []byte, exp10 int, neg bool) (ldouble, bool) {
	mag := len(digits) + exp10 // value is below 10^mag
	if mag > 4934 {
		return ldouble{neg: neg, inf: true}, true
	}
	if mag < -4952 {
		return ldouble{neg: neg}, true
	}
	num := new(big.Int)
	num.SetString(string(digits), 10)
	var sticky bool
	bexp := 0
	if exp10 >= 0 {
		num.Mul(num, pow10(exp10))
	} else {
		den := pow10(-exp10)
		k := 66 + den.BitLen() - num.BitLen()
		if k < 0 {
			k = 0
		}
		num.Lsh(num, uint(k))
		var rem big.Int
		num.QuoRem(num, den, &rem)
		sticky = rem.Sign() != 0
		bexp = -k
	}
	return roundLDouble(num, bexp, sticky, neg)
}

// parseExponent reads e[+-]digits (or p for hex) at the start of s,
// saturating huge exponents; n is 0 when there is no complete exponent.
func parseExponent(s string, letter byte) (e, n int) {
	if len(s) < 2 || s[0]|0x20 != letter {
		return 0, 0
	}
	i := 1
	neg := false
	if s[i] == '+' || s[i] == '-' {
		neg = s[i] == '-'
		i++
	}
	if i >= len(s) || s[i] < '0' || s[i] > '9' {
		return 0, 0
	}
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if e < 1e8 {
			e = e*10 + int(s[i]-'0')
		}
	}
	if neg {
		e = -e
	}
	return e, i
}

func parseHexLDouble(s string, i int, neg bool) (ldouble, bool, int) {
	num := new(big.Int)
	bexp := 0
	for ; i < len(s) && hexDigitVal(s[i]) >= 0; i++ {
		num.Lsh(num, 4).Or(num, big.NewInt(int64(hexDigitVal(s[i]))))
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && hexDigitVal(s[i]) >= 0; i++ {
			num.Lsh(num, 4).Or(num, big.NewInt(int64(hexDigitVal(s[i]))))
			bexp -= 4
		}
	}
	if e, n := parseExponent(s[i:], 'p'); n > 0 {
		bexp += e
		i += n
	}
	if num.Sign() == 0 {
		return ldouble{neg: neg}, false, i
	}
	if bexp+num.BitLen() > ldMaxExp+64 {
		return ldouble{neg: neg, inf: true}, true, i
	}
	v, erange := roundLDouble(num, bexp, false, neg)
	return v, erange, i
}

// pow10Small holds 10^0..10^27, filled on first use (not at start-up:
// most runs never print a float); printf may run concurrently.
var pow10Small = sync.OnceValue(func() (t [28]*big.Int) {
	for i := range t {
		t[i] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(i)), nil)
	}
	return t
})

func pow10(n int) *big.Int {
	if n < 28 {
		return pow10Small()[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// roundLDouble rounds num * 2^bexp (plus a nonzero fraction below it when
// sticky) to the extended format, to nearest with ties to even.
func roundLDouble(num *big.Int, bexp int, sticky, neg bool) (ldouble, bool) {
	n := num.BitLen()
	drop := n - 64
	if bexp+drop < ldMinExp { // subnormal: fewer significant bits
		drop = ldMinExp - bexp
	}
	var mant uint64
	var half, below bool
	switch {
	case drop <= 0:
		mant = num.Uint64() << uint(-drop)
	case drop > n:
		below = true
	default:
		mant = new(big.Int).Rsh(num, uint(drop)).Uint64()
		half = num.Bit(drop-1) == 1
		below = lowBitsNonzero(num, drop-1)
	}
	below = below || sticky
	if half && (below || mant&1 == 1) {
		mant++
		if mant == 0 { // carried out of 64 bits
			mant = 1 << 63
			drop++
		}
	}
	exp := bexp + drop
	inexact := half || below
	if mant == 0 {
		return ldouble{neg: neg}, true
	}
	if exp+64-bits.LeadingZeros64(mant) > ldMaxExp {
		return ldouble{neg: neg, inf: true}, true
	}
	return ldouble{neg: neg, mant: mant, exp: exp}, inexact && mant>>63 == 0
}

func lowBitsNonzero(x *big.Int, n int) bool {
	if n <= 0 {
		return false
	}
	if t := x.TrailingZeroBits(); int(t) < n {
		return true
	}
	return false
}

// putFloat formats e E f F g G a A as glibc does for long double.
func (p *printer) putFloat(sp *spec, v ldouble) {
	if sp.overflow {
		return
	}
	upper := sp.conv >= 'A' && sp.conv <= 'Z'
	var prefix string
	switch {
	case v.neg:
		prefix = "-"
	case sp.plus:
		prefix = "+"
	case sp.space:
		prefix = " "
	}
	if v.inf || v.nan {
		word := "inf"
		if v.nan {
			word = "nan"
		}
		if upper {
			word = strings.ToUpper(word)
		}
		p.tmp = append(p.tmp[:0], word...)
		p.buf = appendNumber(p.buf, sp, prefix, 0, p.tmp, false)
		return
	}
	var body []byte
	switch sp.conv | 0x20 {
	case 'a':
		body = appendHexFloat(p.tmp[:0], v, sp.prec, sp.alt, upper)
		if upper {
			prefix += "0X"
		} else {
			prefix += "0x"
		}
	case 'f':
		body = appendDecimal(p.tmp[:0], v, 'f', precOr6(sp.prec))
		if sp.alt && sp.prec == 0 {
			body = append(body, '.')
		}
	case 'e':
		body = appendDecimal(p.tmp[:0], v, 'e', precOr6(sp.prec))
		if sp.alt && sp.prec == 0 {
			body = insertPoint(body, 0)
		}
	case 'g':
		body = appendG(p.tmp[:0], v, sp.prec, sp.alt)
	}
	if upper {
		for k, c := range body {
			if c >= 'a' && c <= 'z' {
				body[k] = c - 'a' + 'A'
			}
		}
	}
	p.tmp = body
	p.buf = appendNumber(p.buf, sp, prefix, 0, body, true)
}

func precOr6(prec int) int {
	if prec < 0 {
		return 6
	}
	return prec
}

// insertPoint puts a decimal point after the first digit of b[start:]
// ("1e+05" becomes "1.e+05" for %#.0e).
func insertPoint(b []byte, start int) []byte {
	b = append(b, 0)
	copy(b[start+2:], b[start+1:])
	b[start+1] = '.'
	return b
}

// appendDecimal appends |v| in %f or %e form, correctly rounded (ties to
// even on the exact binary value, as glibc does).
func appendDecimal(b []byte, v ldouble, fmt byte, prec int) []byte {
	if v.mant == 0 {
		return strconv.AppendFloat(b, 0, fmt, prec, 64)
	}
	// Exact in float64 when the significand fits 53 bits and the exponent
	// is in range: strconv is exact and much cheaper than big.Float.
	tz := bits.TrailingZeros64(v.mant)
	top := v.exp + 64 - bits.LeadingZeros64(v.mant)
	if 64-bits.LeadingZeros64(v.mant)-tz <= 53 && top < 1024 && v.exp+tz >= -1074 && top > -1021 {
		f := math.Ldexp(float64(v.mant>>uint(tz)), v.exp+tz)
		return strconv.AppendFloat(b, f, fmt, prec, 64)
	}
	var ok bool
	var out []byte
	if fmt == 'f' {
		out, ok = fastFixed(b, v, prec)
	} else {
		out, ok = fastExp(b, v, prec)
	}
	if ok {
		return out
	}
	return bigDecimal(b, v, fmt, prec)
}

// bigDecimal is appendDecimal for any finite v, through big.Float.
func bigDecimal(b []byte, v ldouble, fmt byte, prec int) []byte {
	f := new(big.Float).SetUint64(v.mant)
	f.SetMantExp(f, v.exp)
	return f.Append(b, fmt, prec)
}

// appendG implements %g: %e or %f by the exponent, trailing zeros removed
// unless alt.
func appendG(b []byte, v ldouble, prec int, alt bool) []byte {
	P := prec
	if P < 0 {
		P = 6
	} else if P == 0 {
		P = 1
	}
	start := len(b)
	b = appendDecimal(b, v, 'e', P-1)
	x := 0
	if v.mant != 0 {
		k := strings.LastIndexByte(string(b[start:]), 'e')
		x, _ = strconv.Atoi(string(b[start+k+1:]))
	}
	if P > x && x >= -4 {
		b = appendDecimal(b[:start], v, 'f', P-1-x)
	} else if alt && x == P && x > 0 && unroundedExp(v) < P {
		// glibc picks the style from the exponent before rounding; when
		// rounding then carries into a new digit it prints "1.e+XX".
		var ex [8]byte
		n := copy(ex[:], b[start+strings.IndexByte(string(b[start:]), 'e'):])
		return append(append(b[:start], '1', '.'), ex[:n]...)
	}
	if alt { // keep the zeros, but always show the point
		switch {
		case strings.IndexByte(string(b[start:]), '.') >= 0:
		case strings.IndexByte(string(b[start:]), 'e') >= 0:
			b = insertPoint(b, start)
		default:
			b = append(b, '.')
		}
		return b
	}
	return trimZeros(b, start)
}

// unroundedExp is the decimal exponent of v itself (not of v rounded).
func unroundedExp(v ldouble) int {
	var tmp [80]byte
	b := appendDecimal(tmp[:0], v, 'e', 60)
	x, _ := strconv.Atoi(string(b[strings.LastIndexByte(string(b), 'e')+1:]))
	return x
}

// trimZeros drops trailing fraction zeros (and a bare point) before any
// exponent in b[start:].
func trimZeros(b []byte, start int) []byte {
	s := string(b[start:])
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return b
	}
	e := strings.IndexByte(s, 'e')
	end := len(s)
	if e >= 0 {
		end = e
	}
	k := end
	for k > dot+1 && s[k-1] == '0' {
		k--
	}
	if k == dot+1 {
		k = dot
	}
	return append(b[:start+k], s[end:]...)
}

// appendHexFloat appends the digits of %a after the 0x prefix: glibc
// prints the extended format's four leading bits as the first digit.
func appendHexFloat(b []byte, v ldouble, prec int, alt, upper bool) []byte {
	const hex = "0123456789abcdef"
	if v.mant == 0 {
		b = append(b, '0')
		if prec > 0 || alt {
			b = append(b, '.')
		}
		b = appendByteN(b, '0', max(prec, 0))
		return append(b, "p+0"...)
	}
	lead := v.mant >> 60
	frac := v.mant << 4 // 60 bits left-aligned as 15 hex digits
	exp := v.exp + 60
	nd := 15
	if prec >= 0 && prec < 15 {
		shift := uint(64 - 4*prec)
		var kept, rest uint64
		if prec == 0 {
			kept, rest = 0, frac
		} else {
			kept, rest = frac>>shift, frac<<(64-shift)
		}
		const halfway = 1 << 63
		last := kept & 1
		if prec == 0 {
			last = lead & 1
		}
		if rest > halfway || rest == halfway && last == 1 {
			kept++
			if prec == 0 || kept>>(4*uint(prec)) != 0 {
				kept = 0
				lead++
			}
		}
		if prec == 0 {
			frac = 0
		} else {
			frac = kept << shift
		}
		if lead > 15 {
			lead = 1
			exp += 4
		}
		nd = prec
	} else if prec < 0 {
		for nd > 0 && (frac>>(64-4*uint(nd)))&0xf == 0 {
			nd--
		}
	}
	b = append(b, hex[lead])
	if nd > 0 || prec > 0 || alt {
		b = append(b, '.')
	}
	for k := 0; k < nd; k++ {
		b = append(b, hex[frac>>60])
		frac <<= 4
	}
	if prec > 15 {
		b = appendByteN(b, '0', prec-15)
	}
	b = append(b, 'p')
	if exp >= 0 {
		b = append(b, '+')
	}
	return strconv.AppendInt(b, int64(exp), 10)
}
