package arith

type tokKind uint8

const (
	tEOF tokKind = iota
	tNum
	tStr // identifier, possibly with a subscript
	tErr // lexing failed; the token carries bash's message

	// Single-character operators.
	tAssign // =
	tGt
	tLt
	tPlus
	tMinus
	tMul
	tDiv
	tMod
	tNot
	tLpar
	tRpar
	tBand
	tBor
	tBxor
	tBnot
	tQues
	tCol
	tComma

	// Multi-character operators.
	tEq
	tNe
	tGe
	tLe
	tLsh
	tRsh
	tLand
	tLor
	tPow
	tPreInc
	tPreDec
	tPostInc
	tPostDec
	tOpAssign // OP=; token.aop holds OP
)

// after tells the lexer what came before, since bash's readtok reads
// "++", "--" and junk characters differently depending on it.
type after uint8

const (
	afterOp     after = iota // nothing, an operator or ')': junk means "operand expected"
	afterNum                 // a number or a completed ++/-- operand
	afterStr                 // an identifier: "++" is a post-increment
	afterPreInc              // "++x": another "++" is an error
)

type token struct {
	kind  tokKind
	start int // where the token begins: bash's lasttp, the error token
	end   int
	num   int64
	aop   tokKind // operator of tOpAssign
	msg   string  // tErr: the message; start is the error position
	cut   int     // tErr: if > 0, bash shows the text only up to here

	// tStr
	name, sub  string
	hasSub     bool
	peekAssign bool // followed by '=': bash does not read the variable
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isAlnum(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// singleOps maps the characters bash accepts as one-character operators.
var singleOps = [256]tokKind{
	'=': tAssign, '>': tGt, '<': tLt, '+': tPlus, '-': tMinus, '*': tMul,
	'/': tDiv, '%': tMod, '!': tNot, '(': tLpar, ')': tRpar, '&': tBand,
	'|': tBor, '^': tBxor, '~': tBnot, '?': tQues, ':': tCol, ',': tComma,
}

// lex reads the token at or after pos. Like bash, reading an identifier
// also looks ahead at what follows it (to see whether it is assigned), and
// errors met while looking ahead are the identifier's errors.
func lex(s string, pos int, ctx after) token {
	t := lex1(s, pos, ctx)
	if t.kind != tStr {
		return t
	}
	// bash peeks with the identifier as the current token. A chain of
	// identifiers peeks all the way along it.
	for q, first := t.end, true; ; first = false {
		n := lex1(s, q, afterStr)
		if n.kind == tErr {
			return n
		}
		if first {
			t.peekAssign = n.kind == tAssign
		}
		if n.kind != tStr {
			return t
		}
		q = n.end
	}
}

// lex1 reads one token without the identifier look-ahead.
func lex1(s string, pos int, ctx after) token {
	for pos < len(s) && isBlank(s[pos]) {
		pos++
	}
	if pos == len(s) {
		return token{kind: tEOF, start: -1, end: pos}
	}
	c := s[pos]
	start := pos
	switch {
	case isLetter(c):
		end := pos + 1
		for end < len(s) && isAlnum(s[end]) {
			end++
		}
		t := token{kind: tStr, start: start, name: s[pos:end]}
		if end < len(s) && s[end] == '[' {
			close := scanSubscript(s, end)
			if close < 0 {
				return token{kind: tErr, start: start, msg: msgBadSub}
			}
			t.sub, t.hasSub = s[end+1:close], true
			end = close + 1
		}
		t.end = end
		return t
	case isDigit(c):
		end := pos + 1
		for end < len(s) && (isAlnum(s[end]) || s[end] == '#' || s[end] == '@') {
			end++
		}
		v, msg := parseNumber(s[pos:end])
		if msg != "" {
			// bash converts the number with a NUL written after it, so
			// its message shows the expression only up to there.
			return token{kind: tErr, start: start, msg: msg, cut: end}
		}
		return token{kind: tNum, start: start, end: end, num: v}
	}

	var c1, c2 byte
	if pos+1 < len(s) {
		c1 = s[pos+1]
	}
	if pos+2 < len(s) {
		c2 = s[pos+2]
	}
	op := func(k tokKind, n int) token { return token{kind: k, start: start, end: pos + n} }
	opAssign := func(a tokKind, n int) token {
		return token{kind: tOpAssign, start: start, end: pos + n, aop: a}
	}
	switch {
	case c == '=' && c1 == '=':
		return op(tEq, 2)
	case c == '!' && c1 == '=':
		return op(tNe, 2)
	case c == '>' && c1 == '=':
		return op(tGe, 2)
	case c == '<' && c1 == '=':
		return op(tLe, 2)
	case c == '<' && c1 == '<':
		if c2 == '=' {
			return opAssign(tLsh, 3)
		}
		return op(tLsh, 2)
	case c == '>' && c1 == '>':
		if c2 == '=' {
			return opAssign(tRsh, 3)
		}
		return op(tRsh, 2)
	case c == '&' && c1 == '&':
		return op(tLand, 2)
	case c == '|' && c1 == '|':
		return op(tLor, 2)
	case c == '*' && c1 == '*':
		return op(tPow, 2)
	case (c == '+' || c == '-') && c1 == c:
		switch ctx {
		case afterStr:
			if c == '+' {
				return op(tPostInc, 2)
			}
			return op(tPostDec, 2)
		case afterPreInc:
			return token{kind: tErr, start: start, msg: string([]byte{c, c}) + ": assignment requires lvalue"}
		}
		// A pre-increment only if a name follows; otherwise two signs.
		q := pos + 2
		for q < len(s) && isBlank(s[q]) {
			q++
		}
		if q < len(s) && isLetter(s[q]) {
			if c == '+' {
				return op(tPreInc, 2)
			}
			return op(tPreDec, 2)
		}
		return op(singleOps[c], 1)
	case c1 == '=' && (c == '*' || c == '/' || c == '%' || c == '+' || c == '-' || c == '&' || c == '^' || c == '|'):
		return opAssign(singleOps[c], 2)
	case singleOps[c] != 0:
		return op(singleOps[c], 1)
	}
	if ctx == afterOp {
		return token{kind: tErr, start: start, msg: msgOperand}
	}
	return token{kind: tErr, start: start, msg: msgOperator}
}
