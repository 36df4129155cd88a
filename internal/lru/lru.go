// Package lru is Slidereel's one bounded in-memory cache: a map that
// forgets its least recently used entries once the total of their costs
// (bytes, or 1 an entry for a count) exceeds a bound. The thumbnails, the
// decoded sound sources, the waveform summaries and the photos' subjects
// all keep their entries in one. Load makes a missing entry once per key,
// however many ask at the same time; what each user adds is how an entry
// is made and a key that notices a file changed on disk (its path and
// internal/stamp's Stamp).
//
// A Cache is safe for concurrent use. It is a leaf: standard library only.
package lru

import (
	"container/list"
	"context"
	"errors"
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
	loading map[K]*loading[V] // fills in progress (Load)
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
	gone := c.addLocked(k, v, cost)
	c.mu.Unlock()
	c.evicted(gone)
}

// addLocked is Add with c.mu held; it returns the entries let go.
func (c *Cache[K, V]) addLocked(k K, v V, cost int64) (gone []*item[K, V]) {
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
	return gone
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

// loading is a fill in progress: callers asking for the same key meanwhile
// wait for it.
type loading[V any] struct {
	done chan struct{}
	v    V
	err  error
}

// Load returns the value of k, calling fill to make it (with its cost)
// when the cache does not hold it. Concurrent Loads of one key call fill
// once and share its result; an error is returned to them but not kept.
// If the fill was cancelled by its caller's ctx, a waiting caller whose
// own ctx is still live fills again.
func (c *Cache[K, V]) Load(ctx context.Context, k K, fill func(context.Context) (V, int64, error)) (V, error) {
	var zero V
	c.mu.Lock()
	for {
		if e, ok := c.m[k]; ok {
			c.ll.MoveToFront(e)
			c.mu.Unlock()
			return e.Value.(*item[K, V]).v, nil
		}
		l, ok := c.loading[k]
		if !ok {
			break
		}
		c.mu.Unlock()
		select {
		case <-l.done:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		if l.err == nil || !isCancel(l.err) {
			return l.v, l.err
		}
		c.mu.Lock() // another caller's fill was cancelled, not ours
	}
	if c.loading == nil {
		c.loading = map[K]*loading[V]{}
	}
	l := &loading[V]{done: make(chan struct{})}
	c.loading[k] = l
	c.mu.Unlock()

	v, cost, err := fill(ctx)
	l.v, l.err = v, err
	c.mu.Lock()
	delete(c.loading, k)
	var gone []*item[K, V]
	if err == nil {
		gone = c.addLocked(k, v, cost)
	}
	c.mu.Unlock()
	close(l.done)
	c.evicted(gone)
	return v, err
}

func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
