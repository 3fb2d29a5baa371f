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
			if c, ok := n.(*syntax.CallExpr); ok && bad == nil {
				bad = inCommand(c)
			}
			return bad == nil
		})
	}
	return inError(bad)
}

// checkGroup looks at the statements of a line group, read from src, in
// one walk: reserved is a misplaced `in` (see misplacedIn), and timeV
// tells whether a `time -v` stands before a compound command (see
// verboseCompound).
func checkGroup(src string, stmts []*syntax.Stmt) (reserved error, timeV bool) {
	wantIn, wantTime := strings.Contains(src, "in"), strings.Contains(src, "time")
	if !wantIn && !wantTime {
		return nil, false
	}
	var bad *syntax.Word
	for _, st := range stmts {
		syntax.Walk(st, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.CallExpr:
				if wantIn && bad == nil {
					bad = inCommand(n)
				}
			case *syntax.TimeClause:
				timeV = timeV || wantTime && verboseCompound(n) != nil
			}
			return bad == nil
		})
	}
	return inError(bad), timeV
}

// inCommand returns the word `in` if c runs it as a command.
func inCommand(c *syntax.CallExpr) *syntax.Word {
	if len(c.Assigns) == 0 && len(c.Args) > 0 && c.Args[0].Lit() == "in" {
		return c.Args[0]
	}
	return nil
}

func inError(bad *syntax.Word) error {
	if bad == nil {
		return nil
	}
	return syntax.ParseError{Pos: bad.Pos(), Text: "`in` is a reserved word"}
}
