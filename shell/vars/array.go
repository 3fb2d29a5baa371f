package vars

import (
	"slices"
	"sort"
)

// Array is a sparse indexed array. Indices are kept sorted so that
// "${a[@]}" walks them in order; the common dense case appends at the end.
type Array struct {
	idx []int64
	val []string
}

// NewArray returns a dense array holding vals at indices 0..n-1.
func NewArray(vals []string) *Array {
	a := &Array{idx: make([]int64, len(vals)), val: slices.Clone(vals)}
	for i := range vals {
		a.idx[i] = int64(i)
	}
	return a
}

func (a *Array) clone() *Array {
	if a == nil {
		return nil
	}
	return &Array{idx: slices.Clone(a.idx), val: slices.Clone(a.val)}
}

// Len is the number of set elements.
func (a *Array) Len() int {
	if a == nil {
		return 0
	}
	return len(a.idx)
}

func (a *Array) find(i int64) (int, bool) {
	n := len(a.idx)
	if n > 0 && a.idx[n-1] == i { // fast path: last element
		return n - 1, true
	}
	if n == 0 || a.idx[n-1] < i {
		return n, false
	}
	p := sort.Search(n, func(k int) bool { return a.idx[k] >= i })
	return p, p < n && a.idx[p] == i
}

// Get returns element i.
func (a *Array) Get(i int64) (string, bool) {
	if a == nil {
		return "", false
	}
	if i >= 0 && i < int64(len(a.idx)) && a.idx[i] == i { // dense fast path
		return a.val[i], true
	}
	p, ok := a.find(i)
	if !ok {
		return "", false
	}
	return a.val[p], true
}

// Set stores v at index i.
func (a *Array) Set(i int64, v string) {
	p, ok := a.find(i)
	if ok {
		a.val[p] = v
		return
	}
	a.idx = slices.Insert(a.idx, p, i)
	a.val = slices.Insert(a.val, p, v)
}

// Unset removes element i.
func (a *Array) Unset(i int64) {
	if p, ok := a.find(i); ok {
		a.idx = slices.Delete(a.idx, p, p+1)
		a.val = slices.Delete(a.val, p, p+1)
	}
}

// Max is the highest set index, or -1 for an empty array.
func (a *Array) Max() int64 {
	if a == nil || len(a.idx) == 0 {
		return -1
	}
	return a.idx[len(a.idx)-1]
}

// Abs turns a negative index, which counts back from the end (-1 is the
// last element), into the index it designates; ok is false when that
// falls before the start.
func (a *Array) Abs(i int64) (int64, bool) {
	if i >= 0 {
		return i, true
	}
	i += a.Max() + 1
	return i, i >= 0
}

// Values returns the elements in index order. The slice must not be modified.
func (a *Array) Values() []string {
	if a == nil {
		return nil
	}
	return a.val
}

// Indices returns the set indices in order. The slice must not be modified.
func (a *Array) Indices() []int64 {
	if a == nil {
		return nil
	}
	return a.idx
}

// From returns the elements whose index is >= start, in order (for ${a[@]:n}).
func (a *Array) From(start int64) []string {
	if a == nil {
		return nil
	}
	p := sort.Search(len(a.idx), func(k int) bool { return a.idx[k] >= start })
	return a.val[p:]
}

// Map is an associative array that remembers insertion order, so that
// "${!m[@]}" is stable (bash's order is its hash table's; see README).
type Map struct {
	keys []string
	vals map[string]string
}

// NewMap returns an empty associative array.
func NewMap() *Map { return &Map{vals: map[string]string{}} }

func (m *Map) clone() *Map {
	if m == nil {
		return nil
	}
	n := &Map{keys: slices.Clone(m.keys), vals: make(map[string]string, len(m.vals))}
	for k, v := range m.vals {
		n.vals[k] = v
	}
	return n
}

// Len is the number of keys.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.keys)
}

// Get returns the value for key k.
func (m *Map) Get(k string) (string, bool) {
	if m == nil {
		return "", false
	}
	v, ok := m.vals[k]
	return v, ok
}

// Set stores v under k.
func (m *Map) Set(k, v string) {
	if _, ok := m.vals[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.vals[k] = v
}

// Unset removes k.
func (m *Map) Unset(k string) {
	if _, ok := m.vals[k]; !ok {
		return
	}
	delete(m.vals, k)
	if i := slices.Index(m.keys, k); i >= 0 {
		m.keys = slices.Delete(m.keys, i, i+1)
	}
}

// Keys returns the keys in insertion order. The slice must not be modified.
func (m *Map) Keys() []string {
	if m == nil {
		return nil
	}
	return m.keys
}

// Values returns the values in key order.
func (m *Map) Values() []string {
	if m == nil {
		return nil
	}
	out := make([]string, len(m.keys))
	for i, k := range m.keys {
		out[i] = m.vals[k]
	}
	return out
}
