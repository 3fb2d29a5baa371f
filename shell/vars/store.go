package vars

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
)

// Hooks connect the store to the interpreter.
type Hooks struct {
	// Arith evaluates an arithmetic expression, for `declare -i` variables.
	Arith func(expr string) (int64, error)
	// Dynamic returns the value of a Dynamic variable (RANDOM, SECONDS...).
	Dynamic func(name string) string
	// Changed is called after a watched variable (see Watch) is assigned,
	// unset or re-attributed, with the variable as it now is (nil if unset).
	Changed func(name string, v *Var)
	// Watch lists the names whose changes are reported to Changed.
	Watch map[string]bool
}

// Error is an assignment error worded as bash words it ("x: readonly variable").
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errf(format string, a ...any) error { return &Error{fmt.Sprintf(format, a...)} }

var storeIDs atomic.Uint64

// Store holds the variables of one shell execution context.
type Store struct {
	id      uint64
	m       map[string]*Var
	mShared bool // m belongs to the parent of a synchronous clone: copy before writing
	frames  []*frame
	hooks   *Hooks

	// AllExport is `set -a`: every assigned variable is exported.
	AllExport bool

	env      []string // cached environment for exec; nil when stale
	envValid bool
}

type saved struct {
	name string
	prev *Var // nil: the name did not exist before the local
}

type frame struct {
	saved []saved
}

// New returns an empty store.
func New(h *Hooks) *Store {
	if h == nil {
		h = &Hooks{}
	}
	return &Store{id: storeIDs.Add(1), m: make(map[string]*Var, 128), hooks: h}
}

// Clone returns an independent copy (subshell semantics) that uses hooks h
// (nil: the same hooks). Both stores take fresh identities, so any shared
// Var is copied on its first write by either side.
func (s *Store) Clone(h *Hooks) *Store {
	if h == nil {
		h = s.hooks
	}
	n := &Store{
		id:        storeIDs.Add(1),
		m:         make(map[string]*Var, len(s.m)+8),
		hooks:     h,
		AllExport: s.AllExport,
		env:       s.env,
		envValid:  s.envValid,
	}
	for k, v := range s.m {
		n.m[k] = v
	}
	n.frames = make([]*frame, len(s.frames))
	for i, f := range s.frames {
		n.frames[i] = &frame{saved: slices.Clone(f.saved)}
	}
	s.id = storeIDs.Add(1)
	return n
}

// CloneSync is Clone for a subshell that the parent waits for (command
// substitution, ( ... )): the child reads the parent's map and copies it
// only if it writes. The parent must not run until the child is done; it
// keeps its identity and its map.
func (s *Store) CloneSync(h *Hooks) *Store {
	if h == nil {
		h = s.hooks
	}
	n := &Store{
		id:        storeIDs.Add(1),
		m:         s.m,
		mShared:   true,
		hooks:     h,
		AllExport: s.AllExport,
		env:       s.env,
		envValid:  s.envValid,
	}
	if len(s.frames) > 0 {
		n.frames = make([]*frame, len(s.frames))
		for i, f := range s.frames {
			n.frames[i] = &frame{saved: slices.Clone(f.saved)}
		}
	}
	return n
}

// ownMap copies a map shared with the parent before the first write.
func (s *Store) ownMap() {
	if !s.mShared {
		return
	}
	m := make(map[string]*Var, len(s.m)+8)
	for k, v := range s.m {
		m[k] = v
	}
	s.m, s.mShared = m, false
}

// ImportEnv creates exported variables from "NAME=value" strings. Entries
// whose names are not valid identifiers are ignored, as bash does.
func (s *Store) ImportEnv(env []string) {
	for _, kv := range env {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !ValidName(name) {
			continue
		}
		v := s.create(name, 0)
		v.attrs |= Export
		v.set = true
		v.str = val
	}
	s.envValid = false
}

// ValidName reports whether name is a shell identifier.
func ValidName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// Raw returns the variable named name without following namerefs.
func (s *Store) Raw(name string) *Var { return s.m[name] }

// Resolve follows namerefs from name and returns the final name, which may
// carry a subscript ("a[2]") when a nameref points at an array element.
func (s *Store) Resolve(name string) string {
	for range 10 {
		v := s.m[name]
		if v == nil || v.attrs&NameRef == 0 || !v.set || v.str == "" {
			return name
		}
		name = v.str
	}
	return name
}

