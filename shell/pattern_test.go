package shell

import (
	"strings"
	"testing"
	"time"
)

func TestPatternMatch(t *testing.T) {
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
		// Backtracking through groups and stars stays polynomial.
		{"*(a|aa)b", strings.Repeat("a", 60), false}, {"+(a|aa)", strings.Repeat("a", 60), true},
		{"@(a)*a*a*a*a*a*a*b", strings.Repeat("a", 60), false}, {"!(x)*a*a*a*a*b", strings.Repeat("a", 60), false},
		{"*(a|b)*a*b", "abababab", true}, {"?(x)a*b*c", "aXbYc", true},
		// A star ending a group can stop before the end of the string.
		{"a@(*)d", "abcd", true}, {"a+(b|*)d", "abcd", true}, {"*+(*)b", "abcb", true},
		// The one required repetition of +() may be empty (bash).
		{"x+(*)", "x", true}, {"+(?(a))", "", true}, {"+(a)", "", false},
	} {
		start := time.Now()
		m := compilePattern(c.pat, false)
		if got := m.match(c.s); got != c.want {
			t.Errorf("%q ~ %q = %v, want %v", c.s, c.pat, got, c.want)
		}
		// Not a timing target: a bound far above any load, which an
		// exponential matcher (minutes on these cases) still exceeds.
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%q ~ %q took %v", c.s, c.pat, d)
		}
	}
}
