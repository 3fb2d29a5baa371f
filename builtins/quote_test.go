package builtins

import (
	"strings"
	"testing"
)

func TestQuoteStyles(t *testing.T) {
	defer SetUTF8(UTF8())
	SetUTF8(true)
	for _, c := range quoteCases {
		trace := strings.TrimPrefix(c.trace, "++ : ")
		checks := []struct {
			name      string
			got, want string
		}{
			{"QuoteQ", QuoteQ(c.in), c.q},
			{"QuoteSingle", QuoteSingle(c.in), c.at},
			{"QuoteDouble", QuoteDouble(c.in), c.decl},
			{"QuoteWord", QuoteWord(c.in), c.set},
			{"QuoteLiteral", QuoteLiteral(c.in), c.alias},
			{"QuoteTrace", QuoteTrace(c.in), trace},
		}
		if c.in != "" {
			checks = append(checks, struct{ name, got, want string }{"QuoteKey", QuoteKey(c.in), c.key})
		}
		for _, k := range checks {
			if k.got != k.want {
				t.Errorf("%s(%q) = %q, want %q", k.name, c.in, k.got, k.want)
			}
		}
	}
}

// In the C locale every byte past ASCII is unprintable (bash 5.2, LC_ALL=C).
func TestQuoteCLocale(t *testing.T) {
	defer SetUTF8(UTF8())
	SetUTF8(false)
	for _, c := range []struct{ in, q, at string }{
		{"é", `$'\303\251'`, `$'\303\251'`},
		{"a b", `a\ b`, `'a b'`},
		{"\U0001F600", `$'\360\237\230\200'`, `$'\360\237\230\200'`},
	} {
		if got := QuoteQ(c.in); got != c.q {
			t.Errorf("QuoteQ(%q) = %q, want %q", c.in, got, c.q)
		}
		if got := QuoteSingle(c.in); got != c.at {
			t.Errorf("QuoteSingle(%q) = %q, want %q", c.in, got, c.at)
		}
	}
}

func TestLocaleIsUTF8(t *testing.T) {
	for _, c := range []struct {
		all, ctype, lang string
		want             bool
	}{
		{"", "", "", false},
		{"C", "", "en_US.UTF-8", false},
		{"", "", "C.UTF-8", true},
		{"", "en_US.utf8", "C", true},
		{"", "", "de_DE.UTF-8@euro", true},
		{"POSIX", "", "", false},
		{"", "", "en_US.ISO-8859-1", false},
		// bash 5.2 (glibc) by hand: the codeset after the dot, any case.
		{"", "", "utf8", false},
		{"UTF-8", "", "", false},
		{"", "", "C.Utf-8", true},
		{"", "", "C.UTF8", true},
		{"", "", "C.utf_8", false},
	} {
		if got := LocaleIsUTF8(c.all, c.ctype, c.lang); got != c.want {
			t.Errorf("LocaleIsUTF8(%q, %q, %q) = %v", c.all, c.ctype, c.lang, got)
		}
	}
}
