package arith

import "errors"

// lvalue says where a variable that was read lives, so that a following
// ++ or op= stores to the element read without evaluating the subscript
// again (bash saves the index the same way).
type lvalue struct {
	mode uint8 // lvScalar, lvIndex, lvKey, lvBad or lvReeval
	idx  int64
	key  string
}

const (
	lvScalar uint8 = iota
	lvIndex
	lvKey
	lvBad    // an unusable subscript (empty, or @ / * of an indexed array)
	lvReeval // reading found no such index: bash evaluates the subscript again to store
)

// read returns the value of a variable and where it lives.
func (ev *evaluator) read(r *varRef) (int64, lvalue, error) {
	env := ev.env
	if !r.hasSub {
		s, set := env.Lookup(r.name)
		if !set && env.NoUnset() && !ev.isSet(r.name, false) {
			return 0, lvalue{}, &UnboundError{r.name}
		}
		v, err := ev.value(s, r)
		return v, lvalue{}, err
	}

	lv, err := ev.element(r, true, r.pos)
	if err != nil || lv.mode == lvBad {
		return 0, lv, err
	}
	s, set, err := ev.lookupElement(r.name, &lv)
	if errors.Is(err, ErrBadSubscript) {
		// bash complains, reads 0, and works the element out again to store.
		ev.warn(r.name + ": " + msgBadSub)
		return 0, lvalue{mode: lvReeval}, nil
	}
	if err != nil {
		return 0, lv, err
	}
	if !set && env.NoUnset() && !ev.isSet(r.name, true) {
		return 0, lv, &UnboundError{r.name}
	}
	v, err := ev.value(s, r)
	return v, lv, err
}

// lookupElement reads the element at lv, first pinning a negative index to
// the element it means now.
func (ev *evaluator) lookupElement(name string, lv *lvalue) (string, bool, error) {
	if lv.mode == lvKey {
		s, set := ev.env.LookupKey(name, lv.key)
		return s, set, nil
	}
	if lv.idx < 0 {
		if ir, ok := ev.env.(IndexResolver); ok {
			idx, err := ir.ResolveIndex(name, lv.idx)
			if err != nil {
				return "", false, err
			}
			lv.idx = idx
		}
	}
	return ev.env.LookupIndex(name, lv.idx)
}

// element works out which element name[sub] means: its key for an
// associative array, else its subscript evaluated as an expression. For
// reading, bash checks `set -u` before the subscript is evaluated, and
// complains about unusable subscripts (but goes on with the value 0).
func (ev *evaluator) element(r *varRef, reading bool, pos int) (lvalue, error) {
	env := ev.env
	if r.sub == "" {
		if reading {
			ev.warn(r.name + "[]: " + msgBadSub)
			ev.warn(r.name + "[]: " + msgBadSub)
			if env.NoUnset() {
				return lvalue{mode: lvBad}, &UnboundError{"(null)"}
			}
		}
		return lvalue{mode: lvBad}, nil
	}
	if reading && env.NoUnset() {
		if sc, ok := env.(SetChecker); ok && !sc.IsSet(r.name) {
			return lvalue{mode: lvBad}, &UnboundError{r.name}
		}
	}
	assoc := env.IsAssoc(r.name)
	sub, err := ev.expandSub(r.sub, assoc)
	if err != nil {
		return lvalue{mode: lvBad}, err
	}
	if assoc {
		return lvalue{mode: lvKey, key: sub}, nil
	}
	if sub == "@" || sub == "*" {
		if reading {
			ev.warn(r.name + "[" + sub + "]: " + msgBadSub)
		}
		return lvalue{mode: lvBad}, nil
	}
	idx, err := ev.subscript(r, sub, pos)
	return lvalue{mode: lvIndex, idx: idx}, err
}

