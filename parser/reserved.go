package parser

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// misplacedIn finds `in` used as a command name. bash reads it as the
// reserved word and rejects the whole line group (`echo a; in x` runs
// nothing); the library takes it for an ordinary command.
func misplacedIn(src string, nodes ...syntax.Node) error {
	if !strings.Contains(src, "in") {
		return nil
	}
	var bad *syntax.Word
	for _, n := range nodes {
		syntax.Walk(n, func(n syntax.Node) bool {
			if bad != nil {
				return false
			}
			if c, ok := n.(*syntax.CallExpr); ok && len(c.Assigns) == 0 && len(c.Args) > 0 && c.Args[0].Lit() == "in" {
				bad = c.Args[0]
			}
			return true
		})
	}
	if bad == nil {
		return nil
	}
	return syntax.ParseError{Pos: bad.Pos(), Text: "`in` is a reserved word"}
}
