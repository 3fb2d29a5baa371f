package interactive

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"gsh/parser"
)

// joinLines makes one history entry of a command typed on several lines,
// as bash does with cmdhist: each line break becomes "; " where that means
// the same, else a space, else it stays a newline (inside quotes, here-
// documents, after a comment). "Means the same" is checked by comparing
// the printed syntax trees.
func joinLines(lines []string) string {
	if len(lines) == 1 {
		return lines[0]
	}
	whole := strings.Join(lines, "\n")
	if len(lines) > 200 {
		return whole
	}
	want, ok := printed(whole)
	if !ok {
		return whole
	}
	joined := lines[0]
	for i := 1; i < len(lines); i++ {
		rest := strings.Join(lines[i:], "\n")
		sep := "\n"
		for _, s := range []string{"; ", " "} {
			if got, ok := printed(joined + s + rest); ok && got == want {
				sep = s
				break
			}
		}
		joined += sep + lines[i]
	}
	return joined
}

// printed is the canonical text of src's syntax tree.
func printed(src string) (string, bool) {
	f, err := parser.Parse(src)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	if err := syntax.NewPrinter(syntax.SingleLine(true)).Print(&b, f); err != nil {
		return "", false
	}
	return b.String(), true
}
