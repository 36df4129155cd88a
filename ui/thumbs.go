package ui

import (
	"context"
	"image"
)

// thumbCache decodes thumbnails on a bounded pool of goroutines and keeps
// them. Get and every callback run on the UI goroutine; the window never
// waits for a decode.
type thumbCache struct {
	load    func(ctx context.Context, path string, maxW, maxH int) (image.Image, error)
	ctx     context.Context
	sem     chan struct{}
	done    map[thumbKey]thumbResult
	waiting map[thumbKey][]func()
}

type thumbKey struct {
	path string
	size int
}

type thumbResult struct {
	img image.Image
	err error
}

// thumbWorkers bounds concurrent decodes (the machine has few cores and
// the preview renderer needs them too).
const thumbWorkers = 2

func newThumbCache(ctx context.Context, load func(ctx context.Context, path string, maxW, maxH int) (image.Image, error)) *thumbCache {
	return &thumbCache{
		load: load, ctx: ctx, sem: make(chan struct{}, thumbWorkers),
		done: map[thumbKey]thumbResult{}, waiting: map[thumbKey][]func(){},
	}
}

// Get returns the thumbnail of path fitting size x size pixels if it is
// ready (ok). Otherwise it starts the decode, if not already started, and
// calls ready on the UI goroutine when it is done.
func (c *thumbCache) Get(path string, size int, ready func()) (img image.Image, err error, ok bool) {
	k := thumbKey{path, size}
	if r, ok := c.done[k]; ok {
		return r.img, r.err, true
	}
	ws, started := c.waiting[k]
	if ready != nil {
		ws = append(ws, ready)
	}
	c.waiting[k] = ws
	if !started && c.load != nil {
		go c.decode(k)
	}
	return nil, nil, false
}

func (c *thumbCache) decode(k thumbKey) {
	select {
	case c.sem <- struct{}{}:
	case <-c.ctx.Done():
		return
	}
	img, err := c.load(c.ctx, k.path, k.size, k.size)
	<-c.sem
	if c.ctx.Err() != nil {
		return
	}
	onUI(func() {
		c.done[k] = thumbResult{img, err}
		ws := c.waiting[k]
		delete(c.waiting, k)
		for _, f := range ws {
			f()
		}
	})
}
