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
	if sh.opts[optXtrace] {
		sh.traceRaw("[[ " + sh.testText(c.X) + " ]]")
	}
	ok, err := sh.testExpr(c.X)
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

// testText prints a [[ ]] expression with its words expanded (xtrace).
func (sh *Shell) testText(x syntax.TestExpr) string {
	switch x := x.(type) {
	case *syntax.Word:
		s, _ := sh.expandLiteral(x)
		return s
	case *syntax.ParenTest:
		return "( " + sh.testText(x.X) + " )"
	case *syntax.UnaryTest:
		return x.Op.String() + " " + sh.testText(x.X)
	case *syntax.BinaryTest:
		return sh.testText(x.X) + " " + x.Op.String() + " " + sh.testText(x.Y)
	}
	return ""
}

type testErr struct{ msg string }

func (e *testErr) Error() string { return e.msg }

func (sh *Shell) testExpr(x syntax.TestExpr) (bool, error) {
	switch x := x.(type) {
	case *syntax.Word:
		s, err := sh.expandLiteral(x)
		return s != "", err
	case *syntax.ParenTest:
		return sh.testExpr(x.X)
	case *syntax.UnaryTest:
		if x.Op == syntax.TsNot {
			ok, err := sh.testExpr(x.X)
			return !ok, err
		}
		arg, err := sh.expandLiteral(x.X.(*syntax.Word))
		if err != nil {
			return false, err
		}
		ok, err := builtins.UnaryTest(sh, x.Op.String(), arg)
		if err != nil {
			return false, &testErr{err.Error()}
		}
		return ok, nil
	case *syntax.BinaryTest:
		switch x.Op {
		case syntax.AndTest:
			ok, err := sh.testExpr(x.X)
			if err != nil || !ok {
				return false, err
			}
			return sh.testExpr(x.Y)
		case syntax.OrTest:
			ok, err := sh.testExpr(x.X)
			if err != nil || ok {
				return ok, err
			}
			return sh.testExpr(x.Y)
		}
		left, err := sh.expandLiteral(x.X.(*syntax.Word))
		if err != nil {
			return false, err
		}
		switch x.Op {
		case syntax.TsMatch, syntax.TsMatchShort, syntax.TsNoMatch:
			pat, err := sh.expandPattern(x.Y.(*syntax.Word))
			if err != nil {
				return false, err
			}
			m, _ := sh.compilePattern(pat, sh.opts[optNocasematch])
			return m.match(left) == (x.Op != syntax.TsNoMatch), nil
		case syntax.TsReMatch:
			return sh.regexMatch(left, x.Y.(*syntax.Word))
		case syntax.TsEql, syntax.TsNeq, syntax.TsLss, syntax.TsLeq, syntax.TsGtr, syntax.TsGeq:
			a, err := sh.arithString(left)
			if err != nil {
				return false, &expErr{msg: err.Error(), status: 1}
			}
			rs, err := sh.expandLiteral(x.Y.(*syntax.Word))
			if err != nil {
				return false, err
			}
			b, err := sh.arithString(rs)
			if err != nil {
				return false, &expErr{msg: err.Error(), status: 1}
			}
			switch x.Op {
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
		right, err := sh.expandLiteral(x.Y.(*syntax.Word))
		if err != nil {
			return false, err
		}
		switch x.Op {
		case syntax.TsBefore:
			return left < right, nil
		case syntax.TsAfter:
			return left > right, nil
		}
		ok, err := builtins.BinaryTest(sh, x.Op.String(), left, right)
		if err != nil {
			return false, &testErr{err.Error()}
		}
		return ok, nil
	}
	return false, &testErr{"conditional expression error"}
}

var regexCache = newCache[string, *regexp.Regexp](1024)

// regexMatch implements =~, setting BASH_REMATCH. Quoted parts of the
// pattern match literally.
func (sh *Shell) regexMatch(s string, w *syntax.Word) (bool, error) {
	fb := fieldBuilder{sh: sh, noGlob: true}
	if err := sh.expandWordInto(&fb, w.Parts, false, false); err != nil {
		return false, err
	}
	var b strings.Builder
	for _, sg := range fb.segs {
		if sg.q {
			b.WriteString(regexp.QuoteMeta(sg.s))
		} else {
			b.WriteString(sg.s)
		}
	}
	src := b.String()
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
