package ui

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

const waveHeight = 56

// waveform is the sound strip under the preview, aligned with the
// timeline: the mix's waveform (the music file's until the mix is ready),
// slide boundaries, the selected slides and the playhead. Click or drag to
// seek.
type waveform struct {
	widget.BaseWidget
	ed     *Editor
	onSeek func(frame int)

	raster *canvas.Raster
	head   *canvas.Rectangle
	hover  *canvas.Rectangle
	nums   []*canvas.Text // slide numbers at the span starts

	tl    *project.Timeline
	sel   []int
	peaks []Peak
	// file peaks cover fileSecs seconds of the music (looped if fileLoop)
	// instead of the whole timeline.
	fileSecs float64
	fileLoop bool
	fromFile bool
	frame    int
}

func newWaveform(ed *Editor, onSeek func(int)) *waveform {
	w := &waveform{ed: ed, onSeek: onSeek, tl: ed.Timeline()}
	w.raster = canvas.NewRaster(w.draw)
	w.head = canvas.NewRectangle(color.NRGBA{0xff, 0xd0, 0x40, 0xff})
	w.hover = canvas.NewRectangle(color.NRGBA{0xff, 0xff, 0xff, 0x50})
	w.hover.Hide()
	w.ExtendBaseWidget(w)
	return w
}

// SetTimeline redraws the slide boundaries.
func (w *waveform) SetTimeline(tl *project.Timeline, sel []int) {
	w.tl, w.sel = tl, sel
	for len(w.nums) < len(tl.Spans) {
		t := canvas.NewText("", color.NRGBA{0xa0, 0xa4, 0xb0, 0xff})
		t.TextSize = theme.TextSize() - 3
		w.nums = append(w.nums, t)
	}
	w.nums = w.nums[:len(tl.Spans)]
	for i, t := range w.nums {
		t.Text = fmt.Sprint(i + 1)
	}
	w.Refresh()
}

func (w *waveform) placeNums() {
	width := w.Size().Width
	for i, t := range w.nums {
		if w.tl == nil || i >= len(w.tl.Spans) {
			t.Hide()
			continue
		}
		x := w.xOf(w.tl.Spans[i].Start, width)
		t.Move(fyne.NewPos(x+3, 1))
		t.Resize(t.MinSize())
		t.Show()
		t.Refresh()
	}
}

// SetFilePeaks shows a music file's waveform laid along the timeline.
func (w *waveform) SetFilePeaks(p []Peak, secs float64, loop bool) {
	w.peaks, w.fileSecs, w.fileLoop, w.fromFile = p, secs, loop, true
	w.raster.Refresh()
}

// SetMixPeaks shows the mix's waveform (it spans the whole timeline).
func (w *waveform) SetMixPeaks(p []Peak) {
	w.peaks, w.fromFile = p, false
	w.raster.Refresh()
}

// SetPlayhead moves the playhead to frame.
func (w *waveform) SetPlayhead(frame int) {
	w.frame = frame
	w.placeHead()
}

func (w *waveform) xOf(frame int, width float32) float32 {
	if w.tl == nil || w.tl.Frames <= 0 {
		return 0
	}
	return float32(frame) / float32(w.tl.Frames) * width
}

func (w *waveform) placeHead() {
	s := w.Size()
	w.head.Move(fyne.NewPos(w.xOf(w.frame, s.Width)-1, 0))
	w.head.Resize(fyne.NewSize(2, s.Height))
	w.head.Refresh()
}

func (w *waveform) frameAt(x float32) int {
	if w.tl == nil || w.tl.Frames <= 0 || w.Size().Width <= 0 {
		return 0
	}
	f := int(float64(x) / float64(w.Size().Width) * float64(w.tl.Frames))
	return max(0, min(w.tl.Frames-1, f))
}

// Tapped seeks to the tapped time.
func (w *waveform) Tapped(ev *fyne.PointEvent) { w.onSeek(w.frameAt(ev.Position.X)) }

// Dragged scrubs.
func (w *waveform) Dragged(ev *fyne.DragEvent) { w.onSeek(w.frameAt(ev.Position.X)) }

// DragEnd ends scrubbing.
func (w *waveform) DragEnd() {}

// MouseIn shows the hover line.
func (w *waveform) MouseIn(ev *desktop.MouseEvent) { w.MouseMoved(ev) }

// MouseMoved moves the hover line.
func (w *waveform) MouseMoved(ev *desktop.MouseEvent) {
	w.hover.Move(fyne.NewPos(ev.Position.X, 0))
	w.hover.Resize(fyne.NewSize(1, w.Size().Height))
	w.hover.Show()
	w.hover.Refresh()
}

// MouseOut hides the hover line.
func (w *waveform) MouseOut() { w.hover.Hide() }