// Get returns the variable that name designates after namerefs, or nil.
func (s *Store) Get(name string) *Var {
	v := s.m[name]
	if v != nil && v.attrs&(NameRef|Dynamic) != 0 {
		if v.attrs&NameRef != 0 {
			if !v.set || v.str == "" {
				return v
			}
			return s.m[s.Resolve(name)]
		}
		if s.hooks.Dynamic != nil {
			v.str = s.hooks.Dynamic(name)
			v.set = true
		}
	}
	return v
}

// Value returns the scalar value of name and whether it is set.
func (s *Store) Value(name string) (string, bool) { return s.Get(name).Value() }

// Str is Value without the flag.
func (s *Store) Str(name string) string {
	str, _ := s.Value(name)
	return str
}

// create installs a new, unset variable at the given level.
func (s *Store) create(name string, level int) *Var {
	v := &Var{level: level, owner: s.id}
	if s.AllExport {
		v.attrs |= Export
	}
	s.ownMap()
	s.m[name] = v
	return v
}

// own returns a version of m[name] that this store may modify.
func (s *Store) own(name string, v *Var) *Var {
	if v.owner == s.id {
		return v
	}
	n := v.clone()
	n.owner = s.id
	s.ownMap()
	s.m[name] = n
	return n
}

func (s *Store) changed(name string, v *Var) {
	if v == nil || v.attrs&Export != 0 || s.AllExport {
		s.envValid = false
	}
	if s.hooks.Changed != nil && s.hooks.Watch[name] {
		s.hooks.Changed(name, v)
	}
}

// lookupForWrite resolves namerefs and returns the name and the writable
// variable (created global if missing). A subscripted nameref target is
// returned as name with sub set.
func (s *Store) lookupForWrite(name string) (string, string, *Var, error) {
	if v := s.m[name]; v != nil && v.attrs&NameRef != 0 && v.set && v.str != "" {
		name = s.Resolve(name)
		if i := strings.IndexByte(name, '['); i > 0 && strings.HasSuffix(name, "]") {
			return name[:i], name[i+1 : len(name)-1], nil, nil
		}
	}
	v := s.m[name]
	if v == nil {
		return name, "", s.create(name, 0), nil
	}
	if v.attrs&ReadOnly != 0 {
		return name, "", nil, errf("%s: readonly variable", name)
	}
	return name, "", s.own(name, v), nil
}

// convert applies the integer and case attributes to an assigned value.
func (s *Store) convert(v *Var, val string, appendTo string, appending bool) (string, error) {
	if v.attrs&Integer != 0 && s.hooks.Arith != nil {
		n, err := s.hooks.Arith(val)
		if err != nil {
			return "", err
		}
		if appending {
			base, err := s.hooks.Arith(appendTo)
			if err != nil {
				return "", err
			}
			n += base
		}
		return fmt.Sprint(n), nil
	}
	if appending {
		val = appendTo + val
	}
	switch {
	case v.attrs&Lower != 0:
		val = strings.ToLower(val)
	case v.attrs&Upper != 0:
		val = strings.ToUpper(val)
	}
	return val, nil
}

// Set assigns a scalar value (name=val). On an array it sets element 0.
func (s *Store) Set(name, val string) error { return s.assign(name, val, false) }

// Append implements name+=val.
func (s *Store) Append(name, val string) error { return s.assign(name, val, true) }

func (s *Store) assign(name, val string, appending bool) error {
	// Fast path: an existing, plain, writable string variable.
	if v := s.m[name]; v != nil && v.attrs&^(Export|Trace) == 0 && v.owner == s.id && !appending {
		v.str, v.set = val, true
		if v.attrs&Export != 0 || s.AllExport {
			v.attrs |= Export
			s.envValid = false
		}
		if s.hooks.Watch[name] {
			s.changed(name, v)
		}
		return nil
	}
	name, sub, v, err := s.lookupForWrite(name)
	if err != nil {
		return err
	}
	if v == nil { // nameref to an array element
		return s.setElemBySubscript(name, sub, val, appending)
	}
	switch {
	case v.attrs&Indexed != 0:
		return s.setIndexVar(name, v, 0, val, appending)
	case v.attrs&Assoc != 0:
		return s.setKeyVar(name, v, "0", val, appending)
	}
	nv, err := s.convert(v, val, v.str, appending)
	if err != nil {
		return err
	}
	v.str, v.set = nv, true
	if s.AllExport {
		v.attrs |= Export
	}
	s.changed(name, v)
	return nil
}

func (s *Store) setElemBySubscript(name, sub, val string, appending bool) error {
	v := s.Get(name)
	if v != nil && v.attrs&Assoc != 0 {
		return s.SetKey(name, sub, val, appending)
	}
	n := int64(0)
	if s.hooks.Arith != nil {
		var err error
		if n, err = s.hooks.Arith(sub); err != nil {
			return err
		}
	}
	return s.SetIndex(name, n, val, appending)
}

