package builtins

import (
	"strings"

	"gsh/shell/vars"
)

// splitVarRef splits a variable reference "name" or "name[sub]" as bash's
// valid_array_reference accepts it: the subscript's brackets must balance
// and close at the end. ok is false for anything else; sub may be empty
// (bash accepts "a[]" here and rejects it only when assigning).
func splitVarRef(ref string) (name, sub string, elem, ok bool) {
	i := strings.IndexByte(ref, '[')
	if i < 0 {
		return ref, "", false, vars.ValidName(ref)
	}
	name = ref[:i]
	if !vars.ValidName(name) || ref[len(ref)-1] != ']' {
		return name, "", true, false
	}
	depth := 0
	for j := i; j < len(ref); j++ {
		switch ref[j] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 && j != len(ref)-1 {
				return name, "", true, false
			}
		}
	}
	return name, ref[i+1 : len(ref)-1], true, depth == 0
}

// assignVarRef assigns val to a reference checked by splitVarRef, printing
// bash's messages (prefixed by the builtin's name where bash does) on
// failure. Subscripts of associative arrays are used as written.
func assignVarRef(sh Shell, builtin, ref, val string) bool {
	name, sub, elem, _ := splitVarRef(ref)
	st := sh.Vars()
	var err error
	switch {
	case !elem:
		err = st.Set(name, val)
	case sub == "":
		sh.Errorf("%s: '%s': not a valid identifier", builtin, ref)
		return false
	case isAssoc(st.Get(name)):
		err = st.SetKey(name, sub, val, false)
	case sub == "@" || sub == "*":
		sh.Errorf("%s: bad array subscript", ref)
		return false
	default:
		var i int64
		if i, err = sh.Arith(sub); err == nil {
			err = st.SetIndex(name, i, val, false)
		}
	}
	if err != nil {
		sh.Errorf("%s", err)
		return false
	}
	return true
}

func isAssoc(v *vars.Var) bool { return v != nil && v.Has(vars.Assoc) }

// varRefIsSet is test -v: whether the variable or array element has a
// value. A bare array name means its element 0 (key "0"); a subscript of
// @ or * asks whether an indexed array has any element (for an
// associative array it is an ordinary key, as in bash 5.2).
func varRefIsSet(sh Shell, ref string) bool {
	name, sub, elem, ok := splitVarRef(ref)
	if !ok {
		return false
	}
	v := sh.Vars().Get(name)
	if !v.IsSet() {
		return false
	}
	if !elem {
		sub = "0"
	}
	if isAssoc(v) {
		_, set := v.Map().Get(sub)
		return set
	}
	if sub == "@" || sub == "*" {
		return len(v.Elements()) > 0
	}
	i := int64(0)
	if elem {
		var err error
		if i, err = sh.Arith(sub); err != nil {
			sh.Errorf("%s", err)
			return false
		}
	}
	max := int64(0)
	if v.Has(vars.Indexed) {
		max = v.Array().Max()
	}
	if i < 0 {
		if i += max + 1; i < 0 || !v.Has(vars.Indexed) {
			sh.Errorf("%s: bad array subscript", name)
			return false
		}
	}
	if !v.Has(vars.Indexed) {
		return i == 0
	}
	_, set := v.Array().Get(i)
	return set
}
