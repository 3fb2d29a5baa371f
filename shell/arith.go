package shell

import (
	"errors"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"gsh/parser"
	"gsh/shell/arith"
	"gsh/shell/vars"
)

// arithEnv gives the evaluator access to the shell's variables.
type arithEnv struct{ sh *Shell }

func (e arithEnv) Lookup(name string) (string, bool) {
	if v := e.sh.special(name); v != nil {
		return v.s, v.set
	}
	return e.sh.getVar(name).Value()
}

func (e arithEnv) LookupIndex(name string, idx int64) (string, bool, error) {
	v := e.sh.getVar(name)
	if v == nil || !v.IsSet() {
		return "", false, nil
	}
	if !v.IsArray() {
		if idx == 0 {
			return v.Str(), true, nil
		}
		return "", false, nil
	}
	if v.Has(vars.Assoc) {
		s, ok := v.Map().Get(strconv.FormatInt(idx, 10))
		return s, ok, nil
	}
	idx, ok := v.Array().Abs(idx)
	if !ok {
		return "", false, arith.ErrBadSubscript
	}
	s, ok := v.Array().Get(idx)
	return s, ok, nil
}

// IsSet is bash's set -u test: is the variable set at all.
func (e arithEnv) IsSet(name string) bool {
	if v := e.sh.special(name); v != nil {
		return v.set
	}
	v := e.sh.getVar(name)
	return v != nil && v.IsSet()
}

// Warn prints a diagnostic that does not fail the expression.
func (e arithEnv) Warn(msg string) { e.sh.errorf("%s", msg) }

// ResolveIndex fixes which element a negative index means now.
func (e arithEnv) ResolveIndex(name string, idx int64) (int64, error) {
	if idx >= 0 {
		return idx, nil
	}
	v := e.sh.getVar(name)
	if v == nil || !v.Has(vars.Indexed) {
		return idx, nil
	}
	idx, ok := v.Array().Abs(idx)
	if !ok {
		return 0, arith.ErrBadSubscript
	}
	return idx, nil
}

// ExpandSubscript: the shell expanded the text before evaluation; only
// quotes around associative keys remain to be removed.
func (e arithEnv) ExpandSubscript(sub string, assoc bool) (string, error) {
	if assoc && len(sub) >= 2 && (sub[0] == '"' || sub[0] == '\'') && sub[len(sub)-1] == sub[0] {
		return sub[1 : len(sub)-1], nil
	}
	return sub, nil
}

func (e arithEnv) LookupKey(name, key string) (string, bool) {
	v := e.sh.getVar(name)
	if v == nil || v.Map() == nil {
		return "", false
	}
	return v.Map().Get(key)
}

func (e arithEnv) IsAssoc(name string) bool {
	v := e.sh.getVar(name)
	return v != nil && v.Has(vars.Assoc)
}

func (e arithEnv) Assign(name string, val int64) error {
	return e.sh.vars.Set(name, strconv.FormatInt(val, 10))
}

func (e arithEnv) AssignIndex(name string, idx, val int64) error {
	return e.sh.vars.SetIndex(name, idx, strconv.FormatInt(val, 10), false)
}

func (e arithEnv) AssignKey(name, key string, val int64) error {
	return e.sh.vars.SetKey(name, key, strconv.FormatInt(val, 10), false)
}

func (e arithEnv) NoUnset() bool { return e.sh.opts[optNounset] }

// arithString evaluates an expression given as text.
func (sh *Shell) arithString(s string) (int64, error) {
	return arith.Eval(arithEnv{sh}, s)
}

// arithText returns the text of an arithmetic word: the parser turned
// every arithmetic expression into a word of its source text.
func (sh *Shell) arithText(x syntax.ArithmExpr) (string, error) {
	w, ok := x.(*syntax.Word)
	if !ok {
		return printNodeText(x), nil
	}
	if len(w.Parts) == 1 {
		if l, ok := w.Parts[0].(*syntax.Lit); ok {
			return l.Value, nil
		}
	}
	return sh.expandHeredoc(w)
}

// arithWord evaluates an arithmetic word ((( )), let, subscripts...).
func (sh *Shell) arithWord(x syntax.ArithmExpr) (int64, error) {
	if x == nil {
		return 0, nil
	}
	s, err := sh.arithText(x)
	if err != nil {
		return 0, err
	}
	return sh.arithString(strings.TrimLeft(s, " \t\n"))
}

// arithExpErr turns an arithmetic error into a fatal expansion error.
func (sh *Shell) arithExpErr(err error) error {
	if e, ok := err.(*expErr); ok {
		return e
	}
	var ue *arith.UnboundError
	if errors.As(err, &ue) {
		return &expErr{msg: err.Error(), status: sh.paramErrStatus(), level: failExit}
	}
	return &expErr{msg: err.Error(), status: 1, level: failLinePosix}
}

// lineErr makes err abandon the command line, unless it already says
// how far it unwinds.
func lineErr(err error) error {
	if _, ok := err.(*expErr); ok {
		return err
	}
	return &expErr{msg: err.Error(), status: 1, level: failLine}
}

// capLevel lowers how far an expansion error unwinds to at most level,
// except an error that exits the shell (${x:?}, set -u).
func capLevel(err error, level failLevel) error {
	if e, ok := err.(*expErr); ok && e.level != failExit && e.level > level {
		c := *e
		c.level = level
		return &c
	}
	return err
}

// arithNode evaluates $(( )); errors are fatal expansion errors.
func (sh *Shell) arithNode(x syntax.ArithmExpr) (int64, error) {
	n, err := sh.arithWord(x)
	if err != nil {
		return 0, sh.arithExpErr(err)
	}
	return n, nil
}

// printNodeText prints a node back as shell text.
func printNodeText(n syntax.Node) string {
	if w, ok := n.(*syntax.Word); ok && len(w.Parts) == 1 {
		if l, ok := w.Parts[0].(*syntax.Lit); ok {
			return l.Value
		}
	}
	var b strings.Builder
	syntax.NewPrinter().Print(&b, n)
	return b.String()
}

// parserTextWord makes an arithmetic word from text (indirect subscripts).
func parserTextWord(s string) *syntax.Word {
	return parser.TextWord(s, syntax.Pos{})
}