// subscript evaluates an indexed array's subscript. bash does it as a
// separate expression, one level deeper, and treats its errors as fatal.
// pos locates a recursion error in the current expression.
func (ev *evaluator) subscript(r *varRef, sub string, pos int) (v int64, err error) {
	p := r.subExp
	if sub != r.sub {
		p = lookupProg(sub)
	}
	if p.blank {
		return 0, nil
	}
	ev.inSub++
	if ev.depth >= maxDepth {
		err = ev.fail(msgRecursion, pos)
	} else {
		v, err = ev.run(p)
	}
	ev.inSub--
	return v, err
}

// value evaluates a variable's value, which is itself an expression.
func (ev *evaluator) value(s string, r *varRef) (int64, error) {
	if s == "" {
		return 0, nil
	}
	if n, ok := plainDecimal(s); ok {
		if ev.depth >= maxDepth {
			return 0, ev.fail(msgRecursion, r.pos)
		}
		return n, nil
	}
	p := lookupProg(s)
	if p.blank {
		return 0, nil
	}
	if ev.depth >= maxDepth {
		return 0, ev.fail(msgRecursion, r.pos)
	}
	return ev.run(p)
}

// store assigns v to the variable at lv; pos locates errors.
func (ev *evaluator) store(r *varRef, lv lvalue, v int64, pos int) error {
	if lv.mode == lvReeval {
		var err error
		if lv, err = ev.element(r, false, pos); err != nil {
			return err
		}
	}
	switch lv.mode {
	case lvIndex:
		err := ev.env.AssignIndex(r.name, lv.idx, v)
		if errors.Is(err, ErrBadSubscript) {
			ev.warn(r.name + "[" + r.sub + "]: " + msgBadSub)
			return nil
		}
		return err
	case lvKey:
		return ev.env.AssignKey(r.name, lv.key, v)
	case lvBad:
		if r.sub == "" {
			ev.warn("`" + r.name + "[]': not a valid identifier")
		} else {
			ev.warn(r.name + "[" + r.sub + "]: " + msgBadSub)
		}
		return nil
	}
	return ev.env.Assign(r.name, v)
}

// assign evaluates v = r and v op= r.
func (ev *evaluator) assign(n *node) (int64, error) {
	r := n.v
	var old int64
	var lv lvalue
	if n.op != 0 && ev.noeval == 0 {
		var err error
		if old, lv, err = ev.read(r); err != nil {
			return 0, err
		}
	}
	v, err := ev.eval(n.r)
	if err != nil {
		return 0, err
	}
	if n.op != 0 {
		if v, err = ev.binary(n.op, old, v, n.pos); err != nil {
			return 0, err
		}
	}
	if ev.noeval > 0 {
		return v, nil
	}
	if n.op == 0 && r.hasSub {
		// For a plain assignment bash evaluates the subscript only now,
		// after the right-hand side.
		if lv, err = ev.element(r, false, n.pos); err != nil {
			return 0, err
		}
	}
	return v, ev.store(r, lv, v, n.pos)
}

// incdec evaluates ++v, --v, v++ and v--.
func (ev *evaluator) incdec(n *node) (int64, error) {
	if ev.noeval > 0 {
		if n.post {
			return 0, nil
		}
		return n.num, nil
	}
	old, lv, err := ev.read(n.v)
	if err != nil {
		return 0, err
	}
	v := old + n.num
	if err := ev.store(n.v, lv, v, n.v.pos); err != nil {
		return 0, err
	}
	if n.post {
		return old, nil
	}
	return v, nil
}

// isSet answers `set -u`'s question, whether name is set at all. Without a
// SetChecker, a read element (elem) proves nothing; fall back on Lookup.
func (ev *evaluator) isSet(name string, elem bool) bool {
	if sc, ok := ev.env.(SetChecker); ok {
		return sc.IsSet(name)
	}
	if elem {
		_, set := ev.env.Lookup(name)
		return set
	}
	return false
}

func (ev *evaluator) expandSub(sub string, assoc bool) (string, error) {
	if x, ok := ev.env.(SubscriptExpander); ok {
		return x.ExpandSubscript(sub, assoc)
	}
	return sub, nil
}

func (ev *evaluator) warn(msg string) {
	if w, ok := ev.env.(Warner); ok {
		w.Warn(msg)
	}
}
