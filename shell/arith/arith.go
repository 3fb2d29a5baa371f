// Package arith is bash's arithmetic evaluator: it lexes, parses and
// evaluates the already-expanded text of $(( )), (( )), let, array
// subscripts and the like, matching bash 5.2's expr.c in results, side
// effects and error messages.
//
// Expressions are compiled once into a tree and cached by their text, so
// loops that evaluate the same string again pay only for evaluation.
package arith

import "errors"

// Env gives the evaluator access to shell variables.
//
// An error returned by any method stops the evaluation and is returned by
// Eval unchanged (bash aborts the expression on, say, a readonly variable),
// except ErrBadSubscript.
type Env interface {
	// Lookup returns the value of a scalar variable (element 0 of an array), and whether it is set.
	Lookup(name string) (val string, set bool)
	// LookupIndex returns element idx of indexed array name (negative idx counts from the end, as bash does; the Env handles that).
	LookupIndex(name string, idx int64) (val string, set bool, err error)
	// LookupKey returns element key of associative array name.
	LookupKey(name, key string) (val string, set bool)
	// IsAssoc reports whether name is an associative array (its subscripts are then strings, not arithmetic).
	IsAssoc(name string) bool
	Assign(name string, val int64) error
	AssignIndex(name string, idx int64, val int64) error
	AssignKey(name, key string, val int64) error
	// NoUnset reports `set -u`: reading an unset variable is then an error "NAME: unbound variable".
	NoUnset() bool
}

// ErrBadSubscript is what LookupIndex and AssignIndex return (possibly
// wrapped) for a negative index reaching before the start of the array. bash
// only complains about it ("a: bad array subscript" when reading,
// "a[i-9]: bad array subscript" when assigning, with the subscript as
// written) and goes on with the value 0; Eval does the same, reporting
// through Warner.
var ErrBadSubscript = errors.New("bad array subscript")

// IndexResolver may be implemented by an Env to say which element a
// negative index means now: Resolve(a, -1) is the last index of a, or
// ErrBadSubscript. bash resolves a[-1] once, when it reads it, and a
// following ++ or op= stores to that element even if the right-hand side
// has grown the array meanwhile. Without this interface the negative index
// is passed on to AssignIndex as it is.
type IndexResolver interface {
	ResolveIndex(name string, idx int64) (int64, error)
}

// SetChecker may be implemented by an Env to answer bash's `set -u` test
// exactly. bash only complains about a variable that is unset as a whole: with
// a[1]=5 and a[0] unset, $((a)) and $((a[7])) are 0, not errors. Without this
// interface the evaluator asks Lookup (and, for a[i], also the element itself).
type SetChecker interface {
	IsSet(name string) bool
}

// Warner may be implemented by an Env to receive the diagnostics bash prints
// without failing the expression, such as "a[]: bad array subscript" or
// "`a[]': not a valid identifier". msg has no "bash: line N: " prefix.
type Warner interface {
	Warn(msg string)
}

// SubscriptExpander may be implemented by an Env whose subscripts still need
// bash's expansion when the evaluator uses them. bash expands a subscript
// ($x, $(cmd), quote removal) at that point for `let` and other unexpanded
// text; for $(( )) and (( )), whose text the shell expanded first, it only
// removes quotes from associative-array keys. sub is the raw text between the
// brackets; assoc says whether it is a key (else it is evaluated as an
// arithmetic expression after expansion).
type SubscriptExpander interface {
	ExpandSubscript(sub string, assoc bool) (string, error)
}

// Eval evaluates expression s. A nil env has no variables at all. An empty or all-blank expression is 0.
//
// Errors are *Error (bash's "expr: msg (error token is ...)" diagnostics),
// *UnboundError (set -u), or whatever an Env method returned.
func Eval(env Env, s string) (int64, error) {
	if n, ok := plainDecimal(s); ok {
		return n, nil
	}
	p := lookupProg(s)
	if p.blank {
		return 0, nil
	}
	if env == nil {
		env = noVars{}
	}
	ev := evaluator{env: env}
	return ev.run(p)
}

// noVars is the Env of Eval(nil, ...): every variable is unset and read-only.
type noVars struct{}

func (noVars) Lookup(string) (string, bool)                    { return "", false }
func (noVars) LookupIndex(string, int64) (string, bool, error) { return "", false, nil }
func (noVars) LookupKey(string, string) (string, bool)         { return "", false }
func (noVars) IsAssoc(string) bool                             { return false }
func (noVars) Assign(n string, _ int64) error                  { return errNoVars }
func (noVars) AssignIndex(string, int64, int64) error          { return errNoVars }
func (noVars) AssignKey(string, string, int64) error           { return errNoVars }
func (noVars) NoUnset() bool                                   { return false }

var errNoVars = errors.New("arith: assignment without an Env")
