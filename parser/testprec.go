package parser

import "mvdan.cc/sh/v3/syntax"

// The library parses the && and || of [[ ]] as one right-nested chain,
// with a leading ! over the whole rest: `[[ e && b || c ]]` comes out as
// e && (b || c), `! a && b` as !(a && b). bash gives ! the tightest
// binding, then &&, then ||, left to right. regroupTest rebuilds the
// chain that way; parentheses (ParenTest) keep their grouping.

type testChain struct {
	operands []syntax.TestExpr
	ops      []*syntax.BinaryTest // the operator nodes, for op and position
}

func isAndOr(x syntax.TestExpr) (*syntax.BinaryTest, bool) {
	b, ok := x.(*syntax.BinaryTest)
	return b, ok && (b.Op == syntax.AndTest || b.Op == syntax.OrTest)
}

// regroupTest returns x with bash's precedence.
func regroupTest(x syntax.TestExpr) syntax.TestExpr {
	var c testChain
	c.flatten(x)
	if len(c.ops) == 0 {
		return c.operands[0]
	}
	// Split at ||, join each part with && (left to right), then join the
	// parts with ||.
	var or syntax.TestExpr
	var orOp *syntax.BinaryTest
	and := c.operands[0]
	for i, op := range c.ops {
		next := c.operands[i+1]
		if op.Op == syntax.AndTest {
			and = join(op, and, next)
			continue
		}
		or = joinOr(orOp, or, and)
		orOp, and = op, next
	}
	return joinOr(orOp, or, and)
}

func join(op *syntax.BinaryTest, x, y syntax.TestExpr) syntax.TestExpr {
	return &syntax.BinaryTest{OpPos: op.OpPos, Op: op.Op, X: x, Y: y}
}

func joinOr(op *syntax.BinaryTest, or, and syntax.TestExpr) syntax.TestExpr {
	if or == nil {
		return and
	}
	return join(op, or, and)
}

// flatten appends the operands and operators of x in source order.
func (c *testChain) flatten(x syntax.TestExpr) {
	if b, ok := isAndOr(x); ok {
		c.flatten(b.X)
		c.ops = append(c.ops, b)
		c.flatten(b.Y)
		return
	}
	if u, ok := x.(*syntax.UnaryTest); ok && u.Op == syntax.TsNot {
		if _, chain := isAndOr(u.X); chain || isNegatedChain(u.X) {
			// `! a && b`: the ! belongs to the first operand only.
			first := len(c.operands)
			c.flatten(u.X)
			c.operands[first] = &syntax.UnaryTest{OpPos: u.OpPos, Op: syntax.TsNot, X: c.operands[first]}
			return
		}
		c.operands = append(c.operands, &syntax.UnaryTest{OpPos: u.OpPos, Op: u.Op, X: regroupOperand(u.X)})
		return
	}
	c.operands = append(c.operands, regroupOperand(x))
}

// isNegatedChain reports `! ! a && b`: a ! over a ! over a chain.
func isNegatedChain(x syntax.TestExpr) bool {
	u, ok := x.(*syntax.UnaryTest)
	if !ok || u.Op != syntax.TsNot {
		return false
	}
	_, chain := isAndOr(u.X)
	return chain || isNegatedChain(u.X)
}

// regroupOperand regroups inside parentheses.
func regroupOperand(x syntax.TestExpr) syntax.TestExpr {
	if p, ok := x.(*syntax.ParenTest); ok {
		return &syntax.ParenTest{Lparen: p.Lparen, Rparen: p.Rparen, X: regroupTest(p.X)}
	}
	return x
}
