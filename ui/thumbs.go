package ui

import (
	"context"
	"image"
	"sync"

	"github.com/slidereel/slidereel/internal/lru"
	"github.com/slidereel/slidereel/internal/stamp"
)

// thumbCache decodes thumbnails on a bounded pool of goroutines and keeps
// the most recently used ones, thumbCacheBytes of pixels at most. A file changed on disk
// (size or modification time) is decoded again. Get and every callback run
// on the UI goroutine; the window never waits for a decode. Decodes of
// photos no longer wanted (scrolled out of view, see Want) are dropped
// before they start.
type thumbCache struct {
	load    func(ctx context.Context, path string, maxW, maxH int) (image.Image, error)
	ctx     context.Context
	sem     chan struct{}
	done    *lru.Cache[thumbKey, thumbResult]
	waiting map[thumbKey][]func()

	gate   *startGate // decodes wait for it (nil: none)
	mu     sync.Mutex
	wanted map[string]bool // nil: everything is wanted
}

type thumbKey struct {
	path  string
	w, h  int         // the box the thumbnail fits in, in pixels
	stamp stamp.Stamp // the file's (internal/stamp): an edited photo is new
}

type thumbResult struct {
	img image.Image
	err error
}

// thumbWorkers bounds concurrent decodes (the machine has few cores and
// the preview renderer needs them too).
const thumbWorkers = 2

// thumbCacheBytes bounds the pixels of the thumbnails kept: 48 MiB, about
// 240 thumbnails of 256 px, whatever the number of slides.
const thumbCacheBytes = 48 << 20

func newThumbCache(ctx context.Context, load func(ctx context.Context, path string, maxW, maxH int) (image.Image, error)) *thumbCache {
	return &thumbCache{
		load: load, ctx: ctx, sem: make(chan struct{}, thumbWorkers),
		done: lru.New[thumbKey, thumbResult](thumbCacheBytes, nil), waiting: map[thumbKey][]func(){},
	}
}

// Want says which photos are in view; decodes of others are dropped.
func (c *thumbCache) Want(paths []string) {
	m := make(map[string]bool, len(paths))
	for _, p := range paths {
		m[p] = true
	}
	c.mu.Lock()
	c.wanted = m
	c.mu.Unlock()
}

func (c *thumbCache) isWanted(path string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wanted == nil || c.wanted[path]
}

// Get returns the thumbnail of path fitting size x size pixels if it is
// ready (ok). Otherwise it starts the decode, if not already started, and
// calls ready on the UI goroutine when it is done.
func (c *thumbCache) Get(path string, size int, ready func()) (img image.Image, err error, ok bool) {
	return c.GetFit(path, size, size, ready)
}

// GetFit is Get for a box of w x h pixels: the thumbnail is as large as
// fits in it. A view that shows it in such a box at one pixel per pixel
// makes Fyne copy it to the screen as it is (a thumbnail of another size
// is scaled with Catmull-Rom on the UI goroutine each time its texture is
// made: 1-3 ms per filmstrip cell).
func (c *thumbCache) GetFit(path string, w, h int, ready func()) (img image.Image, err error, ok bool) {
	k := thumbKey{path: path, w: w, h: h}
	if stp, _, err := stamp.Stat(path); err == nil {
		k.stamp = stp
	}
	if r, ok := c.done.Get(k); ok {
		return r.img, r.err, true
	}
	ws, started := c.waiting[k]
	if ready != nil {
		ws = append(ws, ready)
	}
	c.waiting[k] = ws
	if !started && c.load != nil {
		afterFrame(func() { go c.decode(k) })
	}
	return nil, nil, false
}

// Len is the number of thumbnails kept.
func (c *thumbCache) Len() int { return c.done.Len() }

func (c *thumbCache) decode(k thumbKey) {
	if !c.gate.wait(c.ctx) {
		return
	}
	select {
	case c.sem <- struct{}{}:
	case <-c.ctx.Done():
		return
	}
	if !c.isWanted(k.path) {
		<-c.sem
		onUI(func() { delete(c.waiting, k) }) // a later Get starts it again
		return
	}
	img, err := c.load(c.ctx, k.path, k.w, k.h)
	<-c.sem
	if c.ctx.Err() != nil {
		return
	}
	onUI(func() {
		c.put(k, thumbResult{img, err})
		ws := c.waiting[k]
		delete(c.waiting, k)
		for _, f := range ws {
			f()
		}
	})
}

func (c *thumbCache) put(k thumbKey, r thumbResult) {
	c.done.Add(k, r, imageBytes(r.img))
}

// imageBytes is about what img's pixels take in memory (4 bytes a pixel,
// the decoded thumbnails being RGBA or NRGBA); an error costs 1.
func imageBytes(img image.Image) int64 {
	if img == nil {
		return 1
	}
	b := img.Bounds()
	return max(int64(b.Dx())*int64(b.Dy())*4, 1)
}
