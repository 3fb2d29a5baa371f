package shell

import "sync"

// cache is a bounded memo shared by all shell states (compiled patterns,
// brace expansions, alias re-parses). Keys can come from data (patterns
// in variables) or from code parsed again and again (eval in a loop), so
// the map is emptied when it grows past its limit rather than growing for
// as long as the shell runs.
type cache[K comparable, V any] struct {
	mu  sync.Mutex
	m   map[K]V
	max int
}

func newCache[K comparable, V any](max int) *cache[K, V] {
	return &cache[K, V]{m: make(map[K]V), max: max}
}

func (c *cache[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	return v, ok
}

func (c *cache[K, V]) put(k K, v V) {
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[k] = v
	c.mu.Unlock()
}
