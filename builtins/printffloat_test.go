package builtins

import (
	"math/rand"
	"strconv"
	"testing"
)

// The 128-bit fast paths must agree with the exact big.Float code.
func TestFastFloatPaths(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200000; i++ {
		v := ldouble{mant: rng.Uint64() | 1<<63, exp: rng.Intn(260) - 190}
		if rng.Intn(4) == 0 { // short significands: exact ties are likely
			v.mant &^= 1<<uint(rng.Intn(60)+4) - 1
		}
		prec := rng.Intn(20)
		if got, ok := fastFixed(nil, v, prec); ok {
			if want := bigDecimal(nil, v, 'f', prec); string(got) != string(want) {
				t.Fatalf("%%.%df of %v: fast %s, big %s", prec, v, got, want)
			}
		}
		if got, ok := fastExp(nil, v, prec); ok {
			if want := bigDecimal(nil, v, 'e', prec); string(got) != string(want) {
				t.Fatalf("%%.%de of %v: fast %s, big %s", prec, v, got, want)
			}
		}
	}
	for i := 0; i < 200000; i++ {
		digits := []byte(strconv.FormatUint(rng.Uint64()>>uint(rng.Intn(64)), 10))
		if digits[0] == '0' {
			continue
		}
		if rng.Intn(3) == 0 { // halfway-like inputs
			digits = append(digits[:len(digits)/2], '5')
		}
		exp10 := rng.Intn(39) - 19
		fast, ok := fastLDouble(digits, exp10, false)
		if !ok {
			continue
		}
		slow, _ := bigLDouble(digits, exp10, false)
		if fast != slow {
			t.Fatalf("%se%d: fast %+v, big %+v", digits, exp10, fast, slow)
		}
	}
}
