package arith

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// fakeEnv is a map-backed Env with bash's rules for the parts the evaluator
// relies on: arrays read as element 0 by bare name, negative indices count
// from the end, a scalar assigned by index becomes an array.
type fakeEnv struct {
	scalars  map[string]string
	indexed  map[string]map[int64]string
	assoc    map[string]map[string]string
	readonly map[string]bool
	nounset  bool
	warnings []string
	checker  bool // implement SetChecker
}

func newEnv() *fakeEnv {
	return &fakeEnv{
		scalars:  map[string]string{},
		indexed:  map[string]map[int64]string{},
		assoc:    map[string]map[string]string{},
		readonly: map[string]bool{},
		checker:  true,
	}
}

// setup applies a test's setup: "x=1; a[2]=3; m{k}=v; declare -A m; readonly x; -u".
func (e *fakeEnv) setup(s string) {
	for _, item := range splitSetup(s) {
		switch {
		case item == "-u":
			e.nounset = true
		case strings.HasPrefix(item, "readonly "):
			e.readonly[item[9:]] = true
		case strings.HasPrefix(item, "declare -A "):
			if e.assoc[item[11:]] == nil {
				e.assoc[item[11:]] = map[string]string{}
			}
		default:
			name, val, _ := strings.Cut(item, "=")
			if i := strings.IndexByte(name, '{'); i > 0 {
				n := name[:i]
				if e.assoc[n] == nil {
					e.assoc[n] = map[string]string{}
				}
				e.assoc[n][name[i+1:len(name)-1]] = val
			} else if i := strings.IndexByte(name, '['); i > 0 {
				n := name[:i]
				idx, _ := strconv.ParseInt(name[i+1:len(name)-1], 10, 64)
				if e.indexed[n] == nil {
					e.indexed[n] = map[int64]string{}
				}
				e.indexed[n][idx] = val
			} else {
				e.scalars[name] = val
			}
		}
	}
}

