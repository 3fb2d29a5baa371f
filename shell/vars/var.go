// Package vars is the shell's variable store: scalars, indexed and
// associative arrays, attributes (declare -airxlun), dynamic scoping for
// function locals, and cheap copy-on-write clones for subshells.
package vars

import "strconv"

// Attr is a set of variable attributes.
type Attr uint16

const (
	Export   Attr = 1 << iota // declare -x
	ReadOnly                  // declare -r
	Integer                   // declare -i
	Lower                     // declare -l
	Upper                     // declare -u
	NameRef                   // declare -n
	Indexed                   // declare -a (set for every indexed array)
	Assoc                     // declare -A
	Trace                     // declare -t
	Dynamic                   // RANDOM, SECONDS...: value computed by a hook
)

// Var is one variable. Readers use the accessor methods; all changes go
// through the Store so that copy-on-write and attributes are honoured.
type Var struct {
	attrs Attr
	set   bool
	level int // 0 global, n: local to the n-th function frame
	str   string
	arr   *Array
	m     *Map
	owner uint64
}

// Attrs returns the attribute set.
func (v *Var) Attrs() Attr { return v.attrs }

// Has reports whether all of a are set.
func (v *Var) Has(a Attr) bool { return v.attrs&a == a }

// IsSet reports whether the variable has a value (arrays: at least one
// element was ever assigned, even if later unset element-wise).
func (v *Var) IsSet() bool { return v != nil && v.set }

// IsLocal reports whether the variable belongs to a function scope.
func (v *Var) IsLocal() bool { return v.level > 0 }

// Level is the function depth that owns the variable (0: global).
func (v *Var) Level() int { return v.level }

// IsArray reports whether the variable is an indexed or associative array.
func (v *Var) IsArray() bool { return v.attrs&(Indexed|Assoc) != 0 }

// Value returns the scalar value, or element 0 (key "0") of an array,
// and whether it is set. v may be nil.
func (v *Var) Value() (string, bool) {
	switch {
	case v == nil || !v.set:
		return "", false
	case v.attrs&Indexed != 0:
		return v.arr.Get(0)
	case v.attrs&Assoc != 0:
		return v.m.Get("0")
	}
	return v.str, true
}

// Str is Value without the flag.
func (v *Var) Str() string {
	s, _ := v.Value()
	return s
}

// Array returns the indexed array (nil for other kinds). Read only.
func (v *Var) Array() *Array { return v.arr }

// Map returns the associative array (nil for other kinds). Read only.
func (v *Var) Map() *Map { return v.m }

// RefName returns the target of a nameref.
func (v *Var) RefName() string { return v.str }

// Flags returns the attribute letters in bash's `declare -p` order.
func (v *Var) Flags() string {
	var b []byte
	if v.attrs&Indexed != 0 {
		b = append(b, 'a')
	}
	if v.attrs&Assoc != 0 {
		b = append(b, 'A')
	}
	if v.attrs&Integer != 0 {
		b = append(b, 'i')
	}
	if v.attrs&Lower != 0 {
		b = append(b, 'l')
	}
	if v.attrs&NameRef != 0 {
		b = append(b, 'n')
	}
	if v.attrs&ReadOnly != 0 {
		b = append(b, 'r')
	}
	if v.attrs&Trace != 0 {
		b = append(b, 't')
	}
	if v.attrs&Upper != 0 {
		b = append(b, 'u')
	}
	if v.attrs&Export != 0 {
		b = append(b, 'x')
	}
	return string(b)
}

func (v *Var) clone() *Var {
	n := *v
	n.arr = v.arr.clone()
	n.m = v.m.clone()
	return &n
}

// Elements returns the values of an array, or the scalar as a one-element list.
func (v *Var) Elements() []string {
	switch {
	case v == nil || !v.set:
		return nil
	case v.attrs&Indexed != 0:
		return v.arr.Values()
	case v.attrs&Assoc != 0:
		return v.m.Values()
	}
	return []string{v.str}
}

// Keys returns "${!a[@]}": indices of an indexed array, keys of an
// associative one, "0" for a set scalar.
func (v *Var) Keys() []string {
	switch {
	case v == nil || !v.set:
		return nil
	case v.attrs&Indexed != 0:
		idx := v.arr.Indices()
		out := make([]string, len(idx))
		for i, n := range idx {
			out[i] = strconv.FormatInt(n, 10)
		}
		return out
	case v.attrs&Assoc != 0:
		return v.m.Keys()
	}
	return []string{"0"}
}

// TempArray returns a read-only view of vals as an indexed array, for
// arrays the shell computes on demand (FUNCNAME, PIPESTATUS...).
func TempArray(vals []string) *Var {
	return &Var{attrs: Indexed, set: len(vals) > 0, arr: NewArray(vals)}
}

// TempScalar returns a read-only set scalar, for values the shell
// computes on demand (SHELLOPTS).
func TempScalar(s string) *Var {
	return &Var{set: true, str: s, attrs: ReadOnly}
}
