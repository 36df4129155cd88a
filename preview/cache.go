package preview

import (
	"context"
	"sync"

	"github.com/slidereel/slidereel/internal/stamp"
)

// cacheKey names one prepared picture: a source photo at a prepared size,
// or a slide's blurred background at an output size.
type cacheKey struct {
	kind    byte // 's' prepared source, 'b' blurred background
	path    string
	stamp   stamp.Stamp // the file's (see internal/stamp): an edited file is new
	w, h    int
	bg      [3]uint8 // composited behind transparent pixels
	srcW    int      // for 'b': the prepared source it was made from
	srcH    int
	quality Quality
}

type entry struct {
	ready chan struct{}
	f     *frame
	err   error
	used  uint64
}

// cache is a bounded LRU of prepared pictures, by bytes. Builds run once
// per key; concurrent getters wait for the same build. Entries in use by a
// render stay alive through the render's own references even if evicted.
type cache struct {
	mu     sync.Mutex
	m      map[cacheKey]*entry
	budget int64
	used   int64
	clock  uint64
	// bg limits background preparation to one at a time, so prefetching
	// never competes with the encoder for more than one core.
	bg chan struct{}
	// pending holds the keys being prefetched.
	pending map[cacheKey]bool
	// epoch: entries used after it (by the frame being rendered and its
	// prefetches) are never evicted.
	epoch uint64
}

func newCache(budget int64) *cache {
	return &cache{m: map[cacheKey]*entry{}, budget: budget, bg: make(chan struct{}, 1), pending: map[cacheKey]bool{}}
}

// get returns the picture for key, building it in this goroutine if no
// one else is.
func (c *cache) get(ctx context.Context, key cacheKey, build func(context.Context) (*frame, error)) (*frame, error) {
	c.mu.Lock()
	c.clock++
	e, ok := c.m[key]
	if ok {
		e.used = c.clock
		c.mu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err != nil && isCtxErr(e.err) { // the builder was cancelled: retry
			c.drop(key, e)
			return c.get(ctx, key, build)
		}
		return e.f, e.err
	}
	e = &entry{ready: make(chan struct{}), used: c.clock}
	c.m[key] = e
	c.mu.Unlock()

	f, err := build(ctx)
	c.mu.Lock()
	e.f, e.err = f, err
	if f != nil {
		c.used += f.bytes()
	}
	close(e.ready)
	if isCtxErr(err) {
		delete(c.m, key)
	}
	c.evictLocked()
	c.mu.Unlock()
	return f, err
}

func isCtxErr(err error) bool {
	return err == context.Canceled || err == context.DeadlineExceeded
}

func (c *cache) drop(key cacheKey, e *entry) {
	c.mu.Lock()
	if c.m[key] == e {
		delete(c.m, key)
		if e.f != nil {
			c.used -= e.f.bytes()
		}
	}
	c.mu.Unlock()
}

// dropStale drops the finished entries not used since the last newEpoch:
// the export keeps only what the current frame and the next slide need.
func (c *cache) dropStale() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		select {
		case <-e.ready:
		default:
			continue
		}
		if e.used <= c.epoch {
			delete(c.m, k)
			if e.f != nil {
				c.used -= e.f.bytes()
			}
		}
	}
}

// newEpoch protects the entries used from now on from eviction and
// releases the protection of older ones.
func (c *cache) newEpoch() {
	c.mu.Lock()
	c.epoch = c.clock
	c.evictLocked()
	c.mu.Unlock()
}

// evictLocked drops least recently used finished entries over the budget.
func (c *cache) evictLocked() {
	for c.used > c.budget {
		var oldest cacheKey
		var oe *entry
		for k, e := range c.m {
			select {
			case <-e.ready:
			default:
				continue // still building
			}
			if e.used > c.epoch {
				continue // needed now
			}
			if oe == nil || e.used < oe.used {
				oldest, oe = k, e
			}
		}
		if oe == nil {
			return
		}
		delete(c.m, oldest)
		if oe.f != nil {
			c.used -= oe.f.bytes()
		}
	}
}

// stats returns the number of entries and their bytes.
func (c *cache) stats() (n int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m), c.used
}

// touch marks key as used now and reports whether it is cached or being
// built.
func (c *cache) touch(key cacheKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		c.clock++
		e.used = c.clock
		return true
	}
	return c.pending[key]
}

// startPending claims key for a prefetch; false if already claimed.
func (c *cache) startPending(key cacheKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[key] {
		return false
	}
	c.pending[key] = true
	return true
}

func (c *cache) endPending(key cacheKey) {
	c.mu.Lock()
	delete(c.pending, key)
	c.mu.Unlock()
}
