package ui

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/slidereel/slidereel/project"
)

const waveHeight = 56

// minViewSeconds is the most the timeline zooms in: this many seconds
// across the strip.
const minViewSeconds = 2.0

// edgeGrab is how close (in units) to a slide boundary a press grabs it.
const edgeGrab = 4

// waveform is the sound strip under the preview, aligned with the
// timeline: the mix's waveform (the music file's until the mix is ready),
// slide boundaries, the selected slides and the playhead. Click or drag to
// seek; drag a slide boundary to change the slide's duration. It shows
// the part of the timeline from frame start at fpp frames per unit: the
// whole show when fit is set, else a zoomed view that scrolls.
type waveform struct {
	widget.BaseWidget
	ed     *Editor
	onSeek func(frame int)
	// onEdge changes slide i's duration by d seconds of timeline (a
	// boundary drag); done ends the drag.
	onEdge func(i int, d float64, done bool)
	// onView tells the zoom controls the view changed.
	onView func()

	raster *canvas.Raster
	head   *canvas.Rectangle
	hover  *canvas.Rectangle
	nums   []*canvas.Text // a pool: only the visible numbers are shown

	tl    *project.Timeline
	sel   []int
	peaks []Peak
	// file peaks cover fileSecs seconds of the music (looped if fileLoop)
	// instead of the whole timeline.
	fileSecs float64
	fileLoop bool
	fromFile bool
	// src, when set, replaces peaks: the waveform at any zoom.
	src   PeakSource
	frame int

	fit   bool
	start float64 // first frame shown
	fpp   float64 // frames per unit

	// boundary drag: the slide whose end moves, and where it started
	edge      int
	edgeFrame int
	overEdge  bool
	dragMode  int // 0 none, 1 scrub, 2 edge
	dragStart float32
}

func newWaveform(ed *Editor, onSeek func(int)) *waveform {
	w := &waveform{ed: ed, onSeek: onSeek, tl: ed.Timeline(), fit: true, edge: -1}
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
	w.clampView()
	w.Refresh()
}

// SetSelection shows the selected slides: only the strip's picture
// changes (a seek selects the slide under the playhead).
func (w *waveform) SetSelection(sel []int) {
	w.sel = sel
	w.raster.Refresh()
}

// frames is the timeline's length (at least 1).
func (w *waveform) frames() float64 {
	if w.tl == nil || w.tl.Frames <= 0 {
		return 1
	}
	return float64(w.tl.Frames)
}

func (w *waveform) width() float64 { return math.Max(1, float64(w.Size().Width)) }

// fitFPP is the scale that shows the whole show; minFPP the closest zoom.
func (w *waveform) fitFPP() float64 { return w.frames() / w.width() }

func (w *waveform) minFPP() float64 {
	fps := float64(project.DefaultFPS)
	if w.tl != nil && w.tl.FPS > 0 {
		fps = float64(w.tl.FPS)
	}
	return math.Min(w.fitFPP(), minViewSeconds*fps/w.width())
}

// clampView keeps the view inside the show and its scale in range.
func (w *waveform) clampView() {
	if w.dragMode == 2 && w.fpp > 0 {
		return // the view stays put under a dragged boundary
	}
	if w.fit {
		w.start, w.fpp = 0, w.fitFPP()
		return
	}
	w.fpp = math.Max(w.minFPP(), math.Min(w.fitFPP(), w.fpp))
	if w.fpp >= w.fitFPP() {
		w.fit = true
		w.start, w.fpp = 0, w.fitFPP()
		return
	}
	w.start = math.Max(0, math.Min(w.frames()-w.fpp*w.width(), w.start))
}

// viewChanged redraws after a zoom or a scroll.
func (w *waveform) viewChanged() {
	w.clampView()
	w.Refresh()
	if w.onView != nil {
		w.onView()
	}
}

// zoomFit shows the whole show.
func (w *waveform) zoomFit() {
	w.fit = true
	w.viewChanged()
}

// zoomBy scales the view by f (< 1 zooms in) keeping the frame under x.
func (w *waveform) zoomBy(f float64, x float32) {
	at := w.frameAtF(x)
	w.fit = false
	w.fpp *= f
	w.clampView()
	if !w.fit {
		w.start = at - float64(x)*w.fpp
	}
	w.viewChanged()
}

