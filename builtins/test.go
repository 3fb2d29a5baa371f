package builtins

import "fmt"

func init() {
	Register(&Builtin{Name: "test", Fn: testBuiltin, Usage: "test [expr]"})
	Register(&Builtin{Name: "[", Fn: testBuiltin, Usage: "[ arg... ]"})
}

// testError aborts evaluation with a syntax error (status 2), as bash's
// test_syntax_error longjmps out of its parser.
type testError string

// tester evaluates a test expression the way bash's test.c does: POSIX's
// rules by argument count for up to four arguments, and a recursive
// descent parser (-o below -a below ! and parentheses) beyond.
type tester struct {
	sh   Shell
	argv []string // argv[0] is the command name
	pos  int
}

func testBuiltin(sh Shell, args []string) (status int) {
	name := args[0]
	if name == "[" {
		if args[len(args)-1] != "]" || len(args) == 1 {
			sh.Errorf("[: missing ']'")
			return 2
		}
		args = args[:len(args)-1]
	}
	if len(args) < 2 {
		return 1
	}
	t := tester{sh: sh, argv: args, pos: 1}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(testError)
			if !ok {
				panic(r)
			}
			sh.Errorf("%s: %s", name, string(e))
			status = 2
		}
	}()
	v := t.posix()
	if t.pos != len(t.argv) {
		if t.pos < len(t.argv) && t.argv[t.pos] != "" && t.argv[t.pos][0] == '-' {
			t.fail("syntax error: '%s' unexpected", t.argv[t.pos])
		}
		t.fail("too many arguments")
	}
	if v {
		return 0
	}
	return 1
}

func (t *tester) fail(format string, a ...any) {
	panic(testError(fmt.Sprintf(format, a...)))
}

func (t *tester) argc() int { return len(t.argv) }

// advance moves past an argument; when need is set, running out of
// arguments is an error.
func (t *tester) advance(need bool) {
	t.pos++
	if need && t.pos >= t.argc() {
		t.fail("argument expected")
	}
}

func (t *tester) posix() bool {
	switch t.argc() - 1 {
	case 1:
		t.pos = t.argc()
		return t.argv[1] != ""
	case 2:
		v := t.twoArgs()
		t.pos = t.argc()
		return v
	case 3:
		return t.threeArgs()
	case 4:
		switch {
		case t.argv[t.pos] == "!":
			t.advance(true)
			return !t.threeArgs()
		case t.argv[t.pos] == "(" && t.argv[t.argc()-1] == ")":
			t.advance(true)
			v := t.twoArgs()
			t.pos = t.argc()
			return v
		}
	}
	return t.expr()
}

func (t *tester) twoArgs() bool {
	a := t.argv[t.pos]
	switch {
	case a == "!":
		return t.argv[t.pos+1] == ""
	case IsUnaryOp(a):
		return t.unary()
	}
	t.fail("%s: unary operator expected", a)
	return false
}

func isAndOr(s string) bool { return s == "-a" || s == "-o" }

func (t *tester) threeArgs() bool {
	a, op, b := t.argv[t.pos], t.argv[t.pos+1], t.argv[t.pos+2]
	var v bool
	switch {
	case IsBinaryOp(op):
		v = t.binary()
	case isAndOr(op):
		if op == "-a" {
			v = a != "" && b != ""
		} else {
			v = a != "" || b != ""
		}
	case a == "!":
		t.advance(true)
		v = !t.twoArgs()
	case a == "(" && b == ")":
		v = op != ""
	default:
		t.fail("%s: binary operator expected", op)
	}
	t.pos = t.argc()
	return v
}

func (t *tester) expr() bool {
	if t.pos >= t.argc() {
		t.fail("argument expected")
	}
	return t.or()
}

func (t *tester) or() bool {
	v := t.and()
	if t.pos < t.argc() && t.argv[t.pos] == "-o" {
		t.advance(false)
		return t.or() || v
	}
	return v
}

func (t *tester) and() bool {
	v := t.term()
	if t.pos < t.argc() && t.argv[t.pos] == "-a" {
		t.advance(false)
		return t.and() && v
	}
	return v
}

func (t *tester) term() bool {
	if t.pos >= t.argc() {
		t.fail("argument expected")
	}
	if t.argv[t.pos] == "!" {
		neg := false
		for t.pos < t.argc() && t.argv[t.pos] == "!" {
			t.advance(true)
			neg = !neg
		}
		return t.term() != neg
	}
	if t.argv[t.pos] == "(" {
		t.advance(true)
		v := t.expr()
		switch {
		case t.pos >= t.argc():
			t.fail("')' expected")
		case t.argv[t.pos] != ")":
			t.fail("')' expected, found %s", t.argv[t.pos])
		}
		t.advance(false)
		return v
	}
	a := t.argv[t.pos]
	switch {
	case t.pos+3 <= t.argc() && IsBinaryOp(t.argv[t.pos+1]):
		return t.binary()
	case len(a) == 2 && a[0] == '-':
		if !IsUnaryOp(a) {
			t.fail("%s: unary operator expected", a)
		}
		return t.unary()
	}
	t.advance(false)
	return a != ""
}

// unary evaluates the unary operator at pos and its operand.
func (t *tester) unary() bool {
	op := t.argv[t.pos]
	if op == "-t" { // the operand is optional, and must be a number
		t.advance(false)
		if t.pos >= t.argc() {
			return isTerminal(t.sh, 1)
		}
		if _, ok := legalNumber(t.argv[t.pos]); !ok {
			return false
		}
		t.advance(false)
		v, _ := UnaryTest(t.sh, op, t.argv[t.pos-1])
		return v
	}
	t.advance(true)
	t.pos++
	v, _ := UnaryTest(t.sh, op, t.argv[t.pos-1])
	return v
}

// binary evaluates the binary expression starting at pos.
func (t *tester) binary() bool {
	x, op, y := t.argv[t.pos], t.argv[t.pos+1], t.argv[t.pos+2]
	t.pos += 3
	if isArithOp(op) {
		l, ok := legalNumber(x)
		if !ok {
			t.fail("%s: integer expression expected", x)
		}
		r, ok := legalNumber(y)
		if !ok {
			t.fail("%s: integer expression expected", y)
		}
		return compareInts(op, l, r)
	}
	v, _ := BinaryTest(t.sh, op, x, y)
	return v
}