// SetIndex implements name[i]=val (or +=). A scalar becomes an array whose
// element 0 is its old value; negative indices count back from the end.
func (s *Store) SetIndex(name string, i int64, val string, appending bool) error {
	name, sub, v, err := s.lookupForWrite(name)
	if err != nil {
		return err
	}
	if v == nil {
		return s.setElemBySubscript(name, sub, val, appending)
	}
	if v.attrs&Assoc != 0 {
		return s.setKeyVar(name, v, fmt.Sprint(i), val, appending)
	}
	return s.setIndexVar(name, v, i, val, appending)
}

func (s *Store) toIndexed(v *Var) {
	if v.attrs&Indexed != 0 {
		if v.arr == nil {
			v.arr = &Array{}
		}
		return
	}
	v.arr = &Array{}
	if v.set {
		v.arr.Set(0, v.str)
	}
	v.str = ""
	v.attrs |= Indexed
}

func (s *Store) setIndexVar(name string, v *Var, i int64, val string, appending bool) error {
	s.toIndexed(v)
	i, ok := v.arr.Abs(i)
	if !ok {
		return errf("%s[%d]: bad array subscript", name, i-v.arr.Max()-1)
	}
	old, _ := v.arr.Get(i)
	nv, err := s.convert(v, val, old, appending)
	if err != nil {
		return err
	}
	v.arr.Set(i, nv)
	v.set = true
	if s.AllExport {
		v.attrs |= Export
	}
	s.changed(name, v)
	return nil
}

// SetKey implements name[key]=val on an associative array.
func (s *Store) SetKey(name, key, val string, appending bool) error {
	name, sub, v, err := s.lookupForWrite(name)
	if err != nil {
		return err
	}
	if v == nil {
		return s.setElemBySubscript(name, sub, val, appending)
	}
	if v.attrs&Assoc == 0 {
		return errf("%s: not an associative array", name)
	}
	return s.setKeyVar(name, v, key, val, appending)
}

func (s *Store) setKeyVar(name string, v *Var, key, val string, appending bool) error {
	if v.m == nil {
		v.m = NewMap()
	}
	old, _ := v.m.Get(key)
	nv, err := s.convert(v, val, old, appending)
	if err != nil {
		return err
	}
	v.m.Set(key, nv)
	v.set = true
	s.changed(name, v)
	return nil
}

// Elem is one element of a compound assignment a=(...).
type Elem struct {
	Key    string // subscript text as given ([k]=v); for indexed arrays, already evaluated
	HasKey bool
	Index  int64 // evaluated subscript for indexed arrays
	Value  string
	Append bool // [k]+=v
}

// AssignList implements name=(elems) and name+=(elems).
func (s *Store) AssignList(name string, elems []Elem, appending bool) error {
	name, _, v, err := s.lookupForWrite(name)
	if err != nil {
		return err
	}
	if v == nil {
		return errf("%s: cannot assign list to array member", name)
	}
	if v.attrs&Assoc != 0 {
		if !appending || v.m == nil {
			v.m = NewMap()
		}
		for _, e := range elems {
			old, _ := v.m.Get(e.Key)
			nv, err := s.convert(v, e.Value, old, e.Append)
			if err != nil {
				return err
			}
			v.m.Set(e.Key, nv)
		}
		v.set = true
		s.changed(name, v)
		return nil
	}
	if !appending || v.attrs&Indexed == 0 {
		if appending && v.set {
			s.toIndexed(v)
		} else {
			v.attrs |= Indexed
			v.arr = &Array{}
			v.str = ""
		}
	}
	next := v.arr.Max() + 1
	for _, e := range elems {
		i := next
		if e.HasKey {
			var ok bool
			if i, ok = v.arr.Abs(e.Index); !ok {
				return errf("%s[%d]: bad array subscript", name, e.Index)
			}
		}
		old, _ := v.arr.Get(i)
		nv, err := s.convert(v, e.Value, old, e.Append)
		if err != nil {
			return err
		}
		v.arr.Set(i, nv)
		next = i + 1
	}
	v.set = true
	if s.AllExport {
		v.attrs |= Export
	}
	s.changed(name, v)
	return nil
}