// zoomLevel is the zoom as 0 (whole show) .. 1 (closest), on a log scale.
func (w *waveform) zoomLevel() float64 {
	lo, hi := math.Log(w.minFPP()), math.Log(w.fitFPP())
	if hi-lo < 1e-9 {
		return 0
	}
	return (hi - math.Log(w.fpp)) / (hi - lo)
}

// setZoomLevel zooms to level (see zoomLevel) around the playhead.
func (w *waveform) setZoomLevel(level float64) {
	if math.Abs(level-w.zoomLevel()) < 1e-6 {
		return
	}
	lo, hi := math.Log(w.minFPP()), math.Log(w.fitFPP())
	x := w.xOf(w.frame, float32(w.width()))
	if x < 0 || float64(x) > w.width() {
		x = float32(w.width() / 2)
	}
	w.zoomBy(math.Exp(hi-level*(hi-lo))/w.fpp, x)
}

// scrollBy moves the view by dx units.
func (w *waveform) scrollBy(dx float64) {
	if w.fit {
		return
	}
	w.start += dx * w.fpp
	w.viewChanged()
}

// scrollFraction is the view's start as a fraction of the scrollable range.
func (w *waveform) scrollFraction() float64 {
	r := w.frames() - w.fpp*w.width()
	if r <= 0 {
		return 0
	}
	return w.start / r
}

func (w *waveform) setScrollFraction(f float64) {
	r := w.frames() - w.fpp*w.width()
	if w.fit || r <= 0 || math.Abs(f-w.scrollFraction()) < 1e-6 {
		return
	}
	w.start = f * r
	w.viewChanged()
}

// Scrolled zooms around the pointer with Ctrl held, else scrolls the view.
func (w *waveform) Scrolled(ev *fyne.ScrollEvent) {
	d := ev.Scrolled.DY
	if d == 0 {
		d = ev.Scrolled.DX
	}
	if d == 0 {
		return
	}
	if ctrlHeld() {
		f := 1 / 1.25
		if d < 0 {
			f = 1.25
		}
		traced("ctrl+wheel", func() { w.zoomBy(f, ev.Position.X) })()
		return
	}
	step := w.width() / 8
	if d > 0 {
		step = -step
	}
	w.scrollBy(step)
}

// ctrlHeld reports whether Ctrl (Cmd on macOS) is down.
func ctrlHeld() bool {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShortcutDefault != 0
	}
	return false
}

// numberStep is how many slides apart the shown numbers are: 1, 2, 5,
// 10, 20, 50... so that labels about labelW units wide do not overlap.
func numberStep(unitsPerSlide, labelW float64) int {
	for _, base := range []int{1, 10, 100, 1000, 10000} {
		for _, m := range []int{1, 2, 5} {
			if n := base * m; unitsPerSlide*float64(n) >= labelW {
				return n
			}
		}
	}
	return 100000
}

// visibleSpans returns the range [i0, i1) of slides in view.
func (w *waveform) visibleSpans() (int, int) {
	if w.tl == nil {
		return 0, 0
	}
	s := w.tl.Spans
	f0, f1 := w.start, w.start+w.fpp*w.width()
	i0 := sort.Search(len(s), func(i int) bool { return float64(s[i].End) > f0 })
	i1 := sort.Search(len(s), func(i int) bool { return float64(s[i].Start) >= f1 })
	return i0, max(i0, i1)
}

// placeNums shows the numbers of the visible slides, every n-th when they
// are crowded, from a pool of text objects.
func (w *waveform) placeNums() {
	i0, i1 := w.visibleSpans()
	width := float32(w.width())
	used := 0
	if i1 > i0 {
		n := w.labelStep()
		right := float32(-1e9)
		for i := i0; i < i1; i++ {
			if !numbered(i, n) {
				continue
			}
			x := max(0, w.xOf(w.tl.Spans[i].Start, width)) + 3
			if x < right || x > width-8 {
				continue
			}
			t := w.num(used)
			// Only a label whose text changed is drawn again (a refresh
			// costs Fyne a stack trace, and there are dozens of labels).
			if text := fmt.Sprint(i + 1); t.Text != text || !t.Visible() {
				t.Text = text
				t.Show()
				t.Refresh()
			}
			t.Move(fyne.NewPos(x, 1))
			t.Resize(t.MinSize())
			right = x + t.MinSize().Width + 4
			used++
		}
	}
	for _, t := range w.nums[used:] {
		t.Hide()
	}
}

