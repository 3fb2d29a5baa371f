package arith

import (
	"strings"
	"sync"
	"sync/atomic"
)

// The cache maps expression text to its compiled form. Loops evaluate the
// same few strings over and over; the shell's goroutines share the cache.
//
// It keeps two generations: lookups try the current map, then the previous
// one (promoting hits); when the current map is full it becomes the previous
// one and the oldest generation is dropped. That bounds memory while keeping
// whatever is still in use, without per-entry bookkeeping.
const (
	cacheGenEntries = 2048     // entries per generation
	cacheGenBytes   = 64 << 10 // text bytes per generation (trees grow with it)
	cacheMaxLen     = 1024     // longer texts are compiled every time
)

var cache struct {
	mu        sync.RWMutex
	cur, prev map[string]*prog
	curBytes  int
}

// recent is a small direct-mapped front for the cache, read without locks
// (no shared counter for the goroutines to fight over): a loop's few
// expressions each usually get a slot of their own.
var recent [64]atomic.Pointer[prog]

func recentSlot(s string) *atomic.Pointer[prog] {
	h := uint(len(s))
	if len(s) > 0 {
		h = h*31 + uint(s[0])
		h = h*31 + uint(s[len(s)-1])
		h = h*31 + uint(s[len(s)/2])
	}
	return &recent[h%uint(len(recent))]
}

func lookupProg(s string) *prog {
	slot := recentSlot(s)
	if p := slot.Load(); p != nil && p.src == s {
		return p
	}
	p := lookupShared(s)
	if len(s) <= cacheMaxLen {
		slot.Store(p)
	}
	return p
}

func lookupShared(s string) *prog {
	cache.mu.RLock()
	p := cache.cur[s]
	cache.mu.RUnlock()
	if p != nil {
		return p
	}
	if len(s) > cacheMaxLen {
		return compile(s)
	}
	cache.mu.RLock()
	p = cache.prev[s]
	cache.mu.RUnlock()
	if p == nil {
		// s may be a slice of a much larger string: keep a copy only.
		p = compile(strings.Clone(s))
	}
	cache.mu.Lock()
	if len(cache.cur) >= cacheGenEntries || cache.curBytes >= cacheGenBytes {
		cache.prev, cache.cur, cache.curBytes = cache.cur, nil, 0
	}
	if cache.cur == nil {
		cache.cur = make(map[string]*prog)
	}
	if _, dup := cache.cur[p.src]; !dup {
		cache.cur[p.src] = p
		cache.curBytes += len(p.src)
	}
	cache.mu.Unlock()
	return p
}

// cacheLen reports how many compiled expressions are kept (for tests).
func cacheLen() int {
	cache.mu.RLock()
	defer cache.mu.RUnlock()
	return len(cache.cur) + len(cache.prev)
}
