package ui

import (
	"context"
	"image"
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

// maxPreviewWidth caps the preview's render width in pixels (Draft quality
// on a small machine; the export renders full size).
const maxPreviewWidth = 1280

// minFrameInterval throttles screen updates to about 60 per second.
const minFrameInterval = 16 * time.Millisecond

// previewView shows the frame at the playhead. Requests go to one worker
// goroutine through a one-slot mailbox: a new request replaces a waiting
// one, so scrubbing and playback drop frames instead of queueing them.
type previewView struct {
	widget.BaseWidget
	ed   *Editor
	newR func(p *project.Project, tl *project.Timeline) Renderer
	bg   *canvas.Rectangle
	img  *canvas.Image
	msg  *widget.Label // wraps inside the preview
	// onFrame is called on the UI goroutine after each frame is shown.
	onFrame func()
	frame   int
	aspect  float64 // the output aspect the layout was made for

	mu      sync.Mutex
	pending *previewReq
	wake    chan struct{}
	sentGen int
	p       *project.Project
	tl      *project.Timeline

	// lastErr is the last render error shown.
	lastErr error
}

type previewReq struct {
	frame, w, h int
	gen         int
	p           *project.Project
	tl          *project.Timeline
}

func newPreviewView(ctx context.Context, ed *Editor, newR func(*project.Project, *project.Timeline) Renderer) *previewView {
	v := &previewView{ed: ed, newR: newR, wake: make(chan struct{}, 1), sentGen: -1}
	v.bg = canvas.NewRectangle(color.Black)
	v.img = &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleFastest}
	v.msg = widget.NewLabel("")
	v.msg.Alignment = fyne.TextAlignCenter
	v.msg.Wrapping = fyne.TextWrapWord
	v.msg.Importance = widget.LowImportance
	v.ExtendBaseWidget(v)
	if newR != nil {
		go v.work(ctx)
	}
	return v
}

// Frame returns the frame last asked for.
func (v *previewView) Frame() int { return v.frame }

// ShowFrame asks for frame n (clamped to the timeline) at the widget's size.
func (v *previewView) ShowFrame(n int) {
	tl := v.ed.Timeline()
	if n >= tl.Frames {
		n = tl.Frames - 1
	}
	if n < 0 {
		n = 0
	}
	v.frame = n
	if a := v.ed.Project().Output.Aspect(); a != v.aspect {
		v.aspect = a // a new output format: lay the frame out again
		v.Refresh()
	}
	if len(v.ed.Project().Slides) == 0 {
		v.img.Image = nil
		v.img.Refresh()
		v.setMsg("No slides yet: drop photos or folders on the window, or press Ctrl+I")
		if v.onFrame != nil {
			v.onFrame()
		}
		return
	}
	w, h := v.pixelSize()
	if w < 2 || h < 2 {
		return
	}
	if v.sentGen != v.ed.Gen() || v.tl != tl {
		v.sentGen, v.p, v.tl = v.ed.Gen(), v.ed.Project().Clone(), tl
	}
	if v.img.Image == nil && v.lastErr == nil {
		v.setMsg("Rendering…")
	}
	req := &previewReq{frame: n, w: w, h: h, gen: v.sentGen, p: v.p, tl: v.tl}
	v.mu.Lock()
	v.pending = req
	v.mu.Unlock()
	afterFrame(v.kick)
}

// kick wakes the worker for the pending request.
func (v *previewView) kick() {
	select {
	case v.wake <- struct{}{}:
	default:
	}
}

// Redraw renders the current frame again (after an edit or a resize).
func (v *previewView) Redraw() { v.ShowFrame(v.frame) }

func (v *previewView) setMsg(s string) {
	if v.msg.Text != s {
		v.msg.SetText(s)
		v.Refresh()
	}
}

// imageRect is where the frame sits: the output's aspect, centred.
func (v *previewView) imageRect(s fyne.Size) (fyne.Position, fyne.Size) {
	a := float32(v.ed.Project().Output.Aspect())
	w, h := s.Width, s.Width/a
	if h > s.Height {
		h, w = s.Height, s.Height*a
	}
	return fyne.NewPos((s.Width-w)/2, (s.Height-h)/2), fyne.NewSize(w, h)
}

