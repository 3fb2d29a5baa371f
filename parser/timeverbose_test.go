package parser

import (
	"runtime"
	"testing"
	"time"

	"mvdan.cc/sh/v3/syntax"
)

func verboseCount() int {
	n := 0
	verboseTimes.Range(func(any, any) bool { n++; return true })
	return n
}

// The clauses of trees that are gone are forgotten (eval in a loop).
func TestVerboseTimesForgotten(t *testing.T) {
	start := verboseCount()
	for range 50 {
		f, err := Parse("time -v { :; }")
		if err != nil {
			t.Fatal(err)
		}
		if c := f.Stmts[0].Cmd.(*syntax.TimeClause); !VerboseTime(c) {
			t.Fatal("time -v { :; } not marked")
		}
	}
	for i := 0; i < 100 && verboseCount() > start; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := verboseCount(); n > start {
		t.Errorf("%d marked clauses kept after their trees were collected", n-start)
	}
}
