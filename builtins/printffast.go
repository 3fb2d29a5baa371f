package builtins

import (
	"math"
	"math/bits"
	"strconv"
)

// Fast paths for the common floating-point cases of printf: arguments with
// at most 19 significant digits and a small exponent, and %f/%e output of
// at most 19 digits. They use 128-bit integer arithmetic and give exactly
// the results of the big.Float code they bypass (see the tests).

type u128 struct{ hi, lo uint64 }

func (x u128) bitLen() int {
	if x.hi != 0 {
		return 64 + bits.Len64(x.hi)
	}
	return bits.Len64(x.lo)
}

func (x u128) shl(n uint) u128 {
	switch {
	case n == 0:
		return x
	case n >= 64:
		return u128{x.lo << (n - 64), 0}
	}
	return u128{x.hi<<n | x.lo>>(64-n), x.lo << n}
}

func (x u128) shr(n uint) u128 {
	switch {
	case n == 0:
		return x
	case n >= 64:
		return u128{0, x.hi >> (n - 64)}
	}
	return u128{x.hi >> n, x.lo>>n | x.hi<<(64-n)}
}

func (x u128) less(y u128) bool { return x.hi < y.hi || x.hi == y.hi && x.lo < y.lo }

func (x u128) inc() u128 {
	lo, c := bits.Add64(x.lo, 1, 0)
	return u128{x.hi + c, lo}
}

// divmod divides by a 64-bit d.
func (x u128) divmod(d uint64) (u128, uint64) {
	qh, r := x.hi/d, x.hi%d
	ql, r := bits.Div64(r, x.lo, d)
	return u128{qh, ql}, r
}

var pow10u64 = func() (t [20]uint64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return t
}()

// fastLDouble converts digits * 10^exp10 when the digits fit in 64 bits and
// |exp10| <= 19, rounding once to the extended format.
func fastLDouble(digits []byte, exp10 int, neg bool) (ldouble, bool) {
	if len(digits) > 19 || exp10 > 19 || exp10 < -19 {
		return ldouble{}, false
	}
	var n uint64
	for _, c := range digits {
		n = n*10 + uint64(c-'0')
	}
	if exp10 >= 0 {
		hi, lo := bits.Mul64(n, pow10u64[exp10])
		return roundU128(u128{hi, lo}, neg), true
	}
	// Scale so that the quotient has exactly 64 bits; the remainder then
	// decides the rounding on its own.
	d := pow10u64[-exp10]
	s := 63 + bits.Len64(d) - bits.Len64(n)
	for {
		x := u128{0, n}.shl(uint(s))
		if x.hi >= d { // quotient would not fit 64 bits
			s--
			continue
		}
		q, r := bits.Div64(x.hi, x.lo, d)
		if q>>63 == 0 {
			s++
			continue
		}
		up := r > d-r || r == d-r && q&1 == 1
		if up {
			q++
			if q == 0 {
				return ldouble{neg: neg, mant: 1 << 63, exp: -s + 1}, true
			}
		}
		return ldouble{neg: neg, mant: q, exp: -s}, true
	}
}

// roundU128 rounds the integer x to a 64-bit significand.
func roundU128(x u128, neg bool) ldouble {
	n := x.bitLen()
	if n <= 64 {
		return ldFromUint(x.lo, neg)
	}
	drop := uint(n - 64)
	m := x.shr(drop).lo
	rest := x.shl(128 - drop) // the dropped bits, left-aligned
	half := u128{1 << 63, 0}
	if half.less(rest) || rest == half && m&1 == 1 {
		m++
		if m == 0 {
			return ldouble{neg: neg, mant: 1 << 63, exp: int(drop) + 1}
		}
	}
	return ldouble{neg: neg, mant: m, exp: int(drop)}
}

// scaledRound returns |v| * 10^n rounded to an integer (ties to even),
// for -19 <= n <= 19; ok is false when 128 bits do not suffice.
func scaledRound(v ldouble, n int) (u128, bool) {
	q, up, ok := scaledFloor(v, n)
	if up {
		q = q.inc()
	}
	return q, ok
}