// numbered reports whether slide index i gets a number (and a line) when
// every n-th slide does: slides 1, n, 2n... counted from 1.
func numbered(i, n int) bool { return i == 0 || (i+1)%n == 0 }

// unitsPerSlide is the average width of a slide in the view.
func (w *waveform) unitsPerSlide() float64 {
	if w.tl == nil || len(w.tl.Spans) == 0 || w.fpp <= 0 {
		return 0
	}
	return w.frames() / float64(len(w.tl.Spans)) / w.fpp
}

// labelStep is how many slides apart the numbers are.
func (w *waveform) labelStep() int {
	digits := len(fmt.Sprint(len(w.tl.Spans)))
	return numberStep(w.unitsPerSlide(), float64(digits)*7+8)
}

// lineStep is how many slides apart the boundary lines are: every one
// unless slides are narrower than a few units, then the numbered ones.
func (w *waveform) lineStep() int {
	if w.unitsPerSlide() >= 6 {
		return 1
	}
	return w.labelStep()
}

// num returns the i-th pooled label, creating it if needed.
func (w *waveform) num(i int) *canvas.Text {
	for len(w.nums) <= i {
		t := canvas.NewText("", color.NRGBA{0xa0, 0xa4, 0xb0, 0xff})
		t.TextSize = theme.TextSize() - 3
		w.nums = append(w.nums, t)
	}
	return w.nums[i]
}

// SetFilePeaks shows a music file's waveform laid along the timeline.
func (w *waveform) SetFilePeaks(p []Peak, secs float64, loop bool) {
	w.peaks, w.fileSecs, w.fileLoop, w.fromFile, w.src = p, secs, loop, true, nil
	w.raster.Refresh()
}

// SetMixPeaks shows the mix's waveform (it spans the whole timeline).
func (w *waveform) SetMixPeaks(p []Peak) {
	w.peaks, w.fromFile, w.src = p, false, nil
	w.raster.Refresh()
}

// SetFileSource shows a music file's waveform at every zoom.
func (w *waveform) SetFileSource(src PeakSource, loop bool) {
	w.peaks, w.fileSecs, w.fileLoop, w.fromFile, w.src = nil, src.Seconds(), loop, true, src
	w.raster.Refresh()
}

// SetMixSource shows the mix's waveform at every zoom.
func (w *waveform) SetMixSource(src PeakSource) {
	w.peaks, w.fromFile, w.src = nil, false, src
	w.raster.Refresh()
}

// SetPlayhead moves the playhead to frame; when it leaves a zoomed view
// the view turns the page so the playhead is at its left.
func (w *waveform) SetPlayhead(frame int) {
	w.frame = frame
	if !w.fit {
		x := w.xOf(frame, float32(w.width()))
		if x < 0 || float64(x) >= w.width() {
			w.start = float64(frame) - 0.05*w.width()*w.fpp
			w.viewChanged()
			return
		}
	}
	w.placeHead()
}

// xOf is frame's position in the strip.
func (w *waveform) xOf(frame int, _ float32) float32 {
	if w.fpp <= 0 {
		w.clampView()
	}
	return float32((float64(frame) - w.start) / w.fpp)
}

func (w *waveform) placeHead() {
	s := w.Size()
	w.head.Move(fyne.NewPos(w.xOf(w.frame, s.Width)-1, 0))
	w.head.Resize(fyne.NewSize(2, s.Height))
	w.head.Refresh()
}

func (w *waveform) frameAtF(x float32) float64 {
	if w.fpp <= 0 {
		w.clampView()
	}
	return w.start + float64(x)*w.fpp
}

func (w *waveform) frameAt(x float32) int {
	if w.tl == nil || w.tl.Frames <= 0 {
		return 0
	}
	return max(0, min(w.tl.Frames-1, int(w.frameAtF(x))))
}

