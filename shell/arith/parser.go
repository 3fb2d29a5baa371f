package arith

// The parser follows bash's recursive descent (expcomma down to exp0) but
// builds a tree instead of evaluating on the fly. bash evaluates while it
// parses, so everything it did before meeting a syntax error still happens:
// `x=5, 1+` assigns x. To keep that, a syntax error becomes an nErr node at
// the place bash found it, the partial tree around it is kept, and the error
// is raised when evaluation gets there.

type parser struct {
	s      string
	tok    token // bash's curtok, with its text and value
	lasttp int   // start of the last token read: the error token
	// lastStr is bash's "lasttok == STR" as seen by an assignment: the
	// operand just parsed was a bare identifier (not parenthesised).
	lastStr bool
	failed  bool
	nest    int    // recursion depth, see maxNest
	slab    []node // nodes are carved from here: one allocation, not one each
}

// maxNest bounds the parser's recursion (each level of parentheses costs
// four). bash has no limit and crashes past some 40000 parentheses; a Go
// stack overflow would take the whole shell down, so we fail instead.
const maxNest = 4 * 30000

func (p *parser) leave() { p.nest-- }

// enter counts one level of recursion and reports whether it is too deep.
func (p *parser) enter() bool {
	p.nest++
	return p.nest > maxNest
}

// newNode returns a node holding n, its children already in place.
func (p *parser) newNode(n node) *node {
	// A ** fails on a negative exponent, a constant one excepted.
	n.walk = n.kind == nErr || n.kind == nPow && !(n.r.kind == nNum && n.r.num >= 0)
	for _, c := range [...]*node{n.l, n.r, n.x} {
		if c != nil && c.walk {
			n.walk = true
		}
	}
	if len(p.slab) == cap(p.slab) {
		size := min(len(p.s)/4+2, 32)
		p.slab = make([]node, 0, size)
	}
	p.slab = append(p.slab, n)
	return &p.slab[len(p.slab)-1]
}

func parse(s string) *node {
	p := &parser{s: s, lasttp: -1}
	p.advance(0, afterOp)
	n := p.comma()
	if !p.failed && p.tok.kind != tEOF {
		n = p.seqErr(n, msgSyntax, p.lasttp)
	}
	return n
}

// advance reads the next token after position pos.
func (p *parser) advance(pos int, ctx after) {
	p.setTok(lex(p.s, pos, ctx))
}

func (p *parser) setTok(t token) {
	p.tok = t
	if t.kind != tEOF {
		p.lasttp = t.start
	}
}

func (p *parser) errNode(msg string, pos int) *node {
	p.failed = true
	return &node{kind: nErr, err: &errInfo{msg: msg}, pos: pos, walk: true}
}

// lexErr turns a tErr token into an error node.
func (p *parser) lexErr(t token) *node {
	n := p.errNode(t.msg, t.start)
	n.err.cut = t.cut
	return n
}

// seqErr evaluates n and then fails.
func (p *parser) seqErr(n *node, msg string, pos int) *node {
	return p.newNode(node{kind: nSeq, l: n, r: p.errNode(msg, pos)})
}

func (p *parser) comma() *node {
	n := p.assign()
	for !p.failed && p.tok.kind == tComma {
		p.advance(p.tok.end, afterOp)
		n = p.newNode(node{kind: nComma, l: n, r: p.assign()})
	}
	return n
}

func (p *parser) assign() *node {
	defer p.leave()
	if p.enter() {
		return p.errNode(msgRecursion, p.lasttp)
	}
	lhs := p.cond()
	if p.failed || (p.tok.kind != tAssign && p.tok.kind != tOpAssign) {
		return lhs
	}
	if lhs.kind != nVar || !p.lastStr {
		return p.seqErr(lhs, msgNonVar, p.lasttp)
	}
	n := node{kind: nAssign, v: lhs.v}
	if p.tok.kind == tOpAssign {
		n.op = p.tok.aop
		n.l = lhs // reads the variable before the right side, as bash does
	}
	p.advance(p.tok.end, afterOp)
	n.r = p.assign()
	n.pos = p.lasttp // a division by 0 blames the last token read
	return p.newNode(n)
}

func (p *parser) cond() *node {
	defer p.leave()
	if p.enter() {
		return p.errNode(msgRecursion, p.lasttp)
	}
	c := p.binary(1)
	if p.failed || p.tok.kind != tQues {
		return c
	}
	p.advance(p.tok.end, afterOp)
	a, b := p.branches()
	return p.newNode(node{kind: nCond, l: c, r: a, x: b})
}

// branches parses "a : b" after a '?'. After a syntax error the branch
// where bash stopped is the error node, or holds it.
func (p *parser) branches() (a, b *node) {
	if p.tok.kind == tEOF || p.tok.kind == tCol {
		return p.errNode(msgExprExpected, p.lasttp), nil
	}
	if a = p.comma(); p.failed {
		return a, nil
	}
	if p.tok.kind != tCol {
		return a, p.errNode(msgColon, p.lasttp)
	}
	p.advance(p.tok.end, afterOp)
	if p.tok.kind == tEOF {
		return a, p.errNode(msgExprExpected, p.lasttp)
	}
	return a, p.cond()
}

