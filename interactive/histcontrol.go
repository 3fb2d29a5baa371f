package interactive

import (
	"regexp"
	"strings"

	"mvdan.cc/sh/v3/pattern"
)

// histIgnored applies HISTCONTROL (ignorespace, ignoredups, ignoreboth)
// and HISTIGNORE (patterns matching whole lines; & is the previous entry)
// to a new history entry.
func histIgnored(entry, control, ignore string, h *History) bool {
	both := hasWord(control, "ignoreboth")
	if (both || hasWord(control, "ignorespace")) && strings.HasPrefix(entry, " ") {
		return true
	}
	if both || hasWord(control, "ignoredups") {
		if last, ok := h.Last(); ok && last == entry {
			return true
		}
	}
	if ignore == "" {
		return false
	}
	for _, pat := range splitColons(ignore) {
		if pat == "" {
			continue
		}
		if strings.Contains(pat, "&") {
			last, _ := h.Last()
			pat = strings.ReplaceAll(pat, "&", pattern.QuoteMeta(last, 0))
		}
		expr, err := pattern.Regexp(pat, pattern.EntireString)
		if err != nil {
			continue
		}
		if rx, err := regexp.Compile(expr); err == nil && rx.MatchString(entry) {
			return true
		}
	}
	return false
}

// hasWord reports whether a colon-separated list holds w.
func hasWord(list, w string) bool {
	for _, x := range strings.Split(list, ":") {
		if x == w {
			return true
		}
	}
	return false
}

// splitColons splits at colons not quoted by a backslash.
func splitColons(s string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == ':':
			b.WriteByte(':')
			i++
		case s[i] == ':':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(out, b.String())
}