func (v *previewView) pixelSize() (int, int) {
	_, sz := v.imageRect(v.Size())
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		scale = c.Scale()
	}
	w, h := int(sz.Width*scale)&^1, int(sz.Height*scale)&^1
	if w > maxPreviewWidth {
		h = int(float32(h)*maxPreviewWidth/float32(w)) &^ 1
		w = maxPreviewWidth
	}
	return w, h
}

// work is the render loop: only it touches the renderer. Two buffers
// alternate; the UI is handed one only after the other is free again
// (onUIWait), so the painter never reads a buffer being drawn.
func (v *previewView) work(ctx context.Context) {
	var (
		r    Renderer
		gen  = -1
		tl   *project.Timeline
		bufs [2]*image.RGBA
		k    int
		last time.Time
	)
	defer func() {
		if r != nil {
			r.Close()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-v.wake:
		}
		v.mu.Lock()
		req := v.pending
		v.pending = nil
		v.mu.Unlock()
		if req == nil {
			continue
		}
		if d := time.Since(last); d < minFrameInterval {
			time.Sleep(minFrameInterval - d)
		}
		// A new timeline with the same project (the media durations
		// arrived) needs the renderer updated too.
		if req.gen != gen || req.tl != tl || r == nil {
			if r == nil {
				r = v.newR(req.p, req.tl)
			} else {
				r.Update(req.p, req.tl)
			}
			gen, tl = req.gen, req.tl
		}
		b := bufs[k]
		if b == nil || b.Rect.Dx() != req.w || b.Rect.Dy() != req.h {
			b = image.NewRGBA(image.Rect(0, 0, req.w, req.h))
			bufs[k] = b
		}
		err := r.RenderRGBA(ctx, req.frame, b)
		if ctx.Err() != nil {
			return
		}
		last = time.Now()
		onUIWait(func() { v.show(b, err) })
		k ^= 1
	}
}

// show puts a rendered frame (or the render error) on screen.
func (v *previewView) show(b *image.RGBA, err error) {
	v.lastErr = err
	if err != nil {
		v.img.Image = nil
		v.setMsg(err.Error())
	} else {
		v.img.Image = b
		v.setMsg("")
		traceFirstFrame()
	}
	if v.onFrame != nil {
		v.onFrame()
	}
	v.img.Refresh()
}

// Resize re-renders at the new size.
func (v *previewView) Resize(s fyne.Size) {
	old := v.Size()
	v.BaseWidget.Resize(s)
	if old != s {
		v.Redraw()
	}
}

// CreateRenderer draws the black stage, the frame and any message.
func (v *previewView) CreateRenderer() fyne.WidgetRenderer {
	return &previewRenderer{v: v}
}

type previewRenderer struct{ v *previewView }

func (r *previewRenderer) Layout(s fyne.Size) {
	v := r.v
	pos, sz := v.imageRect(s)
	v.bg.Move(pos)
	v.bg.Resize(sz)
	v.img.Move(pos)
	v.img.Resize(sz)
	// The message wraps within the stage, centred.
	const margin = 16
	w := max(0, s.Width-2*margin)
	v.msg.Resize(fyne.NewSize(w, v.msg.MinSize().Height))
	h := min(s.Height, v.msg.MinSize().Height)
	v.msg.Move(fyne.NewPos(margin, max(0, s.Height/2-h/2)))
	v.msg.Resize(fyne.NewSize(w, h))
}

func (r *previewRenderer) MinSize() fyne.Size { return fyne.NewSize(320, 180) }

func (r *previewRenderer) Refresh() {
	r.Layout(r.v.Size())
	r.v.bg.Refresh()
	r.v.img.Refresh()
	r.v.msg.Refresh()
}

func (r *previewRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.v.bg, r.v.img, r.v.msg}
}

func (r *previewRenderer) Destroy() {}