func splitSetup(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ";") {
		if f = strings.TrimLeft(f, " "); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (e *fakeEnv) Lookup(name string) (string, bool) {
	if a, ok := e.indexed[name]; ok {
		v, ok := a[0]
		return v, ok
	}
	if m, ok := e.assoc[name]; ok {
		v, ok := m["0"]
		return v, ok
	}
	v, ok := e.scalars[name]
	return v, ok
}

func (e *fakeEnv) IsSet(name string) bool {
	if a, ok := e.indexed[name]; ok {
		return len(a) > 0
	}
	if m, ok := e.assoc[name]; ok {
		return len(m) > 0
	}
	_, ok := e.scalars[name]
	return ok
}

func (e *fakeEnv) maxIndex(a map[int64]string) int64 {
	m := int64(-1)
	for k := range a {
		m = max(m, k)
	}
	return m
}

func (e *fakeEnv) LookupIndex(name string, idx int64) (string, bool, error) {
	a, ok := e.indexed[name]
	if !ok {
		if _, isAssoc := e.assoc[name]; isAssoc {
			return "", false, errors.New("fake: LookupIndex on assoc")
		}
		// bash: a scalar is element 0, but has no negative indices.
		if idx < 0 {
			return "", false, fmt.Errorf("%s: %w", name, ErrBadSubscript)
		}
		v, ok := e.scalars[name]
		if idx != 0 {
			return "", false, nil
		}
		return v, ok, nil
	}
	if idx < 0 {
		idx += e.maxIndex(a) + 1
		if idx < 0 {
			return "", false, fmt.Errorf("%s: %w", name, ErrBadSubscript)
		}
	}
	v, ok := a[idx]
	return v, ok, nil
}

func (e *fakeEnv) ResolveIndex(name string, idx int64) (int64, error) {
	a, ok := e.indexed[name]
	if !ok {
		return 0, fmt.Errorf("%s: %w", name, ErrBadSubscript)
	}
	if idx += e.maxIndex(a) + 1; idx < 0 {
		return 0, fmt.Errorf("%s: %w", name, ErrBadSubscript)
	}
	return idx, nil
}

func (e *fakeEnv) LookupKey(name, key string) (string, bool) {
	v, ok := e.assoc[name][key]
	return v, ok
}

func (e *fakeEnv) IsAssoc(name string) bool {
	_, ok := e.assoc[name]
	return ok
}

func (e *fakeEnv) ro(name string) error {
	if e.readonly[name] {
		return fmt.Errorf("%s: readonly variable", name)
	}
	return nil
}

func (e *fakeEnv) Assign(name string, val int64) error {
	if err := e.ro(name); err != nil {
		return err
	}
	s := strconv.FormatInt(val, 10)
	if a, ok := e.indexed[name]; ok {
		a[0] = s
	} else if m, ok := e.assoc[name]; ok {
		m["0"] = s
	} else {
		e.scalars[name] = s
	}
	return nil
}

func (e *fakeEnv) AssignIndex(name string, idx int64, val int64) error {
	if err := e.ro(name); err != nil {
		return err
	}
	a, ok := e.indexed[name]
	if !ok {
		a = map[int64]string{}
		if v, ok := e.scalars[name]; ok {
			a[0] = v
			delete(e.scalars, name)
		}
		e.indexed[name] = a
	}
	if idx < 0 {
		n := idx + e.maxIndex(a) + 1
		if n < 0 {
			return ErrBadSubscript
		}
		idx = n
	}
	a[idx] = strconv.FormatInt(val, 10)
	return nil
}

func (e *fakeEnv) AssignKey(name, key string, val int64) error {
	if err := e.ro(name); err != nil {
		return err
	}
	e.assoc[name][key] = strconv.FormatInt(val, 10)
	return nil
}

func (e *fakeEnv) NoUnset() bool { return e.nounset }

func (e *fakeEnv) Warn(msg string) { e.warnings = append(e.warnings, msg) }

// state renders the variables named in check ("x a[1] m{k}") as
// "x=5 a[1]=unset m{k}=2".
func (e *fakeEnv) state(check string) string {
	var out []string
	for _, ref := range strings.Fields(check) {
		v, ok := "", false
		switch {
		case strings.HasSuffix(ref, "}"):
			i := strings.IndexByte(ref, '{')
			v, ok = e.assoc[ref[:i]][ref[i+1:len(ref)-1]]
		case strings.HasSuffix(ref, "]"):
			i := strings.IndexByte(ref, '[')
			idx, _ := strconv.ParseInt(ref[i+1:len(ref)-1], 10, 64)
			if a, isArr := e.indexed[ref[:i]]; isArr {
				v, ok = a[idx]
			} else if idx == 0 {
				v, ok = e.scalars[ref[:i]]
			}
		default:
			v, ok = e.Lookup(ref)
		}
		if !ok {
			v = "unset"
		}
		out = append(out, ref+"="+v)
	}
	return strings.Join(out, " ")
}

// plainEnv offers only Env, to test what happens without the optional
// interfaces.
type plainEnv struct{ e *fakeEnv }

func (p plainEnv) Lookup(n string) (string, bool) { return p.e.Lookup(n) }
func (p plainEnv) LookupIndex(n string, i int64) (string, bool, error) {
	return p.e.LookupIndex(n, i)
}
func (p plainEnv) LookupKey(n, k string) (string, bool)         { return p.e.LookupKey(n, k) }
func (p plainEnv) IsAssoc(n string) bool                        { return p.e.IsAssoc(n) }
func (p plainEnv) Assign(n string, v int64) error               { return p.e.Assign(n, v) }
func (p plainEnv) AssignIndex(n string, i int64, v int64) error { return p.e.AssignIndex(n, i, v) }
func (p plainEnv) AssignKey(n, k string, v int64) error         { return p.e.AssignKey(n, k, v) }
func (p plainEnv) NoUnset() bool                                { return p.e.NoUnset() }