// edgeAt returns the slide whose end boundary (the start line of the next
// slide) is within edgeGrab of x, or -1.
func (w *waveform) edgeAt(x float32) int {
	i0, i1 := w.visibleSpans()
	best, bestD := -1, float32(edgeGrab+1)
	for j := max(1, i0); j < min(i1+1, len(w.tl.Spans)); j++ {
		d := w.xOf(w.tl.Spans[j].Start, 0) - x
		if d < 0 {
			d = -d
		}
		if d <= edgeGrab && d < bestD {
			best, bestD = j-1, d
		}
	}
	return best
}

// Tapped seeks to the tapped time.
func (w *waveform) Tapped(ev *fyne.PointEvent) {
	traced("timeline click", func() { w.onSeek(w.frameAt(ev.Position.X)) })()
}

// Dragged scrubs, or moves the boundary grabbed at the start of the drag.
func (w *waveform) Dragged(ev *fyne.DragEvent) {
	if w.dragMode == 0 {
		x0 := ev.Position.X - ev.Dragged.DX
		w.dragMode = 1
		if e := w.edgeAt(x0); e >= 0 && w.onEdge != nil {
			w.dragMode, w.edge, w.edgeFrame = 2, e, w.tl.Spans[e+1].Start
			w.dragStart = x0
		}
	}
	if w.dragMode == 1 {
		w.onSeek(w.frameAt(ev.Position.X))
		return
	}
	d := float64(ev.Position.X-w.dragStart) * w.fpp / float64(w.tl.FPS)
	w.onEdge(w.edge, d, false)
}

// DragEnd ends scrubbing or the boundary drag.
func (w *waveform) DragEnd() {
	edge := w.dragMode == 2
	w.dragMode, w.edge = 0, -1
	if edge {
		w.onEdge(-1, 0, true)
		w.viewChanged()
	}
}

// Cursor shows a resize cursor over a slide boundary.
func (w *waveform) Cursor() desktop.Cursor {
	if w.overEdge || w.dragMode == 2 {
		return desktop.HResizeCursor
	}
	return desktop.DefaultCursor
}

// MouseIn shows the hover line.
func (w *waveform) MouseIn(ev *desktop.MouseEvent) { w.MouseMoved(ev) }

// MouseMoved moves the hover line.
func (w *waveform) MouseMoved(ev *desktop.MouseEvent) {
	w.overEdge = w.onEdge != nil && w.edgeAt(ev.Position.X) >= 0
	w.hover.Move(fyne.NewPos(ev.Position.X, 0))
	w.hover.Resize(fyne.NewSize(1, w.Size().Height))
	w.hover.Show()
	w.hover.Refresh()
}

// MouseOut hides the hover line.
func (w *waveform) MouseOut() { w.hover.Hide() }