// binPrec gives the binary operators' precedence, loosest first; bash's
// levels explor .. exp2 are all left-associative, so precedence climbing
// builds the same trees with fewer calls.
var binPrec = [tOpAssign + 1]int8{
	tLor:  1,
	tLand: 2,
	tBor:  3,
	tBxor: 4,
	tBand: 5,
	tEq:   6, tNe: 6,
	tLt: 7, tGt: 7, tLe: 7, tGe: 7,
	tLsh: 8, tRsh: 8,
	tPlus: 9, tMinus: 9,
	tMul: 10, tDiv: 10, tMod: 10,
}

// binary parses operators of precedence min and tighter.
func (p *parser) binary(min int8) *node {
	n := p.power()
	for !p.failed {
		prec := binPrec[p.tok.kind]
		if prec == 0 || prec < min {
			break
		}
		op, opEnd := p.tok.kind, p.tok.end
		p.advance(opEnd, afterOp)
		b := node{kind: nBinary, op: op, l: n}
		switch op {
		case tLand:
			b.kind = nLand
		case tLor:
			b.kind = nLor
		case tDiv, tMod:
			// bash blames the divisor from its first non-blank on.
			q := opEnd
			for q < len(p.s) && (p.s[q] == ' ' || p.s[q] == '\t') {
				q++
			}
			b.pos = q
		}
		b.r = p.binary(prec + 1)
		n = p.newNode(b)
	}
	return n
}

func (p *parser) power() *node {
	defer p.leave()
	if p.enter() {
		return p.errNode(msgRecursion, p.lasttp)
	}
	n := p.unary()
	if p.failed || p.tok.kind != tPow {
		return n
	}
	p.advance(p.tok.end, afterOp)
	e := p.power() // right-associative
	return p.newNode(node{kind: nPow, l: n, r: e, pos: p.lasttp})
}

func (p *parser) unary() *node {
	defer p.leave()
	if p.enter() {
		return p.errNode(msgRecursion, p.lasttp)
	}
	switch k := p.tok.kind; k {
	case tNot, tBnot, tMinus, tPlus:
		p.advance(p.tok.end, afterOp)
		return p.newNode(node{kind: nUnary, op: k, l: p.unary()})
	}
	return p.primary()
}

func (p *parser) primary() *node {
	t := p.tok
	switch t.kind {
	case tPreInc, tPreDec:
		p.advance(t.end, afterOp)
		if p.tok.kind == tErr {
			return p.lexErr(p.tok)
		}
		if p.tok.kind != tStr {
			return p.errNode(msgIdentAfter, p.lasttp)
		}
		n := p.newNode(node{kind: nIncDec, v: p.ref(p.tok), num: 1})
		if t.kind == tPreDec {
			n.num = -1
		}
		p.lastStr = false
		// After ++x bash reads even a name followed by '='.
		return p.afterPrimary(n, p.tok.end, afterPreInc, true)
	case tLpar:
		p.advance(t.end, afterOp)
		n := p.comma()
		if p.failed {
			return n
		}
		if p.tok.kind != tRpar {
			return p.seqErr(n, msgParen, p.lasttp)
		}
		p.lastStr = false
		return p.afterPrimary(n, p.tok.end, afterOp, false)
	case tNum:
		p.lastStr = false
		return p.afterPrimary(p.newNode(node{kind: nNum, num: t.num}), t.end, afterNum, false)
	case tStr:
		v := p.newNode(node{kind: nVar, v: p.ref(t), noRead: t.peekAssign})
		next := lex(p.s, t.end, afterStr)
		if next.kind == tPostInc || next.kind == tPostDec {
			p.setTok(next)
			n := p.newNode(node{kind: nIncDec, v: v.v, post: true, num: 1})
			if next.kind == tPostDec {
				n.num = -1
			}
			p.lastStr = false
			return p.afterPrimary(n, next.end, afterNum, false)
		}
		p.lastStr = true
		return p.took(v, next, false)
	case tErr:
		return p.lexErr(t)
	}
	return p.errNode(msgOperand, p.lasttp)
}

// afterPrimary reads the token following operand n.
func (p *parser) afterPrimary(n *node, pos int, ctx after, forceRead bool) *node {
	return p.took(n, lex(p.s, pos, ctx), forceRead)
}

// took makes next the current token. bash reads it right after operand n,
// before any operator around n is applied, so a lexing error, or the read
// of a variable sitting where an operator should be, happens there too.
func (p *parser) took(n *node, next token, forceRead bool) *node {
	p.setTok(next)
	switch next.kind {
	case tErr:
		p.lastStr = false
		return p.newNode(node{kind: nSeq, l: n, r: p.lexErr(next)})
	case tStr:
		if forceRead || !next.peekAssign {
			p.lastStr = false
			return p.newNode(node{kind: nSeq, l: n, r: p.newNode(node{kind: nVar, v: p.ref(next)})})
		}
	}
	return n
}

func (p *parser) ref(t token) *varRef {
	r := &varRef{name: t.name, sub: t.sub, hasSub: t.hasSub, pos: t.start}
	if t.hasSub && t.sub != "" {
		r.subExp = compile(t.sub)
	}
	return r
}