// scaledFloor returns the integer part of |v| * 10^n and whether rounding
// to nearest (ties to even) goes up from it.
func scaledFloor(v ldouble, n int) (q u128, up, ok bool) {
	e := v.exp
	if n >= 0 {
		hi, lo := bits.Mul64(v.mant, pow10u64[n])
		p := u128{hi, lo}
		if e >= 0 {
			if p.bitLen()+e > 127 {
				return u128{}, false, false
			}
			return p.shl(uint(e)), false, true
		}
		k := uint(-e)
		if k >= 128 {
			return u128{}, false, false
		}
		q = p.shr(k)
		rest := p.shl(128 - k) // dropped bits left-aligned (k > 0)
		half := u128{1 << 63, 0}
		return q, half.less(rest) || rest == half && q.lo&1 == 1, true
	}
	d := pow10u64[-n]
	if e >= 0 {
		if 64-bits.LeadingZeros64(v.mant)+e > 127 {
			return u128{}, false, false
		}
		q, r := u128{0, v.mant}.shl(uint(e)).divmod(d)
		return q, r > d-r || r == d-r && q.lo&1 == 1, true
	}
	k := uint(-e)
	if k >= 64 {
		return u128{}, false, false
	}
	q1, r1 := v.mant/d, v.mant%d
	R := q1 >> k
	low := q1 & (1<<k - 1)
	half := uint64(1) << (k - 1)
	return u128{0, R}, low > half || low == half && (r1 > 0 || R&1 == 1), true
}

// appendU128 appends x in decimal, zero-padded to at least width digits.
func appendU128(b []byte, x u128, width int) []byte {
	var tmp [40]byte
	i := len(tmp)
	for x.hi != 0 || x.lo >= 10 {
		var r uint64
		x, r = x.divmod(10)
		i--
		tmp[i] = byte('0' + r)
	}
	i--
	tmp[i] = byte('0' + x.lo)
	for len(tmp)-i < width {
		i--
		tmp[i] = '0'
	}
	return append(b, tmp[i:]...)
}

// fastFixed is %.<prec>f of |v|.
func fastFixed(b []byte, v ldouble, prec int) ([]byte, bool) {
	if prec > 19 {
		return b, false
	}
	r, ok := scaledRound(v, prec)
	if !ok {
		return b, false
	}
	b = appendU128(b, r, prec+1)
	if prec > 0 {
		b = append(b, 0)
		copy(b[len(b)-prec:], b[len(b)-prec-1:])
		b[len(b)-prec-1] = '.'
	}
	return b, true
}

// fastExp is %.<prec>e of a nonzero |v|.
func fastExp(b []byte, v ldouble, prec int) ([]byte, bool) {
	if prec > 18 {
		return b, false
	}
	// Estimate the decimal exponent from the binary one, then correct it
	// so that the truncated digits number prec+1.
	x := int(math.Floor(float64(v.exp+63) * 0.30102999566398120))
	lo, hi := u128{0, pow10u64[prec]}, u128{0, pow10u64[prec+1]}
	for tries := 0; tries < 4; tries++ {
		n := prec - x
		if n < -19 || n > 19 {
			return b, false
		}
		r, up, ok := scaledFloor(v, n)
		if !ok {
			return b, false
		}
		switch {
		case r.less(lo):
			x--
			continue
		case !r.less(hi):
			x++
			continue
		}
		if up {
			if r = r.inc(); r == hi { // 9.99 rounds to 10.0
				r, x = lo, x+1
			}
		}
		start := len(b)
		b = appendU128(b, r, prec+1)
		if prec > 0 {
			b = append(b, 0)
			copy(b[start+2:], b[start+1:])
			b[start+1] = '.'
		}
		b = append(b, 'e')
		if x < 0 {
			b = append(b, '-')
			x = -x
		} else {
			b = append(b, '+')
		}
		if x < 10 {
			b = append(b, '0')
		}
		return strconv.AppendInt(b, int64(x), 10), true
	}
	return b, false
}
