package arith

import "strings"

type nodeKind uint8

const (
	nNum    nodeKind = iota
	nVar             // read a variable
	nUnary           // op l
	nBinary          // l op r (not the short-circuit ones)
	nPow             // l ** r
	nLand            // l && r
	nLor             // l || r
	nCond            // l ? r : x
	nComma           // l , r
	nSeq             // l, then r for its side effects; the value is l's
	nAssign          // v = r, or v op= r with l reading v
	nIncDec          // ++v, --v, v++, v--
	nErr             // a syntax error, raised when evaluation reaches it
)

// node is one operation of a compiled expression. Trees are immutable once
// built and shared between goroutines through the cache.
type node struct {
	kind nodeKind
	op   tokKind // operator; for nAssign the OP of OP= (0 for plain =)
	// walk: the subtree can fail even where bash evaluates it in its
	// no-side-effects mode (the unevaluated side of && || ?:), because it
	// holds a syntax error or a ** whose exponent may be negative.
	walk   bool
	noRead bool // nVar: bash skipped the read (the name was followed by '=')
	post   bool // nIncDec: post-increment
	l, r   *node
	x      *node
	num    int64 // nNum: the value; nIncDec: +1 or -1
	v      *varRef
	pos    int      // error token position for runtime errors
	err    *errInfo // nErr
}

// errInfo is what an nErr node reports.
type errInfo struct {
	msg string
	cut int // if > 0, bash's message shows the text only up to here
}

// varRef is a variable named in an expression.
type varRef struct {
	name   string
	sub    string // raw subscript text
	hasSub bool
	pos    int   // start of the name in the expression, for errors
	subExp *prog // sub compiled as an arithmetic expression
}

// prog is a compiled expression.
type prog struct {
	src   string // the text as given; error tokens are slices of it
	disp  string // src without leading blanks: how bash prints it
	blank bool   // nothing but blanks: the value is 0
	root  *node
}

func compile(s string) *prog {
	p := &prog{src: s, disp: strings.TrimLeft(s, " \t")}
	if strings.TrimLeft(s, " \t\n") == "" {
		p.blank = true
		return p
	}
	p.root = parse(s)
	return p
}
