package arith

import (
	"strconv"
	"sync/atomic"
	"testing"
)

// benchEnv is a minimal Env for benchmarks: one map of scalars.
type benchEnv struct{ vars map[string]string }

func (e *benchEnv) Lookup(n string) (string, bool) { v, ok := e.vars[n]; return v, ok }
func (e *benchEnv) LookupIndex(n string, i int64) (string, bool, error) {
	v, ok := e.vars[n+"["+strconv.FormatInt(i, 10)+"]"]
	return v, ok, nil
}
func (e *benchEnv) LookupKey(n, k string) (string, bool) { return "", false }
func (e *benchEnv) IsAssoc(n string) bool                { return false }
func (e *benchEnv) Assign(n string, v int64) error {
	e.vars[n] = strconv.FormatInt(v, 10)
	return nil
}
func (e *benchEnv) AssignIndex(n string, i, v int64) error { return nil }
func (e *benchEnv) AssignKey(n, k string, v int64) error   { return nil }
func (e *benchEnv) NoUnset() bool                          { return false }

func benchEval(b *testing.B, env Env, expr string) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Eval(env, expr); err != nil {
			b.Fatal(err)
		}
	}
}

// The loop condition/increment case: a cached expression reading a plain
// decimal variable.
func BenchmarkEvalIncrement(b *testing.B) {
	benchEval(b, &benchEnv{vars: map[string]string{"i": "12345"}}, "i+1")
}

func BenchmarkEvalCompare(b *testing.B) {
	benchEval(b, &benchEnv{vars: map[string]string{"i": "12345", "n": "100000"}}, "i < n")
}

// i++ assigns, which formats the number in the Env (its allocation).
func BenchmarkEvalPostInc(b *testing.B) {
	benchEval(b, &benchEnv{vars: map[string]string{"i": "1"}}, "i++")
}

func BenchmarkEvalConstant(b *testing.B) {
	benchEval(b, nil, "42")
}

func BenchmarkEvalComplex(b *testing.B) {
	env := &benchEnv{vars: map[string]string{"a": "7", "b": "-3", "c": "0x1f", "n": "10"}}
	benchEval(b, env, "(a*b + c) % 7 > 2 && n ? (a << 2 | b & 0xff) ** 2 : -1")
}

func BenchmarkEvalArray(b *testing.B) {
	env := &benchEnv{vars: map[string]string{"i": "3", "a[4]": "9"}}
	benchEval(b, env, "a[i+1] * 2")
}

// Variables holding expressions are compiled once too.
func BenchmarkEvalNestedValue(b *testing.B) {
	benchEval(b, &benchEnv{vars: map[string]string{"x": "y*2", "y": "21"}}, "x+1")
}

// A new text every time: what "$((i+1))" costs once the shell has already
// substituted $i, so nothing is cached.
func BenchmarkEvalUncached(b *testing.B) {
	b.ReportAllocs()
	exprs := make([]string, 4096)
	for i := range exprs {
		exprs[i] = strconv.Itoa(i+100000) + " * 3 + 1"
	}
	i := 0
	for b.Loop() {
		if _, err := Eval(nil, exprs[i%len(exprs)]+" "); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkEvalParallel(b *testing.B) {
	b.ReportAllocs()
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		env := &benchEnv{vars: map[string]string{"i": strconv.FormatInt(n.Add(1), 10)}}
		for pb.Next() {
			if _, err := Eval(env, "i+1"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