// Unset removes name (following a nameref unless raw). A local variable
// stays declared in its scope but loses its value, as in bash.
func (s *Store) Unset(name string, raw bool) error {
	if !raw {
		name = s.Resolve(name)
		if i := strings.IndexByte(name, '['); i > 0 && strings.HasSuffix(name, "]") {
			return s.unsetSub(name[:i], name[i+1:len(name)-1])
		}
	}
	v := s.m[name]
	if v == nil {
		return nil
	}
	if v.attrs&ReadOnly != 0 {
		return errf("%s: cannot unset: readonly variable", name)
	}
	if v.level > 0 && v.level == len(s.frames) {
		n := &Var{level: v.level, owner: s.id}
		s.ownMap()
		s.m[name] = n
		s.changed(name, nil)
		return nil
	}
	s.ownMap()
	delete(s.m, name)
	s.changed(name, nil)
	return nil
}

func (s *Store) unsetSub(name, sub string) error {
	v := s.Get(name)
	if v == nil {
		return nil
	}
	if v.attrs&Assoc != 0 {
		return s.UnsetKey(name, sub)
	}
	n := int64(0)
	if s.hooks.Arith != nil {
		var err error
		if n, err = s.hooks.Arith(sub); err != nil {
			return err
		}
	}
	return s.UnsetIndex(name, n)
}

// UnsetIndex implements unset 'a[i]'.
func (s *Store) UnsetIndex(name string, i int64) error {
	name = s.Resolve(name)
	v := s.m[name]
	if v == nil {
		return nil
	}
	if v.attrs&ReadOnly != 0 {
		return errf("%s: cannot unset: readonly variable", name)
	}
	v = s.own(name, v)
	switch {
	case v.attrs&Indexed != 0:
		i, ok := v.arr.Abs(i)
		if !ok {
			return errf("%s[%d]: bad array subscript", name, i-v.arr.Max()-1)
		}
		v.arr.Unset(i)
	case v.attrs&Assoc != 0:
		v.m.Unset(fmt.Sprint(i))
	case i == 0:
		return s.Unset(name, true)
	}
	s.changed(name, v)
	return nil
}

// UnsetKey implements unset 'm[key]'.
func (s *Store) UnsetKey(name, key string) error {
	name = s.Resolve(name)
	v := s.m[name]
	if v == nil {
		return nil
	}
	if v.attrs&ReadOnly != 0 {
		return errf("%s: cannot unset: readonly variable", name)
	}
	v = s.own(name, v)
	if v.m != nil {
		v.m.Unset(key)
	}
	s.changed(name, v)
	return nil
}

// Declare changes attributes of name, creating it (unset) when missing.
// With global, the global variable is used even inside a function;
// otherwise a missing variable is created local when inside a function and
// local is true (declare/local in a function).
func (s *Store) Declare(name string, set, clear Attr, local, global bool) (*Var, error) {
	if set&NameRef == 0 && clear&NameRef == 0 {
		if r := s.m[name]; r != nil && r.attrs&NameRef != 0 && r.set && r.str != "" {
			name = s.Resolve(name)
			if strings.ContainsRune(name, '[') {
				return nil, errf("%s: not a valid identifier", name)
			}
		}
	}
	var v *Var
	switch {
	case local && !global && len(s.frames) > 0:
		v = s.Local(name)
	case global && len(s.frames) > 0:
		return s.declareGlobal(name, set, clear)
	default:
		v = s.m[name]
		if v == nil {
			v = s.create(name, 0)
		} else {
			v = s.own(name, v)
		}
	}
	return v, s.applyAttrs(name, v, set, clear)
}

func (s *Store) applyAttrs(name string, v *Var, set, clear Attr) error {
	if v.attrs&ReadOnly != 0 && (clear&ReadOnly != 0) {
		return errf("%s: readonly variable", name)
	}
	if v.attrs&ReadOnly != 0 && set&^(ReadOnly|Export) != 0 && set&(Indexed|Assoc) == 0 {
		return errf("%s: readonly variable", name)
	}
	if set&Assoc != 0 && v.attrs&Indexed != 0 {
		return errf("%s: cannot convert indexed to associative array", name)
	}
	if set&Indexed != 0 && v.attrs&Assoc != 0 {
		return errf("%s: cannot convert associative to indexed array", name)
	}
	if set&Indexed != 0 && v.attrs&Indexed == 0 {
		s.toIndexed(v)
	}
	if set&Assoc != 0 && v.attrs&Assoc == 0 {
		m := NewMap()
		if v.set {
			m.Set("0", v.str)
		}
		v.m, v.str = m, ""
		v.attrs |= Assoc
	}
	if set&Lower != 0 {
		v.attrs &^= Upper
	}
	if set&Upper != 0 {
		v.attrs &^= Lower
	}
	v.attrs = (v.attrs | (set &^ (Indexed | Assoc))) &^ clear
	s.changed(name, v)
	s.envValid = false
	return nil
}

