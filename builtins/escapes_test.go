package builtins

import "testing"

// Recorded from bash 5.2 ($'...' in a UTF-8 locale).
func TestANSIC(t *testing.T) {
	defer SetUTF8(UTF8())
	SetUTF8(true)
	for _, c := range []struct{ in, out string }{
		{`plain`, "plain"},
		{`a\tb\n\e\E\a\v\f\r\b`, "a\tb\n\x1b\x1b\a\v\f\r\b"},
		{`\'\"\?\\\q`, `'"?\\q`},
		{`\101\1018\x41\x4g`, "AA8A\x04g"},
		{`\u00e9\U0001F600\uD800`, "é😀\xed\xa0\x80"},
		{`\x\u\U`, `\x\u\U`},
		{`\ca\cA\c[\c\\x\c?`, "\x01\x01\x1b\x1cx\x7f"},
		{`a\c`, `a\c`},
		{`trail\`, `trail\`},
		// A decoded NUL ends the string, whatever escape made it.
		{`a\0b`, "a"},
		{`a\400b`, "a"},
		{`a\x00b`, "a"},
		{`a\u0000b`, "a"},
		{`a\c@b`, "a"},
		{"a\\c b", "a"},
	} {
		if got := ANSIC(c.in); got != c.out {
			t.Errorf("ANSIC(%q) = %q, want %q", c.in, got, c.out)
		}
	}
}