// peakAt returns the peak under timeline fraction u (0..1) spanning du.
func (w *waveform) peakAt(u, du float64) (Peak, bool) {
	n := len(w.peaks)
	if n == 0 {
		return Peak{}, false
	}
	if w.fromFile {
		if w.fileSecs <= 0 || w.tl == nil {
			return Peak{}, false
		}
		total := w.tl.Seconds()
		t0, t1 := u*total, (u+du)*total
		if w.fileLoop {
			t0 = math.Mod(t0, w.fileSecs)
			t1 = t0 + du*total
		} else if t0 >= w.fileSecs {
			return Peak{}, true
		}
		u, du = t0/w.fileSecs, (t1-t0)/w.fileSecs
	}
	i0 := int(u * float64(n))
	i1 := int((u + du) * float64(n))
	i0 = max(0, min(n-1, i0))
	i1 = max(i0+1, min(n, i1))
	pk := Peak{Min: 1, Max: -1}
	for _, p := range w.peaks[i0:i1] {
		pk.Min = min(pk.Min, p.Min)
		pk.Max = max(pk.Max, p.Max)
	}
	return pk, true
}

// draw paints the strip: alternating slide bands, the selection, the
// waveform and the boundaries.
func (w *waveform) draw(pw, ph int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, pw, ph))
	bgA := color.RGBA{0x1c, 0x1d, 0x22, 0xff}
	bgB := color.RGBA{0x23, 0x25, 0x2b, 0xff}
	selC := color.RGBA{0x2a, 0x3f, 0x66, 0xff}
	waveC := color.RGBA{0x5f, 0xb3, 0xff, 0xff}
	waveSel := color.RGBA{0x9f, 0xd4, 0xff, 0xff}
	lineC := color.RGBA{0x70, 0x74, 0x80, 0xff}
	transC := color.RGBA{0x3a, 0x3c, 0x46, 0xff}
	tl := w.tl
	frames := 0
	if tl != nil {
		frames = tl.Frames
	}
	// Which slide owns each column.
	owner := make([]int, pw)
	for x := range owner {
		owner[x] = -1
	}
	if frames > 0 {
		for i, s := range tl.Spans {
			x0 := int(float64(s.Start) / float64(frames) * float64(pw))
			x1 := int(float64(s.End) / float64(frames) * float64(pw))
			for x := max(0, x0); x < min(pw, x1); x++ {
				owner[x] = i
			}
		}
	}
	selected := map[int]bool{}
	for _, i := range w.sel {
		selected[i] = true
	}
	mid := ph / 2
	for x := 0; x < pw; x++ {
		c := bgA
		if owner[x] >= 0 && owner[x]%2 == 1 {
			c = bgB
		}
		if owner[x] >= 0 && selected[owner[x]] {
			c = selC
		}
		for y := 0; y < ph; y++ {
			img.SetRGBA(x, y, c)
		}
		if frames == 0 {
			continue
		}
		pk, ok := w.peakAt(float64(x)/float64(pw), 1/float64(pw))
		if !ok {
			continue
		}
		wc := waveC
		if owner[x] >= 0 && selected[owner[x]] {
			wc = waveSel
		}
		amp := float64(ph/2 - 3)
		y0 := mid - int(math.Round(float64(pk.Max)*amp))
		y1 := mid - int(math.Round(float64(pk.Min)*amp))
		if y1 < y0 {
			y0, y1 = y1, y0
		}
		for y := max(0, y0); y <= min(ph-1, y1); y++ {
			img.SetRGBA(x, y, wc)
		}
		img.SetRGBA(x, mid, wc)
	}
	// Transitions as shaded overlaps and slide starts as lines.
	if frames > 0 {
		for i, s := range tl.Spans {
			if i == 0 {
				continue
			}
			prevEnd := tl.Spans[i-1].End
			x0 := int(float64(s.Start) / float64(frames) * float64(pw))
			x1 := int(float64(prevEnd) / float64(frames) * float64(pw))
			for x := max(0, x0); x < min(pw, x1); x++ {
				for y := 0; y < 4; y++ {
					img.SetRGBA(x, y, transC)
				}
			}
			for y := 0; y < ph; y++ {
				if x0 >= 0 && x0 < pw {
					img.SetRGBA(x0, y, lineC)
				}
			}
		}
	}
	drawBeatTicks(img, w.ed.Durations().Beats, tl)
	return img
}

// CreateRenderer stacks the raster, the hover line and the playhead.
func (w *waveform) CreateRenderer() fyne.WidgetRenderer {
	return &waveRenderer{w: w}
}

type waveRenderer struct{ w *waveform }

func (r *waveRenderer) Layout(s fyne.Size) {
	r.w.raster.Resize(s)
	r.w.placeHead()
	r.w.placeNums()
}

func (r *waveRenderer) MinSize() fyne.Size { return fyne.NewSize(100, waveHeight) }

func (r *waveRenderer) Refresh() {
	r.w.raster.Refresh()
	r.w.placeHead()
	r.w.placeNums()
}

func (r *waveRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.w.raster}
	for _, t := range r.w.nums {
		objs = append(objs, t)
	}
	return append(objs, r.w.hover, r.w.head)
}

func (r *waveRenderer) Destroy() {}
