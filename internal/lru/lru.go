// Package lru is Slidereel's one bounded in-memory cache: a map that
// forgets its least recently used entries once the total of their costs
// (bytes, or 1 an entry for a count) exceeds a bound. The thumbnails, the
// decoded sound sources, the waveform summaries and the photos' subjects
// all keep their entries in one; what each adds is how an entry is made
// (once per key, whoever asks) and a key that notices a file changed on
// disk (path, size and modification time).
//
// A Cache is safe for concurrent use. It is a leaf: standard library only.
package lru

import (
	"container/list"
	"sync"
)

// Cache maps keys to values, bounded by the sum of the entries' costs.
// The zero value is not usable; make one with New.
type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	max   int64
	total int64
	ll    *list.List // of *item[K, V], most recently used first
	m     map[K]*list.Element
	// onEvict, if set, is called (without the lock held) with each entry
	// the bound pushes out or Remove takes.
	onEvict func(K, V)
}

type item[K comparable, V any] struct {
	k    K
	v    V
	cost int64
}

// New returns an empty cache that keeps entries while their costs add up
// to at most max. The most recent entry is always kept, even if its cost
// alone is over max. onEvict (nil for none) is called with every entry the
// cache lets go, outside its lock.
func New[K comparable, V any](max int64, onEvict func(K, V)) *Cache[K, V] {
	return &Cache[K, V]{max: max, ll: list.New(), m: map[K]*list.Element{}, onEvict: onEvict}
}

// Get returns the value of k and marks it as just used.
func (c *Cache[K, V]) Get(k K) (v V, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok {
		return v, false
	}
	c.ll.MoveToFront(e)
	return e.Value.(*item[K, V]).v, true
}

// Add stores v under k at the given cost (replacing what k held), as the
// most recently used entry, then lets go of the least recently used ones
// until the costs are within the bound.
func (c *Cache[K, V]) Add(k K, v V, cost int64) {
	c.mu.Lock()
	var gone []*item[K, V]
	if e, ok := c.m[k]; ok {
		old := e.Value.(*item[K, V])
		c.total -= old.cost
		c.ll.Remove(e)
		gone = append(gone, old)
	}
	c.m[k] = c.ll.PushFront(&item[K, V]{k, v, cost})
	c.total += cost
	for c.total > c.max && c.ll.Len() > 1 {
		it := c.ll.Remove(c.ll.Back()).(*item[K, V])
		delete(c.m, it.k)
		c.total -= it.cost
		gone = append(gone, it)
	}
	c.mu.Unlock()
	c.evicted(gone)
}

// Remove lets go of k, if the cache holds it.
func (c *Cache[K, V]) Remove(k K) {
	c.mu.Lock()
	e, ok := c.m[k]
	var gone []*item[K, V]
	if ok {
		it := c.ll.Remove(e).(*item[K, V])
		delete(c.m, k)
		c.total -= it.cost
		gone = append(gone, it)
	}
	c.mu.Unlock()
	c.evicted(gone)
}

func (c *Cache[K, V]) evicted(gone []*item[K, V]) {
	if c.onEvict == nil {
		return
	}
	for _, it := range gone {
		c.onEvict(it.k, it.v)
	}
}

// Len returns the number of entries.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// Cost returns the sum of the entries' costs.
func (c *Cache[K, V]) Cost() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}
