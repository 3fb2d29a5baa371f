package arith

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestErrorFields(t *testing.T) {
	_, err := Eval(newEnv(), "  1 + ")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error, got %T %v", err, err)
	}
	want := Error{Expr: "1 + ", Msg: "syntax error: operand expected", Token: "+ "}
	if *e != want {
		t.Errorf("got %+v, want %+v", *e, want)
	}
	if got := e.Error(); got != `1 + : syntax error: operand expected (error token is "+ ")` {
		t.Errorf("Error() = %q", got)
	}
}

func TestUnboundError(t *testing.T) {
	env := newEnv()
	env.nounset = true
	_, err := Eval(env, "1 + nosuch")
	var u *UnboundError
	if !errors.As(err, &u) || u.Name != "nosuch" || err.Error() != "nosuch: unbound variable" {
		t.Errorf("got %T %v", err, err)
	}
}

// Errors from the Env come back unchanged and stop the evaluation.
func TestEnvErrorStops(t *testing.T) {
	env := newEnv()
	env.setup("r=1;readonly r")
	_, err := Eval(env, "r=2, y=3")
	if err == nil || err.Error() != "r: readonly variable" {
		t.Fatalf("got %v", err)
	}
	if _, set := env.Lookup("y"); set {
		t.Error("evaluation went on after the Env's error")
	}
}

func TestNilEnv(t *testing.T) {
	if v, err := Eval(nil, "1+2*3"); v != 7 || err != nil {
		t.Errorf("1+2*3 = %d, %v", v, err)
	}
	if v, err := Eval(nil, "x+1"); v != 1 || err != nil {
		t.Errorf("x+1 = %d, %v", v, err)
	}
	if _, err := Eval(nil, "x=1"); err == nil {
		t.Error("assignment without an Env succeeded")
	}
}

// Without SetChecker, `set -u` falls back on Lookup: an array whose element
// 0 is unset then counts as unset (bash would say 0). Without Warner the
// diagnostics are dropped.
func TestWithoutOptionalInterfaces(t *testing.T) {
	env := newEnv()
	env.setup("-u;a[1]=5")
	p := plainEnv{env}
	if _, err := Eval(p, "a"); err == nil || err.Error() != "a: unbound variable" {
		t.Errorf("a: got %v", err)
	}
	if v, err := Eval(p, "a[1]"); v != 5 || err != nil {
		t.Errorf("a[1] = %d, %v", v, err)
	}
	if _, err := Eval(p, "a[7]"); err == nil {
		t.Errorf("a[7]: no error")
	}
	env.nounset = false
	if _, err := Eval(env, "a[]"); err != nil || len(env.warnings) == 0 {
		t.Fatalf("a[] with a Warner: %v, warnings %q", err, env.warnings)
	}
	if v, err := Eval(p, "a[]"); v != 0 || err != nil {
		t.Errorf("a[] = %d, %v", v, err)
	}
}

// expandEnv expands "$name" in subscripts and strips double quotes, as the
// shell does for let's unexpanded text.
type expandEnv struct {
	*fakeEnv
	calls []string
}

func (e *expandEnv) ExpandSubscript(sub string, assoc bool) (string, error) {
	e.calls = append(e.calls, fmt.Sprintf("%s/%v", sub, assoc))
	if strings.HasPrefix(sub, "$") {
		v, _ := e.Lookup(sub[1:])
		return v, nil
	}
	if sub == "bad" {
		return "", errors.New("bad substitution")
	}
	return strings.ReplaceAll(sub, `"`, ""), nil
}

func TestSubscriptExpander(t *testing.T) {
	env := &expandEnv{fakeEnv: newEnv()}
	env.setup(`i=1;k=key;a[0]=10;a[1]=11;m{key}=7;m{a b}=8`)
	for _, c := range []struct {
		expr string
		want int64
	}{
		{`a[$i]`, 11},
		{`a["1"]`, 11},
		{`m[$k]`, 7},
		{`m["a b"]`, 8},
		{`a[$i]+=1`, 12},
	} {
		if v, err := Eval(env, c.expr); v != c.want || err != nil {
			t.Errorf("%s = %d, %v; want %d", c.expr, v, err, c.want)
		}
	}
	if got := env.calls[len(env.calls)-1]; got != "$i/false" {
		t.Errorf("last expansion %q", got)
	}
	if _, err := Eval(env, "a[bad]"); err == nil || err.Error() != "bad substitution" {
		t.Errorf("a[bad]: %v", err)
	}
}

// Every Eval of the same text shares one compiled tree; evaluations on
// several goroutines must not interfere (run with -race).
func TestConcurrent(t *testing.T) {
	exprs := []string{"i+1", "i*2+j", "a[i%3]+=i", "i<j ? i : j", "k=i**2, k"}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			env := newEnv()
			for i := int64(0); i < 300; i++ {
				env.setup(fmt.Sprintf("i=%d;j=%d", i, g))
				want := []int64{i + 1, i*2 + int64(g), 0, min(i, int64(g)), i * i}
				for n, e := range exprs {
					v, err := Eval(env, e)
					if n == 2 {
						continue // its value depends on earlier rounds
					}
					if err != nil || v != want[n] {
						errs <- fmt.Errorf("goroutine %d: %s = %d, %v; want %d", g, e, v, err, want[n])
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestCacheBounded(t *testing.T) {
	env := newEnv()
	env.setup("x=4")
	for i := 0; i < 5*cacheGenEntries; i++ {
		e := "x+" + strconv.Itoa(i)
		if v, err := Eval(env, e); v != int64(4+i) || err != nil {
			t.Fatalf("%s = %d, %v", e, v, err)
		}
		if v, _ := Eval(env, "x*x"); v != 16 {
			t.Fatalf("x*x = %d", v)
		}
	}
	if n := cacheLen(); n > 2*cacheGenEntries {
		t.Errorf("cache holds %d entries", n)
	}
	// A long text is not kept but still evaluates.
	long := strings.Repeat("x+", cacheMaxLen) + "0"
	before := cacheLen()
	if v, err := Eval(env, long); v != 4*cacheMaxLen || err != nil {
		t.Errorf("long = %d, %v", v, err)
	}
	if n := cacheLen(); n != before {
		t.Errorf("a long text changed the cache from %d to %d entries", before, n)
	}
}

func TestZeroAllocs(t *testing.T) {
	env := newEnv()
	env.setup("i=123;n=1000;a[2]=7;x=i*2")
	for _, e := range []string{"i+1", "i < n && n", "a[i%3+1]*2", "x-1", " 42 "} {
		Eval(env, e) // compile and cache
		if n := testing.AllocsPerRun(200, func() { Eval(env, e) }); n != 0 {
			t.Errorf("%q: %v allocations per Eval", e, n)
		}
	}
}

func FuzzEval(f *testing.F) {
	for _, c := range cases {
		if len(c.expr) < 200 {
			f.Add(c.expr)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		env := newEnv()
		env.setup("x=3;y=-2;z=x+1;a[0]=5;a[1]=x;m{k}=4;w=1+;declare -A m")
		Eval(env, s) // must not panic or hang
	})
}
