package arith

import "strings"

// maxDepth is bash's MAX_EXPR_RECURSION_LEVEL: how many expressions
// (variable values and subscripts evaluated as expressions) may nest.
const maxDepth = 1024

// evaluator holds the state of one Eval call. It lives on the caller's stack.
type evaluator struct {
	env   Env
	cur   *prog // the expression being evaluated, for error messages
	depth int
	// noeval counts the enclosing unevaluated branches (the right of a false
	// &&, the untaken side of ?:). bash still walks them, with variables
	// reading as 0 and no assignments or division errors.
	noeval int
	inSub  int // inside an array subscript: errors are fatal
}

// run evaluates a compiled, non-blank expression one level deeper.
func (ev *evaluator) run(p *prog) (int64, error) {
	saved := ev.cur
	ev.cur = p
	ev.depth++
	v, err := ev.eval(p.root)
	ev.depth--
	ev.cur = saved
	return v, err
}

// fail builds an *Error located at pos of the current expression.
func (ev *evaluator) fail(msg string, pos int) error {
	return &Error{Expr: ev.cur.disp, Msg: msg, Token: tokenAt(ev.cur.src, pos), Fatal: ev.inSub > 0}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (ev *evaluator) eval(n *node) (int64, error) {
	switch n.kind {
	case nNum:
		return n.num, nil
	case nVar:
		if n.noRead || ev.noeval > 0 {
			return 0, nil
		}
		v, _, err := ev.read(n.v)
		return v, err
	case nBinary, nLand, nLor, nComma:
		if leftAssoc(n.l.kind) {
			return ev.chain(n)
		}
		a, err := ev.eval(n.l)
		if err != nil {
			return 0, err
		}
		return ev.apply(n, a)
	case nUnary:
		a, err := ev.eval(n.l)
		if err != nil {
			return 0, err
		}
		switch n.op {
		case tMinus:
			return -a, nil
		case tNot:
			return b2i(a == 0), nil
		case tBnot:
			return ^a, nil
		}
		return a, nil
	case nPow:
		a, err := ev.eval(n.l)
		if err != nil {
			return 0, err
		}
		e, err := ev.eval(n.r)
		if err != nil {
			return 0, err
		}
		if e == 0 {
			return 1, nil
		}
		if e < 0 {
			// Even where nothing is evaluated: bash checks this regardless.
			return 0, ev.fail(msgExponent, n.pos)
		}
		return ipow(a, e), nil
	case nCond:
		c, err := ev.eval(n.l)
		if err != nil {
			return 0, err
		}
		taken, other := n.r, n.x
		if c == 0 {
			if err := ev.skip(n.r); err != nil {
				return 0, err
			}
			taken, other = n.x, nil
		}
		if taken == nil {
			return 0, nil // unreachable: a missing branch is an nErr
		}
		v, err := ev.eval(taken)
		if err != nil {
			return 0, err
		}
		return v, ev.skip(other)
	case nSeq:
		v, err := ev.eval(n.l)
		if err != nil {
			return 0, err
		}
		_, err = ev.eval(n.r)
		return v, err
	case nAssign:
		return ev.assign(n)
	case nIncDec:
		return ev.incdec(n)
	case nErr:
		if n.err.cut > 0 {
			src := ev.cur.src[:n.err.cut]
			return 0, &Error{Expr: strings.TrimLeft(src, " \t"), Msg: n.err.msg, Token: tokenAt(src, n.pos), Fatal: ev.inSub > 0}
		}
		return 0, ev.fail(n.err.msg, n.pos)
	}
	panic("arith: bad node")
}

func leftAssoc(k nodeKind) bool {
	return k == nBinary || k == nLand || k == nLor || k == nComma
}

// chain evaluates a left-deep run of left-associative operators (1+2+3...,
// a && b && c...) in a loop rather than by recursion, so that long ones do
// not grow the stack.
func (ev *evaluator) chain(n *node) (int64, error) {
	var buf [16]*node
	spine := buf[:0]
	for ; leftAssoc(n.kind); n = n.l {
		spine = append(spine, n)
	}
	v, err := ev.eval(n)
	for i := len(spine) - 1; i >= 0 && err == nil; i-- {
		v, err = ev.apply(spine[i], v)
	}
	return v, err
}

// apply finishes a left-associative node whose left operand is a.
func (ev *evaluator) apply(n *node, a int64) (int64, error) {
	switch n.kind {
	case nLand, nLor:
		if (a != 0) == (n.kind == nLor) {
			return b2i(a != 0), ev.skip(n.r)
		}
		b, err := ev.eval(n.r)
		return b2i(b != 0), err
	case nComma:
		return ev.eval(n.r)
	}
	b, err := ev.eval(n.r)
	if err != nil {
		return 0, err
	}
	return ev.binary(n.op, a, b, n.pos)
}

// skip goes through a branch bash parses without evaluating, which only
// matters when something in it can fail anyway.
func (ev *evaluator) skip(n *node) error {
	if n == nil || !n.walk {
		return nil
	}
	ev.noeval++
	_, err := ev.eval(n)
	ev.noeval--
	return err
}

// binary applies a non-short-circuit binary operator with C's 64-bit
// semantics on x86-64: wrap-around, and shift counts taken modulo 64.
func (ev *evaluator) binary(op tokKind, a, b int64, pos int) (int64, error) {
	switch op {
	case tPlus:
		return a + b, nil
	case tMinus:
		return a - b, nil
	case tMul:
		return a * b, nil
	case tDiv, tMod:
		if b == 0 {
			if ev.noeval == 0 {
				return 0, ev.fail(msgDivZero, pos)
			}
			b = 1
		}
		// Go defines MinInt64 / -1 as MinInt64 (and % as 0), as bash does.
		if op == tDiv {
			return a / b, nil
		}
		return a % b, nil
	case tLsh:
		return a << (uint64(b) & 63), nil
	case tRsh:
		return a >> (uint64(b) & 63), nil
	case tLt:
		return b2i(a < b), nil
	case tGt:
		return b2i(a > b), nil
	case tLe:
		return b2i(a <= b), nil
	case tGe:
		return b2i(a >= b), nil
	case tEq:
		return b2i(a == b), nil
	case tNe:
		return b2i(a != b), nil
	case tBand:
		return a & b, nil
	case tBor:
		return a | b, nil
	case tBxor:
		return a ^ b, nil
	}
	panic("arith: bad operator")
}

func ipow(base, exp int64) int64 {
	r := int64(1)
	for exp != 0 {
		if exp&1 != 0 {
			r *= base
		}
		exp >>= 1
		base *= base
	}
	return r
}
