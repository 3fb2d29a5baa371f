package vars

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func newStore() *Store {
	return New(&Hooks{Arith: func(s string) (int64, error) { return strconv.ParseInt(strings.TrimSpace(s), 10, 64) }})
}

func TestCloneIsIndependent(t *testing.T) {
	s := newStore()
	s.Set("a", "1")
	s.AssignList("arr", []Elem{{Value: "x"}, {Value: "y"}}, false)
	c := s.Clone(nil)
	c.Set("a", "2")
	c.SetIndex("arr", 0, "X", false)
	c.Set("new", "n")
	if v := s.Str("a"); v != "1" {
		t.Errorf("parent a = %q after child write", v)
	}
	if v, _ := s.Get("arr").Array().Get(0); v != "x" {
		t.Errorf("parent arr[0] = %q after child write", v)
	}
	if s.Get("new") != nil {
		t.Error("child's new variable visible in parent")
	}
	s.Set("a", "3")
	if v := c.Str("a"); v != "2" {
		t.Errorf("child a = %q after parent write", v)
	}
}

func TestCloneSyncCopiesOnWrite(t *testing.T) {
	s := newStore()
	s.Set("a", "1")
	c := s.CloneSync(nil)
	if v := c.Str("a"); v != "1" {
		t.Fatalf("child reads %q", v)
	}
	c.Set("a", "2")
	c.Set("b", "b")
	c.Unset("a", false)
	if v := s.Str("a"); v != "1" || s.Get("b") != nil {
		t.Errorf("parent changed by a synchronous child: a=%q b=%v", v, s.Get("b"))
	}
	// The parent keeps writing in place once the child is done.
	s.Set("a", "3")
	if v := s.Str("a"); v != "3" {
		t.Errorf("parent a = %q", v)
	}
}

func TestConcurrentClones(t *testing.T) {
	s := newStore()
	for i := range 50 {
		s.Set("v"+strconv.Itoa(i), "x")
	}
	var wg sync.WaitGroup
	for g := range 8 {
		c := s.Clone(nil)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				c.Set("v"+strconv.Itoa(i%50), strconv.Itoa(g))
				c.Str("v1")
			}
		}()
	}
	for i := range 200 {
		s.Set("v"+strconv.Itoa(i%50), "p")
	}
	wg.Wait()
	if s.Str("v0") != "p" {
		t.Errorf("parent v0 = %q", s.Str("v0"))
	}
}

func TestLocalScopes(t *testing.T) {
	s := newStore()
	s.Set("x", "global")
	s.Declare("x", Export, 0, false, false)
	s.PushFrame()
	l := s.Local("x")
	if l.IsSet() || !l.Has(Export) {
		t.Errorf("new local: set=%v export=%v (bash: unset, export inherited)", l.IsSet(), l.Has(Export))
	}
	s.Set("x", "local")
	s.PushFrame()
	s.Set("x", "inner-assigns-the-local") // dynamic scope: no local here
	s.Set("y", "created-global")
	s.PopFrame()
	if v := s.Str("x"); v != "inner-assigns-the-local" {
		t.Errorf("x in outer function = %q", v)
	}
	s.Unset("x", false) // unset a local: stays local, loses its value
	if v := s.Get("x"); v == nil || v.IsSet() || v.Level() != 1 {
		t.Errorf("unset local x: %+v (want unset, level 1)", v)
	}
	s.Set("x", "again")
	if v := s.Get("x"); v.Level() != 1 {
		t.Errorf("x assigned after unset is at level %d, want the local (1)", v.Level())
	}
	s.PopFrame()
	if v := s.Str("x"); v != "global" {
		t.Errorf("global x after return = %q", v)
	}
	if v := s.Str("y"); v != "created-global" {
		t.Errorf("y = %q", v)
	}
}

func TestAttributes(t *testing.T) {
	s := newStore()
	s.Declare("n", Integer, 0, false, false)
	s.Set("n", "4")
	s.Append("n", "3")
	if v := s.Str("n"); v != "7" {
		t.Errorf("integer n += 3: %q", v)
	}
	s.Declare("u", Upper, 0, false, false)
	s.Set("u", "abc")
	if v := s.Str("u"); v != "ABC" {
		t.Errorf("upper: %q", v)
	}
	s.Declare("r", ReadOnly, 0, false, false)
	if err := s.Set("r", "x"); err == nil || err.Error() != "r: readonly variable" {
		t.Errorf("readonly assignment error: %v", err)
	}
	s.AssignList("arr", []Elem{{Value: "a"}}, false)
	if _, err := s.Declare("arr", Assoc, 0, false, false); err == nil || !strings.Contains(err.Error(), "cannot convert indexed to associative array") {
		t.Errorf("indexed to assoc: %v", err)
	}
	s.Declare("ref", NameRef, 0, false, false)
	s.Set("ref", "target") // the nameref's value is its target name
	if s.Resolve("ref") != "target" {
		t.Fatalf("ref resolves to %q", s.Resolve("ref"))
	}
}

func TestSparseArray(t *testing.T) {
	s := newStore()
	s.SetIndex("a", 5, "five", false)
	s.SetIndex("a", 1, "one", false)
	s.SetIndex("a", -1, "last", false)
	v := s.Get("a")
	if got := v.Keys(); !slices.Equal(got, []string{"1", "5"}) {
		t.Errorf("keys %v", got)
	}
	if x, _ := v.Array().Get(5); x != "last" {
		t.Errorf("a[-1] assigned %q to a[5]", x)
	}
	if err := s.SetIndex("a", -9, "x", false); err == nil {
		t.Error("a[-9]= should be a bad subscript")
	}
	s.UnsetIndex("a", 1)
	if got := s.Get("a").Elements(); !slices.Equal(got, []string{"last"}) {
		t.Errorf("after unset: %v", got)
	}
}

func TestEnvironCache(t *testing.T) {
	s := newStore()
	s.ImportEnv([]string{"A=1", "B=2", "bad-name=x"})
	env := s.Environ()
	if !slices.Equal(env, []string{"A=1", "B=2"}) {
		t.Fatalf("environ %v", env)
	}
	s.Set("A", "changed")
	s.Set("local", "not exported")
	if env := s.Environ(); !slices.Contains(env, "A=changed") || slices.ContainsFunc(env, func(e string) bool { return strings.HasPrefix(e, "local=") }) {
		t.Errorf("environ after changes %v", env)
	}
}
