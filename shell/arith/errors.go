package arith

// Error is an evaluation error. Error() gives bash's text after the
// "bash: line N: " prefix (and after the "let: " or "((: " command name the
// shell adds), e.g.
//
//	1 +: syntax error: operand expected (error token is "+")
type Error struct {
	// Expr is the expression being evaluated when the error happened, with
	// leading blanks removed as bash prints it; for an error inside a
	// variable's value or a subscript it is that inner text.
	Expr string
	Msg  string
	// Token is the rest of the expression from the offending token on.
	Token string
	// Fatal marks errors raised while evaluating an array subscript: bash
	// prints them without the command name ("let: ") and a non-interactive
	// shell exits, even under let or (( )).
	Fatal bool
}

func (e *Error) Error() string {
	return e.Expr + ": " + e.Msg + " (error token is \"" + e.Token + "\")"
}

// UnboundError is the `set -u` error for reading an unset variable. bash
// prints it without the command name and treats it as fatal: a
// non-interactive shell exits.
type UnboundError struct{ Name string }

func (e *UnboundError) Error() string { return e.Name + ": unbound variable" }

// bash's wording, kept in one place.
const (
	msgOperand      = "syntax error: operand expected"
	msgOperator     = "syntax error: invalid arithmetic operator"
	msgSyntax       = "syntax error in expression"
	msgDivZero      = "division by 0"
	msgExponent     = "exponent less than 0"
	msgNonVar       = "attempted assignment to non-variable"
	msgParen        = "missing `)'"
	msgColon        = "`:' expected for conditional expression"
	msgExprExpected = "expression expected"
	msgRecursion    = "expression recursion level exceeded"
	msgBadSub       = "bad array subscript"
	msgIdentAfter   = "identifier expected after pre-increment or pre-decrement"
	msgTooGreat     = "value too great for base"
	msgBadNumber    = "invalid number"
	msgBadBase      = "invalid arithmetic base"
	msgBadConst     = "invalid integer constant"
)

// tokenAt is bash's error token: the text from pos to the end.
func tokenAt(s string, pos int) string {
	if pos < 0 || pos >= len(s) {
		return ""
	}
	return s[pos:]
}
