package ui

import (
	"context"
	"image"
	"path/filepath"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
)

// A long show's filmstrip holds only the cells in view, loads only their
// thumbnails, moves one thumbnail per wheel notch and follows the current
// slide.
func TestFilmstripIsVirtualised(t *testing.T) {
	svc := fakeServices(&fakeRenderer{})
	var mu sync.Mutex
	loaded := map[string]bool{}
	thumb := svc.Thumbnail
	svc.Thumbnail = func(ctx context.Context, path string, w, h int) (image.Image, error) {
		mu.Lock()
		loaded[filepath.Base(path)] = true
		mu.Unlock()
		return thumb(ctx, path, w, h)
	}
	w := newTestWindow(t, svc)
	// 300 distinct files, so loads are counted per slide.
	dropPhotos(w, writeManyPhotos(t, 300)...)
	strip := w.strip
	width := strip.view.Size().Width
	if width < 500 {
		t.Fatalf("the strip is %.0f wide", width)
	}
	inView := int(width/cellPitch) + 2
	if len(strip.cells) > inView {
		t.Fatalf("%d cells exist for about %d in view", len(strip.cells), inView)
	}
	pump(t, "thumbnails in view", func() bool {
		c := strip.cell(0)
		return c != nil && c.img.Image != nil
	})
	drain()
	mu.Lock()
	n := len(loaded)
	mu.Unlock()
	if n > inView+thumbWorkers {
		t.Fatalf("%d thumbnails loaded for about %d in view", n, inView)
	}

	// One wheel notch: one thumbnail.
	strip.view.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -10}})
	if strip.off != cellPitch {
		t.Fatalf("a notch scrolled %.0f units", strip.off)
	}
	if strip.cell(0) != nil || strip.cell(1) == nil {
		t.Fatal("after a notch slide 1 is still shown or slide 2 is not")
	}

	// End: the strip follows to the last slide.
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if strip.cell(299) == nil {
		t.Fatalf("End: the last slide is not in view (offset %.0f)", strip.off)
	}
	if len(strip.cells) > inView {
		t.Fatalf("%d cells after scrolling", len(strip.cells))
	}

	// Compact mode fits more slides in the same width.
	strip.SetCompact(true)
	if strip.cell(299) == nil {
		t.Fatalf("compact: the current slide left the view: off %.0f cur %d cells %d max %.0f", strip.off, w.ed.Current(), len(strip.cells), strip.maxOff())
	}
	vis := 0
	for _, c := range strip.cells {
		if c.index >= 0 {
			vis++
		}
	}
	if vis < int((width-addW)/compactGeom.pitch()) {
		t.Fatalf("compact shows %d slides", vis)
	}
}

// writeManyPhotos makes n tiny distinct PNGs.
func writeManyPhotos(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	for len(out) < n {
		dir := t.TempDir()
		out = append(out, writePhotos(t, dir, min(26, n-len(out)))...)
	}
	return out
}
