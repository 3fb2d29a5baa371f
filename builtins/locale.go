package builtins

import (
	"os"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// utf8Locale records whether the shell's LC_CTYPE uses UTF-8. It decides
// which bytes quoting treats as printable, how \u escapes are output and
// what 'c means as a printf number. It starts from the process
// environment, as bash's does, and the shell updates it with SetUTF8.
var utf8Locale atomic.Bool

func init() {
	utf8Locale.Store(LocaleIsUTF8(os.Getenv("LC_ALL"), os.Getenv("LC_CTYPE"), os.Getenv("LANG")))
}

// SetUTF8 tells the builtins whether the character locale is UTF-8. The
// shell calls it when LC_ALL, LC_CTYPE or LANG change (see LocaleIsUTF8).
func SetUTF8(on bool) { utf8Locale.Store(on) }

// UTF8 reports whether the character locale is UTF-8.
func UTF8() bool { return utf8Locale.Load() }

// LocaleIsUTF8 reports whether the LC_CTYPE locale selected by these
// variables (the first non-empty one wins) has a UTF-8 codeset.
func LocaleIsUTF8(lcAll, lcCtype, lang string) bool {
	name := lcAll
	if name == "" {
		name = lcCtype
	}
	if name == "" {
		name = lang
	}
	_, cs, ok := strings.Cut(name, ".")
	if !ok {
		return false
	}
	cs, _, _ = strings.Cut(cs, "@")
	cs = strings.ToLower(cs)
	return cs == "utf-8" || cs == "utf8"
}

// printableRune is glibc's iswprint for its UTF-8 locales: every assigned
// character except controls, surrogates and the line/paragraph separators.
// Format characters and private-use characters count as printable.
func printableRune(r rune) bool {
	switch {
	case r < 0x7f:
		return r >= 0x20
	case r < 0xa0:
		return false
	case r == 0x2028 || r == 0x2029:
		return false
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S,
		unicode.Zs, unicode.Cf, unicode.Co)
}

// AppendCodePoint appends code point c the way bash expands \u and \U
// (in echo -e, printf and $'...'): as UTF-8 (extended to 6 bytes for
// values past U+10FFFF, surrogates included) in a UTF-8 locale; otherwise
// as the ASCII byte, or as the escape text itself (\u00E9) when the locale
// cannot represent it. Values from 2^31 up produce nothing.
func AppendCodePoint(b []byte, c uint32) []byte {
	switch {
	case c < 0x80:
		return append(b, byte(c))
	case c >= 0x80000000:
		return b
	}
	if !UTF8() {
		const hex = "0123456789ABCDEF"
		n := 4
		b = append(b, '\\', 'u')
		if c > 0xffff {
			n = 8
			b[len(b)-1] = 'U'
		}
		for i := n - 1; i >= 0; i-- {
			b = append(b, hex[(c>>(4*uint(i)))&0xf])
		}
		return b
	}
	switch {
	case c < 0x800:
		return append(b, byte(c>>6)|0xc0, byte(c&0x3f)|0x80)
	case c < 0x10000:
		return append(b, byte(c>>12)|0xe0, byte(c>>6)&0x3f|0x80, byte(c&0x3f)|0x80)
	case c < 0x200000:
		return append(b, byte(c>>18)|0xf0, byte(c>>12)&0x3f|0x80, byte(c>>6)&0x3f|0x80, byte(c&0x3f)|0x80)
	case c < 0x4000000:
		return append(b, byte(c>>24)|0xf8, byte(c>>18)&0x3f|0x80, byte(c>>12)&0x3f|0x80,
			byte(c>>6)&0x3f|0x80, byte(c&0x3f)|0x80)
	}
	return append(b, byte(c>>30)|0xfc, byte(c>>24)&0x3f|0x80, byte(c>>18)&0x3f|0x80,
		byte(c>>12)&0x3f|0x80, byte(c>>6)&0x3f|0x80, byte(c&0x3f)|0x80)
}

// decodeChar returns the character at the start of s and its length in
// bytes: a valid multibyte character in a UTF-8 locale, else one byte
// (ok false for a byte that is not a character of the locale).
func decodeChar(s string) (r rune, size int, ok bool) {
	c := s[0]
	if c < 0x80 {
		return rune(c), 1, true
	}
	if !UTF8() {
		return rune(c), 1, false
	}
	r, size = utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && size <= 1 {
		return rune(c), 1, false
	}
	return r, size, true
}