func (s *Store) declareGlobal(name string, set, clear Attr) (*Var, error) {
	for _, f := range s.frames {
		for i := range f.saved {
			if f.saved[i].name == name {
				prev := f.saved[i].prev
				if prev == nil {
					prev = &Var{owner: s.id}
				} else if prev.owner != s.id {
					prev = prev.clone()
					prev.owner = s.id
				}
				f.saved[i].prev = prev
				return prev, s.applyAttrs(name, prev, set, clear)
			}
		}
	}
	v := s.m[name]
	if v == nil {
		v = s.create(name, 0)
	} else {
		v = s.own(name, v)
	}
	return v, s.applyAttrs(name, v, set, clear)
}

// SetGlobal assigns the global variable name even when a local shadows it
// (declare -g name=value inside a function).
func (s *Store) SetGlobal(name, val string) error {
	if len(s.frames) == 0 || s.m[name] == nil || s.m[name].level == 0 {
		return s.Set(name, val)
	}
	v, err := s.declareGlobal(name, 0, 0)
	if err != nil {
		return err
	}
	if v.attrs&ReadOnly != 0 {
		return errf("%s: readonly variable", name)
	}
	nv, err := s.convert(v, val, "", false)
	if err != nil {
		return err
	}
	v.str, v.set = nv, true
	return nil
}

// PushFrame enters a function scope.
func (s *Store) PushFrame() { s.frames = append(s.frames, &frame{}) }

// PopFrame leaves a function scope, restoring the variables its locals hid.
func (s *Store) PopFrame() {
	n := len(s.frames)
	if n == 0 {
		return
	}
	f := s.frames[n-1]
	s.frames = s.frames[:n-1]
	for i := len(f.saved) - 1; i >= 0; i-- {
		sv := f.saved[i]
		cur := s.m[sv.name]
		if sv.prev == nil {
			s.ownMap()
			delete(s.m, sv.name)
		} else {
			s.ownMap()
			s.m[sv.name] = sv.prev
		}
		if (cur != nil && cur.attrs&Export != 0) || (sv.prev != nil && sv.prev.attrs&Export != 0) {
			s.envValid = false
		}
		if s.hooks.Watch[sv.name] {
			s.changed(sv.name, sv.prev)
		}
	}
}

// Depth is the number of active function scopes.
func (s *Store) Depth() int { return len(s.frames) }

// Local makes name local to the current function scope and returns it.
// A new local starts unset; like bash, it inherits the export attribute of
// the variable it hides, so `local PATH=...` reaches commands.
func (s *Store) Local(name string) *Var {
	lvl := len(s.frames)
	cur := s.m[name]
	if cur != nil && cur.level == lvl {
		return s.own(name, cur)
	}
	f := s.frames[lvl-1]
	f.saved = append(f.saved, saved{name: name, prev: cur})
	v := &Var{level: lvl, owner: s.id}
	if cur != nil {
		v.attrs |= cur.attrs & (Dynamic | Export)
	}
	s.ownMap()
	s.m[name] = v
	s.envValid = false
	return v
}

// Names returns the names of all variables (set or declared), sorted.
func (s *Store) Names() []string {
	names := make([]string, 0, len(s.m))
	for k := range s.m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// LocalNames returns the variables local to the current function, sorted.
func (s *Store) LocalNames() []string {
	if len(s.frames) == 0 {
		return nil
	}
	var names []string
	for _, sv := range s.frames[len(s.frames)-1].saved {
		names = append(names, sv.name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// Environ returns "NAME=value" for every exported, set scalar (arrays are
// not exported, as in bash). The slice is cached until a change.
func (s *Store) Environ() []string {
	if s.envValid {
		return s.env
	}
	env := make([]string, 0, len(s.m))
	for k, v := range s.m {
		if v.attrs&Export != 0 && v.attrs&(Indexed|Assoc) == 0 {
			if v.attrs&Dynamic != 0 {
				v = s.Get(k)
			}
			if v.set {
				env = append(env, k+"="+v.str)
			}
		}
	}
	slices.Sort(env)
	s.env, s.envValid = env, true
	return env
}

// SetAttrsRaw marks a variable with attributes without any checks; used to
// set up special variables at start-up.
func (s *Store) SetAttrsRaw(name string, a Attr) {
	v := s.m[name]
	if v == nil {
		v = s.create(name, 0)
	}
	v = s.own(name, v)
	v.attrs |= a
	if a&Dynamic != 0 {
		v.set = true
	}
	s.envValid = false
}

// PopAll leaves every function scope (a stopped job's state becoming the
// interactive shell's again).
func (s *Store) PopAll() {
	for len(s.frames) > 0 {
		s.PopFrame()
	}
}
