package shell

import (
	"strings"
	"testing"
	"time"
)

func TestPatternMatch(t *testing.T) {
	sh := &Shell{}
	for _, c := range []struct {
		pat, s string
		want   bool
	}{
		{"*", "", true}, {"*", "abc", true}, {"a*", "abc", true}, {"*c", "abc", true}, {"*b*", "abc", true},
		{"a*b*c", "aXbYc", true}, {"a*b*c", "aXbY", false}, {"?", "", false}, {"??", "ab", true},
		{"[a-c]*", "beta", true}, {"[!a-c]*", "beta", false}, {"*.txt", "a.txt.bak", false}, {"*.txt", "a.b.txt", true},
		{`a\*b`, "a*b", true}, {`a\*b`, "aXb", false},
		{"*a*a*a*a*a*a*a*a*c", strings.Repeat("a", 60) + "b", false},
		{"@(foo|bar)", "bar", true}, {"!(foo)", "bar", true}, {"!(foo)", "foo", false}, {"+(ab)", "ababab", true},
		{"*(a|b)c", "abbac", true}, {"x*", "", false}, {"**", "q", true}, {"a*a", "a", false}, {"a*a", "aa", true},
		{"[[:digit:]]x", "5x", true}, {"[]]", "]", true}, {"[!]]", "a", true},
	} {
		start := time.Now()
		m, _ := sh.compilePattern(c.pat, false)
		if got := m.match(c.s); got != c.want {
			t.Errorf("%q ~ %q = %v, want %v", c.s, c.pat, got, c.want)
		}
		if d := time.Since(start); d > 200*time.Millisecond {
			t.Errorf("%q ~ %q took %v", c.s, c.pat, d)
		}
	}
}
