package shell

import (
	"regexp"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/shell/vars"
)

// testClause runs [[ expr ]]: status 0 true, 1 false, 2 error.
func (sh *Shell) testClause(c *syntax.TestClause) {
	sh.debugTrap(c)
	ok, err := sh.testExpr(c.X, false)
	if err != nil {
		if e, isExp := err.(*expErr); isExp {
			sh.expansionFailed(e)
			return
		}
		if err.Error() != "" {
			sh.errorf("%s", err.Error())
		}
		sh.status = 2
		return
	}
	if ok {
		sh.status = 0
	} else {
		sh.status = 1
	}
}

// traceTest prints one test of [[ ]] under set -x as bash does, when it
// is evaluated and with its operands expanded: && || and ( ) are not
// shown, a ! only right before the test (inv), an empty operand as ”.
func (sh *Shell) traceTest(inv bool, words ...string) {
	if !sh.opts[optXtrace] {
		return
	}
	var b strings.Builder
	b.WriteString("[[ ")
	if inv {
		b.WriteString("! ")
	}
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if w == "" {
			w = "''"
		}
		b.WriteString(w)
	}
	b.WriteString(" ]]")
	sh.traceRaw(b.String())
}

type testErr struct{ msg string }

func (e *testErr) Error() string { return e.msg }

// testExpr evaluates a [[ ]] expression, expanding each operand once;
// inv is set for the operand of a ! (for the trace).
func (sh *Shell) testExpr(x syntax.TestExpr, inv bool) (bool, error) {
	switch x := x.(type) {
	case *syntax.Word:
		s, err := sh.expandLiteral(x)
		if err == nil {
			sh.traceTest(inv, "-n", s)
		}
		return s != "", err
	case *syntax.ParenTest:
		return sh.testExpr(x.X, false)
	case *syntax.UnaryTest:
		if x.Op == syntax.TsNot {
			ok, err := sh.testExpr(x.X, !inv)
			return !ok, err
		}
		arg, err := sh.expandLiteral(x.X.(*syntax.Word))
		if err != nil {
			return false, err
		}
		sh.traceTest(inv, x.Op.String(), arg)
		ok, err := builtins.UnaryTest(sh, x.Op.String(), arg)
		if err != nil {
			return false, &testErr{err.Error()}
		}
		return ok, nil
	case *syntax.BinaryTest:
		switch x.Op {
		case syntax.AndTest:
			ok, err := sh.testExpr(x.X, false)
			if err != nil || !ok {
				return false, err
			}
			return sh.testExpr(x.Y, false)
		case syntax.OrTest:
			ok, err := sh.testExpr(x.X, false)
			if err != nil || ok {
				return ok, err
			}
			return sh.testExpr(x.Y, false)
		}
		left, err := sh.expandLiteral(x.X.(*syntax.Word))
		if err != nil {
			return false, err
		}
		op := x.Op.String()
		switch x.Op {
		case syntax.TsMatch, syntax.TsMatchShort, syntax.TsNoMatch:
			pat, err := sh.expandPattern(x.Y.(*syntax.Word))
			if err != nil {
				return false, err
			}
			sh.traceTest(inv, left, op, pat)
			m := compilePattern(pat, sh.opts[optNocasematch])
			return m.match(left) == (x.Op != syntax.TsNoMatch), nil
		case syntax.TsReMatch:
			src, err := sh.regexSource(x.Y.(*syntax.Word))
			if err != nil {
				return false, err
			}
			sh.traceTest(inv, left, op, src)
			return sh.regexMatch(left, src)
		}
		right, err := sh.expandLiteral(x.Y.(*syntax.Word))
		if err != nil {
			return false, err
		}
		sh.traceTest(inv, left, op, right)
		switch x.Op {
		case syntax.TsEql, syntax.TsNeq, syntax.TsLss, syntax.TsLeq, syntax.TsGtr, syntax.TsGeq:
			return arithCompare(sh, x.Op, left, right)
		case syntax.TsBefore:
			return left < right, nil
		case syntax.TsAfter:
			return left > right, nil
		}
		ok, err := builtins.BinaryTest(sh, op, left, right)
		if err != nil {
			return false, &testErr{err.Error()}
		}
		return ok, nil
	}
	return false, &testErr{"conditional expression error"}
}

// arithCompare is -eq -ne -lt -le -gt -ge: both sides are arithmetic.
func arithCompare(sh *Shell, op syntax.BinTestOperator, left, right string) (bool, error) {
	a, err := sh.arithString(left)
	if err != nil {
		return false, &expErr{msg: err.Error(), status: 1}
	}
	b, err := sh.arithString(right)
	if err != nil {
		return false, &expErr{msg: err.Error(), status: 1}
	}
	switch op {
	case syntax.TsEql:
		return a == b, nil
	case syntax.TsNeq:
		return a != b, nil
	case syntax.TsLss:
		return a < b, nil
	case syntax.TsLeq:
		return a <= b, nil
	case syntax.TsGtr:
		return a > b, nil
	}
	return a >= b, nil
}

var regexCache = newCache[string, *regexp.Regexp](1024)

// regexSource expands the pattern of =~: quoted parts match literally.
func (sh *Shell) regexSource(w *syntax.Word) (string, error) {
	fb := fieldBuilder{sh: sh, noGlob: true}
	if err := sh.expandWordInto(&fb, w.Parts, false, false); err != nil {
		return "", err
	}
	var b strings.Builder
	for _, sg := range fb.segs {
		if sg.q {
			b.WriteString(regexp.QuoteMeta(sg.s))
		} else {
			b.WriteString(sg.s)
		}
	}
	return b.String(), nil
}

// regexMatch implements =~ with the expanded pattern src, setting
// BASH_REMATCH.
func (sh *Shell) regexMatch(s, src string) (bool, error) {
	if sh.opts[optNocasematch] {
		src = "(?i)" + src
	}
	var re *regexp.Regexp
	if r, ok := regexCache.get(src); ok {
		re = r
	} else {
		var err error
		re, err = regexp.CompilePOSIX(src)
		if err != nil {
			re, err = regexp.Compile(src)
		}
		if err != nil {
			return false, &testErr{}
		}
		regexCache.put(src, re)
	}
	m := re.FindStringSubmatch(s)
	if m == nil {
		sh.vars.Unset("BASH_REMATCH", true)
		return false, nil
	}
	elems := make([]vars.Elem, len(m))
	for i, g := range m {
		elems[i] = vars.Elem{Value: g}
	}
	sh.vars.Unset("BASH_REMATCH", true)
	sh.vars.AssignList("BASH_REMATCH", elems, false)
	return true, nil
}