// peakAt returns the peak under timeline fraction u (0..1) spanning du.
func (w *waveform) peakAt(u, du float64) (Peak, bool) {
	if w.src != nil {
		return w.sourcePeak(u, du)
	}
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

// sourcePeak is peakAt from the PeakSource: the mix spans the timeline, a
// music file its own length (looped if fileLoop).
func (w *waveform) sourcePeak(u, du float64) (Peak, bool) {
	if w.tl == nil {
		return Peak{}, false
	}
	total := w.tl.Seconds()
	t0, t1 := u*total, (u+du)*total
	if w.fromFile && w.fileLoop && w.fileSecs > 0 {
		t0 = math.Mod(t0, w.fileSecs)
		t1 = t0 + du*total
	}
	p := w.src.Peaks(t0, t1, 1)
	if len(p) == 0 {
		return Peak{}, false
	}
	return p[0], true
}

// Strip colours.
var (
	waveBgA    = color.RGBA{0x1c, 0x1d, 0x22, 0xff}
	waveBgB    = color.RGBA{0x23, 0x25, 0x2b, 0xff}
	waveSelBg  = color.RGBA{0x2a, 0x3f, 0x66, 0xff}
	waveC      = color.RGBA{0x5f, 0xb3, 0xff, 0xff}
	waveSelC   = color.RGBA{0x9f, 0xd4, 0xff, 0xff}
	waveLineC  = color.RGBA{0x70, 0x74, 0x80, 0xff}
	waveTransC = color.RGBA{0x3a, 0x3c, 0x46, 0xff}
)

// owners returns which slide owns each of pw pixel columns (-1: none).
func (w *waveform) owners(pw int, scale float64) []int {
	owner := make([]int, pw)
	for x := range owner {
		owner[x] = -1
	}
	i0, i1 := w.visibleSpans()
	for i := i0; i < i1; i++ {
		s := w.tl.Spans[i]
		x0 := int(float64(w.xOf(s.Start, 0)) * scale)
		x1 := int(float64(w.xOf(s.End, 0)) * scale)
		for x := max(0, x0); x < min(pw, x1); x++ {
			owner[x] = i
		}
	}
	return owner
}

// draw paints the visible part of the strip: alternating slide bands, the
// selection, the waveform and the boundaries.
func (w *waveform) draw(pw, ph int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, pw, ph))
	if w.tl == nil || w.tl.Frames <= 0 || pw <= 0 {
		fillRect(img, 0, pw, 0, ph, waveBgA)
		return img
	}
	scale := float64(pw) / w.width() // pixels per unit
	owner := w.owners(pw, scale)
	selected := map[int]bool{}
	for _, i := range w.sel {
		selected[i] = true
	}
	mid := ph / 2
	total := w.frames()
	bands := w.unitsPerSlide() >= 4
	for x := range pw {
		c, wc := waveBgA, waveC
		if bands && owner[x] >= 0 && owner[x]%2 == 1 {
			c = waveBgB
		}
		if owner[x] >= 0 && selected[owner[x]] {
			c, wc = waveSelBg, waveSelC
		}
		fillRect(img, x, x+1, 0, ph, c)
		f := w.start + float64(x)/scale*w.fpp
		pk, ok := w.peakAt(f/total, w.fpp/scale/total)
		if !ok || f >= total {
			continue
		}
		amp := float64(ph/2 - 3)
		y0 := mid - int(math.Round(float64(pk.Max)*amp))
		y1 := mid - int(math.Round(float64(pk.Min)*amp))
		fillRect(img, x, x+1, min(y0, y1), max(y0, y1)+1, wc)
		img.SetRGBA(x, mid, wc)
	}
	w.drawBoundaries(img, scale)
	if w.tl == nil {
		return img
	}
	drawBeatTicks(img, w.ed.Durations().Beats, w.tl.FPS, func(f float64) int {
		return int(float64(w.xOf(int(math.Round(f)), 0)) * scale)
	})
	return img
}

// drawBoundaries shades transitions and draws slide starts as lines.
func (w *waveform) drawBoundaries(img *image.RGBA, scale float64) {
	ph := img.Rect.Dy()
	i0, i1 := w.visibleSpans()
	step := w.lineStep()
	for i := max(1, i0); i < min(i1+1, len(w.tl.Spans)); i++ {
		if !numbered(i, step) {
			continue
		}
		x0 := int(float64(w.xOf(w.tl.Spans[i].Start, 0)) * scale)
		x1 := int(float64(w.xOf(w.tl.Spans[i-1].End, 0)) * scale)
		if step == 1 {
			fillRect(img, x0, x1, 0, 4, waveTransC)
		}
		fillRect(img, x0, x0+1, 0, ph, waveLineC)
	}
}

// fillRect fills [x0,x1) x [y0,y1), clipped to img.
func fillRect(img *image.RGBA, x0, x1, y0, y1 int, c color.RGBA) {
	r := image.Rect(x0, y0, x1, y1).Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

// CreateRenderer stacks the raster, the hover line and the playhead.
func (w *waveform) CreateRenderer() fyne.WidgetRenderer {
	return &waveRenderer{w: w}
}

type waveRenderer struct{ w *waveform }

func (r *waveRenderer) Layout(s fyne.Size) {
	r.w.clampView()
	r.w.raster.Resize(s)
	r.w.placeHead()
	r.w.placeNums()
	if r.w.onView != nil {
		r.w.onView()
	}
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
